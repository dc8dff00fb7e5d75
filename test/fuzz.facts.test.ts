/**
 * Fuzzing of facts (and of `asOf` and the standing): inputs mutated from every example scenario
 * and test fixture are judged by the presets; the only error ever thrown is a ValidationError,
 * inputs are never mutated, and every verdict serialises.
 *
 * Counts: 20,000 runs by default. `NOSHOW_FUZZ_RUNS=500` runs 500 (an absolute count), and
 * `NOSHOW_FUZZ_RUNS=0.05x` a multiple of the full count (here 1,000), for a quick local pass;
 * `NOSHOW_FUZZ_SEED=<seed>` replays the seed fast-check prints with a failure.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate, isValidationError, parseFacts } from "../src/index.js";
import { type FactsCase, factsCaseArbitrary, policyOf } from "./fuzz/facts.js";
import { describe as describeInput, sameData, snapshot } from "./fuzz/mutate.js";
import { FuzzStats, fuzzRuns, fuzzSeed } from "./fuzz/runs.js";

const FULL_RUNS = 20_000;
// A tenth of the runs exercise parseFacts alone (cheap); the rest evaluate.
const RUNS = fuzzRuns(FULL_RUNS);
const PARSE_RUNS = Math.max(1, Math.round(RUNS / 10));
const EVALUATE_RUNS = Math.max(1, RUNS - PARSE_RUNS);

/** Runs `action`; a ValidationError is counted, anything else fails the property. */
async function onlyValidationErrors(
  stats: FuzzStats,
  action: () => unknown,
): Promise<unknown | undefined> {
  try {
    const result = await action();
    stats.count("accepted");
    return result;
  } catch (error) {
    if (!isValidationError(error)) throw error;
    stats.count(`ValidationError ${error.code}`);
    return undefined;
  }
}

function summary(testCase: FactsCase): string {
  return `${testCase.seed} [${testCase.policy}] steps ${JSON.stringify(testCase.steps)} options ${describeInput(testCase.options, 300)}`;
}

describe("facts fuzzing", () => {
  it(`parseFacts only ever throws ValidationError, and never mutates (${PARSE_RUNS} runs)`, async () => {
    const stats = new FuzzStats();
    try {
      await fc.assert(
        fc.asyncProperty(factsCaseArbitrary, async (testCase) => {
          const before = snapshot(testCase.facts);
          const stop = stats.start();
          await onlyValidationErrors(stats, () => parseFacts(testCase.facts));
          stop(() => summary(testCase));
          if (before) expect(sameData(testCase.facts, before.value)).toBe(true);
        }),
        { numRuns: PARSE_RUNS, ...fuzzSeed() },
      );
    } finally {
      console.log(stats.report("fuzz parseFacts", PARSE_RUNS));
    }
  }, 600_000);

  it(`evaluate only ever throws ValidationError, never mutates, and its verdict serialises (${EVALUATE_RUNS} runs)`, async () => {
    const stats = new FuzzStats();
    try {
      await fc.assert(
        fc.asyncProperty(factsCaseArbitrary, async (testCase) => {
          const before = snapshot([testCase.facts, testCase.options]);
          const stop = stats.start();
          const verdict = await onlyValidationErrors(stats, () =>
            // @ts-expect-error the fuzzed options are arbitrary, partly invalid: checked at run time
            evaluate(testCase.facts, policyOf(testCase), testCase.options),
          );
          // A verdict must always be storable as JSON.
          if (verdict !== undefined) expect(typeof JSON.stringify(verdict)).toBe("string");
          stop(() => summary(testCase));
          if (before) expect(sameData([testCase.facts, testCase.options], before.value)).toBe(true);
        }),
        { numRuns: EVALUATE_RUNS, ...fuzzSeed() },
      );
    } finally {
      console.log(stats.report("fuzz evaluate (facts)", EVALUATE_RUNS));
    }
  }, 600_000);
});
