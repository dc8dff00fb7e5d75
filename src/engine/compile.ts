/**
 * Compiles json-rules-engine rule conditions into synchronous closures with exactly the
 * semantics json-rules-engine 7.3.1 gives them when an Engine is configured as
 * `src/rules/engine.ts` does (`allowUndefinedFacts: false`, `allowUndefinedConditions: false`,
 * `replaceFactsInEventParams: false`, `pathResolver: safePathResolver`, operators and decorators
 * registered with `addOperator`/`addOperatorDecorator`) and run on static facts.
 *
 * Everything json-rules-engine decides per run from the rule alone is decided here once:
 * operator names and decorators, priority sets, path segments, value references. The operator
 * functions are passed at evaluation time (the duration operators depend on the campaign zone),
 * so one compiled rule serves every zone; a leaf resolves a registered operator once per
 * operator set (sets are memoised per zone by {@link engineOperators}; treat them as immutable).
 *
 * The semantics, read from json-rules-engine's `rule.js`, `condition.js`, `almanac.js`,
 * `operator-map.js`, `operator.js` and the default operators and decorators:
 * - A leaf looks its operator up first (`Unknown operator: x` when none), then resolves its
 *   `value` (a value reference is any non-null object with an own `fact` property) and its
 *   fact; a fact absent from the facts object throws `Undefined fact: x` (code
 *   `UNDEFINED_FACT`; the value's fact is reported first). A non-string fact id is never defined.
 * - `path` is applied only when it is truthy and the value is a non-null object; otherwise the
 *   value itself is used (a path on a number yields the number).
 * - `params` (on a leaf or a value reference) only feed fact functions and cache keys; with
 *   static facts they change nothing.
 * - A leaf's result is the operator's raw return value. A group's result is `=== true` of its
 *   combination; `all`/`any` with several children compare each child `=== true`; `not`
 *   negates by truthiness; a group with one child takes that child's raw value; `all: []` and
 *   `any: []` are `true`. The rule's result is its root group's raw combination (so a rule whose
 *   `all` holds one leaf returning `1` fires, but `all` of two such leaves does not).
 * - Children of a group with two or more children run in priority sets (highest first; a
 *   group's priority is `parseInt(priority) || 1`, a leaf's its own raw `priority` or 1). Every
 *   child of a set is evaluated (errors included); the sets after the one that decides an
 *   `all` (false) or an `any` (true) are skipped and keep no `result`.
 * - Condition references (`{ condition: name }`) always throw `No condition x exists` when
 *   evaluated: no named conditions are ever set on our engines.
 *
 * Where the compiled form deliberately differs: it never writes into the rule (json-rules-engine
 * writes a leaf's parsed `priority` back, which throws on a frozen policy), and its trace lists
 * conditions depth-first in priority order, where json-rules-engine's operator calls interleave
 * across siblings by microtask timing (invisible with pure operators). When several conditions
 * of one evaluation would fail, which error is thrown may differ (json-rules-engine reports the
 * first promise to reject); that some error is thrown never does.
 */

import {
  type PathSegment,
  parsePropertyPath,
  readFactPath,
  safePathResolver,
} from "../core/path.js";
import type { TopLevelCondition } from "../policy/schema.js";
import {
  customOperators,
  durationOperators,
  guardedBuiltInOperators,
  guardedDecorators,
} from "./operators.js";

/** An operator as `engine.addOperator` receives it. */
export type OperatorFunction = (factValue: unknown, compareTo: unknown) => unknown;
/** An operator decorator as `engine.addOperatorDecorator` receives it. */
export type DecoratorFunction = (
  factValue: unknown,
  compareTo: unknown,
  next: OperatorFunction,
) => unknown;
/**
 * What an engine registers on top of json-rules-engine's defaults: operators (`addOperator`,
 * overriding a built-in of the same name) and decorators (`addOperatorDecorator`, likewise).
 */
export interface OperatorSet {
  readonly operators: Readonly<Record<string, OperatorFunction>>;
  readonly decorators?: Readonly<Record<string, DecoratorFunction>>;
}
/** The facts of one run: fact name → static value. */
export type Facts = Readonly<Record<string, unknown>>;

/** What a condition is, in a trace. */
export type TraceConditionKind = "all" | "any" | "not" | "leaf" | "reference";

/** One condition of a rule in a trace, in evaluation order. */
export interface ConditionTraceEntry {
  /** Where the condition sits in the rule, e.g. `conditions.all[1].any[0]`. */
  at: string;
  kind: TraceConditionKind;
  /** The condition as written in the rule. */
  condition: unknown;
  /** Skipped by priority short-circuiting: json-rules-engine records no result for it. */
  skipped: boolean;
  /** Leaves: the fact value the operator saw (after `path`). */
  factResult?: unknown;
  /** Leaves: the value the fact was compared to (a value reference resolved). */
  valueResult?: unknown;
  /**
   * The condition's result. For the root, the rule's raw result (json-rules-engine reports it
   * as the rule's `result` and leaves the root condition's own `result` unset).
   */
  result?: unknown;
}

/**
 * A traced evaluation, as the compiled closures record it (json-rules-engine's view of the same
 * run: `engine/jre.ts` turns either into the public `TraceEntry`). Only `trace` builds one:
 * `test` passes no trace down, and every closure checks for it before recording anything.
 */
export interface ConditionTrace {
  /** Whether the rule fires (json-rules-engine puts it in `results`). */
  result: boolean;
  /** Every condition of the rule once, root first, skipped ones marked. */
  conditions: ConditionTraceEntry[];
}

/** A rule's conditions, compiled. */
export interface CompiledConditions {
  /**
   * Whether the conditions hold for `facts`, with `operators` registered (the same names as at
   * compile time); throws where json-rules-engine's run rejects.
   */
  test(facts: Facts, operators: OperatorSet): boolean;
  /** {@link CompiledConditions.test}, recording every condition's values and result. */
  trace(facts: Facts, operators: OperatorSet): ConditionTrace;
}

/** A rule, compiled. */
export interface CompiledRule extends CompiledConditions {
  /** The rule's `name` (json-rules-engine keeps only a truthy name or `0`). */
  name: unknown;
  /** The rule's priority as json-rules-engine computes it (`parseInt(priority || 1)`). */
  priority: number;
  /** The rule's event as json-rules-engine holds it: `{ type, params? }`, not cloned. */
  event: { type: unknown; params?: unknown };
}

/**
 * The error json-rules-engine rejects with when a condition reads a fact the run does not
 * define (with `allowUndefinedFacts: false`). Its own class is not exported and, compiled by
 * Babel, yields a plain `Error`; what identifies it is `code` and the message.
 */
export class UndefinedFactError extends Error {
  /** json-rules-engine's code for this error. */
  readonly code = "UNDEFINED_FACT";
}

const ZONE_TABLES = new Map<string, OperatorSet>();
const MAX_ZONE_TABLES = 1024;

/**
 * What `src/rules/engine.ts` registers on its engines for one zone: the guarded `in`/`notIn`,
 * our operators and the zone's duration operators, and the guarded `someValue`/`everyValue`.
 * One frozen set per zone (memoised), so compiled leaves resolve their operators once per zone.
 *
 * @param timeZone - The campaign's IANA zone (the duration operators count calendar days there).
 * @returns The operator set, the same object for the same zone.
 * @example
 * compiled.test(facts, engineOperators("Asia/Seoul"));
 */
export function engineOperators(timeZone: string): OperatorSet {
  let set = ZONE_TABLES.get(timeZone);
  if (set === undefined) {
    if (ZONE_TABLES.size >= MAX_ZONE_TABLES) ZONE_TABLES.clear();
    set = Object.freeze({
      operators: Object.freeze({
        ...guardedBuiltInOperators,
        ...customOperators,
        ...durationOperators(timeZone),
      }),
      decorators: Object.freeze({ ...guardedDecorators }),
    }) as OperatorSet;
    ZONE_TABLES.set(timeZone, set);
  }
  return set;
}

// ---------------------------------------------------------------------------------------------
// Operators

/** A resolved (possibly decorated) operator, as json-rules-engine's Operator#evaluate. */
type Evaluator = (factValue: unknown, jsonValue: unknown) => unknown;

function numberValidator(factValue: unknown): boolean {
  return Number.parseFloat(factValue as string).toString() !== "NaN";
}

// biome-ignore lint/suspicious/noExplicitAny: operators take any JSON value, as in JavaScript
type Loose = any;

// The built-in operators exactly as engine-default-operators.js writes them, validator first
// (Operator#evaluate is `validator(factValue) && cb(factValue, jsonValue)`). The parameter
// names are json-rules-engine's, so a TypeError reads the same ("b.indexOf is not a function").
const BUILT_IN: Readonly<Record<string, Evaluator>> = {
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  in: (a, b: Loose) => b.indexOf(a) > -1,
  notIn: (a, b: Loose) => b.indexOf(a) === -1,
  contains: (a, b) => Array.isArray(a) && a.indexOf(b) > -1,
  doesNotContain: (a, b) => Array.isArray(a) && a.indexOf(b) === -1,
  lessThan: (a: Loose, b: Loose) => numberValidator(a) && a < b,
  lessThanInclusive: (a: Loose, b: Loose) => numberValidator(a) && a <= b,
  greaterThan: (a: Loose, b: Loose) => numberValidator(a) && a > b,
  greaterThanInclusive: (a: Loose, b: Loose) => numberValidator(a) && a >= b,
};

// Decorators as engine-default-operator-decorators.js writes them; `someFact`/`everyFact` carry
// the `Array.isArray` fact validator. Loops replace Array#some/every to avoid a closure per call
// (same visiting order, holes skipped, callback result taken by truthiness, as some/every do).
const DECORATORS: Readonly<Record<string, (next: Evaluator) => Evaluator>> = {
  someFact: (next) => (factValue, jsonValue) => {
    if (!Array.isArray(factValue)) return false;
    for (let i = 0; i < factValue.length; i++) {
      if (i in factValue && next(factValue[i], jsonValue)) return true;
    }
    return false;
  },
  everyFact: (next) => (factValue, jsonValue) => {
    if (!Array.isArray(factValue)) return false;
    for (let i = 0; i < factValue.length; i++) {
      if (i in factValue && !next(factValue[i], jsonValue)) return false;
    }
    return true;
  },
  // No validator on the value: a non-array throws as `jsonValue.some(...)` does.
  someValue: (next) => (factValue, jsonValue) => {
    if (!Array.isArray(jsonValue)) {
      return (jsonValue as Loose).some((jv: unknown) => next(factValue, jv));
    }
    for (let i = 0; i < jsonValue.length; i++) {
      if (i in jsonValue && next(factValue, jsonValue[i])) return true;
    }
    return false;
  },
  everyValue: (next) => (factValue, jsonValue) => {
    if (!Array.isArray(jsonValue)) {
      return (jsonValue as Loose).every((jv: unknown) => next(factValue, jv));
    }
    for (let i = 0; i < jsonValue.length; i++) {
      if (i in jsonValue && !next(factValue, jsonValue[i])) return false;
    }
    return true;
  },
  swap: (next) => (factValue, jsonValue) => next(jsonValue, factValue),
  not: (next) => (factValue, jsonValue) => !next(factValue, jsonValue),
};

/** The names an engine has registered, as compilation sees them. */
interface Registered {
  operators: ReadonlySet<string>;
  decorators: ReadonlySet<string>;
}

// Compiling a policy passes the same set for every rule: read its names once.
const REGISTERED = new WeakMap<OperatorSet, Registered>();

function registeredNames(set: OperatorSet): Registered {
  let names = REGISTERED.get(set);
  if (names === undefined) {
    names = {
      operators: new Set(Object.keys(set.operators)),
      decorators: new Set(Object.keys(set.decorators ?? {})),
    };
    REGISTERED.set(set, names);
  }
  return names;
}

/** How a leaf gets its operator: fixed at compile time, or built from the run's set. */
type ResolvedOperator =
  | { kind: "fixed"; evaluate: Evaluator }
  | { kind: "registered"; build: (set: OperatorSet) => Evaluator }
  | { kind: "unknown"; fail: () => never };

function fail(message: string): never {
  throw new Error(message);
}

function unknownOperator(name: unknown): never {
  return fail(`Unknown operator: ${String(name)}`);
}

/**
 * OperatorMap#get: while the name is not an operator, peel one decorator off the front (a `:`
 * at index > 0 naming a decorator); the first decorator is the outermost. A registered operator
 * or decorator replaces a built-in one of the same name (ours are added after the defaults); a
 * registered one has no validator, so `Operator#evaluate` is its raw result.
 */
function resolveOperator(name: unknown, registered: Registered): ResolvedOperator {
  if (typeof name !== "string") {
    // json-rules-engine calls `opName.indexOf(":")` on it; reproduce that TypeError lazily.
    return {
      kind: "unknown",
      fail: () => {
        const opName: Loose = name;
        opName.indexOf(":");
        return unknownOperator(name);
      },
    };
  }
  const unknown = { kind: "unknown" as const, fail: () => unknownOperator(name) };
  const stages: Array<{ name: string; registered: boolean }> = [];
  let opName = name;
  while (!registered.operators.has(opName) && !Object.hasOwn(BUILT_IN, opName)) {
    const index = opName.indexOf(":");
    if (index <= 0) return unknown;
    const decorator = opName.slice(0, index);
    const isRegistered = registered.decorators.has(decorator);
    if (!isRegistered && !Object.hasOwn(DECORATORS, decorator)) return unknown;
    stages.push({ name: decorator, registered: isRegistered });
    opName = opName.slice(index + 1);
  }
  const base = opName;
  const baseRegistered = registered.operators.has(base);
  const build = (set: OperatorSet | undefined): Evaluator => {
    let evaluate: Evaluator;
    if (baseRegistered) {
      const operators = (set as OperatorSet).operators;
      if (!Object.hasOwn(operators, base)) unknownOperator(name);
      evaluate = operators[base] as OperatorFunction;
    } else {
      evaluate = BUILT_IN[base] as Evaluator;
    }
    for (let i = stages.length - 1; i >= 0; i--) {
      const stage = stages[i] as { name: string; registered: boolean };
      if (stage.registered) {
        const decorators = (set as OperatorSet).decorators ?? {};
        if (!Object.hasOwn(decorators, stage.name)) unknownOperator(name);
        const decorate = decorators[stage.name] as DecoratorFunction;
        const next = evaluate;
        evaluate = (factValue, jsonValue) => decorate(factValue, jsonValue, next);
      } else {
        evaluate = (DECORATORS[stage.name] as (next: Evaluator) => Evaluator)(evaluate);
      }
    }
    return evaluate;
  };
  if (!baseRegistered && stages.every((stage) => !stage.registered)) {
    return { kind: "fixed", evaluate: build(undefined) };
  }
  return { kind: "registered", build };
}

// ---------------------------------------------------------------------------------------------
// Facts and paths

/** How a leaf reads one fact: its id and the path applied to it. */
interface FactRead {
  /** The fact name, or `undefined` when it is not a string (never defined). */
  id: string | undefined;
  /** Whether `facts[id] === undefined` can stand for "absent" (no Object.prototype name). */
  fast: boolean;
  message: string;
  path: ((value: unknown) => unknown) | undefined;
}

function factRead(factId: unknown, path: unknown): FactRead {
  const id = typeof factId === "string" ? factId : undefined;
  return {
    id,
    fast: id !== undefined && !(id in Object.prototype),
    message: `Undefined fact: ${String(factId)}`,
    path: compilePath(path),
  };
}

/**
 * Almanac#factValue applies a truthy `path` to a non-null object through the path resolver;
 * `safePathResolver` is `parsePropertyPath` then `readFactPath`, so a string path is parsed here
 * once (an unparsable one reads `undefined`). A non-string path is handed to `safePathResolver`
 * at run time, exactly as json-rules-engine hands it (today it reads `undefined`).
 */
function compilePath(path: unknown): ((value: unknown) => unknown) | undefined {
  if (!path) return undefined;
  if (typeof path === "string") {
    const segments: PathSegment[] | null = parsePropertyPath(path);
    if (segments === null) {
      return (value) => (value != null && typeof value === "object" ? undefined : value);
    }
    // readFactPath unrolled for the usual one and two segments (`$.dueAt`, `$.retention.status`):
    // the same own-property steps, without the loop.
    if (segments.length === 1) {
      const first = segments[0] as PathSegment;
      return (value) =>
        value != null && typeof value === "object"
          ? Object.hasOwn(value, first)
            ? (value as Record<PathSegment, unknown>)[first]
            : undefined
          : value;
    }
    if (segments.length === 2) {
      const first = segments[0] as PathSegment;
      const second = segments[1] as PathSegment;
      return (value) => {
        if (value == null || typeof value !== "object") return value;
        if (!Object.hasOwn(value, first)) return undefined;
        const inner = (value as Record<PathSegment, unknown>)[first];
        if (inner === null) return null; // under a null parent: null, as readFactPath reads
        if (typeof inner !== "object" || !Object.hasOwn(inner, second)) {
          return undefined;
        }
        return (inner as Record<PathSegment, unknown>)[second];
      };
    }
    return (value) =>
      value != null && typeof value === "object" ? readFactPath(value, segments) : value;
  }
  return (value) =>
    value != null && typeof value === "object"
      ? safePathResolver(value, path as unknown as string)
      : value;
}

/**
 * The raw value of a fact the run defines (json-rules-engine registers every `for…in` key of the
 * facts; ours are plain objects, so own keys), or a throw when it defines none.
 */
function rawFact(facts: Facts, read: FactRead): unknown {
  const id = read.id;
  if (id === undefined) throw new UndefinedFactError(read.message);
  const value = facts[id];
  // One lookup in the common case; `undefined` (or a name Object.prototype has) needs hasOwn.
  if ((value === undefined || !read.fast) && !Object.hasOwn(facts, id)) {
    throw new UndefinedFactError(read.message);
  }
  return value;
}

// json-rules-engine compares against a per-run deep clone of the condition's value, which no
// fact can be identical to; one private frozen copy keeps that true without a clone per run.
function copyValue(value: unknown): unknown {
  if (Array.isArray(value)) return Object.freeze(value.map(copyValue));
  if (value !== null && typeof value === "object") {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      Object.defineProperty(copy, key, {
        value: copyValue((value as Record<string, unknown>)[key]),
        enumerable: true,
      });
    }
    return Object.freeze(copy);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// The condition tree

type Trace = ConditionTraceEntry[] | undefined;
type Node = (facts: Facts, operators: OperatorSet, trace: Trace) => unknown;

// A root group's wrapper → its combination (read once, by compileCondition).
const ROOT_COMBINED = new WeakMap<Node, Node>();

/** A condition as json-rules-engine's Condition constructor shapes it. */
interface Plan {
  at: string;
  kind: TraceConditionKind;
  condition: unknown;
  /** The Condition instance's `priority` property, as prioritizeConditions reads it. */
  priority: unknown;
  children: Plan[];
  /** Children in priority sets, highest first (only for groups with two or more children). */
  sets: Plan[][] | undefined;
  /** A deferred error of prioritizeConditions (it can throw on odd priorities). */
  setsError: unknown;
  /** Index in the trace (pre-order over the prioritized children). */
  index: number;
}

// Object.prototype.hasOwnProperty.call, as json-rules-engine checks keys (primitives box).
const hasOwn = (value: unknown, key: string) =>
  value !== null && value !== undefined && Object.hasOwn(value, key);

function booleanOperator(properties: unknown): "any" | "all" | "not" | undefined {
  if (hasOwn(properties, "any")) return "any";
  if (hasOwn(properties, "all")) return "all";
  if (hasOwn(properties, "not")) return "not";
  return undefined;
}

/** The Condition constructor's checks and shape (it throws at `addRule`, so do we). */
function plan(properties: unknown, at: string, root: boolean): Plan {
  if (!properties) throw new Error("Condition: constructor options required");
  const record = properties as Record<string, unknown>;
  const operator = booleanOperator(properties);
  const node: Plan = {
    at,
    kind: "leaf",
    condition: properties,
    priority: hasOwn(properties, "priority") ? record.priority : undefined,
    children: [],
    sets: undefined,
    setsError: undefined,
    index: -1,
  };
  if (operator) {
    const sub = record[operator];
    const isArray = Array.isArray(sub);
    if (operator !== "not" && !isArray) throw new Error(`"${operator}" must be an array`);
    if (operator === "not" && isArray) throw new Error(`"${operator}" cannot be an array`);
    node.kind = operator;
    node.priority = Number.parseInt(record.priority as string, 10) || 1;
    node.children = isArray
      ? (sub as unknown[]).map((child, i) => plan(child, `${at}.${operator}[${i}]`, false))
      : [plan(sub, `${at}.not`, false)];
  } else if (!hasOwn(properties, "condition")) {
    for (const key of ["fact", "operator", "value"]) {
      if (!hasOwn(properties, key)) {
        throw new Error(`Condition: constructor "${key}" property required`);
      }
    }
  }
  // Rule#evaluate dispatches the root on any/all/not first; nested conditions check for a
  // condition reference first.
  if (hasOwn(properties, "condition") && (!root || !operator)) node.kind = "reference";
  return node;
}

/** Rule#prioritizeConditions, run on the same keys with the same comparator. */
function prioritize(children: Plan[]): Plan[][] {
  const sets: Record<string, Plan[]> = {};
  for (const child of children) {
    // Our engines define no facts of their own, so every fact's priority is 1.
    const priority = (child.priority || 1) as string;
    if (!sets[priority]) sets[priority] = [];
    (sets[priority] as Plan[]).push(child);
  }
  return Object.keys(sets)
    .sort((a, b) => (Number(a) > Number(b) ? -1 : 1))
    .map((priority) => sets[priority] as Plan[]);
}

/** Numbers the plan in evaluation order and prepares its priority sets. */
function order(node: Plan, list: Plan[]): void {
  node.index = list.length;
  list.push(node);
  if (node.kind === "reference" || node.kind === "leaf") return;
  if (node.children.length < 2) {
    for (const child of node.children) order(child, list);
    return;
  }
  try {
    node.sets = prioritize(node.children);
  } catch (error) {
    node.setsError = error;
    for (const child of node.children) order(child, list);
    return;
  }
  for (const set of node.sets) for (const child of set) order(child, list);
}

function record(trace: Trace, index: number, result: unknown): void {
  if (trace === undefined) return;
  const entry = trace[index] as ConditionTraceEntry;
  entry.skipped = false;
  entry.result = result;
}

function compileLeaf(node: Plan, registered: Registered): Node {
  const condition = node.condition as Record<string, unknown>;
  const index = node.index;
  const resolved = resolveOperator(condition.operator, registered);
  if (resolved.kind === "unknown") return resolved.fail;
  const fact = factRead(condition.fact, condition.path);
  const value = condition.value;
  const isReference = value != null && typeof value === "object" && Object.hasOwn(value, "fact");
  const reference = isReference
    ? factRead((value as { fact: unknown }).fact, (value as { path?: unknown }).path)
    : undefined;
  const literal = isReference ? undefined : copyValue(value);
  // A one-entry cache per leaf: operator sets are memoised per zone, so a run of one zone
  // resolves a registered operator once.
  let seen: OperatorSet | undefined;
  let cached: Evaluator | undefined = resolved.kind === "fixed" ? resolved.evaluate : undefined;
  const build = resolved.kind === "registered" ? resolved.build : undefined;

  return (facts, operators, trace) => {
    // Condition#evaluate looks the operator up before it reads any fact.
    if (build !== undefined && operators !== seen) {
      cached = build(operators);
      seen = operators;
    }
    // Promise.all([getValue(value), factValue(fact)]): the value's rejection is seen first, and
    // both facts are looked up before either path is applied.
    let valueResult = reference === undefined ? literal : rawFact(facts, reference);
    let factResult = rawFact(facts, fact);
    if (reference !== undefined && reference.path !== undefined) {
      valueResult = reference.path(valueResult);
    }
    if (fact.path !== undefined) factResult = fact.path(factResult);
    const result = (cached as Evaluator)(factResult, valueResult);
    if (trace !== undefined) {
      const entry = trace[index] as ConditionTraceEntry;
      entry.skipped = false;
      entry.factResult = factResult;
      entry.valueResult = valueResult;
      entry.result = result;
    }
    return result;
  };
}

/** Evaluates a whole priority set (no short-circuit inside a set, as Promise.all). */
function runSet(set: Node[], every: boolean, facts: Facts, operators: OperatorSet, trace: Trace) {
  let outcome = every;
  for (let i = 0; i < set.length; i++) {
    const passes = (set[i] as Node)(facts, operators, trace) === true;
    if (every ? !passes : passes) outcome = !every;
  }
  return outcome;
}

/**
 * prioritizeAndRun: no children → true; one child → its raw result; otherwise the priority
 * sets in order until one decides (`all`: false, `any`: true).
 */
function combine(node: Plan, compiled: ReadonlyMap<Plan, Node>): Node {
  const every = node.kind === "all";
  if (node.children.length === 0) return () => true;
  if (node.children.length === 1) return compiled.get(node.children[0] as Plan) as Node;
  if (node.sets === undefined) {
    const error = node.setsError;
    return () => {
      throw error;
    };
  }
  const sets = node.sets.map((set) => set.map((child) => compiled.get(child) as Node));
  if (sets.length === 1) {
    const only = sets[0] as Node[];
    return (facts, operators, trace) => runSet(only, every, facts, operators, trace);
  }
  return (facts, operators, trace) => {
    for (let i = 0; i < sets.length; i++) {
      const outcome = runSet(sets[i] as Node[], every, facts, operators, trace);
      if (outcome !== every) return outcome;
    }
    return every;
  };
}

// ---------------------------------------------------------------------------------------------
// Shared conditions. The outcome branches of a rule, and the rules of a phase, repeat the same
// conditions (the same fact, path, operator and value; the same groups of them): within one run
// (one facts object, one operator set) a repeated condition gives what it gave the first time,
// since facts are static and operators pure. So conditions are interned by what they are, and a
// run of `runRulesSync` evaluates each once. Only that run's untraced `test` calls share: direct
// `test`/`trace` calls outside a run (whose caller may change the facts in between) never do.

/** A condition's result within the current run, shared by every equal condition. */
interface Slot {
  /** How many compiled conditions share it (below two, nothing to share). */
  refs: number;
  /** The run the result belongs to. */
  run: object | undefined;
  result: unknown;
}

const SLOTS = new Map<string, Slot>();
const MAX_SLOTS = 50_000;
/** The current run of {@link openRunMemo} (a fresh token per run), or none. */
let memoRun: object | undefined;

/**
 * Starts one run's sharing of equal conditions (see above): call it before the run's rules, with
 * the facts of that run only, and {@link closeRunMemo} after the batch (also when it throws).
 */
export function openRunMemo(): void {
  memoRun = {};
}

/** Ends the sharing of {@link openRunMemo}. */
export function closeRunMemo(): void {
  memoRun = undefined;
}

function slotFor(key: string): Slot {
  let slot = SLOTS.get(key);
  if (slot === undefined) {
    if (SLOTS.size >= MAX_SLOTS) SLOTS.clear();
    slot = { refs: 0, run: undefined, result: undefined };
    SLOTS.set(key, slot);
  }
  slot.refs++;
  return slot;
}

function memoized(slot: Slot, fn: Node): Node {
  return (facts, operators, trace) => {
    const run = memoRun;
    if (run === undefined || trace !== undefined || slot.refs < 2)
      return fn(facts, operators, trace);
    if (slot.run === run) return slot.result;
    const result = fn(facts, operators, trace);
    slot.run = run;
    slot.result = result;
    return result;
  };
}

/**
 * Whether a value is plain JSON whose text says everything an operator can see of it: strings,
 * booleans, null, finite numbers (not -0), and arrays (no holes, no other keys) and plain objects
 * (own enumerable data properties only) of them.
 */
function isPlainJson(value: unknown, depth = 0): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value) && !Object.is(value, -0);
  if (typeof value !== "object" || depth > 32) return false;
  if (Object.getOwnPropertySymbols(value).length > 0) return false;
  const names = Object.getOwnPropertyNames(value);
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype || names.length !== value.length + 1)
      return false;
    for (let i = 0; i < value.length; i++) {
      if (!Object.hasOwn(value, i) || !isPlainJson(value[i], depth + 1)) return false;
    }
    return true;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const name of names) {
    const descriptor = Object.getOwnPropertyDescriptor(value, name);
    if (!descriptor?.enumerable || !("value" in descriptor)) return false;
    if (!isPlainJson(descriptor.value, depth + 1)) return false;
  }
  return true;
}

// Compiling against different registered names can resolve one operator name differently.
const REGISTERED_IDS = new WeakMap<Registered, number>();
let registeredCount = 0;

/** What a condition is, as a string (`undefined`: not interned, e.g. a value that is no JSON). */
function conditionKey(
  node: Plan,
  registered: Registered,
  keys: ReadonlyMap<Plan, string | undefined>,
): string | undefined {
  let id = REGISTERED_IDS.get(registered);
  if (id === undefined) {
    id = registeredCount++;
    REGISTERED_IDS.set(registered, id);
  }
  // A priority orders the parent's sets (as the string prioritizeConditions keys them by).
  const priority = String(node.priority);
  if (node.kind === "leaf") {
    const { fact, path, operator, value } = node.condition as Record<string, unknown>;
    if (typeof fact !== "string" || typeof operator !== "string") return undefined;
    if (path !== undefined && typeof path !== "string") return undefined;
    if (!isPlainJson(value)) return undefined;
    return `${id}L${JSON.stringify([priority, fact, path ?? 0, operator, value])}`;
  }
  if (node.kind === "reference") return undefined;
  const children: string[] = [];
  for (const child of node.children) {
    const key = keys.get(child);
    if (key === undefined) return undefined;
    children.push(key);
  }
  return `${id}${node.kind}${JSON.stringify(priority)}(${children.join(",")})`;
}

function compileNode(
  node: Plan,
  registered: Registered,
  compiled: Map<Plan, Node>,
  root: boolean,
  keys: Map<Plan, string | undefined> = new Map(),
): Node {
  for (const child of node.children)
    compiled.set(child, compileNode(child, registered, compiled, false, keys));
  const key = conditionKey(node, registered, keys);
  keys.set(node, key);
  let fn: Node;
  if (node.kind === "reference") {
    const name = (node.condition as { condition: unknown }).condition;
    fn = () => fail(`No condition ${String(name)} exists`);
  } else if (node.kind === "leaf") {
    fn = compileLeaf(node, registered);
    if (key !== undefined) fn = memoized(slotFor(key), fn);
  } else {
    const raw =
      node.kind === "not"
        ? notOf(compiled.get(node.children[0] as Plan) as Node)
        : combine(node, compiled);
    // The root's raw combination is the rule's result; a nested group's is `=== true` of it.
    const combined = root && key !== undefined ? memoized(slotFor(`R${key}`), raw) : raw;
    const index = node.index;
    // The root's value is the rule's raw result; a nested group's is `=== true` of it.
    fn = root
      ? (facts, operators, trace) => {
          const result = combined(facts, operators, trace);
          record(trace, index, result);
          return result;
        }
      : (facts, operators, trace) => {
          const passes = combined(facts, operators, trace) === true;
          record(trace, index, passes);
          return passes;
        };
    if (!root && key !== undefined) fn = memoized(slotFor(`G${key}`), fn);
    if (root) ROOT_COMBINED.set(fn, combined);
  }
  return fn;
}

function notOf(child: Node): Node {
  return (facts, operators, trace) => !child(facts, operators, trace);
}

function traceEntries(list: readonly Plan[]): ConditionTraceEntry[] {
  return list.map((node) => ({
    at: node.at,
    kind: node.kind,
    condition: node.condition,
    skipped: true,
  }));
}

function compiledConditions(
  rootNode: Node,
  testNode: Node,
  list: readonly Plan[],
): CompiledConditions {
  return {
    test: (facts, operators) => Boolean(testNode(facts, operators, undefined)),
    trace: (facts, operators) => {
      const conditions = traceEntries(list);
      return { result: Boolean(rootNode(facts, operators, conditions)), conditions };
    },
  };
}

/**
 * Compiles a rule's top-level `conditions` (an `all`, `any` or `not`) into synchronous
 * closures that give json-rules-engine's result for the same facts and operators.
 *
 * @param conditions - The rule's `conditions`, as json-rules-engine's `Rule#setConditions`
 *   takes them; never mutated (json-rules-engine itself writes a leaf's parsed `priority` back
 *   into the rule, which throws on a frozen policy; the compiled form does not).
 * @param operators - The registered operators and decorators; only their names are read here.
 *   Pass a set with the same names to `test`/`trace`; defaults to our engine's.
 * @returns `test(facts, operators)` and `trace(facts, operators)`.
 * @throws The error json-rules-engine's `addRule` throws for the same malformed conditions.
 * @example
 * const compiled = compileCondition(rule.conditions);
 * compiled.test({ deliverable: { postedAt: null } }, engineOperators("Asia/Seoul"));
 */
export function compileCondition(
  conditions: TopLevelCondition,
  operators: OperatorSet = engineOperators("UTC"),
): CompiledConditions {
  if (
    conditions === null ||
    conditions === undefined ||
    !["all", "any", "not", "condition"].some((key) => Object.hasOwn(Object(conditions), key))
  ) {
    throw new Error(
      '"conditions" root must contain a single instance of "all", "any", "not", or "condition"',
    );
  }
  const root = plan(conditions, "conditions", true);
  const list: Plan[] = [];
  order(root, list);
  const compiled = new Map<Plan, Node>();
  const rootNode = compileNode(root, registeredNames(operators), compiled, true);
  // Untraced, the root group's wrapper only records into no trace: `test` calls its combination
  // directly (the same raw result, one closure call less per rule run).
  const combined = ROOT_COMBINED.get(rootNode);
  return compiledConditions(rootNode, combined ?? rootNode, list);
}

/**
 * Compiles one rule as `engine.addRule` reads it: its name, priority, event and conditions.
 *
 * @param rule - A rule in json-rules-engine's format (e.g. a `PolicyRule`); never mutated.
 * @param operators - The registered operators and decorators (names only); defaults to ours.
 * @returns The rule's `name`, `priority`, `event`, and `test`/`trace` over its conditions.
 * @throws The error `engine.addRule` throws for the same rule.
 * @example
 * const rule = compileRule(policy.rules[0]);
 * if (rule.test(facts, engineOperators(timeZone))) fired.push(rule.event);
 */
export function compileRule(
  rule: {
    name?: unknown;
    priority?: unknown;
    conditions: TopLevelCondition;
    event: { type: unknown; params?: unknown };
  },
  operators: OperatorSet = engineOperators("UTC"),
): CompiledRule {
  if (!rule) throw new Error("Engine: addRule() requires options");
  if (!Object.hasOwn(rule, "event")) {
    throw new Error('Engine: addRule() argument requires "event" property');
  }
  if (!Object.hasOwn(rule, "conditions")) {
    throw new Error('Engine: addRule() argument requires "conditions" property');
  }
  // new Rule(options) sets conditions only when truthy; Rule#evaluate then reads `.any` of
  // undefined.
  const missing = (): never => {
    throw new TypeError("Cannot read properties of undefined (reading 'any')");
  };
  const conditions: CompiledConditions = rule.conditions
    ? compileCondition(rule.conditions, operators)
    : { test: missing, trace: missing };
  const name = rule.name || rule.name === 0 ? rule.name : undefined;
  const priority = Number.parseInt((rule.priority || 1) as string, 10);
  if (priority <= 0) throw new Error("Priority must be greater than zero");
  const source = rule.event || { type: "unknown" };
  if (!Object.hasOwn(source, "type")) {
    throw new Error('Rule: setEvent() requires event object with "type" property');
  }
  const event: CompiledRule["event"] = { type: source.type };
  if (source.params) event.params = source.params;
  return { name, priority, event, test: conditions.test, trace: conditions.trace };
}

/**
 * Engine#prioritizeRules: rules grouped by priority, highest first, each group in the order
 * given. json-rules-engine evaluates the groups one after the other and the rules of a group
 * concurrently, so its `results` come group by group but, inside a group, in promise
 * completion order (which depends on each rule's condition depth). Nothing should depend on
 * that inner order: `src/rules/engine.ts` re-sorts fired rules (and the trace) in policy order.
 *
 * @param rules - Compiled rules (or anything with a numeric `priority`), in policy order.
 * @returns The priority groups, highest priority first.
 * @example
 * for (const group of prioritizeRules(compiled)) for (const rule of group) rule.test(facts, ops);
 */
export function prioritizeRules<R extends { priority: number }>(rules: readonly R[]): R[][] {
  const sets: Record<string, R[]> = {};
  for (const rule of rules) {
    const key = String(rule.priority);
    if (!Object.hasOwn(sets, key)) sets[key] = [];
    (sets[key] as R[]).push(rule);
  }
  return Object.keys(sets)
    .sort((a, b) => (Number(a) > Number(b) ? -1 : 1))
    .map((priority) => sets[priority] as R[]);
}

/**
 * The check `engine.run(facts)` makes before any rule: it registers every `for…in` key as a
 * fact, and a fact named `""` throws `factId required`. Call it once per run, before the
 * compiled rules. (A function-valued fact would be a dynamic fact in json-rules-engine; our runs
 * only pass static values, and the compiled form treats every value as static.)
 *
 * @param facts - The facts of one run.
 * @throws `Error("factId required")` when `facts` has an own `""` key.
 * @example
 * assertRunnableFacts(run.facts);
 */
export function assertRunnableFacts(facts: Facts): void {
  if (Object.hasOwn(facts, "")) throw new Error("factId required");
}
