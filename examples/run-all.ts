/**
 * Runs every example scenario and prints its verdict: `npm run demo`.
 */
import { evaluate, formatVerdict } from "../src/index.js";
import { scenarios as ainfluencer } from "./ainfluencer.js";
import { scenarios as flinque } from "./flinque.js";
import { scenarios as mediance } from "./mediance.js";
import { scenarios as refluenced } from "./refluenced.js";
import type { Scenario } from "./scenario.js";

const all: Array<[string, Scenario[]]> = [
  ["Mediance", mediance],
  ["Ainfluencer", ainfluencer],
  ["Refluenced", refluenced],
  ["Flinque", flinque],
];

for (const [preset, scenarios] of all) {
  for (const scenario of scenarios) {
    const verdict = await evaluate(scenario.facts, scenario.policy, {
      asOf: scenario.asOf,
      ...(scenario.standing ? { standing: scenario.standing } : {}),
    });
    console.log(`\n=== ${preset}: ${scenario.title}`);
    console.log(formatVerdict(verdict));
  }
}
