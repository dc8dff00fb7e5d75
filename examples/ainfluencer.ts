/**
 * Ainfluencer scenarios: a verified post with its escrow release, a post that breaks the agreed
 * terms, and a third failure that suspends the account.
 */
import { ainfluencer, emptyStanding, type Standing } from "../src/index.js";
import type { Scenario } from "./scenario.js";

const campaign = {
  id: "lumi-serum-launch",
  kind: "paid",
  timezone: "America/New_York",
  startsAt: "2026-04-01T00:00:00-04:00",
  endsAt: "2026-04-30T23:59:59-04:00",
} as const;

const terms = {
  publishAt: "2026-04-10T18:00:00-04:00",
  hashtags: ["#GlowUp", "#ad"],
  mentions: ["@lumi.skin"],
  captionIncludes: ["vitamin C serum"],
  mediaIds: ["img-1", "img-2"],
  linkInBio: "https://lumi.example/serum",
};

const base = {
  campaign,
  influencer: { id: "inf-mia", platform: "instagram", handle: "@mia.glow" },
  participation: { selectedAt: "2026-04-02T10:00:00-04:00" },
  payment: {
    amount: { amount: 25000, currency: "USD" },
    escrow: { fundedAt: "2026-04-03T09:00:00-04:00" },
  },
};

/** Two earlier failed campaigns, still on record. */
const twoStrikes: Standing = {
  influencerId: "inf-mia",
  status: "hidden",
  qualityScore: 80,
  strikes: [
    {
      at: "2026-01-20T17:00:00.000Z",
      campaignId: "winter-scarf",
      policyId: "ainfluencer",
      rules: ["ainfluencer.not-published"],
      scoreDelta: -10,
    },
    {
      at: "2026-03-02T15:00:00.000Z",
      campaignId: "spring-tea",
      policyId: "ainfluencer",
      rules: ["ainfluencer.removed-early"],
      scoreDelta: -10,
    },
  ],
  noShows: [],
};

/** The Ainfluencer demo scenarios, run by `npm run demo`. */
export const scenarios: Scenario[] = [
  {
    title: "verified: the post matches the terms and stays live 48 hours; payout released",
    expected: { status: "compliant", noShow: false },
    policy: ainfluencer(),
    asOf: "2026-04-13T09:00:00-04:00",
    facts: {
      ...base,
      deliverables: [
        {
          id: "feed-1",
          kind: "post",
          terms,
          post: {
            url: "https://instagram.com/p/lumi1",
            publishedAt: "2026-04-10T18:20:00-04:00",
            caption: "My new vitamin C serum from @Lumi.Skin #glowup #AD",
            mediaIds: ["img-1", "img-2"],
            linkInBio: "https://lumi.example/serum",
            observations: [
              { at: "2026-04-11T18:00:00-04:00", state: "live" },
              { at: "2026-04-12T18:20:00-04:00", state: "live" },
            ],
          },
        },
      ],
    },
  },
  {
    title: "terms broken: late, missing #ad and the second image, wrong link in bio",
    expected: { status: "violation", noShow: false },
    policy: ainfluencer(),
    asOf: "2026-04-12T09:00:00-04:00",
    standing: emptyStanding("inf-mia"),
    facts: {
      ...base,
      deliverables: [
        {
          id: "feed-1",
          kind: "post",
          terms,
          post: {
            publishedAt: "2026-04-10T21:05:00-04:00",
            caption: "Loving my vitamin C serum @lumi.skin #glowup",
            mediaIds: ["img-1"],
            linkInBio: "https://mia.example/links",
            observations: [{ at: "2026-04-11T21:00:00-04:00", state: "live" }],
          },
        },
      ],
    },
  },
  {
    title: "third failure: no post at all, two earlier strikes on record; account suspended",
    expected: { status: "violation", noShow: true },
    policy: ainfluencer(),
    asOf: "2026-04-11T09:00:00-04:00",
    standing: twoStrikes,
    facts: {
      ...base,
      deliverables: [{ id: "feed-1", kind: "post", terms }],
    },
  },
];
