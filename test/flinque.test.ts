import { describe, expect, it } from "vitest";
import { escalationFacts } from "../src/derive/escalation.js";
import {
  applyVerdict,
  type CampaignFactsInput,
  type Deliverable,
  emptyStanding,
  evaluate,
  flinque,
  isValidationError,
  type Policy,
  parseFacts,
  type Standing,
  type Verdict,
} from "../src/index.js";
import {
  checkDisclosure,
  DISCLOSURE_PROFILES,
  FLINQUE_DEFAULTS,
  findLabels,
  FLINQUE_RULES as R,
  resolveDisclosureProfile,
} from "../src/policy-entry.js";
import {
  type ContactSpec,
  claim,
  contact,
  type DeliverableSpec,
  deliverable,
  money,
  type ObservationSpec,
  observation,
  type ParticipationSpec,
  type PostSpec,
  participation,
  payment,
  post,
} from "../src/testing/index.js";
import type { Finding } from "../src/verdict/types.js";
import { KOLKATA } from "./fixtures.js";

// Asia/Kolkata is +05:30 all year (no DST), so calendar days are 24 hours there.
const DUE = "2026-04-10 23:59:59";
const DUE_Z = "2026-04-10T18:29:59.000Z";
const PUBLISHED = "2026-04-08 18:00";
const PUBLISHED_Z = "2026-04-08T12:30:00.000Z";
const PAY = money(4_500_000, "INR");

/** The Glow campaign in Kolkata, April 2026: a reel due 2026-04-10 23:59:59 IST, paid 45,000 INR. */
const GLOW = {
  ...KOLKATA,
  deliverables: [deliverable({ id: "reel", kind: "reel", dueAt: DUE })],
  payment: payment({ amount: PAY }),
} as const satisfies ParticipationSpec;

const facts = (spec: ParticipationSpec = {}) => participation({ ...GLOW, ...spec });

/** The `reel` deliverable with a post (and optional terms and other deliverable fields). */
const posted = (
  over: Partial<PostSpec> = {},
  terms?: DeliverableSpec["terms"],
  extra: DeliverableSpec = {},
) =>
  participation({
    ...GLOW,
    deliverables: [
      deliverable({
        id: "reel",
        kind: "reel",
        dueAt: DUE,
        terms,
        post: post(PUBLISHED, over),
        ...extra,
      }),
    ],
  });

function finding(verdict: Verdict, rule: string, deliverableId?: string): Finding | undefined {
  return verdict.findings.find(
    (item) => item.rule === rule && item.deliverableId === deliverableId,
  );
}

function sanctionTypes(verdict: Verdict): string[] {
  return verdict.sanctions.map((sanction) => sanction.type);
}

const run = (
  input: CampaignFactsInput,
  asOf: string,
  policy: Policy = flinque(),
  standing?: Standing,
) => evaluate(input, policy, { asOf, ...(standing ? { standing } : {}) });

describe("flinque() factory", () => {
  it("builds the policy with id flinque and the documented defaults", () => {
    const policy = flinque();
    expect(policy.id).toBe("flinque");
    expect(policy.version).toBe("1.0.0");
    expect(policy.parameters).toEqual({
      minLiveDuration: { days: 30 },
      earlyRemovalRemedy: "repost",
      disclosureProfile: "us-ftc",
      responseWindow: { days: 2 },
      escalateAfter: { days: 3 },
      repeatedBreachThreshold: 2,
    });
    expect(FLINQUE_DEFAULTS).toEqual(policy.parameters);
  });

  it("merges overrides and accepts a custom disclosure profile", () => {
    const custom = {
      id: "in-asci",
      acceptedLabels: ["#collab", "Paid promotion"],
      rejectedLabels: [],
      visibleChars: 100,
    };
    const policy = flinque({ earlyRemovalRemedy: "refund", disclosureProfile: custom });
    expect(policy.parameters.earlyRemovalRemedy).toBe("refund");
    expect(policy.parameters.disclosureProfile).toEqual(custom);
    expect(policy.parameters.minLiveDuration).toEqual({ days: 30 });
  });

  it("rejects an unknown key, a bad remedy, an unknown profile and a zero threshold", () => {
    const attempts: Array<[unknown, string]> = [
      [{ escalateAfterDays: 3 }, "escalateAfterDays"],
      [{ earlyRemovalRemedy: "apologise" }, "earlyRemovalRemedy"],
      [{ disclosureProfile: "fr-arpp" }, "disclosureProfile"],
      [{ repeatedBreachThreshold: 0 }, "repeatedBreachThreshold"],
      [
        { disclosureProfile: { id: "x", acceptedLabels: [], rejectedLabels: [], visibleChars: 1 } },
        "disclosureProfile",
      ],
    ];
    for (const [params, path] of attempts) {
      let caught: unknown;
      try {
        // @ts-expect-error the point: parameters of the wrong type or name, refused at run time
        flinque(params);
      } catch (error) {
        caught = error;
      }
      expect(isValidationError(caught)).toBe(true);
      if (!isValidationError(caught)) continue;
      expect(caught.code).toBe("INVALID_POLICY");
      expect(caught.issues.some((issue) => issue.path.startsWith(path))).toBe(true);
    }
  });

  it("evaluates identically after a JSON round trip", async () => {
    const input = posted({ caption: "Morning routine #GlowSerum" }, { disclosureRequired: true });
    const asOf = "2026-04-12T00:00:00Z";
    const direct = await run(input, asOf);
    const roundTripped = await run(input, asOf, JSON.parse(JSON.stringify(flinque())));
    expect(JSON.stringify(roundTripped)).toBe(JSON.stringify(direct));
  });
});

describe("flinque.deliverable-missing", () => {
  it("is pending until the deadline, inclusive, with nextCheckAt at the deadline", async () => {
    const early = await run(facts(), "2026-04-05T00:00:00Z");
    expect(finding(early, R.deliverableMissing, "reel")).toMatchObject({
      outcome: "pending",
      checkAt: DUE_Z,
    });
    expect(early.nextCheckAt).toBe(DUE_Z);
    const atDeadline = await run(facts(), DUE_Z);
    expect(finding(atDeadline, R.deliverableMissing, "reel")?.outcome).toBe("pending");
    for (const verdict of [early, atDeadline]) {
      expect(verdict.status).toBe("pending");
      expect(verdict.sanctions).toEqual([]);
      expect(verdict.actions).toEqual([]);
    }
  });

  it("is a no-show since the deadline one second after it, and withholds the payment", async () => {
    const verdict = await run(facts(), "2026-04-10T18:30:00Z");
    const result = finding(verdict, R.deliverableMissing, "reel");
    expect(result).toMatchObject({ outcome: "violation", kind: "no_show", since: DUE_Z });
    expect(result?.explanation).toBe(
      "The contract required deliverable reel by 2026-04-10 23:59:59 +05:30; no post was seen, 1 second after the deadline as of 2026-04-11 00:00 +05:30.",
    );
    expect(result?.evidence).toMatchObject({ dueAt: DUE_Z, publishedAt: null });
    expect(verdict.noShow).toBe(true);
    expect(verdict.sanctions).toEqual([
      {
        type: "withhold_payout",
        because: ["flinque.deliverable-missing@reel"],
        amount: PAY,
        note: "Withhold the payment tied to the unmet deliverable(s); reduce or release it only as the contract provides.",
      },
    ]);
  });

  it("invoices to claw the payment back when it was already paid out", async () => {
    const input = facts({ payment: payment({ amount: PAY, paidOutAt: "2026-04-02 10:00" }) });
    const verdict = await run(input, "2026-04-12T00:00:00Z");
    expect(verdict.sanctions).toEqual([
      {
        type: "invoice",
        because: ["flinque.deliverable-missing@reel"],
        amount: PAY,
        note: "The payment was already paid out at 2026-04-02 10:00 +05:30: invoice the influencer to claw back the pay tied to the unmet deliverable(s), as the contract provides.",
      },
    ]);
  });

  it("still withholds (not invoices) when the payout happens only after asOf", async () => {
    const input = facts({ payment: payment({ amount: PAY, paidOutAt: "2026-04-20 10:00" }) });
    const verdict = await run(input, "2026-04-12T00:00:00Z");
    expect(sanctionTypes(verdict)).toEqual(["withhold_payout"]);
  });

  it("withholds nothing when the facts carry no payment (there is no amount to withhold)", async () => {
    const input = facts({ payment: undefined });
    const verdict = await run(input, "2026-04-12T00:00:00Z");
    expect(verdict.violations.map((finding) => finding.rule)).toEqual([
      "flinque.deliverable-missing",
    ]);
    expect(sanctionTypes(verdict)).toEqual([]);
  });

  it("counts a post at exactly the deadline as on time and one a second later as late", async () => {
    const onTime = await run(
      facts({
        deliverables: [deliverable({ id: "reel", kind: "reel", dueAt: DUE, post: post(DUE) })],
      }),
      "2026-04-11T00:00:00Z",
    );
    expect(finding(onTime, R.deliverableMissing, "reel")?.outcome).toBe("compliant");
    const late = await run(
      facts({
        deliverables: [
          deliverable({ id: "reel", kind: "reel", dueAt: DUE, post: post("2026-04-11 00:00") }),
        ],
      }),
      "2026-04-11T00:00:00Z",
    );
    const result = finding(late, R.deliverableMissing, "reel");
    expect(result).toMatchObject({ outcome: "violation", since: DUE_Z });
    expect(result?.explanation).toBe(
      "The contract required deliverable reel by 2026-04-10 23:59:59 +05:30; it was published only at 2026-04-11 00:00 +05:30, 1 second late.",
    );
    expect(sanctionTypes(late)).toEqual(["withhold_payout"]);
  });

  it("moves the deadline with an extension and drops out when the advertiser cancelled", async () => {
    const extended = await run(
      facts({
        deliverables: [
          deliverable({
            id: "reel",
            kind: "reel",
            dueAt: DUE,
            extensions: [{ grantedAt: "2026-04-09 10:00", newDueAt: "2026-04-15 23:59:59" }],
          }),
        ],
      }),
      "2026-04-12T00:00:00Z",
    );
    expect(finding(extended, R.deliverableMissing, "reel")).toMatchObject({
      outcome: "pending",
      checkAt: "2026-04-15T18:29:59.000Z",
    });
    const cancelled = await run(
      facts({ participation: { cancelledAt: "2026-04-03 10:00", cancelledBy: "advertiser" } }),
      "2026-04-12T00:00:00Z",
    );
    expect(finding(cancelled, R.deliverableMissing, "reel")).toBeUndefined();
    expect(cancelled.status).toBe("compliant");
  });
});

describe("flinque.removed-before-minimum", () => {
  const required = "2026-05-08T12:30:00.000Z"; // PUBLISHED + 30 calendar days

  it("is compliant when seen live exactly at the end of the minimum live period", async () => {
    const verdict = await run(
      posted({ observations: [observation(required)] }),
      "2026-05-09T00:00:00Z",
    );
    expect(finding(verdict, R.removedBeforeMinimum, "reel")?.outcome).toBe("compliant");
    expect(verdict.status).toBe("compliant");
  });

  it("is pending while the period runs, with a performance recheck at its end", async () => {
    const verdict = await run(
      posted({ observations: [observation("2026-04-10 10:00")] }),
      "2026-04-12T00:00:00Z",
    );
    expect(finding(verdict, R.removedBeforeMinimum, "reel")).toMatchObject({
      outcome: "pending",
      checkAt: required,
    });
    expect(verdict.actions).toEqual([
      {
        type: "recheck",
        at: required,
        note: "Recheck that the post of deliverable reel is still live at 2026-05-08 18:00 +05:30, the end of its minimum live period (30 days), and track its performance.",
        deliverableId: "reel",
      },
    ]);
    expect(verdict.nextCheckAt).toBe(required);
  });

  it("is a breach since the removal was seen, with repost as the default remedy", async () => {
    const verdict = await run(
      posted({
        observations: [
          observation("2026-04-12 10:00"),
          observation("2026-04-17 10:00", "deleted", "influencer"),
        ],
      }),
      "2026-04-18T00:00:00Z",
    );
    const result = finding(verdict, R.removedBeforeMinimum, "reel");
    expect(result).toMatchObject({
      outcome: "violation",
      kind: "breach",
      since: "2026-04-17T04:30:00.000Z",
    });
    expect(result?.explanation).toBe(
      "The contract required the post of deliverable reel live for 30 days after 2026-04-08 18:00 +05:30, until 2026-05-08 18:00 +05:30; it was last known live at 2026-04-12 10:00 +05:30 and seen deleted at 2026-04-17 10:00 +05:30.",
    );
    expect(verdict.noShow).toBe(false);
    expect(verdict.sanctions).toEqual([
      {
        type: "request_correction",
        because: ["flinque.removed-before-minimum@reel"],
        note: "Ask the influencer to correct each breach listed in because, as the contract provides (repost a post removed early, add an accepted disclosure label at the start of the caption, add the agreed hashtags, mentions and caption phrases — whichever is listed).",
      },
    ]);
  });

  it("refunds the advertiser instead when earlyRemovalRemedy is refund", async () => {
    const verdict = await run(
      posted({ observations: [observation("2026-04-09 10:00", "archived")] }),
      "2026-04-18T00:00:00Z",
      flinque({ earlyRemovalRemedy: "refund" }),
    );
    expect(finding(verdict, R.removedBeforeMinimum, "reel")?.outcome).toBe("violation");
    expect(verdict.sanctions).toEqual([
      {
        type: "refund_advertiser",
        because: ["flinque.removed-before-minimum@reel"],
        amount: PAY,
        note: "A post was removed before its minimum live period: refund the advertiser, as the contract provides.",
      },
    ]);
  });

  it("uses the minLiveDuration parameter, and a deliverable's own minimum over it", async () => {
    const observations = [
      observation("2026-04-10 10:00"),
      observation("2026-04-16 10:00", "deleted", "influencer"),
    ];
    const weekPolicy = flinque({ minLiveDuration: { days: 7 } });
    const kept = await run(
      posted({
        observations: [
          ...observations.slice(0, 1),
          observation("2026-04-15 18:00"),
          ...observations.slice(1),
        ],
      }),
      "2026-04-18T00:00:00Z",
      weekPolicy,
    );
    expect(finding(kept, R.removedBeforeMinimum, "reel")?.outcome).toBe("compliant");
    const own = await run(
      posted({ observations }, undefined, { minLiveDuration: { days: 60 } }),
      "2026-04-18T00:00:00Z",
      weekPolicy,
    );
    expect(finding(own, R.removedBeforeMinimum, "reel")?.evidence).toMatchObject({
      minLiveDuration: { days: 60 },
      requiredUntil: "2026-06-07T12:30:00.000Z",
    });
  });

  it("needs review when the removal straddles the end, the platform removed it, or tracking failed", async () => {
    const cases: Array<[ObservationSpec[], string]> = [
      [
        [observation("2026-05-07 10:00"), observation("2026-05-09 10:00", "deleted", "influencer")],
        "the end of the minimum live period 2026-05-08 18:00 +05:30 falls between",
      ],
      [
        [observation("2026-04-12 10:00", "removed_by_platform")],
        "was removed by the platform (seen at 2026-04-12 10:00 +05:30), not by the influencer",
      ],
      [
        [observation("2026-04-12 10:00", "unavailable", "token_expired")],
        "(cause: token_expired) and has not been seen live since",
      ],
    ];
    for (const [observations, text] of cases) {
      const verdict = await run(posted({ observations }), "2026-05-10T00:00:00Z");
      const result = finding(verdict, R.removedBeforeMinimum, "reel");
      expect(result?.outcome).toBe("needs_review");
      expect(result?.explanation).toContain(text);
      expect(verdict.sanctions).toEqual([]);
      expect(verdict.actions).toEqual([]);
    }
  });
});

const US = resolveDisclosureProfile("us-ftc");
const UK = resolveDisclosureProfile("uk-asa");

function withCaption(caption: string | undefined, required = true): Deliverable {
  return parseFacts(
    posted(caption === undefined ? {} : { caption }, { disclosureRequired: required }),
  ).deliverables[0] as Deliverable;
}

describe("disclosure profiles (src/derive/disclosure.ts)", () => {
  it("us-ftc accepts #ad at the start, with its 1-based position and line", () => {
    const check = checkDisclosure(withCaption("#ad Loving the @glowlabs serum"), US);
    expect(check).toMatchObject({
      status: "disclosed",
      profile: "us-ftc",
      visibleChars: 125,
      visibleLines: 3,
      labelSummary: '"#ad" at characters 1–3 (line 1)',
      rejected: [],
      rejectedSummary: null,
    });
    expect(check.label).toEqual({
      label: "#ad",
      text: "#ad",
      position: 1,
      end: 3,
      line: 1,
      visible: true,
      accepted: true,
    });
  });

  it("us-ftc: a label ending at character 125 is visible, one ending at 126 is too late", () => {
    const visible = checkDisclosure(withCaption(`${"a".repeat(121)} #ad`), US);
    expect(visible.status).toBe("disclosed");
    expect(visible.labelSummary).toBe('"#ad" at characters 123–125 (line 1)');
    const late = checkDisclosure(withCaption(`${"a".repeat(122)} #ad`), US);
    expect(late.status).toBe("too_late");
    expect(late.labelSummary).toBe('"#ad" at characters 124–126 (line 1)');
  });

  it("us-ftc: a label on the fourth line is too late even within 125 characters", () => {
    expect(checkDisclosure(withCaption("One\nTwo\n#ad Three"), US).status).toBe("disclosed");
    const late = checkDisclosure(withCaption("One\nTwo\nThree\n#ad"), US);
    expect(late.status).toBe("too_late");
    expect(late.labelSummary).toBe('"#ad" at characters 15–17 (line 4)');
  });

  it("counts positions in characters, not UTF-16 units", () => {
    const check = checkDisclosure(withCaption("✨🌿 #ad"), US);
    expect(check.label).toMatchObject({ position: 4, end: 6 });
  });

  it("us-ftc accepts #sponsored and 'Paid partnership', not #adventure or #spon", () => {
    expect(checkDisclosure(withCaption("So good #sponsored"), US).labelSummary).toBe(
      '"#sponsored" at characters 9–18 (line 1)',
    );
    expect(checkDisclosure(withCaption("Paid partnership with @glowlabs"), US).label).toMatchObject(
      {
        label: "Paid partnership",
        position: 1,
        end: 16,
      },
    );
    expect(checkDisclosure(withCaption("#adventure awaits #adidas"), US).status).toBe("missing");
    const rejected = checkDisclosure(withCaption("#sp #partner loving it #spon"), US);
    expect(rejected.status).toBe("rejected_only");
    expect(rejected.rejectedSummary).toBe(
      '"#sp" at characters 1–3 (line 1), "#partner" at characters 5–12 (line 1), "#spon" at characters 24–28 (line 1)',
    );
  });

  it("uk-asa accepts 'Ad – gifted' as one label, not as a rejected 'gifted'", () => {
    const check = checkDisclosure(withCaption("Ad – gifted by @glowlabs"), UK);
    expect(check.status).toBe("disclosed");
    expect(check.label).toMatchObject({ label: "Ad - gifted", text: "Ad – gifted", end: 11 });
    expect(check.rejected).toEqual([]);
  });

  it("uk-asa accepts Ad, Advert, Advertisement feature and #ad; not Adidas", () => {
    for (const [caption, label] of [
      ["AD | new serum", "Ad"],
      ["Advert: new serum", "Advert"],
      ["Advertisement feature — new serum", "Advertisement feature"],
      ["new serum #ad", "#ad"],
    ] as const) {
      const check = checkDisclosure(withCaption(caption), UK);
      expect(check.status).toBe("disclosed");
      expect(check.label?.label).toBe(label);
    }
    expect(checkDisclosure(withCaption("Adidas and the new serum"), UK).status).toBe("missing");
  });

  it("uk-asa rejects gifted alone, #spon, #collab and #sponsored", () => {
    for (const [caption, text] of [
      ["gifted by @glowlabs", "gifted"],
      ["#spon new serum", "#spon"],
      ["new serum #collab", "#collab"],
      ["#sponsored new serum", "#sponsored"],
    ] as const) {
      const check = checkDisclosure(withCaption(caption), UK);
      expect(check.status).toBe("rejected_only");
      expect(check.rejected.map((match) => match.text)).toEqual([text]);
    }
    // The same #sponsored is accepted under us-ftc.
    expect(checkDisclosure(withCaption("#sponsored new serum"), US).status).toBe("disclosed");
  });

  it("uk-asa: an accepted label after the visible start is too late", () => {
    const check = checkDisclosure(withCaption(`${"b".repeat(130)} Ad`), UK);
    expect(check.status).toBe("too_late");
    expect(check.labelSummary).toBe('"Ad" at characters 132–133 (line 1)');
  });

  it("reports not_required, no_post and no_caption", () => {
    expect(checkDisclosure(withCaption("no label", false), US).status).toBe("not_required");
    expect(checkDisclosure(withCaption(undefined), US).status).toBe("no_caption");
    const unposted = parseFacts(
      facts({
        deliverables: [
          deliverable({ id: "reel", kind: "reel", terms: { disclosureRequired: true } }),
        ],
      }),
    ).deliverables[0] as Deliverable;
    expect(checkDisclosure(unposted, US).status).toBe("no_post");
  });

  it("findLabels resolves overlaps leftmost-longest and keeps the built-in lists intact", () => {
    expect(findLabels("Advertisement feature", UK).map((match) => match.label)).toEqual([
      "Advertisement feature",
    ]);
    const copy = resolveDisclosureProfile("uk-asa");
    copy.acceptedLabels.push("#mutated");
    expect(DISCLOSURE_PROFILES["uk-asa"].acceptedLabels).not.toContain("#mutated");
  });
});

describe("flinque.disclosure-missing", () => {
  const asOf = "2026-04-09T00:00:00Z";
  const required = { disclosureRequired: true };

  it("is compliant with an accepted label in the visible start", async () => {
    const verdict = await run(posted({ caption: "#ad New routine" }, required), asOf);
    expect(finding(verdict, R.disclosureMissing, "reel")?.explanation).toBe(
      'The caption of deliverable reel carries the accepted label "#ad" at characters 1–3 (line 1), within the first 125 characters and 3 lines (us-ftc).',
    );
    expect(finding(verdict, R.disclosureMissing, "reel")?.outcome).toBe("compliant");
  });

  it("is a breach since publication when the label is too late, naming its position", async () => {
    const verdict = await run(posted({ caption: `${"a".repeat(122)} #ad` }, required), asOf);
    const result = finding(verdict, R.disclosureMissing, "reel");
    expect(result).toMatchObject({ outcome: "violation", kind: "breach", since: PUBLISHED_Z });
    expect(result?.explanation).toBe(
      'The terms of deliverable reel require a disclosure within the first 125 characters and 3 lines (us-ftc); the post published at 2026-04-08 18:00 +05:30 carries the accepted label "#ad" at characters 124–126 (line 1), after the visible start.',
    );
    expect(result?.evidence).toMatchObject({
      profile: "us-ftc",
      status: "too_late",
      label: { label: "#ad", position: 124, end: 126, visible: false },
    });
    expect(verdict.sanctions).toEqual([
      expect.objectContaining({
        type: "request_correction",
        because: ["flinque.disclosure-missing@reel"],
      }),
    ]);
  });

  it("is a breach naming the rejected labels under uk-asa", async () => {
    const verdict = await run(
      posted({ caption: "gifted by @glowlabs #spon" }, required),
      asOf,
      flinque({ disclosureProfile: "uk-asa" }),
    );
    expect(finding(verdict, R.disclosureMissing, "reel")?.explanation).toBe(
      'The terms of deliverable reel require a disclosure (uk-asa accepts #ad, Ad, Advert, Advertising, Advertisement, Advertisement feature, Ad - gifted, #advert, #advertisement); the post published at 2026-04-08 18:00 +05:30 carries only "gifted" at characters 1–6 (line 1), "#spon" at characters 21–25 (line 1), which the profile rejects.',
    );
  });

  it("is a breach when no label is present at all", async () => {
    const verdict = await run(posted({ caption: "New routine with @glowlabs" }, required), asOf);
    expect(finding(verdict, R.disclosureMissing, "reel")).toMatchObject({
      outcome: "violation",
      explanation:
        "The terms of deliverable reel require a disclosure (us-ftc accepts #ad, #advertisement, #sponsored, Ad, Advertisement, Sponsored, Paid partnership, Paid ad); the caption of the post published at 2026-04-08 18:00 +05:30 carries no disclosure label.",
    });
  });

  it("judges the same caption differently per profile", async () => {
    const input = posted({ caption: "#sponsored New routine" }, required);
    const us = await run(input, asOf);
    const uk = await run(input, asOf, flinque({ disclosureProfile: "uk-asa" }));
    expect(finding(us, R.disclosureMissing, "reel")?.outcome).toBe("compliant");
    expect(finding(uk, R.disclosureMissing, "reel")?.outcome).toBe("violation");
  });

  it("needs review without a captured caption, and does not apply when not required or not posted", async () => {
    const noCaption = await run(posted({}, required), asOf);
    expect(finding(noCaption, R.disclosureMissing, "reel")).toMatchObject({
      outcome: "needs_review",
      explanation:
        "The terms of deliverable reel require a disclosure, but the caption of the post published at 2026-04-08 18:00 +05:30 was not captured, so it cannot be checked.",
    });
    const notRequired = await run(
      posted({ caption: "New routine" }, { disclosureRequired: false }),
      asOf,
    );
    expect(finding(notRequired, R.disclosureMissing, "reel")).toBeUndefined();
    const noTerms = await run(posted({ caption: "New routine" }), asOf);
    expect(finding(noTerms, R.disclosureMissing, "reel")).toBeUndefined();
    const unposted = await run(
      facts({
        deliverables: [deliverable({ id: "reel", kind: "reel", dueAt: DUE, terms: required })],
      }),
      asOf,
    );
    expect(finding(unposted, R.disclosureMissing, "reel")).toBeUndefined();
  });

  it("uses a custom profile's labels and visible start", async () => {
    const policy = flinque({
      disclosureProfile: {
        id: "in-asci",
        acceptedLabels: ["#collab", "Paid promotion"],
        rejectedLabels: [],
        visibleChars: 20,
      },
    });
    const early = await run(posted({ caption: "#collab New routine" }, required), asOf, policy);
    expect(finding(early, R.disclosureMissing, "reel")?.outcome).toBe("compliant");
    const late = await run(
      posted({ caption: "New routine, day one #collab" }, required),
      asOf,
      policy,
    );
    expect(finding(late, R.disclosureMissing, "reel")?.explanation).toContain(
      'within the first 20 characters (in-asci); the post published at 2026-04-08 18:00 +05:30 carries the accepted label "#collab" at characters 22–28 (line 1), after the visible start.',
    );
  });
});

describe("flinque.guideline-mismatch (reusing the terms check)", () => {
  const asOf = "2026-04-09T00:00:00Z";
  const terms = {
    hashtags: ["#GlowSerum"],
    mentions: ["@glowlabs"],
    captionIncludes: ["two drops"],
  };

  it("is compliant when every agreed tag and phrase is there (a trailing dot ends a mention)", async () => {
    const verdict = await run(
      posted({ caption: "Two drops a day #glowserum, thanks @GlowLabs." }, terms),
      asOf,
    );
    expect(finding(verdict, R.guidelineMismatch, "reel")?.outcome).toBe("compliant");
    expect(verdict.status).toBe("pending");
  });

  it("is a breach since publication listing what was agreed and what was seen", async () => {
    const verdict = await run(posted({ caption: "Morning routine #skincare @glow" }, terms), asOf);
    const result = finding(verdict, R.guidelineMismatch, "reel");
    expect(result).toMatchObject({ outcome: "violation", kind: "breach", since: PUBLISHED_Z });
    expect(result?.explanation).toBe(
      'The post of deliverable reel published at 2026-04-08 18:00 +05:30 does not follow the agreed guidelines: hashtag expected #glowserum, actual #skincare; mention expected @glowlabs, actual @glow; captionPhrase expected "two drops", actual not in caption.',
    );
    expect(verdict.sanctions).toEqual([
      expect.objectContaining({
        type: "request_correction",
        because: ["flinque.guideline-mismatch@reel"],
      }),
    ]);
  });

  it("merges the correction of a disclosure and a guideline breach into one request", async () => {
    const verdict = await run(
      posted({ caption: "Morning routine" }, { ...terms, disclosureRequired: true }),
      asOf,
    );
    expect(verdict.sanctions).toHaveLength(1);
    expect(verdict.sanctions[0]).toMatchObject({
      type: "request_correction",
      because: ["flinque.disclosure-missing@reel", "flinque.guideline-mismatch@reel"],
    });
  });

  it("needs review when the post's content was not captured; does not apply with nothing agreed", async () => {
    const uncaptured = await run(posted({}, terms), asOf);
    expect(finding(uncaptured, R.guidelineMismatch, "reel")?.outcome).toBe("needs_review");
    const nothing = await run(posted({ caption: "x" }, { disclosureRequired: false }), asOf);
    expect(finding(nothing, R.guidelineMismatch, "reel")).toBeUndefined();
    const capturedTags = await run(
      posted(
        { hashtags: ["GlowSerum"], mentions: ["glowlabs"] },
        { hashtags: ["#GlowSerum"], mentions: ["@glowlabs"] },
      ),
      asOf,
    );
    expect(finding(capturedTags, R.guidelineMismatch, "reel")?.outcome).toBe("compliant");
  });
});

describe("flinque.unresponsive", () => {
  const chat = (respondedAt?: string) =>
    contact("2026-04-05 10:00", {
      id: "chat-1",
      from: "advertiser",
      channel: "chat",
      ...(respondedAt ? { respondedAt } : {}),
    });
  const respondBy = "2026-04-07T04:30:00.000Z"; // 2 calendar days later
  const unposted = (contacts: ContactSpec[]) => facts({ contacts });

  it("does not apply without messages, and is pending while the answer is due", async () => {
    const none = await run(facts(), "2026-04-06T00:00:00Z");
    expect(finding(none, R.unresponsive)).toBeUndefined();
    const waiting = await run(unposted([chat()]), "2026-04-06T00:00:00Z");
    expect(finding(waiting, R.unresponsive)).toMatchObject({
      outcome: "pending",
      checkAt: respondBy,
      explanation: "Message(s) chat-1 await an answer, due by 2026-04-07 10:00 +05:30.",
    });
  });

  it("is compliant for an answer exactly at the end of the window", async () => {
    const verdict = await run(unposted([chat(respondBy)]), "2026-04-08T00:00:00Z");
    expect(finding(verdict, R.unresponsive)).toMatchObject({
      outcome: "compliant",
      explanation: "Every one of 1 message(s) was answered within 2 days.",
    });
  });

  it("is a breach since the answer was due, for no answer or a late one", async () => {
    for (const input of [unposted([chat()]), unposted([chat("2026-04-07T04:31:00Z")])]) {
      const verdict = await run(input, "2026-04-08T00:00:00Z");
      expect(finding(verdict, R.unresponsive)).toMatchObject({
        outcome: "violation",
        kind: "breach",
        since: respondBy,
        explanation:
          "Message(s) chat-1 got no answer within 2 days; the first answer was due by 2026-04-07 10:00 +05:30.",
      });
    }
  });
});

describe("the steps, as actions with times", () => {
  const required = { disclosureRequired: true };
  const live = [observation("2026-04-10 10:00")];
  const breach =
    "(1) flinque.disclosure-missing@reel, since 2026-04-08 18:00 +05:30: The terms of deliverable reel require a disclosure (us-ftc accepts #ad, #advertisement, #sponsored, Ad, Advertisement, Sponsored, Paid partnership, Paid ad); the caption of the post published at 2026-04-08 18:00 +05:30 carries no disclosure label.";
  const input = () => posted({ caption: "New routine", observations: live }, required);

  it("messages at the breach, reviews when the answer is due, reports escalateAfter later", async () => {
    const verdict = await run(input(), "2026-04-09T00:00:00Z");
    expect(verdict.actions).toEqual([
      {
        type: "message_influencer",
        at: PUBLISHED_Z,
        note: `Message the influencer in-platform about the breach(es) of deliverable reel and ask for an answer by 2026-04-10 18:00 +05:30: ${breach}`,
        deliverableId: "reel",
      },
      {
        type: "collect_evidence",
        at: "2026-04-10T12:30:00.000Z",
        note: `Collect and archive the evidence of the breach(es) of deliverable reel (what was agreed, what was seen, when): ${breach}`,
        deliverableId: "reel",
      },
      {
        type: "review_contract",
        at: "2026-04-10T12:30:00.000Z",
        note: `Review the contract's requirements for deliverable reel against the evidence of the breach(es) and apply only the remedies it specifies: ${breach}`,
        deliverableId: "reel",
      },
      {
        type: "recheck",
        at: "2026-04-11T12:30:00.000Z",
        note: "Recheck deliverable reel: whether the breach(es) since 2026-04-08 18:00 +05:30 were cured, and its performance in the analytics.",
        deliverableId: "reel",
      },
      {
        type: "report_to_support",
        at: "2026-04-11T12:30:00.000Z",
        note: `If the breach(es) of deliverable reel since 2026-04-08 18:00 +05:30 remain unresolved, report them to Flinque support with the evidence: ${breach}`,
        deliverableId: "reel",
      },
      {
        type: "recheck",
        at: "2026-05-08T12:30:00.000Z",
        note: "Recheck that the post of deliverable reel is still live at 2026-05-08 18:00 +05:30, the end of its minimum live period (30 days), and track its performance.",
        deliverableId: "reel",
      },
    ]);
    expect(verdict.nextCheckAt).toBe("2026-04-10T12:30:00.000Z");
  });

  it("sets nextCheckAt to the earliest step still in the future", async () => {
    const atReview = await run(input(), "2026-04-10T12:30:00Z");
    expect(atReview.nextCheckAt).toBe("2026-04-11T12:30:00.000Z");
    const afterReport = await run(input(), "2026-04-11T12:30:01Z");
    expect(afterReport.nextCheckAt).toBe("2026-05-08T12:30:00.000Z");
    // Past steps stay listed (due now); only their times decide nextCheckAt.
    expect(afterReport.actions.map((action) => action.type)).toEqual([
      "message_influencer",
      "collect_evidence",
      "review_contract",
      "recheck",
      "report_to_support",
      "recheck",
    ]);
  });

  it("follows responseWindow and escalateAfter", async () => {
    const verdict = await run(
      input(),
      "2026-04-09T00:00:00Z",
      flinque({ responseWindow: { hours: 12 }, escalateAfter: { days: 7 } }),
    );
    expect(
      verdict.actions
        .filter((action) => action.note.includes("breach"))
        .map((action) => [action.type, action.at]),
    ).toEqual([
      ["message_influencer", PUBLISHED_Z],
      ["collect_evidence", "2026-04-09T00:30:00.000Z"],
      ["review_contract", "2026-04-09T00:30:00.000Z"],
      ["recheck", "2026-04-15T12:30:00.000Z"],
      ["report_to_support", "2026-04-15T12:30:00.000Z"],
    ]);
    expect(verdict.nextCheckAt).toBe("2026-04-09T00:30:00.000Z");
  });

  it("counts days as calendar days in the campaign zone across a DST change", async () => {
    // Europe/London moves to BST at 2026-03-29 01:00 UTC: 12:00 local is 12:00Z before, 11:00Z after.
    const london = facts({
      zone: "Europe/London",
      campaign: { id: "glow-uk" },
      startsAt: "2026-03-01 00:00",
      endsAt: "2026-04-30 23:59:59",
      // Kolkata's selection time, as an instant (10:00 IST is 04:30 in London then).
      selectedAt: "2026-03-25T10:00:00+05:30",
      deliverables: [deliverable({ id: "reel", kind: "reel", dueAt: "2026-03-27 12:00" })],
    });
    const verdict = await run(london, "2026-03-28T00:00:00Z");
    expect(verdict.actions.map((action) => [action.type, action.at])).toEqual([
      ["message_influencer", "2026-03-27T12:00:00.000Z"],
      ["collect_evidence", "2026-03-29T11:00:00.000Z"],
      ["review_contract", "2026-03-29T11:00:00.000Z"],
      ["recheck", "2026-03-30T11:00:00.000Z"],
      ["report_to_support", "2026-03-30T11:00:00.000Z"],
    ]);
  });

  it("gives a breach found after the case opened its own timeline, and lists every breach", async () => {
    const verdict = await run(
      posted(
        {
          caption: "New routine",
          observations: [...live, observation("2026-04-17 10:00", "deleted", "influencer")],
        },
        required,
      ),
      "2026-04-18T00:00:00Z",
    );
    const removal =
      "(1) flinque.removed-before-minimum@reel, since 2026-04-17 10:00 +05:30: The contract required the post of deliverable reel live for 30 days after 2026-04-08 18:00 +05:30, until 2026-05-08 18:00 +05:30; it was last known live at 2026-04-10 10:00 +05:30 and seen deleted at 2026-04-17 10:00 +05:30.";
    expect(verdict.actions.map((action) => [action.type, action.at])).toEqual([
      ["message_influencer", PUBLISHED_Z],
      ["collect_evidence", "2026-04-10T12:30:00.000Z"],
      ["review_contract", "2026-04-10T12:30:00.000Z"],
      ["recheck", "2026-04-11T12:30:00.000Z"],
      ["report_to_support", "2026-04-11T12:30:00.000Z"],
      ["message_influencer", "2026-04-17T04:30:00.000Z"],
      ["collect_evidence", "2026-04-19T04:30:00.000Z"],
      ["review_contract", "2026-04-19T04:30:00.000Z"],
      ["recheck", "2026-04-20T04:30:00.000Z"],
      ["report_to_support", "2026-04-20T04:30:00.000Z"],
    ]);
    expect(verdict.actions[5]?.note).toBe(
      `Message the influencer in-platform about the new breach(es) of deliverable reel and ask for an answer by 2026-04-19 10:00 +05:30: ${removal}`,
    );
    // The whole case's evidence list carries both breaches, earliest first.
    expect(verdict.actions[4]?.note).toBe(
      `If the breach(es) of deliverable reel since 2026-04-08 18:00 +05:30 remain unresolved, report them to Flinque support with the evidence: ${breach} ${removal.replace("(1)", "(2)")}`,
    );
    expect(verdict.nextCheckAt).toBe("2026-04-19T04:30:00.000Z");
  });

  it("runs a campaign-level timeline (no deliverable) for an unanswered message", async () => {
    const verdict = await run(
      facts({
        deliverables: [deliverable({ id: "reel", kind: "reel", dueAt: "2026-04-20 23:59:59" })],
        contacts: [contact("2026-04-05 10:00", { id: "chat-1", channel: "chat" })],
      }),
      "2026-04-08T00:00:00Z",
    );
    expect(verdict.actions.map((action) => [action.type, action.at, action.deliverableId])).toEqual(
      [
        ["message_influencer", "2026-04-07T04:30:00.000Z", undefined],
        ["collect_evidence", "2026-04-09T04:30:00.000Z", undefined],
        ["review_contract", "2026-04-09T04:30:00.000Z", undefined],
        ["recheck", "2026-04-10T04:30:00.000Z", undefined],
        ["report_to_support", "2026-04-10T04:30:00.000Z", undefined],
      ],
    );
    expect(verdict.actions[0]?.note).toBe(
      "Message the influencer in-platform about the breach(es) of campaign glow and ask for an answer by 2026-04-09 10:00 +05:30: (1) flinque.unresponsive, since 2026-04-07 10:00 +05:30: Message(s) chat-1 got no answer within 2 days; the first answer was due by 2026-04-07 10:00 +05:30.",
    );
    expect(verdict.sanctions).toEqual([]);
  });

  it("schedules no steps or remedies for a breach excused by an accepted exception", async () => {
    const excused = await run(
      facts({
        exceptions: [claim("illness", "2026-04-09 10:00", { id: "ill-1", decision: "accepted" })],
      }),
      "2026-04-12T00:00:00Z",
    );
    expect(finding(excused, R.deliverableMissing, "reel")).toMatchObject({
      outcome: "excused",
      excusedBy: ["ill-1"],
    });
    expect(excused.status).toBe("excused");
    expect(excused.sanctions).toEqual([]);
    expect(excused.actions).toEqual([]);
    const undecided = await run(
      facts({
        exceptions: [claim("illness", "2026-04-09 10:00", { id: "ill-1" })],
      }),
      "2026-04-12T00:00:00Z",
    );
    expect(undecided.status).toBe("needs_review");
    expect(undecided.exceptions[0]?.status).toBe("needs_review");
    expect(undecided.actions).toEqual([]);
  });
});

describe("escalation to legal review", () => {
  const noPost = (impact?: { serious: boolean; note?: string }) =>
    facts({ campaign: { ...GLOW.campaign, ...(impact ? { impact } : {}) } });
  const asOf = "2026-04-12T00:00:00Z";
  const strike = (campaignId: string, extra: Record<string, string> = {}) => ({
    at: "2026-02-10T12:00:00Z",
    campaignId,
    policyId: "flinque",
    rules: ["flinque.disclosure-missing"],
    ...extra,
  });
  const standing = (...strikes: Array<ReturnType<typeof strike>>): Standing => ({
    ...emptyStanding("inf-aarav"),
    strikes,
  });
  const legal = (verdict: Verdict) =>
    verdict.sanctions.filter((sanction) => sanction.type === "legal_review");

  it("escalates a serious impact with a violation, with the penalty-clause note", async () => {
    const verdict = await run(noPost({ serious: true, note: "launch-day coverage lost" }), asOf);
    expect(legal(verdict)).toEqual([
      {
        type: "legal_review",
        because: ["flinque.deliverable-missing@reel"],
        requiresHumanReview: true,
        note: "Serious impact reported (launch-day coverage lost): apply the contract's penalty or cancellation clause after a legal review.",
      },
    ]);
  });

  it("does not escalate a serious impact without a violation, or a first breach", async () => {
    const pending = await run(noPost({ serious: true }), "2026-04-05T00:00:00Z");
    expect(pending.sanctions).toEqual([]);
    const first = await run(noPost(), asOf, flinque(), standing());
    expect(legal(first)).toEqual([]);
  });

  it("escalates at repeatedBreachThreshold campaigns with breaches, counting the standing", async () => {
    const verdict = await run(noPost(), asOf, flinque(), standing(strike("winter-balm")));
    expect(legal(verdict)).toEqual([
      {
        type: "legal_review",
        because: ["flinque.deliverable-missing@reel", "standing:winter-balm"],
        requiresHumanReview: true,
        note: "Repeated breaches (2 campaigns with breaches counting this one; threshold 2): apply the contract's penalty or cancellation clause after a legal review.",
      },
    ]);
    const higher = await run(
      noPost(),
      asOf,
      flinque({ repeatedBreachThreshold: 3 }),
      standing(strike("winter-balm")),
    );
    expect(legal(higher)).toEqual([]);
    const three = await run(
      noPost(),
      asOf,
      flinque({ repeatedBreachThreshold: 3 }),
      standing(strike("winter-balm"), strike("autumn-oil")),
    );
    expect(legal(three)[0]?.because).toEqual([
      "flinque.deliverable-missing@reel",
      "standing:winter-balm",
      "standing:autumn-oil",
    ]);
  });

  it("ignores expired, revoked and this campaign's own earlier strikes", async () => {
    const verdict = await run(
      noPost(),
      asOf,
      flinque(),
      standing(
        strike("winter-balm", { expiresAt: "2026-04-01T00:00:00Z" }),
        strike("autumn-oil", { revokedAt: "2026-03-01T00:00:00Z" }),
        strike("glow"),
      ),
    );
    expect(legal(verdict)).toEqual([]);
  });

  it("does not escalate on past strikes alone when this campaign has no breach", async () => {
    const clean = await run(
      posted({ caption: "#ad", observations: [observation("2026-05-09T00:00:00Z")] }),
      "2026-05-10T00:00:00Z",
      flinque(),
      standing(strike("winter-balm"), strike("autumn-oil")),
    );
    expect(clean.status).toBe("compliant");
    expect(clean.sanctions).toEqual([]);
  });

  it("gives one legal review naming both reasons when serious and repeated", async () => {
    const verdict = await run(
      noPost({ serious: true, note: "launch-day coverage lost" }),
      asOf,
      flinque(),
      standing(strike("winter-balm")),
    );
    expect(legal(verdict)).toEqual([
      {
        type: "legal_review",
        because: ["flinque.deliverable-missing@reel", "standing:winter-balm"],
        requiresHumanReview: true,
        note: "Serious impact reported (launch-day coverage lost) and repeated breaches (2 campaigns with breaches counting this one; threshold 2): apply the contract's penalty or cancellation clause after a legal review.",
      },
    ]);
  });

  it("escalates the second breached campaign through applyVerdict", async () => {
    const first = await run(noPost(), asOf);
    expect(legal(first)).toEqual([]);
    const after = applyVerdict(emptyStanding("inf-aarav"), first);
    expect(after.strikes).toEqual([
      {
        at: DUE_Z,
        campaignId: "glow",
        policyId: "flinque",
        policyVersion: "1.0.0",
        rules: [R.deliverableMissing],
      },
    ]);
    const second = facts({
      campaign: { id: "glow-2" },
      startsAt: "2026-05-01 00:00",
      endsAt: "2026-05-31 23:59:59",
      deliverables: [
        deliverable({
          id: "reel",
          kind: "reel",
          terms: { disclosureRequired: true },
          post: post("2026-05-05 10:00", { caption: "New routine" }),
        }),
      ],
    });
    const verdict = await run(second, "2026-05-06T00:00:00Z", flinque(), after);
    expect(legal(verdict)[0]?.because).toEqual([
      "flinque.disclosure-missing@reel",
      "standing:glow",
    ]);
  });
});

describe("escalation facts (src/derive/escalation.ts)", () => {
  const violation = (rule: string, since: string | undefined, deliverableId?: string): Finding => ({
    rule,
    kind: "breach",
    outcome: "violation",
    ...(deliverableId ? { deliverableId } : {}),
    ...(since ? { since } : {}),
    explanation: `${rule} happened.`,
    evidence: {},
  });

  it("opens the case at the earliest violation and adds the windows in the zone", () => {
    const facts = escalationFacts(
      [
        violation("b", "2026-04-17T04:30:00.000Z", "reel"),
        { ...violation("c", "2026-04-01T00:00:00.000Z"), outcome: "excused" },
        violation("a", "2026-04-08T12:30:00.000Z", "reel"),
      ],
      { timeZone: "Asia/Kolkata", responseWindow: { days: 2 }, escalateAfter: { days: 3 } },
    );
    expect(facts).toEqual({
      count: 2,
      keys: ["a@reel", "b@reel"],
      since: "2026-04-08T12:30:00.000Z",
      responseDueAt: "2026-04-10T12:30:00.000Z",
      escalateAt: "2026-04-11T12:30:00.000Z",
      evidence:
        "(1) a@reel, since 2026-04-08 18:00 +05:30: a happened. (2) b@reel, since 2026-04-17 10:00 +05:30: b happened.",
      latest: {
        count: 1,
        keys: ["b@reel"],
        since: "2026-04-17T04:30:00.000Z",
        responseDueAt: "2026-04-19T04:30:00.000Z",
        escalateAt: "2026-04-20T04:30:00.000Z",
        evidence: "(1) b@reel, since 2026-04-17 10:00 +05:30: b happened.",
      },
    });
  });

  it("has no times without a context or windows, and says none when empty", () => {
    const bare = escalationFacts(
      [violation("a", "2026-04-08T12:30:00.000Z"), violation("x", undefined)],
      undefined,
    );
    expect(bare).toMatchObject({
      since: "2026-04-08T12:30:00.000Z",
      responseDueAt: null,
      escalateAt: null,
      evidence:
        "(1) a, since 2026-04-08T12:30:00.000Z: a happened. (2) x, since an unknown time: x happened.",
    });
    const empty = escalationFacts([], { timeZone: "UTC" });
    expect(empty).toMatchObject({ count: 0, since: null, escalateAt: null, evidence: "none" });
    expect(empty.latest).toEqual({
      count: 0,
      keys: [],
      since: null,
      responseDueAt: null,
      escalateAt: null,
      evidence: "none",
    });
  });
});
