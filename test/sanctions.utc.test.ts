/**
 * A sanction's `until` and an action's `at` read from a parameter reach the verdict in canonical
 * UTC, like every other instant of a verdict (a parameter keeps the offset it was written with).
 */
import { describe, expect, it } from "vitest";
import { evaluate, evaluateSync, type Policy, parsePolicy, refluenced } from "../src/index.js";
import { seoulFacts } from "./fixtures.js";

function withParameterInstant(at: string): Policy {
  const policy = structuredClone(refluenced()) as Policy & { parameters: Record<string, unknown> };
  policy.parameters.reviewBy = at;
  policy.rules.push({
    name: "acme.review/now",
    conditions: { all: [{ fact: "asOf", operator: "isPresent", value: true }] },
    event: {
      type: "acme.review",
      params: {
        phase: "sanctions",
        scope: "campaign",
        sanction: { type: "warning", until: "params.reviewBy", because: { kinds: ["no_show"] } },
        action: { type: "recheck", at: "params.reviewBy", note: "Look again." },
      },
    },
  } as Policy["rules"][number]);
  return parsePolicy(policy);
}

describe("instants read from parameters", () => {
  it.each([
    ["2026-05-01T00:00:00+05:45", "2026-04-30T18:15:00.000Z"],
    ["2026-05-01T00:00:00Z", "2026-05-01T00:00:00.000Z"],
    ["2026-05-01T00:00:00.000Z", "2026-05-01T00:00:00.000Z"],
  ])("%s becomes %s in until, at and nextCheckAt, in both evaluators", async (written, utc) => {
    const policy = withParameterInstant(written);
    const options = { asOf: "2026-04-20T00:00:00Z" };
    const verdict = evaluateSync(seoulFacts(), policy, options);
    expect(verdict.sanctions.filter((sanction) => sanction.until)).toEqual([
      expect.objectContaining({ type: "warning", until: utc }),
    ]);
    expect(verdict.actions.filter((action) => action.type === "recheck")).toEqual([
      { type: "recheck", at: utc, note: "Look again." },
    ]);
    expect(JSON.stringify(await evaluate(seoulFacts(), policy, options))).toBe(
      JSON.stringify(verdict),
    );
  });
});
