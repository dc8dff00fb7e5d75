/** Flinque evaluateSync in a loop, for `npx tsx --cpu-prof bench/flinque-prof.ts` (profiling only). */
import { examples } from "../examples/index.js";
import { evaluateSync, parsePolicy } from "../src/index.js";

const preset = process.env.PRESET ?? "Flinque";
const scenarios = examples.find(([name]) => name === preset)?.[1] ?? [];
const cases = scenarios.map((scenario) => ({
  facts: scenario.facts,
  policy: parsePolicy(scenario.policy),
  options: { asOf: scenario.asOf, ...(scenario.standing ? { standing: scenario.standing } : {}) },
}));
const passes = Number(process.env.PASSES ?? 4000);
for (let i = 0; i < 500; i++)
  for (const item of cases) evaluateSync(item.facts, item.policy, item.options);
const start = process.cpuUsage();
for (let i = 0; i < passes; i++)
  for (const item of cases) evaluateSync(item.facts, item.policy, item.options);
const used = process.cpuUsage(start);
console.log(
  `${preset}: ${cases.length} cases, ${((used.user + used.system) / (passes * cases.length)).toFixed(1)} µs/verdict`,
);
