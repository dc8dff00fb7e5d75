/**
 * Mediance scenarios: a clean campaign, a no-show, and a no-show excused by an illness.
 */
import { emptyStanding, mediance } from "../src/index.js";
import type { Scenario } from "./scenario.js";

const campaign = {
  id: "spring-serum-2026",
  kind: "product_sponsorship",
  timezone: "Asia/Seoul",
  startsAt: "2026-03-01T00:00:00+09:00",
  endsAt: "2026-03-31T23:59:59+09:00",
} as const;

const base = {
  campaign,
  influencer: { id: "inf-jiyoon", platform: "instagram", handle: "@jiyoon.daily" },
  participation: { selectedAt: "2026-02-25T10:00:00+09:00" },
  product: {
    value: { amount: 45000, currency: "KRW" },
    shippedAt: "2026-03-02T09:00:00+09:00",
    deliveredAt: "2026-03-03T14:00:00+09:00",
  },
  payment: { amount: { amount: 100000, currency: "KRW" } },
};

export const scenarios: Scenario[] = [
  {
    title: "clean: posted on time, kept live 30 days, answered every call",
    expected: { status: "compliant", noShow: false },
    policy: mediance(),
    asOf: "2026-05-01T00:00:00+09:00",
    facts: {
      ...base,
      deliverables: [
        {
          id: "feed-1",
          kind: "post",
          post: {
            url: "https://instagram.com/p/abc",
            publishedAt: "2026-03-20T19:30:00+09:00",
            observations: [
              { at: "2026-03-21T09:00:00+09:00", state: "live" },
              { at: "2026-04-25T09:00:00+09:00", state: "live" },
            ],
          },
        },
      ],
      contacts: [
        {
          id: "call-1",
          at: "2026-03-05T10:00:00+09:00",
          from: "platform",
          channel: "call",
          respondedAt: "2026-03-05T18:00:00+09:00",
        },
      ],
    },
  },
  {
    title: "no-show: post deleted after 12 days, a Mediance text ignored, serious harm reported",
    expected: { status: "violation", noShow: true },
    policy: mediance(),
    asOf: "2026-04-20T00:00:00+09:00",
    standing: emptyStanding("inf-jiyoon"),
    facts: {
      ...base,
      campaign: { ...campaign, impact: { serious: true, note: "launch-day coverage lost" } },
      deliverables: [
        {
          id: "feed-1",
          kind: "post",
          post: {
            publishedAt: "2026-03-10T12:00:00+09:00",
            observations: [
              { at: "2026-03-21T12:00:00+09:00", state: "live" },
              { at: "2026-03-22T12:00:00+09:00", state: "deleted", cause: "influencer" },
            ],
          },
        },
      ],
      contacts: [
        { id: "sms-7", at: "2026-03-23T10:00:00+09:00", from: "platform", channel: "sms" },
      ],
    },
  },
  {
    title: "excused: no post, but an illness reported five days after the deadline was accepted",
    expected: { status: "excused", noShow: false },
    policy: mediance(),
    asOf: "2026-04-10T00:00:00+09:00",
    facts: {
      ...base,
      deliverables: [{ id: "feed-1", kind: "post" }],
      exceptions: [
        {
          id: "ill-1",
          type: "illness",
          reportedAt: "2026-04-05T09:00:00+09:00",
          from: "2026-03-25T00:00:00+09:00",
          until: "2026-04-08T00:00:00+09:00",
          evidence: [{ kind: "physician_statement", issuedAt: "2026-04-04T00:00:00+09:00" }],
          decision: "accepted",
        },
      ],
    },
  },
  {
    title: "pending: before the deadline, nothing posted yet",
    expected: { status: "pending", noShow: false },
    policy: mediance(),
    asOf: "2026-03-15T00:00:00+09:00",
    facts: { ...base, deliverables: [{ id: "feed-1", kind: "post" }] },
  },
];
