/**
 * The operators a policy may use, declared once: their names, json-rules-engine's decorators, and
 * the kind of operand each side takes, for the static policy check. The engine implements them
 * (`engine/operators.ts`); this module knows no implementation.
 */
import { type Interval, toUtc } from "../core/time.js";
import { describeShape, type Shape } from "../derive/shape.js";
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

/** What an operand must be, on one side of an operator (a literal or a fact of that kind). */
export type OperandShape =
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
export const OPERANDS: Readonly<
  Record<
    (typeof BUILT_IN_OPERATORS)[number] | CustomOperatorName,
    { readonly fact: OperandShape; readonly value: OperandShape }
  >
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

/** A problem with an operand of a condition, for the static policy check. */
export interface OperandProblem {
  /** `too_big` for a duration past the cap, `invalid_policy` for any other mismatch. */
  code: "too_big" | "invalid_policy";
  message: string;
}

/**
 * One side of a condition, as the static check knows it: a literal value, or a fact reference
 * with the shape the registry gives its path (`label` names it in messages, e.g.
 * `deliverable.posted`).
 */
export type Operand =
  | { readonly literal: unknown }
  | {
      readonly shape: Shape;
      readonly label: string;
      /** The value read may be `null` though the shape is not (the fact itself may be null). */
      readonly mayBeNull?: boolean;
    };

/** A literal compared with a fact whose values are named (an enum, rule ids): checked by name. */
export interface Comparison {
  /** The fact side's scalar shape (an enum, or a string naming rule ids or finding keys). */
  shape: Shape;
  /** Its label, e.g. `findings.violatedRules`. */
  label: string;
  /** The literal it is compared with (one item of a literal list). */
  literal: unknown;
}

// Which kinds of fact fit each operand shape. `unknown` facts fit anything (no static type).
const SCALAR_KINDS = new Set(["instant", "number", "integer", "boolean", "string", "enum"]);

function shapeFits(side: OperandShape, shape: Shape): boolean {
  if (shape.kind === "unknown") return true;
  switch (side) {
    case "scalar":
      return SCALAR_KINDS.has(shape.kind);
    case "number":
      return shape.kind === "number" || shape.kind === "integer";
    case "scalars":
      return shape.kind === "array" && shapeFits("scalar", shape.items);
    case "instant":
      return shape.kind === "instant";
    case "boolean":
      return shape.kind === "boolean";
    case "count":
      return shape.kind === "integer";
    case "duration":
      return shape.kind === "duration";
    case "interval":
      return shape.kind === "interval";
    default:
      return true;
  }
}

const ITERATES_FACT = new Set(["someFact", "everyFact"]);
const ITERATES_VALUE = new Set(["someValue", "everyValue"]);
const COMPARES_NAMES = new Set([
  "equal",
  "notEqual",
  "in",
  "notIn",
  "contains",
  "doesNotContain",
  "intersects",
]);

const INSTANT_OPERATORS = "instantBefore, instantOnOrBefore, instantAfter or instantOnOrAfter";

/** What kind of scalar a shape holds, for equality: values of different classes never match. */
function scalarClass(shape: Shape): "boolean" | "number" | "string" | undefined {
  switch (shape.kind) {
    case "boolean":
      return "boolean";
    case "number":
    case "integer":
      return "number";
    case "string":
    case "enum":
    case "instant":
      return "string";
    default:
      return undefined;
  }
}

/** A literal in a message: its JSON and what it is. */
function describeLiteral(literal: unknown): string {
  if (literal === null) return "null";
  const json = JSON.stringify(literal) ?? String(literal);
  const text = json.length > 80 ? `${json.slice(0, 77)}...` : json;
  return `${text} (${Array.isArray(literal) ? "an array" : `a ${typeof literal}`})`;
}

function isCanonical(literal: string): boolean {
  if (!instantSchema.safeParse(literal).success) return false;
  try {
    return toUtc(literal) === literal;
  } catch {
    return false;
  }
}

/**
 * Why a scalar literal never equals a value of `shape` (the item shape for arrays), or
 * undefined when it may. Facts hold instants in canonical UTC form (`…T14:59:59.000Z`), so an
 * instant written any other way never equals one.
 */
function literalKindMismatch(
  shape: Shape,
  literal: unknown,
  nullable: boolean,
  where: string,
): string | undefined {
  if (shape.kind === "unknown") return undefined;
  const holds = `${where} holds ${describeShape({ ...shape, nullable: nullable || shape.nullable } as Shape)}`;
  if (literal === null) return nullable || shape.nullable ? undefined : `${holds}, never null`;
  switch (shape.kind) {
    case "boolean":
      return typeof literal === "boolean"
        ? undefined
        : `${holds}, never ${describeLiteral(literal)}`;
    case "number":
      return typeof literal === "number"
        ? undefined
        : `${holds}, never ${describeLiteral(literal)}`;
    case "integer":
      return Number.isInteger(literal)
        ? undefined
        : `${holds}, never ${describeLiteral(literal)}${typeof literal === "number" ? ", which is not an integer" : ""}`;
    case "string":
    case "enum":
      return typeof literal === "string"
        ? undefined
        : `${holds}, never ${describeLiteral(literal)}`;
    case "instant": {
      if (typeof literal === "string" && isCanonical(literal)) return undefined;
      const canonical =
        typeof literal === "string" && instantSchema.safeParse(literal).success
          ? `, written in canonical UTC form ("${toUtc(literal)}" here)`
          : ' in canonical UTC form (e.g. "2026-03-01T00:00:00.000Z")';
      return `${holds}${canonical}, so it never equals ${describeLiteral(literal)}: compare instants with ${INSTANT_OPERATORS}, or write the canonical form`;
    }
    default:
      return undefined;
  }
}

/** The item shape a side compares (an array's items), whether null may be read, its label. */
function comparedItem(operand: { shape: Shape; label: string; mayBeNull?: boolean }): {
  shape: Shape;
  nullable: boolean;
  where: string;
} {
  if (operand.shape.kind === "array")
    return {
      shape: operand.shape.items,
      nullable: operand.shape.items.nullable === true,
      where: `each item of ${operand.label}`,
    };
  return {
    shape: operand.shape,
    nullable: operand.shape.nullable === true || operand.mayBeNull === true,
    where: operand.label,
  };
}

/**
 * Two fact values of one scalar class that still never hold the same value: an instant and an
 * enum member (no member is an instant), or two enums with no member in common. (A free text
 * may hold an instant's text, so a string and an instant may meet.)
 */
function kindsNeverMeet(a: Shape, b: Shape): boolean {
  if (a.kind === "instant" || b.kind === "instant") return a.kind === "enum" || b.kind === "enum";
  if (a.kind === "enum" && b.kind === "enum")
    return !a.values.some((value) => b.values.includes(value));
  return false;
}

/** Why two sides of an equality never match by kind, or null. */
function equalityProblem(operator: string, left: Operand, right: Operand): OperandProblem | null {
  if (!("literal" in left) && !("literal" in right)) {
    const a = comparedItem(left);
    const b = comparedItem(right);
    const classA = scalarClass(a.shape);
    const classB = scalarClass(b.shape);
    if ((classA && classB && classA !== classB) || kindsNeverMeet(a.shape, b.shape)) {
      return {
        code: "invalid_policy",
        message: `operator "${operator}" compares ${a.where} (${describeShape(a.shape)}) with ${b.where} (${describeShape(b.shape)}): they never match`,
      };
    }
    return null;
  }
  for (const [named, other] of [
    [left, right],
    [right, left],
  ] as const) {
    if ("literal" in named || !("literal" in other)) continue;
    const item = comparedItem(named);
    const literals = Array.isArray(other.literal) ? other.literal : [other.literal];
    for (const literal of literals) {
      const mismatch = literalKindMismatch(item.shape, literal, item.nullable, item.where);
      if (mismatch) return { code: "invalid_policy", message: mismatch };
    }
  }
  return null;
}

function literalProblem(
  operator: string,
  shape: OperandShape,
  literal: unknown,
  swapped: boolean,
): OperandProblem | null {
  if (fits(shape, literal)) return null;
  const oversized =
    shape === "duration" &&
    typeof literal === "object" &&
    literal !== null &&
    durationSchema
      .safeParse(literal)
      .error?.issues.some(
        (issue) =>
          issue.code === "too_big" || (issue.code === "custom" && issue.params?.code === "too_big"),
      );
  return {
    code: oversized ? "too_big" : "invalid_policy",
    message: `operator "${operator}" takes ${SHAPE_WORDS[shape]}${swapped ? " on its swapped side" : ""} here`,
  };
}

/** The scalars a side compares by name: a literal's items, or a shape's scalar items. */
function scalarsOf(operand: Operand): { shapes: Shape[]; literals: unknown[] } {
  if ("literal" in operand) {
    return {
      shapes: [],
      literals: Array.isArray(operand.literal) ? operand.literal : [operand.literal],
    };
  }
  const shape = operand.shape.kind === "array" ? operand.shape.items : operand.shape;
  return { shapes: [shape], literals: [] };
}

/**
 * Checks both sides of a condition against its operator, decorators included: `in` needs an
 * array, `someValue:` an array of what the operator takes, `someFact:` a fact that is an array,
 * `swap:` exchanges the sides, `not:` changes no kind. A literal is checked by its value, a fact
 * reference by the kind the registry gives its path. An equality (`equal`, `in`, `contains`,
 * `intersects`, and their negations) also needs both sides of one kind: a boolean fact never
 * equals `"false"`, an instant fact (held in canonical UTC form) never equals epoch milliseconds
 * or `"…+09:00"`, and `null` only where the fact may be null. A mismatch would make
 * json-rules-engine throw, or the condition never (or always) match.
 *
 * @param operator - A known operator, possibly decorated (`someValue:instantBefore`).
 * @param fact - The fact side (the condition's `fact` and `path`).
 * @param value - The value side: the literal `value`, or the fact it refers to.
 * @param comparisons - Receives each literal compared with a named fact value (enum members,
 *   rule ids), for the checker to look up.
 * @returns The first problem, or `null` when the pairing is sound (or the operator unknown).
 */
export function checkOperands(
  operator: string,
  fact: Operand,
  value: Operand,
  comparisons?: Comparison[],
): OperandProblem | null {
  const parts = operator.split(":");
  const base = parts.pop() ?? "";
  const operands = (OPERANDS as Record<string, (typeof OPERANDS)[keyof typeof OPERANDS]>)[base];
  if (!operands) return null;
  const step = (
    index: number,
    left: Operand,
    right: Operand,
    swapped: boolean,
  ): OperandProblem | null => {
    const decorator = parts[index];
    if (decorator === undefined) {
      // `left` is checked against the operator's fact side, `right` against its value side.
      for (const [operand, shape, side] of [
        [left, operands.fact, "fact"],
        [right, operands.value, "value"],
      ] as const) {
        if ("literal" in operand) {
          // A literal reaches the fact side only through `swap:`.
          const problem = literalProblem(operator, shape, operand.literal, side === "fact");
          if (problem) return problem;
        } else if (!shapeFits(shape, operand.shape)) {
          return {
            code: "invalid_policy",
            message: `operator "${operator}" takes ${SHAPE_WORDS[shape]} on its ${side} side, but ${operand.label} is ${describeShape(operand.shape)}`,
          };
        }
      }
      // A literal (or fact) of another kind than the fact holds never matches: refused.
      if (COMPARES_NAMES.has(base)) {
        const problem = equalityProblem(operator, left, right);
        if (problem) return problem;
      }
      if (comparisons && COMPARES_NAMES.has(base)) {
        for (const [named, other] of [
          [left, right],
          [right, left],
        ] as const) {
          if ("literal" in named || !("literal" in other)) continue;
          const { shapes } = scalarsOf(named);
          const { literals } = scalarsOf(other);
          for (const shape of shapes) {
            if (shape.kind !== "enum" && !shape.names) continue;
            for (const literal of literals)
              comparisons.push({ shape, label: named.label, literal });
          }
        }
      }
      return null;
    }
    if (decorator === "swap") return step(index + 1, right, left, !swapped);
    const iteratesLeft = ITERATES_FACT.has(decorator);
    const iteratesRight = ITERATES_VALUE.has(decorator);
    if (!iteratesLeft && !iteratesRight) return step(index + 1, left, right, swapped);
    // someFact/everyFact iterate the fact side, someValue/everyValue the value side: that side
    // must be an array, and each item is checked against the rest of the operator.
    const side = iteratesLeft ? left : right;
    const rest = (item: Operand) =>
      iteratesLeft ? step(index + 1, item, right, swapped) : step(index + 1, left, item, swapped);
    if ("literal" in side) {
      if (!Array.isArray(side.literal)) {
        return {
          code: "invalid_policy",
          message: `operator "${operator}" takes an array here ("${decorator}" applies the rest to each item)`,
        };
      }
      for (const item of side.literal) {
        const problem = rest({ literal: item });
        if (problem) return problem;
      }
      return null;
    }
    if (side.shape.kind === "unknown") return rest(side);
    if (side.shape.kind !== "array") {
      return {
        code: "invalid_policy",
        message: `operator "${operator}" takes an array on its ${iteratesLeft ? "fact" : "value"} side ("${decorator}" applies the rest to each item), but ${side.label} is ${describeShape(side.shape)}`,
      };
    }
    return rest({ shape: side.shape.items, label: `each item of ${side.label}` });
  };
  return step(0, fact, value, false);
}

/**
 * Checks a literal condition value against its operator, decorators included (the fact side is
 * taken as unknown: see {@link checkOperands} for both sides).
 *
 * @param operator - A known operator, possibly decorated (`someValue:instantBefore`).
 * @param value - The literal `value` of the condition (not a fact reference).
 * @returns The problem, or `null` when the pairing is sound (or the operator is unknown).
 */
export function operandProblem(operator: string, value: unknown): OperandProblem | null {
  return checkOperands(
    operator,
    { shape: { kind: "unknown" }, label: "the fact" },
    { literal: value },
  );
}

/**
 * Operator names people reach for that mean one of ours, for "did you mean" hints that edit
 * distance alone gets wrong (`greaterThanOrEqual` is closer to `greaterThan` by letters).
 */
export const OPERATOR_ALIASES: Readonly<Record<string, string>> = {
  greaterthanorequal: "greaterThanInclusive",
  greaterthanorequalto: "greaterThanInclusive",
  greaterorequal: "greaterThanInclusive",
  gte: "greaterThanInclusive",
  ge: "greaterThanInclusive",
  gt: "greaterThan",
  lessthanorequal: "lessThanInclusive",
  lessthanorequalto: "lessThanInclusive",
  lessorequal: "lessThanInclusive",
  lte: "lessThanInclusive",
  le: "lessThanInclusive",
  lt: "lessThan",
  eq: "equal",
  equals: "equal",
  ne: "notEqual",
  neq: "notEqual",
  notequals: "notEqual",
  includes: "contains",
  notcontains: "doesNotContain",
  notincludes: "doesNotContain",
  before: "instantBefore",
  after: "instantAfter",
  onorbefore: "instantOnOrBefore",
  onorafter: "instantOnOrAfter",
  instantbeforeorequal: "instantOnOrBefore",
  instantafterorequal: "instantOnOrAfter",
  exists: "isPresent",
  present: "isPresent",
};
