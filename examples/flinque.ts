/**
 * Flinque scenarios: a UK post disclosed correctly and still within its live period, a US reel
 * with its #ad buried and deleted early (the steps with their times), and a repeat offender who
 * was paid and never posted (claw-back and legal review).
 */
import { emptyStanding, flinque } from "../src/index.js";
import type { Scenario } from "./scenario.js";

const campaign = {
  id: "glow-serum-launch",
  kind: "paid",
  timezone: "Asia/Kolkata",
  startsAt: "2026-04-01T00:00:00+05:30",
  endsAt: "2026-04-30T23:59:59+05:30",
} as const;

const base = {
  campaign,
  influencer: { id: "inf-aarav", platform: "instagram", handle: "@aarav.glows" },
  participation: { selectedAt: "2026-03-25T10:00:00+05:30" },
  payment: { amount: { amount: 4500000, currency: "INR" } },
};

const terms = {
  hashtags: ["#GlowSerum"],
  mentions: ["@glowlabs"],
  disclosureRequired: true,
};

/** A repeat offender: a breach in an earlier campaign still counts. */
const priorStanding = {
  ...emptyStanding("inf-aarav"),
  strikes: [
    {
      at: "2026-02-10T12:00:00Z",
      campaignId: "winter-balm-2026",
      policyId: "flinque",
      rules: ["flinque.disclosure-missing"],
    },
  ],
};

export const scenarios: Scenario[] = [
  {
    title: "uk-asa: 'Ad – gifted' up front and every agreed tag; live, tracked to day 30",
    expected: { status: "pending", noShow: false },
    policy: flinque({ disclosureProfile: "uk-asa" }),
    asOf: "2026-04-20T00:00:00+05:30",
    facts: {
      ...base,
      campaign: { ...campaign, timezone: "Europe/London", id: "glow-serum-uk" },
      deliverables: [
        {
          id: "feed-1",
          kind: "post",
          dueAt: "2026-04-15T23:59:59+01:00",
          terms,
          post: {
            url: "https://instagram.com/p/uk1",
            publishedAt: "2026-04-12T18:00:00+01:00",
            caption: "Ad – gifted by @glowlabs. Three weeks with the #GlowSerum and my skin…",
            observations: [{ at: "2026-04-19T09:00:00+01:00", state: "live" }],
          },
        },
      ],
    },
  },
  {
    title: "us-ftc: #ad buried after 125 characters, reel deleted on day 8 — the steps with times",
    expected: { status: "violation", noShow: false },
    policy: flinque(),
    asOf: "2026-04-18T12:00:00+05:30",
    facts: {
      ...base,
      deliverables: [
        {
          id: "reel-1",
          kind: "reel",
          dueAt: "2026-04-10T23:59:59+05:30",
          terms,
          post: {
            url: "https://instagram.com/reel/r1",
            publishedAt: "2026-04-09T19:00:00+05:30",
            caption:
              "Morning routine with @glowlabs: cleanse, tone, two drops of serum, moisturise, sunscreen, and a long walk before the first coffee of the day. #GlowSerum #ad",
            observations: [
              { at: "2026-04-12T10:00:00+05:30", state: "live" },
              { at: "2026-04-17T10:00:00+05:30", state: "deleted", cause: "influencer" },
            ],
          },
        },
      ],
      contacts: [
        {
          id: "chat-1",
          at: "2026-04-10T11:00:00+05:30",
          from: "advertiser",
          channel: "chat",
          respondedAt: "2026-04-11T09:00:00+05:30",
        },
      ],
    },
  },
  {
    title: "repeat offender paid up front, no post and no answer: claw-back and legal review",
    expected: { status: "violation", noShow: true },
    policy: flinque({ earlyRemovalRemedy: "refund" }),
    asOf: "2026-04-20T00:00:00+05:30",
    standing: priorStanding,
    facts: {
      ...base,
      payment: { ...base.payment, paidOutAt: "2026-04-02T10:00:00+05:30" },
      deliverables: [{ id: "post-1", kind: "post", dueAt: "2026-04-15T23:59:59+05:30", terms }],
      contacts: [
        { id: "chat-2", at: "2026-04-16T10:00:00+05:30", from: "advertiser", channel: "chat" },
      ],
    },
  },
];
