/**
 * Fuzzing of policies: policies mutated from every preset's JSON and from custom rules built
 * with the builders, with deep fact paths (valid and misspelt) drawn from the fact registry.
 * Whatever `parsePolicy` accepts must then evaluate on valid facts without any error at all,
 * with `evaluate` and `evaluateSync` alike (principle 3: validated means runnable); what it
 * refuses, it refuses with a ValidationError and nothing else. Neither mutates its input.
 *
 * Counts: 10,000 runs by default. `NOSHOW_FUZZ_RUNS=500` runs 500 (an absolute count), and
 * `NOSHOW_FUZZ_RUNS=0.05x` a multiple of the full count (here 500), for a quick local pass;
 * `NOSHOW_FUZZ_SEED=<seed>` replays the seed fast-check prints with a failure.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  evaluate,
  evaluateSync,
  formatVerdict,
  isValidationError,
  parsePolicy,
} from "../src/index.js";
import { FACTS_SEEDS } from "./fuzz/facts.js";
import { sameData, snapshot } from "./fuzz/mutate.js";
import { type PolicyCase, policyCaseArbitrary } from "./fuzz/policies.js";
import { FuzzStats, fuzzRuns, fuzzSeed } from "./fuzz/runs.js";

const RUNS = fuzzRuns(10_000);

function summary(testCase: PolicyCase): string {
  return `${testCase.seed} rules ${JSON.stringify(testCase.window ?? "all")} steps ${JSON.stringify(testCase.steps)} facts ${testCase.facts
    .map((index) => FACTS_SEEDS[index]?.name)
    .join(" + ")}`;
}

describe("policy fuzzing", () => {
  it(`parsePolicy throws only ValidationError, and what it accepts evaluates without error (${RUNS} runs)`, async () => {
    const stats = new FuzzStats();
    try {
      await fc.assert(
        fc.asyncProperty(policyCaseArbitrary(FACTS_SEEDS.length), async (testCase) => {
          const before = snapshot(testCase.policy);
          const stop = stats.start();
          let policy: ReturnType<typeof parsePolicy> | undefined;
          try {
            policy = parsePolicy(testCase.policy);
          } catch (error) {
            if (!isValidationError(error)) throw error;
            stats.count(`ValidationError ${error.issues[0]?.code ?? "?"}`);
          }
          if (policy) {
            stats.count("accepted");
            if (testCase.steps.some((step) => step.kind === "deepLeaf" || step.kind === "deepRef"))
              stats.count("accepted with a deep registry path");
            // Valid facts: nothing may throw here, not even a ValidationError.
            for (const index of testCase.facts) {
              const seed = FACTS_SEEDS[index];
              if (!seed) throw new Error(`no facts seed ${index}`);
              const options = {
                asOf: seed.asOf,
                ...(seed.standing ? { standing: seed.standing } : {}),
              };
              const verdict = await evaluate(seed.facts, policy, options);
              expect(typeof JSON.stringify(verdict)).toBe("string");
              expect(typeof formatVerdict(verdict)).toBe("string");
              // The compiled evaluator runs whatever the checker accepts too, to the same verdict.
              expect(JSON.stringify(evaluateSync(seed.facts, policy, options))).toBe(
                JSON.stringify(verdict),
              );
            }
          }
          stop(() => summary(testCase));
          if (before) expect(sameData(testCase.policy, before.value)).toBe(true);
        }),
        { numRuns: RUNS, ...fuzzSeed() },
      );
    } finally {
      console.log(stats.report("fuzz parsePolicy + evaluate", RUNS));
    }
  }, 600_000);
});
