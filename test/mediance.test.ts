import { describe, expect, it } from "vitest";
import type { CampaignFactsInput } from "../src/index.js";
import {
  applyVerdict,
  emptyStanding,
  evaluate,
  isValidationError,
  mediance,
  type Verdict,
} from "../src/index.js";
import { MEDIANCE_RULES as R } from "../src/policy-entry.js";
import {
  deliverable,
  observation,
  type ParticipationSpec,
  participation,
  post,
} from "../src/testing/index.js";
import { SEOUL, seoulFacts, withPost } from "./fixtures.js";

type ClaimInput = NonNullable<CampaignFactsInput["exceptions"]>[number];

const DEADLINE = "2026-03-31T14:59:59.000Z"; // 2026-03-31 23:59:59 in Seoul
const policy = mediance();

function finding(verdict: Verdict, rule: string, deliverableId?: string) {
  return verdict.findings.find(
    (item) => item.rule === rule && item.deliverableId === deliverableId,
  );
}

describe("mediance.post-not-registered (case 1)", () => {
  it("is pending before the deadline, with nextCheckAt at the deadline", async () => {
    const verdict = await evaluate(seoulFacts(), policy, { asOf: "2026-03-15T00:00:00Z" });
    expect(finding(verdict, R.postNotRegistered, "feed")).toMatchObject({
      outcome: "pending",
      checkAt: DEADLINE,
    });
    expect(verdict.status).toBe("pending");
    expect(verdict.nextCheckAt).toBe(DEADLINE);
    expect(verdict.sanctions).toEqual([]);
  });

  it("is a violation since the deadline once it has passed with no post, and excludes", async () => {
    const verdict = await evaluate(seoulFacts(), policy, { asOf: "2026-04-01T00:00:00Z" });
    const result = finding(verdict, R.postNotRegistered, "feed");
    expect(result).toMatchObject({ outcome: "violation", kind: "no_show", since: DEADLINE });
    expect(result?.explanation).toBe(
      "No post was registered for deliverable feed by its deadline 2026-03-31 23:59:59 +09:00; it is 9 hours 1 second overdue as of 2026-04-01 09:00 +09:00.",
    );
    expect(verdict.status).toBe("violation");
    expect(verdict.noShow).toBe(true);
    expect(verdict.sanctions).toEqual([
      {
        type: "exclude_from_future_campaigns",
        because: ["mediance.post-not-registered@feed"],
        note: "No-show influencers cannot be selected by advertisers in any future Mediance campaign.",
      },
    ]);
    expect(verdict.strike).toEqual({ at: DEADLINE, rules: [R.postNotRegistered] });
  });

  it("is still pending at exactly the deadline, and changes one millisecond later", async () => {
    const verdict = await evaluate(seoulFacts(), policy, { asOf: DEADLINE });
    expect(finding(verdict, R.postNotRegistered, "feed")?.outcome).toBe("pending");
    expect(verdict.nextCheckAt).toBe("2026-03-31T14:59:59.001Z");
    const next = await evaluate(seoulFacts(), policy, { asOf: verdict.nextCheckAt ?? "" });
    expect(next.status).toBe("violation");
  });

  it("counts a post at exactly the deadline as on time, and one a second later as late", async () => {
    const onTime = await evaluate(withPost("2026-03-31T23:59:59+09:00"), policy, {
      asOf: "2026-03-31T15:00:00Z",
    });
    expect(finding(onTime, R.postNotRegistered, "feed")?.outcome).toBe("compliant");
    const late = await evaluate(withPost("2026-04-01T00:00:00+09:00"), policy, {
      asOf: "2026-04-02T00:00:00Z",
    });
    const result = finding(late, R.postNotRegistered, "feed");
    expect(result).toMatchObject({ outcome: "violation", since: DEADLINE });
    expect(result?.explanation).toContain("1 second after its deadline 2026-03-31 23:59:59 +09:00");
  });

  it("moves the deadline with a granted extension", async () => {
    const facts = seoulFacts({
      deliverables: [
        {
          id: "feed",
          kind: "post",
          extensions: [
            {
              grantedAt: "2026-03-28T10:00:00+09:00",
              newDueAt: "2026-04-07T23:59:59+09:00",
              reason: "reshoot",
            },
          ],
          post: { publishedAt: "2026-04-05T12:00:00+09:00" },
        },
      ],
    });
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-06T00:00:00Z" });
    const result = finding(verdict, R.postNotRegistered, "feed");
    expect(result?.outcome).toBe("compliant");
    expect(result?.evidence).toMatchObject({
      dueAt: "2026-04-07T14:59:59.000Z",
      originalDueAt: DEADLINE,
    });
    const [extended] = facts.deliverables;
    if (!extended) throw new Error("no deliverable");
    const missing = await evaluate(
      seoulFacts({ deliverables: [{ ...extended, post: undefined }] }),
      policy,
      {
        asOf: "2026-04-06T00:00:00Z",
      },
    );
    expect(missing.nextCheckAt).toBe("2026-04-07T14:59:59.000Z");
  });

  it("ignores a post published after asOf (facts are read as known at asOf)", async () => {
    const verdict = await evaluate(withPost("2026-03-20T12:00:00+09:00"), policy, {
      asOf: "2026-03-15T00:00:00Z",
    });
    expect(finding(verdict, R.postNotRegistered, "feed")?.outcome).toBe("pending");
  });

  it("does not apply when the advertiser cancelled", async () => {
    const facts = seoulFacts({
      participation: {
        selectedAt: "2026-02-25T10:00:00+09:00",
        cancelledAt: "2026-03-05T10:00:00+09:00",
        cancelledBy: "advertiser",
      },
    });
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-10T00:00:00Z" });
    expect(finding(verdict, R.postNotRegistered, "feed")).toBeUndefined();
    expect(verdict.noShow).toBe(false);
  });

  it("handles a Seoul deadline at local midnight", async () => {
    const dueAt = "2026-04-01T00:00:00+09:00"; // 2026-03-31T15:00:00Z
    const facts = (publishedAt: string) =>
      seoulFacts({ deliverables: [{ id: "feed", kind: "post", dueAt, post: { publishedAt } }] });
    const atMidnight = await evaluate(facts("2026-03-31T15:00:00Z"), policy, {
      asOf: "2026-04-02T00:00:00Z",
    });
    expect(finding(atMidnight, R.postNotRegistered, "feed")?.outcome).toBe("compliant");
    const afterMidnight = await evaluate(facts("2026-04-01T00:00:01+09:00"), policy, {
      asOf: "2026-04-02T00:00:00Z",
    });
    expect(finding(afterMidnight, R.postNotRegistered, "feed")).toMatchObject({
      outcome: "violation",
      since: "2026-03-31T15:00:00.000Z",
    });
  });
});

describe("mediance.tracking-unavailable (case 2)", () => {
  const PUBLISHED = "2026-03-10T12:00:00+09:00"; // 03:00Z
  const REQUIRED = "2026-04-09T03:00:00.000Z"; // 30 calendar days later in Seoul

  it("is compliant when seen live at exactly the required minimum", async () => {
    const facts = withPost(PUBLISHED, [
      { at: REQUIRED, state: "live" },
      { at: "2026-04-09T03:00:01Z", state: "deleted", cause: "influencer" },
    ]);
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-20T00:00:00Z" });
    const result = finding(verdict, R.trackingUnavailable, "feed");
    expect(result?.outcome).toBe("compliant");
    expect(result?.evidence).toMatchObject({ requiredUntil: REQUIRED, lastLiveAt: REQUIRED });
    expect(verdict.status).toBe("compliant");
  });

  it("is a violation when the influencer deleted it before 30 days, and withholds the reward", async () => {
    const facts = withPost(PUBLISHED, [
      { at: "2026-03-20T03:00:00Z", state: "live" },
      { at: "2026-04-08T03:00:00Z", state: "deleted", cause: "influencer" },
    ]);
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-20T00:00:00Z" });
    const result = finding(verdict, R.trackingUnavailable, "feed");
    expect(result).toMatchObject({ outcome: "violation", since: "2026-04-08T03:00:00.000Z" });
    expect(result?.explanation).toBe(
      "The post of deliverable feed, published at 2026-03-10 12:00 +09:00, was seen deleted at 2026-04-08 12:00 +09:00, before the required 2026-04-09 12:00 +09:00 (30 days).",
    );
    expect(verdict.sanctions.map((sanction) => sanction.type)).toEqual([
      "exclude_from_future_campaigns",
      "withhold_payout",
    ]);
    expect(verdict.sanctions[1]).toMatchObject({
      amount: { amount: 100000, currency: "KRW" },
      because: ["mediance.tracking-unavailable@feed"],
    });
  });

  it("needs review when the threshold falls between the last live and the first non-live observation", async () => {
    const facts = withPost(PUBLISHED, [
      { at: "2026-04-08T03:00:00Z", state: "live" },
      { at: "2026-04-10T03:00:00Z", state: "deleted" },
    ]);
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-20T00:00:00Z" });
    expect(finding(verdict, R.trackingUnavailable, "feed")?.outcome).toBe("needs_review");
    expect(verdict.status).toBe("needs_review");
    expect(verdict.sanctions).toEqual([]);
  });

  it("needs review when the first non-live observation is exactly at the threshold", async () => {
    const facts = withPost(PUBLISHED, [{ at: REQUIRED, state: "deleted" }]);
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-20T00:00:00Z" });
    expect(finding(verdict, R.trackingUnavailable, "feed")?.outcome).toBe("needs_review");
  });

  it("does not blame the influencer for a removal by the platform", async () => {
    const facts = withPost(PUBLISHED, [
      { at: "2026-03-15T03:00:00Z", state: "removed_by_platform", cause: "platform" },
    ]);
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-20T00:00:00Z" });
    const result = finding(verdict, R.trackingUnavailable, "feed");
    expect(result?.outcome).toBe("needs_review");
    expect(result?.explanation).toContain("not the influencer's fault");
    expect(verdict.noShow).toBe(false);
    expect(verdict.sanctions).toEqual([]);
  });

  it("treats an expired token as a tracking gap, closed by a later live sighting", async () => {
    const gap = withPost(PUBLISHED, [
      { at: "2026-03-15T03:00:00Z", state: "unavailable", cause: "token_expired" },
    ]);
    const open = await evaluate(gap, policy, { asOf: "2026-04-20T00:00:00Z" });
    expect(finding(open, R.trackingUnavailable, "feed")?.outcome).toBe("needs_review");
    const closed = withPost(PUBLISHED, [
      { at: "2026-03-15T03:00:00Z", state: "unavailable", cause: "token_expired" },
      { at: "2026-04-10T03:00:00Z", state: "live" },
    ]);
    const verdict = await evaluate(closed, policy, { asOf: "2026-04-20T00:00:00Z" });
    expect(finding(verdict, R.trackingUnavailable, "feed")?.outcome).toBe("compliant");
  });

  it("counts a private account within the campaign duration even after 30 days", async () => {
    const longCampaign = { ...seoulFacts().campaign, endsAt: "2026-05-31T23:59:59+09:00" };
    const observations = [
      observation("2026-04-10T03:00:00Z"),
      observation("2026-04-20T03:00:00Z", "private", "influencer"),
    ];
    const during = await evaluate(
      withPost(PUBLISHED, observations, { campaign: longCampaign }),
      policy,
      {
        asOf: "2026-04-25T00:00:00Z",
      },
    );
    expect(finding(during, R.trackingUnavailable, "feed")).toMatchObject({
      outcome: "violation",
      since: "2026-04-20T03:00:00.000Z",
    });
    const afterCampaign = await evaluate(withPost(PUBLISHED, observations), policy, {
      asOf: "2026-04-25T00:00:00Z",
    });
    expect(finding(afterCampaign, R.trackingUnavailable, "feed")?.outcome).toBe("compliant");
  });

  it("is pending while the minimum is still running, with nextCheckAt at its end", async () => {
    const facts = withPost(PUBLISHED, [{ at: "2026-03-15T03:00:00Z", state: "live" }]);
    const verdict = await evaluate(facts, policy, { asOf: "2026-03-20T00:00:00Z" });
    expect(finding(verdict, R.trackingUnavailable, "feed")).toMatchObject({
      outcome: "pending",
      checkAt: REQUIRED,
    });
    expect(verdict.nextCheckAt).toBe(REQUIRED);
  });

  it("needs review when no observation confirms the minimum after it has passed", async () => {
    const facts = withPost(PUBLISHED, [{ at: "2026-03-15T03:00:00Z", state: "live" }]);
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-15T00:00:00Z" });
    expect(finding(verdict, R.trackingUnavailable, "feed")?.outcome).toBe("needs_review");
  });

  it("uses an overridden minLiveDuration", async () => {
    const facts = withPost(PUBLISHED, [
      { at: "2026-04-10T03:00:00Z", state: "live" },
      { at: "2026-04-20T03:00:00Z", state: "deleted", cause: "influencer" },
    ]);
    const longer = await evaluate(facts, mediance({ minLiveDuration: { days: 60 } }), {
      asOf: "2026-06-01T00:00:00Z",
    });
    expect(finding(longer, R.trackingUnavailable, "feed")?.outcome).toBe("violation");
    const standard = await evaluate(facts, policy, { asOf: "2026-06-01T00:00:00Z" });
    expect(finding(standard, R.trackingUnavailable, "feed")?.outcome).toBe("compliant");
  });
});

describe("mediance.edit-request-ignored (case 3)", () => {
  const facts = (request: Record<string, string>) =>
    seoulFacts({
      deliverables: [
        {
          id: "feed",
          kind: "post",
          post: {
            publishedAt: "2026-03-10T12:00:00+09:00",
            observations: [{ at: "2026-04-10T00:00:00Z", state: "live" }],
          },
          editRequests: [
            {
              id: "edit-1",
              requestedAt: "2026-03-12T10:00:00+09:00",
              reason: "guideline_mismatch",
              ...request,
            },
          ],
        },
      ],
    });
  const RESPOND_BY = "2026-03-15T01:00:00.000Z"; // 3 days after 2026-03-12 10:00 KST

  it("is a violation when the window passes with no response, and withholds the reward", async () => {
    const verdict = await evaluate(facts({}), policy, { asOf: "2026-03-16T00:00:00Z" });
    expect(finding(verdict, R.editRequestIgnored, "feed")).toMatchObject({
      outcome: "violation",
      since: RESPOND_BY,
    });
    expect(
      verdict.sanctions.find((sanction) => sanction.type === "withhold_payout")?.because,
    ).toEqual(["mediance.edit-request-ignored@feed"]);
  });

  it("is compliant with a response at exactly the end of the window", async () => {
    const verdict = await evaluate(facts({ respondedAt: "2026-03-15T10:00:00+09:00" }), policy, {
      asOf: "2026-03-16T00:00:00Z",
    });
    expect(finding(verdict, R.editRequestIgnored, "feed")?.outcome).toBe("compliant");
  });

  it("is a violation with a response one minute late", async () => {
    const verdict = await evaluate(facts({ respondedAt: "2026-03-15T10:01:00+09:00" }), policy, {
      asOf: "2026-03-16T00:00:00Z",
    });
    expect(finding(verdict, R.editRequestIgnored, "feed")?.outcome).toBe("violation");
  });

  it("is pending while the window is open", async () => {
    const verdict = await evaluate(facts({}), policy, { asOf: "2026-03-13T00:00:00Z" });
    expect(finding(verdict, R.editRequestIgnored, "feed")).toMatchObject({
      outcome: "pending",
      checkAt: RESPOND_BY,
    });
  });

  it("ignores requests for other reasons", async () => {
    const verdict = await evaluate(facts({ reason: "other" }), policy, {
      asOf: "2026-03-16T00:00:00Z",
    });
    expect(finding(verdict, R.editRequestIgnored, "feed")).toBeUndefined();
  });
});

describe("mediance.unresponsive (case 4)", () => {
  it("is a violation for an unanswered platform contact", async () => {
    const facts = seoulFacts({
      contacts: [
        { id: "call-1", at: "2026-03-05T10:00:00+09:00", from: "platform", channel: "email" },
      ],
    });
    const verdict = await evaluate(facts, policy, { asOf: "2026-03-09T00:00:00Z" });
    expect(finding(verdict, R.unresponsive)).toMatchObject({
      outcome: "violation",
      since: "2026-03-08T01:00:00.000Z",
    });
  });

  it("counts delayed feedback (a late answer) as a violation", async () => {
    const facts = seoulFacts({
      contacts: [
        {
          id: "mail-1",
          at: "2026-03-05T10:00:00+09:00",
          from: "platform",
          channel: "email",
          respondedAt: "2026-03-09T10:00:00+09:00",
        },
      ],
    });
    const verdict = await evaluate(facts, policy, { asOf: "2026-03-10T00:00:00Z" });
    expect(finding(verdict, R.unresponsive)?.outcome).toBe("violation");
    expect(finding(verdict, R.unresponsive)?.evidence.answeredLate).toEqual([
      {
        id: "mail-1",
        at: "2026-03-05T01:00:00.000Z",
        respondBy: "2026-03-08T01:00:00.000Z",
        respondedAt: "2026-03-09T01:00:00.000Z",
        lateBy: "1 day",
      },
    ]);
  });

  it("does not count advertiser contacts", async () => {
    const facts = seoulFacts({
      contacts: [
        { id: "mail-1", at: "2026-03-05T10:00:00+09:00", from: "advertiser", channel: "email" },
      ],
    });
    const verdict = await evaluate(facts, policy, { asOf: "2026-03-10T00:00:00Z" });
    expect(finding(verdict, R.unresponsive)).toBeUndefined();
  });

  it("counts days as calendar days across a DST change in America/New_York", async () => {
    const facts = (respondedAt: string) =>
      seoulFacts({
        campaign: { ...seoulFacts().campaign, timezone: "America/New_York" },
        contacts: [
          {
            id: "mail-1",
            at: "2026-03-07T12:00:00-05:00",
            from: "platform",
            channel: "email",
            respondedAt,
          },
        ],
      });
    // DST starts 2026-03-08: three calendar days later is 12:00 EDT = 16:00Z, not 17:00Z (72 hours).
    const inTime = await evaluate(facts("2026-03-10T16:00:00Z"), policy, {
      asOf: "2026-03-11T00:00:00Z",
    });
    expect(finding(inTime, R.unresponsive)?.outcome).toBe("compliant");
    const late = await evaluate(facts("2026-03-10T16:30:00Z"), policy, {
      asOf: "2026-03-11T00:00:00Z",
    });
    expect(finding(late, R.unresponsive)).toMatchObject({
      outcome: "violation",
      since: "2026-03-10T16:00:00.000Z",
    });
  });
});

describe("mediance.silent-after-product (case 5)", () => {
  const call = (at: string, respondedAt?: string) => ({
    id: "call-1",
    at,
    from: "advertiser" as const,
    channel: "call" as const,
    ...(respondedAt ? { respondedAt } : {}),
  });

  it("is a violation when a call after delivery goes unanswered", async () => {
    const verdict = await evaluate(
      seoulFacts({ contacts: [call("2026-03-04T10:00:00+09:00")] }),
      policy,
      {
        asOf: "2026-03-08T00:00:00Z",
      },
    );
    expect(finding(verdict, R.silentAfterProduct)).toMatchObject({
      outcome: "violation",
      since: "2026-03-07T01:00:00.000Z",
    });
    expect(verdict.noShow).toBe(true);
  });

  it("ignores calls before delivery", async () => {
    const verdict = await evaluate(
      seoulFacts({ contacts: [call("2026-03-03T10:00:00+09:00")] }),
      policy,
      {
        asOf: "2026-03-08T00:00:00Z",
      },
    );
    expect(finding(verdict, R.silentAfterProduct)?.outcome).toBe("compliant");
  });

  it("does not apply to a paid campaign", async () => {
    const facts = seoulFacts({
      campaign: { ...seoulFacts().campaign, kind: "paid" },
      contacts: [call("2026-03-04T10:00:00+09:00")],
    });
    const verdict = await evaluate(facts, policy, { asOf: "2026-03-08T00:00:00Z" });
    expect(finding(verdict, R.silentAfterProduct)).toBeUndefined();
  });

  it("needs review in a product sponsorship with no product facts", async () => {
    const verdict = await evaluate(seoulFacts({ product: undefined }), policy, {
      asOf: "2026-03-08T00:00:00Z",
    });
    expect(finding(verdict, R.silentAfterProduct)?.outcome).toBe("needs_review");
    expect(finding(verdict, R.silentAfterProduct)?.explanation).toContain("no product");
  });

  it("is pending until the product is delivered", async () => {
    const facts = seoulFacts({
      product: {
        value: { amount: 45000, currency: "KRW" },
        shippedAt: "2026-03-02T09:00:00+09:00",
      },
    });
    const verdict = await evaluate(facts, policy, { asOf: "2026-03-08T00:00:00Z" });
    expect(finding(verdict, R.silentAfterProduct)?.outcome).toBe("pending");
  });
});

describe("Mediance exceptions", () => {
  const claim = (extra: Partial<ClaimInput>) =>
    seoulFacts({
      exceptions: [
        { id: "ill-1", type: "illness", reportedAt: "2026-04-05T09:00:00+09:00", ...extra },
      ],
    });
  const asOf = "2026-04-20T00:00:00Z";

  it("an accepted claim excuses the no-show and leaves no sanction", async () => {
    const verdict = await evaluate(claim({ decision: "accepted" }), policy, { asOf });
    expect(finding(verdict, R.postNotRegistered, "feed")).toMatchObject({
      outcome: "excused",
      excusedBy: ["ill-1"],
    });
    expect(verdict.exceptions).toEqual([
      {
        id: "ill-1",
        type: "illness",
        status: "accepted",
        covers: ["mediance.post-not-registered@feed"],
        reason: "Exception ill-1 (illness) was accepted by the platform.",
      },
    ]);
    expect(verdict).toMatchObject({
      status: "excused",
      noShow: false,
      sanctions: [],
      strike: null,
    });
  });

  it("a rejected claim does not excuse", async () => {
    const verdict = await evaluate(claim({ decision: "rejected" }), policy, { asOf });
    expect(verdict.status).toBe("violation");
    expect(verdict.exceptions[0]?.status).toBe("rejected");
  });

  it("an undecided excusable claim reported within 14 days sends the finding to review", async () => {
    const verdict = await evaluate(claim({}), policy, { asOf });
    expect(verdict.exceptions[0]).toMatchObject({ status: "needs_review" });
    expect(verdict.exceptions[0]?.reason).toContain(
      "reported within the notice window, at 2026-04-05 09:00 +09:00,",
    );
    expect(finding(verdict, R.postNotRegistered, "feed")?.outcome).toBe("needs_review");
    expect(verdict).toMatchObject({ status: "needs_review", sanctions: [], noShow: false });
  });

  it("an undecided claim reported in advance needs review", async () => {
    const verdict = await evaluate(claim({ reportedAt: "2026-03-20T09:00:00+09:00" }), policy, {
      asOf,
    });
    expect(verdict.exceptions[0]?.reason).toContain("reported in advance, at");
    expect(verdict.status).toBe("needs_review");
  });

  it("rejects an undecided claim reported after the notice window, saying why", async () => {
    const verdict = await evaluate(claim({ reportedAt: "2026-04-15T00:00:00Z" }), policy, { asOf });
    expect(verdict.exceptions[0]).toMatchObject({ status: "rejected" });
    expect(verdict.exceptions[0]?.reason).toBe(
      "Exception ill-1 (illness) was reported at 2026-04-15 09:00 +09:00, after the notice deadline 2026-04-14 23:59:59 +09:00 (14 days after the no-show at 2026-03-31 23:59:59 +09:00).",
    );
    expect(verdict.status).toBe("violation");
  });

  it("honours a shorter postHocNoticeWindow", async () => {
    const verdict = await evaluate(claim({}), mediance({ postHocNoticeWindow: { days: 3 } }), {
      asOf,
    });
    expect(verdict.exceptions[0]?.status).toBe("rejected");
  });

  it("rejects an undecided claim of a type that is not excusable", async () => {
    const verdict = await evaluate(claim({ type: "other" }), policy, { asOf });
    expect(verdict.exceptions[0]?.status).toBe("rejected");
    expect(verdict.exceptions[0]?.reason).toContain(
      "type other, which is not an unavoidable circumstance",
    );
  });

  it("covers only the deliverables it applies to", async () => {
    const facts = seoulFacts({
      deliverables: [
        { id: "feed", kind: "post" },
        { id: "story", kind: "story" },
      ],
      exceptions: [
        {
          id: "ill-1",
          type: "illness",
          reportedAt: "2026-04-05T09:00:00+09:00",
          decision: "accepted",
          appliesTo: ["story"],
        },
      ],
    });
    const verdict = await evaluate(facts, policy, { asOf });
    expect(finding(verdict, R.postNotRegistered, "story")?.outcome).toBe("excused");
    expect(finding(verdict, R.postNotRegistered, "feed")?.outcome).toBe("violation");
    expect(verdict.sanctions[0]?.because).toEqual(["mediance.post-not-registered@feed"]);
  });
});

describe("Mediance sanctions", () => {
  /** The Seoul campaign, its feed posted 2026-03-10 12:00 KST and seen live on 10 April. */
  const cleanSpec = {
    ...SEOUL,
    deliverables: [
      deliverable({
        id: "feed",
        post: post("2026-03-10 12:00", { observations: [observation("2026-04-10T00:00:00Z")] }),
      }),
    ],
  } satisfies ParticipationSpec;
  const clean = participation(cleanSpec);

  it("sends an unexcused no-show with serious impact to legal review", async () => {
    const facts = participation({
      ...SEOUL,
      campaign: { ...SEOUL.campaign, impact: { serious: true, note: "launch lost" } },
      deliverables: [deliverable({ id: "feed" })],
    });
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-20T00:00:00Z" });
    expect(verdict.sanctions.find((sanction) => sanction.type === "legal_review")).toEqual({
      type: "legal_review",
      because: ["mediance.post-not-registered@feed"],
      requiresHumanReview: true,
      note: "Serious harm reported by the advertiser (launch lost): legal action only after consulting the advertiser.",
    });
  });

  it("imposes no legal review on a clean campaign with serious impact", async () => {
    const facts = participation({
      ...cleanSpec,
      campaign: { ...SEOUL.campaign, impact: { serious: true } },
    });
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-20T00:00:00Z" });
    expect(verdict.status).toBe("compliant");
    expect(verdict.sanctions).toEqual([]);
  });

  it("excludes an influencer whose standing holds a past no-show, even when this campaign is clean", async () => {
    const standing = {
      ...emptyStanding("inf-1"),
      noShows: [
        {
          at: "2025-11-01T00:00:00.000Z",
          campaignId: "old-camp",
          policyId: "mediance",
          rules: [R.postNotRegistered],
        },
      ],
    };
    const verdict = await evaluate(clean, policy, { asOf: "2026-04-20T00:00:00Z", standing });
    expect(verdict.status).toBe("compliant");
    expect(verdict.sanctions).toEqual([
      expect.objectContaining({
        type: "exclude_from_future_campaigns",
        because: ["standing:old-camp"],
      }),
    ]);
  });

  it("merges this campaign's and past no-shows into one exclusion", async () => {
    const standing = {
      ...emptyStanding("inf-1"),
      noShows: [
        {
          at: "2025-11-01T00:00:00.000Z",
          campaignId: "old-camp",
          policyId: "mediance",
          rules: [R.postNotRegistered],
        },
      ],
    };
    const verdict = await evaluate(seoulFacts(), policy, {
      asOf: "2026-04-20T00:00:00Z",
      standing,
    });
    expect(verdict.sanctions).toHaveLength(1);
    expect(verdict.sanctions[0]?.because).toEqual([
      "mediance.post-not-registered@feed",
      "standing:old-camp",
    ]);
  });
});

describe("Mediance parameters", () => {
  it("rejects an unknown parameter with a did-you-mean hint", () => {
    try {
      // @ts-expect-error the point: a misspelt parameter name
      mediance({ minLiveDurations: { days: 10 } });
      expect.unreachable();
    } catch (error) {
      expect(isValidationError(error) && error.code).toBe("INVALID_POLICY");
      expect(isValidationError(error) && error.issues).toEqual([
        {
          code: "unknown_key",
          path: "minLiveDurations",
          message: 'unknown key "minLiveDurations"; did you mean "minLiveDuration"?',
        },
      ]);
    }
  });

  it("rejects a parameter of the wrong type", () => {
    expect(() => mediance({ editResponseWindow: { days: -1 } })).toThrow(
      /editResponseWindow\.days/,
    );
    // @ts-expect-error the point: "flu" is no exception type
    expect(() => mediance({ excusableTypes: ["flu"] })).toThrow(/excusableTypes\.0/);
  });

  it("records the defaults and overrides in the policy's parameters", () => {
    expect(mediance().parameters.minLiveDuration).toEqual({ days: 30 });
    expect(
      mediance({ contactResponseWindow: { hours: 48 } }).parameters.contactResponseWindow,
    ).toEqual({ hours: 48 });
  });
});

describe("Mediance standing", () => {
  it("applyVerdict excludes after a no-show and is idempotent per campaign", async () => {
    const verdict = await evaluate(seoulFacts(), policy, { asOf: "2026-04-20T00:00:00Z" });
    const once = applyVerdict(emptyStanding("inf-1"), verdict);
    expect(once).toEqual({
      influencerId: "inf-1",
      status: "excluded",
      qualityScore: 100,
      strikes: [
        {
          at: DEADLINE,
          campaignId: "camp-1",
          policyId: "mediance",
          policyVersion: "1.0.0",
          rules: [R.postNotRegistered],
        },
      ],
      noShows: [
        {
          at: DEADLINE,
          campaignId: "camp-1",
          policyId: "mediance",
          policyVersion: "1.0.0",
          rules: [R.postNotRegistered],
        },
      ],
      evaluations: [
        { campaignId: "camp-1", asOf: "2026-04-20T00:00:00.000Z", imposes: "excluded" },
      ],
    });
    expect(applyVerdict(once, verdict)).toEqual(once);
  });

  it("a later evaluation carries the exclusion into a clean campaign", async () => {
    const first = await evaluate(seoulFacts(), policy, { asOf: "2026-04-20T00:00:00Z" });
    const standing = applyVerdict(emptyStanding("inf-1"), first);
    const next = withPost(
      "2026-03-10T12:00:00+09:00",
      [{ at: "2026-04-10T00:00:00Z", state: "live" }],
      {
        campaign: { ...seoulFacts().campaign, id: "camp-2" },
      },
    );
    const verdict = await evaluate(next, policy, { asOf: "2026-04-20T00:00:00Z", standing });
    expect(verdict.sanctions[0]).toMatchObject({
      type: "exclude_from_future_campaigns",
      because: ["standing:camp-1"],
    });
  });
});

describe("nextCheckAt", () => {
  it("keeps watching a request still awaiting an answer while another is already a violation", async () => {
    const facts = seoulFacts({
      contacts: [
        { id: "k1", at: "2026-03-05T10:00:00+09:00", from: "platform", channel: "email" },
        { id: "k2", at: "2026-03-20T10:00:00+09:00", from: "platform", channel: "email" },
      ],
    });
    const verdict = await evaluate(facts, policy, { asOf: "2026-03-21T00:00:00Z" });
    expect(finding(verdict, R.unresponsive)).toMatchObject({
      outcome: "violation",
      checkAt: "2026-03-23T01:00:00.000Z",
    });
    expect(verdict.nextCheckAt).toBe("2026-03-23T01:00:00.000Z");
  });

  it("at exactly an answer deadline, checks again one millisecond later", async () => {
    const facts = seoulFacts({
      contacts: [{ id: "k1", at: "2026-03-05T10:00:00+09:00", from: "platform", channel: "email" }],
    });
    const atLimit = await evaluate(facts, policy, { asOf: "2026-03-08T01:00:00Z" });
    expect(finding(atLimit, R.unresponsive)?.outcome).toBe("pending");
    expect(atLimit.nextCheckAt).toBe("2026-03-08T01:00:00.001Z");
    const after = await evaluate(facts, policy, { asOf: atLimit.nextCheckAt ?? "" });
    expect(finding(after, R.unresponsive)?.outcome).toBe("violation");
  });
});

describe("exception timing is judged per finding", () => {
  it("an undecided claim covers the findings it was reported in time for, and only those", async () => {
    // Contact breach on 03-08 (too late by 03-25: window 14 days), post deadline 03-31 (reported in advance).
    const facts = seoulFacts({
      contacts: [{ id: "k1", at: "2026-03-05T10:00:00+09:00", from: "platform", channel: "email" }],
      exceptions: [{ id: "ill-1", type: "illness", reportedAt: "2026-03-25T09:00:00+09:00" }],
    });
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-05T00:00:00Z" });
    expect(verdict.exceptions[0]).toMatchObject({
      status: "needs_review",
      covers: ["mediance.post-not-registered@feed"],
    });
    expect(finding(verdict, R.postNotRegistered, "feed")?.outcome).toBe("needs_review");
    expect(finding(verdict, R.unresponsive)?.outcome).toBe("violation");
  });

  it("an accepted claim excuses a finding that is still pending (it is rechecked at the deadline)", async () => {
    const facts = seoulFacts({
      exceptions: [
        {
          id: "ill-1",
          type: "illness",
          reportedAt: "2026-03-10T09:00:00+09:00",
          decision: "accepted",
        },
      ],
    });
    const verdict = await evaluate(facts, policy, { asOf: "2026-03-12T00:00:00Z" });
    expect(finding(verdict, R.postNotRegistered, "feed")).toMatchObject({
      outcome: "excused",
      excusedBy: ["ill-1"],
    });
    expect(finding(verdict, R.postNotRegistered, "feed")?.checkAt).toBe(DEADLINE);
    const after = await evaluate(facts, policy, { asOf: "2026-04-01T00:00:00Z" });
    expect(finding(after, R.postNotRegistered, "feed")).toMatchObject({
      outcome: "excused",
      since: DEADLINE,
    });
    expect(verdict.status).toBe("excused");
  });
});

describe("after a cancellation by the advertiser", () => {
  it("only requests whose window closed before it still count", async () => {
    const facts = seoulFacts({
      participation: {
        selectedAt: "2026-02-25T10:00:00+09:00",
        cancelledAt: "2026-03-05T10:00:00+09:00",
        cancelledBy: "advertiser",
      },
      contacts: [
        { id: "closed", at: "2026-03-01T10:00:00+09:00", from: "platform", channel: "email" },
        { id: "open", at: "2026-03-04T10:00:00+09:00", from: "platform", channel: "email" },
        { id: "after", at: "2026-03-06T10:00:00+09:00", from: "platform", channel: "email" },
      ],
      deliverables: [
        {
          id: "feed",
          kind: "post",
          editRequests: [
            { id: "e1", requestedAt: "2026-03-06T10:00:00+09:00", reason: "guideline_mismatch" },
          ],
        },
      ],
    });
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-10T00:00:00Z" });
    expect(finding(verdict, R.editRequestIgnored, "feed")).toBeUndefined();
    expect(finding(verdict, R.unresponsive)).toMatchObject({
      outcome: "violation",
      evidence: { answeredLate: [] },
    });
    expect(finding(verdict, R.unresponsive)?.evidence.overdue).toEqual([
      expect.objectContaining({ id: "closed" }),
    ]);
  });
});
