/**
 * Test fixtures: a Mediance campaign in Asia/Seoul, built with the testing builders.
 */
import { type CampaignFactsInput, mediance } from "../src/index.js";
import {
  deliverable,
  money,
  type ObservationSpec,
  type ParticipationSpec,
  participation,
  payment,
  post,
  product,
} from "../src/testing/index.js";

/**
 * The Seoul campaign as a builder spec, for tests that compose their own participation on it:
 * `participation({ ...SEOUL, deliverables: [deliverable({ id: "feed" })] })` is `seoulFacts()`.
 * Its times are wall times in Seoul: a test that changes `zone` gives its own product times.
 */
export const SEOUL = {
  zone: "Asia/Seoul",
  kind: "product_sponsorship",
  campaign: { id: "camp-1" },
  influencer: { id: "inf-1", handle: "@jiyoon" },
  startsAt: "2026-03-01 00:00",
  endsAt: "2026-03-31 23:59:59",
  selectedAt: "2026-02-25 10:00",
  product: product({
    value: money(45_000, "KRW"),
    shippedAt: "2026-03-02 09:00",
    deliveredAt: "2026-03-03 14:00",
  }),
  payment: payment({ amount: money(100_000, "KRW") }),
} as const satisfies ParticipationSpec;

/**
 * The Glow campaign in Kolkata (+05:30 all year), April 2026, paid 45,000 INR, as a builder spec
 * without deliverables (each test gives its own). Times are wall times in Kolkata.
 */
export const KOLKATA = {
  zone: "Asia/Kolkata",
  kind: "paid",
  campaign: { id: "glow" },
  startsAt: "2026-04-01 00:00",
  endsAt: "2026-04-30 23:59:59",
  selectedAt: "2026-03-25 10:00",
  influencer: { id: "inf-aarav", handle: "@aarav" },
  payment: payment({ amount: money(4_500_000, "INR") }),
} as const satisfies ParticipationSpec;

/**
 * The summer-drop product sponsorship in Berlin, March–April 2026 (a DST change inside it), as a
 * builder spec without deliverables (each test gives its own).
 */
export const BERLIN = {
  zone: "Europe/Berlin",
  kind: "product_sponsorship",
  campaign: { id: "summer-drop" },
  startsAt: "2026-03-01T00:00:00+01:00",
  endsAt: "2026-04-30T23:59:59+02:00",
  selectedAt: "2026-03-02T10:00:00+01:00",
  influencer: { id: "inf-lena", platform: "instagram", handle: "@lena" },
} as const satisfies ParticipationSpec;

/** A product-sponsorship campaign in Seoul, March 2026 (deadline 2026-03-31 23:59:59 KST). */
export function seoulFacts(overrides: Partial<CampaignFactsInput> = {}): CampaignFactsInput {
  return {
    ...participation({ ...SEOUL, deliverables: [deliverable({ id: "feed" })] }),
    ...overrides,
  };
}

/** A post on the `feed` deliverable published at `publishedAt` with the given observations. */
export function withPost(
  publishedAt: string,
  observations: ObservationSpec[] = [],
  overrides: Partial<CampaignFactsInput> = {},
): CampaignFactsInput {
  return {
    ...participation({
      ...SEOUL,
      deliverables: [deliverable({ id: "feed", post: post(publishedAt, { observations }) })],
    }),
    ...overrides,
  };
}

/** Deep-freezes a value (for the no-mutation checks). */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

/**
 * Mediance's policy as JSON (a new id, so no validation cache serves it) with one more leaf
 * condition on its first sanctions rule that has an `all`: a reference for the checker to judge.
 */
export function medianceWithSanctionLeaf(id: string, leaf: Record<string, unknown>): unknown {
  const policy = JSON.parse(JSON.stringify(mediance())) as {
    id: string;
    rules: Array<{ conditions: { all?: unknown[] }; event: { params: { phase: string } } }>;
  };
  const rule = policy.rules.find(
    (item) => item.event.params.phase === "sanctions" && item.conditions.all,
  );
  if (!rule?.conditions.all) throw new Error("fixture: a sanctions rule with all");
  rule.conditions.all.push(leaf);
  policy.id = id;
  return policy;
}
