/**
 * Evaluation speed per preset, on the example scenarios (`npm run bench`). Anchors run side by
 * side in one process, in interleaved rounds, and each line gives medians and ratios:
 *
 * - `evaluateSync`: validation, derived facts, compiled rules, explanations — the whole verdict;
 * - `evaluate`: the same pipeline on json-rules-engine (the reference interpreter);
 * - `jre bare`: json-rules-engine alone running the same rules on the same derived facts, engines
 *   prepared once (what the rules cost on the engine we are built on, with nothing else).
 *
 * Pin it to one core for steady numbers: `taskset -c 0 npm run bench`.
 */
import { performance } from "node:perf_hooks";
import type { Engine } from "json-rules-engine";
import { examples } from "../examples/index.js";
import { toUtc } from "../src/core/time.js";
import { deriveFacts } from "../src/derive/derive.js";
import { engineOperators } from "../src/engine/compile.js";
import { referenceEngine } from "../src/engine/jre.js";
import { parseFacts } from "../src/facts/parse.js";
import { sliceFactsAt } from "../src/facts/slice.js";
import { evaluate, evaluateSync, parsePolicy } from "../src/index.js";

const ROUNDS = 15;
const PER_ROUND = 200;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** A json-rules-engine Engine configured as the library configures it, with the given rules. */
function bareEngine(rules: readonly unknown[], timeZone: string): Engine {
  const engine = referenceEngine(engineOperators(timeZone));
  for (const rule of rules) engine.addRule(structuredClone(rule) as never);
  return engine;
}

console.log(
  `per evaluation, medians of ${ROUNDS} interleaved rounds × ${PER_ROUND} evaluations each`,
);
console.log(
  "preset        evaluateSync      evaluate     jre bare   sync vs evaluate   sync vs jre bare",
);
for (const [preset, scenarios] of examples) {
  const cases = scenarios.map((scenario) => ({
    facts: scenario.facts,
    policy: parsePolicy(scenario.policy),
    options: { asOf: scenario.asOf, ...(scenario.standing ? { standing: scenario.standing } : {}) },
  }));
  // The bare anchor: violations-phase rules of deliverable scope on each case's derived facts.
  const bare = cases.map((c) => {
    const asOf = toUtc(c.options.asOf);
    const known = sliceFactsAt(parseFacts(c.facts), asOf);
    const derived = deriveFacts(known, c.policy.parameters, asOf, undefined);
    const common = derived.common as unknown as Record<string, unknown>;
    const runs = [
      common,
      ...derived.deliverables.map((deliverable) => ({ ...common, deliverable })),
    ];
    const campaignRules = c.policy.rules.filter(
      (r) => r.event.params.phase === "violations" && r.event.params.scope === "campaign",
    );
    const deliverableRules = c.policy.rules.filter(
      (r) => r.event.params.phase === "violations" && r.event.params.scope === "deliverable",
    );
    return {
      campaign: bareEngine(campaignRules, known.campaign.timezone),
      deliverable: bareEngine(deliverableRules, known.campaign.timezone),
      runs,
    };
  });
  const anchors = {
    sync: async () => {
      for (const c of cases) evaluateSync(c.facts, c.policy, c.options);
    },
    evaluate: async () => {
      for (const c of cases) await evaluate(c.facts, c.policy, c.options);
    },
    bare: async () => {
      for (const b of bare) {
        const [first, ...rest] = b.runs;
        await b.campaign.run(first as Record<string, unknown>);
        for (const facts of rest) await b.deliverable.run(facts);
      }
    },
  };
  const times: Record<keyof typeof anchors, number[]> = { sync: [], evaluate: [], bare: [] };
  for (const run of Object.values(anchors)) for (let i = 0; i < 20; i++) await run(); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(anchors) as Array<
      [keyof typeof anchors, () => Promise<void>]
    >) {
      const start = performance.now();
      for (let i = 0; i < PER_ROUND; i++) await run();
      times[name].push(((performance.now() - start) * 1000) / (PER_ROUND * cases.length));
    }
  }
  const [sync, reference, jre] = [median(times.sync), median(times.evaluate), median(times.bare)];
  const us = (value: number) => `${value.toFixed(1).padStart(7)} µs`;
  console.log(
    `${preset.padEnd(12)} ${us(sync)} (${Math.round(1e6 / sync)
      .toString()
      .padStart(
        6,
      )}/s) ${us(reference)} ${us(jre)}   ${(reference / sync).toFixed(1).padStart(6)}× faster   ${(jre / sync).toFixed(2).padStart(6)}×`,
  );
}
