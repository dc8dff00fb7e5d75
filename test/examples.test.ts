import { describe, expect, it } from "vitest";
import { examples } from "../examples/index.js";
import { evaluate, formatVerdict } from "../src/index.js";

describe("examples (what `npm run demo` prints)", () => {
  for (const [preset, scenarios] of examples) {
    for (const scenario of scenarios) {
      it(`${preset}: ${scenario.title}`, async () => {
        const verdict = await evaluate(scenario.facts, scenario.policy, {
          asOf: scenario.asOf,
          ...(scenario.standing ? { standing: scenario.standing } : {}),
        });
        expect({ status: verdict.status, noShow: verdict.noShow }).toEqual(scenario.expected);
        expect(formatVerdict(verdict)).toContain(`status: ${scenario.expected.status}`);
      });
    }
  }
  it("covers every preset with at least two scenarios", () => {
    expect(examples.map(([preset, scenarios]) => [preset, scenarios.length >= 2])).toEqual([
      ["Mediance", true],
      ["Refluenced", true],
      ["Ainfluencer", true],
      ["Flinque", true],
    ]);
  });
});
