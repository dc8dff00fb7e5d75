/**
 * Custom json-rules-engine operators for instants and lists. json-rules-engine has no date
 * operators, and ISO strings with different offsets compare wrongly as text, so instants are
 * compared as epoch milliseconds (parsed by date-fns).
 */
import type { Duration } from "date-fns";
import { addDuration, compareInstants, looksLikeInstant } from "../time.js";

function bothInstants(a: unknown, b: unknown): a is string {
  return (
    typeof a === "string" && typeof b === "string" && looksLikeInstant(a) && looksLikeInstant(b)
  );
}

function instantOperator(test: (difference: number) => boolean) {
  return (factValue: unknown, compareTo: unknown): boolean =>
    bothInstants(factValue, compareTo) && test(compareInstants(factValue, compareTo as string));
}

/**
 * The operators registered on every engine, by name. Instant operators are false when either
 * side is missing, so a rule must say explicitly what happens when a fact is absent.
 */
export const customOperators = {
  /** The fact instant is strictly before the value instant. */
  instantBefore: instantOperator((difference) => difference < 0),
  /** The fact instant is before or at the value instant (inclusive deadlines). */
  instantOnOrBefore: instantOperator((difference) => difference <= 0),
  /** The fact instant is strictly after the value instant. */
  instantAfter: instantOperator((difference) => difference > 0),
  /** The fact instant is at or after the value instant. */
  instantOnOrAfter: instantOperator((difference) => difference >= 0),
  /** The fact is present (`true`) or absent (`false`): not `null`/`undefined`. */
  isPresent: (factValue: unknown, expected: unknown): boolean =>
    (factValue !== null && factValue !== undefined) === expected,
  /** The fact is an array with at least `value` elements. */
  lengthAtLeast: (factValue: unknown, minimum: unknown): boolean =>
    Array.isArray(factValue) && typeof minimum === "number" && factValue.length >= minimum,
  /** The fact array shares at least one element with the value array. */
  intersects: (factValue: unknown, other: unknown): boolean =>
    Array.isArray(factValue) &&
    Array.isArray(other) &&
    factValue.some((item) => other.includes(item)),
} as const;

/** An interval between two instants, as the duration operators read it. */
export interface Interval {
  start: string;
  end: string;
}

const DURATION_UNITS = new Set(["years", "months", "weeks", "days", "hours", "minutes", "seconds"]);

function isInterval(value: unknown): value is Interval {
  const interval = value as Partial<Interval> | null;
  return (
    typeof interval === "object" &&
    interval !== null &&
    typeof interval.start === "string" &&
    typeof interval.end === "string" &&
    looksLikeInstant(interval.start) &&
    looksLikeInstant(interval.end)
  );
}

function isDuration(value: unknown): value is Duration {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.entries(value).every(
      ([unit, amount]) =>
        DURATION_UNITS.has(unit) && Number.isInteger(amount) && (amount as number) >= 0,
    )
  );
}

/**
 * The duration operators, bound to the campaign's time zone: "days" are calendar days there.
 * The fact is an {@link Interval} (`{ start, end }`), the value a date-fns `Duration`; both are
 * false when either side is missing or malformed.
 *
 * @param timeZone - The campaign's IANA zone.
 * @returns `elapsedAtLeast` (end is at or after start + duration) and `elapsedAtMost`.
 */
export function durationOperators(timeZone: string) {
  const reach = (interval: Interval, duration: Duration) =>
    compareInstants(interval.end, addDuration(interval.start, duration, timeZone));
  return {
    /** At least `value` passed from `start` to `end` (inclusive). */
    elapsedAtLeast: (factValue: unknown, value: unknown): boolean =>
      isInterval(factValue) && isDuration(value) && reach(factValue, value) >= 0,
    /** At most `value` passed from `start` to `end` (inclusive). */
    elapsedAtMost: (factValue: unknown, value: unknown): boolean =>
      isInterval(factValue) && isDuration(value) && reach(factValue, value) <= 0,
  } as const;
}

/** The names of json-rules-engine's built-in operators (for static policy checks). */
export const BUILT_IN_OPERATORS = [
  "equal",
  "notEqual",
  "lessThan",
  "lessThanInclusive",
  "greaterThan",
  "greaterThanInclusive",
  "in",
  "notIn",
  "contains",
  "doesNotContain",
] as const;

/** Every operator a policy may use. */
export const KNOWN_OPERATORS: readonly string[] = [
  ...BUILT_IN_OPERATORS,
  ...Object.keys(customOperators),
  ...Object.keys(durationOperators("UTC")),
];
