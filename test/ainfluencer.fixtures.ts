/**
 * Ainfluencer test fixtures: a paid Instagram campaign in New York (April 2026, EDT −04:00) with
 * agreed terms, a post that matches them, and a funded escrow of USD 250.00.
 */
import type { CampaignFactsInput, Standing } from "../src/index.js";
import {
  type DeliverableSpec,
  deliverable as deliverableSpec,
  observation,
  type ParticipationSpec,
  type PostSpec,
  participation,
  post,
} from "../src/testing/index.js";

/** The agreed terms: publish at 2026-04-10 18:00 EDT (22:00Z), ±1 hour by default. */
export const TERMS = {
  publishAt: "2026-04-10T18:00:00-04:00",
  hashtags: ["#GlowUp", "ad"],
  mentions: ["@Lumi.Skin"],
  captionIncludes: ["vitamin C serum"],
  mediaIds: ["img-1", "img-2"],
  linkInBio: "https://lumi.example/serum",
};

/** publishAt + the default 1-hour tolerance. */
export const PUBLISH_BY = "2026-04-10T23:00:00.000Z";
/** When the matching post went up: 2026-04-10 18:30 EDT. */
export const PUBLISHED_AT = "2026-04-10T22:30:00.000Z";
/** PUBLISHED_AT + 48 hours (the validation horizon). */
export const HORIZON_END = "2026-04-12T22:30:00.000Z";
/** PUBLISHED_AT + 3 days (verifyWithin). */
export const VERIFY_BY = "2026-04-13T22:30:00.000Z";
/** VERIFY_BY + 7 days (releaseWithin). */
export const RELEASE_AT = "2026-04-20T22:30:00.000Z";

/** The escrowed payment. */
export const ESCROW = {
  amount: { amount: 25000, currency: "USD" },
  escrow: { fundedAt: "2026-04-03T09:00:00-04:00" },
};

/** A post that matches {@link TERMS}, seen live through the end of the validation horizon. */
export function goodPost(overrides: Partial<PostSpec> = {}): PostSpec {
  return post("2026-04-10T18:30:00-04:00", {
    url: "https://instagram.com/p/lumi1",
    caption: "My new vitamin C serum from @lumi.skin #glowup #AD",
    mediaIds: ["img-1", "img-2"],
    linkInBio: "https://lumi.example/serum",
    observations: [
      observation("2026-04-11T12:00:00-04:00"),
      observation("2026-04-12T18:30:00-04:00"),
    ],
    ...overrides,
  });
}

/** One deliverable with the agreed terms and, unless `post: undefined`, the matching post. */
export function deliverable(id = "feed", overrides: DeliverableSpec = {}): DeliverableSpec {
  return deliverableSpec({ id, terms: TERMS, post: goodPost(), ...overrides });
}

/** The campaign facts; `campaignId` also names the campaign in the standing. */
export function nyFacts(
  overrides: ParticipationSpec & { campaignId?: string } = {},
): CampaignFactsInput {
  const { campaignId = "camp-1", campaign, ...rest } = overrides;
  return participation({
    zone: "America/New_York",
    kind: "paid",
    startsAt: "2026-04-01 00:00",
    endsAt: "2026-04-30 23:59:59",
    selectedAt: "2026-04-02 10:00",
    campaign: { id: campaignId, ...campaign },
    influencer: { id: "inf-mia", platform: "instagram", handle: "@mia.glow" },
    deliverables: [deliverable()],
    payment: ESCROW,
    ...rest,
  });
}

/** Facts whose only deliverable has the given fields (e.g. `{ post: undefined }`). */
export function withDeliverable(
  overrides: DeliverableSpec,
  rest: ParticipationSpec & { campaignId?: string } = {},
): CampaignFactsInput {
  return nyFacts({ deliverables: [deliverable("feed", overrides)], ...rest });
}

/** A standing of `inf-mia` with the given strikes (other campaigns, policy ainfluencer). */
export function standingWith(
  strikes: Array<{ at: string; campaignId: string; expiresAt?: string; revokedAt?: string }>,
  qualityScore = 100,
): Standing {
  return {
    influencerId: "inf-mia",
    status: strikes.length > 0 ? "hidden" : "active",
    qualityScore,
    strikes: strikes.map((strike) => ({
      ...strike,
      policyId: "ainfluencer",
      rules: ["ainfluencer.not-published"],
      scoreDelta: -10,
    })),
    noShows: [],
  };
}
