/**
 * Turns zod failures into {@link ValidationError}s: every issue with its dotted path, and a
 * "did you mean" hint for unknown keys, because a typo must never silently change a verdict.
 */
import type { z } from "zod";
import {
  MAX_ISSUES,
  ValidationError,
  type ValidationErrorCode,
  type ValidationIssue,
  type ValidationIssueCode,
} from "./errors.js";

type AnySchema = z.ZodType;

interface SchemaDef {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  getter?: () => AnySchema;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  valueType?: AnySchema;
  options?: AnySchema[];
}

function defOf(schema: AnySchema): SchemaDef {
  return (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
}

function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (let depth = 0; depth < 32; depth++) {
    const def = defOf(current);
    const next = def.innerType ?? (def.type === "pipe" ? def.in : undefined) ?? def.getter?.();
    if (!next) return current;
    current = next;
  }
  return current;
}

/** The object keys a schema accepts at `path`, or none when it is not an object there. */
function keysAt(schema: AnySchema, path: readonly PropertyKey[]): string[] {
  let candidates: AnySchema[] = [schema];
  for (const segment of path) {
    const next: AnySchema[] = [];
    for (const candidate of candidates) next.push(...childrenAt(unwrap(candidate), segment));
    candidates = next;
  }
  const keys = new Set<string>();
  for (const candidate of candidates) {
    for (const option of flattenUnion(unwrap(candidate))) {
      const shape = defOf(option).shape;
      if (shape) for (const key of Object.keys(shape)) keys.add(key);
    }
  }
  return [...keys];
}

function flattenUnion(schema: AnySchema): AnySchema[] {
  const def = defOf(schema);
  return def.options ? def.options.flatMap((option) => flattenUnion(unwrap(option))) : [schema];
}

function childrenAt(schema: AnySchema, segment: PropertyKey): AnySchema[] {
  return flattenUnion(schema).flatMap((option) => {
    const def = defOf(option);
    if (def.shape && typeof segment === "string" && def.shape[segment]) return [def.shape[segment]];
    if (def.element && typeof segment === "number") return [def.element];
    if (def.valueType) return [def.valueType];
    return [];
  });
}

/**
 * Edit distance between two short strings (keys), counting a swap of neighbours as one edit
 * (optimal string alignment), for the "did you mean" hint.
 */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      const row = rows[i];
      if (row) row[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** Keys longer than this get no "did you mean" hint. */
const MAX_HINTED_KEY = 64;

/**
 * The known key closest to `unknown`, when one is close enough to be a likely typo.
 *
 * @param unknown - The key that was given.
 * @param known - The keys that are accepted at that place.
 * @returns The suggestion, or `undefined`.
 */
export function closestKey(unknown: string, known: readonly string[]): string | undefined {
  // The edit distance is quadratic: hint only for key-sized strings (a typo is short).
  if (unknown.length > MAX_HINTED_KEY) return undefined;
  let best: { key: string; distance: number } | undefined;
  for (const key of known) {
    if (key.length > MAX_HINTED_KEY) continue;
    const distance =
      key.toLowerCase() === unknown.toLowerCase()
        ? 0
        : editDistance(unknown.toLowerCase(), key.toLowerCase());
    if (!best || distance < best.distance) best = { key, distance };
  }
  const limit = Math.max(2, Math.floor(unknown.length / 2));
  return best && best.distance <= limit ? best.key : undefined;
}

/** Joins a zod path into the dotted form used in {@link ValidationIssue.path}. */
export function joinPath(path: readonly PropertyKey[]): string {
  return path.map((segment) => String(segment)).join(".");
}

/** The issue code of one zod issue, in this library's vocabulary. */
function codeOf(issue: z.core.$ZodIssue, input: unknown): ValidationIssueCode {
  switch (issue.code) {
    case "invalid_type":
    case "invalid_union":
      return valueAt(input, issue.path) === undefined ? "required" : "invalid_type";
    case "too_big":
      return issue.origin === "string"
        ? "too_long"
        : issue.origin === "array"
          ? "too_many"
          : "too_big";
    case "too_small":
      return "too_small";
    case "invalid_format":
      return "invalid_format";
    case "invalid_value":
      return valueAt(input, issue.path) === undefined ? "required" : "invalid_value";
    case "unrecognized_keys":
      return "unknown_key";
    case "custom": {
      const code = (issue.params as { code?: ValidationIssueCode } | undefined)?.code;
      return code ?? "invalid_format";
    }
    default:
      return "invalid_value";
  }
}

/** The value at a zod path of an input, or `undefined` when the path leads nowhere. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const segment of path) {
    if (typeof current !== "object" || current === null) return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/**
 * Converts zod issues to {@link ValidationIssue}s, one per unknown key, with hints.
 *
 * @param schema - The schema that failed (for the keys it knows).
 * @param error - Its error.
 * @param input - The input it failed on, to tell a missing field from a mistyped one.
 * @returns The issues, each with a code.
 */
export function toValidationIssues(
  schema: AnySchema,
  error: z.ZodError,
  input?: unknown,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      const known = keysAt(schema, issue.path);
      for (const key of issue.keys) {
        const hint = closestKey(key, known);
        issues.push({
          code: "unknown_key",
          path: joinPath([...issue.path, key]),
          message: hint ? `unknown key "${key}"; did you mean "${hint}"?` : `unknown key "${key}"`,
        });
      }
      continue;
    }
    issues.push({ code: codeOf(issue, input), path: joinPath(issue.path), message: issue.message });
  }
  return issues;
}

/** Structural caps checked before any schema recurses into an input. */
export interface PreflightLimits {
  /** The deepest nesting of objects and arrays. */
  readonly maxDepth: number;
  /** The longest array anywhere (per-field caps in the schemas are tighter). */
  readonly maxArrayLength: number;
  /** The longest string anywhere (per-field caps in the schemas are tighter). */
  readonly maxStringLength: number;
  /** The most object keys, array items and values in the whole input. */
  readonly maxNodes: number;
}

/** Keys that could reach an object's prototype; refused in every input. */
const RESERVED_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** The default structural caps (facts, standings, verdicts, options). */
export const DEFAULT_LIMITS: PreflightLimits = {
  maxDepth: 32,
  maxArrayLength: 100_000,
  maxStringLength: 2_000_000,
  maxNodes: 1_000_000,
};

/**
 * Walks an untrusted input once, before any schema, and lists what no schema should have to
 * recurse into: nesting past the cap (cycles included), oversized arrays and strings, too many
 * nodes in all, and reserved keys. Linear in the input, and it stops at the first excess of a
 * kind, so a hostile input costs at most the caps.
 *
 * @param input - The untrusted input.
 * @param limits - The caps to enforce.
 * @returns The issues found (empty when the input is within the caps).
 */
export function preflight(
  input: unknown,
  limits: PreflightLimits = DEFAULT_LIMITS,
): ValidationIssue[] {
  const walk: Walk = { issues: [], nodes: 0, overNodes: false, limits, path: [] };
  visit(walk, input, 0);
  return walk.issues;
}

/** The state of one {@link preflight} walk. */
interface Walk {
  readonly issues: ValidationIssue[];
  nodes: number;
  overNodes: boolean;
  readonly limits: PreflightLimits;
  /** The segments down to the value being visited: one stack, joined only for an issue. */
  readonly path: PropertyKey[];
}

function visit(walk: Walk, value: unknown, depth: number): void {
  const { issues, limits, path } = walk;
  if (issues.length >= MAX_ISSUES || walk.overNodes) return;
  walk.nodes += 1;
  if (walk.nodes > limits.maxNodes) {
    walk.overNodes = true;
    issues.push({
      code: "too_many",
      path: "",
      message: `has more than ${limits.maxNodes} values in all`,
    });
    return;
  }
  if (typeof value === "string") {
    if (value.length > limits.maxStringLength)
      issues.push({
        code: "too_long",
        path: joinPath(path),
        message: `must be at most ${limits.maxStringLength} characters (is ${value.length})`,
      });
    return;
  }
  if (typeof value !== "object" || value === null || value instanceof Date) return;
  if (depth >= limits.maxDepth) {
    issues.push({
      code: "too_deep",
      path: joinPath(path),
      message: `is nested deeper than ${limits.maxDepth} levels`,
    });
    return;
  }
  if (Array.isArray(value)) {
    if (value.length > limits.maxArrayLength) {
      issues.push({
        code: "too_many",
        path: joinPath(path),
        message: `must have at most ${limits.maxArrayLength} items (has ${value.length})`,
      });
      return;
    }
    for (let index = 0; index < value.length; index++) {
      path.push(index);
      visit(walk, value[index], depth + 1);
      path.pop();
    }
    return;
  }
  for (const key of Object.keys(value)) {
    path.push(key);
    if (RESERVED_KEYS.has(key)) {
      issues.push({
        code: "reserved_key",
        path: joinPath(path),
        message: `"${key}" is a reserved key and is never accepted`,
      });
    } else {
      visit(walk, (value as Record<string, unknown>)[key], depth + 1);
    }
    path.pop();
  }
}

/**
 * Parses `input` with `schema`, throwing a {@link ValidationError} that lists every problem.
 *
 * @param schema - The zod schema to apply.
 * @param input - Untrusted input.
 * @param code - The error code to throw with.
 * @param limits - The structural caps checked first, by {@link preflight}.
 * @returns The parsed value.
 */
export function parseWith<S extends AnySchema>(
  schema: S,
  input: unknown,
  code: ValidationErrorCode,
  limits: PreflightLimits = DEFAULT_LIMITS,
): z.output<S> {
  const shapeIssues = preflight(input, limits);
  if (shapeIssues.length > 0) throw new ValidationError(code, shapeIssues);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(code, toValidationIssues(schema, result.error, input));
}
