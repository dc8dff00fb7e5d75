/**
 * Instants and durations. Instants travel as ISO-8601 UTC strings; "days" are calendar days in
 * the campaign's time zone (DST-safe through `@date-fns/tz`), hours are elapsed hours.
 */
import { TZDate, tz } from "@date-fns/tz";
import { add, type Duration, format, formatDuration, intervalToDuration, parseISO } from "date-fns";

/** An ISO-8601 instant string carrying an offset (`Z` or `±hh:mm`). */
export type Instant = string;

/** Epoch milliseconds of an instant string, or `NaN` when it does not parse. */
export function toMillis(instant: Instant): number {
  return parseISO(instant).getTime();
}

/** The same instant as a UTC ISO string (`…Z`), the form every verdict carries. */
export function toUtc(instant: Instant | Date): Instant {
  return (typeof instant === "string" ? parseISO(instant) : instant).toISOString();
}

/** `instant` moved forward by `duration`, counting days in `timeZone` (calendar days). */
export function addDuration(instant: Instant, duration: Duration, timeZone: string): Instant {
  // TZDate#toISOString keeps the zone's offset; verdicts carry UTC.
  return new Date(add(parseISO(instant), duration, { in: tz(timeZone) }).getTime()).toISOString();
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
 */
export function formatInstant(instant: Instant, timeZone: string): string {
  const date = new TZDate(toMillis(instant), timeZone);
  return format(date, date.getSeconds() === 0 ? "yyyy-MM-dd HH:mm xxx" : "yyyy-MM-dd HH:mm:ss xxx");
}

/** A human form of a duration, e.g. `3 days`, or `0 seconds` for an empty one. */
export function describeDuration(duration: Duration): string {
  return formatDuration(duration, { zero: false }) || "0 seconds";
}

/** The elapsed time from `start` to `end` in words, e.g. `2 days 3 hours`. */
export function describeElapsed(start: Instant, end: Instant): string {
  const [from, to] = compareInstants(start, end) <= 0 ? [start, end] : [end, start];
  const gap = compareInstants(to, from);
  if (gap > 0 && gap < 1000) return "less than a second";
  return describeDuration(intervalToDuration({ start: parseISO(from), end: parseISO(to) }));
}

/** Whether a string looks like an ISO-8601 instant with a time part. */
export function looksLikeInstant(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) && !Number.isNaN(toMillis(value));
}
