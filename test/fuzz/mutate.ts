/**
 * A generic mutator of JSON-like trees for the fuzz suites. A mutation is a list of small steps
 * (`{ at, kind, a, b }`: which node, what to do, two numbers that pick the details), so that
 * fast-check can shrink it: fewer steps, smaller numbers, earlier nodes.
 */
import fc from "fast-check";

/** One step of a mutation: `at` picks a node (modulo the node count), `a`/`b` the details. */
export interface Step {
  at: number;
  kind: string;
  a: number;
  b: number;
}

/** A node of the tree being mutated: where it sits, so it can be replaced or dropped. */
export interface NodeRef {
  parent: Record<string, unknown> | unknown[];
  key: string | number;
  path: string;
  depth: number;
}

/** What a domain adds to the generic steps: its own steps, enums and graft material. */
export interface MutationDomain {
  /** Sets of interchangeable strings (enum members): a member is swapped for another. */
  enums: ReadonlyArray<readonly string[]>;
  /** Subtrees by key, from every seed: grafted under the same key elsewhere. */
  grafts: ReadonlyMap<string, readonly unknown[]>;
  /** Domain steps: `kind` → how to apply it to a node. */
  steps: Readonly<Record<string, (node: NodeRef, step: Step, tree: Tree) => void>>;
}

/** The tree under mutation, behind a holder so that the root itself can be replaced. */
export interface Tree {
  holder: { value: unknown };
  nodes(): NodeRef[];
}

const LONG = 20_000;

/** Values no valid input has, made fresh on each use (objects are never shared). */
export const NASTY: ReadonlyArray<() => unknown> = [
  () => Number.NaN,
  () => Number.POSITIVE_INFINITY,
  () => Number.NEGATIVE_INFINITY,
  () => -0,
  () => 0,
  () => -1,
  () => 1e21,
  () => 1e308,
  () => -1e308,
  () => Number.MAX_SAFE_INTEGER,
  () => 2 ** 53 + 2,
  () => 0.5,
  () => Number.MIN_VALUE,
  () => "",
  () => " ",
  () => "x".repeat(LONG),
  () => "#ad ".repeat(LONG / 4),
  () => "\uD800",
  () => "a\uDFFFb",
  () => "\uDBFF\uDBFF",
  () => "🙂",
  () => "\u0000",
  () => "__proto__",
  () => "constructor",
  () => "2026-02-30T00:00:00Z",
  () => "2026-13-01T00:00:00Z",
  () => "2026-03-01T24:00:00Z",
  () => "2026-03-01T23:59:60Z",
  () => "2026-03-01T00:00:00",
  () => "2026-03-01",
  () => "2026-03-01T00:00:00+25:00",
  () => "2026-03-01T00:00:00+14:00",
  () => "2026-03-01T00:00:00-12:00",
  () => "2026-03-01t00:00:00z",
  () => "2026-03-01T00:00:00.123456789Z",
  () => "0000-01-01T00:00:00Z",
  () => "9999-12-31T23:59:59.999Z",
  () => "+275760-09-13T00:00:00Z",
  () => "-271821-04-20T00:00:00Z",
  () => new Date(0),
  () => new Date(8.64e15),
  () => new Date(-8.64e15),
  () => new Date(Number.NaN),
  () => new Date("2026-03-10T00:00:00Z"),
  () => null,
  () => undefined,
  () => true,
  () => false,
  () => [],
  () => ({}),
  () => [[]],
  () => ({ a: 1 }),
  () => ({ days: 1e9 }),
  () => ({ years: 1e9 }),
  () => ({}),
  () => ({ amount: 1, currency: "X!" }),
  () => ({ amount: -1, currency: "USD" }),
  () => ({ amount: 0.5, currency: "USD" }),
  () => Array.from({ length: 2000 }, (_, index) => `id-${index}`),
];

const RESERVED = ["__proto__", "constructor", "prototype"];

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === "object" && value !== null && !(value instanceof Date);
}

/** Sets an own data property, even `__proto__` (plain assignment would set the prototype). */
export function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function get(node: NodeRef): unknown {
  return (node.parent as Record<string | number, unknown>)[node.key];
}

/** Replaces the value at a node. */
export function set(node: NodeRef, value: unknown): void {
  if (Array.isArray(node.parent)) node.parent[node.key as number] = value;
  else defineOwn(node.parent, String(node.key), value);
}

function drop(node: NodeRef): void {
  if (Array.isArray(node.parent)) node.parent.splice(node.key as number, 1);
  else delete node.parent[String(node.key)];
}

/** A tree over a fresh clone of `seed`. Node lists skip cycles and stop at a size. */
export function tree(seed: unknown): Tree {
  const holder = { value: structuredClone(seed) };
  return {
    holder,
    nodes() {
      const nodes: NodeRef[] = [{ parent: holder, key: "value", path: "$", depth: 0 }];
      const seen = new Set<unknown>();
      for (let index = 0; index < nodes.length && nodes.length < 20_000; index++) {
        const node = nodes[index] as NodeRef;
        const value = get(node);
        if (!isContainer(value) || seen.has(value)) continue;
        seen.add(value);
        const keys: Array<string | number> = Array.isArray(value)
          ? value.map((_, i) => i).slice(0, 50)
          : Object.keys(value);
        for (const key of keys)
          nodes.push({ parent: value, key, path: `${node.path}.${key}`, depth: node.depth + 1 });
      }
      return nodes;
    },
  };
}

const pick = <T>(items: readonly T[], n: number): T => items[n % items.length] as T;

/** JSON text of a value, or a marker when it has a cycle. */
function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "undefined";
  } catch {
    return "[cyclic]";
  }
}

/** Turns a value into another type (the classic type confusions). */
function swapType(value: unknown, variant: number): unknown {
  if (typeof value === "string")
    return pick([value.length, Number(value), [value], { value }, value === "true"], variant);
  if (typeof value === "number")
    return pick([String(value), [value], value > 0, { value }], variant);
  if (typeof value === "boolean") return pick([String(value), Number(value), [value]], variant);
  if (Array.isArray(value))
    return pick([{ ...value }, value.length, value[0], jsonText(value)], variant);
  if (isContainer(value))
    return pick([[value], Object.values(value), Object.keys(value), jsonText(value), 1], variant);
  return pick([0, "", [], {}], variant);
}

/** Moves an instant string by `ms`, written with one of a few offsets: valid, and different. */
function shiftInstant(value: string, ms: number, offset: number): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) return undefined;
  const shifted = time + ms;
  if (Math.abs(shifted) > 8e15) return undefined;
  const minutes = pick([0, 540, -240, -300, 330, 765, -600, 60], offset);
  const local = new Date(shifted + minutes * 60_000).toISOString().slice(0, 19);
  if (minutes === 0) return `${local}Z`;
  const sign = minutes > 0 ? "+" : "-";
  const hh = String(Math.floor(Math.abs(minutes) / 60)).padStart(2, "0");
  const mm = String(Math.abs(minutes) % 60).padStart(2, "0");
  return `${local}${sign}${hh}:${mm}`;
}

/** The generic steps, with how often each is drawn. */
const GENERIC: Array<{ weight: number; kind: string }> = [
  { weight: 5, kind: "drop" },
  { weight: 5, kind: "nasty" },
  { weight: 3, kind: "swapType" },
  { weight: 12, kind: "shiftInstant" },
  { weight: 6, kind: "enum" },
  { weight: 10, kind: "graft" },
  { weight: 4, kind: "duplicate" },
  { weight: 1, kind: "many" },
  { weight: 2, kind: "number" },
  { weight: 1, kind: "long" },
  { weight: 1, kind: "cyclic" },
  { weight: 2, kind: "reservedKey" },
  { weight: 2, kind: "unknownKey" },
  { weight: 1, kind: "arrayForObject" },
];

/**
 * Applies one step to a tree. Steps that do not fit the node they land on (an instant shift on
 * a number) do nothing: fast-check then shrinks them away.
 */
export function applyStep(t: Tree, step: Step, domain: MutationDomain): void {
  const nodes = t.nodes();
  const node = pick(nodes, step.at);
  const value = get(node);
  const custom = domain.steps[step.kind];
  if (custom) {
    custom(node, step, t);
    return;
  }
  switch (step.kind) {
    case "drop":
      if (node.path !== "$") drop(node);
      return;
    case "nasty":
      set(node, pick(NASTY, step.a)());
      return;
    case "swapType":
      set(node, swapType(value, step.a));
      return;
    case "shiftInstant": {
      if (typeof value !== "string") return;
      // Mostly hours to weeks, sometimes years: valid instants in a new order.
      const ms = (step.b - 500) * pick([60_000, 3_600_000, 86_400_000, 31_557_600_000], step.a);
      const shifted = shiftInstant(value, ms, step.a >> 2);
      if (shifted) set(node, shifted);
      return;
    }
    case "enum": {
      if (typeof value !== "string") return;
      const members = domain.enums.find((set) => set.includes(value));
      if (members) set(node, pick(members, step.a));
      return;
    }
    case "graft": {
      // Under an object: a key seen in some seed, with one of its values there.
      if (!isContainer(value) || Array.isArray(value)) return;
      const keys = [...domain.grafts.keys()];
      if (keys.length === 0) return;
      const key = pick(keys, step.a);
      const samples = domain.grafts.get(key) ?? [];
      if (samples.length > 0) defineOwn(value, key, structuredClone(pick(samples, step.b)));
      return;
    }
    case "duplicate": {
      if (!Array.isArray(value) || value.length === 0) return;
      const item = pick(value, step.a);
      value.splice(
        step.b % (value.length + 1),
        0,
        isContainer(item) ? structuredClone(item) : item,
      );
      return;
    }
    case "many": {
      // A long list (hundreds of items): cost must stay linear (the complexity test goes further).
      if (!Array.isArray(value) || value.length === 0) return;
      const length = 100 + (step.b % 500);
      const copies = Array.from({ length }, (_, index) => {
        const item = value[index % value.length];
        return isContainer(item) ? structuredClone(item) : item;
      });
      set(node, copies);
      return;
    }
    case "number":
      if (typeof value === "number")
        set(node, pick([value + 1, value - 1, -value, value * 1000, value / 3, 0], step.a));
      return;
    case "long":
      if (typeof value === "string")
        set(node, value.repeat(1 + (step.a % 20_000)).slice(0, 200_000));
      return;
    case "cyclic": {
      if (!isContainer(value) || Array.isArray(value)) return;
      const target = step.a % 2 === 0 ? t.holder.value : value;
      defineOwn(value, pick(["self", "post", "campaign", "rules", "all"], step.b), target);
      return;
    }
    case "reservedKey":
      if (isContainer(value) && !Array.isArray(value))
        defineOwn(value, pick(RESERVED, step.a), pick([{ polluted: true }, 1, "x", null], step.b));
      return;
    case "unknownKey":
      if (isContainer(value) && !Array.isArray(value))
        defineOwn(value, pick(["extra", "dueAT", "Id", "x".repeat(200)], step.a), step.b);
      return;
    case "arrayForObject":
      if (isContainer(value) && !Array.isArray(value)) set(node, [value]);
      else if (Array.isArray(value)) set(node, value[0] ?? {});
      return;
    default:
      return;
  }
}

/** Every key and its values in the seeds, for the graft step. */
export function graftPool(seeds: readonly unknown[]): Map<string, unknown[]> {
  const pool = new Map<string, unknown[]>();
  const visit = (value: unknown, depth: number) => {
    if (!isContainer(value) || depth > 12) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    for (const [key, item] of Object.entries(value)) {
      const samples = pool.get(key) ?? [];
      if (samples.length < 12) samples.push(item);
      pool.set(key, samples);
      visit(item, depth + 1);
    }
  };
  for (const seed of seeds) visit(seed, 0);
  return pool;
}

/**
 * The arbitrary of mutation plans: 1 to `maxSteps` steps over the generic and domain kinds.
 *
 * @param domainKinds - The domain's own step kinds with their weights.
 * @param maxSteps - The most steps in one plan.
 * @returns Plans that shrink to fewer, simpler steps.
 */
export function stepsArbitrary(
  domainKinds: ReadonlyArray<{ weight: number; kind: string }>,
  maxSteps = 4,
): fc.Arbitrary<Step[]> {
  const kinds = [...GENERIC, ...domainKinds];
  const kind = fc.oneof(
    ...kinds.map(({ weight, kind }) => ({ weight, arbitrary: fc.constant(kind) })),
  );
  const step = fc.record({
    at: fc.nat({ max: 100_000 }),
    kind,
    a: fc.nat({ max: 1_000 }),
    b: fc.nat({ max: 1_000 }),
  });
  return fc.array(step, { minLength: 1, maxLength: maxSteps });
}

/**
 * Whether two values hold the same data: own enumerable keys (`__proto__` included), numbers by
 * `Object.is` (so -0 and NaN are themselves), Dates by time (two invalid Dates are equal), and
 * cycles followed once.
 */
export function sameData(a: unknown, b: unknown, seen = new Map<unknown, unknown>()): boolean {
  if (Object.is(a, b)) return true;
  if (a instanceof Date || b instanceof Date)
    return a instanceof Date && b instanceof Date && Object.is(a.getTime(), b.getTime());
  if (!isContainer(a) || !isContainer(b)) return false;
  if (seen.get(a) === b) return true;
  seen.set(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every(
    (key) =>
      Object.hasOwn(b, key) &&
      sameData((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], seen),
  );
}

/** A structured clone of the input, or `undefined` when it cannot be cloned. */
export function snapshot(value: unknown): { value: unknown } | undefined {
  try {
    return { value: structuredClone(value) };
  } catch {
    return undefined;
  }
}

/** A short description of an input for the report: JSON where it can be, clipped. */
export function describe(value: unknown, limit = 2_000): string {
  const seen = new WeakSet<object>();
  let text: string;
  try {
    text = JSON.stringify(value, (_, item: unknown) => {
      if (typeof item === "number" && !Number.isFinite(item)) return String(item);
      if (Object.is(item, -0)) return "-0";
      if (item === undefined) return "undefined";
      if (typeof item === "object" && item !== null) {
        if (seen.has(item)) return "[cyclic]";
        seen.add(item);
      }
      return item;
    });
  } catch (error) {
    text = `(not describable: ${String(error)})`;
  }
  return text.length > limit ? `${text.slice(0, limit)}… (${text.length} chars)` : text;
}
