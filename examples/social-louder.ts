/**
 * Social Louder (소셜라우더): review missions with reward points, judged by the version of its
 * terms in force when the influencer was selected (since 2023-10-01: −5,000 KRW for a short post).
 */
import { socialLouder } from "../src/index.js";
import type { Scenario } from "./scenario.js";

const policy = socialLouder();

const base = {
  campaign: {
    id: "seongsu-brunch-2026",
    kind: "visit",
    timezone: "Asia/Seoul",
    startsAt: "2026-03-01T00:00:00+09:00",
    endsAt: "2026-03-21T23:59:59+09:00",
  },
  influencer: { id: "inf-minji", platform: "naver_blog", handle: "minji.eats" },
  participation: { selectedAt: "2026-02-26T10:00:00+09:00" },
  payment: { amount: { amount: 30000, currency: "KRW" } },
};

/** A blog post with its length and proof photo, seen live twice. */
function blog(textLength: number, proofPhoto: boolean) {
  return {
    id: "blog",
    kind: "blog",
    post: {
      url: "https://blog.naver.com/minji.eats/1",
      publishedAt: "2026-03-10T20:00:00+09:00",
      textLength,
      proofPhoto,
      observations: [
        { at: "2026-03-11T09:00:00+09:00", state: "live" },
        { at: "2026-09-12T09:00:00+09:00", state: "live" },
      ],
    },
  };
}

export const scenarios: Scenario[] = [
  {
    title: "a 1,240-character blog post with its proof photo, kept 6 months — points credited",
    expected: { status: "compliant", noShow: false },
    policy,
    asOf: "2026-09-15T00:00:00Z",
    facts: { ...base, deliverables: [blog(1240, true)] },
  },
  {
    title: "an 820-character blog post (under 1,000) — 5,000 KRW deducted",
    expected: { status: "violation", noShow: false },
    policy,
    asOf: "2026-09-15T00:00:00Z",
    facts: { ...base, deliverables: [blog(820, true)] },
  },
  {
    title:
      "no-show at a preview screening without notice — no points, account suspended for two weeks (end set by a person)",
    expected: { status: "violation", noShow: true },
    policy,
    asOf: "2026-03-23T00:00:00Z",
    facts: { ...base, deliverables: [{ id: "blog", kind: "blog" }] },
  },
  {
    title: "cancelled by the influencer after selection — 5,000 KRW deducted, not a no-show",
    expected: { status: "violation", noShow: false },
    policy,
    asOf: "2026-03-23T00:00:00Z",
    facts: {
      ...base,
      participation: {
        ...base.participation,
        cancelledAt: "2026-03-02T09:00:00+09:00",
        cancelledBy: "influencer",
      },
      deliverables: [{ id: "blog", kind: "blog" }],
    },
  },
];
