/**
 * The json-rules-engine adapter: a fresh Engine per phase and evaluation (run state lives on the
 * Engine, json-rules-engine issue #303), the safe path resolver, and our operators.
 */
import { Engine, type Event } from "json-rules-engine";
import type { PolicyRule } from "../policies/schema.js";
import { customOperators, durationOperators } from "./operators.js";
import { safePathResolver } from "./path.js";

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

function createEngine(rules: readonly PolicyRule[], timeZone: string): Engine {
  const engine = new Engine([], {
    allowUndefinedFacts: false,
    allowUndefinedConditions: false,
    replaceFactsInEventParams: false,
    pathResolver: safePathResolver,
  });
  for (const [name, evaluate] of Object.entries({
    ...customOperators,
    ...durationOperators(timeZone),
  })) {
    engine.addOperator(name, evaluate as (a: unknown, b: unknown) => boolean);
  }
  // Rules come fresh from parsePolicy on every evaluation, and json-rules-engine copies their
  // conditions itself, so the caller's policy is never touched.
  for (const rule of rules) engine.addRule(rule);
  return engine;
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
