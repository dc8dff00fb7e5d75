/**
 * Runs every example scenario and prints its verdict: `npm run demo`.
 */
import { evaluate, formatVerdict } from "../src/index.js";
import { compositions, customPolicies, examples } from "./index.js";

let unexpected = 0;
for (const [preset, scenarios] of [...examples, ...compositions, ...customPolicies]) {
  for (const scenario of scenarios) {
    const verdict = await evaluate(scenario.facts, scenario.policy, {
      asOf: scenario.asOf,
      ...(scenario.standing ? { standing: scenario.standing } : {}),
    });
    console.log(`\n=== ${preset}: ${scenario.title}`);
    console.log(formatVerdict(verdict));
    if (
      verdict.status !== scenario.expected.status ||
      verdict.noShow !== scenario.expected.noShow
    ) {
      unexpected++;
      console.log(
        `!!! expected ${scenario.expected.status}${scenario.expected.noShow ? " (no-show)" : ""}`,
      );
    }
  }
}
if (unexpected > 0) {
  console.error(`\n${unexpected} example(s) did not come out as expected`);
  process.exitCode = 1;
}
