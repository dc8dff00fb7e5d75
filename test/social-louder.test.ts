/**
 * Social Louder: each published rule, the text-length boundaries (999/1,000 and 499/500), the
 * 2023-10-01 version switch (−2,000 vs −5,000 KRW), unknown length or photo → needs_review, and
 * the versions' identities.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  evaluateSync,
  isValidationError,
  policyVersions,
  socialLouder,
  socialLouderVersions,
  type Verdict,
} from "../src/index.js";
import { SOCIAL_LOUDER_RULES as R, SOCIAL_LOUDER_DEFAULTS } from "../src/policy-entry.js";
import {
  claim,
  type DeliverableSpec,
  deliverable,
  money,
  observation,
  type ParticipationSpec,
  participation,
  payment,
  post,
} from "../src/testing/index.js";

const KST = "Asia/Seoul";
const policy = socialLouder();
const versions = socialLouderVersions();

/** A Seoul visit campaign in March 2026 with a reward of 30,000 KRW. */
function facts(spec: ParticipationSpec = {}) {
  return participation({
    zone: KST,
    kind: "visit",
    startsAt: "2026-03-01 00:00",
    endsAt: "2026-03-21 23:59:59",
    selectedAt: "2026-02-26 10:00",
    payment: payment({ amount: money(30_000, "KRW") }),
    deliverables: [deliverable({ id: "blog", kind: "blog" })],
    ...spec,
  });
}

/** A blog post published in the period, seen live the next day (and 6 months later when `kept`). */
function blog(textLength: number | undefined, proofPhoto: boolean | undefined, kept = false) {
  return deliverable({
    id: "blog",
    kind: "blog",
    post: post("2026-03-10 20:00", {
      ...(textLength === undefined ? {} : { textLength }),
      ...(proofPhoto === undefined ? {} : { proofPhoto }),
      observations: [
        observation("2026-03-11 09:00"),
        ...(kept ? [observation("2026-09-12 09:00")] : []),
      ],
    }),
  });
}

function judge(deliverables: DeliverableSpec[], asOf = "2026-09-15T00:00:00Z", spec = {}) {
  return evaluateSync(facts({ deliverables, ...spec }), policy, { asOf });
}

const sanctions = (verdict: Verdict) =>
  verdict.sanctions.map((sanction) => `${sanction.type} ${sanction.amount?.amount ?? "-"}`);
const outcome = (verdict: Verdict, rule: string) =>
  verdict.findings.find((finding) => finding.rule === rule)?.outcome;

describe("Social Louder: the published rules", () => {
  it("a complete mission earns its points: compliant, no sanction", () => {
    const verdict = judge([blog(1240, true, true)]);
    expect(verdict.status).toBe("compliant");
    expect(verdict.sanctions).toEqual([]);
    expect(verdict.policy).toMatchObject({ id: "social-louder", version: "2023-10" });
  });

  it("a mission not completed within the period: no points (the reward withheld)", () => {
    const verdict = judge([deliverable({ id: "blog", kind: "blog" })], "2026-03-23T00:00:00Z", {
      kind: "product_sponsorship",
    });
    expect(verdict.status).toBe("violation");
    expect(verdict.noShow).toBe(true);
    expect(outcome(verdict, R.missionNotCompleted)).toBe("violation");
    expect(sanctions(verdict)).toEqual(["withhold_payout 30000"]);
  });

  it("still within the period: pending until its end", () => {
    const verdict = judge([deliverable({ id: "blog", kind: "blog" })], "2026-03-15T00:00:00Z");
    expect(verdict.status).toBe("pending");
    expect(verdict.nextCheckAt).toBe("2026-03-21T14:59:59.000Z");
  });

  it("a preview-screening no-show without notice: no points and a suspension a person ends after two weeks", () => {
    const verdict = judge([deliverable({ id: "blog", kind: "blog" })], "2026-03-23T00:00:00Z");
    expect(sanctions(verdict)).toEqual(["withhold_payout 30000", "suspend_account -"]);
    const suspension = verdict.sanctions.find((sanction) => sanction.type === "suspend_account");
    expect(suspension?.requiresHumanReview).toBe(true);
    expect(suspension?.until).toBeUndefined();
    expect(suspension?.note).toContain("2 weeks");
  });

  it("notice accepted by Social Louder: excused, no suspension", () => {
    const verdict = judge([deliverable({ id: "blog", kind: "blog" })], "2026-03-23T00:00:00Z", {
      exceptions: [claim("illness", "2026-03-14 09:00", { decision: "accepted" })],
    });
    expect(verdict.status).toBe("excused");
    expect(verdict.sanctions).toEqual([]);
  });

  it("cancelling after selection: −5,000 KRW, and the mission is not judged a no-show", () => {
    const cancelled = {
      participation: { cancelledAt: "2026-03-02 09:00", cancelledBy: "influencer" as const },
    };
    const verdict = judge(
      [deliverable({ id: "blog", kind: "blog" })],
      "2026-03-23T00:00:00Z",
      cancelled,
    );
    expect(verdict.status).toBe("violation");
    expect(verdict.noShow).toBe(false);
    expect(outcome(verdict, R.cancelledAfterSelection)).toBe("violation");
    expect(sanctions(verdict)).toEqual(["points_deduction 5000"]);
    const byAdvertiser = judge(
      [deliverable({ id: "blog", kind: "blog" })],
      "2026-03-23T00:00:00Z",
      {
        participation: { cancelledAt: "2026-03-02 09:00", cancelledBy: "advertiser" },
      },
    );
    expect(byAdvertiser.status).toBe("compliant");
    expect(byAdvertiser.sanctions).toEqual([]);
  });

  it("a cancellation whose author is unknown is reviewed, never sanctioned", () => {
    const verdict = judge([deliverable({ id: "blog", kind: "blog" })], "2026-03-23T00:00:00Z", {
      participation: { cancelledAt: "2026-03-02 09:00" },
    });
    expect(verdict.status).toBe("needs_review");
    expect(verdict.sanctions).toEqual([]);
  });

  it("a missing proof photo: −5,000 KRW; an unknown one: needs_review, no deduction", () => {
    const missing = judge([blog(1240, false, true)]);
    expect(missing.status).toBe("violation");
    expect(missing.noShow).toBe(false);
    expect(outcome(missing, R.proofPhotoMissing)).toBe("violation");
    expect(sanctions(missing)).toEqual(["points_deduction 5000"]);
    const unknown = judge([blog(1240, undefined, true)]);
    expect(unknown.status).toBe("needs_review");
    expect(outcome(unknown, R.proofPhotoMissing)).toBe("needs_review");
    expect(unknown.sanctions).toEqual([]);
  });

  it("an unknown text length: needs_review, never penalised", () => {
    const verdict = judge([blog(undefined, true, true)]);
    expect(verdict.status).toBe("needs_review");
    expect(outcome(verdict, R.shortPost)).toBe("needs_review");
    expect(outcome(verdict, R.veryShortPost)).toBe("needs_review");
    expect(verdict.sanctions).toEqual([]);
  });

  it("an Instagram post is not held to the blog text length", () => {
    const instagram = deliverable({
      id: "feed",
      kind: "post",
      post: post("2026-03-10 20:00", {
        proofPhoto: true,
        observations: [observation("2026-03-11 09:00"), observation("2026-09-12 09:00")],
      }),
    });
    const verdict = judge([instagram]);
    expect(verdict.status).toBe("compliant");
    expect(outcome(verdict, R.shortPost)).toBeUndefined();
  });

  it("deleted before 6 months: the points returned and a re-upload requested", () => {
    const deleted = deliverable({
      id: "blog",
      kind: "blog",
      post: post("2026-03-10 20:00", {
        textLength: 1240,
        proofPhoto: true,
        observations: [
          observation("2026-03-11 09:00"),
          observation("2026-09-09 09:00", "deleted", "influencer"),
        ],
      }),
    });
    const verdict = judge([deleted]);
    expect(verdict.status).toBe("violation");
    expect(outcome(verdict, R.deletedEarly)).toBe("violation");
    expect(sanctions(verdict)).toEqual(["points_deduction 30000", "request_correction -"]);
    // Six calendar months from 2026-03-10 20:00 KST: still pending the day before.
    const pending = judge([blog(1240, true)], "2026-09-10T10:00:00Z");
    expect(outcome(pending, R.deletedEarly)).toBe("pending");
    expect(pending.nextCheckAt).toBe("2026-09-10T11:00:00.000Z");
  });
});

describe("Social Louder: text-length boundaries", () => {
  it.each([
    [1000, "compliant", []],
    [999, "violation", ["points_deduction 5000"]],
    [500, "violation", ["points_deduction 5000"]],
    [499, "violation", ["withhold_payout 30000"]],
    [0, "violation", ["withhold_payout 30000"]],
  ] as const)("%i characters: %s, %j", (length, status, expected) => {
    const verdict = judge([blog(length, true, true)]);
    expect(verdict.status).toBe(status);
    expect(sanctions(verdict)).toEqual(expected);
  });

  it("for every length: at least 1,000 nothing, 500–999 a deduction, under 500 no points (never both)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), (length) => {
        const got = sanctions(judge([blog(length, true, true)]));
        const expected =
          length >= 1000
            ? []
            : length >= 500
              ? ["points_deduction 5000"]
              : ["withhold_payout 30000"];
        expect(got).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });
});

describe("Social Louder: the 2023-10-01 version switch", () => {
  /** A blog post of 800 characters in October 2023, the influencer selected at `selectedAt` (KST). */
  function october(selectedAt: string) {
    return participation({
      zone: KST,
      kind: "visit",
      startsAt: "2023-10-02 00:00",
      endsAt: "2023-10-31 23:59:59",
      selectedAt,
      payment: payment({ amount: money(30_000, "KRW") }),
      deliverables: [
        deliverable({
          id: "blog",
          kind: "blog",
          post: post("2023-10-10 20:00", {
            textLength: 800,
            proofPhoto: true,
            observations: [observation("2023-10-11 09:00")],
          }),
        }),
      ],
    });
  }
  const asOf = "2023-11-05T00:00:00Z";

  it("selected on 2023-09-30 (KST): the 2023-01 terms, −2,000 KRW", () => {
    const verdict = evaluateSync(october("2023-09-30 23:59:59"), versions, { asOf });
    expect(verdict.policy).toMatchObject({
      version: "2023-01",
      effectiveFrom: "2022-12-31T15:00:00.000Z",
    });
    expect(sanctions(verdict)).toEqual(["points_deduction 2000"]);
  });

  it("selected on 2023-10-01 (KST): the 2023-10 terms, −5,000 KRW", () => {
    const verdict = evaluateSync(october("2023-10-01 00:00"), versions, { asOf });
    expect(verdict.policy).toMatchObject({
      version: "2023-10",
      effectiveFrom: "2023-09-30T15:00:00.000Z",
    });
    expect(sanctions(verdict)).toEqual(["points_deduction 5000"]);
  });

  it("a selection before the first version is refused, not judged", () => {
    try {
      evaluateSync(october("2022-12-31 23:00"), versions, { asOf });
      expect.unreachable();
    } catch (error) {
      expect(isValidationError(error) && error.issues[0]?.path).toBe("participation.selectedAt");
    }
  });

  it("the two versions differ only in the short-post deduction, and their digests differ", () => {
    const [v1, v2] = versions.versions.map((version) => version.policy);
    if (!v1 || !v2) throw new Error("two versions");
    expect(v1.rules).toEqual(v2.rules);
    expect(v1.parameters).toEqual({ ...v2.parameters, shortPostPenalty: money(2000, "KRW") });
    const d1 = evaluateSync(october("2023-09-30 12:00"), versions, { asOf }).policy.digest;
    const d2 = evaluateSync(october("2023-10-01 12:00"), versions, { asOf }).policy.digest;
    expect(d1).toMatch(/^[0-9a-f]{64}$/);
    expect(d1).not.toBe(d2);
    // socialLouder() is the current version; relabelling keeps its digest.
    expect(socialLouder()).toEqual(v2);
    const ours = evaluateSync(
      october("2023-10-01 12:00"),
      socialLouder({}, { id: "acme", version: "1" }),
      { asOf },
    );
    expect(ours.policy).toMatchObject({ id: "acme", version: "1", digest: d2 });
  });

  it("a given shortPostPenalty sets the current version's; the first keeps its published 2,000 KRW", () => {
    const set = socialLouderVersions({ shortPostPenalty: money(7000, "KRW") });
    expect(set.versions.map((version) => version.policy.parameters.shortPostPenalty)).toEqual([
      money(2000, "KRW"),
      money(7000, "KRW"),
    ]);
    // The set is what policyVersions accepts, in its JSON form too.
    const again = policyVersions(JSON.parse(JSON.stringify(set.versions)));
    expect(again.versions.map((version) => version.policy)).toEqual(
      set.versions.map((version) => version.policy),
    );
  });
});

describe("Social Louder: parameters", () => {
  it("defaults are the current terms", () => {
    expect(policy.parameters).toEqual(SOCIAL_LOUDER_DEFAULTS);
    expect(SOCIAL_LOUDER_DEFAULTS.minLiveDuration).toEqual({ months: 6 });
  });

  it("refuses an unknown parameter, a bad amount and a no-points length above the minimum", () => {
    // @ts-expect-error a misspelt parameter: the point of the test
    expect(() => socialLouder({ minTextLenght: 900 })).toThrow(/minTextLenght/);
    expect(() => socialLouder({ shortPostPenalty: { amount: -1, currency: "KRW" } })).toThrow();
    try {
      socialLouder({ noPointsTextLength: 1200 });
      expect.unreachable();
    } catch (error) {
      expect(isValidationError(error) && error.issues[0]).toMatchObject({
        code: "contradiction",
        path: "noPointsTextLength",
      });
    }
  });

  it("relabels with meta, and refuses an unknown meta key", () => {
    expect(socialLouder({}, { name: "Ours" }).name).toBe("Ours");
    // @ts-expect-error a misspelt meta key: the point of the test
    expect(() => socialLouder({}, { id: "x", versoin: "1" })).toThrow(/meta\.versoin/);
  });

  it("a stricter minimum moves the boundary", () => {
    const stricter = socialLouder({ minTextLength: 1500 });
    const verdict = evaluateSync(facts({ deliverables: [blog(1200, true, true)] }), stricter, {
      asOf: "2026-09-15T00:00:00Z",
    });
    expect(sanctions(verdict)).toEqual(["points_deduction 5000"]);
  });
});
