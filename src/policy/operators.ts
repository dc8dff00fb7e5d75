/**
 * The operators a policy may use, declared once: their names, json-rules-engine's decorators, and
 * the kind of operand each side takes, for the static policy check. The engine implements them
 * (`engine/operators.ts`); this module knows no implementation.
 */
import type { Interval } from "../core/time.js";
import { durationSchema, instantSchema, MAX_DURATION_YEARS } from "../facts/schema.js";

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

/** The names of the operators this library registers on every engine. */
export const CUSTOM_OPERATORS = [
  "instantBefore",
  "instantOnOrBefore",
  "instantAfter",
  "instantOnOrAfter",
  "isPresent",
  "lengthAtLeast",
  "intersects",
  "elapsedAtLeast",
  "elapsedAtMost",
] as const;

/** A custom operator's name. */
export type CustomOperatorName = (typeof CUSTOM_OPERATORS)[number];

/** Every operator a policy may use. */
export const KNOWN_OPERATORS: readonly string[] = [...BUILT_IN_OPERATORS, ...CUSTOM_OPERATORS];

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
const OPERANDS: Record<
  (typeof BUILT_IN_OPERATORS)[number] | CustomOperatorName,
  { fact: OperandShape; value: OperandShape }
> = {
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
      return durationSchema.safeParse(value).success;
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
  const operands = (OPERANDS as Record<string, (typeof OPERANDS)[keyof typeof OPERANDS]>)[base];
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
