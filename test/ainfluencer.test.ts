import { describe, expect, it } from "vitest";
import { deriveFacts } from "../src/derive/derive.js";
import {
  ainfluencer,
  applyVerdict,
  emptyStanding,
  evaluate,
  initialStanding,
  isValidationError,
  parseFacts,
  parsePolicy,
  reinstate,
  type Standing,
  type Verdict,
} from "../src/index.js";
import { AINFLUENCER_DEFAULTS, AINFLUENCER_RULES as R } from "../src/policy-entry.js";
import {
  deliverable,
  ESCROW,
  goodPost,
  HORIZON_END,
  nyFacts,
  PUBLISH_BY,
  PUBLISHED_AT,
  RELEASE_AT,
  standingWith,
  TERMS,
  VERIFY_BY,
  withDeliverable,
} from "./ainfluencer.fixtures.js";

const policy = ainfluencer();

function finding(verdict: Verdict, rule: string, deliverableId = "feed") {
  return verdict.findings.find(
    (item) => item.rule === rule && item.deliverableId === deliverableId,
  );
}

function sanction(verdict: Verdict, type: string) {
  return verdict.sanctions.find((item) => item.type === type);
}

function types(verdict: Verdict): string[] {
  return verdict.sanctions.map((item) => item.type).sort();
}

const FAILURE_SANCTIONS = [
  "decrease_quality_score",
  "reduce_visibility",
  "refund_advertiser",
  "withhold_payout",
];

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("ainfluencer(params)", () => {
  it("builds policy id ainfluencer with the documented defaults", () => {
    expect(policy.id).toBe("ainfluencer");
    expect(policy.parameters).toEqual({
      publishTolerance: { hours: 1 },
      minLiveDuration: { hours: 48 },
      validationHorizon: { hours: 48 },
      verifyWithin: { days: 3 },
      releaseWithin: { days: 7 },
      suspendAfterFailures: 3,
      qualityScorePenalty: -10,
      initialQualityScore: 100,
    });
    expect(AINFLUENCER_DEFAULTS.suspendAfterFailures).toBe(3);
  });

  it("merges overrides, including the optional strikeExpiry", () => {
    const custom = ainfluencer({ suspendAfterFailures: 2, strikeExpiry: { days: 90 } });
    expect(custom.parameters.suspendAfterFailures).toBe(2);
    expect(custom.parameters.strikeExpiry).toEqual({ days: 90 });
    expect(custom.parameters.verifyWithin).toEqual({ days: 3 });
  });

  it("is plain JSON that survives a round trip through parsePolicy", () => {
    expect(parsePolicy(JSON.parse(JSON.stringify(policy)))).toEqual(policy);
  });

  it("rejects an unknown parameter key with INVALID_POLICY", () => {
    // @ts-expect-error the point: a parameter key the preset does not have
    const error = thrown(() => ainfluencer({ suspendAfter: 2 }));
    expect(isValidationError(error)).toBe(true);
    expect(error).toMatchObject({ code: "INVALID_POLICY" });
  });

  it.each([
    [{ suspendAfterFailures: 0 }, "suspendAfterFailures"],
    [{ suspendAfterFailures: 2.5 }, "suspendAfterFailures"],
    [{ qualityScorePenalty: 5 }, "qualityScorePenalty"],
    [{ initialQualityScore: 101 }, "initialQualityScore"],
    [{ verifyWithin: { days: -1 } }, "verifyWithin.days"],
  ])("rejects the bad value %j", (params, path) => {
    const error = thrown(() => ainfluencer(params));
    expect(error).toMatchObject({ code: "INVALID_POLICY" });
    expect((error as { issues: Array<{ path: string }> }).issues.map((i) => i.path)).toContain(
      path,
    );
  });
});

describe("ainfluencer.not-published", () => {
  it("is pending before the agreed publish time, with nextCheckAt at publishAt + tolerance", async () => {
    const facts = withDeliverable({ post: undefined });
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-10T20:00:00Z" });
    expect(finding(verdict, R.notPublished)).toMatchObject({
      outcome: "pending",
      checkAt: PUBLISH_BY,
      explanation:
        "Deliverable feed has no post yet; the agreed publish time is 2026-04-10 19:00 -04:00.",
    });
    expect(verdict.status).toBe("pending");
    expect(verdict.nextCheckAt).toBe(PUBLISH_BY);
    expect(verdict.sanctions).toEqual([]);
    expect(verdict.actions).toEqual([]);
  });

  it("is still pending at exactly the agreed publish time (inclusive)", async () => {
    const verdict = await evaluate(withDeliverable({ post: undefined }), policy, {
      asOf: PUBLISH_BY,
    });
    expect(finding(verdict, R.notPublished)?.outcome).toBe("pending");
  });

  it("is a no-show since the publish time once it passed with no post", async () => {
    const asOf = "2026-04-10T23:00:01Z";
    const verdict = await evaluate(withDeliverable({ post: undefined }), policy, { asOf });
    expect(finding(verdict, R.notPublished)).toMatchObject({
      outcome: "violation",
      kind: "no_show",
      since: PUBLISH_BY,
      explanation:
        "No post was published for deliverable feed by the agreed publish time 2026-04-10 19:00 -04:00, and there is none as of 2026-04-10 19:00:01 -04:00.",
    });
    expect(verdict.noShow).toBe(true);
    expect(finding(verdict, R.termsMismatch)).toBeUndefined();
    expect(finding(verdict, R.removedEarly)).toBeUndefined();
    expect(verdict.strike).toEqual({ at: PUBLISH_BY, rules: [R.notPublished] });
  });

  it("is compliant for a post at exactly publishAt + tolerance", async () => {
    const facts = withDeliverable({ post: goodPost({ publishedAt: "2026-04-10T19:00:00-04:00" }) });
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-11T00:00:00Z" });
    expect(finding(verdict, R.notPublished)).toMatchObject({
      outcome: "compliant",
      explanation:
        "Deliverable feed was published at 2026-04-10 19:00 -04:00, by the agreed publish time 2026-04-10 19:00 -04:00.",
    });
    expect(finding(verdict, R.termsMismatch)?.outcome).toBe("compliant");
  });

  it("one second after the tolerance is a terms breach (the time), not a no-show", async () => {
    const facts = withDeliverable({ post: goodPost({ publishedAt: "2026-04-10T19:00:01-04:00" }) });
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-11T00:00:00Z" });
    expect(finding(verdict, R.notPublished)).toMatchObject({
      outcome: "compliant",
      explanation:
        "Deliverable feed was published at 2026-04-10 19:00:01 -04:00, after the agreed publish time 2026-04-10 19:00 -04:00; the lateness is judged by ainfluencer.terms-mismatch.",
    });
    expect(finding(verdict, R.termsMismatch)).toMatchObject({
      outcome: "violation",
      since: "2026-04-10T23:00:01.000Z",
    });
    expect(finding(verdict, R.termsMismatch)?.evidence.mismatches).toEqual([
      {
        element: "publishTime",
        expected: "between 2026-04-10 17:00 -04:00 and 2026-04-10 19:00 -04:00",
        actual: "2026-04-10 19:00:01 -04:00",
      },
    ]);
    expect(verdict.noShow).toBe(false);
    expect(verdict.sanctions.map((sanction) => sanction.type)).toEqual([
      "withhold_payout",
      "refund_advertiser",
      "decrease_quality_score",
      "reduce_visibility",
    ]);
  });

  it("uses the terms' own tolerance over the parameter", async () => {
    const facts = withDeliverable({
      terms: { ...TERMS, publishTolerance: { minutes: 15 } },
      post: goodPost({ publishedAt: "2026-04-10T18:20:00-04:00" }),
    });
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-11T00:00:00Z" });
    expect(finding(verdict, R.termsMismatch)?.evidence.publishWindowEnd).toBe(
      "2026-04-10T22:15:00.000Z",
    );
    expect(finding(verdict, R.termsMismatch)?.outcome).toBe("violation");
    const withinDefault = await evaluate(
      withDeliverable({ post: goodPost({ publishedAt: "2026-04-10T18:20:00-04:00" }) }),
      policy,
      { asOf: "2026-04-11T00:00:00Z" },
    );
    expect(finding(withinDefault, R.termsMismatch)?.outcome).toBe("compliant");
  });

  it("falls back to dueAt when no publish time was agreed", async () => {
    const { publishAt: _, ...termsWithoutTime } = TERMS;
    const facts = withDeliverable({
      dueAt: "2026-04-15T23:59:59-04:00",
      terms: termsWithoutTime,
      post: undefined,
    });
    const pending = await evaluate(facts, policy, { asOf: "2026-04-15T12:00:00Z" });
    expect(finding(pending, R.notPublished)?.checkAt).toBe("2026-04-16T03:59:59.000Z");
    const missed = await evaluate(facts, policy, { asOf: "2026-04-16T04:00:00Z" });
    expect(finding(missed, R.notPublished)).toMatchObject({
      outcome: "violation",
      since: "2026-04-16T03:59:59.000Z",
    });
  });

  it("moves the agreed publish deadline with a later granted extension", async () => {
    const facts = withDeliverable({
      post: undefined,
      extensions: [
        { grantedAt: "2026-04-09T12:00:00-04:00", newDueAt: "2026-04-12T18:00:00-04:00" },
      ],
    });
    const pending = await evaluate(facts, policy, { asOf: "2026-04-11T00:00:00Z" });
    expect(finding(pending, R.notPublished)).toMatchObject({
      outcome: "pending",
      checkAt: "2026-04-12T22:00:00.000Z",
    });
    const missed = await evaluate(facts, policy, { asOf: "2026-04-12T22:00:01Z" });
    expect(finding(missed, R.notPublished)).toMatchObject({
      outcome: "violation",
      since: "2026-04-12T22:00:00.000Z",
    });
  });

  it("does not apply when the brand cancelled the collaboration", async () => {
    const facts = withDeliverable(
      { post: undefined },
      {
        participation: {
          selectedAt: "2026-04-02T10:00:00-04:00",
          cancelledAt: "2026-04-05T10:00:00-04:00",
          cancelledBy: "advertiser",
        },
      },
    );
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-20T00:00:00Z" });
    expect(verdict.findings).toEqual([]);
    expect(verdict.sanctions).toEqual([]);
    expect(verdict.actions).toEqual([]);
  });

  it("is a no-show when the influencer cancelled", async () => {
    const facts = withDeliverable(
      { post: undefined },
      {
        participation: {
          selectedAt: "2026-04-02T10:00:00-04:00",
          cancelledAt: "2026-04-05T10:00:00-04:00",
          cancelledBy: "influencer",
        },
      },
    );
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-20T00:00:00Z" });
    expect(finding(verdict, R.notPublished)?.outcome).toBe("violation");
  });
});

describe("ainfluencer.terms-mismatch", () => {
  it("lists every mismatch, expected vs actual, in one sentence", async () => {
    const facts = withDeliverable({
      post: goodPost({
        publishedAt: "2026-04-10T20:15:00-04:00",
        caption: "My new serum @lumi_skin #GlowUp",
        mediaIds: ["img-1"],
        linkInBio: "https://lumi.example/other",
      }),
    });
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-11T01:00:00Z" });
    const result = finding(verdict, R.termsMismatch);
    expect(result).toMatchObject({
      outcome: "violation",
      kind: "breach",
      since: "2026-04-11T00:15:00.000Z",
    });
    expect(result?.explanation).toBe(
      "The post of deliverable feed, published at 2026-04-10 20:15 -04:00, differs from the agreed terms in 6 point(s): " +
        "publishTime expected between 2026-04-10 17:00 -04:00 and 2026-04-10 19:00 -04:00, actual 2026-04-10 20:15 -04:00; " +
        "hashtag expected #ad, actual #glowup; " +
        "mention expected @lumi.skin, actual @lumi_skin; " +
        'captionPhrase expected "vitamin C serum", actual not in caption; ' +
        "mediaId expected img-2, actual img-1; " +
        "linkInBio expected https://lumi.example/serum, actual https://lumi.example/other.",
    );
    expect(result?.evidence).toMatchObject({
      publishedAt: "2026-04-11T00:15:00.000Z",
      agreedPublishAt: "2026-04-10T22:00:00.000Z",
      publishWindowStart: "2026-04-10T21:00:00.000Z",
      publishWindowEnd: PUBLISH_BY,
    });
  });

  it("matches hashtags and mentions ignoring case and a leading #/@, from tag lists too", async () => {
    const facts = withDeliverable({
      post: goodPost({
        caption: "Vitamin C Serum day",
        hashtags: ["GLOWUP", "#Ad"],
        mentions: ["LUMI.SKIN"],
      }),
    });
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-11T00:00:00Z" });
    expect(finding(verdict, R.termsMismatch)).toMatchObject({
      outcome: "compliant",
      explanation:
        "The post of deliverable feed, published at 2026-04-10 18:30 -04:00, matches every agreed term.",
    });
  });

  it("flags a post published before the agreed window, which is not a no-show", async () => {
    const facts = withDeliverable({ post: goodPost({ publishedAt: "2026-04-10T16:59:59-04:00" }) });
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-11T00:00:00Z" });
    expect(finding(verdict, R.notPublished)?.outcome).toBe("compliant");
    expect(finding(verdict, R.termsMismatch)).toMatchObject({
      outcome: "violation",
      evidence: {
        mismatches: [
          {
            element: "publishTime",
            expected: "between 2026-04-10 17:00 -04:00 and 2026-04-10 19:00 -04:00",
            actual: "2026-04-10 16:59:59 -04:00",
          },
        ],
      },
    });
    expect(verdict.noShow).toBe(false);
  });

  it("needs review when no agreed terms are recorded", async () => {
    const facts = withDeliverable({ terms: undefined, dueAt: "2026-04-15T23:59:59-04:00" });
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-13T00:00:00Z" });
    expect(finding(verdict, R.termsMismatch)).toMatchObject({
      outcome: "needs_review",
      explanation:
        "No agreed terms are recorded for deliverable feed, so its post published at 2026-04-10 18:30 -04:00 cannot be verified against the Offer Chat.",
    });
    expect(verdict.status).toBe("needs_review");
    expect(verdict.actions).toEqual([
      {
        type: "report_to_support",
        at: VERIFY_BY,
        note: "A person must decide the open finding(s) before verification is due at 2026-04-13 18:30 -04:00; the escrowed USD 250.00 stays held.",
      },
    ]);
    expect(verdict.nextCheckAt).toBe(VERIFY_BY);
  });
});

describe("ainfluencer.removed-early", () => {
  it("is pending until the end of the 48-hour validation horizon", async () => {
    const facts = withDeliverable({ post: goodPost({ observations: [] }) });
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-11T12:00:00Z" });
    expect(finding(verdict, R.removedEarly)).toMatchObject({
      outcome: "pending",
      checkAt: HORIZON_END,
    });
    expect(verdict.status).toBe("pending");
    expect(verdict.nextCheckAt).toBe(HORIZON_END);
    expect(verdict.actions).toEqual([]);
  });

  it("is a breach since the deletion when the post is gone within 48 hours", async () => {
    const facts = withDeliverable({
      post: goodPost({
        observations: [
          { at: "2026-04-11T12:00:00-04:00", state: "live" },
          { at: "2026-04-12T18:29:00-04:00", state: "deleted" },
        ],
      }),
    });
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-13T00:00:00Z" });
    expect(finding(verdict, R.removedEarly)).toMatchObject({
      outcome: "violation",
      kind: "breach",
      since: "2026-04-12T22:29:00.000Z",
      explanation:
        "The post of deliverable feed, published at 2026-04-10 18:30 -04:00, was seen deleted at 2026-04-12 18:29 -04:00, before 2026-04-12 18:30 -04:00 (the agreed 48 hours, validated within the first 48 hours).",
    });
    expect(verdict.noShow).toBe(false);
    expect(types(verdict)).toEqual(FAILURE_SANCTIONS);
  });

  it("only validates the first 48 hours, even when 30 days were agreed", async () => {
    const facts = withDeliverable({
      minLiveDuration: { days: 30 },
      post: goodPost({
        observations: [
          { at: "2026-04-12T18:30:00-04:00", state: "live" },
          { at: "2026-04-13T09:00:00-04:00", state: "deleted" },
        ],
      }),
    });
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-14T00:00:00Z" });
    expect(finding(verdict, R.removedEarly)).toMatchObject({
      outcome: "compliant",
      explanation:
        "The post of deliverable feed, published at 2026-04-10 18:30 -04:00, was seen live at 2026-04-12 18:30 -04:00, at or after 2026-04-12 18:30 -04:00 (the agreed 30 days, validated within the first 48 hours).",
    });
    expect(verdict.status).toBe("compliant");
  });

  it("uses a shorter agreed live duration within the horizon", async () => {
    const facts = withDeliverable({
      minLiveDuration: { hours: 24 },
      post: goodPost({
        observations: [
          { at: "2026-04-11T18:30:00-04:00", state: "live" },
          { at: "2026-04-11T20:00:00-04:00", state: "deleted" },
        ],
      }),
    });
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-14T00:00:00Z" });
    expect(finding(verdict, R.removedEarly)?.outcome).toBe("compliant");
    expect(finding(verdict, R.removedEarly)?.evidence.requiredUntil).toBe(
      "2026-04-11T22:30:00.000Z",
    );
  });

  it("needs review, not a breach, when the platform removed the post", async () => {
    const facts = withDeliverable({
      post: goodPost({
        observations: [{ at: "2026-04-11T12:00:00-04:00", state: "removed_by_platform" }],
      }),
    });
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-13T00:00:00Z" });
    expect(finding(verdict, R.removedEarly)?.outcome).toBe("needs_review");
    expect(verdict.sanctions).toEqual([]);
  });

  it("needs review when no observation confirms the post after the horizon", async () => {
    const facts = withDeliverable({
      post: goodPost({ observations: [{ at: "2026-04-11T12:00:00-04:00", state: "live" }] }),
    });
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-13T00:00:00Z" });
    expect(finding(verdict, R.removedEarly)?.outcome).toBe("needs_review");
    expect(verdict.actions.map((action) => [action.type, action.at])).toEqual([
      ["report_to_support", VERIFY_BY],
    ]);
  });
});

describe("escrow timeline", () => {
  it("releases the payout exactly verifyWithin + releaseWithin after publication", async () => {
    const verdict = await evaluate(nyFacts(), policy, { asOf: "2026-04-13T00:00:00Z" });
    expect(verdict.status).toBe("compliant");
    expect(verdict.sanctions).toEqual([]);
    expect(verdict.actions).toEqual([
      {
        type: "release_payout",
        at: RELEASE_AT,
        note: "Every post matches the agreed terms (verification due by 2026-04-13 18:30 -04:00): release the escrowed USD 250.00 to the influencer's wallet by 2026-04-20 18:30 -04:00.",
      },
    ]);
    expect(verdict.nextCheckAt).toBe(RELEASE_AT);
  });

  it("moves nextCheckAt from the horizon end to the release time, then to none", async () => {
    const during = await evaluate(nyFacts(), policy, { asOf: "2026-04-11T00:00:00Z" });
    expect(during.status).toBe("pending");
    expect(during.nextCheckAt).toBe(HORIZON_END);
    expect(during.actions).toEqual([]);
    const atHorizon = await evaluate(nyFacts(), policy, { asOf: HORIZON_END });
    expect(atHorizon.status).toBe("compliant");
    expect(atHorizon.nextCheckAt).toBe(RELEASE_AT);
    const atRelease = await evaluate(nyFacts(), policy, { asOf: RELEASE_AT });
    expect(atRelease.actions.map((action) => action.at)).toEqual([RELEASE_AT]);
    expect(atRelease.nextCheckAt).toBeNull();
  });

  it("verifies after the last publication when there are several deliverables", async () => {
    const facts = nyFacts({
      deliverables: [
        deliverable("feed"),
        deliverable("reel", {
          kind: "reel",
          terms: { ...TERMS, publishAt: "2026-04-12T12:00:00-04:00" },
          post: goodPost({
            publishedAt: "2026-04-12T12:10:00-04:00",
            observations: [{ at: "2026-04-14T12:10:00-04:00", state: "live" }],
          }),
        }),
      ],
    });
    const before = await evaluate(facts, policy, { asOf: "2026-04-11T00:00:00Z" });
    expect(finding(before, R.notPublished, "reel")?.checkAt).toBe("2026-04-12T17:00:00.000Z");
    expect(before.nextCheckAt).toBe("2026-04-12T17:00:00.000Z");
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-15T00:00:00Z" });
    expect(verdict.status).toBe("compliant");
    expect(verdict.actions).toEqual([
      expect.objectContaining({ type: "release_payout", at: "2026-04-22T16:10:00.000Z" }),
    ]);
    expect(verdict.actions[0]?.note).toContain("verification due by 2026-04-15 12:10 -04:00");
  });

  it("counts verification days as calendar days across the end of DST", async () => {
    const facts = withDeliverable(
      {
        terms: { ...TERMS, publishAt: "2026-10-31T12:00:00-04:00" },
        post: goodPost({
          publishedAt: "2026-10-31T12:00:00-04:00",
          // 48 elapsed hours after 2026-10-31 12:00 EDT is 2026-11-02 11:00 EST.
          observations: [{ at: "2026-11-02T11:00:00-05:00", state: "live" }],
        }),
      },
      {},
    );
    const verdict = await evaluate(
      { ...facts, campaign: { ...facts.campaign, endsAt: "2026-11-30T23:59:59-05:00" } },
      policy,
      { asOf: "2026-11-03T00:00:00Z" },
    );
    // 3 calendar days after 2026-10-31 12:00 EDT is 2026-11-03 12:00 EST (73 elapsed hours).
    expect(verdict.actions[0]?.note).toContain("verification due by 2026-11-03 12:00 -05:00");
    expect(verdict.actions[0]?.at).toBe("2026-11-10T17:00:00.000Z");
  });

  it("schedules no release while something is pending, excused, or already settled", async () => {
    const pending = await evaluate(
      nyFacts({
        deliverables: [deliverable("feed"), deliverable("reel", { post: undefined })],
      }),
      policy,
      { asOf: "2026-04-10T22:45:00Z" },
    );
    expect(pending.actions).toEqual([]);
    const released = await evaluate(
      nyFacts({
        payment: {
          ...ESCROW,
          escrow: { ...ESCROW.escrow, releasedAt: "2026-04-14T09:00:00-04:00" },
        },
      }),
      policy,
      { asOf: "2026-04-15T00:00:00Z" },
    );
    expect(released.actions).toEqual([]);
    const noEscrow = await evaluate(nyFacts({ payment: { amount: ESCROW.amount } }), policy, {
      asOf: "2026-04-15T00:00:00Z",
    });
    expect(noEscrow.status).toBe("compliant");
    expect(noEscrow.actions).toEqual([]);
  });

  it("withholds the payout and refunds the escrowed amount on a failure", async () => {
    const verdict = await evaluate(withDeliverable({ post: undefined }), policy, {
      asOf: "2026-04-12T00:00:00Z",
    });
    expect(verdict.actions).toEqual([]);
    expect(sanction(verdict, "withhold_payout")).toEqual({
      type: "withhold_payout",
      because: ["ainfluencer.not-published@feed"],
      amount: { amount: 25000, currency: "USD" },
      note: "You won't get paid: the agreed terms were not met, so USD 250.00 is not paid out.",
    });
    expect(sanction(verdict, "refund_advertiser")).toEqual({
      type: "refund_advertiser",
      because: ["ainfluencer.not-published@feed"],
      amount: { amount: 25000, currency: "USD" },
      note: "The escrowed USD 250.00 (funded at 2026-04-03 09:00 -04:00) is refunded to the brand's wallet.",
    });
  });

  it("refunds once even when several rules and deliverables fail", async () => {
    const facts = nyFacts({
      deliverables: [
        deliverable("feed", { post: undefined }),
        deliverable("reel", { post: goodPost({ caption: "nothing agreed here" }) }),
      ],
    });
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-13T00:00:00Z" });
    expect(types(verdict)).toEqual(FAILURE_SANCTIONS);
    expect(sanction(verdict, "refund_advertiser")?.because).toEqual([
      "ainfluencer.not-published@feed",
      "ainfluencer.terms-mismatch@reel",
    ]);
  });

  it("asks a person to recover the money when the escrow was already released", async () => {
    const facts = withDeliverable(
      { post: undefined },
      {
        payment: {
          ...ESCROW,
          escrow: { ...ESCROW.escrow, releasedAt: "2026-04-09T09:00:00-04:00" },
        },
      },
    );
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-12T00:00:00Z" });
    expect(sanction(verdict, "refund_advertiser")).toMatchObject({
      requiresHumanReview: true,
      amount: { amount: 25000, currency: "USD" },
      note: "The escrow was already released at 2026-04-09 09:00 -04:00; recovering USD 250.00 for the brand needs a person.",
    });
  });

  it("does not refund an escrow that was already refunded, but still withholds", async () => {
    const facts = withDeliverable(
      { post: undefined },
      {
        payment: {
          ...ESCROW,
          escrow: { ...ESCROW.escrow, refundedAt: "2026-04-11T09:00:00-04:00" },
        },
      },
    );
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-12T00:00:00Z" });
    expect(types(verdict)).toEqual([
      "decrease_quality_score",
      "reduce_visibility",
      "withhold_payout",
    ]);
  });
});

describe("score, visibility and suspension", () => {
  const missing = withDeliverable({ post: undefined });
  const asOf = "2026-04-12T00:00:00Z";

  it("decreases the quality score by qualityScorePenalty and hides the influencer", async () => {
    const verdict = await evaluate(missing, policy, { asOf });
    expect(sanction(verdict, "decrease_quality_score")).toEqual({
      type: "decrease_quality_score",
      because: ["ainfluencer.not-published@feed"],
      scoreDelta: -10,
      note: "The quality score (100 before this campaign) changes by -10.",
    });
    expect(sanction(verdict, "reduce_visibility")?.note).toBe(
      "The influencer is no longer displayed in Ainfluencer's search results.",
    );
    expect(sanction(verdict, "suspend_account")).toBeUndefined();
    const custom = await evaluate(missing, ainfluencer({ qualityScorePenalty: -25 }), { asOf });
    expect(sanction(custom, "decrease_quality_score")?.scoreDelta).toBe(-25);
  });

  it("starts from initialQualityScore when there is no standing", async () => {
    const verdict = await evaluate(missing, ainfluencer({ initialQualityScore: 80 }), { asOf });
    expect(sanction(verdict, "decrease_quality_score")?.note).toBe(
      "The quality score (80 before this campaign) changes by -10.",
    );
    expect(initialStanding("inf-mia", ainfluencer({ initialQualityScore: 80 })).qualityScore).toBe(
      80,
    );
    expect(initialStanding("inf-mia", { parameters: {} }).qualityScore).toBe(100);
  });

  it("suspends at the 3rd failure by default, not at the 2nd", async () => {
    const one = standingWith([{ at: "2026-02-01T00:00:00Z", campaignId: "camp-a" }]);
    const second = await evaluate(missing, policy, { asOf, standing: one });
    expect(sanction(second, "suspend_account")).toBeUndefined();
    const two = standingWith([
      { at: "2026-02-01T00:00:00Z", campaignId: "camp-a" },
      { at: "2026-03-01T00:00:00Z", campaignId: "camp-b" },
    ]);
    const third = await evaluate(missing, policy, { asOf, standing: two });
    expect(sanction(third, "suspend_account")).toEqual({
      type: "suspend_account",
      because: ["ainfluencer.not-published@feed", "standing:camp-a", "standing:camp-b"],
      note: "This is failure 3 (suspension at 3): the account is suspended until the influencer confirms the rules and is reinstated.",
    });
  });

  it("suspends at the 2nd failure with suspendAfterFailures: 2", async () => {
    const strict = ainfluencer({ suspendAfterFailures: 2 });
    const first = await evaluate(missing, strict, { asOf, standing: emptyStanding("inf-mia") });
    expect(sanction(first, "suspend_account")).toBeUndefined();
    const one = standingWith([{ at: "2026-02-01T00:00:00Z", campaignId: "camp-a" }]);
    const second = await evaluate(missing, strict, { asOf, standing: one });
    expect(sanction(second, "suspend_account")?.because).toEqual([
      "ainfluencer.not-published@feed",
      "standing:camp-a",
    ]);
  });

  it("does not count expired, revoked or this campaign's own strikes", async () => {
    const strict = ainfluencer({ suspendAfterFailures: 2 });
    const standing = standingWith([
      { at: "2026-01-01T00:00:00Z", campaignId: "camp-a", expiresAt: "2026-04-12T00:00:00Z" },
      { at: "2026-02-01T00:00:00Z", campaignId: "camp-b", revokedAt: "2026-02-10T00:00:00Z" },
      { at: "2026-04-10T23:00:00Z", campaignId: "camp-1" },
    ]);
    const verdict = await evaluate(missing, strict, { asOf, standing });
    expect(sanction(verdict, "suspend_account")).toBeUndefined();
    const earlier = await evaluate(missing, strict, { asOf: "2026-04-11T23:59:59Z", standing });
    expect(sanction(earlier, "suspend_account")?.because).toContain("standing:camp-a");
  });

  it("never suspends a compliant campaign, whatever the standing", async () => {
    const standing = standingWith([
      { at: "2026-02-01T00:00:00Z", campaignId: "camp-a" },
      { at: "2026-03-01T00:00:00Z", campaignId: "camp-b" },
      { at: "2026-03-15T00:00:00Z", campaignId: "camp-c" },
    ]);
    const verdict = await evaluate(nyFacts(), policy, { asOf: "2026-04-13T00:00:00Z", standing });
    expect(verdict.sanctions).toEqual([]);
    expect(verdict.strike).toBeNull();
  });

  it("dates the strike's expiry strikeExpiry after the failure, in calendar days", async () => {
    const verdict = await evaluate(missing, ainfluencer({ strikeExpiry: { days: 30 } }), { asOf });
    expect(verdict.strike).toEqual({
      at: PUBLISH_BY,
      rules: [R.notPublished],
      expiresAt: "2026-05-10T23:00:00.000Z",
    });
  });
});

describe("standing across campaigns", () => {
  function missingIn(campaignId: string, publishAt: string): unknown {
    return withDeliverable({ terms: { ...TERMS, publishAt }, post: undefined }, { campaignId });
  }

  it("carries failures through applyVerdict to a suspension at the third campaign", async () => {
    let standing: Standing = emptyStanding("inf-mia");
    const a = await evaluate(missingIn("camp-a", "2026-04-05T12:00:00-04:00"), policy, {
      asOf: "2026-04-06T00:00:00Z",
      standing,
    });
    standing = applyVerdict(standing, a);
    expect(standing).toMatchObject({ status: "hidden", qualityScore: 90 });
    expect(standing.strikes).toEqual([
      {
        at: "2026-04-05T17:00:00.000Z",
        campaignId: "camp-a",
        policyId: "ainfluencer",
        policyVersion: "1.0.0",
        rules: [R.notPublished],
        scoreDelta: -10,
      },
    ]);

    const cleanVerdict = await evaluate(nyFacts({ campaignId: "camp-ok" }), policy, {
      asOf: "2026-04-13T00:00:00Z",
      standing,
    });
    standing = applyVerdict(standing, cleanVerdict);
    expect(standing).toMatchObject({ status: "hidden", qualityScore: 90 });

    const mismatchFacts = withDeliverable(
      { post: goodPost({ linkInBio: "https://elsewhere.example" }) },
      { campaignId: "camp-b" },
    );
    const b = await evaluate(mismatchFacts, policy, { asOf: "2026-04-13T00:00:00Z", standing });
    expect(sanction(b, "suspend_account")).toBeUndefined();
    standing = applyVerdict(standing, b);
    expect(standing).toMatchObject({ status: "hidden", qualityScore: 80 });

    const c = await evaluate(missingIn("camp-c", "2026-04-20T12:00:00-04:00"), policy, {
      asOf: "2026-04-21T00:00:00Z",
      standing,
    });
    expect(sanction(c, "suspend_account")?.because).toEqual([
      "ainfluencer.not-published@feed",
      "standing:camp-a",
      "standing:camp-b",
    ]);
    standing = applyVerdict(standing, c);
    expect(standing).toMatchObject({ status: "suspended", qualityScore: 70 });
    expect(standing.strikes.map((strike) => strike.campaignId)).toEqual([
      "camp-a",
      "camp-b",
      "camp-c",
    ]);
    // Idempotent per campaign: re-applying the same verdict changes nothing.
    expect(applyVerdict(standing, c)).toEqual(standing);
  });

  it("suspends at the second campaign with suspendAfterFailures: 2", async () => {
    const strict = ainfluencer({ suspendAfterFailures: 2 });
    let standing = emptyStanding("inf-mia");
    const a = await evaluate(missingIn("camp-a", "2026-04-05T12:00:00-04:00"), strict, {
      asOf: "2026-04-06T00:00:00Z",
      standing,
    });
    standing = applyVerdict(standing, a);
    expect(standing.status).toBe("hidden");
    const b = await evaluate(missingIn("camp-b", "2026-04-08T12:00:00-04:00"), strict, {
      asOf: "2026-04-09T00:00:00Z",
      standing,
    });
    standing = applyVerdict(standing, b);
    expect(standing).toMatchObject({ status: "suspended", qualityScore: 80 });
  });

  it("lets a strike expire before the next failure when strikeExpiry is set", async () => {
    const expiring = ainfluencer({ suspendAfterFailures: 2, strikeExpiry: { days: 30 } });
    const a = await evaluate(missingIn("camp-a", "2026-04-05T12:00:00-04:00"), expiring, {
      asOf: "2026-04-06T00:00:00Z",
    });
    const standing = applyVerdict(emptyStanding("inf-mia"), a);
    expect(standing.strikes[0]?.expiresAt).toBe("2026-05-05T17:00:00.000Z");
    const facts = missingIn("camp-b", "2026-05-01T12:00:00-04:00");
    const inTime = await evaluate(facts, expiring, { asOf: "2026-05-05T16:59:59Z", standing });
    expect(sanction(inTime, "suspend_account")).toBeDefined();
    const expired = await evaluate(facts, expiring, { asOf: "2026-05-05T17:00:00Z", standing });
    expect(sanction(expired, "suspend_account")).toBeUndefined();
    expect(applyVerdict(standing, expired).status).toBe("hidden");
  });

  it("keeps the score within 0–100 and starts from initialStanding", async () => {
    const harsh = ainfluencer({ qualityScorePenalty: -60, initialQualityScore: 50 });
    const a = await evaluate(missingIn("camp-a", "2026-04-05T12:00:00-04:00"), harsh, {
      asOf: "2026-04-06T00:00:00Z",
    });
    const standing = applyVerdict(initialStanding("inf-mia", harsh), a);
    expect(standing.qualityScore).toBe(0);
  });

  it("reinstates to active, keeping strikes, score and the count towards the next suspension", async () => {
    const strict = ainfluencer({ suspendAfterFailures: 2 });
    let standing = standingWith([{ at: "2026-02-01T00:00:00Z", campaignId: "camp-a" }], 90);
    const b = await evaluate(missingIn("camp-b", "2026-04-05T12:00:00-04:00"), strict, {
      asOf: "2026-04-06T00:00:00Z",
      standing,
    });
    standing = applyVerdict(standing, b);
    expect(standing.status).toBe("suspended");

    const before = structuredClone(standing);
    const active = reinstate(standing, "2026-04-20T10:00:00-04:00");
    expect(standing).toEqual(before);
    // Reinstatement also clears the floor left by the hand-set status of `standingWith`.
    expect(active).toEqual({
      ...standing,
      status: "active",
      statusFloor: undefined,
      reinstatedAt: "2026-04-20T14:00:00.000Z",
    });
    expect(reinstate(standing, new Date("2026-04-20T14:00:00Z")).reinstatedAt).toBe(
      "2026-04-20T14:00:00.000Z",
    );

    // Re-applying the verdict that led to the suspension does not suspend again.
    expect(applyVerdict(active, b).status).toBe("active");
    // A new failure counts the strikes still on record and suspends again.
    const c = await evaluate(missingIn("camp-c", "2026-04-25T12:00:00-04:00"), strict, {
      asOf: "2026-04-26T00:00:00Z",
      standing: active,
    });
    const after = applyVerdict(active, c);
    expect(after).toMatchObject({
      status: "suspended",
      qualityScore: 70,
      reinstatedAt: "2026-04-20T14:00:00.000Z",
    });
  });

  it("rejects a reinstatement instant without an offset", () => {
    const error = thrown(() => reinstate(emptyStanding("inf-mia"), "2026-04-20T10:00:00"));
    expect(error).toMatchObject({ code: "INVALID_OPTIONS" });
  });
});

describe("exceptions", () => {
  it("excuses a no-show covered by an accepted exception: no sanctions, no release", async () => {
    const facts = withDeliverable(
      { post: undefined },
      {
        exceptions: [
          {
            id: "exc-1",
            type: "illness",
            reportedAt: "2026-04-10T09:00:00-04:00",
            decision: "accepted",
          },
        ],
      },
    );
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-12T00:00:00Z" });
    expect(verdict.status).toBe("excused");
    expect(finding(verdict, R.notPublished)?.excusedBy).toEqual(["exc-1"]);
    expect(verdict.sanctions).toEqual([]);
    expect(verdict.actions).toEqual([]);
    expect(verdict.strike).toBeNull();
  });

  it("does not release the escrow automatically for an excused terms mismatch", async () => {
    const facts = withDeliverable(
      { post: goodPost({ linkInBio: "https://elsewhere.example" }) },
      {
        exceptions: [
          {
            id: "exc-2",
            type: "platform_outage",
            reportedAt: "2026-04-10T20:00:00-04:00",
            decision: "accepted",
          },
        ],
      },
    );
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-13T00:00:00Z" });
    expect(verdict.status).toBe("excused");
    expect(finding(verdict, R.termsMismatch)?.outcome).toBe("excused");
    expect(verdict.sanctions).toEqual([]);
    expect(verdict.actions).toEqual([]);
    const unexcused = await evaluate({ ...facts, exceptions: [] }, policy, {
      asOf: "2026-04-13T00:00:00Z",
    });
    expect(types(unexcused)).toEqual(FAILURE_SANCTIONS);
  });

  it("holds an undecided exception for support, and applies a rejected one", async () => {
    const claim = { id: "exc-1", type: "other", reportedAt: "2026-04-10T09:00:00-04:00" } as const;
    const open = await evaluate(
      withDeliverable({ post: undefined }, { exceptions: [claim] }),
      policy,
      { asOf: "2026-04-12T00:00:00Z" },
    );
    expect(open.exceptions[0]?.status).toBe("needs_review");
    expect(open.status).toBe("needs_review");
    expect(open.sanctions).toEqual([]);
    const rejected = await evaluate(
      withDeliverable({ post: undefined }, { exceptions: [{ ...claim, decision: "rejected" }] }),
      policy,
      { asOf: "2026-04-12T00:00:00Z" },
    );
    expect(rejected.status).toBe("violation");
    expect(types(rejected)).toEqual(FAILURE_SANCTIONS);
  });
});

describe("derived escrow facts (payment.verifyBy, payment.releaseAt)", () => {
  const params = policy.parameters;

  it("derives both from the last publication", () => {
    const { common } = deriveFacts(parseFacts(nyFacts()), params, "2026-04-11T00:00:00.000Z");
    expect(common.payment).toMatchObject({ verifyBy: VERIFY_BY, releaseAt: RELEASE_AT });
    expect(common.deliverables.lastPublishedAt).toBe(PUBLISHED_AT);
  });

  it("are null until every deliverable is posted, or without verifyWithin", () => {
    const partial = nyFacts({
      deliverables: [deliverable("feed"), deliverable("reel", { post: undefined })],
    });
    const derived = deriveFacts(parseFacts(partial), params, "2026-04-11T00:00:00.000Z");
    expect(derived.common.payment).toMatchObject({ verifyBy: null, releaseAt: null });
    const { verifyWithin: _, ...withoutVerify } = params;
    const none = deriveFacts(parseFacts(nyFacts()), withoutVerify, "2026-04-11T00:00:00.000Z");
    expect(none.common.payment).toMatchObject({ verifyBy: null, releaseAt: null });
  });

  it("waits for a validation window that outlasts verifyWithin", () => {
    const long = { ...params, validationHorizon: { days: 5 }, minLiveDuration: { days: 5 } };
    const { common } = deriveFacts(parseFacts(nyFacts()), long, "2026-04-11T00:00:00.000Z");
    expect(common.payment).toMatchObject({
      verifyBy: "2026-04-15T22:30:00.000Z",
      releaseAt: "2026-04-22T22:30:00.000Z",
    });
  });
});

describe("ainfluencer: a granted extension moves the agreed publish time", () => {
  it("judges a post before the extended time as on time in both rules", async () => {
    const facts = withDeliverable({
      post: goodPost({
        publishedAt: "2026-04-11T18:30:00-04:00",
        observations: [{ at: "2026-04-13T18:30:00-04:00", state: "live" }],
      }),
      extensions: [
        { grantedAt: "2026-04-09T12:00:00-04:00", newDueAt: "2026-04-12T18:00:00-04:00" },
      ],
    });
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-14T00:00:00Z" });
    expect(finding(verdict, R.notPublished)?.outcome).toBe("compliant");
    expect(finding(verdict, R.termsMismatch)?.outcome).toBe("compliant");
  });
});

describe("ainfluencer: agreed terms the tracker did not capture", () => {
  it("needs review instead of counting missing data as mismatches", async () => {
    const facts = withDeliverable({
      post: {
        publishedAt: "2026-04-10T18:30:00-04:00",
        observations: [{ at: "2026-04-12T18:30:00-04:00", state: "live" }],
      },
    });
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-13T00:00:00Z" });
    expect(finding(verdict, R.termsMismatch)).toMatchObject({
      outcome: "needs_review",
      evidence: { uncaptured: ["hashtag", "mention", "captionPhrase", "mediaId", "linkInBio"] },
    });
    expect(verdict.sanctions).toEqual([]);
  });

  it("still reports the mismatches it can see when other elements were not captured", async () => {
    const facts = withDeliverable({
      post: {
        publishedAt: "2026-04-10T18:30:00-04:00",
        caption: "my serum #glowup",
        observations: [],
      },
    });
    const verdict = await evaluate(facts, policy, { asOf: "2026-04-13T00:00:00Z" });
    const result = finding(verdict, R.termsMismatch);
    expect(result?.outcome).toBe("violation");
    expect(result?.explanation).toContain("hashtag expected #ad, actual #glowup");
    expect(result?.evidence.uncaptured).toEqual(["mediaId", "linkInBio"]);
  });
});
