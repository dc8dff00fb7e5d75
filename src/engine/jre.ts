/**
 * The json-rules-engine adapter: a fresh Engine per phase and evaluation (run state lives on the
 * Engine, json-rules-engine issue #303), the safe path resolver, and our operators.
 */
import { Engine, type Event } from "json-rules-engine";
import { safePathResolver } from "../core/path.js";
import type { PolicyRule } from "../policy/schema.js";
import {
  assertRunnableFacts,
  type CompiledRule,
  compileRule,
  engineOperators,
  type OperatorSet,
} from "./compile.js";

/** One unit of work: the facts of one engine run (the campaign, a deliverable or a claim). */
export interface RuleRun<Unit> {
  unit: Unit;
  facts: Record<string, unknown>;
}

/** One rule's result in one run, for `trace: true`. */
export interface TraceEntry {
  phase: string;
  unit: string;
  rule: string;
  result: boolean;
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

function createEngine(rules: readonly PolicyRule[], timeZone: string): Engine {
  const engine = referenceEngine(engineOperators(timeZone));
  // json-rules-engine copies conditions itself, so the caller's policy is never touched, except
  // that it writes `priority` back into a leaf condition that has one: such a rule (frozen by
  // parsePolicy) gets a private copy.
  for (const rule of rules) engine.addRule(hasLeafPriority(rule) ? structuredClone(rule) : rule);
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

/**
 * Runs `rules` once per unit, one after the other on one private engine.
 *
 * @param phase - The phase name, for the trace.
 * @param rules - The phase's rules.
 * @param runs - The units and their facts.
 * @param describe - A unit's name, for the trace.
 * @param trace - When given, receives every rule's result.
 * @param timeZone - The campaign zone, for the duration operators' calendar days.
 * @returns The fired events of each run.
 */
export async function runRules<Unit>(
  phase: string,
  rules: readonly PolicyRule[],
  runs: ReadonlyArray<RuleRun<Unit>>,
  describe: (unit: Unit) => string,
  trace?: TraceEntry[],
  timeZone = "UTC",
): Promise<Array<RunResult<Unit>>> {
  if (rules.length === 0) return runs.map((run) => ({ ...run, fired: [] }));
  const engine = createEngine(rules, timeZone);
  // Results arrive grouped by priority; policy order makes every later step order-independent.
  const order = new Map(rules.map((rule, index) => [rule.name, index]));
  const byPolicyOrder = (a: { name: string }, b: { name: string }) =>
    (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0);
  const results: Array<RunResult<Unit>> = [];
  for (const run of runs) {
    const outcome = await engine.run(run.facts);
    if (trace) {
      for (const result of [...outcome.results, ...outcome.failureResults].sort(byPolicyOrder)) {
        trace.push({
          phase,
          unit: describe(run.unit),
          rule: result.name,
          result: Boolean(result.result),
        });
      }
    }
    const fired = outcome.results
      .filter((result) => result.result && result.event)
      .sort(byPolicyOrder)
      .map((result) => ({ name: result.name, event: result.event as Event }));
    results.push({ ...run, fired });
  }
  return results;
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

/**
 * {@link runRules} without json-rules-engine: the same rules, compiled into synchronous closures
 * with json-rules-engine's semantics, give the same fired events and the same trace.
 *
 * @param phase - The phase name, for the trace.
 * @param rules - The phase's rules (validated and frozen).
 * @param runs - The units and their facts.
 * @param describe - A unit's name, for the trace.
 * @param trace - When given, receives every rule's result.
 * @param timeZone - The campaign zone, for the duration operators' calendar days.
 * @returns The fired events of each run, in policy order.
 */
export function runRulesSync<Unit>(
  phase: string,
  rules: readonly PolicyRule[],
  runs: ReadonlyArray<RuleRun<Unit>>,
  describe: (unit: Unit) => string,
  trace?: TraceEntry[],
  timeZone = "UTC",
): Array<RunResult<Unit>> {
  if (rules.length === 0) return runs.map((run) => ({ ...run, fired: [] }));
  const operators = engineOperators(timeZone);
  const compiled = rules.map(compiledRule);
  const results: Array<RunResult<Unit>> = [];
  for (const run of runs) {
    assertRunnableFacts(run.facts);
    const fired: FiredRule[] = [];
    // json-rules-engine runs priority groups in turn; every rule runs either way, and the
    // results are read in policy order, so plain policy order gives the same answer.
    const outcomes = compiled.map((rule) => Boolean(rule.test(run.facts, operators)));
    outcomes.forEach((result, index) => {
      const rule = rules[index] as PolicyRule;
      if (trace) trace.push({ phase, unit: describe(run.unit), rule: rule.name, result });
      if (result) fired.push({ name: rule.name, event: rule.event as Event });
    });
    results.push({ ...run, fired });
  }
  return results;
}
