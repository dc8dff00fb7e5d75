/**
 * Refluenced scenarios: reminders before the deadline, a missing reel with every remedy, a
 * product not returned within the window, and an excused deliverable next to a missing one.
 */
import { refluenced } from "../src/index.js";
import type { Scenario } from "./scenario.js";

const campaign = {
  id: "berlin-skincare-2026",
  kind: "product_sponsorship",
  timezone: "Europe/Berlin",
  startsAt: "2026-03-16T00:00:00+01:00",
  endsAt: "2026-04-30T23:59:59+02:00",
} as const;

const base = {
  campaign,
  influencer: { id: "inf-mara", platform: "instagram", handle: "@mara.glow" },
  participation: { selectedAt: "2026-03-16T10:00:00+01:00" },
  product: {
    value: { amount: 8900, currency: "EUR" },
    shippedAt: "2026-03-17T09:00:00+01:00",
    deliveredAt: "2026-03-19T13:00:00+01:00",
  },
  voucher: {
    value: { amount: 2500, currency: "EUR" },
    issuedAt: "2026-03-17T09:00:00+01:00",
    redeemedAt: "2026-03-21T16:20:00+01:00",
  },
  payment: { amount: { amount: 25000, currency: "EUR" } },
};

// The reel is due the day after the change to summer time; the story ten days later.
const deliverables = [
  { id: "reel-1", kind: "reel", dueAt: "2026-03-30T20:00:00+02:00" },
  { id: "story-1", kind: "story", dueAt: "2026-04-09T20:00:00+02:00" },
];

const policy = refluenced({ returnAddress: "Glow GmbH, Torstraße 1, 10119 Berlin" });

export const scenarios: Scenario[] = [
  {
    title: "pending: reminders two calendar days before each deadline (across the DST change)",
    expected: { status: "pending", noShow: false },
    policy,
    asOf: "2026-03-25T12:00:00+01:00",
    facts: { ...base, deliverables },
  },
  {
    title:
      "no-show: the reel is missing, the story came on time — one payout withheld, goods recovered",
    expected: { status: "violation", noShow: true },
    policy,
    asOf: "2026-04-12T10:00:00+02:00",
    facts: {
      ...base,
      deliverables: [
        deliverables[0],
        { ...deliverables[1], post: { publishedAt: "2026-04-08T18:00:00+02:00" } },
      ],
    },
  },
  {
    title: "product not returned within 14 days of the request: invoiced at its value",
    expected: { status: "violation", noShow: true },
    policy,
    asOf: "2026-04-20T10:00:00+02:00",
    facts: {
      ...base,
      voucher: { value: base.voucher.value, issuedAt: base.voucher.issuedAt },
      product: { ...base.product, returnRequestedAt: "2026-04-02T11:00:00+02:00" },
      deliverables: [deliverables[0]],
    },
  },
  {
    title:
      "late and excused: the reel synced a day late, the story excused by an accepted illness exception",
    expected: { status: "violation", noShow: false },
    policy,
    asOf: "2026-04-15T10:00:00+02:00",
    facts: {
      ...base,
      deliverables: [
        { ...deliverables[0], post: { publishedAt: "2026-03-31T21:15:00+02:00" } },
        deliverables[1],
      ],
      exceptions: [
        {
          id: "ext-7",
          type: "illness",
          reportedAt: "2026-04-07T09:00:00+02:00",
          decision: "accepted",
          appliesTo: ["story-1"],
        },
      ],
    },
  },
];
