/**
 * Times `evaluate` on every example scenario: `npm run bench`. Prints evaluations per second and
 * the mean time per evaluation for each preset (wall clock, after a warm-up).
 */
import { performance } from "node:perf_hooks";
import { examples } from "../examples/index.js";
import { evaluate } from "../src/index.js";

const WARMUP = 200;
const RUNS = 2000;

for (const [preset, scenarios] of examples) {
  const run = () =>
    Promise.all(
      scenarios.map((scenario) =>
        evaluate(scenario.facts, scenario.policy, {
          asOf: scenario.asOf,
          ...(scenario.standing ? { standing: scenario.standing } : {}),
        }),
      ),
    );
  for (let i = 0; i < WARMUP; i++) await run();
  const start = performance.now();
  for (let i = 0; i < RUNS; i++) await run();
  const elapsed = performance.now() - start;
  const evaluations = RUNS * scenarios.length;
  const perSecond = Math.round((evaluations / elapsed) * 1000);
  console.log(
    `${preset.padEnd(12)} ${perSecond.toString().padStart(6)} evaluations/s  ${(elapsed / evaluations).toFixed(3)} ms each`,
  );
}
