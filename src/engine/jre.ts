/**
 * The json-rules-engine adapter: prepared Engines per rule list and zone, each checked out for one
 * batch of runs (run state lives on the Engine, json-rules-engine issue #303), the safe path
 * resolver, and our operators.
 */
import { Engine, type Event } from "json-rules-engine";
import { boundText, MAX_EVIDENCE_TEXT, MAX_LISTED_ITEMS, moreItems } from "../core/bounded.js";
import { mapList } from "../core/lists.js";
import { safePathResolver } from "../core/path.js";
import type { PolicyRule } from "../policy/schema.js";
import {
  assertRunnableFacts,
  type CompiledRule,
  type ConditionTrace,
  closeRunMemo,
  compileRule,
  engineOperators,
  type OperatorSet,
  openRunMemo,
} from "./compile.js";

/** One unit of work: the facts of one engine run (the campaign, a deliverable or a claim). */
export interface RuleRun<Unit> {
  unit: Unit;
  facts: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// The condition-level trace (`trace: true`). Both evaluators fill it through the same builder
// ({@link traceEntry}) from what they observed, so their traces are identical by construction
// wherever their observations are.

/** The phases of an evaluation, in the order they run. */
export type TracePhase = "violations" | "exceptions" | "sanctions";

/**
 * Whether a condition held, or `"skipped"`: json-rules-engine evaluates the children of a group
 * in priority sets (highest first) and skips the sets after one that decides the group (an `all`
 * with a false child, an `any` with a true one); a skipped condition, and everything inside it,
 * was never looked at.
 */
export type TraceResult = boolean | "skipped";

/** An `all`, `any` or `not` group of a rule's conditions, in a trace. */
export interface TraceGroupCondition {
  /** Where the condition sits in the rule, e.g. `conditions.all[1].any[0]`. */
  at: string;
  kind: "all" | "any" | "not";
  /** Whether the group held (for the top-level group: whether the rule fired). */
  result: TraceResult;
}

/** A leaf condition (a fact, an operator and a value), in a trace. */
export interface TraceLeafCondition {
  /** Where the condition sits in the rule, e.g. `conditions.all[1].any[0]`. */
  at: string;
  kind: "leaf";
  /** The fact the condition reads, as written in the rule. */
  fact: string;
  /** The path applied to the fact, as written in the rule. */
  path?: string;
  /** The operator, with its decorators (`someValue:in`), as written in the rule. */
  operator: string;
  /**
   * The value the fact was compared to: the literal written in the rule, or, for a value
   * reference (`valueFrom`), the referenced fact's value. Absent when it is `undefined` (a
   * reference to a missing value, or a skipped condition's reference, which was never read).
   */
  value?: unknown;
  /** Set when `value` is a value reference (`{ fact, path }`) rather than a literal. */
  valueFrom?: { fact: string; path?: string };
  /** The fact's value the operator saw (after `path`). Absent when `undefined` or skipped. */
  factValue?: unknown;
  result: TraceResult;
  /**
   * Set when `value` or `factValue` was cut to keep the trace bounded: texts keep their first
   * 1,000 characters then `… (N characters)`, lists their first 20 items then `and N more`, and
   * values nested deeper than 8 levels read `…`.
   */
  clipped?: true;
}

/** One condition of a rule, in a trace. */
export type TraceCondition = TraceGroupCondition | TraceLeafCondition;

/** Which unit a run judged: the campaign (neither id), one deliverable or one claim. */
export interface TraceUnit {
  deliverableId?: string;
  claimId?: string;
}

/**
 * One rule run, for `trace: true`: the rule, the unit it judged, whether it fired, and every
 * one of its conditions with the value it saw and its result. Plain JSON data.
 */
export interface TraceEntry extends TraceUnit {
  phase: TracePhase;
  /** The rule's id. */
  rule: string;
  /** Whether the rule fired. */
  result: boolean;
  /** Every condition of the rule once, depth-first in the order written, the top-level group first. */
  conditions: TraceCondition[];
}

/** What an evaluator saw of one condition it evaluated (an unevaluated one has none). */
interface Observation {
  result: unknown;
  factResult?: unknown;
  valueResult?: unknown;
}

const TRACE_ROOT = "conditions";
/** Nesting kept in a traced value; facts are shallow, so this only stops a pathological value. */
const MAX_TRACE_DEPTH = 8;

function groupKind(node: unknown): "any" | "all" | "not" | undefined {
  // The order json-rules-engine's Condition constructor tests the keys in.
  if (Object.hasOwn(node as object, "any")) return "any";
  if (Object.hasOwn(node as object, "all")) return "all";
  if (Object.hasOwn(node as object, "not")) return "not";
  return undefined;
}

function childrenOf(node: Record<string, unknown>, kind: "any" | "all" | "not"): unknown[] {
  return kind === "not" ? [node.not] : (node[kind] as unknown[]);
}

function childAt(at: string, kind: "any" | "all" | "not", index: number): string {
  return kind === "not" ? `${at}.not` : `${at}.${kind}[${index}]`;
}

/** A copy of a value with long texts and lists cut; `cut.clipped` is set when anything was. */
function boundTraceValue(value: unknown, cut: { clipped: boolean }, depth = 0): unknown {
  if (typeof value === "string") {
    if (value.length <= MAX_EVIDENCE_TEXT) return value;
    cut.clipped = true;
    return boundText(value);
  }
  if (typeof value !== "object" || value === null) return value;
  if (depth >= MAX_TRACE_DEPTH) {
    cut.clipped = true;
    return "…";
  }
  if (Array.isArray(value)) {
    const shown: unknown[] = [];
    const count = Math.min(value.length, MAX_LISTED_ITEMS);
    for (let i = 0; i < count; i++) shown.push(boundTraceValue(value[i], cut, depth + 1));
    if (value.length > MAX_LISTED_ITEMS) {
      cut.clipped = true;
      shown.push(moreItems(value.length - MAX_LISTED_ITEMS));
    }
    return shown;
  }
  // fromEntries defines own properties, so even a `__proto__` key is copied as data.
  return Object.fromEntries(
    Object.keys(value).map((key) => [
      key,
      boundTraceValue((value as Record<string, unknown>)[key], cut, depth + 1),
    ]),
  );
}

function leafEntry(
  node: Record<string, unknown>,
  at: string,
  seen: Observation | undefined,
  result: TraceResult,
): TraceLeafCondition {
  const cut = { clipped: false };
  const written = node.value;
  const reference =
    written !== null && typeof written === "object" && Object.hasOwn(written, "fact")
      ? (written as Record<string, unknown>)
      : undefined;
  // A skipped reference was never read: it has no value (a literal is known either way).
  const value = reference === undefined ? written : seen?.valueResult;
  const factValue = seen?.factResult;
  // Key order is part of the bytes, so the entry is built in one literal.
  const entry: TraceLeafCondition = {
    at,
    kind: "leaf",
    fact: String(node.fact),
    ...(typeof node.path === "string" ? { path: node.path } : {}),
    operator: String(node.operator),
    ...(value !== undefined ? { value: boundTraceValue(value, cut) } : {}),
    ...(reference !== undefined
      ? {
          valueFrom: {
            fact: String(reference.fact),
            ...(typeof reference.path === "string" ? { path: reference.path } : {}),
          },
        }
      : {}),
    ...(factValue !== undefined ? { factValue: boundTraceValue(factValue, cut) } : {}),
    result,
  };
  if (cut.clipped) entry.clipped = true;
  return entry;
}

/**
 * The trace entry of one rule run, from what an evaluator observed. The conditions come from the
 * rule as written (the same for both evaluators), the observations from the evaluator.
 */
function traceEntry(
  phase: TracePhase,
  unit: TraceUnit,
  rule: PolicyRule,
  fired: boolean,
  observed: ReadonlyMap<string, Observation>,
): TraceEntry {
  const conditions: TraceCondition[] = [];
  const visit = (node: Record<string, unknown>, at: string): void => {
    const seen = observed.get(at);
    // json-rules-engine keeps the top-level group's result as the rule's, not on the group.
    const result: TraceResult =
      at === TRACE_ROOT ? fired : seen === undefined ? "skipped" : Boolean(seen.result);
    const kind = groupKind(node);
    if (kind === undefined) {
      conditions.push(leafEntry(node, at, seen, result));
      return;
    }
    conditions.push({ at, kind, result });
    childrenOf(node, kind).forEach((child, index) => {
      visit(child as Record<string, unknown>, childAt(at, kind, index));
    });
  };
  visit(rule.conditions as unknown as Record<string, unknown>, TRACE_ROOT);
  return {
    phase,
    rule: rule.name,
    ...(unit.deliverableId !== undefined ? { deliverableId: unit.deliverableId } : {}),
    ...(unit.claimId !== undefined ? { claimId: unit.claimId } : {}),
    result: fired,
    conditions,
  };
}

/**
 * Which unit a run judged, from its facts: a deliverable run holds the `deliverable` fact, a
 * claim run the `claim` fact, a campaign run neither.
 */
function traceUnitOf(facts: Readonly<Record<string, unknown>>): TraceUnit {
  const idOf = (fact: unknown): string | undefined => {
    const id =
      fact !== null && typeof fact === "object" ? (fact as { id?: unknown }).id : undefined;
    return typeof id === "string" ? id : undefined;
  };
  const claimId = idOf(facts.claim);
  if (claimId !== undefined) return { claimId };
  const deliverableId = idOf(facts.deliverable);
  return deliverableId !== undefined ? { deliverableId } : {};
}

/** What json-rules-engine recorded on a rule result's condition tree (a leaf: its values too). */
function engineObservations(root: unknown): Map<string, Observation> {
  const observed = new Map<string, Observation>();
  const visit = (node: Record<string, unknown>, at: string): void => {
    // A condition it skipped keeps no `result`; an evaluated one always has a boolean.
    if (node.result !== undefined) {
      observed.set(at, {
        result: node.result,
        factResult: node.factResult,
        valueResult: node.valueResult,
      });
    }
    const kind = groupKind(node);
    if (kind === undefined) return;
    childrenOf(node, kind).forEach((child, index) => {
      visit(child as Record<string, unknown>, childAt(at, kind, index));
    });
  };
  visit(root as Record<string, unknown>, TRACE_ROOT);
  return observed;
}

/** What the compiled closures recorded (see {@link ConditionTrace}). */
function compiledObservations(trace: ConditionTrace): Map<string, Observation> {
  const observed = new Map<string, Observation>();
  for (const entry of trace.conditions) {
    if (entry.skipped) continue;
    observed.set(entry.at, {
      result: entry.result,
      factResult: entry.factResult,
      valueResult: entry.valueResult,
    });
  }
  return observed;
}
/** A rule that fired: its name and event. */
export interface FiredRule {
  name: string;
  event: Event;
}

/** The rules that fired in one run, in policy order. */
export interface RunResult<Unit> extends RuleRun<Unit> {
  fired: FiredRule[];
}

/**
 * A json-rules-engine Engine configured as every evaluation configures it: undefined facts and
 * conditions are errors, the safe path resolver, and the operators and decorators of `set`
 * (guarded built-ins replace json-rules-engine's own `in`/`notIn`, so every operator is total).
 *
 * @param set - The operator set, e.g. `engineOperators(timeZone)` (one registry for both evaluators).
 * @returns An engine with no rules yet.
 * @example
 * const engine = referenceEngine(engineOperators("Asia/Seoul"));
 */
export function referenceEngine(set: OperatorSet): Engine {
  const engine = new Engine([], {
    allowUndefinedFacts: false,
    allowUndefinedConditions: false,
    replaceFactsInEventParams: false,
    pathResolver: safePathResolver,
  });
  for (const [name, evaluate] of Object.entries(set.operators)) {
    engine.addOperator(name, evaluate as (a: unknown, b: unknown) => boolean);
  }
  for (const [name, decorate] of Object.entries(set.decorators ?? {})) {
    engine.addOperatorDecorator(
      name,
      decorate as (a: unknown, b: unknown, next: (a: unknown, b: unknown) => boolean) => boolean,
    );
  }
  return engine;
}

/**
 * An engine holding `rules` as json-rules-engine needs them to decide which fire: each rule's
 * name, conditions and priority, with an event of its type alone. The
 * engine deep-copies a rule's conditions and event into every result of every run, and an event's
 * params (explanations, evidence, sanctions) are no input to any condition: the driver takes each
 * fired rule's event from the policy itself (as the compiled driver does), so they are not copied.
 */
function createEngine(rules: readonly PolicyRule[], timeZone: string): Engine {
  const engine = referenceEngine(engineOperators(timeZone));
  rules.forEach((rule) => {
    engine.addRule({
      name: rule.name,
      ...(rule.priority !== undefined ? { priority: rule.priority } : {}),
      // json-rules-engine copies conditions itself, so the caller's policy is never touched,
      // except that it writes `priority` back into a leaf condition that has one: such a rule's
      // conditions (frozen by parsePolicy) get a private copy.
      conditions: hasLeafPriority(rule) ? structuredClone(rule.conditions) : rule.conditions,
      event: { type: rule.event.type },
    });
  });
  return engine;
}

// Rules are frozen once validated, so whether one has a leaf priority never changes.
const LEAF_PRIORITY = new WeakMap<object, boolean>();

function hasLeafPriority(rule: PolicyRule): boolean {
  const known = LEAF_PRIORITY.get(rule);
  if (known !== undefined) return known;
  let found = false;
  // Depth is capped by parsePolicy; an explicit stack keeps this loop flat anyway.
  const stack: unknown[] = [rule.conditions];
  while (stack.length > 0 && !found) {
    const node = stack.pop() as Record<string, unknown>;
    if (Array.isArray(node.all)) stack.push(...node.all);
    else if (Array.isArray(node.any)) stack.push(...node.any);
    else if (node.not !== undefined) stack.push(node.not);
    else found = node.priority !== undefined;
  }
  LEAF_PRIORITY.set(rule, found);
  return found;
}

// ---------------------------------------------------------------------------------------------
// Prepared engines. Building an Engine (operators, rules, conditions) cost about as much as
// running it, so engines are kept per rule list and zone and reused, one run after the other.
// json-rules-engine keeps run state on the Engine (`status`; issue #303), so an engine is
// checked out for one batch of runs and given back only once every run of it has settled
// successfully: concurrent evaluations never share one. A run that rejected may leave promises
// of its later priority sets still running (they end by setting `status`), so its engine is
// dropped, never reused.

/** Idle engines kept per rule list and zone (more concurrent batches build their own). */
const MAX_IDLE_ENGINES = 4;
/** Zones whose engines are kept per rule list (cleared when full). */
const MAX_POOLED_ZONES = 64;

/** A rule list's idle engines by zone, and the facts its rules read. */
interface Pool {
  idle: Map<string, Engine[]>;
  /** Every fact a condition of these rules reads (as `fact` or as a value reference's `fact`). */
  facts: readonly string[];
}

// Keyed by the frozen rule list itself (`rulesOf` keeps one per policy, phase and scope), so a
// pool lives as long as its policy.
const POOLS = new WeakMap<readonly PolicyRule[], Pool>();

/** Whether a rule list can never change: the list and every rule frozen (a validated policy's). */
function isFrozenList(rules: readonly PolicyRule[]): boolean {
  if (!Object.isFrozen(rules)) return false;
  for (const rule of rules) if (!Object.isFrozen(rule)) return false;
  return true;
}

/** The fact names the conditions of `rules` read (leaf facts and value references). */
function factsRead(rules: readonly PolicyRule[]): string[] {
  const names = new Set<string>();
  const stack: unknown[] = rules.map((rule) => rule.conditions);
  while (stack.length > 0) {
    const node = stack.pop() as Record<string, unknown> | null | undefined;
    if (node === null || typeof node !== "object") continue;
    if (Array.isArray(node.all)) stack.push(...node.all);
    if (Array.isArray(node.any)) stack.push(...node.any);
    if (node.not !== undefined) stack.push(node.not);
    if (typeof node.fact === "string") names.add(node.fact);
    const value = node.value as Record<string, unknown> | null | undefined;
    if (value !== null && typeof value === "object" && typeof value.fact === "string")
      names.add(value.fact);
  }
  // The one fact name json-rules-engine refuses at run time: kept, so a run holding it still throws.
  names.add("");
  return [...names];
}

function poolOf(rules: readonly PolicyRule[]): Pool | undefined {
  let pool = POOLS.get(rules);
  if (pool === undefined) {
    if (!isFrozenList(rules)) return undefined;
    pool = { idle: new Map(), facts: factsRead(rules) };
    POOLS.set(rules, pool);
  }
  return pool;
}

function checkout(rules: readonly PolicyRule[], pool: Pool | undefined, timeZone: string): Engine {
  return pool?.idle.get(timeZone)?.pop() ?? createEngine(rules, timeZone);
}

function giveBack(pool: Pool | undefined, timeZone: string, engine: Engine): void {
  if (pool === undefined) return;
  let idle = pool.idle.get(timeZone);
  if (idle === undefined) {
    if (pool.idle.size >= MAX_POOLED_ZONES) pool.idle.clear();
    idle = [];
    pool.idle.set(timeZone, idle);
  }
  if (idle.length < MAX_IDLE_ENGINES) idle.push(engine);
}

/**
 * The facts of a run as the engine receives them: only those the rules read. json-rules-engine
 * registers every fact it is given (a Fact object, a cache-key hash and a promise each), and one
 * it is not asked for changes no result; a fact the rules read but the run lacks stays absent
 * (still `Undefined fact`).
 */
function factsFor(facts: Record<string, unknown>, names: readonly string[] | undefined) {
  if (names === undefined) return facts;
  const given: Record<string, unknown> = {};
  for (const name of names) if (Object.hasOwn(facts, name)) given[name] = facts[name];
  return given;
}

/**
 * Runs `rules` once per unit, one after the other on one engine checked out for this batch.
 *
 * @param phase - The phase name, for the trace.
 * @param rules - The phase's rules.
 * @param runs - The units and their facts.
 * @param _describe - A unit's name (unused: the trace names the deliverable or claim a run's facts
 *   hold, see {@link traceUnitOf}; kept so callers need not change).
 * @param trace - When given, receives every rule run: its result and its conditions' values.
 * @param timeZone - The campaign zone, for the duration operators' calendar days.
 * @returns The fired events of each run.
 */
export async function runRules<Unit>(
  phase: TracePhase,
  rules: readonly PolicyRule[],
  runs: ReadonlyArray<RuleRun<Unit>>,
  _describe: (unit: Unit) => string,
  trace?: TraceEntry[],
  timeZone = "UTC",
): Promise<Array<RunResult<Unit>>> {
  if (rules.length === 0) return mapList(runs, (run) => ({ ...run, fired: [] }));
  const pool = poolOf(rules);
  const engine = checkout(rules, pool, timeZone);
  // Results arrive grouped by priority; policy order makes every later step order-independent.
  // Rule names are unique in a validated policy (a duplicate maps to the last, as it always did).
  const order = orderOf(rules);
  const indexOf = (result: { name: unknown }) => order.get(result.name as string) ?? 0;
  const byPolicyOrder = (a: { name: unknown }, b: { name: unknown }) => indexOf(a) - indexOf(b);
  const results: Array<RunResult<Unit>> = [];
  for (const run of runs) {
    // A rejection leaves the engine out of the pool (see above).
    const outcome = await engine.run(factsFor(run.facts, pool?.facts));
    if (trace) {
      const unit = traceUnitOf(run.facts);
      for (const result of [...outcome.results, ...outcome.failureResults].sort(byPolicyOrder)) {
        const rule = rules[indexOf(result)] as PolicyRule;
        const observed = engineObservations(result.conditions);
        trace.push(traceEntry(phase, unit, rule, Boolean(result.result), observed));
      }
    }
    const fired: FiredRule[] = outcome.results
      .filter((result) => result.result && result.event)
      .sort(byPolicyOrder)
      .map((result) => {
        const rule = rules[indexOf(result)] as PolicyRule;
        return { name: rule.name, event: rule.event as Event };
      });
    results.push({ ...run, fired });
  }
  giveBack(pool, timeZone, engine);
  return results;
}

// A frozen rule list's name → index map, built once.
const ORDERS = new WeakMap<readonly PolicyRule[], Map<string, number>>();

function orderOf(rules: readonly PolicyRule[]): Map<string, number> {
  let order = ORDERS.get(rules);
  if (order === undefined) {
    order = new Map(rules.map((rule, index) => [rule.name, index]));
    if (isFrozenList(rules)) ORDERS.set(rules, order);
  }
  return order;
}

// Rules are frozen once validated, so each is compiled once, whichever policy object holds it.
const COMPILED = new WeakMap<PolicyRule, CompiledRule>();

/**
 * The compiled form of a validated rule, compiled on first use.
 *
 * @param rule - A rule of a policy `parsePolicy` returned.
 * @returns Its synchronous closures.
 */
export function compiledRule(rule: PolicyRule): CompiledRule {
  let compiled = COMPILED.get(rule);
  if (!compiled) {
    compiled = compileRule(rule);
    COMPILED.set(rule, compiled);
  }
  return compiled;
}

// A frozen rule list's compiled rules, looked up once per list instead of once per rule.
const COMPILED_LISTS = new WeakMap<readonly PolicyRule[], readonly CompiledRule[]>();

function compiledRules(rules: readonly PolicyRule[]): readonly CompiledRule[] {
  let compiled = COMPILED_LISTS.get(rules);
  if (compiled === undefined) {
    compiled = rules.map(compiledRule);
    if (isFrozenList(rules)) COMPILED_LISTS.set(rules, compiled);
  }
  return compiled;
}

/**
 * {@link runRules} without json-rules-engine: the same rules, compiled into synchronous closures
 * with json-rules-engine's semantics, give the same fired events and the same trace.
 *
 * @param phase - The phase name, for the trace.
 * @param rules - The phase's rules (validated and frozen).
 * @param runs - The units and their facts.
 * @param _describe - A unit's name (unused: the trace names the deliverable or claim a run's facts
 *   hold, see {@link traceUnitOf}; kept so callers need not change).
 * @param trace - When given, receives every rule run: its result and its conditions' values.
 * @param timeZone - The campaign zone, for the duration operators' calendar days.
 * @returns The fired events of each run, in policy order.
 */
export function runRulesSync<Unit>(
  phase: TracePhase,
  rules: readonly PolicyRule[],
  runs: ReadonlyArray<RuleRun<Unit>>,
  _describe: (unit: Unit) => string,
  trace?: TraceEntry[],
  timeZone = "UTC",
): Array<RunResult<Unit>> {
  // A run is its unit and facts (RuleRun): copied field by field, where a spread per run was
  // the costliest step of this loop.
  if (rules.length === 0) {
    return mapList(runs, (run) => ({ unit: run.unit, facts: run.facts, fired: [] }));
  }
  const operators = engineOperators(timeZone);
  const compiled = compiledRules(rules);
  const results: Array<RunResult<Unit>> = [];
  for (const run of runs) {
    assertRunnableFacts(run.facts);
    const fired: FiredRule[] = [];
    // json-rules-engine runs priority groups in turn; every rule runs either way, and the
    // results are read in policy order, so plain policy order gives the same answer.
    if (trace) {
      // Traced separately, so the untraced path allocates no trace structure at all.
      const traces = compiled.map((rule) => rule.trace(run.facts, operators));
      const unit = traceUnitOf(run.facts);
      traces.forEach((traced, index) => {
        const rule = rules[index] as PolicyRule;
        trace.push(traceEntry(phase, unit, rule, traced.result, compiledObservations(traced)));
        if (traced.result) fired.push({ name: rule.name, event: rule.event as Event });
      });
      results.push({ unit: run.unit, facts: run.facts, fired });
      continue;
    }
    // One loop, no per-run arrays: a throw discards `fired` either way, so testing and
    // collecting in one pass gives what testing every rule first gave. Equal conditions of these
    // rules are evaluated once for this run's facts (see openRunMemo).
    const facts = run.facts;
    openRunMemo();
    try {
      for (let index = 0; index < compiled.length; index++) {
        if ((compiled[index] as CompiledRule).test(facts, operators)) {
          const rule = rules[index] as PolicyRule;
          fired.push({ name: rule.name, event: rule.event as Event });
        }
      }
    } finally {
      closeRunMemo();
    }
    results.push({ unit: run.unit, facts: run.facts, fired });
  }
  return results;
}
