/**
 * Instants and durations. Instants travel as ISO-8601 UTC strings; "days" are calendar days in
 * the campaign's time zone, hours are elapsed hours.
 *
 * Nothing here reads the host's zone or locale. date-fns splits and shifts calendar units in the
 * process `TZ` unless given a zone, and even `{ in: tz(zone) }` resolves a wall time that a DST
 * change skips or repeats through the host zone (`@date-fns/tz` writes fields with the native
 * local setters): 2026-10-23 01:59:59.999 BST + 2 days is 01:59:59.999 BST under `TZ=Europe/London`
 * but GMT under `TZ=UTC`. So calendar arithmetic runs on wall-clock fields held in UTC (no DST
 * there), and a wall time is turned into an instant here with one fixed rule, the one a server
 * in the campaign zone applies: a repeated wall time is its earlier instant, a skipped one moves
 * forward by the length of the gap. A string without an explicit offset is never an instant
 * (date-fns and `Date.parse` read it as host-local time).
 */
import { tzOffset } from "@date-fns/tz";
import { type Duration, format, formatDuration, parseISO } from "date-fns";

const DAY_MS = 86_400_000;

/**
 * A `Date` whose local fields are its UTC fields, so date-fns's calendar functions (which use
 * the local getters and setters) run on wall-clock values with no host zone involved.
 */
class WallClock extends Date {
  /** date-fns builds every intermediate date through this, so they stay wall clocks. */
  [Symbol.for("constructDateFrom")](value: Date | number | string): WallClock {
    return new WallClock(+new Date(value));
  }
  override getTimezoneOffset(): number {
    return 0;
  }
}
{
  const wall = WallClock.prototype as unknown as Record<string, unknown>;
  const native = Date.prototype as unknown as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(Date.prototype)) {
    const utc = name.replace(/^(get|set)(?!UTC)/, "$1UTC");
    if (utc !== name && typeof native[utc] === "function") wall[name] = native[utc];
  }
}

const wallClock = (value: unknown): WallClock => new WallClock(+(value as Date));

const LONG_OFFSET_FORMATS = new Map<string, Intl.DateTimeFormat>();

/**
 * `@date-fns/tz`'s `tzOffset` in minutes, with one correction: it drops the sign of an offset
 * between -01:00 and 00:00 ("GMT-00:44:30", Monrovia until 1972; local mean time west of
 * Greenwich), reading it as +44.5 (date-fns/date-fns#4279). Only a result in (0, 60) can be
 * affected, and for those the zone's own offset text decides the sign.
 */
function zoneOffsetMinutes(timeZone: string, date: Date): number {
  const minutes = tzOffset(timeZone, date);
  if (!(minutes > 0 && minutes < 60)) return minutes;
  let format = LONG_OFFSET_FORMATS.get(timeZone);
  if (format === undefined) {
    if (LONG_OFFSET_FORMATS.size >= MAX_CACHED_ZONES) LONG_OFFSET_FORMATS.clear();
    format = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
    LONG_OFFSET_FORMATS.set(timeZone, format);
  }
  return format.format(date).includes("GMT-") ? -minutes : minutes;
}

/** The zone's offset at an instant, in ms, from `@date-fns/tz` (historical offsets keep their seconds). */
function tzOffsetMs(timeZone: string, millis: number): number {
  return Math.round(zoneOffsetMinutes(timeZone, new Date(millis)) * 60) * 1000;
}

const HOUR_MS = 3_600_000;
/** A bucket whose two ends differ: a change happens inside it, so it is asked directly. */
const MIXED = Number.NaN;
/** The most zones, and hour buckets per zone, kept (a cache of zone data, cleared when full). */
const MAX_CACHED_ZONES = 512;
const MAX_CACHED_HOURS = 1 << 17;
/** Per zone, per hour since the epoch: the offset throughout that hour, or {@link MIXED}. */
const HOUR_OFFSETS = new Map<string, Map<number, number>>();

/**
 * The zone's offset at an instant, in ms: exactly {@link tzOffsetMs}, read from a cache of
 * whole UTC hours. An hour whose start and end show the same offset has that offset throughout,
 * since no zone changes its offset twice within one hour (changes are months apart; a single
 * change inside the hour makes its ends differ, and such an hour is always asked directly).
 * `test/time.fast.prop.test.ts` holds it equal to `tzOffset` around DST changes.
 *
 * @param timeZone - An IANA zone.
 * @param millis - The instant, in epoch ms.
 * @returns The offset in ms (`NaN` for an unknown zone or an invalid instant).
 */
export function offsetAt(timeZone: string, millis: number): number {
  let hours = HOUR_OFFSETS.get(timeZone);
  if (hours === undefined) {
    if (HOUR_OFFSETS.size >= MAX_CACHED_ZONES) HOUR_OFFSETS.clear();
    hours = new Map();
    HOUR_OFFSETS.set(timeZone, hours);
  }
  const hour = Math.floor(millis / HOUR_MS);
  let offset = hours.get(hour);
  if (offset === undefined) {
    // Not finite (an invalid instant): nothing to cache, and tzOffset answers it.
    if (!Number.isFinite(hour)) return tzOffsetMs(timeZone, millis);
    const start = tzOffsetMs(timeZone, hour * HOUR_MS);
    offset = start === tzOffsetMs(timeZone, (hour + 1) * HOUR_MS) ? start : MIXED;
    if (hours.size >= MAX_CACHED_HOURS) hours.clear();
    hours.set(hour, offset);
  }
  return Number.isNaN(offset) ? tzOffsetMs(timeZone, millis) : offset;
}

/** The wall-clock fields of an instant in `timeZone`, as the UTC fields of a number. */
function toWall(millis: number, timeZone: string): number {
  return millis + offsetAt(timeZone, millis);
}

/**
 * The instant showing `wall` on the clocks of `timeZone`: a repeated wall time (DST ends) is the
 * earlier instant, a skipped one (DST starts) is read with the offset from before the change,
 * which moves it forward by the gap (02:30 on the New York spring-forward day is 03:30 EDT).
 */
function fromWall(wall: number, timeZone: string): number {
  // Offsets can only change between these two (no zone changes twice within two days).
  const before = offsetAt(timeZone, wall - DAY_MS);
  const after = offsetAt(timeZone, wall + DAY_MS);
  if (before === after) return wall - before;
  const early = wall - before;
  const late = wall - after;
  const earlyShows = offsetAt(timeZone, early) === before;
  const lateShows = offsetAt(timeZone, late) === after;
  if (earlyShows && lateShows) return Math.min(early, late);
  if (lateShows) return late;
  return early;
}

/** An ISO-8601 instant string carrying an offset (`Z` or `±hh:mm`). */
export type Instant = string;

// Exactly what Date#toISOString gives (four-digit years): the form of every instant the
// library produces and of every parsed fact.
const CANONICAL_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
// ISO-8601 (extended format, as date-fns parses it) with a time part and an explicit offset.
const INSTANT_WITH_OFFSET =
  /^(?:\d{4}|[+-]\d{6})-\d{2}-\d{2}T\d{2}(?::\d{2}(?::\d{2}(?:[.,]\d+)?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/;

/**
 * Epoch milliseconds of an instant string, or `NaN` when it does not parse or carries no offset
 * (`2026-03-01T10:00` would be read in the host's zone, so it is not an instant here).
 */
export function toMillis(instant: Instant): number {
  // One verdict reads the same few instants many times (operators, deadlines, rendering), so
  // their values are kept, boundedly: the value depends on the string alone.
  const known = MILLIS.get(instant);
  if (known !== undefined) return known;
  const fast = parseCommon(instant, true);
  const millis = fast === undefined ? toMillisSlow(instant) : fast;
  if (MILLIS.size >= MAX_MILLIS) MILLIS.clear();
  MILLIS.set(instant, millis);
  return millis;
}

const MILLIS = new Map<string, number>();
const MAX_MILLIS = 4096;

/** {@link toMillis} as written first: the definition {@link parseCommon} is held equal to. */
function toMillisSlow(instant: Instant): number {
  if (CANONICAL_INSTANT.test(instant)) {
    // ECMAScript defines Date.parse on this form exactly. V8 rolls an impossible day over
    // (30 February → 2 March) where date-fns rejects it: keep date-fns's answer.
    const millis = Date.parse(instant);
    const day = Number(instant.slice(8, 10));
    return day > 28 && new Date(millis).getUTCDate() !== day ? Number.NaN : millis;
  }
  return INSTANT_WITH_OFFSET.test(instant) ? parseISO(instant).getTime() : Number.NaN;
}

/** The value of the two decimal digits at `at`, or a negative number when they are not digits. */
function twoDigits(text: string, at: number): number {
  const high = text.charCodeAt(at) - 48;
  const low = text.charCodeAt(at + 1) - 48;
  return high >= 0 && high <= 9 && low >= 0 && low <= 9 ? high * 10 + low : -1;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (exact integer arithmetic, any year). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

/**
 * {@link toMillisSlow} without regular expressions or date-fns for the forms instants come in:
 * `YYYY-MM-DDTHH:mm:ss`, optional `.` and fraction digits, then `Z` or `±hh:mm`, with every
 * field in range. The canonical form (`.sss` and `Z`) is summed exactly, as `Date.parse` does;
 * any other is computed with the very floating-point steps of date-fns `parseISO` (seconds as
 * `parseFloat`, then date + time + offset, truncated as `new Date` does), so it gives the same
 * milliseconds. `undefined` hands anything else (hour 24, a comma, no seconds, six-digit
 * years, …) to the slow path. Held equal to it by `test/time.fast.prop.test.ts`.
 */
function parseCommon(text: string, exactCanonical: boolean): number | undefined {
  const length = text.length;
  if (length < 20 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  if (text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58)
    return undefined;
  const century = twoDigits(text, 0);
  const yearOfCentury = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (century < 0 || yearOfCentury < 0 || month < 1 || month > 12 || day < 1) return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
    return undefined;
  const year = century * 100 + yearOfCentury;
  let at = 19;
  let fractionDigits = 0;
  if (text.charCodeAt(at) === 46) {
    at++;
    while (at < length) {
      const code = text.charCodeAt(at);
      if (code < 48 || code > 57) break;
      at++;
      fractionDigits++;
    }
    if (fractionDigits === 0) return undefined;
  }
  const zone = text.charCodeAt(at);
  const utc = zone === 90 && at + 1 === length;
  if (!utc && ((zone !== 43 && zone !== 45) || at + 6 !== length || text.charCodeAt(at + 3) !== 58))
    return undefined;
  // 30 February: Date.parse rolls it over and toMillis refuses it, parseISO refuses it.
  if (day > daysInMonth(year, month)) return Number.NaN;
  const date = daysFromCivil(year, month, day) * DAY_MS;
  if (utc) {
    if (fractionDigits === 3 && exactCanonical) {
      const millis =
        (text.charCodeAt(20) - 48) * 100 +
        (text.charCodeAt(21) - 48) * 10 +
        (text.charCodeAt(22) - 48);
      return date + hour * 3_600_000 + minute * 60_000 + second * 1000 + millis;
    }
    return parseIsoSum(text, date, hour, minute, second, fractionDigits, 0);
  }
  const offsetHours = twoDigits(text, at + 1);
  const offsetMinutes = twoDigits(text, at + 4);
  if (offsetHours < 0 || offsetMinutes < 0 || offsetMinutes > 59) return undefined;
  const sign = zone === 43 ? -1 : 1;
  const offset = sign * (offsetHours * 3_600_000 + offsetMinutes * 60_000);
  return parseIsoSum(text, date, hour, minute, second, fractionDigits, offset);
}

/** date-fns `parseISO`'s arithmetic on fields already checked (its `parseTime` and `toDate`). */
function parseIsoSum(
  text: string,
  date: number,
  hour: number,
  minute: number,
  second: number,
  fractionDigits: number,
  offset: number,
): number {
  const seconds =
    fractionDigits === 0 ? second : Number.parseFloat(text.slice(17, 20 + fractionDigits));
  const time = hour * 3_600_000 + minute * 60_000 + seconds * 1000;
  const total = date + time + offset;
  // new Date(total): TimeClip truncates towards zero (and never gives -0).
  return Math.abs(total) > 8.64e15 ? Number.NaN : Math.trunc(total) + 0;
}

/**
 * Epoch milliseconds exactly as date-fns `parseISO(text).getTime()` gives them, canonical form
 * included (there its floating-point seconds can lose a millisecond: `1970-01-01T00:00:01.005Z`
 * is 1004 ms, where `Date.parse` and {@link toMillis} say 1005).
 *
 * @param text - Any string.
 * @returns What `parseISO` gives (`NaN` when it does not parse).
 */
export function parseIsoMillis(text: string): number {
  const fast = parseCommon(text, false);
  return fast === undefined ? parseISO(text).getTime() : fast;
}

/**
 * Whether a string is an instant exactly as this library writes it: `Date#toISOString`'s
 * `YYYY-MM-DDTHH:mm:ss.sssZ`, and a real instant (no 30 February). Free text that merely starts
 * like an instant ("2026-03-01T10:00 call") is not one.
 */
export function isCanonicalInstant(value: string): boolean {
  return canonicalMillis(value) !== undefined;
}

/**
 * The epoch milliseconds of a canonical instant ({@link isCanonicalInstant}), or `undefined`
 * for any other string: one pass for both questions.
 */
export function canonicalMillis(value: string): number | undefined {
  if (value.length !== 24 || value.charCodeAt(23) !== 90 || value.charCodeAt(19) !== 46)
    return undefined;
  const fast = parseCommon(value, true);
  if (fast === undefined) {
    if (!CANONICAL_INSTANT.test(value)) return undefined;
    const millis = toMillisSlow(value);
    return Number.isNaN(millis) ? undefined : millis;
  }
  // parseCommon read three fraction digits and the Z (length 24, "." at 19): canonical.
  return Number.isNaN(fast) ? undefined : fast;
}

/** The same instant as a UTC ISO string (`…Z`), the form every verdict carries. */
export function toUtc(instant: Instant | Date): Instant {
  if (typeof instant !== "string") return instant.toISOString();
  // A canonical instant is already what toISOString would write for it.
  if (canonicalMillis(instant) !== undefined) return instant;
  return isoString(toMillis(instant));
}

/** "00" to "99", and "000" to "999": the fields of an ISO string. */
const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, "0"));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, "0"));
// The instants toISOString writes with four year digits (0000-01-01 to 9999-12-31).
const MIN_FOUR_DIGIT_YEAR = -62_167_219_200_000;
const MAX_FOUR_DIGIT_YEAR = 253_402_300_799_999;

/**
 * `new Date(millis).toISOString()`, computed from the number for the years 0000–9999 (three
 * times faster than the native call); anything else (other years, a fraction, `NaN`, which
 * throws a RangeError) is left to the native call. Held equal to it by
 * `test/time.fast.prop.test.ts`.
 *
 * @param millis - Epoch milliseconds.
 * @returns The ISO string, e.g. `2026-03-01T01:00:00.000Z`.
 */
export function isoString(millis: number): string {
  if (!(millis >= MIN_FOUR_DIGIT_YEAR && millis <= MAX_FOUR_DIGIT_YEAR) || millis % 1 !== 0)
    return new Date(millis).toISOString();
  const days = Math.floor(millis / DAY_MS);
  let rest = millis - days * DAY_MS;
  // Civil date from days since 1970-01-01 (proleptic Gregorian; eras of 400 years).
  const shifted = days + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const T = TWO_DIGITS;
  return `${T[Math.floor(year / 100)]}${T[year % 100]}-${T[month]}-${T[day]}T${T[hours]}:${T[minutes]}:${T[seconds]}.${THREE_DIGITS[rest - seconds * 1000]}Z`;
}

/**
 * `instant` moved forward by `duration`: years, months, weeks and days are calendar units in
 * `timeZone` (date-fns `add` semantics: 31 January + 1 month is 28 February), applied to the
 * wall clock and turned into an instant once; hours, minutes and seconds are elapsed time.
 *
 * @param instant - An instant with an offset.
 * @param duration - A date-fns `Duration` (negative amounts move back).
 * @param timeZone - The campaign's IANA zone, whose calendar days are counted.
 * @returns The moved instant, in UTC.
 * @example
 * addDuration("2026-03-07T17:00:00.000Z", { days: 3 }, "America/New_York"); // "2026-03-10T16:00:00.000Z" (noon EDT)
 */
export function addDuration(instant: Instant, duration: Duration, timeZone: string): Instant {
  const { years = 0, months = 0, weeks = 0, days = 0 } = duration;
  const { hours = 0, minutes = 0, seconds = 0 } = duration;
  let millis = toMillis(instant);
  if (years || months || weeks || days) {
    const wall = addCalendarFields(toWall(millis, timeZone), years, months, weeks, days);
    millis = fromWall(wall, timeZone);
  }
  return isoString(millis + ((hours * 60 + minutes) * 60 + seconds) * 1000);
}

/**
 * The last millisecond of the calendar day `days` days after the day of `instant`, in
 * `timeZone`: an inclusive "within N days of" deadline. Day 0 is the instant's own day, so
 * `days: 7` after something on 1 March ends at 8 March 23:59:59.999 on the campaign's clocks,
 * however long that is in hours across a DST change. The day ends just before the first instant
 * of the next one (a skipped midnight: the first instant shown after it; a repeated hour at the
 * end of a day belongs to it both times).
 *
 * @param instant - An instant with an offset.
 * @param days - Whole calendar days after its day (0 or more).
 * @param timeZone - The campaign's IANA zone.
 * @returns The end of that day, in UTC.
 * @example
 * endOfDayAfter("2026-03-01T17:00:00.000Z", 7, "America/New_York"); // "2026-03-09T03:59:59.999Z" (8 March, 23:59:59.999 EDT)
 */
export function endOfDayAfter(instant: Instant, days: number, timeZone: string): Instant {
  const wall = toWall(toMillis(instant), timeZone);
  const dayStart = Math.floor(wall / DAY_MS) * DAY_MS;
  const nextDayStart = addCalendarFields(dayStart, 0, 0, 0, days + 1);
  return isoString(fromWall(nextDayStart, timeZone) - 1);
}

/** `instant` moved back by `duration`, counting days in `timeZone` (calendar days). */
export function subtractDuration(instant: Instant, duration: Duration, timeZone: string): Instant {
  const negated = Object.fromEntries(
    Object.entries(duration).map(([unit, amount]) => [unit, -(amount as number)]),
  ) as Duration;
  return addDuration(instant, negated, timeZone);
}

/** Compares two instants: negative when `a` is earlier, 0 when equal, positive when later. */
export function compareInstants(a: Instant, b: Instant): number {
  return toMillis(a) - toMillis(b);
}

/** The earliest of the given instants, ignoring `null`/`undefined`. */
export function earliest(...instants: ReadonlyArray<Instant | null | undefined>): Instant | null {
  let best: Instant | null = null;
  for (const instant of instants) {
    if (instant && (best === null || compareInstants(instant, best) < 0)) best = instant;
  }
  return best;
}

/** The latest of the given instants, ignoring `null`/`undefined`. */
export function latest(...instants: ReadonlyArray<Instant | null | undefined>): Instant | null {
  let best: Instant | null = null;
  for (const instant of instants) {
    if (instant && (best === null || compareInstants(instant, best) > 0)) best = instant;
  }
  return best;
}

/**
 * A human form of an instant in the campaign zone, e.g. `2026-04-01 00:00 +09:00`; seconds are
 * shown when there are any (`2026-03-31 23:59:59 +09:00`), so a deadline reads exactly.
 *
 * @param instant - An instant with an offset; anything else is returned as given (never thrown).
 * @param timeZone - The campaign's IANA zone.
 * @returns The wall-clock time in that zone with its offset.
 * @example
 * formatInstant("2026-03-31T14:59:59.000Z", "Asia/Seoul"); // "2026-03-31 23:59:59 +09:00"
 */
export function formatInstant(instant: Instant, timeZone: string): string {
  const known = formatCanonical(instant, timeZone);
  if (known !== undefined) return known;
  const millis = toMillis(instant);
  if (Number.isNaN(millis)) return instant;
  return formatMillis(millis, timeZone) ?? formatInstantSlow(millis, timeZone);
}

/** Formatted canonical instants per zone (bounded): a verdict shows the same few many times. */
const FORMATTED = new Map<string, Map<string, string>>();
const MAX_FORMATTED = 4096;

/**
 * {@link formatInstant} of a canonical instant ({@link isCanonicalInstant}); `undefined` for any
 * other string. The text depends on the string and the zone alone, so it is kept, boundedly.
 *
 * @param value - Any string.
 * @param timeZone - The campaign's IANA zone.
 * @returns The instant for people, or `undefined` when `value` is not a canonical instant.
 */
export function formatCanonical(value: string, timeZone: string): string | undefined {
  // Only the canonical length is looked up (a long text is never hashed for nothing).
  if (value.length !== 24) return undefined;
  let byZone = FORMATTED.get(timeZone);
  if (byZone === undefined) {
    if (FORMATTED.size >= MAX_CACHED_ZONES) FORMATTED.clear();
    byZone = new Map();
    FORMATTED.set(timeZone, byZone);
  }
  const known = byZone.get(value);
  if (known !== undefined) return known;
  const millis = canonicalMillis(value);
  if (millis === undefined) return undefined;
  const text = formatMillis(millis, timeZone) ?? formatInstantSlow(millis, timeZone);
  if (byZone.size >= MAX_FORMATTED) byZone.clear();
  byZone.set(value, text);
  return text;
}

// The wall clocks toISOString writes with four year digits and date-fns's `yyyy` writes the same
// way (0001-01-01 to 9999-12-31; date-fns writes year 0 as 0001): the fast form's domain.
const MIN_FAST_WALL = -62_135_596_800_000;
const MAX_FAST_WALL = 253_402_300_799_999;

/**
 * {@link formatInstant} of valid epoch milliseconds, read off `toISOString` of the wall clock;
 * `undefined` outside the years 0001–9999 (then the date-fns form is used). Held equal to
 * date-fns `format` by `test/time.fast.prop.test.ts`.
 *
 * @param millis - A valid instant, in epoch ms.
 * @param timeZone - The campaign's IANA zone.
 * @returns The text, or `undefined` outside the fast form's years.
 */
export function formatMillis(millis: number, timeZone: string): string | undefined {
  const offset = offsetAt(timeZone, millis);
  const wall = millis + offset;
  if (!(wall >= MIN_FAST_WALL && wall <= MAX_FAST_WALL)) return undefined;
  const iso = isoString(wall);
  // Whole minutes, as date-fns's `xxx` shows a historical offset such as -00:01:15 (-00:01).
  const minutes = Math.trunc(offset / 60_000);
  const abs = Math.abs(minutes);
  const hh = Math.floor(abs / 60);
  const mm = abs % 60;
  const sign = minutes < 0 ? "-" : "+";
  const seconds = iso.charCodeAt(17) === 48 && iso.charCodeAt(18) === 48 ? "" : iso.slice(16, 19);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${seconds} ${sign}${hh < 10 ? "0" : ""}${hh}:${mm < 10 ? "0" : ""}${mm}`;
}

/** {@link formatInstant} with date-fns `format`, for wall clocks outside the fast form's years. */
function formatInstantSlow(millis: number, timeZone: string): string {
  const offset = zoneOffsetMinutes(timeZone, new Date(millis));
  const wall = wallClock(millis + Math.round(offset * 60) * 1000);
  const text = format(wall, wall.getSeconds() === 0 ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd HH:mm:ss");
  const minutes = Math.trunc(offset);
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `${text} ${minutes < 0 ? "-" : "+"}${hh}:${mm}`;
}

const DURATION_WORDS = [
  ["years", "year"],
  ["months", "month"],
  ["weeks", "week"],
  ["days", "day"],
  ["hours", "hour"],
  ["minutes", "minute"],
  ["seconds", "second"],
] as const;

/** A human form of a duration, e.g. `3 days`, or `0 seconds` for an empty one. */
export function describeDuration(duration: Duration): string {
  // date-fns formatDuration (en-US, zero: false) for numbers: each non-zero unit as "1 day" or
  // "N days", joined by spaces; anything else is left to it.
  let text = "";
  for (const [unit, word] of DURATION_WORDS) {
    const value: unknown = duration[unit];
    if (value === undefined) continue;
    if (typeof value !== "number") return formatDuration(duration, { zero: false }) || "0 seconds";
    if (!value) continue;
    const part = value === 1 ? `1 ${word}` : `${value} ${unit}`;
    text = text === "" ? part : `${text} ${part}`;
  }
  return text || "0 seconds";
}

/**
 * The elapsed time from `start` to `end` in words: the most whole years, then months, then days
 * that fit on the wall clock of `timeZone` (counted as date-fns `add` counts them), then the
 * elapsed rest in hours, minutes and seconds. 2026-03-07 12:00 EST → 2026-03-10 12:00 EDT is
 * `3 days` on every host (split in UTC, the same 71 hours would read `2 days 23 hours`).
 *
 * @param start - One end of the interval (either order).
 * @param end - The other end.
 * @param timeZone - The campaign's IANA zone, whose calendar days are counted.
 * @returns The duration in words, `less than a second` for a sub-second gap, `0 seconds` for none
 *   (`an unknown time` when either end is not an instant).
 * @example
 * describeElapsed("2026-03-07T17:00:00.000Z", "2026-03-10T16:00:00.000Z", "America/New_York"); // "3 days"
 */
export function describeElapsed(start: Instant, end: Instant, timeZone: string): string {
  const a = toMillis(start);
  const b = toMillis(end);
  if (Number.isNaN(a) || Number.isNaN(b)) return "an unknown time";
  const [from, to] = a <= b ? [a, b] : [b, a];
  if (to - from > 0 && to - from < 1000) return "less than a second";
  const startWall = toWall(from, timeZone);
  let endWall = toWall(to, timeZone);
  // Terminates: each retry's wall end lies strictly before the previous one, and with no whole
  // unit left the rest is measured from `start`, which is never after `end`.
  for (;;) {
    const { years, months, days, wall } = wholeUnits(startWall, endWall);
    // With no whole unit, the rest is measured from `start` itself (its wall time may repeat).
    const unitsEnd = years || months || days ? fromWall(wall, timeZone) : from;
    // A day ending in a skipped hour is moved forward by the gap and can lie past `end`: then
    // one day less is whole, counted against the wall clock just before that day.
    if (unitsEnd > to) {
      endWall = wall - 1;
      continue;
    }
    const rest = Math.floor((to - unitsEnd) / 1000);
    return describeDuration({
      years,
      months,
      days,
      hours: Math.floor(rest / 3600),
      minutes: Math.floor((rest % 3600) / 60),
      seconds: rest % 60,
    });
  }
}

/** `wall` plus whole calendar units, as date-fns `add` counts them (31 January + 1 month is 28 February). */
function addCalendar(wall: number, units: { years?: number; months?: number }): number {
  return addCalendarFields(wall, units.years ?? 0, units.months ?? 0, 0, 0);
}

/**
 * date-fns `add(wall, { years, months, weeks, days })` on a wall clock (a `Date` whose local
 * fields are its UTC fields), step for step with the UTC getters and setters it would call
 * there, and whole days as 24 hours (exact on a clock with no DST). Held equal to date-fns by
 * `test/time.fast.prop.test.ts`.
 *
 * @param wall - A wall clock, as epoch ms of its UTC fields.
 * @param years - Calendar years to add (date-fns adds them as months).
 * @param months - Calendar months to add (the day is clamped to the target month's last day).
 * @param weeks - Weeks to add (as days).
 * @param days - Days to add.
 * @returns The wall clock reached (`NaN` outside `Date`'s range).
 */
export function addCalendarFields(
  wall: number,
  years: number,
  months: number,
  weeks: number,
  days: number,
): number {
  let time = new Date(wall).getTime();
  if (months || years) time = addMonthsOnWall(time, months + years * 12);
  if (days || weeks) time = addDaysOnWall(time, days + weeks * 7);
  return time;
}

/** date-fns `addMonths` with the UTC accessors. */
function addMonthsOnWall(time: number, amount: number): number {
  if (Number.isNaN(amount)) return Number.NaN;
  if (!amount) return time;
  const date = new Date(time);
  const dayOfMonth = date.getUTCDate();
  const endOfDesiredMonth = new Date(time);
  endOfDesiredMonth.setUTCMonth(date.getUTCMonth() + amount + 1, 0);
  if (dayOfMonth >= endOfDesiredMonth.getUTCDate()) return endOfDesiredMonth.getTime();
  date.setUTCFullYear(
    endOfDesiredMonth.getUTCFullYear(),
    endOfDesiredMonth.getUTCMonth(),
    dayOfMonth,
  );
  return date.getTime();
}

/** date-fns `addDays` with the UTC accessors: whole days are 24 hours on a wall clock. */
function addDaysOnWall(time: number, amount: number): number {
  if (Number.isNaN(amount)) return Number.NaN;
  if (!amount) return time;
  if (Number.isInteger(amount) && Number.isFinite(time)) {
    // setUTCDate(getUTCDate() + amount), without the Date: MakeDay then TimeClip.
    const moved = time + amount * DAY_MS;
    return Math.abs(moved) <= 8.64e15 ? moved : Number.NaN;
  }
  const date = new Date(time);
  date.setUTCDate(date.getUTCDate() + amount);
  return date.getTime();
}

/**
 * The most whole years, then months, then days from `startWall` that fit by `endWall` (both
 * wall clocks), and the wall clock they reach. Counted by "fits", not with date-fns
 * `intervalToDuration`, whose month rule can overshoot: 30 October 00:34 → 30 November 00:04
 * is `{ months: 1, minutes: -30 }` there, since 30 November is the last day of its month.
 */
function wholeUnits(startWall: number, endWall: number) {
  const most = (base: number, unit: "years" | "months", guess: number) => {
    let count = Math.max(0, guess);
    while (count > 0 && !(addCalendar(base, { [unit]: count }) <= endWall)) count--;
    while (addCalendar(base, { [unit]: count + 1 }) <= endWall) count++;
    return count;
  };
  // The guesses undershoot (a year is at most 366 days, a month 31), so few steps follow.
  const years = most(startWall, "years", Math.floor((endWall - startWall) / (366 * DAY_MS)));
  const yearsEnd = years ? addCalendar(startWall, { years }) : startWall;
  const months = most(yearsEnd, "months", Math.floor((endWall - yearsEnd) / (31 * DAY_MS)));
  const monthsEnd = months ? addCalendar(yearsEnd, { months }) : yearsEnd;
  // Wall clocks have no DST: a calendar day is exactly 24 hours there.
  const days = Math.max(0, Math.floor((endWall - monthsEnd) / DAY_MS));
  return { years, months, days, wall: monthsEnd + days * DAY_MS };
}

/**
 * Whether a string is an ISO-8601 instant with a time part and an explicit offset (`Z` or
 * `±hh:mm`), so that it means the same instant on every host; `2026-03-01T10:00` is not one.
 */
export function looksLikeInstant(value: string): boolean {
  return INSTANT_WITH_OFFSET.test(value) && !Number.isNaN(toMillis(value));
}

/**
 * The epoch milliseconds of an instant with an offset, or `NaN` for anything else: what
 * {@link looksLikeInstant} and {@link toMillis} give together, in one parse.
 *
 * @param value - Any value.
 * @returns Epoch ms, or `NaN` when `value` is not an instant string with an offset.
 */
export function instantMillis(value: unknown): number {
  if (typeof value !== "string") return Number.NaN;
  // The operators ask this of the same few strings again and again: answers kept, boundedly.
  const known = INSTANT_MILLIS.get(value);
  if (known !== undefined) return known;
  const millis = INSTANT_WITH_OFFSET.test(value) ? toMillis(value) : Number.NaN;
  if (INSTANT_MILLIS.size >= MAX_MILLIS) INSTANT_MILLIS.clear();
  INSTANT_MILLIS.set(value, millis);
  return millis;
}

const INSTANT_MILLIS = new Map<string, number>();

/** An interval between two instants, as the duration operators read it. */
export interface Interval {
  start: string;
  end: string;
}
