import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate, refluenced } from "../src/index.js";
import { REFLUENCED_RULES } from "../src/policy-entry.js";
import {
  deliverable,
  money,
  type ParticipationSpec,
  participation,
  payment,
  post,
  product,
  voucher,
} from "../src/testing/index.js";

const ZONE = "Europe/Berlin";
const START = Date.parse("2026-01-01T00:00:00Z");
const SPAN = 365 * 24 * 3_600_000;

/** The wall-clock date and time of an instant in Berlin, by Intl (independent of date-fns). */
function wallClock(iso: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone: ZONE,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(new Date(iso))
      .map((part) => [part.type, part.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
  };
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** A paid Berlin participation whose one deliverable `d1` is due at `dueAt` (posted at `publishedAt`). */
function facts(dueAt: string, extra: ParticipationSpec = {}, publishedAt?: string) {
  return participation({
    zone: ZONE,
    kind: "paid",
    campaign: { id: "prop" },
    startsAt: "2025-12-01T00:00:00Z",
    endsAt: "2027-06-30T00:00:00Z",
    selectedAt: "2025-12-01T00:00:00Z",
    influencer: { id: "inf" },
    deliverables: [deliverable({ dueAt, ...(publishedAt ? { post: post(publishedAt) } : {}) })],
    ...extra,
  });
}

// Whole minutes; hours 02 and 03 local are skipped so that the reminder's wall-clock time exists
// on both DST change days.
const deadline = fc
  .integer({ min: 0, max: SPAN / 60_000 })
  .map((minutes) => new Date(START + minutes * 60_000).toISOString())
  .filter((iso) => !["02", "03"].includes(wallClock(iso).time.slice(0, 2)));

describe("refluenced properties", () => {
  it("the reminder falls at the deadline's wall-clock time, exactly `days` calendar days earlier in the campaign zone", async () => {
    await fc.assert(
      fc.asyncProperty(deadline, fc.integer({ min: 1, max: 10 }), async (dueAt, days) => {
        const verdict = await evaluate(facts(dueAt), refluenced({ reminderLead: { days } }), {
          asOf: "2025-12-15T00:00:00Z",
        });
        const reminder = verdict.actions.find((action) => action.type === "send_reminder");
        expect(reminder).toBeDefined();
        const due = wallClock(dueAt);
        const remind = wallClock(reminder?.at ?? "");
        expect(remind.time).toBe(due.time);
        expect(daysBetween(remind.date, due.date)).toBe(days);
        expect(verdict.nextCheckAt).toBe(reminder?.at);
      }),
      { numRuns: 150 },
    );
  });

  it("missing content is pending up to and including the deadline and a violation after; a post is late iff after it", async () => {
    await fc.assert(
      fc.asyncProperty(
        deadline,
        fc.integer({ min: -5 * 86_400, max: 5 * 86_400 }),
        fc.option(fc.integer({ min: -5 * 86_400, max: 5 * 86_400 })),
        async (dueAt, asOfOffset, postOffset) => {
          const due = Date.parse(dueAt);
          const asOf = new Date(due + asOfOffset * 1000).toISOString();
          const postedAt =
            postOffset === null ? undefined : new Date(due + postOffset * 1000).toISOString();
          const verdict = await evaluate(
            facts(dueAt, { payment: payment({ amount: money(10_000, "EUR") }) }, postedAt),
            refluenced(),
            { asOf },
          );
          const outcome = (rule: string) =>
            verdict.findings.find((finding) => finding.rule === rule)?.outcome;
          const posted = postedAt !== undefined && Date.parse(postedAt) <= Date.parse(asOf);
          const withheld = verdict.sanctions.some(
            (sanction) => sanction.type === "withhold_payout",
          );
          if (!posted) {
            const expected = asOfOffset <= 0 ? "pending" : "violation";
            expect(outcome(REFLUENCED_RULES.contentNotSynced)).toBe(expected);
            expect(outcome(REFLUENCED_RULES.contentLate)).toBeUndefined();
            expect(withheld).toBe(expected === "violation");
          } else {
            expect(outcome(REFLUENCED_RULES.contentNotSynced)).toBe("compliant");
            expect(outcome(REFLUENCED_RULES.contentLate)).toBe(
              (postOffset ?? 0) > 0 ? "violation" : "compliant",
            );
            expect(withheld).toBe(false);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("invoices equal the voucher's and the product's values exactly, in minor units", async () => {
    const amount = fc.record({
      amount: fc.integer({ min: 0, max: 10_000_000 }),
      currency: fc.constantFrom("EUR", "USD", "KRW", "JPY", "BHD"),
    });
    await fc.assert(
      fc.asyncProperty(amount, amount, async (productValue, voucherValue) => {
        const input = facts("2026-03-30T12:00:00+02:00", {
          product: product({
            value: productValue,
            deliveredAt: "2026-03-01T12:00:00+01:00",
            returnRequestedAt: "2026-04-01T12:00:00+02:00",
          }),
          voucher: voucher("2026-03-01T12:00:00+01:00", {
            value: voucherValue,
            redeemedAt: "2026-03-02T12:00:00+01:00",
          }),
        });
        const verdict = await evaluate(input, refluenced(), { asOf: "2026-05-01T00:00:00Z" });
        const invoices = verdict.sanctions.filter((sanction) => sanction.type === "invoice");
        expect(invoices.map((invoice) => invoice.amount)).toEqual([productValue, voucherValue]);
      }),
      { numRuns: 100 },
    );
  });
});
