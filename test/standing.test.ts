import { describe, expect, it } from "vitest";
import { applyVerdict, emptyStanding, evaluate, refluenced } from "../src/index.js";

const facts = (posted: boolean) => ({
  campaign: {
    id: "camp-r",
    kind: "paid",
    timezone: "Europe/Berlin",
    startsAt: "2026-03-01T00:00:00+01:00",
    endsAt: "2026-03-31T23:59:59+02:00",
  },
  influencer: { id: "inf-r" },
  participation: { selectedAt: "2026-03-01T10:00:00+01:00" },
  deliverables: [
    {
      id: "reel",
      kind: "reel",
      dueAt: "2026-03-20T23:59:59+01:00",
      ...(posted ? { post: { publishedAt: "2026-03-24T12:00:00+01:00" } } : {}),
    },
  ],
  payment: { amount: { amount: 25000, currency: "EUR" } },
});

describe("standing: restrictions lift when the campaign is complete", () => {
  it("restricts while content is missing and lifts the restriction once it is synced", async () => {
    const missing = await evaluate(facts(false), refluenced(), { asOf: "2026-03-22T00:00:00Z" });
    const restricted = applyVerdict(emptyStanding("inf-r"), missing);
    expect(restricted).toMatchObject({ status: "restricted", restrictedBy: ["camp-r"] });

    const complete = await evaluate(facts(true), refluenced(), { asOf: "2026-03-25T00:00:00Z" });
    const lifted = applyVerdict(restricted, complete);
    expect(lifted.status).toBe("active");
    expect(lifted.restrictedBy).toBeUndefined();
    expect(lifted.strikes).toHaveLength(1); // the late post stays on record as a strike
  });

  it("keeps the restriction while another campaign still imposes it", async () => {
    const missing = await evaluate(facts(false), refluenced(), { asOf: "2026-03-22T00:00:00Z" });
    const other = { ...missing, campaignId: "camp-other" };
    const both = applyVerdict(applyVerdict(emptyStanding("inf-r"), missing), other);
    expect(both.restrictedBy).toEqual(["camp-r", "camp-other"]);
    const complete = await evaluate(facts(true), refluenced(), { asOf: "2026-03-25T00:00:00Z" });
    expect(applyVerdict(both, complete)).toMatchObject({
      status: "restricted",
      restrictedBy: ["camp-other"],
    });
  });

  it("never lifts a more severe status", async () => {
    const missing = await evaluate(facts(false), refluenced(), { asOf: "2026-03-22T00:00:00Z" });
    const excluded = {
      ...applyVerdict(emptyStanding("inf-r"), missing),
      status: "excluded" as const,
    };
    const complete = await evaluate(facts(true), refluenced(), { asOf: "2026-03-25T00:00:00Z" });
    expect(applyVerdict(excluded, complete).status).toBe("excluded");
  });
});
