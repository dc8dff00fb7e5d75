/**
 * Custom json-rules-engine operators for instants and lists, guarded versions of the built-ins
 * that could throw, and the static operator/value pairing check. json-rules-engine has no date
 * operators, and ISO strings with different offsets compare wrongly as text, so instants are
 * compared as epoch milliseconds (parsed by date-fns).
 *
 * Every operator here is total: on operands of the wrong shape it is `false`, never an error, so
 * a fact reference that resolves to something unexpected cannot make an evaluation throw.
 */
import type { Duration } from "date-fns";
import { durationSchema, instantSchema, MAX_DURATION_YEARS } from "../facts/schema.js";
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

/** An interval between two instants, as the duration operators read it. */
export interface Interval {
  start: string;
  end: string;
}

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

/** json-rules-engine's operator decorators (`someValue:in`, `not:equal`, …). */
export const OPERATOR_DECORATORS: readonly string[] = [
  "someFact",
  "someValue",
  "everyFact",
  "everyValue",
  "swap",
  "not",
];

/** What a literal operand must be, on one side of an operator. */
type OperandShape =
  | "scalar"
  | "number"
  | "scalars"
  | "instant"
  | "boolean"
  | "count"
  | "duration"
  | "interval"
  | "any";

/** The shape of each operator's fact side and value side. */
const OPERANDS: Record<string, { fact: OperandShape; value: OperandShape }> = {
  equal: { fact: "scalar", value: "scalar" },
  notEqual: { fact: "scalar", value: "scalar" },
  lessThan: { fact: "number", value: "number" },
  lessThanInclusive: { fact: "number", value: "number" },
  greaterThan: { fact: "number", value: "number" },
  greaterThanInclusive: { fact: "number", value: "number" },
  in: { fact: "scalar", value: "scalars" },
  notIn: { fact: "scalar", value: "scalars" },
  contains: { fact: "scalars", value: "scalar" },
  doesNotContain: { fact: "scalars", value: "scalar" },
  instantBefore: { fact: "instant", value: "instant" },
  instantOnOrBefore: { fact: "instant", value: "instant" },
  instantAfter: { fact: "instant", value: "instant" },
  instantOnOrAfter: { fact: "instant", value: "instant" },
  isPresent: { fact: "any", value: "boolean" },
  lengthAtLeast: { fact: "scalars", value: "count" },
  intersects: { fact: "scalars", value: "scalars" },
  elapsedAtLeast: { fact: "interval", value: "duration" },
  elapsedAtMost: { fact: "interval", value: "duration" },
};

const SHAPE_WORDS: Record<OperandShape, string> = {
  scalar: "a string, number, boolean or null",
  number: "a number",
  scalars: 'an array of strings, numbers, booleans or nulls, e.g. ["a", "b"]',
  instant: 'an ISO-8601 instant with an offset, e.g. "2026-03-01T00:00:00Z"',
  boolean: "true or false",
  count: "a non-negative integer",
  duration: `a duration such as { "days": 30 } of at most ${MAX_DURATION_YEARS} years`,
  interval: 'an interval { "start": instant, "end": instant }',
  any: "any value",
};

function isScalar(value: unknown): boolean {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

function fits(shape: OperandShape, value: unknown): boolean {
  switch (shape) {
    case "scalar":
      return isScalar(value);
    case "number":
      return typeof value === "number";
    case "scalars":
      return Array.isArray(value) && value.every(isScalar);
    case "instant":
      return instantSchema.safeParse(value).success;
    case "boolean":
      return typeof value === "boolean";
    case "count":
      return Number.isSafeInteger(value) && (value as number) >= 0;
    case "duration":
      return isDuration(value);
    case "interval": {
      const interval = value as Partial<Interval> | null;
      return (
        typeof interval === "object" &&
        interval !== null &&
        !Array.isArray(interval) &&
        fits("instant", interval.start) &&
        fits("instant", interval.end)
      );
    }
    default:
      return true;
  }
}

/** A problem with the literal operand of a condition, for the static policy check. */
export interface OperandProblem {
  /** `too_big` for a duration past the cap, `invalid_policy` for any other mismatch. */
  code: "too_big" | "invalid_policy";
  message: string;
}

/**
 * Checks a literal condition value against its operator, decorators included: `in` needs an
 * array, `someValue:` an array of what the operator takes, `swap:` puts the literal on the fact
 * side, and so on. A mismatch would make json-rules-engine throw or the condition never match.
 *
 * @param operator - A known operator, possibly decorated (`someValue:instantBefore`).
 * @param value - The literal `value` of the condition (not a fact reference).
 * @returns The problem, or `null` when the pairing is sound (or the operator is unknown).
 */
export function operandProblem(operator: string, value: unknown): OperandProblem | null {
  const parts = operator.split(":");
  const base = parts.pop() ?? "";
  const operands = OPERANDS[base];
  if (!operands) return null;
  const check = (
    index: number,
    side: "fact" | "value",
    literal: unknown,
  ): OperandProblem | null => {
    const decorator = parts[index];
    if (decorator === undefined) {
      const shape = operands[side];
      if (fits(shape, literal)) return null;
      const oversized =
        shape === "duration" &&
        typeof literal === "object" &&
        literal !== null &&
        durationSchema
          .safeParse(literal)
          .error?.issues.some(
            (issue) =>
              issue.code === "too_big" ||
              (issue.code === "custom" && issue.params?.code === "too_big"),
          );
      return {
        code: oversized ? "too_big" : "invalid_policy",
        message: `operator "${operator}" takes ${SHAPE_WORDS[shape]}${side === "fact" ? " on its swapped side" : ""} here`,
      };
    }
    if (decorator === "swap") return check(index + 1, side === "fact" ? "value" : "fact", literal);
    // someValue/everyValue iterate the value side, someFact/everyFact the fact side: when that
    // side is the literal, it must be an array and each item is checked against the rest.
    const iterates =
      (side === "value" && (decorator === "someValue" || decorator === "everyValue")) ||
      (side === "fact" && (decorator === "someFact" || decorator === "everyFact"));
    if (!iterates) return check(index + 1, side, literal);
    if (!Array.isArray(literal)) {
      return {
        code: "invalid_policy",
        message: `operator "${operator}" takes an array here ("${decorator}" applies the rest to each item)`,
      };
    }
    for (const item of literal) {
      const problem = check(index + 1, side, item);
      if (problem) return problem;
    }
    return null;
  };
  return check(0, "value", value);
}
