import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ainfluencer, evaluate, type Standing, type Verdict } from "../src/index.js";
import { goodPost, standingWith, withDeliverable } from "./ainfluencer.fixtures.js";

/** How severe each sanction is, for comparing two verdicts. */
const RANK: Record<string, number> = {
  withhold_payout: 1,
  refund_advertiser: 1,
  decrease_quality_score: 2,
  reduce_visibility: 2,
  suspend_account: 3,
};

function severity(verdict: Verdict): number {
  return Math.max(0, ...verdict.sanctions.map((sanction) => RANK[sanction.type] ?? 0));
}

/** The outcomes a campaign can have, as facts. */
const SCENARIOS = {
  compliant: withDeliverable({}),
  missing: withDeliverable({ post: undefined }),
  mismatch: withDeliverable({ post: goodPost({ caption: "no agreed tags here" }) }),
  removed: withDeliverable({
    post: goodPost({ observations: [{ at: "2026-04-11T12:00:00-04:00", state: "deleted" }] }),
  }),
  review: withDeliverable({ post: goodPost({ observations: [] }) }),
  excused: withDeliverable(
    { post: undefined },
    {
      exceptions: [
        {
          id: "exc",
          type: "illness",
          reportedAt: "2026-04-10T09:00:00-04:00",
          decision: "accepted",
        },
      ],
    },
  ),
};

const ASOF = "2026-04-14T00:00:00Z";

/** A prior strike of another campaign, possibly expired or revoked at {@link ASOF}. */
const strikeArb = fc.record({
  day: fc.integer({ min: 1, max: 60 }),
  expired: fc.boolean(),
  revoked: fc.boolean(),
});

function priorStanding(strikes: Array<{ day: number; expired: boolean; revoked: boolean }>) {
  return standingWith(
    strikes.map((strike, index) => ({
      at: new Date(Date.UTC(2026, 0, strike.day)).toISOString(),
      campaignId: `prior-${index}`,
      ...(strike.expired ? { expiresAt: "2026-04-13T00:00:00.000Z" } : {}),
      ...(strike.revoked ? { revokedAt: "2026-03-20T00:00:00.000Z" } : {}),
    })),
  );
}

/** The standing plus one more unexpired, unrevoked failure of another campaign. */
function withOneMoreFailure(standing: Standing, day: number): Standing {
  return {
    ...standing,
    status: "hidden",
    strikes: [
      ...standing.strikes,
      {
        at: new Date(Date.UTC(2026, 2, day)).toISOString(),
        campaignId: "added",
        policyId: "ainfluencer",
        rules: ["ainfluencer.terms-mismatch"],
      },
    ],
  };
}

describe("ainfluencer properties", () => {
  it("adding a failure to the standing never lowers the severity of the sanctions", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...(Object.keys(SCENARIOS) as Array<keyof typeof SCENARIOS>)),
        fc.array(strikeArb, { maxLength: 5 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: -50, max: 0 }),
        async (scenario, strikes, addedDay, suspendAfterFailures, qualityScorePenalty) => {
          const policy = ainfluencer({ suspendAfterFailures, qualityScorePenalty });
          const facts = SCENARIOS[scenario];
          const before = priorStanding(strikes);
          const after = withOneMoreFailure(before, addedDay);
          const base = await evaluate(facts, policy, { asOf: ASOF, standing: before });
          const more = await evaluate(facts, policy, { asOf: ASOF, standing: after });
          expect(severity(more)).toBeGreaterThanOrEqual(severity(base));
          const moreTypes = new Set(more.sanctions.map((sanction) => sanction.type));
          for (const sanction of base.sanctions) expect(moreTypes).toContain(sanction.type);
          // The findings, status and money do not depend on the standing.
          expect(more.status).toBe(base.status);
          expect(more.sanctions.filter((s) => s.amount)).toEqual(
            base.sanctions.filter((s) => s.amount),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it("suspends exactly when the active failures including this one reach the threshold", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(strikeArb, { maxLength: 6 }),
        fc.integer({ min: 1, max: 5 }),
        async (strikes, suspendAfterFailures) => {
          const policy = ainfluencer({ suspendAfterFailures });
          const verdict = await evaluate(SCENARIOS.missing, policy, {
            asOf: ASOF,
            standing: priorStanding(strikes),
          });
          const active = strikes.filter((strike) => !strike.expired && !strike.revoked).length;
          const suspended = verdict.sanctions.some((s) => s.type === "suspend_account");
          expect(suspended).toBe(active + 1 >= suspendAfterFailures);
        },
      ),
      { numRuns: 100 },
    );
  });
});
