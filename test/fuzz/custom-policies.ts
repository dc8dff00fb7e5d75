/**
 * Custom policies generated from scratch for the differential test: random finding rules
 * (outcome branches over random fact paths and operators), exception rules and sanction rules
 * (sanctions and actions), with random parameters they reference.
 *
 * The paths and their kinds come from the fact registry (`registryCatalogue`), their values
 * from a sample of the facts json-rules-engine really receives (`sampleFactCatalogue`: every
 * engine run of a few evaluations), so a condition compares a path with a value of its own kind
 * (an instant with an instant, a list with one of its items, an enum with one of its values)
 * and is true about as often as false. A policy is drawn from a tape of
 * choices (0 is always the simplest), so fast-check shrinks a failing policy to a small one.
 */
import fc from "fast-check";
import { Engine } from "json-rules-engine";
import { factShapesFor } from "../../src/derive/registry.js";
import { fieldsOf, type Shape } from "../../src/derive/shape.js";
import {
  all,
  any,
  type Condition,
  type EvaluateOptions,
  evaluate,
  exceptionRule,
  findingRule,
  not,
  type Policy,
  type PolicyRule,
  ref,
  sanctionRule,
  type TopLevelCondition,
  when,
} from "../../src/index.js";
import {
  ACTION_TYPES,
  catalogueParametersSchema,
  FINDING_KINDS,
  FINDING_ROLES,
  SANCTION_TYPES,
} from "../../src/policy-entry.js";
import { approximateMs } from "./standings.js";

/** Where a fact is available: `violations/campaign`, `exceptions/campaign`, `sanctions/deliverable`… */
type Where = string;

/** One fact path of the sample: where it was seen and the distinct values it held. */
export interface SampledPath {
  /** `fact.path`, e.g. `deliverable.retention.requiredUntil`. */
  ref: string;
  where: Set<Where>;
  samples: unknown[];
  /** What the fact registry declares the path holds (absent for a path only sampled). */
  shape?: Shape;
}

/** Every fact path seen in the sampled engine runs. */
export type FactCatalogue = ReadonlyMap<string, SampledPath>;

const MAX_SAMPLES = 8;
const MAX_DEPTH = 4;
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function whereOf(facts: Record<string, unknown>): Where[] {
  const scope = "deliverable" in facts ? "deliverable" : "campaign";
  if ("claim" in facts) return ["exceptions/campaign"];
  if ("findings" in facts) return [`sanctions/${scope}`];
  return [`violations/${scope}`];
}

function record(catalogue: Map<string, SampledPath>, ref: string, where: Where[], value: unknown) {
  let entry = catalogue.get(ref);
  if (!entry) {
    entry = { ref, where: new Set(), samples: [] };
    catalogue.set(ref, entry);
  }
  for (const item of where) entry.where.add(item);
  if (entry.samples.length >= MAX_SAMPLES || value === undefined) return;
  const text = JSON.stringify(value);
  if (text.length > 2_000) return;
  if (!entry.samples.some((sample) => JSON.stringify(sample) === text))
    entry.samples.push(structuredClone(value));
}

function walk(
  catalogue: Map<string, SampledPath>,
  ref: string,
  where: Where[],
  value: unknown,
  depth: number,
) {
  record(catalogue, ref, where, value);
  if (depth >= MAX_DEPTH || !isRecord(value)) return;
  for (const [key, child] of Object.entries(value))
    if (PLAIN_KEY.test(key)) walk(catalogue, `${ref}.${key}`, where, child, depth + 1);
}

/** One evaluation to sample facts from. */
export interface SampleInput {
  facts: unknown;
  policy: unknown;
  options: EvaluateOptions;
}

/**
 * The fact paths json-rules-engine receives in `evaluate`, sampled from real evaluations. The
 * parameters (`params`) are left out: a custom policy has its own.
 *
 * @param inputs - Evaluations whose engine runs are sampled (their verdicts are discarded).
 * @returns Every path seen, with where and the values it held.
 * @example
 * const catalogue = await sampleFactCatalogue(examples.map(toInput));
 */
export async function sampleFactCatalogue(inputs: readonly SampleInput[]): Promise<FactCatalogue> {
  const catalogue = new Map<string, SampledPath>();
  const original = Engine.prototype.run;
  // The engine's own entry point sees every fact of every run, whatever derives it.
  Engine.prototype.run = function (this: Engine, ...args: Parameters<Engine["run"]>) {
    const [facts] = args;
    if (isRecord(facts)) {
      const where = whereOf(facts);
      for (const [name, value] of Object.entries(facts))
        if (name !== "params") walk(catalogue, name, where, value, 0);
    }
    return original.apply(this, args);
  };
  try {
    for (const input of inputs) {
      try {
        await evaluate(input.facts, input.policy, input.options);
      } catch {
        // A refused input contributes nothing.
      }
    }
  } finally {
    Engine.prototype.run = original;
  }
  return catalogue;
}

const WHERE: ReadonlyArray<[Phase, Scope]> = [
  ["violations", "campaign"],
  ["violations", "deliverable"],
  ["exceptions", "campaign"],
  ["sanctions", "campaign"],
  ["sanctions", "deliverable"],
];
type Phase = "violations" | "exceptions" | "sanctions";
type Scope = "campaign" | "deliverable";

/** Values for a path the sample never saw, from its declared shape. */
function valuesOf(shape: Shape, pool: ReadonlyMap<ValueKind, unknown[]>): unknown[] {
  const values = ((): unknown[] => {
    switch (shape.kind) {
      case "enum":
        return [...shape.values];
      case "boolean":
        return [true, false];
      case "number":
      case "integer":
        return [0, 1, 2];
      case "string":
        return ["x"];
      case "instant":
      case "money":
      case "duration":
      case "interval":
        return (pool.get(shape.kind) ?? []).slice(0, MAX_SAMPLES);
      case "array":
        return [valuesOf(shape.items, pool).filter(isScalar).slice(0, 3), []];
      default:
        return [];
    }
  })();
  return shape.nullable ? [...values, null] : values;
}

/**
 * The fact paths of the registry for every phase and scope (objects' fields, money, interval and
 * duration fields, arrays' `length`, down to depth 5), each with its declared shape and the
 * values the sample saw there (or values made from the shape when it saw none).
 *
 * @param sampled - The sampled catalogue ({@link sampleFactCatalogue}).
 * @returns The registry's paths; a path the registry does not declare is left out.
 * @example
 * const catalogue = registryCatalogue(await sampleFactCatalogue(inputs));
 */
export function registryCatalogue(sampled: FactCatalogue): FactCatalogue {
  const pool = new Map<ValueKind, unknown[]>();
  for (const path of sampled.values())
    for (const sample of path.samples) {
      const list = pool.get(kindOf(sample)) ?? [];
      if (list.length < 50) list.push(sample);
      pool.set(kindOf(sample), list);
    }
  const catalogue = new Map<string, SampledPath>();
  const add = (ref: string, shape: Shape, where: Where, depth: number) => {
    let entry = catalogue.get(ref);
    if (!entry) {
      const seen = sampled.get(ref)?.samples ?? [];
      entry = {
        ref,
        where: new Set(),
        samples: seen.length > 0 ? seen : valuesOf(shape, pool),
        shape,
      };
      catalogue.set(ref, entry);
    }
    entry.where.add(where);
    if (depth >= 5) return;
    if (shape.kind === "array") add(`${ref}.length`, { kind: "integer" }, where, depth + 1);
    for (const [key, field] of Object.entries(fieldsOf(shape) ?? {}))
      add(`${ref}.${key}`, field, where, depth + 1);
  };
  for (const [phase, scope] of WHERE)
    for (const [name, shape] of Object.entries(factShapesFor(phase, scope)))
      if (name !== "params") add(name, shape, `${phase}/${scope}`, 0);
  return catalogue;
}

// ---------------------------------------------------------------------------------------------
// Kinds of sampled values

type ValueKind =
  | "instant"
  | "number"
  | "boolean"
  | "string"
  | "null"
  | "scalars"
  | "interval"
  | "money"
  | "duration"
  | "other";

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

const isScalar = (value: unknown) =>
  value === null || ["string", "number", "boolean"].includes(typeof value);

function kindOf(value: unknown): ValueKind {
  if (value === null) return "null";
  if (typeof value === "string") return INSTANT.test(value) ? "instant" : "string";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "boolean";
  if (Array.isArray(value)) return value.every(isScalar) ? "scalars" : "other";
  if (isRecord(value)) {
    if (typeof value.amount === "number" && typeof value.currency === "string") return "money";
    if (typeof value.start === "string" && INSTANT.test(value.start)) return "interval";
    if (approximateMs(value) !== undefined) return "duration";
  }
  return "other";
}

/**
 * A path's kind: that of its first non-null sample (`null` when it was always null); a list is
 * `scalars` only when some sample has items and none has an object in it (an always-empty list
 * may be of objects).
 */
function mainKind(path: SampledPath): ValueKind {
  if (path.shape) return shapeKind(path.shape);
  const lists = path.samples.filter(Array.isArray);
  if (lists.length > 0)
    return lists.some((list) => list.length > 0) && lists.every((list) => list.every(isScalar))
      ? "scalars"
      : "other";
  for (const sample of path.samples) if (sample !== null) return kindOf(sample);
  return "null";
}

const SCALAR_SHAPES = new Set(["string", "number", "integer", "boolean", "enum", "instant"]);

/** The kind a declared shape gives a path (a string naming rule ids or finding keys: `other`). */
function shapeKind(shape: Shape): ValueKind {
  if (shape.names) return "other";
  switch (shape.kind) {
    case "instant":
    case "boolean":
    case "money":
    case "duration":
    case "interval":
      return shape.kind;
    case "number":
    case "integer":
      return "number";
    case "string":
    case "enum":
      return "string";
    case "array":
      return SCALAR_SHAPES.has(shape.items.kind) && !shape.items.names ? "scalars" : "other";
    default:
      return "other";
  }
}

// ---------------------------------------------------------------------------------------------
// The tape

/** Draws choices from a tape; past its end every choice is 0 (the simplest). */
class Tape {
  private index = 0;
  constructor(private readonly tape: readonly number[]) {}
  /** A choice in 0..n-1. */
  int(n: number): number {
    if (n <= 1) return 0;
    const value = this.tape[this.index++] ?? 0;
    return value % n;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  /** True about once in `every` draws (never at the tape's end). */
  chance(every: number): boolean {
    return this.int(every) === every - 1;
  }
}

interface Context {
  tape: Tape;
  /** The paths available to this rule (its phase and scope). */
  paths: SampledPath[];
  byKind: Map<ValueKind, SampledPath[]>;
  parameters: Record<string, unknown>;
  /** Finding rule ids declared so far (for `because.rules`, `findings.*` conditions). */
  findingIds: string[];
  /** Finding kinds declared so far (for `because.kinds`: a kind no rule declares is refused). */
  findingKinds: Array<(typeof FINDING_KINDS)[number]>;
  /** Finding roles declared so far (for `because.roles`: a role no rule declares is refused). */
  findingRoles: Array<(typeof FINDING_ROLES)[number]>;
}

function byKind(paths: SampledPath[]): Map<ValueKind, SampledPath[]> {
  const map = new Map<ValueKind, SampledPath[]>();
  for (const path of paths) {
    const kind = mainKind(path);
    const list = map.get(kind) ?? [];
    list.push(path);
    map.set(kind, list);
  }
  return map;
}

/** A new parameter, named by its index, holding `value`; returns its reference. */
function parameter(context: Context, value: unknown): string {
  const name = `p${Object.keys(context.parameters).length}`;
  context.parameters[name] = value;
  return `params.${name}`;
}

const DURATIONS: ReadonlyArray<Record<string, number>> = [
  { days: 1 },
  { hours: 1 },
  { days: 3 },
  { hours: 48 },
  { minutes: 90 },
  { days: 7 },
  { weeks: 2 },
  { days: 30 },
  { days: 1, hours: 12 },
  { hours: 0 },
];

/** A value of each kind for a path whose samples hold none of it (it was always null). */
const FALLBACK: Partial<Record<ValueKind, unknown>> = {
  instant: "2026-03-01T00:00:00.000Z",
  number: 1,
  string: "x",
  boolean: true,
};

function sampleOf(context: Context, path: SampledPath, kind?: ValueKind): unknown {
  const candidates = kind ? path.samples.filter((sample) => kindOf(sample) === kind) : path.samples;
  if (candidates.length > 0) return context.tape.pick(candidates);
  return kind ? (FALLBACK[kind] ?? null) : null;
}

/** Another path's reference of the same kind, as a condition value `{ fact, path }`. */
function sameKindRef(context: Context, kind: ValueKind): { fact: string; path?: string } | null {
  const others = context.byKind.get(kind) ?? [];
  return others.length > 0 ? ref(context.tape.pick(others).ref) : null;
}

const shifted = (instant: string, ms: number) => new Date(Date.parse(instant) + ms).toISOString();
const SHIFTS = [0, 1, -1, 3_600_000, -3_600_000, 86_400_000, -86_400_000];

/** A leaf over `path`: an operator its kind takes, and a value of that kind. */
function leafOn(context: Context, path: SampledPath): Condition {
  const { tape } = context;
  const kind = mainKind(path);
  const reference = path.ref;
  const negate = (operator: string) => (tape.chance(8) ? `not:${operator}` : operator);
  switch (kind) {
    case "instant": {
      const operator = tape.pick([
        "instantBefore",
        "instantOnOrBefore",
        "instantAfter",
        "instantOnOrAfter",
      ]);
      const other = tape.chance(3) ? sameKindRef(context, "instant") : null;
      const value =
        other ?? shifted(sampleOf(context, path, "instant") as string, tape.pick(SHIFTS));
      if (tape.chance(10)) return when(reference, "equal", sampleOf(context, path));
      return when(reference, negate(operator), value);
    }
    case "number": {
      const sample = sampleOf(context, path, "number") as number;
      const operator = tape.pick([
        "greaterThanInclusive",
        "greaterThan",
        "lessThan",
        "lessThanInclusive",
        "equal",
        "notEqual",
        "in",
      ]);
      if (operator === "in") return when(reference, negate("in"), [sample, sample + 1]);
      const value = tape.chance(4)
        ? ref(parameter(context, sample))
        : sample + tape.pick([0, 1, -1]);
      return when(reference, negate(operator), value);
    }
    case "boolean":
      return when(reference, negate(tape.pick(["equal", "notEqual"])), tape.chance(2));
    case "string": {
      const strings = path.samples.filter((sample) => typeof sample === "string");
      const operator = tape.pick(["equal", "notEqual", "in", "notIn"]);
      if (operator === "in" || operator === "notIn") {
        const list = strings.slice(0, 1 + tape.int(strings.length));
        return when(reference, operator, tape.chance(4) ? ref(parameter(context, list)) : list);
      }
      // A value outside an enum is refused by the checker: only free text gets one.
      const outside = path.shape?.kind === "enum" ? [] : ["other"];
      return when(reference, negate(operator), tape.pick([...strings, ...outside]));
    }
    case "scalars": {
      // A list of enum members takes only members (the checker refuses any other literal).
      const members =
        path.shape?.kind === "array" && path.shape.items.kind === "enum"
          ? path.shape.items.values
          : undefined;
      const seen = path.samples.flatMap((sample) => (Array.isArray(sample) ? sample : []));
      const items = members ? [...members] : seen.length > 0 ? seen : ["x"];
      const item = tape.pick(items);
      const another = members ? tape.pick(members) : "none";
      switch (tape.int(5)) {
        case 0:
          return when(reference, negate("contains"), item);
        case 1:
          return when(reference, "doesNotContain", item);
        case 2:
          return when(reference, "lengthAtLeast", tape.int(3));
        case 3:
          return when(reference, negate("intersects"), [item, another]);
        default:
          return when(reference, tape.pick(["someFact:equal", "everyFact:notEqual"]), item);
      }
    }
    case "interval": {
      const duration = tape.pick(DURATIONS);
      const value = tape.chance(2) ? ref(parameter(context, duration)) : duration;
      return when(reference, negate(tape.pick(["elapsedAtLeast", "elapsedAtMost"])), value);
    }
    default:
      return when(reference, "isPresent", tape.int(3) !== 0);
  }
}

/** `notEqual`, `notIn`, `doesNotContain`, `not:equal`…: they also hold for a missing value. */
const NEGATED_EQUALITY =
  /^(?:(?:notEqual|notIn|doesNotContain)|not:(?:equal|in|contains|intersects))$/;

function leaf(context: Context): Condition {
  const made = leafOn(context, context.tape.pick(context.paths));
  // The checker refuses a negated equality under a parent that may be null unless a condition
  // beside it proves the value is there: give it that guard (on the path itself).
  if ("operator" in made && NEGATED_EQUALITY.test(made.operator) && made.value !== null)
    return all(
      {
        fact: made.fact,
        ...(made.path ? { path: made.path } : {}),
        operator: "isPresent",
        value: true,
      },
      made,
    );
  return made;
}

/** A condition of at most `depth` levels (1: a leaf). */
function condition(context: Context, depth: number): Condition {
  if (depth <= 1 || context.tape.int(3) !== 2) return leaf(context);
  return group(context, depth);
}

function group(context: Context, depth: number): TopLevelCondition {
  const { tape } = context;
  const kind = tape.int(5);
  if (kind === 4) return not(condition(context, depth - 1));
  const children = Array.from({ length: 1 + tape.int(3) }, () => condition(context, depth - 1));
  return kind % 2 === 0 ? all(...children) : any(...children);
}

/** A reference for a template, `since`, `until`…: of the given kinds, or `undefined`. */
function refOfKinds(context: Context, kinds: readonly ValueKind[]): string | undefined {
  const paths = kinds.flatMap((kind) => context.byKind.get(kind) ?? []);
  return paths.length > 0 ? context.tape.pick(paths).ref : undefined;
}

const RENDERABLE: readonly ValueKind[] = [
  "instant",
  "number",
  "string",
  "boolean",
  "money",
  "duration",
];

function template(context: Context, text: string): string {
  const refs = Array.from({ length: context.tape.int(3) }, () => refOfKinds(context, RENDERABLE));
  const placeholders = refs.filter((item) => item !== undefined).map((item) => `{${item}}`);
  return placeholders.length > 0 ? `${text}: ${placeholders.join(", ")}.` : `${text}.`;
}

const OUTCOMES = ["violation", "compliant", "pending", "needs_review", "not_applicable"] as const;

function findingRules(context: Context, index: number, scope: "campaign" | "deliverable") {
  const { tape } = context;
  const id = `custom.finding-${index}`;
  context.findingIds.push(id);
  const evidence: Record<string, string> = {};
  for (let i = tape.int(3); i > 0; i--) {
    const item = refOfKinds(context, RENDERABLE);
    if (item) evidence[`e${i}`] = item;
  }
  const branches = Array.from({ length: 1 + tape.int(3) }, (_, branch) => {
    const since = tape.chance(2) ? refOfKinds(context, ["instant"]) : undefined;
    const checkAt = tape.chance(3) ? refOfKinds(context, ["instant"]) : undefined;
    return {
      branch: `b${branch}`,
      outcome: tape.pick(OUTCOMES),
      when: group(context, 1 + tape.int(3) + 1),
      explanation: template(context, `Finding ${index} branch ${branch}`),
      ...(since ? { since } : {}),
      ...(checkAt ? { checkAt } : {}),
    };
  });
  // Often a last branch that always holds, so that the rule decides even when no other does.
  if (tape.chance(2))
    branches.push({
      branch: "otherwise",
      outcome: tape.pick(["compliant", "not_applicable", "pending"] as const),
      when: all(when("asOf", "isPresent", true)),
      explanation: template(context, `Finding ${index} otherwise`),
    });
  const kind = tape.pick(FINDING_KINDS);
  if (!context.findingKinds.includes(kind)) context.findingKinds.push(kind);
  const role = tape.pick(FINDING_ROLES);
  if (!context.findingRoles.includes(role)) context.findingRoles.push(role);
  return findingRule(id, {
    kind,
    role,
    scope,
    ...(Object.keys(evidence).length > 0 ? { evidence } : {}),
    branches,
  });
}

function sanctionSpec(context: Context) {
  const { tape } = context;
  const type = tape.pick(SANCTION_TYPES);
  const because =
    tape.int(3) === 0 && context.findingIds.length > 0
      ? { rules: [tape.pick(context.findingIds)] }
      : tape.chance(3) && context.findingRoles.length > 0
        ? { roles: [tape.pick(context.findingRoles)] }
        : {
            kinds: tape.chance(2) ? [...context.findingKinds] : [tape.pick(context.findingKinds)],
          };
  const amount = tape.chance(3)
    ? tape.chance(3)
      ? parameter(context, {
          amount: 1 + tape.int(9_999),
          currency: tape.pick(["USD", "KRW", "EUR"]),
        })
      : refOfKinds(context, ["money"])
    : undefined;
  const scoreDelta =
    type === "decrease_quality_score"
      ? tape.chance(3)
        ? parameter(context, -1 - tape.int(20))
        : -1 - tape.int(20)
      : undefined;
  const until = tape.chance(4) ? refOfKinds(context, ["instant"]) : undefined;
  return {
    type,
    because,
    ...(amount ? { amount } : {}),
    ...(scoreDelta !== undefined ? { scoreDelta } : {}),
    ...(until ? { until } : {}),
    ...(tape.chance(4) ? { requiresHumanReview: tape.chance(2) } : {}),
    ...(tape.chance(2) ? { note: template(context, "Sanction") } : {}),
  };
}

function sanctionRuleAt(context: Context, index: number, scope: "campaign" | "deliverable") {
  const { tape } = context;
  const withAction = tape.int(3);
  const at = refOfKinds(context, ["instant"]);
  const action =
    withAction > 0 && at
      ? { type: tape.pick(ACTION_TYPES), at, note: template(context, "Action") }
      : undefined;
  const sanction = withAction !== 1 || !action ? sanctionSpec(context) : undefined;
  return sanctionRule(`custom.sanction-${index}/when`, {
    scope,
    when: group(context, 1 + tape.int(3) + 1),
    ...(sanction ? { sanction } : {}),
    ...(action ? { action } : {}),
  });
}

/** The paths a rule of `where` may read. */
function pathsAt(catalogue: FactCatalogue, where: Where): SampledPath[] {
  return [...catalogue.values()].filter((path) => path.where.has(where));
}

/**
 * A policy from a tape of choices: one to three finding rules (each one to three branches, often
 * a last one that always holds), up to two exception rules and up to three sanction rules, and
 * the parameters they reference.
 *
 * @param catalogue - The paths rules may read, by phase and scope, with their values.
 * @param tapeValues - The choices; past the end every choice is the simplest.
 * @param catalogueParameters - Catalogue parameters the policy may take (each kept 2 in 3).
 * @returns The policy (unvalidated).
 * @example
 * customPolicy(catalogue, [], {}); // one finding rule, one branch, one leaf
 */
export function customPolicy(
  catalogue: FactCatalogue,
  tapeValues: readonly number[],
  catalogueParameters: Readonly<Record<string, unknown>>,
): Policy {
  const tape = new Tape(tapeValues);
  const parameters: Record<string, unknown> = {};
  // Catalogue parameters switch derived facts on (a retention minimum, a strike expiry…).
  for (const [name, value] of Object.entries(catalogueParameters))
    if (tape.int(3) !== 0) parameters[name] = structuredClone(value);
  const findingIds: string[] = [];
  const findingRoles: Context["findingRoles"] = [];
  const findingKinds: Context["findingKinds"] = [];
  const contextAt = (where: Where): Context => {
    // findings.noShow and findings.breach only when a finding rule is of that kind (else the
    // checker refuses them: they could never be true).
    const flags: Record<string, (typeof FINDING_KINDS)[number]> = {
      "findings.noShow": "no_show",
      "findings.breach": "breach",
    };
    const paths = pathsAt(catalogue, where).filter((path) => {
      const kind = flags[path.ref];
      return kind === undefined || findingKinds.includes(kind);
    });
    return {
      tape,
      paths,
      byKind: byKind(paths),
      parameters,
      findingIds,
      findingKinds,
      findingRoles,
    };
  };
  const rules: PolicyRule[] = [];
  const findings = 1 + tape.int(3);
  for (let index = 0; index < findings; index++) {
    const scope = tape.int(3) === 0 ? "campaign" : "deliverable";
    rules.push(...findingRules(contextAt(`violations/${scope}`), index, scope));
  }
  for (let index = tape.int(3); index > 0; index--) {
    const context = contextAt("exceptions/campaign");
    if (context.paths.length === 0) break;
    const status = tape.pick(["accepted", "rejected", "needs_review"] as const);
    rules.push(
      exceptionRule(`custom.exception-${index}/${status}`, {
        when: group(context, 1 + tape.int(2) + 1),
        status,
        reason: template(context, `Claim decided by rule ${index}`),
      }),
    );
  }
  for (let index = tape.int(4); index > 0; index--) {
    const scope = tape.int(2) === 0 ? "campaign" : "deliverable";
    rules.push(sanctionRuleAt(contextAt(`sanctions/${scope}`), index, scope));
  }
  return {
    id: "custom-generated",
    version: "1",
    parameters: parameters as Policy["parameters"],
    rules,
  };
}

/**
 * Custom policies drawn from a tape of choices over the sampled catalogue, with now and then
 * some catalogue parameters of one of `presetParameters` (so retention, response windows and
 * strike expiry are derived, not null).
 *
 * @param catalogue - The sampled fact paths ({@link sampleFactCatalogue}).
 * @param presetParameters - Parameter sets to take catalogue parameters from (e.g. the presets').
 * @returns An arbitrary of (unvalidated) policies, mostly accepted by `parsePolicy`.
 * @example
 * fc.sample(customPolicyArbitrary(catalogue, [mediance().parameters]), 1);
 */
export function customPolicyArbitrary(
  catalogue: FactCatalogue,
  presetParameters: ReadonlyArray<Readonly<Record<string, unknown>>>,
): fc.Arbitrary<Policy> {
  const catalogueNames = Object.keys(catalogueParametersSchema.shape);
  const catalogueSets = presetParameters.map((parameters) =>
    Object.fromEntries(
      Object.entries(parameters).filter(([name]) => catalogueNames.includes(name)),
    ),
  );
  return fc
    .tuple(
      fc.nat({ max: catalogueSets.length }),
      fc.array(fc.nat({ max: 0xffff }), { minLength: 40, maxLength: 300, size: "max" }),
    )
    .map(([set, tape]) => customPolicy(catalogue, tape, catalogueSets[set - 1] ?? {}));
}
