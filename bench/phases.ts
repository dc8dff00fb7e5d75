/**
 * Where one `evaluateSync` verdict's time goes, phase by phase (`bench/evaluate.bench.ts` prints
 * it). Each phase is timed inside real evaluations: `evaluationSteps` validates the inputs, then
 * runs the pipeline up to each batch of rules, which this file runs itself, so the code between
 * two batches (and each batch) is one timed segment of the very code `evaluateSync` runs.
 *
 * - parse facts: `parseFacts` alone (zod, the preflight walk and the cross-field checks);
 * - options + policy: the rest of the validation (`asOf`, standing, the policy cache lookup);
 * - slice: `sliceFactsAt` alone; derive: the derived facts (the first segment, less the slice);
 * - rules: every batch of compiled rules (violations, exceptions, sanctions);
 * - findings + explanations: building the findings, their rendered explanations, and the claims;
 * - exceptions + sanctions facts: deciding claims, applying them, the `findings` facts;
 * - assemble: sanctions, actions, next check, strike and the verdict object.
 */
import { performance } from "node:perf_hooks";
import { toUtc } from "../src/core/time.js";
import { evaluationSteps } from "../src/evaluate/evaluate.js";
import { parseFacts } from "../src/facts/parse.js";
import { sliceFactsAt } from "../src/facts/slice.js";
import { type EvaluateOptions, parsePolicy } from "../src/index.js";

/** The phases, in the order they run. */
export const PHASES = [
  "parse facts",
  "options + policy",
  "slice",
  "derive",
  "rules",
  "findings + explanations",
  "exceptions + sanctions facts",
  "assemble",
] as const;
export type Phase = (typeof PHASES)[number];

/** One evaluation's inputs. */
export interface PhaseCase {
  facts: unknown;
  policy: unknown;
  options: EvaluateOptions;
}

/**
 * Times the phases of one evaluation, adding the microseconds to `into`.
 *
 * @param item - The case.
 * @param into - Microseconds per phase, summed.
 */
function timeOnce(item: PhaseCase, into: Record<Phase, number>): void {
  let start = performance.now();
  const parsed = parseFacts(item.facts);
  let now = performance.now();
  into["parse facts"] += now - start;
  const asOf = toUtc(item.options.asOf);
  start = performance.now();
  sliceFactsAt(parsed, asOf);
  now = performance.now();
  const slice = now - start;
  into.slice += slice;

  start = performance.now();
  const { steps, runRules } = evaluationSteps(item.facts, item.policy, item.options);
  now = performance.now();
  // evaluationSteps validates everything, facts included: measurePhases subtracts those.
  into["options + policy"] += now - start;
  // Segments by position: before the first batch (slice, derive), between the two violations
  // batches (the deliverables' rule facts), after them (findings, explanations, claims), after
  // the exceptions (decisions, the findings facts), then the sanctions and the verdict.
  const segments: Phase[] = [
    "derive",
    "rules",
    "findings + explanations",
    "exceptions + sanctions facts",
    "assemble",
  ];
  let index = 0;
  start = performance.now();
  let step = steps.next();
  now = performance.now();
  into.derive += now - start - slice;
  while (!step.done) {
    start = performance.now();
    const results = runRules(step.value);
    now = performance.now();
    into.rules += now - start;
    index += 1;
    start = performance.now();
    step = steps.next(results);
    now = performance.now();
    const phase = segments[Math.min(index, segments.length - 1)] ?? "assemble";
    into[phase] += now - start;
  }
}

/**
 * The phases of `evaluateSync` on `cases`, in µs per verdict: `rounds` interleaved rounds of
 * `perRound` passes over the cases each, medians per phase.
 *
 * @param cases - The evaluations.
 * @param rounds - Rounds.
 * @param perRound - Passes over the cases per round.
 * @returns µs per verdict per phase, and their sum.
 */
export function measurePhases(
  cases: readonly PhaseCase[],
  rounds = 15,
  perRound = 50,
): { phases: Record<Phase, number>; total: number } {
  const prepared = cases.map((item) => ({ ...item, policy: parsePolicy(item.policy) }));
  const samples = Object.fromEntries(PHASES.map((phase) => [phase, [] as number[]])) as Record<
    Phase,
    number[]
  >;
  const zero = () => Object.fromEntries(PHASES.map((phase) => [phase, 0])) as Record<Phase, number>;
  for (let warm = 0; warm < 300; warm++) for (const item of prepared) timeOnce(item, zero());
  for (let round = 0; round < rounds; round++) {
    const sums = zero();
    for (let pass = 0; pass < perRound; pass++) for (const item of prepared) timeOnce(item, sums);
    for (const phase of PHASES)
      samples[phase].push((sums[phase] * 1000) / (perRound * prepared.length));
  }
  // evaluationSteps parses the facts too: its "options + policy" share is what is left of it.
  const phases = zero();
  for (const phase of PHASES) phases[phase] = median(samples[phase]);
  phases["options + policy"] = Math.max(0, phases["options + policy"] - phases["parse facts"]);
  const total = PHASES.reduce((sum, phase) => sum + phases[phase], 0);
  return { phases, total };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
