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
import { add, type Duration, format, formatDuration, parseISO } from "date-fns";

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

/** The zone's offset at an instant, in ms (historical offsets keep their seconds). */
function offsetAt(timeZone: string, millis: number): number {
  return Math.round(tzOffset(timeZone, new Date(millis)) * 60) * 1000;
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
  if (CANONICAL_INSTANT.test(instant)) {
    // The common case, and ECMAScript defines Date.parse on it exactly. V8 rolls an impossible
    // day over (30 February → 2 March) where date-fns rejects it: keep date-fns's answer.
    const millis = Date.parse(instant);
    const day = Number(instant.slice(8, 10));
    return day > 28 && new Date(millis).getUTCDate() !== day ? Number.NaN : millis;
  }
  return INSTANT_WITH_OFFSET.test(instant) ? parseISO(instant).getTime() : Number.NaN;
}

/**
 * Whether a string is an instant exactly as this library writes it: `Date#toISOString`'s
 * `YYYY-MM-DDTHH:mm:ss.sssZ`, and a real instant (no 30 February). Free text that merely starts
 * like an instant ("2026-03-01T10:00 call") is not one.
 */
export function isCanonicalInstant(value: string): boolean {
  return CANONICAL_INSTANT.test(value) && !Number.isNaN(toMillis(value));
}

/** The same instant as a UTC ISO string (`…Z`), the form every verdict carries. */
export function toUtc(instant: Instant | Date): Instant {
  return (typeof instant === "string" ? new Date(toMillis(instant)) : instant).toISOString();
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
    const wall = add(wallClock(toWall(millis, timeZone)), { years, months, weeks, days });
    millis = fromWall(wall.getTime(), timeZone);
  }
  return new Date(millis + ((hours * 60 + minutes) * 60 + seconds) * 1000).toISOString();
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
  const millis = toMillis(instant);
  if (Number.isNaN(millis)) return instant;
  const offset = tzOffset(timeZone, new Date(millis));
  const wall = wallClock(millis + Math.round(offset * 60) * 1000);
  const text = format(wall, wall.getSeconds() === 0 ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd HH:mm:ss");
  // Whole minutes, as date-fns's `xxx` shows a historical offset such as -00:01:15 (-00:01).
  const minutes = Math.trunc(offset);
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `${text} ${minutes < 0 ? "-" : "+"}${hh}:${mm}`;
}

/** A human form of a duration, e.g. `3 days`, or `0 seconds` for an empty one. */
export function describeDuration(duration: Duration): string {
  return formatDuration(duration, { zero: false }) || "0 seconds";
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
function addCalendar(wall: number, units: Duration): number {
  return add(wallClock(wall), units).getTime();
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

/** An interval between two instants, as the duration operators read it. */
export interface Interval {
  start: string;
  end: string;
}
