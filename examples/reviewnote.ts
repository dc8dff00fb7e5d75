/**
 * ReviewNote (리뷰노트), a Korean review-group platform, as a platform engineer would write its
 * policy: Mediance's cases (built with `extendPolicy`), with ReviewNote's own numbers and
 * sanctions. A review is due within 7 days of the product's delivery and stays up 60 days; an
 * edit request is answered within 2 days; a no-show is invoiced the product's value; two strikes
 * within 180 days exclude the influencer.
 */
import {
  all,
  applyVerdict,
  emptyStanding,
  evaluateSync,
  extendPolicy,
  mediance,
  sanctionRule,
  when,
} from "../src/index.js";
import type { Scenario } from "./scenario.js";

export const reviewNote = extendPolicy(mediance(), {
  id: "reviewnote",
  version: "2026-04",
  name: "ReviewNote review-group policy",
  // Mediance excludes on the first no-show; ReviewNote warns first and excludes on the second strike.
  drop: ["mediance.sanction/exclude", "mediance.sanction/exclude-past"],
  override: {
    "mediance.sanction/no-reward": sanctionRule("mediance.sanction/no-reward", {
      scope: "campaign",
      when: all(when("findings.violatedRoles", "intersects", ["removed_early", "edit_ignored"])),
      sanction: {
        type: "withhold_payout",
        because: { roles: ["removed_early", "edit_ignored"] },
        amount: "payment.amount",
        note: "No reward ({payment.amount}) for a review taken down before {params.minLiveDuration} or an edit request left unanswered for {params.editResponseWindow}.",
      },
    }),
  },
  add: [
    sanctionRule("reviewnote.sanction/invoice-product", {
      scope: "campaign",
      when: all(
        when("findings.violatedRoles", "intersects", ["content_missing"]),
        when("product", "isPresent", true),
      ),
      sanction: {
        type: "invoice",
        because: { roles: ["content_missing"] },
        amount: "product.value",
        note: "No review: the product ({product.value}) is invoiced.",
      },
    }),
    sanctionRule("reviewnote.sanction/first-strike", {
      scope: "campaign",
      when: all(when("findings.strikesIncludingThis", "equal", 1)),
      sanction: {
        type: "warning",
        because: { kinds: ["no_show"] },
        note: "First strike: a second within {params.strikeExpiry} excludes the account.",
      },
    }),
    sanctionRule("reviewnote.sanction/exclude", {
      scope: "campaign",
      when: all(
        when("findings.anyViolation", "equal", true),
        when("findings.strikesIncludingThis", "greaterThanInclusive", 2),
      ),
      sanction: {
        type: "exclude_from_future_campaigns",
        because: { kinds: ["no_show"], fact: "standing.activeStrikeRefs" },
        note: "{findings.strikesIncludingThis} strikes within {params.strikeExpiry}: excluded from ReviewNote campaigns.",
      },
    }),
  ],
  parameters: {
    relativeDeadline: { after: "product.deliveredAt", days: 7 },
    minLiveDuration: { days: 60 },
    editResponseWindow: { days: 2 },
    strikeExpiry: { days: 180 },
  },
});

/** A product review in Seoul, April 2026; the product arrives on 3 April (due by 10 April). */
function campaign(id: string, month: "2025-12" | "2026-04") {
  const [startsAt, endsAt, deliveredAt] =
    month === "2026-04"
      ? ["2026-04-01T00:00:00+09:00", "2026-04-30T23:59:59+09:00", "2026-04-03T14:00:00+09:00"]
      : ["2025-12-01T00:00:00+09:00", "2025-12-31T23:59:59+09:00", "2025-12-03T14:00:00+09:00"];
  return {
    campaign: { id, kind: "product_sponsorship", timezone: "Asia/Seoul", startsAt, endsAt },
    influencer: { id: "inf-sora", platform: "naver_blog", handle: "sora.review" },
    participation: { selectedAt: startsAt },
    product: {
      value: { amount: 39000, currency: "KRW" },
      shippedAt: startsAt,
      deliveredAt,
    },
    payment: { amount: { amount: 10000, currency: "KRW" } },
  };
}

const noReview = {
  ...campaign("hand-cream-2026-04", "2026-04"),
  deliverables: [{ id: "review", kind: "blog" }],
};

// December 2025: a first no-show, applied to the standing the April campaign is judged with.
const december = {
  ...campaign("serum-2025-12", "2025-12"),
  deliverables: [{ id: "review", kind: "blog" }],
};
const afterDecember = applyVerdict(
  emptyStanding("inf-sora"),
  evaluateSync(december, reviewNote, { asOf: "2025-12-20T00:00:00Z" }),
);

export const scenarios: Scenario[] = [
  {
    title:
      "product delivered on 3 April, no review yet on the 8th — pending until 10 April 23:59:59 KST",
    expected: { status: "pending", noShow: false },
    policy: reviewNote,
    asOf: "2026-04-08T00:00:00Z",
    facts: noReview,
  },
  {
    title:
      "no review within 7 days of delivery — the product's value invoiced, a first strike (warning)",
    expected: { status: "violation", noShow: true },
    policy: reviewNote,
    asOf: "2026-04-12T00:00:00Z",
    facts: noReview,
  },
  {
    title: "a second no-show within 180 days of December's — excluded from ReviewNote campaigns",
    expected: { status: "violation", noShow: true },
    policy: reviewNote,
    asOf: "2026-04-12T00:00:00Z",
    facts: noReview,
    standing: afterDecember,
  },
  {
    title: "review deleted after 23 days (before 60) — no reward, a first strike",
    expected: { status: "violation", noShow: true },
    policy: reviewNote,
    asOf: "2026-05-05T00:00:00Z",
    facts: {
      ...noReview,
      deliverables: [
        {
          id: "review",
          kind: "blog",
          post: {
            url: "https://blog.naver.com/sora.review/7",
            publishedAt: "2026-04-08T21:00:00+09:00",
            observations: [
              { at: "2026-04-09T09:00:00+09:00", state: "live" },
              { at: "2026-05-01T09:00:00+09:00", state: "deleted", cause: "influencer" },
            ],
          },
        },
      ],
    },
  },
];
