import { describe, expect, it } from "vitest";
import {
  applyVerdict,
  emptyStanding,
  evaluate,
  isNoShowPolicyError,
  refluenced,
  type Verdict,
} from "../src/index.js";
import { REFLUENCED_DEFAULTS, REFLUENCED_RULES } from "../src/policy-entry.js";
import {
  type ClaimSpec,
  claim,
  money,
  type ParticipationSpec,
  type PaymentSpec,
  type ProductSpec,
  participation,
  post,
  type VoucherSpec,
} from "../src/testing/index.js";
import { BERLIN } from "./fixtures.js";

const R = REFLUENCED_RULES;

// Europe/Berlin: CET (+01:00) until 2026-03-29 02:00, CEST (+02:00) until 2026-10-25 03:00.
const REEL_DUE = "2026-03-30T12:00:00+02:00"; // 10:00Z, the day after the spring change
const STORY_DUE = "2026-04-10T12:00:00+02:00"; // 10:00Z

/** A Berlin product sponsorship (March–April 2026) with one reel, `reel-1`, due at REEL_DUE. */
function facts(spec: ParticipationSpec = {}) {
  return participation({
    ...BERLIN,
    deliverables: [{ id: "reel-1", kind: "reel", dueAt: REEL_DUE }],
    ...spec,
  });
}

const product: ProductSpec = {
  value: money(4999, "EUR"),
  shippedAt: "2026-03-05T10:00:00+01:00",
  deliveredAt: "2026-03-07T10:00:00+01:00",
};
const voucher: VoucherSpec = { value: money(2500, "EUR"), issuedAt: "2026-03-05T10:00:00+01:00" };
const payment: PaymentSpec = { amount: money(30_000, "EUR") };

async function run(input: unknown, asOf: string, policy = refluenced()): Promise<Verdict> {
  return evaluate(input, policy, { asOf });
}

function finding(verdict: Verdict, rule: string, deliverableId = "reel-1") {
  return verdict.findings.find(
    (item) => item.rule === rule && item.deliverableId === deliverableId,
  );
}

function sanctionsOf(verdict: Verdict, type: string) {
  return verdict.sanctions.filter((sanction) => sanction.type === type);
}

const AFTER_REEL = "2026-04-02T12:00:00+02:00";

describe("refluenced(): the policy", () => {
  it("has id refluenced, the published defaults, and evaluates identically after a JSON round trip", async () => {
    const policy = refluenced();
    expect(policy.id).toBe("refluenced");
    expect(policy.parameters).toEqual({
      reminderLead: { days: 2 },
      returnWindow: { days: 14 },
      returnAddress: null,
      requestBeforeDeadline: true,
    });
    expect(REFLUENCED_DEFAULTS.reminderLead).toEqual({ days: 2 });
    const input = facts({ product, voucher, payment });
    const direct = await run(input, AFTER_REEL, policy);
    const roundTrip = await run(input, AFTER_REEL, JSON.parse(JSON.stringify(policy)));
    expect(JSON.stringify(roundTrip)).toBe(JSON.stringify(direct));
  });

  it("rejects an unknown parameter, a bad duration and an empty return address", () => {
    for (const bad of [
      { reminderLeed: { days: 2 } },
      { reminderLead: { days: -1 } },
      { returnWindow: { fortnights: 1 } },
      { returnAddress: "" },
      { requestBeforeDeadline: "yes" },
    ]) {
      let error: unknown;
      try {
        // @ts-expect-error the point: a misspelt name, a bad duration, a wrong type
        refluenced(bad);
      } catch (caught) {
        error = caught;
      }
      expect(isNoShowPolicyError(error)).toBe(true);
      expect((error as { code: string }).code).toBe("INVALID_POLICY");
    }
  });

  it("accepts overrides and keeps the other defaults", () => {
    const policy = refluenced({ returnAddress: "Brand GmbH, Torstr. 1, 10119 Berlin" });
    expect(policy.parameters.returnAddress).toBe("Brand GmbH, Torstr. 1, 10119 Berlin");
    expect(policy.parameters.returnWindow).toEqual({ days: 14 });
  });
});

describe("refluenced.content-not-synced and reminders", () => {
  it("is pending before the deadline, with the reminder two calendar days ahead across the spring DST change", async () => {
    const verdict = await run(facts(), "2026-03-20T09:00:00+01:00");
    const pending = finding(verdict, R.contentNotSynced);
    expect(pending?.outcome).toBe("pending");
    expect(pending?.checkAt).toBe("2026-03-30T10:00:00.000Z");
    expect(pending?.explanation).toBe(
      "No content has been synced yet for deliverable reel-1; its deadline is 2026-03-30 12:00 +02:00.",
    );
    expect(verdict.status).toBe("pending");
    // 12:00 CET on the 28th is 11:00Z: 47 elapsed hours before the deadline, two calendar days.
    expect(verdict.actions).toEqual([
      {
        type: "send_reminder",
        at: "2026-03-28T11:00:00.000Z",
        deliverableId: "reel-1",
        note: "Influencer Manager reminder (2 days ahead): deliverable reel-1 is due by 2026-03-30 12:00 +02:00 and no content has been synced.",
      },
      {
        type: "message_influencer",
        at: "2026-03-30T10:00:00.000Z",
        deliverableId: "reel-1",
        note: "Automated message to the influencer at the deadline 2026-03-30 12:00 +02:00 while deliverable reel-1 has no synced content: time is up.",
      },
    ]);
    expect(verdict.nextCheckAt).toBe("2026-03-28T11:00:00.000Z");
    expect(verdict.sanctions).toEqual([]);
  });

  it("keeps a reminder already past in the actions, but the next check is the deadline", async () => {
    const verdict = await run(facts(), "2026-03-29T08:00:00+02:00");
    expect(verdict.actions.map((action) => [action.type, action.at])).toEqual([
      ["send_reminder", "2026-03-28T11:00:00.000Z"],
      ["message_influencer", "2026-03-30T10:00:00.000Z"],
    ]);
    expect(verdict.nextCheckAt).toBe("2026-03-30T10:00:00.000Z");
  });

  it("counts the reminder in calendar days across the autumn DST change too", async () => {
    const input = facts({
      kind: "paid",
      campaign: { id: "autumn" },
      startsAt: "2026-10-01T00:00:00+02:00",
      endsAt: "2026-11-30T23:59:59+01:00",
      deliverables: [{ id: "reel-1", kind: "reel", dueAt: "2026-10-26T18:00:00+01:00" }],
    });
    const verdict = await run(input, "2026-10-20T00:00:00Z");
    // 18:00 CEST on the 24th is 16:00Z: 49 elapsed hours before 17:00Z on the 26th.
    expect(verdict.actions.find((action) => action.type === "send_reminder")?.at).toBe(
      "2026-10-24T16:00:00.000Z",
    );
    expect(verdict.nextCheckAt).toBe("2026-10-24T16:00:00.000Z");
  });

  it("counts an hours lead as elapsed hours, and a Seoul campaign in its own zone", async () => {
    const hours = await run(
      facts(),
      "2026-03-20T00:00:00Z",
      refluenced({ reminderLead: { hours: 36 } }),
    );
    expect(hours.actions[0]?.at).toBe("2026-03-28T22:00:00.000Z");
    const seoul = facts({
      zone: "Asia/Seoul",
      kind: "paid",
      campaign: { id: "seoul" },
      startsAt: "2026-03-01T00:00:00+09:00",
      endsAt: "2026-03-31T23:59:59+09:00",
      deliverables: [{ id: "reel-1", kind: "reel" }],
    });
    const verdict = await run(seoul, "2026-03-10T00:00:00Z");
    // No dueAt: the campaign end, 2026-03-31 23:59:59 KST = 14:59:59Z; reminder two days earlier.
    expect(verdict.actions.map((action) => action.at)).toEqual([
      "2026-03-29T14:59:59.000Z",
      "2026-03-31T14:59:59.000Z",
    ]);
    expect(finding(verdict, R.contentNotSynced)?.explanation).toContain(
      "2026-03-31 23:59:59 +09:00",
    );
  });

  it("is still pending exactly at the deadline and a violation one millisecond after", async () => {
    const atDeadline = await run(facts(), "2026-03-30T10:00:00.000Z");
    expect(finding(atDeadline, R.contentNotSynced)?.outcome).toBe("pending");
    expect(atDeadline.sanctions).toEqual([]);
    const after = await run(facts({ payment }), "2026-03-30T10:00:00.001Z");
    const missing = finding(after, R.contentNotSynced);
    expect(missing?.outcome).toBe("violation");
    expect(missing?.since).toBe("2026-03-30T10:00:00.000Z");
    expect(missing?.kind).toBe("no_show");
    expect(after.noShow).toBe(true);
    expect(sanctionsOf(after, "withhold_payout")).toHaveLength(1);
  });

  it("explains the missing content with the deadline and how long it is overdue", async () => {
    const verdict = await run(facts(), AFTER_REEL);
    const missing = finding(verdict, R.contentNotSynced);
    expect(missing?.explanation).toBe(
      "Time is up: no content was synced for deliverable reel-1 by its deadline 2026-03-30 12:00 +02:00; it is 3 days overdue as of 2026-04-02 12:00 +02:00.",
    );
    expect(missing?.evidence).toMatchObject({
      dueAt: "2026-03-30T10:00:00.000Z",
      originalDueAt: "2026-03-30T10:00:00.000Z",
      extendedTo: null,
      publishedAt: null,
      remindAt: "2026-03-28T11:00:00.000Z",
    });
    expect(verdict.status).toBe("violation");
    expect(verdict.strike).toEqual({ at: "2026-03-30T10:00:00.000Z", rules: [R.contentNotSynced] });
    expect(finding(verdict, R.contentLate)).toBeUndefined();
    expect(verdict.nextCheckAt).toBeNull();
  });

  it("treats a post exactly at the deadline as on time: compliant, no reminders, no sanctions", async () => {
    const input = facts({
      payment,
      deliverables: [{ id: "reel-1", kind: "reel", dueAt: REEL_DUE, post: post(REEL_DUE) }],
    });
    const verdict = await run(input, AFTER_REEL);
    expect(finding(verdict, R.contentNotSynced)?.outcome).toBe("compliant");
    expect(finding(verdict, R.contentLate)?.outcome).toBe("compliant");
    expect(verdict.status).toBe("compliant");
    expect(verdict.actions).toEqual([]);
    expect(verdict.sanctions).toEqual([]);
    expect(verdict.strike).toBeNull();
  });
});

describe("refluenced.content-late", () => {
  const late = facts({
    payment,
    product,
    deliverables: [
      {
        id: "reel-1",
        kind: "reel",
        dueAt: REEL_DUE,
        post: post("2026-04-01T15:30:00+02:00"),
      },
    ],
  });

  it("is a breach since the deadline once the late post is synced; the missing-content remedies end", async () => {
    const verdict = await run(late, "2026-04-05T00:00:00Z");
    const breach = finding(verdict, R.contentLate);
    expect(breach?.outcome).toBe("violation");
    expect(breach?.kind).toBe("breach");
    expect(breach?.since).toBe("2026-03-30T10:00:00.000Z");
    expect(breach?.explanation).toBe(
      "Content for deliverable reel-1 was synced at 2026-04-01 15:30 +02:00, 2 days 3 hours 30 minutes after its deadline 2026-03-30 12:00 +02:00.",
    );
    expect(finding(verdict, R.contentNotSynced)?.outcome).toBe("compliant");
    expect(verdict.noShow).toBe(false);
    expect(verdict.status).toBe("violation");
    expect(verdict.sanctions).toEqual([]);
    expect(verdict.actions).toEqual([]);
  });

  it("before the late post arrived, the same facts are a no-show with its remedies", async () => {
    const verdict = await run(late, "2026-04-01T15:29:59+02:00");
    expect(finding(verdict, R.contentNotSynced)?.outcome).toBe("violation");
    expect(finding(verdict, R.contentLate)).toBeUndefined();
    expect(verdict.sanctions.map((sanction) => sanction.type)).toEqual([
      "withhold_payout",
      "restrict_applications",
      "request_product_return",
    ]);
  });
});

describe("extensions", () => {
  const extended = (publishedAt?: string) =>
    facts({
      payment,
      deliverables: [
        {
          id: "reel-1",
          kind: "reel",
          dueAt: REEL_DUE,
          extensions: [
            {
              grantedAt: "2026-03-27T09:00:00+01:00",
              newDueAt: "2026-04-06T20:00:00+02:00",
              reason: "product arrived damaged",
            },
          ],
          ...(publishedAt ? { post: post(publishedAt) } : {}),
        },
      ],
    });

  it("moves the deadline and the reminder; before the grant the old ones apply", async () => {
    const before = await run(extended(), "2026-03-26T12:00:00+01:00");
    expect(before.actions.map((action) => action.at)).toEqual([
      "2026-03-28T11:00:00.000Z",
      "2026-03-30T10:00:00.000Z",
    ]);
    const after = await run(extended(), "2026-03-31T12:00:00+02:00");
    const pending = finding(after, R.contentNotSynced);
    expect(pending?.outcome).toBe("pending");
    expect(pending?.checkAt).toBe("2026-04-06T18:00:00.000Z");
    expect(pending?.evidence).toMatchObject({
      originalDueAt: "2026-03-30T10:00:00.000Z",
      extendedTo: "2026-04-06T18:00:00.000Z",
    });
    expect(after.actions.map((action) => [action.type, action.at])).toEqual([
      ["send_reminder", "2026-04-04T18:00:00.000Z"],
      ["message_influencer", "2026-04-06T18:00:00.000Z"],
    ]);
    expect(after.nextCheckAt).toBe("2026-04-04T18:00:00.000Z");
    expect(after.sanctions).toEqual([]);
  });

  it("judges the post against the extended deadline", async () => {
    const onTime = await run(extended("2026-04-06T20:00:00+02:00"), "2026-04-10T00:00:00Z");
    expect(onTime.status).toBe("compliant");
    const late = await run(extended("2026-04-06T20:00:01+02:00"), "2026-04-10T00:00:00Z");
    expect(finding(late, R.contentLate)?.outcome).toBe("violation");
    expect(finding(late, R.contentLate)?.since).toBe("2026-04-06T18:00:00.000Z");
    const missing = await run(extended(), "2026-04-06T20:00:01+02:00");
    expect(finding(missing, R.contentNotSynced)?.since).toBe("2026-04-06T18:00:00.000Z");
  });
});

describe("several deliverables", () => {
  const two = (storyPost?: string) =>
    facts({
      payment,
      product,
      voucher: { ...voucher, redeemedAt: "2026-03-09T10:00:00+01:00" },
      deliverables: [
        { id: "reel-1", kind: "reel", dueAt: REEL_DUE },
        {
          id: "story-1",
          kind: "story",
          dueAt: STORY_DUE,
          ...(storyPost ? { post: post(storyPost) } : {}),
        },
      ],
    });

  it("judges each on its own clock: one on time, one missing", async () => {
    const verdict = await run(two("2026-04-09T18:00:00+02:00"), "2026-04-12T00:00:00Z");
    expect(finding(verdict, R.contentNotSynced, "reel-1")?.outcome).toBe("violation");
    expect(finding(verdict, R.contentNotSynced, "story-1")?.outcome).toBe("compliant");
    expect(finding(verdict, R.contentLate, "story-1")?.outcome).toBe("compliant");
    const withheld = sanctionsOf(verdict, "withhold_payout");
    expect(withheld).toEqual([
      {
        type: "withhold_payout",
        because: ["refluenced.content-not-synced@reel-1"],
        amount: { amount: 30000, currency: "EUR" },
        note: "No cash payout: the whole EUR 300.00 is paid only once every deliverable of campaign summer-drop is complete.",
      },
    ]);
    // Reminders only for the deliverable still missing.
    expect(verdict.actions.every((action) => action.deliverableId === "reel-1")).toBe(true);
  });

  it("is pending for the second while the first is already a violation, and reminds for the second", async () => {
    const verdict = await run(two(), "2026-04-01T00:00:00Z");
    expect(finding(verdict, R.contentNotSynced, "reel-1")?.outcome).toBe("violation");
    expect(finding(verdict, R.contentNotSynced, "story-1")?.outcome).toBe("pending");
    expect(verdict.nextCheckAt).toBe("2026-04-08T10:00:00.000Z");
    expect(
      verdict.actions.filter((action) => action.deliverableId === "story-1").map((a) => a.at),
    ).toEqual(["2026-04-08T10:00:00.000Z", "2026-04-10T10:00:00.000Z"]);
  });

  it("withholds once, restricts once and invoices once when both are missing", async () => {
    const verdict = await run(two(), "2026-04-12T00:00:00Z");
    const both = ["refluenced.content-not-synced@reel-1", "refluenced.content-not-synced@story-1"];
    expect(sanctionsOf(verdict, "withhold_payout")).toHaveLength(1);
    expect(sanctionsOf(verdict, "withhold_payout")[0]?.because).toEqual(both);
    expect(sanctionsOf(verdict, "restrict_applications")).toEqual([
      {
        type: "restrict_applications",
        because: both,
        note: "Cannot apply to new campaigns until campaign summer-drop is fully completed.",
      },
    ]);
    expect(sanctionsOf(verdict, "invoice")).toHaveLength(1);
    expect(sanctionsOf(verdict, "request_product_return")).toHaveLength(1);
    expect(verdict.strike?.at).toBe("2026-03-30T10:00:00.000Z");
  });
});

describe("vouchers", () => {
  it("deactivates an unredeemed voucher and invoices nothing", async () => {
    const verdict = await run(facts({ voucher }), AFTER_REEL);
    expect(sanctionsOf(verdict, "deactivate_voucher")).toEqual([
      {
        type: "deactivate_voucher",
        because: ["refluenced.content-not-synced@reel-1"],
        note: "Deactivate the unredeemed voucher (value EUR 25.00) and tell the influencer in the campaign chat.",
      },
    ]);
    expect(sanctionsOf(verdict, "invoice")).toEqual([]);
  });

  it("invoices exactly the voucher's value when it was redeemed, and deactivates nothing", async () => {
    const redeemed = {
      ...voucher,
      value: money(1999, "EUR"),
      redeemedAt: "2026-03-10T18:45:00+01:00",
    };
    const verdict = await run(facts({ voucher: redeemed }), AFTER_REEL);
    expect(sanctionsOf(verdict, "invoice")).toEqual([
      {
        type: "invoice",
        because: ["refluenced.content-not-synced@reel-1"],
        amount: { amount: 1999, currency: "EUR" },
        note: "Invoice for the value of the voucher redeemed at 2026-03-10 18:45 +01:00: EUR 19.99.",
      },
    ]);
    expect(sanctionsOf(verdict, "deactivate_voucher")).toEqual([]);
  });

  it("checks the voucher as of the evaluation: redeemed later is not yet redeemed", async () => {
    const later = { ...voucher, redeemedAt: "2026-04-03T10:00:00+02:00" };
    const before = await run(facts({ voucher: later }), AFTER_REEL);
    expect(sanctionsOf(before, "deactivate_voucher")).toHaveLength(1);
    const after = await run(facts({ voucher: later }), "2026-04-04T00:00:00Z");
    expect(sanctionsOf(after, "deactivate_voucher")).toEqual([]);
    expect(sanctionsOf(after, "invoice")[0]?.amount).toEqual({ amount: 2500, currency: "EUR" });
  });

  it("reports a voucher already deactivated, and invoices one redeemed even if deactivated afterwards", async () => {
    const deactivated = { ...voucher, deactivatedAt: "2026-03-31T09:00:00+02:00" };
    const verdict = await run(facts({ voucher: deactivated }), AFTER_REEL);
    expect(sanctionsOf(verdict, "deactivate_voucher")[0]?.note).toBe(
      "The unredeemed voucher (value EUR 25.00) was deactivated at 2026-03-31 09:00 +02:00.",
    );
    const both = { ...deactivated, redeemedAt: "2026-03-12T10:00:00+01:00" };
    const raced = await run(facts({ voucher: both }), AFTER_REEL);
    expect(sanctionsOf(raced, "deactivate_voucher")).toEqual([]);
    expect(sanctionsOf(raced, "invoice")).toHaveLength(1);
  });

  it("leaves the voucher alone while the content is only pending", async () => {
    const verdict = await run(facts({ voucher }), "2026-03-25T00:00:00Z");
    expect(verdict.sanctions).toEqual([]);
  });
});

describe("products", () => {
  it("requests the return, quoting the configured address", async () => {
    const policy = refluenced({ returnAddress: "Brand GmbH, Torstr. 1, 10119 Berlin" });
    const verdict = await run(facts({ product }), AFTER_REEL, policy);
    expect(sanctionsOf(verdict, "request_product_return")).toEqual([
      {
        type: "request_product_return",
        because: ["refluenced.content-not-synced@reel-1"],
        note: "Request the return of the product (value EUR 49.99) in the campaign chat, to Brand GmbH, Torstr. 1, 10119 Berlin.",
      },
    ]);
    expect(sanctionsOf(verdict, "invoice")).toEqual([]);
  });

  it("requests the return without an address, saying one must be given", async () => {
    const verdict = await run(facts({ product }), AFTER_REEL);
    expect(sanctionsOf(verdict, "request_product_return")[0]?.note).toBe(
      "Request the return of the product (value EUR 49.99) in the campaign chat; no return address is configured, so give one with the request.",
    );
  });

  const requested = { ...product, returnRequestedAt: "2026-04-01T10:00:00+02:00" };

  it("inside the return window: the return stays requested and a recheck is scheduled at its end", async () => {
    const verdict = await run(facts({ product: requested }), "2026-04-10T00:00:00Z");
    expect(sanctionsOf(verdict, "request_product_return")[0]?.note).toBe(
      "The return of the product (value EUR 49.99) was requested at 2026-04-01 10:00 +02:00 and is due back by 2026-04-15 10:00 +02:00 (14 days).",
    );
    expect(sanctionsOf(verdict, "invoice")).toEqual([]);
    expect(verdict.actions.find((action) => action.type === "recheck")).toEqual({
      type: "recheck",
      at: "2026-04-15T08:00:00.000Z",
      note: "Check whether the product came back by 2026-04-15 10:00 +02:00; if not, invoice its value of EUR 49.99.",
    });
    expect(verdict.nextCheckAt).toBe("2026-04-15T08:00:00.000Z");
  });

  it("exactly at the end of the window it is still inside; one millisecond later the product is invoiced at its value", async () => {
    const atEnd = await run(facts({ product: requested }), "2026-04-15T08:00:00.000Z");
    expect(sanctionsOf(atEnd, "invoice")).toEqual([]);
    // A scheduler following nextCheckAt lands exactly where the invoice appears.
    expect(atEnd.nextCheckAt).toBe("2026-04-15T08:00:00.001Z");
    const past = await run(facts({ product: requested }), atEnd.nextCheckAt ?? "");
    expect(sanctionsOf(past, "invoice")).toEqual([
      {
        type: "invoice",
        because: ["refluenced.content-not-synced@reel-1"],
        amount: { amount: 4999, currency: "EUR" },
        note: "Invoice for the value of the product not returned: EUR 49.99; its return was requested at 2026-04-01 10:00 +02:00 and nothing came back by 2026-04-15 10:00 +02:00.",
      },
    ]);
    expect(sanctionsOf(past, "request_product_return")).toEqual([]);
    expect(past.actions.some((action) => action.type === "recheck")).toBe(false);
  });

  it("uses the returnWindow parameter", async () => {
    const verdict = await run(
      facts({ product: requested }),
      "2026-04-10T00:00:00Z",
      refluenced({ returnWindow: { days: 7 } }),
    );
    expect(sanctionsOf(verdict, "invoice")[0]?.amount).toEqual({ amount: 4999, currency: "EUR" });
  });

  it("recovers nothing once the product came back", async () => {
    const returned = { ...requested, returnedAt: "2026-04-20T10:00:00+02:00" };
    const verdict = await run(facts({ product: returned }), "2026-04-25T00:00:00Z");
    expect(sanctionsOf(verdict, "invoice")).toEqual([]);
    expect(sanctionsOf(verdict, "request_product_return")).toEqual([]);
    expect(sanctionsOf(verdict, "restrict_applications")).toHaveLength(1);
  });

  it("asks for review when the product was shipped but its delivery is not recorded, and does nothing when never shipped", async () => {
    const shipped = { value: product.value, shippedAt: product.shippedAt };
    const verdict = await run(facts({ product: shipped }), AFTER_REEL);
    expect(sanctionsOf(verdict, "request_product_return")).toEqual([
      {
        type: "request_product_return",
        because: ["refluenced.content-not-synced@reel-1"],
        requiresHumanReview: true,
        note: "The product (value EUR 49.99) was shipped at 2026-03-05 10:00 +01:00 but its delivery is not recorded; confirm delivery before requesting its return.",
      },
    ]);
    const unsent = await run(facts({ product: { value: product.value } }), AFTER_REEL);
    expect(sanctionsOf(unsent, "request_product_return")).toEqual([]);
    expect(sanctionsOf(unsent, "invoice")).toEqual([]);
  });

  it("issues two invoices when a product and a voucher of equal value are both to be paid for", async () => {
    const input = facts({
      product: requested,
      voucher: {
        ...voucher,
        value: money(4999, "EUR"),
        redeemedAt: "2026-03-10T10:00:00+01:00",
      },
    });
    const verdict = await run(input, "2026-04-20T00:00:00Z");
    const invoices = sanctionsOf(verdict, "invoice");
    expect(invoices).toHaveLength(2);
    expect(invoices.map((invoice) => invoice.amount)).toEqual([
      { amount: 4999, currency: "EUR" },
      { amount: 4999, currency: "EUR" },
    ]);
    expect(invoices[0]?.note).toContain("product not returned");
    expect(invoices[1]?.note).toContain("voucher redeemed");
  });
});

describe("payout", () => {
  it("withholds nothing without cash compensation", async () => {
    const verdict = await run(facts({ product }), AFTER_REEL);
    expect(sanctionsOf(verdict, "withhold_payout")).toEqual([]);
    expect(sanctionsOf(verdict, "restrict_applications")).toHaveLength(1);
  });

  it("sends a payout already made with content missing to human review", async () => {
    const paid = { ...payment, paidOutAt: "2026-03-25T10:00:00+01:00" };
    const verdict = await run(facts({ payment: paid }), AFTER_REEL);
    expect(sanctionsOf(verdict, "withhold_payout")).toEqual([
      {
        type: "withhold_payout",
        because: ["refluenced.content-not-synced@reel-1"],
        amount: { amount: 30000, currency: "EUR" },
        requiresHumanReview: true,
        note: "The payout of EUR 300.00 was already made at 2026-03-25 10:00 +01:00 although content is missing; a person decides whether to recover it.",
      },
    ]);
  });

  it("restricts the standing of an influencer with missing content", async () => {
    const verdict = await run(facts({ payment }), AFTER_REEL);
    const standing = applyVerdict(emptyStanding("inf-lena"), verdict);
    expect(standing.status).toBe("restricted");
    expect(standing.noShows).toHaveLength(1);
  });
});

type CancelledBy = NonNullable<ParticipationSpec["participation"]>["cancelledBy"];

describe("cancellations", () => {
  const cancelled = (by: CancelledBy) =>
    facts({
      payment,
      product,
      voucher,
      participation: {
        selectedAt: "2026-03-02T10:00:00+01:00",
        cancelledAt: "2026-03-25T10:00:00+01:00",
        cancelledBy: by,
      },
    });

  it("leaves no finding, sanction or reminder after a mutual cancellation", async () => {
    for (const by of ["mutual", "advertiser", "platform"] as const) {
      const verdict = await run(cancelled(by), AFTER_REEL);
      expect(verdict.findings).toEqual([]);
      expect(verdict.sanctions).toEqual([]);
      expect(verdict.actions).toEqual([]);
      expect(verdict.status).toBe("compliant");
      expect(verdict.noShow).toBe(false);
    }
  });

  it("a cancellation by the influencer alone does not excuse the missing content", async () => {
    const verdict = await run(cancelled("influencer"), AFTER_REEL);
    expect(finding(verdict, R.contentNotSynced)?.outcome).toBe("violation");
    expect(verdict.sanctions.map((sanction) => sanction.type)).toEqual([
      "withhold_payout",
      "restrict_applications",
      "request_product_return",
      "deactivate_voucher",
    ]);
  });

  it("a mutual cancellation after the deadline ends the remedies (another solution was found)", async () => {
    const input = facts({
      payment,
      participation: {
        selectedAt: "2026-03-02T10:00:00+01:00",
        cancelledAt: "2026-04-05T10:00:00+02:00",
        cancelledBy: "mutual",
      },
    });
    expect((await run(input, AFTER_REEL)).sanctions).toHaveLength(2);
    expect((await run(input, "2026-04-06T00:00:00Z")).sanctions).toEqual([]);
  });
});

describe("exceptions", () => {
  const claimed = (extra: Partial<ClaimSpec>) =>
    facts({
      payment,
      product,
      voucher,
      exceptions: [claim("illness", "2026-03-28T09:00:00+01:00", { id: "ex-1", ...extra })],
    });

  it("an accepted exception excuses the missing content: no sanction, no reminder", async () => {
    const verdict = await run(claimed({ decision: "accepted" }), AFTER_REEL);
    const excused = finding(verdict, R.contentNotSynced);
    expect(excused?.outcome).toBe("excused");
    expect(excused?.excusedBy).toEqual(["ex-1"]);
    expect(verdict.exceptions[0]).toMatchObject({ id: "ex-1", status: "accepted" });
    expect(verdict.status).toBe("excused");
    expect(verdict.noShow).toBe(false);
    expect(verdict.sanctions).toEqual([]);
    expect(verdict.actions).toEqual([]);
    expect(verdict.strike).toBeNull();
  });

  it("a rejected exception leaves the violation and its remedies", async () => {
    const verdict = await run(claimed({ decision: "rejected" }), AFTER_REEL);
    expect(finding(verdict, R.contentNotSynced)?.outcome).toBe("violation");
    expect(verdict.exceptions[0]?.status).toBe("rejected");
    expect(verdict.sanctions).toHaveLength(4);
  });

  it("an undecided request made before the deadline needs review and holds the sanctions", async () => {
    const verdict = await run(claimed({}), AFTER_REEL);
    expect(verdict.exceptions[0]).toMatchObject({
      status: "needs_review",
      covers: ["refluenced.content-not-synced@reel-1"],
      reason:
        "Exception ex-1 (illness) was requested at 2026-03-28 09:00 +01:00 and awaits Refluenced's decision on whether the reason is valid.",
    });
    expect(finding(verdict, R.contentNotSynced)?.outcome).toBe("needs_review");
    expect(verdict.status).toBe("needs_review");
    expect(verdict.sanctions).toEqual([]);
  });

  it("an undecided request made after the deadline is rejected, unless the parameter allows it", async () => {
    const late = claimed({ reportedAt: "2026-04-01T09:00:00+02:00" });
    const verdict = await run(late, AFTER_REEL);
    expect(verdict.exceptions[0]?.status).toBe("rejected");
    expect(verdict.exceptions[0]?.reason).toBe(
      "Exception ex-1 (illness) was requested at 2026-04-01 09:00 +02:00, after the deadline passed at 2026-03-30 12:00 +02:00; Refluenced grants extensions and cancellations only when requested before the deadline.",
    );
    expect(finding(verdict, R.contentNotSynced)?.outcome).toBe("violation");
    expect(verdict.sanctions.length).toBeGreaterThan(0);
    const lenient = await run(late, AFTER_REEL, refluenced({ requestBeforeDeadline: false }));
    expect(lenient.exceptions[0]?.status).toBe("needs_review");
    expect(lenient.sanctions).toEqual([]);
  });

  it("an exception for one deliverable leaves the other's sanctions in place", async () => {
    const input = facts({
      payment,
      deliverables: [
        { id: "reel-1", kind: "reel", dueAt: REEL_DUE },
        { id: "story-1", kind: "story", dueAt: STORY_DUE },
      ],
      exceptions: [
        claim("shipping_delay", "2026-03-28T09:00:00+01:00", {
          id: "ex-1",
          decision: "accepted",
          appliesTo: ["reel-1"],
        }),
      ],
    });
    const verdict = await run(input, "2026-04-12T00:00:00Z");
    expect(finding(verdict, R.contentNotSynced, "reel-1")?.outcome).toBe("excused");
    expect(finding(verdict, R.contentNotSynced, "story-1")?.outcome).toBe("violation");
    expect(sanctionsOf(verdict, "withhold_payout")[0]?.because).toEqual([
      "refluenced.content-not-synced@story-1",
    ]);
    expect(verdict.actions.every((action) => action.deliverableId === "story-1")).toBe(true);
  });
});

describe("a claim made after one deadline and before another", () => {
  it("is rejected for the missed deadline and reviewed for the coming one", async () => {
    const verdict = await run(
      facts({
        deliverables: [
          { id: "reel-1", kind: "reel", dueAt: REEL_DUE },
          { id: "story-1", kind: "story", dueAt: STORY_DUE },
        ],
        exceptions: [claim("illness", "2026-04-01T09:00:00+02:00")],
      }),
      "2026-04-02T00:00:00Z",
    );
    expect(verdict.exceptions.map(({ id, status, covers }) => ({ id, status, covers }))).toEqual([
      { id: "x1", status: "needs_review", covers: ["refluenced.content-not-synced@story-1"] },
      { id: "x1", status: "rejected", covers: ["refluenced.content-not-synced@reel-1"] },
    ]);
    const outcome = (id: string) =>
      verdict.findings.find((finding) => finding.deliverableId === id)?.outcome;
    expect(outcome("reel-1")).toBe("violation");
    expect(outcome("story-1")).toBe("pending");
  });
});
