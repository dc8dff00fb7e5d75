/**
 * The shape language of the fact registry: what every derived fact holds, as plain data, so the
 * static policy check can type every path (`deliverable.retention.requiredUntil`: an instant or
 * null), the builders can offer a `FactPath` string-literal type, and a property test can prove
 * the shapes against what the derive functions really produce.
 */
import type { z } from "zod";
import type { PathSegment } from "../core/path.js";
import { FINDING_ROLES } from "../core/vocabulary.js";
import { instantSchema } from "../facts/schema.js";

/** Kinds with no inner structure a path could step into (money, durations and intervals do). */
export type LeafKind =
  | "instant"
  | "money"
  | "number"
  | "integer"
  | "boolean"
  | "string"
  | "duration"
  | "interval"
  /** Anything: a value the registry cannot type statically (no check is made against it). */
  | "unknown";

/**
 * What a string names, when a policy may compare it with a literal: a rule id, a finding key, or
 * a finding role (which some finding rule of the policy must declare).
 */
export type Names = "ruleId" | "findingKey" | "role";

interface ShapeBase {
  /** The value may be `null`. */
  readonly nullable?: boolean;
  /** The key may be absent (input facts only: derived facts use `null`). */
  readonly optional?: boolean;
  /** The string (or each string of the array) names a rule id or a finding key. */
  readonly names?: Names;
}

/** A value without fields of its own (money, durations and intervals have fixed ones). */
export interface LeafShape extends ShapeBase {
  readonly kind: LeafKind;
}
/** One of a fixed set of strings. */
export interface EnumShape<V extends string = string> extends ShapeBase {
  readonly kind: "enum";
  readonly values: readonly V[];
}
/** An object with known fields. */
export interface ObjectShape<
  F extends Readonly<Record<string, Shape>> = Readonly<Record<string, Shape>>,
> extends ShapeBase {
  readonly kind: "object";
  readonly fields: F;
}
/** An array of items of one shape. */
export interface ArrayShape<I extends Shape = Shape> extends ShapeBase {
  readonly kind: "array";
  readonly items: I;
}
/** A string-keyed map (e.g. findings by rule id); `keys` says what the keys name. */
export interface RecordShape<V extends Shape = Shape> extends ShapeBase {
  readonly kind: "record";
  readonly values: V;
  readonly keys?: Names;
}
/** The shape of a value. */
export type Shape = LeafShape | EnumShape | ObjectShape | ArrayShape | RecordShape;
/** Every kind a shape can have. */
export type Kind = Shape["kind"];

/** Builders for shapes: `s.object({ dueAt: s.instant(), … })`. They keep field names as types. */
export const s = {
  instant: () => ({ kind: "instant" }) as const,
  money: () => ({ kind: "money" }) as const,
  number: () => ({ kind: "number" }) as const,
  integer: () => ({ kind: "integer" }) as const,
  boolean: () => ({ kind: "boolean" }) as const,
  string: () => ({ kind: "string" }) as const,
  duration: () => ({ kind: "duration" }) as const,
  interval: () => ({ kind: "interval" }) as const,
  unknown: () => ({ kind: "unknown" }) as const,
  ruleId: () => ({ kind: "string", names: "ruleId" }) as const,
  findingKey: () => ({ kind: "string", names: "findingKey" }) as const,
  /** A finding role of the fixed vocabulary. */
  role: () => ({ kind: "enum", values: FINDING_ROLES, names: "role" }) as const,
  enum: <const V extends string>(values: readonly V[]): EnumShape<V> => ({ kind: "enum", values }),
  object: <const F extends Readonly<Record<string, Shape>>>(fields: F): ObjectShape<F> => ({
    kind: "object",
    fields,
  }),
  array: <const I extends Shape>(items: I): ArrayShape<I> => ({ kind: "array", items }),
  record: <const V extends Shape>(values: V, keys?: Names): RecordShape<V> =>
    keys ? { kind: "record", values, keys } : { kind: "record", values },
  /** The same shape, also `null`. */
  nullable: <const S extends Shape>(shape: S): S & { readonly nullable: true } => ({
    ...shape,
    nullable: true,
  }),
  /** The same shape, a key that may be absent. */
  optional: <const S extends Shape>(shape: S): S & { readonly optional: true } => ({
    ...shape,
    optional: true,
  }),
};

/** The units of a duration, the fields a path may read of one. */
export const DURATION_UNITS = [
  "years",
  "months",
  "weeks",
  "days",
  "hours",
  "minutes",
  "seconds",
] as const;

const MONEY_FIELDS = { amount: s.integer(), currency: s.string() } as const;
const INTERVAL_FIELDS = { start: s.instant(), end: s.instant() } as const;
const DURATION_FIELDS: Readonly<Record<string, Shape>> = Object.fromEntries(
  DURATION_UNITS.map((unit) => [unit, s.optional(s.number())]),
);

/** The fields a path may step into, for shapes that have fixed ones; undefined otherwise. */
export function fieldsOf(shape: Shape): Readonly<Record<string, Shape>> | undefined {
  switch (shape.kind) {
    case "object":
      return shape.fields;
    case "money":
      return MONEY_FIELDS;
    case "interval":
      return INTERVAL_FIELDS;
    case "duration":
      return DURATION_FIELDS;
    default:
      return undefined;
  }
}

/** Where a path stops resolving, and why; or the shape it reaches. */
export type Resolution =
  | {
      ok: true;
      /** The shape reached; `nullable` when any step on the way may be null or absent. */
      shape: Shape;
      /** A nullable step was crossed: the value may be missing. */
      mayBeMissing: boolean;
    }
  | {
      ok: false;
      /** The index of the first segment that does not exist. */
      at: number;
      /** The shape the path had reached before it. */
      parent: Shape;
      /** The names that would have been valid there (for a "did you mean" hint). */
      known: readonly string[];
    };

/**
 * Follows property segments through a shape, as `readPath` follows them through a value.
 *
 * @param shape - The shape at the start of the path.
 * @param segments - Plain property segments (`parsePropertyPath`).
 * @returns The shape reached, or where and why the path leaves the shape.
 */
export function resolveShape(shape: Shape, segments: readonly PathSegment[]): Resolution {
  let current = shape;
  let mayBeMissing = false;
  for (const [index, segment] of segments.entries()) {
    if (current.kind === "unknown")
      return { ok: true, shape: { ...current, nullable: true }, mayBeMissing: true };
    if (current.nullable || current.optional) mayBeMissing = true;
    if (current.kind === "array") {
      // An index reads an item (which may be absent); `length` is an array's own property.
      if (typeof segment === "number") {
        current = current.items;
        mayBeMissing = true;
        continue;
      }
      if (segment === "length") {
        current = s.integer();
        continue;
      }
      return { ok: false, at: index, parent: current, known: ["length"] };
    }
    if (current.kind === "record") {
      if (typeof segment !== "string") return { ok: false, at: index, parent: current, known: [] };
      current = current.values;
      mayBeMissing = true;
      continue;
    }
    const fields = fieldsOf(current);
    const next = typeof segment === "string" && fields ? fields[segment] : undefined;
    if (!next || !Object.hasOwn(fields ?? {}, segment)) {
      return { ok: false, at: index, parent: current, known: fields ? Object.keys(fields) : [] };
    }
    current = next;
  }
  if (current.nullable || current.optional) mayBeMissing = true;
  // A value under a null (or absent) parent reads null: its kind is "X or null", whatever the
  // field itself declares, so the checker allows `null` for it and sees negations that match it.
  return {
    ok: true,
    shape: mayBeMissing && !current.nullable ? { ...current, nullable: true } : current,
    mayBeMissing,
  };
}

/** A shape in words, for issue messages: "an instant or null", "an array of strings". */
export function describeShape(shape: Shape): string {
  const base = ((): string => {
    switch (shape.kind) {
      case "instant":
        return "an instant";
      case "money":
        return "money { amount, currency }";
      case "number":
        return "a number";
      case "integer":
        return "an integer";
      case "boolean":
        return "a boolean";
      case "string":
        return shape.names === "ruleId"
          ? "a rule id"
          : shape.names === "findingKey"
            ? "a finding key"
            : "a string";
      case "enum":
        return `one of ${shape.values.map((value) => `"${value}"`).join(", ")}`;
      case "duration":
        return "a duration";
      case "interval":
        return "an interval { start, end }";
      case "object":
        return "an object";
      case "array":
        return `an array of ${plural(shape.items)}`;
      case "record":
        return "a map of names to values";
      default:
        return "any value";
    }
  })();
  return shape.nullable ? `${base} or null` : base;
}

function plural(shape: Shape): string {
  const word = describeShape({ ...shape, nullable: false } as Shape);
  return word
    .replace(/^an? /, "")
    .replace(/^(\w+)/, "$1s")
    .replace(/^anys value$/, "values");
}

/** One place where a value does not fit its declared shape. */
export interface ShapeMismatch {
  /** The dotted path inside the value. */
  path: string;
  /** The shape declared there. */
  expected: string;
  /** What was found (its JSON, clipped). */
  found: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function leafFits(kind: Kind, value: unknown): boolean {
  switch (kind) {
    case "instant":
      // The facts' own instant schema: what a policy may compare as an instant is what parses.
      return typeof value === "string" && instantSchema.safeParse(value).success;
    case "money":
      return (
        isPlainObject(value) &&
        Number.isSafeInteger(value.amount) &&
        typeof value.currency === "string" &&
        Object.keys(value).length === 2
      );
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return Number.isSafeInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "string":
      return typeof value === "string";
    case "duration":
      return (
        isPlainObject(value) &&
        Object.entries(value).every(
          ([key, amount]) =>
            (DURATION_UNITS as readonly string[]).includes(key) && typeof amount === "number",
        )
      );
    case "interval":
      return (
        isPlainObject(value) && leafFits("instant", value.start) && leafFits("instant", value.end)
      );
    default:
      return true;
  }
}

/**
 * Every place where `value` does not fit `shape` (for the registry's property test: the declared
 * shapes must be exactly what the derive functions produce, no missing or extra field).
 *
 * @param shape - The declared shape.
 * @param value - A value a derive function produced.
 * @param path - The path of `value`, for the report.
 * @returns The mismatches (at most a few per value: the first per branch).
 */
export function shapeMismatches(shape: Shape, value: unknown, path = ""): ShapeMismatch[] {
  const mismatch = (): ShapeMismatch[] => [
    {
      path,
      expected: describeShape(shape),
      found: value === undefined ? "undefined" : JSON.stringify(value).slice(0, 120),
    },
  ];
  if (value === undefined) return shape.optional ? [] : mismatch();
  if (value === null) return shape.nullable || shape.kind === "unknown" ? [] : mismatch();
  switch (shape.kind) {
    case "enum":
      return typeof value === "string" && shape.values.includes(value) ? [] : mismatch();
    case "object": {
      if (!isPlainObject(value)) return mismatch();
      const found: ShapeMismatch[] = [];
      for (const [key, field] of Object.entries(shape.fields))
        found.push(...shapeMismatches(field, value[key], join(path, key)));
      for (const key of Object.keys(value)) {
        if (!Object.hasOwn(shape.fields, key))
          found.push({ path: join(path, key), expected: "no such field", found: "a value" });
      }
      return found;
    }
    case "array":
      if (!Array.isArray(value)) return mismatch();
      return value.flatMap((item, index) => shapeMismatches(shape.items, item, join(path, index)));
    case "record":
      if (!isPlainObject(value)) return mismatch();
      return Object.entries(value).flatMap(([key, item]) =>
        shapeMismatches(shape.values, item, join(path, key)),
      );
    default:
      return leafFits(shape.kind, value) ? [] : mismatch();
  }
}

function join(path: string, key: string | number): string {
  return path ? `${path}.${key}` : String(key);
}

/**
 * The shape of a literal JSON value (a policy parameter), as precise as the value allows: an
 * instant string is an instant, `{ amount, currency }` money, `{ days: 3 }` a duration.
 *
 * @param value - A JSON value.
 * @returns Its shape.
 */
export function shapeOfValue(value: unknown): Shape {
  if (value === null) return { kind: "unknown", nullable: true };
  if (typeof value === "string") return leafFits("instant", value) ? s.instant() : s.string();
  if (typeof value === "number") return Number.isSafeInteger(value) ? s.integer() : s.number();
  if (typeof value === "boolean") return s.boolean();
  if (Array.isArray(value)) {
    const [first] = value;
    if (value.length === 0) return s.array(s.unknown());
    const items = value.map(shapeOfValue);
    const numeric = (kind: Kind | undefined) => (kind === "integer" ? "number" : kind);
    const same = items.every((item) => numeric(item.kind) === numeric(items[0]?.kind));
    return s.array(same && first !== undefined ? widen(items) : s.unknown());
  }
  if (isPlainObject(value)) {
    if (Object.keys(value).length > 0 && leafFits("duration", value)) return s.duration();
    if (leafFits("money", value)) return s.money();
    return s.object(
      Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shapeOfValue(item)])),
    );
  }
  return s.unknown();
}

// Items of one kind: objects keep the first item's fields only when every item has the same ones.
function widen(items: readonly Shape[]): Shape {
  const [first] = items;
  if (!first) return s.unknown();
  if (first.kind === "object") {
    const keys = JSON.stringify(Object.keys(first.fields).sort());
    return items.every(
      (item) => item.kind === "object" && JSON.stringify(Object.keys(item.fields).sort()) === keys,
    )
      ? first
      : s.unknown();
  }
  if (first.kind === "integer" && items.some((item) => item.kind !== "integer")) return s.number();
  return first;
}

/** A zod schema for a parameter a fact family reads. */
export type ParameterSchema = z.ZodType;

// --- FactPath: every path of a shape, as a string-literal type. ---

type Depth = [never, 0, 1, 2, 3, 4, 5, 6, 7, 8];

/** The dotted paths inside a shape (not including the empty path), to a bounded depth. */
export type PathsOf<S, D extends number = 8> = [D] extends [never]
  ? never
  : S extends { readonly kind: "object"; readonly fields: infer F }
    ? {
        [K in keyof F & string]:
          | K
          | `${K}.${PathsOf<F[K], Depth[D]>}`
          // A record's key in brackets: `byRule["mediance.content-missing"]`.
          | (F[K] extends { readonly kind: "record" } ? `${K}[${string}` : never);
      }[keyof F & string]
    : S extends { readonly kind: "money" }
      ? "amount" | "currency"
      : S extends { readonly kind: "interval" }
        ? "start" | "end"
        : S extends { readonly kind: "duration" }
          ? (typeof DURATION_UNITS)[number]
          : S extends { readonly kind: "array" }
            ? "length"
            : S extends { readonly kind: "record" }
              ? string
              : S extends { readonly kind: "unknown" }
                ? string
                : never;

/** `name` and every `name.path` of a map of named shapes. */
export type FactPathsOf<M> = {
  [K in keyof M & string]: K | `${K}.${PathsOf<M[K]>}`;
}[keyof M & string];
