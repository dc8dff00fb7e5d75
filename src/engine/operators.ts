/**
 * The implementations of the custom json-rules-engine operators for instants and lists, and guarded
 * versions of the built-ins that could throw (their names and operand kinds are declared in
 * `policy/operators.ts`). json-rules-engine has no date
 * operators, and ISO strings with different offsets compare wrongly as text, so instants are
 * compared as epoch milliseconds (parsed by date-fns).
 *
 * Every operator here is total: on operands of the wrong shape it is `false`, never an error, so
 * a fact reference that resolves to something unexpected cannot make an evaluation throw.
 */
import type { Duration } from "date-fns";
import {
  addDuration,
  compareInstants,
  type Interval,
  instantMillis,
  looksLikeInstant,
} from "../core/time.js";
import { durationSchema } from "../facts/schema.js";
import type { CustomOperatorName } from "../policy/operators.js";

export type { Interval };

// Each side is parsed once: false unless both are instant strings with an offset.
function instantOperator(test: (difference: number) => boolean) {
  return (factValue: unknown, compareTo: unknown): boolean => {
    const fact = instantMillis(factValue);
    if (Number.isNaN(fact)) return false;
    const value = instantMillis(compareTo);
    return !Number.isNaN(value) && test(fact - value);
  };
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

// json-rules-engine's `in`/`notIn` call `value.indexOf(fact)`: a value reference resolving to a
// number or an object throws. A string value is json-rules-engine's substring test; kept.
function indexable(item: unknown, list: unknown): list is { indexOf(item: unknown): number } {
  return (
    Array.isArray(list) || (typeof list === "string" && (item === null || typeof item !== "object"))
  );
}

/**
 * json-rules-engine built-ins that can throw, replaced on every engine by guarded versions: the
 * same result wherever the built-in returns one, and `false` where it would throw.
 */
export const guardedBuiltInOperators = {
  /** The fact is an element of the value (an array; a string value is a substring test). */
  in: (factValue: unknown, value: unknown): boolean =>
    indexable(factValue, value) && value.indexOf(factValue) > -1,
  /** The fact is not an element of the value (`false` when the value is not a list). */
  notIn: (factValue: unknown, value: unknown): boolean =>
    indexable(factValue, value) && value.indexOf(factValue) === -1,
} as const;

type Next = (factValue: unknown, value: unknown) => boolean;

/**
 * json-rules-engine's `someValue`/`everyValue` decorators call `value.some`/`value.every`, which
 * throws when a value reference resolves to a non-array; guarded, they are `false` there.
 */
export const guardedDecorators = {
  someValue: (factValue: unknown, value: unknown, next: Next): boolean =>
    Array.isArray(value) && value.some((item) => next(factValue, item)),
  everyValue: (factValue: unknown, value: unknown, next: Next): boolean =>
    Array.isArray(value) && value.every((item) => next(factValue, item)),
} as const;

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

// The same bound as everywhere else (MAX_DURATION_YEARS): a reference to an unbounded duration
// would otherwise leave Date's range and throw a RangeError.
function isDuration(value: unknown): value is Duration {
  return durationSchema.safeParse(value).success;
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

// Every declared custom operator has exactly one implementation here (a compile error otherwise).
const implemented = {
  ...customOperators,
  ...durationOperators("UTC"),
} satisfies Record<CustomOperatorName, (factValue: unknown, value: unknown) => boolean>;
const declaredOnly: Record<Exclude<CustomOperatorName, keyof typeof implemented>, never> = {};
void declaredOnly;
