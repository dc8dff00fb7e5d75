/**
 * Campaign-zone wall times for tests: "2026-03-01 10:00" read on the clocks of the campaign's
 * zone, as `@date-fns/tz` reads them, and given back as a UTC instant.
 */
import { TZDate } from "@date-fns/tz";
import { toMillis, toUtc } from "../core/time.js";
import { ValidationError } from "../errors.js";

/**
 * A time as the builders take it: a wall time in the campaign zone (`"2026-03-01 10:00"`,
 * `"2026-03-01T10:00:30"`, `"2026-03-01"` for midnight), or an ISO-8601 instant with an offset
 * (`"2026-03-01T10:00:00+09:00"`), which is kept as the instant it names.
 */
export type WallTime = string;

const WALL = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/;

/**
 * Whether a text is a wall time (no offset) the builders read in the campaign zone.
 *
 * @param text - Any string.
 * @returns `true` for `"2026-03-01 10:00"` and the like, `false` for an instant with an offset.
 * @example
 * isWallTime("2026-03-01 10:00"); // true
 * isWallTime("2026-03-01T10:00:00Z"); // false
 */
export function isWallTime(text: string): boolean {
  return WALL.test(text);
}

/**
 * The UTC instant that a wall time shows in a zone. A repeated wall time (when DST ends) is the
 * earlier instant; a skipped one (when DST starts) moves forward by the gap, as `TZDate` does
 * (02:30 on the New York spring-forward day is 03:30 EDT).
 *
 * @param text - A {@link WallTime}: a wall time, or an instant with an offset (kept as it is).
 * @param timeZone - The IANA zone the wall time is read in.
 * @param path - Where the text was found, for the error.
 * @returns The instant, as `Date#toISOString` writes it.
 * @throws a `ValidationError` (`INVALID_FACTS`, `invalid_format`) for anything else.
 * @example
 * wallTime("2026-03-01 10:00", "Asia/Seoul"); // "2026-03-01T01:00:00.000Z"
 */
export function wallTime(text: string, timeZone: string, path = ""): string {
  const match = WALL.exec(text);
  if (match) {
    const [year, month, day, hour, minute, second] = match
      .slice(1, 7)
      .map((part) => (part === undefined ? 0 : Number(part))) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const millis = Number((match[7] ?? "").padEnd(3, "0"));
    // The fields must name a real calendar time (no 2026-02-30, no 24:00).
    const check = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
    const real =
      check.getUTCFullYear() === year &&
      check.getUTCMonth() === month - 1 &&
      check.getUTCDate() === day &&
      check.getUTCHours() === hour &&
      check.getUTCMinutes() === minute &&
      check.getUTCSeconds() === second;
    let zoned = Number.NaN;
    if (real) {
      try {
        zoned = +new TZDate(year, month - 1, day, hour, minute, second, millis, timeZone);
      } catch {
        zoned = Number.NaN;
      }
    }
    if (Number.isFinite(zoned)) return new Date(zoned).toISOString();
    throw invalid(
      path,
      real
        ? `cannot be read in time zone "${timeZone}"`
        : `"${text}" is not a calendar time (check the month, day and hour)`,
    );
  }
  if (Number.isFinite(toMillis(text))) return toUtc(text);
  throw invalid(
    path,
    `"${text}" must be a wall time such as "2026-03-01 10:00" or an ISO-8601 instant with an offset`,
  );
}

function invalid(path: string, message: string): ValidationError {
  return new ValidationError("INVALID_FACTS", [{ code: "invalid_format", path, message }]);
}
