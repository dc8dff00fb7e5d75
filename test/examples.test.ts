import { describe, expect, it } from "vitest";
import { compositions, customPolicies, examples } from "../examples/index.js";
import { evaluate, formatVerdict, PRESETS } from "../src/index.js";

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
  it("covers every preset of the registry with at least two scenarios", () => {
    expect(examples).toHaveLength(Object.keys(PRESETS).length);
    expect(examples.map(([preset, scenarios]) => [preset, scenarios.length >= 2])).toEqual([
      ["Mediance", true],
      ["Refluenced", true],
      ["Ainfluencer", true],
      ["Flinque", true],
      ["Social Louder", true],
    ]);
    for (const [index, id] of Object.keys(PRESETS).entries()) {
      const scenarios = examples[index]?.[1] ?? [];
      expect(scenarios.every((scenario) => scenario.policy.id === id)).toBe(true);
    }
  });
});

describe("composed examples (extendPolicy)", () => {
  for (const [title, scenarios] of compositions) {
    for (const scenario of scenarios) {
      it(`${title}: ${scenario.title}`, async () => {
        const verdict = await evaluate(scenario.facts, scenario.policy, { asOf: scenario.asOf });
        expect({ status: verdict.status, noShow: verdict.noShow }).toEqual(scenario.expected);
        // Refluenced's remedies, on Mediance's content_missing finding.
        const types = verdict.sanctions.map((sanction) => sanction.type);
        expect(types).toContain("withhold_payout");
        expect(types).toContain(
          scenario.asOf < "2026-04-16" ? "request_product_return" : "invoice",
        );
        for (const sanction of verdict.sanctions)
          expect(sanction.because).toEqual(["mediance.post-not-registered@feed"]);
      });
    }
  }
});

describe("custom policies (a platform's own, from a preset)", () => {
  for (const [title, scenarios] of customPolicies) {
    for (const scenario of scenarios) {
      it(`${title}: ${scenario.title}`, async () => {
        const verdict = await evaluate(scenario.facts, scenario.policy, {
          asOf: scenario.asOf,
          ...(scenario.standing ? { standing: scenario.standing } : {}),
        });
        expect({ status: verdict.status, noShow: verdict.noShow }).toEqual(scenario.expected);
      });
    }
  }

  it("ReviewNote: invoiced on a no-show, excluded on the second strike within 180 days", async () => {
    const [pending, first, second, deleted] = customPolicies[0]?.[1] ?? [];
    if (!pending || !first || !second || !deleted) throw new Error("four ReviewNote scenarios");
    const judge = (scenario: typeof first) =>
      evaluate(scenario.facts, scenario.policy, {
        asOf: scenario.asOf,
        ...(scenario.standing ? { standing: scenario.standing } : {}),
      });
    const types = async (scenario: typeof first) =>
      (await judge(scenario)).sanctions.map((sanction) => sanction.type);
    expect((await judge(pending)).nextCheckAt).toBe("2026-04-10T14:59:59.999Z");
    expect(await types(first)).toEqual(["invoice", "warning"]);
    expect((await judge(first)).sanctions[0]?.amount).toEqual({ amount: 39000, currency: "KRW" });
    expect(await types(second)).toEqual(["invoice", "exclude_from_future_campaigns"]);
    expect(await types(deleted)).toEqual(["withhold_payout", "warning"]);
  });
});
