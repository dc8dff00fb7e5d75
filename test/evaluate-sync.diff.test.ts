/**
 * The compiled synchronous evaluator gives the reference verdict byte for byte: `evaluateSync`
 * and `compilePolicy(...).evaluate` against `evaluate` (json-rules-engine), on every example,
 * on the 520 generated cases of the host corpus (every preset, DST crossings, claims, contacts,
 * standings), with and without the trace, and on the accepted policies of the policy fuzz.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { examples } from "../examples/index.js";
import {
  compilePolicy,
  evaluate,
  evaluateSync,
  isValidationError,
  mediance,
  parsePolicy,
} from "../src/index.js";
import { seoulFacts } from "./fixtures.js";
import { FACTS_SEEDS } from "./fuzz/facts.js";
import { policyCaseArbitrary } from "./fuzz/policies.js";
import { fuzzRuns, fuzzSeed } from "./fuzz/runs.js";
import { generateCorpus } from "./host/corpus.js";

/** The outcome of one evaluator: the verdict's JSON, or the error's class, code and message. */
async function outcome(run: () => unknown): Promise<string> {
  try {
    return JSON.stringify(await run());
  } catch (error) {
    if (isValidationError(error)) return `ValidationError ${error.code} ${error.message}`;
    return `${(error as Error)?.name}: ${(error as Error)?.message}`;
  }
}

// Hundreds of evaluations per test: far past vitest's 5 s default on a loaded 2-core machine.
describe("evaluateSync = evaluate", { timeout: 120_000 }, () => {
  it("on every example scenario", async () => {
    let count = 0;
    for (const [, scenarios] of examples) {
      for (const scenario of scenarios) {
        const options = {
          asOf: scenario.asOf,
          ...(scenario.standing ? { standing: scenario.standing } : {}),
        };
        const reference = await outcome(() => evaluate(scenario.facts, scenario.policy, options));
        expect(reference.startsWith("{")).toBe(true);
        expect(await outcome(() => evaluateSync(scenario.facts, scenario.policy, options))).toBe(
          reference,
        );
        expect(
          await outcome(() => compilePolicy(scenario.policy).evaluate(scenario.facts, options)),
        ).toBe(reference);
        const traced = { ...options, trace: true };
        expect(await outcome(() => evaluateSync(scenario.facts, scenario.policy, traced))).toBe(
          await outcome(() => evaluate(scenario.facts, scenario.policy, traced)),
        );
        count += 1;
      }
    }
    console.log(`evaluateSync differential: ${count} example scenarios identical`);
  });

  it("on the generated corpus of every preset", async () => {
    const corpus = generateCorpus();
    let verdicts = 0;
    for (const testCase of corpus) {
      const options = {
        asOf: testCase.asOf,
        ...(testCase.standing ? { standing: testCase.standing } : {}),
      };
      const reference = await outcome(() => evaluate(testCase.facts, testCase.policy, options));
      if (reference.startsWith("{")) verdicts += 1;
      expect(await outcome(() => evaluateSync(testCase.facts, testCase.policy, options))).toBe(
        reference,
      );
    }
    expect(verdicts).toBeGreaterThan(corpus.length * 0.9);
    console.log(
      `evaluateSync differential: ${corpus.length} corpus cases identical (${verdicts} verdicts)`,
    );
  });

  it("on policies the fuzzer mutated and parsePolicy accepted", async () => {
    let accepted = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(policyCaseArbitrary(FACTS_SEEDS.length), async (policyCase) => {
        runs += 1;
        let policy: unknown;
        try {
          policy = parsePolicy(policyCase.policy);
        } catch (error) {
          if (isValidationError(error)) return;
          throw error;
        }
        accepted += 1;
        for (const seed of FACTS_SEEDS.slice(0, 2)) {
          const options = { asOf: seed.asOf, trace: true };
          expect(await outcome(() => evaluateSync(seed.facts, policy, options))).toBe(
            await outcome(() => evaluate(seed.facts, policy, options)),
          );
        }
      }),
      { numRuns: fuzzRuns(1_000), ...fuzzSeed() },
    );
    console.log(
      `evaluateSync differential: ${runs} fuzzed policies, ${accepted} accepted and identical`,
    );
  });

  it("refuses bad input the same way", async () => {
    const bad = { ...seoulFacts(), deliverables: [] };
    const options = { asOf: "2026-04-10T00:00:00Z" };
    const reference = await outcome(() => evaluate(bad, mediance(), options));
    expect(reference).toMatch(/^ValidationError INVALID_FACTS/);
    expect(await outcome(() => evaluateSync(bad, mediance(), options))).toBe(reference);
    expect(() => compilePolicy({ id: "x" })).toThrow(/Invalid policy/);
  });
});
