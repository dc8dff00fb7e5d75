/**
 * Composed policies: Mediance's five no-show cases judged as Mediance does, with Refluenced's
 * remedies for missing content (withhold the payout, recover the product, invoice what is not
 * returned). The remedies react to the `content_missing` role, so they fire on Mediance's case 1.
 */
import { extendPolicy, mediance, refluenced } from "../src/index.js";
import type { Scenario } from "./scenario.js";

/** Mediance's findings and exceptions; Refluenced's reminders and remedies instead of Mediance's sanctions. */
export const medianceWithRefluencedRemedies = extendPolicy(mediance(), {
  id: "seoul-beauty-house",
  version: "2026-04",
  drop: ["mediance.sanction"],
  add: [
    {
      from: refluenced({ returnAddress: "Seoul Beauty House, 12 Teheran-ro, Seoul" }),
      phases: ["sanctions"],
    },
  ],
});

const base = {
  campaign: {
    id: "seoul-serum-2026",
    kind: "product_sponsorship",
    timezone: "Asia/Seoul",
    startsAt: "2026-03-01T00:00:00+09:00",
    endsAt: "2026-03-31T23:59:59+09:00",
  },
  influencer: { id: "inf-jiyoon", platform: "instagram", handle: "@jiyoon" },
  participation: { selectedAt: "2026-02-25T10:00:00+09:00" },
  deliverables: [{ id: "feed", kind: "post" }],
  payment: { amount: { amount: 100000, currency: "KRW" } },
};
const product = {
  value: { amount: 45000, currency: "KRW" },
  shippedAt: "2026-03-02T09:00:00+09:00",
  deliveredAt: "2026-03-03T14:00:00+09:00",
};

export const scenarios: Scenario[] = [
  {
    title:
      "no-show (Mediance case 1): no post by the campaign end — Refluenced's remedies: payout withheld, product return requested",
    expected: { status: "violation", noShow: true },
    policy: medianceWithRefluencedRemedies,
    asOf: "2026-04-02T00:00:00Z",
    facts: { ...base, product },
  },
  {
    title:
      "no-show, and the product did not come back within 14 days of the return request — invoiced",
    expected: { status: "violation", noShow: true },
    policy: medianceWithRefluencedRemedies,
    asOf: "2026-04-20T00:00:00Z",
    facts: { ...base, product: { ...product, returnRequestedAt: "2026-04-01T10:00:00+09:00" } },
  },
];
