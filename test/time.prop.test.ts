/**
 * Time arithmetic and rendering never depend on the host (issue 8, point 2). Around every DST
 * change of six zones, `describeElapsed`, `addDuration` and `formatInstant` give what plain
 * date-fns gives on a server whose TZ is the campaign zone, and what date-fns gives with the zone
 * explicit (`{ in: tz(zone) }` on `TZDate`s) wherever that is itself host-independent: at a
 * skipped or repeated wall time `@date-fns/tz` answers differently per host TZ, and date-fns can
 * answer "2 days -1 hours"; there a round trip and fixed examples pin ours down. The results are
 * the same under any process TZ; strings without an offset are never instants, and free text
 * shaped like an instant is never rendered as one.
 */
import { TZDate, tz, tzOffset, tzScan } from "@date-fns/tz";
import { add, type Duration, format, formatDuration, intervalToDuration, parseISO } from "date-fns";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { scenarios as refluencedScenarios } from "../examples/refluenced.js";
import {
  addDuration,
  describeElapsed,
  formatInstant,
  isCanonicalInstant,
  looksLikeInstant,
  toMillis,
  toUtc,
} from "../src/core/time.js";
import { evaluate, refluenced } from "../src/index.js";
import { renderTemplate, renderValue } from "../src/render/template.js";

/** Whether Intl puts `zone` between -01:00 and 00:00 at `at` ("GMT-00:mm"). */
function westOfGreenwichWithinAnHour(zone: string, at: number): boolean {
  const text = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    timeZoneName: "longOffset",
  }).format(at);
  return text.includes("GMT-00:");
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// DST in both hemispheres, 30-minute (Lord Howe) and quarter-hour (Chatham) offsets, a DST
// change at midnight (Santiago), and a zone without DST (Kolkata, +05:30).
const ZONES = [
  "America/New_York",
  "Europe/London",
  "Australia/Lord_Howe",
  "Pacific/Chatham",
  "Asia/Kolkata",
  "America/Santiago",
] as const;

/** Every offset change of `zone` in 2025–2027 (epoch ms), or three fixed instants without DST. */
function changesOf(zone: string): number[] {
  const changes = tzScan(zone, {
    start: new Date("2025-01-01T00:00:00Z"),
    end: new Date("2028-01-01T00:00:00Z"),
  }).map((change) => change.date.getTime());
  return changes.length > 0
    ? changes
    : ["2026-03-08T07:00:00Z", "2026-10-25T01:00:00Z", "2026-12-31T18:30:00Z"].map(Date.parse);
}
const CHANGES = new Map(ZONES.map((zone) => [zone, changesOf(zone)]));

it("the zones under test really change offset 2 times a year (the DST cases are real)", () => {
  for (const zone of ZONES)
    expect(CHANGES.get(zone)?.length, zone).toBe(zone === "Asia/Kolkata" ? 3 : 6);
});

/**
 * A zone and an instant near one of its offset changes: anywhere within three days, or within
 * 90 minutes of the change's time of day on a nearby day (so that whole days added to it, or
 * counted from it, land in the skipped or repeated wall-clock hour).
 */
const nearChange = fc.constantFrom(...ZONES).chain((zone) =>
  fc.record({
    zone: fc.constant(zone),
    ms: fc
      .tuple(
        fc.constantFrom(...(CHANGES.get(zone) ?? [])),
        fc.oneof(
          fc.integer({ min: -3 * DAY, max: 3 * DAY }),
          fc
            .tuple(
              fc.integer({ min: -5, max: 5 }),
              fc.integer({ min: -90 * MINUTE, max: 90 * MINUTE }),
            )
            .map(([days, shift]) => days * DAY + shift),
        ),
      )
      .map(([change, shift]) => change + shift),
  }),
);

// NOSHOW_TIME_PROP_RUNS scales the main properties (a quick local pass, or a long hunt).
const RUNS = Number(process.env.NOSHOW_TIME_PROP_RUNS ?? 2000);
const LONG = { timeout: Math.max(20_000, RUNS * 3) };

/** Whether the wall-clock time of `ms` in `zone` happens twice (the hour repeated as DST ends). */
function repeats(ms: number, zone: string): boolean {
  const offset = (at: number) => Math.round(tzOffset(zone, new Date(at)) * 60) * 1000;
  const wall = ms + offset(ms);
  return [offset(ms - 3 * HOUR), offset(ms + 3 * HOUR)].some(
    (other) => wall - other !== ms && offset(wall - other) === other,
  );
}

/** A gap: whole 24-hour days (which a DST change splits), hours, minutes, seconds or ms. */
const gap = fc.oneof(
  fc.integer({ min: 0, max: 40 }).map((days) => days * DAY),
  fc.integer({ min: 0, max: 72 * 60 }).map((minutes) => minutes * MINUTE),
  fc.integer({ min: 0, max: 90_000 }).map((seconds) => seconds * 1000),
  fc.integer({ min: 0, max: 5000 }),
);

const duration: fc.Arbitrary<Duration> = fc.oneof(
  fc.record({ days: fc.integer({ min: 0, max: 60 }) }),
  fc.record({ hours: fc.integer({ min: 0, max: 200 }) }),
  fc.record({ weeks: fc.integer({ min: 0, max: 8 }), days: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ months: fc.integer({ min: 0, max: 13 }) }),
  fc.record(
    {
      days: fc.integer({ min: 0, max: 30 }),
      hours: fc.integer({ min: 0, max: 47 }),
      minutes: fc.integer({ min: 0, max: 59 }),
      seconds: fc.integer({ min: 0, max: 59 }),
    },
    { requiredKeys: [] },
  ),
);

const iso = (ms: number) => new Date(ms).toISOString();

/** Runs `compute` with the process in zone `host` (Node applies a runtime TZ change). */
function onHost<T>(host: string, compute: () => T): T {
  const saved = process.env.TZ;
  process.env.TZ = host;
  try {
    return compute();
  } finally {
    process.env.TZ = saved;
  }
}

function words(a: number, b: number, split: (from: number, to: number) => Duration): string {
  const [from, to] = a <= b ? [a, b] : [b, a];
  if (to - from > 0 && to - from < 1000) return "less than a second";
  return formatDuration(split(from, to), { zero: false }) || "0 seconds";
}

/** Plain date-fns on a server whose TZ is the campaign zone: what describeElapsed promises. */
const elapsedOnZoneServer = (a: number, b: number, zone: string) =>
  onHost(zone, () =>
    words(a, b, (from, to) => intervalToDuration({ start: new Date(from), end: new Date(to) })),
  );

/** date-fns with the zone explicit on TZDates, computed on a server in `host`. */
const elapsedWithTz = (a: number, b: number, zone: string, host: string) =>
  onHost(host, () =>
    words(a, b, (from, to) =>
      intervalToDuration(
        { start: new TZDate(from, zone), end: new TZDate(to, zone) },
        { in: tz(zone) },
      ),
    ),
  );

/** The wall clock of `ms` in `zone`, read from Intl (independent of date-fns). */
function wallClock(ms: number, zone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(ms)
      .map((part) => [part.type, part.value]),
  );
  const [year, month, day, hour, minute, second] = [
    "year",
    "month",
    "day",
    "hour",
    "minute",
    "second",
  ].map((type) => Number(parts[type]));
  const asUtc = Date.UTC(
    year ?? 0,
    (month ?? 1) - 1,
    day ?? 1,
    hour ?? 0,
    minute ?? 0,
    second ?? 0,
  );
  return {
    date: Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1),
    offsetMinutes: Math.round((asUtc - Math.floor(ms / 1000) * 1000) / MINUTE),
    parts,
  };
}

/** `formatInstant`'s promised form, built from Intl alone. */
function formatWithIntl(ms: number, zone: string): string {
  const { parts, offsetMinutes } = wallClock(ms, zone);
  const abs = Math.abs(offsetMinutes);
  const offset = `${offsetMinutes < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  const seconds = parts.second === "00" ? "" : `:${parts.second}`;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}${seconds} ${offset}`;
}

describe("describeElapsed counts days in the campaign zone", () => {
  it("3 calendar days across the New York DST change read 3 days on any host (README example)", () => {
    // 2026-03-07 12:00 EST → 2026-03-10 12:00 EDT: 71 elapsed hours.
    expect(
      describeElapsed("2026-03-07T17:00:00.000Z", "2026-03-10T16:00:00.000Z", "America/New_York"),
    ).toBe("3 days");
    // The same instants seen from UTC really are 2 days 23 hours: the zone is what decides.
    expect(describeElapsed("2026-03-07T17:00:00.000Z", "2026-03-10T16:00:00.000Z", "UTC")).toBe(
      "2 days 23 hours",
    );
    expect(
      describeElapsed("2026-10-31T16:00:00.000Z", "2026-11-01T17:00:00.000Z", "America/New_York"),
    ).toBe("1 day");
  });

  it("never overshoots a month: 30 October 00:34 → 30 November 00:04 is not 1 month -30 minutes", () => {
    // date-fns intervalToDuration counts a month ending on a month's last day as whole.
    expect(
      describeElapsed("2026-10-30T04:34:00.000Z", "2026-11-30T05:04:00.000Z", "America/New_York"),
    ).toBe("30 days 23 hours 30 minutes");
    expect(describeElapsed("2026-01-31T00:00:00.000Z", "2026-02-28T00:00:00.000Z", "UTC")).toBe(
      "1 month",
    );
    expect(describeElapsed("2024-02-29T12:00:00.000Z", "2025-02-28T12:00:00.000Z", "UTC")).toBe(
      "1 year",
    );
    expect(
      describeElapsed("-271821-04-20T00:00:00.000Z", "+275760-09-13T00:00:00.000Z", "UTC"),
    ).toBe("547581 years 4 months 24 days");
  });

  it("an unknown end is an unknown time, not a duration", () => {
    expect(describeElapsed("2026-03-01T10:00", "2026-03-02T10:00:00.000Z", "UTC")).toBe(
      "an unknown time",
    );
  });

  it(
    `equals plain date-fns on a server in the campaign zone, around DST changes (${RUNS} runs)`,
    LONG,
    () => {
      let compared = 0;
      fc.assert(
        fc.property(nearChange, gap, fc.boolean(), ({ zone, ms }, length, backwards) => {
          const [start, end] = backwards ? [ms + length, ms] : [ms, ms + length];
          const expected = elapsedOnZoneServer(start, end, zone);
          // date-fns compares wall clocks, and an instant in the repeated hour is read as the other
          // one with the same wall time: one second there can come out as "-1 years 11 months 30
          // days 24 hours 1 second". Ours is checked there by the round trip below.
          fc.pre(!repeats(start, zone) && !repeats(end, zone) && !expected.includes("-"));
          compared++;
          expect(describeElapsed(iso(start), iso(end), zone)).toBe(expected);
        }),
        { numRuns: RUNS },
      );
      expect(compared).toBeGreaterThan(RUNS * 0.75);
    },
  );

  it(
    `equals date-fns with { in: tz(zone) } on TZDates wherever that is host-independent (${RUNS} runs)`,
    LONG,
    () => {
      let compared = 0;
      fc.assert(
        fc.property(nearChange, gap, ({ zone, ms }, length) => {
          const onUtc = elapsedWithTz(ms, ms + length, zone, "UTC");
          const onZone = elapsedWithTz(ms, ms + length, zone, zone);
          // @date-fns/tz resolves skipped and repeated wall times through the host zone.
          fc.pre(onUtc === onZone && !repeats(ms, zone) && !repeats(ms + length, zone));
          fc.pre(!onUtc.includes("-"));
          compared++;
          expect(describeElapsed(iso(ms), iso(ms + length), zone)).toBe(onUtc);
        }),
        { numRuns: RUNS },
      );
      expect(compared).toBeGreaterThan(RUNS / 2);
    },
  );

  it(
    `adding the words back to start gives end, repeated and skipped hours included (${RUNS} runs)`,
    LONG,
    () => {
      const UNITS = ["year", "month", "week", "day", "hour", "minute", "second"] as const;
      fc.assert(
        fc.property(nearChange, gap, ({ zone, ms }, length) => {
          const text = describeElapsed(iso(ms), iso(ms + length), zone);
          fc.pre(text !== "less than a second");
          const amounts: Duration = {};
          for (const [, count, unit] of text.matchAll(
            /(\d+) (year|month|week|day|hour|minute|second)s?/g,
          ))
            amounts[`${unit as (typeof UNITS)[number]}s`] = Number(count);
          expect(text).toMatch(/^(\d+ [a-z]+( |$))+$/);
          const back = toMillis(addDuration(iso(ms), amounts, zone));
          // Whole seconds are described; the milliseconds under them are not.
          expect(ms + length - back).toBeGreaterThanOrEqual(0);
          expect(ms + length - back).toBeLessThan(1000);
        }),
        { numRuns: RUNS },
      );
    },
  );

  it("the same local wall time k days later is exactly k days, whatever the DST change did", () => {
    fc.assert(
      fc.property(
        nearChange,
        fc.integer({ min: 1, max: 27 }),
        fc.integer({ min: 9, max: 20 }),
        ({ zone, ms }, days, hour) => {
          // Noon-ish local times exist on every day (no DST change happens between 09 and 20).
          const { parts } = wallClock(ms, zone);
          const [year, month, day] = [parts.year, parts.month, parts.day].map(Number) as [
            number,
            number,
            number,
          ];
          fc.pre(day <= 28);
          const start = TZDate.tz(zone, year, month - 1, day, hour).getTime();
          const end = TZDate.tz(zone, year, month - 1, day + days, hour).getTime();
          expect(describeElapsed(iso(start), iso(end), zone)).toBe(
            days === 1 ? "1 day" : `${days} days`,
          );
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("does not depend on how the instants are written (offsets, precision)", () => {
    expect(
      describeElapsed("2026-03-07T12:00:00-05:00", "2026-03-10T12:00:00-04:00", "America/New_York"),
    ).toBe(
      describeElapsed("2026-03-07T17:00:00.000Z", "2026-03-10T16:00:00.000Z", "America/New_York"),
    );
  });
});

describe("addDuration adds calendar units in the campaign zone", () => {
  it(`equals plain date-fns add on a server in the campaign zone (${RUNS} runs)`, LONG, () => {
    fc.assert(
      fc.property(nearChange, duration, ({ zone, ms }, amount) => {
        const expected = onHost(zone, () => add(new Date(ms), amount).toISOString());
        expect(addDuration(iso(ms), amount, zone)).toBe(expected);
      }),
      { numRuns: RUNS },
    );
  });

  it(
    `equals date-fns add with { in: tz(zone) } wherever that is host-independent (${RUNS} runs)`,
    LONG,
    () => {
      let compared = 0;
      fc.assert(
        fc.property(nearChange, duration, ({ zone, ms }, amount) => {
          const addWithTz = (host: string) =>
            onHost(host, () => iso(add(new TZDate(ms, zone), amount, { in: tz(zone) }).getTime()));
          const onUtc = addWithTz("UTC");
          const onZone = addWithTz(zone);
          fc.pre(onUtc === onZone);
          compared++;
          expect(addDuration(iso(ms), amount, zone)).toBe(onUtc);
        }),
        { numRuns: RUNS },
      );
      expect(compared).toBeGreaterThan(RUNS / 2);
    },
  );

  it("a skipped wall time moves forward by the gap, a repeated one is its earlier instant", () => {
    // New York, 2026-03-07 02:30 EST + 1 day: 02:30 does not exist on the 8th → 03:30 EDT.
    expect(addDuration("2026-03-07T07:30:00.000Z", { days: 1 }, "America/New_York")).toBe(
      "2026-03-08T07:30:00.000Z",
    );
    // London, 2026-10-23 01:59:59.999 BST + 2 days: 01:59:59.999 happens twice on the 25th.
    expect(addDuration("2026-10-23T00:59:59.999Z", { days: 2 }, "Europe/London")).toBe(
      "2026-10-25T00:59:59.999Z",
    );
    // Lord Howe skips 02:00–02:30: 2026-10-03 02:15 +10:30 + 1 day → 2026-10-04 02:45 +11:00.
    expect(addDuration("2026-10-02T15:45:00.000Z", { days: 1 }, "Australia/Lord_Howe")).toBe(
      "2026-10-03T15:45:00.000Z",
    );
    expect(
      describeElapsed("2026-10-23T00:59:59.999Z", "2026-10-25T00:59:59.999Z", "Europe/London"),
    ).toBe("2 days");
  });

  it("days move the local calendar date by exactly that many days; hours are elapsed hours", () => {
    fc.assert(
      fc.property(
        nearChange,
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 200 }),
        ({ zone, ms }, days, hours) => {
          const later = toMillis(addDuration(iso(ms), { days }, zone));
          expect(wallClock(later, zone).date - wallClock(ms, zone).date).toBe(days * DAY);
          expect(toMillis(addDuration(iso(ms), { hours }, zone))).toBe(ms + hours * HOUR);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("formatInstant renders in the campaign zone", () => {
  it(`equals a rendering built from Intl alone, around DST changes (${RUNS} runs)`, LONG, () => {
    fc.assert(
      fc.property(nearChange, fc.integer({ min: 0, max: 59_999 }), ({ zone, ms }, extra) => {
        const at = Math.floor(ms / MINUTE) * MINUTE + extra;
        expect(formatInstant(iso(at), zone)).toBe(formatWithIntl(at, zone));
      }),
      { numRuns: RUNS },
    );
  });

  it("equals date-fns format with { in: tz(zone) } on TZDates, historical offsets included", () => {
    const zones = Intl.supportedValuesOf("timeZone");
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(1800, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.boolean(),
        (zone, ms, whole) => {
          const at = whole ? Math.floor(ms / MINUTE) * MINUTE : ms;
          // @date-fns/tz reads offsets between -01:00 and 00:00 as positive (date-fns/date-fns#4279);
          // the library corrects them, and the Intl-only test above covers those instants.
          fc.pre(!westOfGreenwichWithinAnHour(zone, at));
          const date = new TZDate(at, zone);
          const pattern =
            date.getSeconds() === 0 ? "yyyy-MM-dd HH:mm xxx" : "yyyy-MM-dd HH:mm:ss xxx";
          expect(formatInstant(iso(at), zone)).toBe(format(date, pattern, { in: tz(zone) }));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("keeps the sign of an offset between -01:00 and 00:00, which @date-fns/tz drops", () => {
    // Monrovia was on GMT-00:44:30 until 1972, Lisbon and Abidjan on local mean time until 1912.
    expect(formatInstant("1960-01-01T12:00:00.000Z", "Africa/Monrovia")).toBe(
      "1960-01-01 11:15:30 -00:44",
    );
    expect(formatInstant("1911-06-01T12:00:00.000Z", "Europe/Lisbon")).toBe(
      "1911-06-01 11:23:15 -00:36",
    );
    expect(formatInstant("1911-12-31T23:59:52.000Z", "Africa/Abidjan")).toBe(
      "1911-12-31 23:43:44 -00:16",
    );
    // 30 calendar days across Lisbon's 1912 change from -00:36:45 to UTC end at the same wall
    // time, 11:23:15, now UTC (read as +00:36:45, it would be 12:36:45 UTC).
    expect(addDuration("1911-12-10T12:00:00.000Z", { days: 30 }, "Europe/Lisbon")).toBe(
      "1912-01-09T11:23:15.000Z",
    );
  });

  it("returns what is not an instant as given, never a RangeError", () => {
    for (const text of ["feed", "2026-03-01T10:00", "", "2026-02-30T10:00:00.000Z"])
      expect(formatInstant(text, "Asia/Seoul")).toBe(text);
  });

  it("shows the zone's own offset on both sides of a change", () => {
    expect(formatInstant("2026-04-04T13:59:00.000Z", "Pacific/Chatham")).toBe(
      "2026-04-05 03:44 +13:45",
    );
    expect(formatInstant("2026-04-04T14:00:00.000Z", "Pacific/Chatham")).toBe(
      "2026-04-05 02:45 +12:45",
    );
    // Lord Howe moves 30 minutes: 01:59 +10:30, then 02:30 +11:00.
    expect(formatInstant("2026-10-03T15:29:00.000Z", "Australia/Lord_Howe")).toBe(
      "2026-10-04 01:59 +10:30",
    );
    expect(formatInstant("2026-10-03T15:30:00.000Z", "Australia/Lord_Howe")).toBe(
      "2026-10-04 02:30 +11:00",
    );
  });
});

describe("the same results under any process TZ", () => {
  const original = process.env.TZ;
  afterEach(() => {
    process.env.TZ = original;
  });

  const HOST_ZONES = ["UTC", "America/Los_Angeles", "Pacific/Chatham", "Asia/Kolkata"];

  it("Node applies a TZ set at runtime (else the next test would prove nothing)", () => {
    process.env.TZ = "Pacific/Chatham";
    expect(new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset()).toBe(-825);
    process.env.TZ = "America/Los_Angeles";
    expect(new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset()).toBe(480);
  });

  it("describeElapsed, addDuration and formatInstant agree across host zones (300 runs)", () => {
    fc.assert(
      fc.property(nearChange, gap, duration, ({ zone, ms }, length, amount) => {
        const results = HOST_ZONES.map((host) => {
          process.env.TZ = host;
          return [
            describeElapsed(iso(ms), iso(ms + length), zone),
            addDuration(iso(ms), amount, zone),
            formatInstant(iso(ms + length), zone),
          ];
        });
        for (const result of results) expect(result).toEqual(results[0]);
      }),
      { numRuns: 300 },
    );
  });
});

describe("a string without an offset is never an instant", () => {
  it("toMillis and looksLikeInstant reject offset-less and date-only strings", () => {
    for (const text of [
      "2026-03-01T10:00",
      "2026-03-01T10:00:00",
      "2026-03-01T10:00:00.000",
      "2026-03-01",
      "2026-03-01T10:00 call",
      "2026-03-01T10:00:00.000Z call",
      "",
    ]) {
      expect(toMillis(text), text).toBeNaN();
      expect(looksLikeInstant(text), text).toBe(false);
      expect(isCanonicalInstant(text), text).toBe(false);
    }
  });

  it("accepts every offset form and reads them as the same instant", () => {
    const forms = [
      "2026-03-01T10:00:00.000Z",
      "2026-03-01T10:00:00Z",
      "2026-03-01T10:00Z",
      "2026-03-01T15:30:00+05:30",
      "2026-03-01T15:30:00+0530",
      "2026-03-01T05:00:00-05",
      "2026-03-01T10:00:00,000Z",
    ];
    for (const form of forms) {
      expect(looksLikeInstant(form), form).toBe(true);
      expect(toMillis(form), form).toBe(Date.UTC(2026, 2, 1, 10));
    }
    expect(forms.filter(isCanonicalInstant)).toEqual(["2026-03-01T10:00:00.000Z"]);
  });

  it("the canonical fast path agrees with date-fns, impossible dates included (3000 runs)", () => {
    const digits = (width: number, max: number) =>
      fc.integer({ min: 0, max }).map((value) => String(value).padStart(width, "0"));
    fc.assert(
      fc.property(
        fc.tuple(
          digits(4, 9999),
          digits(2, 13),
          digits(2, 32),
          digits(2, 25),
          digits(2, 61),
          digits(2, 61),
          digits(3, 999),
        ),
        ([year, month, day, hour, minute, second, millis]) => {
          const text = `${year}-${month}-${day}T${hour}:${minute}:${second}.${millis}Z`;
          expect(toMillis(text)).toBe(parseISO(text).getTime());
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("every Date's toISOString is canonical and round-trips through toMillis and toUtc", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("0000-01-01T00:00:00Z"),
          max: new Date("9999-12-31T23:59:59.999Z"),
          noInvalidDate: true,
        }),
        (date) => {
          const text = date.toISOString();
          expect(isCanonicalInstant(text)).toBe(true);
          expect(toMillis(text)).toBe(date.getTime());
          expect(toUtc(text)).toBe(text);
          expect(toUtc(date)).toBe(text);
        },
      ),
    );
  });
});

describe("free text shaped like an instant is rendered as written", () => {
  const FREE_TEXT = [
    "2026-03-01T10:00 call",
    "2026-03-08T02:30:00",
    "2026-03-08T02:30:00.000",
    "moved to 2026-04-05T02:15:00.000Z",
    "2026-03-01T10:00:00.000Z and later",
    // An instant with an offset that the library did not write stays as given too.
    "2026-03-01T19:00:00+09:00",
  ];

  it("renderValue quotes it, and renders only the canonical form as an instant", () => {
    for (const text of FREE_TEXT) expect(renderValue(text, "Asia/Seoul")).toBe(text);
    expect(renderValue("2026-03-01T10:00:00.000Z", "Asia/Seoul")).toBe("2026-03-01 19:00 +09:00");
    expect(renderValue("2026-02-30T10:00:00.000Z", "Asia/Seoul")).toBe("2026-02-30T10:00:00.000Z");
    expect(renderValue(["2026-03-01T10:00 call", "2026-03-01T10:00:00.000Z"], "UTC")).toBe(
      "2026-03-01T10:00 call, 2026-03-01 10:00 +00:00",
    );
  });

  it("an extension reason or impact note keeps its text in a sentence", () => {
    const facts = {
      deliverable: { extensionReason: "2026-03-01T10:00 call", dueAt: "2026-03-01T01:00:00.000Z" },
      campaign: { impactNote: "lost the 2026-03-08T02:30 slot" },
    };
    expect(
      renderTemplate(
        "Extended ({deliverable.extensionReason}) to {deliverable.dueAt}; {campaign.impactNote}.",
        facts,
        "Asia/Seoul",
      ),
    ).toBe(
      "Extended (2026-03-01T10:00 call) to 2026-03-01 10:00 +09:00; lost the 2026-03-08T02:30 slot.",
    );
  });

  it("a return address shaped like an instant reaches the verdict verbatim (Refluenced)", async () => {
    // The no-show example asks for the product back, quoting the return address.
    const scenario = refluencedScenarios.find((entry) => entry.title.startsWith("no-show"));
    if (!scenario) throw new Error("the Refluenced return example is missing");
    const address = "2026-03-01T10:00 pickup, Torstraße 1";
    const verdict = await evaluate(scenario.facts, refluenced({ returnAddress: address }), {
      asOf: scenario.asOf,
    });
    const notes = verdict.sanctions.map((sanction) => sanction.note ?? "").join("\n");
    expect(notes).toContain(`to ${address}.`);
  });
});
