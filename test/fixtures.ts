/**
 * Test fixtures: a Mediance campaign in Asia/Seoul and small builders over it.
 */
import type { CampaignFactsInput } from "../src/index.js";

/** A product-sponsorship campaign in Seoul, March 2026 (deadline 2026-03-31 23:59:59 KST). */
export function seoulFacts(overrides: Partial<CampaignFactsInput> = {}): CampaignFactsInput {
  return {
    campaign: {
      id: "camp-1",
      kind: "product_sponsorship",
      timezone: "Asia/Seoul",
      startsAt: "2026-03-01T00:00:00+09:00",
      endsAt: "2026-03-31T23:59:59+09:00",
    },
    influencer: { id: "inf-1", handle: "@jiyoon" },
    participation: { selectedAt: "2026-02-25T10:00:00+09:00" },
    deliverables: [{ id: "feed", kind: "post" }],
    product: {
      value: { amount: 45000, currency: "KRW" },
      shippedAt: "2026-03-02T09:00:00+09:00",
      deliveredAt: "2026-03-03T14:00:00+09:00",
    },
    payment: { amount: { amount: 100000, currency: "KRW" } },
    ...overrides,
  };
}

/** A post on the `feed` deliverable published at `publishedAt` with the given observations. */
export function withPost(
  publishedAt: string,
  observations: Array<{ at: string; state: string; cause?: string }> = [],
  overrides: Partial<CampaignFactsInput> = {},
): CampaignFactsInput {
  return seoulFacts({
    deliverables: [{ id: "feed", kind: "post", post: { publishedAt, observations } } as never],
    ...overrides,
  });
}

/** Deep-freezes a value (for the no-mutation checks). */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}
