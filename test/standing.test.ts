import { describe, expect, it } from "vitest";
import { applyVerdict, emptyStanding, evaluate, refluenced } from "../src/index.js";
import {
  claim,
  deliverable,
  money,
  type ParticipationSpec,
  participation,
  payment,
  post,
} from "../src/testing/index.js";

/** A paid Berlin participation whose reel is due 20 March; `posted`: synced late, on the 24th. */
const facts = (posted: boolean, more: ParticipationSpec = {}) =>
  participation({
    zone: "Europe/Berlin",
    kind: "paid",
    campaign: { id: "camp-r" },
    startsAt: "2026-03-01T00:00:00+01:00",
    endsAt: "2026-03-31T23:59:59+02:00",
    selectedAt: "2026-03-01T10:00:00+01:00",
    influencer: { id: "inf-r" },
    deliverables: [
      deliverable({
        id: "reel",
        kind: "reel",
        dueAt: "2026-03-20T23:59:59+01:00",
        ...(posted ? { post: post("2026-03-24T12:00:00+01:00") } : {}),
      }),
    ],
    payment: payment({ amount: money(25_000, "EUR") }),
    ...more,
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

describe("an accepted exception before the deadline", () => {
  it("stops Refluenced's reminders for the excused deliverable", async () => {
    const base = facts(false);
    const excused = facts(false, {
      exceptions: [
        claim("illness", "2026-03-10T09:00:00+01:00", { id: "ill-1", decision: "accepted" }),
      ],
    });
    const verdict = await evaluate(excused, refluenced(), { asOf: "2026-03-12T00:00:00Z" });
    expect(verdict.status).toBe("excused");
    expect(verdict.actions).toEqual([]);
    expect(verdict.nextCheckAt).toBe("2026-03-20T22:59:59.000Z"); // the deadline, when the explanation changes
    const plain = await evaluate(base, refluenced(), { asOf: "2026-03-12T00:00:00Z" });
    expect(plain.actions.map((action) => action.type)).toEqual([
      "send_reminder",
      "message_influencer",
    ]);
  });
});

describe("standing: repeat offences over time", () => {
  it("nextCheckAt includes the instant a strike expires, when the suspension would lift", async () => {
    const { ainfluencer } = await import("../src/index.js");
    const { standingWith, withDeliverable } = await import("./ainfluencer.fixtures.js");
    const standing = standingWith([
      { at: "2026-01-10T00:00:00Z", campaignId: "old-1" },
      { at: "2026-02-10T00:00:00Z", campaignId: "old-2", expiresAt: "2026-04-25T00:00:00Z" },
    ]);
    const facts = withDeliverable({ post: undefined });
    const before = await evaluate(facts, ainfluencer(), { asOf: "2026-04-20T00:00:00Z", standing });
    expect(before.sanctions.map((sanction) => sanction.type)).toContain("suspend_account");
    expect(before.nextCheckAt).toBe("2026-04-25T00:00:00.000Z");
    const after = await evaluate(facts, ainfluencer(), { asOf: "2026-04-25T00:00:00Z", standing });
    expect(after.sanctions.map((sanction) => sanction.type)).not.toContain("suspend_account");
  });

  it("applyVerdict stays exact when the score is clamped at 0", async () => {
    const { ainfluencer } = await import("../src/index.js");
    const { withDeliverable } = await import("./ainfluencer.fixtures.js");
    const failed = await evaluate(withDeliverable({ post: undefined }), ainfluencer(), {
      asOf: "2026-04-20T00:00:00Z",
    });
    const low = { ...emptyStanding("inf-mia"), qualityScore: 5 };
    const once = applyVerdict(low, failed);
    expect(once.qualityScore).toBe(0);
    expect(once.strikes[0]?.scoreDelta).toBe(-5);
    const excused = { ...failed, strike: null, sanctions: [], noShow: false, violations: [] };
    expect(applyVerdict(once, excused).qualityScore).toBe(5);
    expect(applyVerdict(once, failed)).toEqual(once);
  });
});

describe("standing: the current policy's strikeExpiry", () => {
  it("also expires strikes recorded under a policy without one", async () => {
    const { ainfluencer } = await import("../src/index.js");
    const { standingWith, withDeliverable } = await import("./ainfluencer.fixtures.js");
    const old = standingWith([
      { at: "2025-04-10T00:00:00Z", campaignId: "old-1" },
      { at: "2025-05-10T00:00:00Z", campaignId: "old-2" },
    ]);
    const facts = withDeliverable({ post: undefined });
    const without = await evaluate(facts, ainfluencer(), {
      asOf: "2026-04-20T00:00:00Z",
      standing: old,
    });
    expect(without.sanctions.map((sanction) => sanction.type)).toContain("suspend_account");
    const withExpiry = await evaluate(facts, ainfluencer({ strikeExpiry: { days: 365 } }), {
      asOf: "2026-04-20T00:00:00Z",
      standing: old,
    });
    expect(withExpiry.sanctions.map((sanction) => sanction.type)).not.toContain("suspend_account");
    const between = await evaluate(facts, ainfluencer({ strikeExpiry: { days: 365 } }), {
      asOf: "2026-05-01T00:00:00Z",
      standing: {
        ...old,
        strikes: [
          ...old.strikes,
          {
            at: "2026-04-01T00:00:00Z",
            campaignId: "old-3",
            policyId: "ainfluencer",
            rules: ["ainfluencer.not-published"],
          },
        ],
      },
    });
    // old-2 (2025-05-10) is still within 365 days on 2026-05-01 and expires on 2026-05-10.
    expect(between.nextCheckAt).toBe("2026-05-10T00:00:00.000Z");
  });
});

describe("standing: later-dated records and reinstatement", () => {
  it("nextCheckAt includes a past no-show that only takes effect later", async () => {
    const { mediance } = await import("../src/index.js");
    const { withPost } = await import("./fixtures.js");
    const clean = withPost("2026-03-10T12:00:00+09:00", [
      { at: "2026-04-10T00:00:00Z", state: "live" },
    ]);
    const standing = {
      ...emptyStanding("inf-1"),
      noShows: [
        { at: "2026-05-01T00:00:00.000Z", campaignId: "other", policyId: "mediance", rules: ["x"] },
      ],
    };
    const before = await evaluate(clean, mediance(), { asOf: "2026-04-25T00:00:00Z", standing });
    expect(before.sanctions).toEqual([]);
    expect(before.nextCheckAt).toBe("2026-05-01T00:00:00.000Z");
    const after = await evaluate(clean, mediance(), { asOf: "2026-05-01T00:00:00Z", standing });
    expect(after.sanctions[0]).toMatchObject({
      type: "exclude_from_future_campaigns",
      because: ["standing:other"],
    });
  });

  it("reinstate clears restrictions, so a later one lifts on its own", async () => {
    const { reinstate } = await import("../src/index.js");
    const missing = await evaluate(facts(false), refluenced(), { asOf: "2026-03-22T00:00:00Z" });
    const reinstated = reinstate(
      applyVerdict(emptyStanding("inf-r"), missing),
      "2026-03-23T00:00:00Z",
    );
    expect(reinstated).toMatchObject({ status: "active" });
    expect(reinstated.restrictedBy).toBeUndefined();
    const otherMissing = {
      ...missing,
      campaignId: "camp-b",
      strike: missing.strike && { ...missing.strike, at: "2026-03-24T00:00:00.000Z" },
    };
    const restricted = applyVerdict(reinstated, otherMissing);
    expect(restricted).toMatchObject({ status: "restricted", restrictedBy: ["camp-b"] });
    const otherComplete = await evaluate(facts(true), refluenced(), {
      asOf: "2026-03-25T00:00:00Z",
    });
    expect(applyVerdict(restricted, { ...otherComplete, campaignId: "camp-b" }).status).toBe(
      "active",
    );
  });
});

describe("applyVerdict: the right influencer", () => {
  it("refuses another influencer's verdict", async () => {
    const { isValidationError } = await import("../src/index.js");
    const verdict = await evaluate(facts(false), refluenced(), { asOf: "2026-03-22T00:00:00Z" });
    let error: unknown;
    try {
      applyVerdict(emptyStanding("someone-else"), verdict);
    } catch (caught) {
      error = caught;
    }
    // The verdict is the input refused, so the code is INVALID_VERDICT and the path is the
    // verdict's own (as for every other problem of a verdict).
    expect(isValidationError(error) && error.code).toBe("INVALID_VERDICT");
    expect(isValidationError(error) && error.issues).toEqual([
      {
        code: "refused",
        path: "influencerId",
        message: 'is "inf-r", but the standing belongs to "someone-else"',
      },
    ]);
  });
});
