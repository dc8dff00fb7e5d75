/**
 * The fast instant path of `src/core/time.ts` equals date-fns and @date-fns/tz, which define the
 * arithmetic (issue 9, point 4). Each fast piece is held to the very computation it replaces,
 * written here with date-fns alone:
 *
 * - `offsetAt` (offsets cached per zone and UTC hour) equals `tzOffset`, around every DST change
 *   of a dozen zones (30- and 45-minute offsets, a change at midnight, negative DST, historical
 *   offsets with seconds), on first use and from the cache, in the facts' years and at the edges;
 * - `toMillis` (a hand parser for `YYYY-MM-DDTHH:mm:ss[.f…](Z|±hh:mm)`) equals `Date.parse` on
 *   the canonical form and date-fns `parseISO` on every other, fractional seconds of any length
 *   and impossible fields included, and `isCanonicalInstant`/`toUtc` follow;
 * - `formatInstant` (read off `toISOString` of the wall clock) equals date-fns `format` with the
 *   `tzOffset` wall clock, year 0001 to 9999;
 * - `addCalendarFields` (months and days on the wall clock) equals date-fns `add`;
 * - `describeDuration` equals date-fns `formatDuration`;
 * - `isoString` equals `Date#toISOString`, and `parseIsoMillis` equals `parseISO(…).getTime()`.
 *
 * The process TZ is UTC here (vitest config), so date-fns's local getters read UTC fields: the
 * wall clock date-fns is given in `src/core/time.ts` (its `WallClock`) behaves the same.
 */
import { tzOffset as dateFnsTzOffset, tzScan } from "@date-fns/tz";
import { add, type Duration, format, formatDuration, parseISO } from "date-fns";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addCalendarFields,
  addDuration,
  canonicalMillis,
  describeDuration,
  formatInstant,
  formatMillis,
  isCanonicalInstant,
  isoString,
  offsetAt,
  parseIsoMillis,
  toMillis,
  toUtc,
} from "../src/core/time.js";
import { FACTS_YEARS } from "../src/facts/schema.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const RUNS = Number(process.env.NOSHOW_TIME_PROP_RUNS ?? 2000);
const LONG = { timeout: Math.max(30_000, RUNS * 10) };

// DST in both hemispheres, a 30-minute DST (Lord Howe), 45-minute offsets (Chatham), a change at
// midnight (Santiago), negative DST (Dublin), Ramadan changes (Casablanca), a 2-hour DST (Troll),
// no DST now but some in the past (Seoul, Kolkata), and +14:00 (Kiritimati).
const ZONES = [
  "America/New_York",
  "Europe/Berlin",
  "Australia/Lord_Howe",
  "America/Santiago",
  "Asia/Seoul",
  "Pacific/Chatham",
  "Europe/London",
  "Europe/Dublin",
  "Africa/Casablanca",
  "Antarctica/Troll",
  "Asia/Kolkata",
  "Pacific/Kiritimati",
  "UTC",
] as const;

it("the process runs in UTC (date-fns's local fields are then UTC fields)", () => {
  expect(new Date(0).getTimezoneOffset()).toBe(0);
  expect(process.env.TZ).toBe("UTC");
});

/** Every offset change of `zone` in a few spans of years (epoch ms). */
function changesOf(zone: string): number[] {
  const spans: Array<[string, string]> = [
    ["1880-01-01", "1925-01-01"],
    ["1940-01-01", "1950-01-01"],
    ["1985-01-01", "1990-01-01"],
    ["2024-01-01", "2029-01-01"],
    ["2099-01-01", "2101-01-01"],
  ];
  return spans.flatMap(([start, end]) =>
    tzScan(zone, { start: new Date(`${start}T00:00:00Z`), end: new Date(`${end}T00:00:00Z`) }).map(
      (change) => change.date.getTime(),
    ),
  );
}
const CHANGES = new Map(ZONES.map((zone) => [zone, changesOf(zone)]));

it("the zones under test really change offset, in the past and now (the DST cases are real)", () => {
  for (const zone of ZONES) {
    const changes = CHANGES.get(zone) ?? [];
    if (zone === "UTC") expect(changes).toEqual([]);
    else expect(changes.length, zone).toBeGreaterThan(0);
  }
  // Now: two changes a year in the DST zones (Lord Howe's is 30 minutes).
  const now = (zone: string) =>
    tzScan(zone, {
      start: new Date("2026-01-01T00:00:00Z"),
      end: new Date("2027-01-01T00:00:00Z"),
    });
  for (const zone of ["America/New_York", "Europe/Berlin", "America/Santiago", "Pacific/Chatham"])
    expect(now(zone).length, zone).toBe(2);
  expect(now("Australia/Lord_Howe").map((change) => Math.abs(change.change))).toEqual([30, 30]);
});

const YEAR_MIN = Date.UTC(FACTS_YEARS.min, 0, 1);
const YEAR_MAX = Date.UTC(FACTS_YEARS.max + 1, 0, 1) - 1;
const EDGES = [
  Date.UTC(1, 0, 1),
  -62_135_596_800_000 + 1,
  Date.parse("0000-01-01T00:00:00.000Z"),
  YEAR_MIN,
  YEAR_MAX,
  Date.parse("9999-12-31T23:59:59.999Z"),
  0,
];

/**
 * An instant of `zone`: near one of its offset changes (within three days, or within 90 minutes
 * of the change on a nearby day, or exactly at it ± a few ms), anywhere in the facts' years, or
 * at an edge year.
 */
const zoned = fc.constantFrom(...ZONES).chain((zone) => {
  const changes = CHANGES.get(zone) ?? [];
  const near =
    changes.length === 0
      ? fc.integer({ min: YEAR_MIN, max: YEAR_MAX })
      : fc
          .tuple(
            fc.constantFrom(...changes),
            fc.oneof(
              fc.integer({ min: -3 * DAY, max: 3 * DAY }),
              fc
                .tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: -90, max: 90 }))
                .map(([days, minutes]) => days * DAY + minutes * MINUTE),
              fc.integer({ min: -2000, max: 2000 }),
            ),
          )
          .map(([change, shift]) => change + shift);
  return fc.record({
    zone: fc.constant(zone),
    ms: fc.oneof(
      { weight: 6, arbitrary: near },
      { weight: 2, arbitrary: fc.integer({ min: YEAR_MIN, max: YEAR_MAX }) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom(...EDGES), fc.integer({ min: -2 * DAY, max: 2 * DAY }))
          .map(([edge, shift]) => edge + shift),
      },
    ),
  });
});

/** What `offsetAt` replaces: @date-fns/tz's offset, in whole seconds, as ms. */
/**
 * The oracle: @date-fns/tz's `tzOffset`, with the sign of an offset between -01:00 and 00:00 taken
 * from Intl's own text, since tzOffset drops it ("GMT-00:44:30" reads +44.5: date-fns/date-fns#4279).
 */
function tzOffset(zone: string, date: Date): number {
  const minutes = dateFnsTzOffset(zone, date);
  if (!(minutes > 0 && minutes < 60)) return minutes;
  const text = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    timeZoneName: "longOffset",
  }).format(date);
  return text.includes("GMT-00:") ? -minutes : minutes;
}

const tzOffsetMs = (zone: string, ms: number) =>
  Math.round(tzOffset(zone, new Date(ms)) * 60) * 1000;

describe("offsetAt equals tzOffset", () => {
  it(`around DST changes, in the facts' years and at the edges (${RUNS} runs)`, LONG, () => {
    fc.assert(
      fc.property(zoned, ({ zone, ms }) => {
        const expected = tzOffsetMs(zone, ms);
        // Twice: the first call may fill the cache, the second reads it.
        expect(offsetAt(zone, ms)).toBe(expected);
        expect(offsetAt(zone, ms)).toBe(expected);
      }),
      { numRuns: RUNS },
    );
  });

  it("at every millisecond-exact change instant, from either side, on a filled cache", () => {
    for (const zone of ZONES) {
      for (const change of CHANGES.get(zone) ?? []) {
        // Fill the hours around the change first, then ask the edges.
        for (let shift = -3 * HOUR; shift <= 3 * HOUR; shift += 15 * MINUTE)
          offsetAt(zone, change + shift);
        for (const shift of [-HOUR, -1000, -1, 0, 1, 999, 1000, HOUR - 1, HOUR]) {
          expect(offsetAt(zone, change + shift), `${zone} ${change} ${shift}`).toBe(
            tzOffsetMs(zone, change + shift),
          );
        }
      }
    }
  });

  it("keeps historical offsets with seconds (local mean time) exact", () => {
    // New York's local mean time was -4:56:02 until 1883-11-18 12:03:58 LMT.
    const change = Date.UTC(1883, 10, 18, 17, 0, 0);
    for (let shift = -HOUR; shift <= HOUR; shift += 7_001)
      expect(offsetAt("America/New_York", change + shift)).toBe(
        tzOffsetMs("America/New_York", change + shift),
      );
    expect(offsetAt("America/New_York", change - DAY)).toBe(-(4 * 3600 + 56 * 60 + 2) * 1000);
  });

  it("answers an invalid instant or an unknown zone as tzOffset does (NaN), without caching it", () => {
    expect(offsetAt("Asia/Seoul", Number.NaN)).toBeNaN();
    expect(offsetAt("Asia/Seoul", 8.64e15 + 1)).toBeNaN();
    expect(offsetAt("Not/AZone", 0)).toBeNaN();
    expect(offsetAt("Not/AZone", 0)).toBeNaN();
    // The last valid hour: its end lies past Date's range, so it is asked directly.
    expect(offsetAt("Asia/Seoul", 8.64e15)).toBe(tzOffsetMs("Asia/Seoul", 8.64e15));
  });
});

// ---------------------------------------------------------------------------------------------
// Parsing

const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const WITH_OFFSET =
  /^(?:\d{4}|[+-]\d{6})-\d{2}-\d{2}T\d{2}(?::\d{2}(?::\d{2}(?:[.,]\d+)?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/;

/** What `toMillis` replaces: Date.parse on the canonical form (an impossible day refused), else parseISO. */
function referenceMillis(text: string): number {
  if (CANONICAL.test(text)) {
    const millis = Date.parse(text);
    const day = Number(text.slice(8, 10));
    return day > 28 && new Date(millis).getUTCDate() !== day ? Number.NaN : millis;
  }
  return WITH_OFFSET.test(text) ? parseISO(text).getTime() : Number.NaN;
}

const pad = (value: number, width: number) => String(value).padStart(width, "0");

/** Instant strings as they come: any fields (some impossible), fractions, offsets. */
const instantText = fc
  .record({
    year: fc.oneof(
      fc.integer({ min: FACTS_YEARS.min, max: FACTS_YEARS.max }),
      fc.constantFrom(0, 1, 99, 100, 999, 1000, 1600, 1900, 2000, 2024, 2100, 8999, 9999),
    ),
    month: fc.oneof(
      { weight: 9, arbitrary: fc.integer({ min: 1, max: 12 }) },
      fc.constantFrom(0, 13, 99),
    ),
    day: fc.oneof(
      { weight: 9, arbitrary: fc.integer({ min: 1, max: 31 }) },
      fc.constantFrom(0, 32, 99),
    ),
    hour: fc.oneof(
      { weight: 9, arbitrary: fc.integer({ min: 0, max: 23 }) },
      fc.constantFrom(24, 25, 99),
    ),
    minute: fc.oneof(
      { weight: 9, arbitrary: fc.integer({ min: 0, max: 59 }) },
      fc.constantFrom(60, 99),
    ),
    second: fc.oneof(
      { weight: 9, arbitrary: fc.integer({ min: 0, max: 59 }) },
      fc.constantFrom(60, 99),
    ),
    fraction: fc.oneof(
      fc.constant(""),
      fc.stringMatching(/^\.\d{3}$/),
      fc.stringMatching(/^[.,]\d{1,12}$/),
      fc.constant("."),
    ),
    zone: fc.oneof(
      fc.constant("Z"),
      fc
        .tuple(
          fc.constantFrom("+", "-"),
          fc.oneof(fc.integer({ min: 0, max: 14 }), fc.constantFrom(23, 99)),
          fc.oneof(fc.constantFrom(0, 30, 45), fc.integer({ min: 0, max: 59 }), fc.constant(60)),
          fc.constantFrom(":", ":", ""),
        )
        .map(([sign, hh, mm, colon]) => `${sign}${pad(hh, 2)}${colon}${pad(mm, 2)}`),
      fc.constantFrom("", "z", "+09", " ", "Z ", "+09:00 call"),
    ),
    separator: fc.constantFrom("T", "T", "T", " ", "t"),
  })
  .map(
    (f) =>
      `${pad(f.year, 4)}-${pad(f.month, 2)}-${pad(f.day, 2)}${f.separator}${pad(f.hour, 2)}:${pad(f.minute, 2)}:${pad(f.second, 2)}${f.fraction}${f.zone}`,
  );

/** Instants the library writes or reads most: toISOString of any time in the years, or with an offset. */
const wellFormed = fc
  .tuple(
    fc.integer({
      min: Date.parse("0000-01-01T00:00:00.000Z"),
      max: Date.parse("9999-12-31T23:59:59.999Z"),
    }),
    fc.constantFrom(0, 540, -300, 345, 765, -570, 840, -720),
    fc.constantFrom(0, 1, 2, 3, 6, 9),
  )
  .map(([ms, offset, digits]) => {
    const local = new Date(ms + offset * MINUTE).toISOString();
    if (offset === 0 && digits === 3) return local;
    const fraction =
      digits === 0
        ? ""
        : `.${local.slice(20, 23)}${"7".repeat(Math.max(0, digits - 3))}`.slice(0, digits + 1);
    const abs = Math.abs(offset);
    const zone =
      offset === 0
        ? "Z"
        : `${offset < 0 ? "-" : "+"}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
    return `${local.slice(0, 19)}${fraction}${zone}`;
  });

describe("toMillis equals Date.parse on the canonical form and parseISO on the others", () => {
  it(
    `on instants as they come, impossible fields and fractions included (${RUNS * 2} runs)`,
    LONG,
    () => {
      fc.assert(
        fc.property(fc.oneof(instantText, wellFormed), (text) => {
          expect(toMillis(text)).toStrictEqual(referenceMillis(text));
          if (!CANONICAL.test(text) && WITH_OFFSET.test(text))
            expect(toMillis(text)).toStrictEqual(parseISO(text).getTime());
        }),
        { numRuns: RUNS * 2 },
      );
    },
  );

  it("on arbitrary text (never throws, never an instant without an offset)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        expect(toMillis(text)).toStrictEqual(referenceMillis(text));
      }),
      { numRuns: RUNS },
    );
  });

  it("parseISO's floating-point seconds are kept, to the millisecond", () => {
    // 1.005 s is 1004.9999… ms in floating point: parseISO truncates it to 1004.
    for (const text of [
      "2026-03-01T10:00:01.005+09:00",
      "1969-12-31T23:59:59.0015Z",
      "2026-03-01T10:00:01.3333333Z",
    ])
      expect(toMillis(text), text).toBe(parseISO(text).getTime());
    expect(toMillis("2026-01-01T24:00:00.000Z")).toBe(Date.parse("2026-01-02T00:00:00.000Z"));
    expect(toMillis("2026-02-30T00:00:00.000Z")).toBeNaN();
    expect(toMillis("2026-02-30T00:00:00+09:00")).toBeNaN();
    expect(toMillis("2024-02-29T00:00:00+09:00")).toBe(Date.parse("2024-02-28T15:00:00Z"));
  });

  it(`isCanonicalInstant, canonicalMillis and toUtc follow (${RUNS} runs)`, LONG, () => {
    fc.assert(
      fc.property(fc.oneof(instantText, wellFormed), (text) => {
        const millis = referenceMillis(text);
        const canonical = CANONICAL.test(text) && !Number.isNaN(millis);
        expect(isCanonicalInstant(text)).toBe(canonical);
        expect(canonicalMillis(text)).toBe(canonical ? millis : undefined);
        // What canonicalMillis reads is what toISOString writes (facts/schema.ts relies on it).
        if (canonical) expect(new Date(millis).toISOString()).toBe(text);
        if (Number.isNaN(millis)) expect(() => toUtc(text)).toThrow(RangeError);
        else expect(toUtc(text)).toBe(new Date(millis).toISOString());
      }),
      { numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Rendering and calendar arithmetic

/** What `formatInstant` replaces: date-fns `format` of the tzOffset wall clock. */
function referenceFormat(text: string, zone: string): string {
  const millis = referenceMillis(text);
  if (Number.isNaN(millis)) return text;
  const offset = tzOffset(zone, new Date(millis));
  const wall = new Date(millis + Math.round(offset * 60) * 1000);
  const shown = format(wall, wall.getSeconds() === 0 ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd HH:mm:ss");
  const minutes = Math.trunc(offset);
  const abs = Math.abs(minutes);
  return `${shown} ${minutes < 0 ? "-" : "+"}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
}

describe("formatInstant equals date-fns format on the tzOffset wall clock", () => {
  it(`around DST changes, in the facts' years and at the edges (${RUNS} runs)`, LONG, () => {
    fc.assert(
      fc.property(zoned, fc.constantFrom(0, 0, 1, 999, 59_999), ({ zone, ms }, extra) => {
        const at = Math.floor(ms / MINUTE) * MINUTE + extra;
        fc.pre(Number.isFinite(new Date(at).getTime()) && Math.abs(at) <= 8.64e15);
        const text = new Date(at).toISOString();
        expect(formatInstant(text, zone)).toBe(referenceFormat(text, zone));
      }),
      { numRuns: RUNS },
    );
  });

  it("on instants with offsets and impossible ones", () => {
    fc.assert(
      fc.property(fc.oneof(instantText, wellFormed), fc.constantFrom(...ZONES), (text, zone) => {
        expect(formatInstant(text, zone)).toBe(referenceFormat(text, zone));
      }),
      { numRuns: RUNS },
    );
  });

  it("leaves the years date-fns writes its own way to date-fns", () => {
    // Year 0 on the wall clock (date-fns writes it 0001) and past 9999.
    expect(formatMillis(Date.parse("0000-06-01T00:00:00.000Z"), "UTC")).toBeUndefined();
    expect(formatInstant("0000-06-01T00:00:00.000Z", "UTC")).toBe("0001-06-01 00:00 +00:00");
    expect(formatInstant("9999-12-31T23:00:00.000Z", "Asia/Seoul")).toBe(
      referenceFormat("9999-12-31T23:00:00.000Z", "Asia/Seoul"),
    );
    expect(formatMillis(Date.parse("9999-12-31T23:00:00.000Z"), "Asia/Seoul")).toBeUndefined();
  });
});

const amount = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -40, max: 40 }) },
  { weight: 2, arbitrary: fc.integer({ min: -15_000, max: 15_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 0.5, -1.5, 2.75, Number.NaN, 1e9) },
);

describe("addCalendarFields equals date-fns add on the wall clock", () => {
  it(
    `for years, months, weeks and days, month ends and leap days included (${RUNS} runs)`,
    LONG,
    () => {
      const wall = fc.oneof(
        fc.integer({ min: -8.64e15, max: 8.64e15 }),
        // The last days of months (31 January + 1 month is 28 or 29 February).
        fc
          .tuple(
            fc.integer({ min: 1000, max: 8999 }),
            fc.integer({ min: 0, max: 11 }),
            fc.integer({ min: 0, max: DAY - 1 }),
          )
          .map(([year, month, time]) => {
            const date = new Date(0);
            date.setUTCFullYear(year, month + 1, 0);
            return date.getTime() + time;
          }),
        fc.constantFrom(...EDGES),
        fc.constantFrom(8.64e15, -8.64e15, Number.NaN),
      );
      fc.assert(
        fc.property(wall, amount, amount, amount, amount, (time, years, months, weeks, days) => {
          const expected = add(new Date(time), { years, months, weeks, days }).getTime();
          expect(addCalendarFields(time, years, months, weeks, days)).toStrictEqual(expected);
        }),
        { numRuns: RUNS },
      );
    },
  );

  it(
    `addDuration equals date-fns add on the tzOffset wall clock, across DST changes (${RUNS} runs)`,
    LONG,
    () => {
      const duration = fc.record(
        {
          years: fc.integer({ min: 0, max: 3 }),
          months: fc.integer({ min: 0, max: 14 }),
          weeks: fc.integer({ min: 0, max: 8 }),
          days: fc.integer({ min: 0, max: 60 }),
          hours: fc.integer({ min: 0, max: 200 }),
          minutes: fc.integer({ min: 0, max: 59 }),
          seconds: fc.integer({ min: 0, max: 59 }),
        },
        { requiredKeys: [] },
      );
      fc.assert(
        fc.property(zoned, duration, fc.boolean(), ({ zone, ms }, amounts, back) => {
          fc.pre(ms >= YEAR_MIN && ms <= YEAR_MAX);
          const signed = back
            ? (Object.fromEntries(
                Object.entries(amounts).map(([unit, value]) => [unit, -value]),
              ) as Duration)
            : amounts;
          const text = new Date(ms).toISOString();
          expect(addDuration(text, signed, zone)).toBe(referenceAdd(text, signed, zone));
        }),
        { numRuns: RUNS },
      );
    },
  );
});

/** The instant showing `wall` in `zone`, as `src/core/time.ts` defines it, on tzOffset directly. */
function referenceFromWall(wall: number, zone: string): number {
  const before = tzOffsetMs(zone, wall - DAY);
  const after = tzOffsetMs(zone, wall + DAY);
  if (before === after) return wall - before;
  const early = wall - before;
  const late = wall - after;
  const earlyShows = tzOffsetMs(zone, early) === before;
  const lateShows = tzOffsetMs(zone, late) === after;
  if (earlyShows && lateShows) return Math.min(early, late);
  if (lateShows) return late;
  return early;
}

/** What `addDuration` replaces: date-fns add on the tzOffset wall clock, back through the zone. */
function referenceAdd(text: string, duration: Duration, zone: string): string {
  const {
    years = 0,
    months = 0,
    weeks = 0,
    days = 0,
    hours = 0,
    minutes = 0,
    seconds = 0,
  } = duration;
  let millis = referenceMillis(text);
  if (years || months || weeks || days) {
    const wall = add(new Date(millis + tzOffsetMs(zone, millis)), { years, months, weeks, days });
    millis = referenceFromWall(wall.getTime(), zone);
  }
  return new Date(millis + ((hours * 60 + minutes) * 60 + seconds) * 1000).toISOString();
}

describe("describeDuration equals date-fns formatDuration", () => {
  it(`for any numbers, zero, negative and fractional ones included (${RUNS} runs)`, () => {
    const unit = fc.option(
      fc.oneof(
        fc.integer({ min: -3, max: 1000 }),
        fc.constantFrom(0, 1, 1.5, -1, Number.NaN, 1e21),
      ),
      { nil: undefined },
    );
    fc.assert(
      fc.property(
        fc.record(
          {
            years: unit,
            months: unit,
            weeks: unit,
            days: unit,
            hours: unit,
            minutes: unit,
            seconds: unit,
          },
          { requiredKeys: [] },
        ),
        (duration) => {
          expect(describeDuration(duration)).toBe(
            formatDuration(duration, { zero: false }) || "0 seconds",
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("leaves values that are not numbers to date-fns", () => {
    const odd = { days: "3" as unknown as number, hours: 2 };
    expect(describeDuration(odd)).toBe(formatDuration(odd as Duration, { zero: false }));
    expect(describeDuration({})).toBe("0 seconds");
  });
});

describe("isoString equals Date#toISOString", () => {
  it(`on any time value, the edges of four-digit years included (${RUNS * 5} runs)`, () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }),
          fc.integer({ min: -8.64e15, max: 8.64e15 }),
          fc
            .tuple(
              fc.constantFrom(...EDGES, 253_402_300_799_999, -62_167_219_200_000),
              fc.integer({ min: -2, max: 2 }),
            )
            .map(([edge, shift]) => edge + shift),
          fc.double({ min: -1e13, max: 1e13, noNaN: true }),
        ),
        (millis) => {
          expect(isoString(millis)).toBe(new Date(millis).toISOString());
        },
      ),
      { numRuns: RUNS * 5 },
    );
  });

  it("throws the native RangeError for what is no time", () => {
    expect(() => isoString(Number.NaN)).toThrow(RangeError);
    expect(() => isoString(8.64e15 + 1)).toThrow(RangeError);
  });
});

describe("parseIsoMillis equals date-fns parseISO", () => {
  it(`on instants as they come and on any text, canonical ones included (${RUNS * 2} runs)`, () => {
    fc.assert(
      fc.property(fc.oneof(instantText, wellFormed, fc.string({ maxLength: 30 })), (text) => {
        expect(parseIsoMillis(text)).toStrictEqual(parseISO(text).getTime());
      }),
      { numRuns: RUNS * 2 },
    );
    // Its floating-point seconds lose a millisecond near 1970 (1.005 s is 1004.999… ms), where
    // Date.parse does not: nextCheck keeps parseISO's answer, so parseIsoMillis must too.
    expect(parseIsoMillis("1970-01-01T00:00:01.005Z")).toBe(1004);
    expect(parseISO("1970-01-01T00:00:01.005Z").getTime()).toBe(1004);
    expect(Date.parse("1970-01-01T00:00:01.005Z")).toBe(1005);
  });
});
