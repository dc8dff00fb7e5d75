/**
 * `relativeDeadline`: a deliverable without its own `dueAt` is due by the end of the N-th
 * campaign-zone calendar day after an event (day 0 = the event's day; inclusive). Before the
 * event the deadline is not known: pending (checked again at the campaign's end) while the
 * campaign runs, needs_review after it. An explicit `dueAt` wins. Held to date-fns +
 * `@date-fns/tz` on calendar days, across DST changes, by properties.
 */
import { TZDate } from "@date-fns/tz";
import { addDays, endOfDay } from "date-fns";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { endOfDayAfter, formatInstant, toMillis } from "../src/core/time.js";
import { deliverableShape } from "../src/derive/deadlines.js";
import { deriveFacts } from "../src/derive/derive.js";
import { shapeMismatches } from "../src/derive/shape.js";
import { parseFacts } from "../src/facts/parse.js";
import { sliceFactsAt } from "../src/facts/slice.js";
import {
  evaluate,
  evaluateSync,
  isValidationError,
  mediance,
  type Policy,
  parsePolicy,
} from "../src/index.js";
import {
  type DeliverableSpec,
  deliverable,
  money,
  type ParticipationSpec,
  participation,
  post,
  product,
} from "../src/testing/index.js";
import { SEOUL } from "./fixtures.js";

const RULE = "mediance.post-not-registered";

function withRelative(relativeDeadline: unknown, base: Policy = mediance()): Policy {
  return parsePolicy({ ...base, parameters: { ...base.parameters, relativeDeadline } });
}

const sevenAfterDelivery = withRelative({ after: "product.deliveredAt", days: 7 });

/** The Seoul participation (delivered 2026-03-03 14:00 KST) with the feed deliverable as given. */
const withFeed = (feed: DeliverableSpec, more: ParticipationSpec = {}) =>
  participation({ ...SEOUL, ...more, deliverables: [deliverable({ id: "feed", ...feed })] });

async function judged(input: unknown, policy: Policy, asOf: string) {
  const verdict = evaluateSync(input, policy, { asOf });
  // The reference interpreter agrees, byte for byte.
  expect(JSON.stringify(await evaluate(input, policy, { asOf }))).toBe(JSON.stringify(verdict));
  const finding = verdict.findings.find((item) => item.rule === RULE);
  return { verdict, finding };
}

/** The product not delivered (nor shipped): the event of `sevenAfterDelivery` has not happened. */
const undelivered = {
  product: product({ value: money(45_000, "KRW") }),
} satisfies ParticipationSpec;

describe("relativeDeadline", () => {
  it("7 days after delivery ends at 23:59:59.999 of the 7th calendar day, inclusive", async () => {
    // Delivered 3 March 14:00 KST: due 10 March 23:59:59.999 KST.
    const onTheLastMs = await judged(
      withFeed({ post: post("2026-03-10T23:59:59.999+09:00") }),
      sevenAfterDelivery,
      "2026-04-05T00:00:00+09:00",
    );
    expect(onTheLastMs.finding?.outcome).toBe("compliant");
    expect(onTheLastMs.finding?.evidence.dueAt).toBe("2026-03-10T14:59:59.999Z");
    const aMsLate = await judged(
      withFeed({ post: post("2026-03-11T00:00:00+09:00") }),
      sevenAfterDelivery,
      "2026-04-05T00:00:00+09:00",
    );
    expect(aMsLate.finding).toMatchObject({
      outcome: "violation",
      since: "2026-03-10T14:59:59.999Z",
    });
  });

  it("before the deadline: pending with the deadline as check time; missing after it", async () => {
    const before = await judged(withFeed({}), sevenAfterDelivery, "2026-03-05T00:00:00+09:00");
    expect(before.finding).toMatchObject({
      outcome: "pending",
      checkAt: "2026-03-10T14:59:59.999Z",
    });
    expect(before.verdict.nextCheckAt).toBe("2026-03-10T14:59:59.999Z");
    const after = await judged(withFeed({}), sevenAfterDelivery, "2026-03-11T00:00:00+09:00");
    expect(after.finding?.outcome).toBe("violation");
    expect(after.verdict.noShow).toBe(true);
  });

  it("counts calendar days across a DST change, not 24-hour blocks", async () => {
    // New York springs forward on 8 March 2026. Delivered 5 March 12:00 EST, 7 days: due
    // 12 March 23:59:59.999 EDT (04:00Z less a ms), not 12 March 12:00 (wall time + 7 days).
    const ny = {
      zone: "America/New_York",
      campaign: { id: "c-ny" },
      startsAt: "2026-03-01 00:00", // -05:00
      endsAt: "2026-03-31 23:59:59", // -04:00
      // Still selected at 10:00 in Seoul, as in the Seoul facts.
      selectedAt: "2026-02-25T10:00:00+09:00",
      product: product({ value: money(5000, "USD"), deliveredAt: "2026-03-05 12:00" }),
    } satisfies ParticipationSpec;
    const { finding } = await judged(withFeed({}, ny), sevenAfterDelivery, "2026-03-09T00:00:00Z");
    expect(finding?.checkAt).toBe("2026-03-13T03:59:59.999Z");
    expect(formatInstant(finding?.checkAt as string, "America/New_York")).toBe(
      "2026-03-12 23:59:59 -04:00",
    );
    // Falling back (1 November 2026): that day has 25 hours, and still ends at 23:59:59.999.
    expect(endOfDayAfter("2026-10-31T16:00:00Z", 1, "America/New_York")).toBe(
      "2026-11-02T04:59:59.999Z",
    );
  });

  it("before the event, while the campaign runs: pending, checked again at the campaign's end", async () => {
    const { verdict, finding } = await judged(
      withFeed({}, undelivered),
      sevenAfterDelivery,
      "2026-03-20T00:00:00+09:00",
    );
    expect(finding).toMatchObject({ outcome: "pending", checkAt: "2026-03-31T14:59:59.000Z" });
    expect(finding?.evidence).toMatchObject({
      dueAt: null,
      deadlineAfter: "product.deliveredAt",
      deadlineDays: 7,
    });
    expect(verdict.status).toBe("pending");
    expect(verdict.nextCheckAt).toBe("2026-03-31T14:59:59.000Z");
    expect(verdict.sanctions).toEqual([]);
  });

  it("a delivery after asOf is not known yet: the same as no delivery", async () => {
    // Delivered 3 March 14:00 KST; judged on 2 March.
    const { finding } = await judged(withFeed({}), sevenAfterDelivery, "2026-03-02T00:00:00+09:00");
    expect(finding).toMatchObject({ outcome: "pending", checkAt: "2026-03-31T14:59:59.000Z" });
  });

  it("the campaign ended without the event: needs_review, never a no-show, nothing to wait for", async () => {
    const { verdict, finding } = await judged(
      withFeed({}, undelivered),
      sevenAfterDelivery,
      "2026-04-01T00:00:00+09:00",
    );
    expect(finding?.outcome).toBe("needs_review");
    expect(finding?.explanation).toContain("had not happened when the campaign ended");
    expect(verdict.noShow).toBe(false);
    expect(verdict.status).toBe("needs_review");
    expect(verdict.nextCheckAt).toBeNull();
  });

  it("a post before the event is on time (the deadline lies ahead)", async () => {
    const { finding } = await judged(
      withFeed({ post: post("2026-03-15T10:00:00+09:00") }, undelivered),
      sevenAfterDelivery,
      "2026-04-01T00:00:00+09:00",
    );
    expect(finding?.outcome).toBe("compliant");
  });

  it("an explicit dueAt wins over the relative deadline", async () => {
    const { finding } = await judged(
      withFeed({ dueAt: "2026-03-25T23:59:59+09:00" }, undelivered),
      sevenAfterDelivery,
      "2026-03-26T00:00:00+09:00",
    );
    expect(finding).toMatchObject({ outcome: "violation", since: "2026-03-25T14:59:59.000Z" });
  });

  it("other events: the selection and the campaign start are always known", async () => {
    const fromStart = withRelative({ after: "campaign.startsAt", days: 0 });
    const { finding } = await judged(withFeed({}), fromStart, "2026-03-01T12:00:00+09:00");
    // Starts 1 March 00:00 KST; day 0 is that very day.
    expect(finding?.checkAt).toBe("2026-03-01T14:59:59.999Z");
    const fromSelection = withRelative({ after: "participation.selectedAt", days: 3 });
    const selected = await judged(withFeed({}), fromSelection, "2026-02-26T00:00:00+09:00");
    expect(selected.finding?.checkAt).toBe("2026-02-28T14:59:59.999Z");
  });

  it("without the parameter, nothing changes: due at the campaign's end", async () => {
    const { finding } = await judged(
      withFeed({}, undelivered),
      mediance(),
      "2026-03-20T00:00:00+09:00",
    );
    expect(finding?.checkAt).toBe("2026-03-31T14:59:59.000Z");
    expect(finding?.explanation).toBe(
      "Deliverable feed has no post yet; its deadline is 2026-03-31 23:59:59 +09:00.",
    );
  });

  it("derives the declared shape in every state (known, awaiting the event, event missing)", () => {
    const cases: Array<[unknown, string, string]> = [
      [withFeed({}), "2026-03-05T00:00:00.000Z", "known"],
      [withFeed({ post: post("2026-03-04T00:00:00+09:00") }), "2026-03-05T00:00:00.000Z", "known"],
      [withFeed({}, undelivered), "2026-03-05T00:00:00.000Z", "awaiting_event"],
      [
        withFeed({ post: post("2026-03-04T00:00:00+09:00") }, undelivered),
        "2026-03-05T00:00:00.000Z",
        "awaiting_event",
      ],
      [withFeed({}, undelivered), "2026-04-05T00:00:00.000Z", "event_missing"],
    ];
    for (const [input, asOf, status] of cases) {
      const known = sliceFactsAt(parseFacts(input), asOf);
      const [item] = deriveFacts(known, sevenAfterDelivery.parameters, asOf).deliverables;
      expect(item?.deadline.status).toBe(status);
      expect(shapeMismatches(deliverableShape, item, "deliverable")).toEqual([]);
      if (status !== "known") {
        expect(item).toMatchObject({
          dueAt: null,
          publishBy: null,
          sinceDue: null,
          overdueBy: null,
        });
        if (item?.posted) expect(item.onTime).toBe(true);
      }
    }
  });

  it("refuses an unknown event (with a hint) and days that are not whole and non-negative", () => {
    const issuesOf = (value: unknown) => {
      try {
        withRelative(value);
      } catch (error) {
        if (isValidationError(error)) return error.issues;
        throw error;
      }
      throw new Error("accepted");
    };
    expect(issuesOf({ after: "product.deliveredAtt", days: 7 })).toEqual([
      expect.objectContaining({
        path: "parameters.relativeDeadline.after",
        message: expect.stringContaining('did you mean "product.deliveredAt"?'),
      }),
    ]);
    for (const days of [-1, 1.5, "7", 100_000])
      expect(issuesOf({ after: "campaign.startsAt", days })[0]?.path).toBe(
        "parameters.relativeDeadline.days",
      );
    expect(issuesOf({ after: "campaign.startsAt", days: 7, unit: "hours" })[0]?.path).toBe(
      "parameters.relativeDeadline.unit",
    );
  });
});

const ZONES = [
  "Asia/Seoul",
  "America/New_York",
  "Europe/London",
  "Australia/Lord_Howe",
  "America/Santiago",
  "Asia/Beirut",
  "America/Havana",
  "Pacific/Chatham",
];

/** The campaign-zone calendar date of an instant, `YYYY-MM-DD`. */
const dateIn = (instant: string, zone: string) => formatInstant(instant, zone).slice(0, 10);

/** A calendar date plus days, by plain date arithmetic (no zone involved). */
function plusDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

describe("endOfDayAfter, for all instants, zones and day counts", () => {
  const instant = fc
    .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) })
    .map((ms) => new Date(ms).toISOString());

  it("lies on the N-th calendar day after the event's day, and a ms later is the next day", () => {
    fc.assert(
      fc.property(
        instant,
        fc.constantFrom(...ZONES),
        fc.integer({ min: 0, max: 400 }),
        (at, zone, days) => {
          const end = endOfDayAfter(at, days, zone);
          const target = plusDays(dateIn(at, zone), days);
          expect(dateIn(end, zone)).toBe(target);
          const next = new Date(toMillis(end) + 1).toISOString();
          expect(dateIn(next, zone)).toBe(plusDays(target, 1));
          // Never before the event: inclusive of the whole event day.
          expect(toMillis(end)).toBeGreaterThanOrEqual(toMillis(at));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("equals date-fns endOfDay(addDays(TZDate)) where no DST change falls at midnight", () => {
    fc.assert(
      fc.property(
        instant,
        fc.constantFrom("Asia/Seoul", "America/New_York", "Europe/London"),
        fc.integer({ min: 0, max: 400 }),
        (at, zone, days) => {
          const expected = endOfDay(addDays(new TZDate(at, zone), days)).toISOString();
          expect(endOfDayAfter(at, days, zone)).toBe(new Date(expected).toISOString());
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("under a relative deadline, a post is on time exactly up to that instant (Seoul)", () => {
    const policies = new Map<number, Policy>();
    const policyFor = (days: number) => {
      let policy = policies.get(days);
      if (!policy) {
        policy = withRelative({ after: "product.deliveredAt", days });
        policies.set(days, policy);
      }
      return policy;
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 * 86_400_000 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }),
        (deliveredOffset, days, postOffset) => {
          const delivered = new Date(
            Date.parse("2026-03-01T00:00:00+09:00") + deliveredOffset,
          ).toISOString();
          const due = endOfDayAfter(delivered, days, "Asia/Seoul");
          const publishedAt = new Date(
            Math.max(toMillis(delivered), toMillis(due) + postOffset),
          ).toISOString();
          const input = withFeed(
            { post: post(publishedAt) },
            { product: product({ value: money(1, "KRW"), deliveredAt: delivered }) },
          );
          const verdict = evaluateSync(input, policyFor(days), {
            asOf: "2026-06-01T00:00:00Z",
          });
          const finding = verdict.findings.find((item) => item.rule === RULE);
          expect(finding?.outcome).toBe(
            toMillis(publishedAt) <= toMillis(due) ? "compliant" : "violation",
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("with the event unknown, the outcome is pending up to the campaign's end and needs_review after", () => {
    const policy = withRelative({ after: "product.deliveredAt", days: 7 });
    const endsAt = Date.parse("2026-03-31T23:59:59+09:00");
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse("2026-02-25T10:00:00+09:00"), max: endsAt + 30 * 86_400_000 }),
        (ms) => {
          const asOf = new Date(ms).toISOString();
          const verdict = evaluateSync(withFeed({}, undelivered), policy, { asOf });
          const finding = verdict.findings.find((item) => item.rule === RULE);
          expect(finding?.outcome).toBe(ms <= endsAt ? "pending" : "needs_review");
          expect(verdict.noShow).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });
});
