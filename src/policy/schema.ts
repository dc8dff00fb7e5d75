/**
 * The Policy: plain JSON data — an id, a version, parameters, and rules in json-rules-engine's
 * rule format whose `event.params` say what a match means in each phase.
 */
import { z } from "zod";
import { type PathSegment, readPath } from "../core/path.js";
import { ACTION_TYPES, FINDING_KINDS, FINDING_ROLES, SANCTION_TYPES } from "../core/vocabulary.js";
import { catalogueParameters } from "../derive/parameters.js";
import { MAX_ISSUES, ValidationError, type ValidationIssue } from "../errors.js";
import { type PreflightLimits, preflight, toValidationIssues } from "../validation.js";
import { checkPolicy, POLICY_LIMITS, suggest } from "./check.js";

export { POLICY_LIMITS };

/** The structural caps {@link parsePolicy} checks before the schema (see {@link POLICY_LIMITS}). */
const POLICY_PREFLIGHT: PreflightLimits = {
  maxDepth: POLICY_LIMITS.jsonDepth,
  maxArrayLength: POLICY_LIMITS.arrayItems,
  maxStringLength: POLICY_LIMITS.textLength,
  maxNodes: POLICY_LIMITS.nodes,
};

/** Custom issue params carrying this library's issue code (see `validation.ts`). */
const code = (issueCode: ValidationIssue["code"]) => ({ params: { code: issueCode } });

/** A `fact.path` reference: a fact name, then a plain property path. */
const factRefSchema = z
  .string()
  .max(POLICY_LIMITS.refLength)
  .regex(/^[A-Za-z_]\w*(\.[\w$]+|\[\d+\]|\["(?:[^"\\]|\\.)*"\]|\['(?:[^'\\]|\\.)*'\])*$/, {
    error: "must be a fact reference such as deliverable.dueAt",
  });

const idSchema = z.string().min(1).max(POLICY_LIMITS.idLength);
const textSchema = z.string().max(POLICY_LIMITS.textLength);
const templateSchema = textSchema.min(1);
const jsonValue = z.json();

/** A leaf condition in json-rules-engine's form. */
export interface LeafCondition {
  fact: string;
  operator: string;
  value: unknown;
  path?: string;
  params?: Record<string, unknown>;
  name?: string;
  priority?: number;
}
/** A json-rules-engine condition: a leaf, or `all`/`any`/`not` of conditions. */
export type Condition =
  | LeafCondition
  | { all: Condition[]; name?: string; priority?: number }
  | { any: Condition[]; name?: string; priority?: number }
  | { not: Condition; name?: string; priority?: number };
/** The top-level conditions of a rule. */
export type TopLevelCondition = Exclude<Condition, LeafCondition>;

// A leaf's `priority` only orders json-rules-engine's evaluation (the engine gives such a rule a
// private copy, since json-rules-engine writes the parsed priority back into the leaf).
const meta = {
  name: idSchema.optional(),
  priority: z.number().int().min(1).optional(),
};

const leafConditionSchema = z.strictObject({
  fact: z.string().min(1).max(POLICY_LIMITS.refLength),
  operator: idSchema,
  value: jsonValue,
  path: z.string().max(POLICY_LIMITS.refLength).optional(),
  params: z.record(z.string(), jsonValue).optional(),
  ...meta,
});

// parsePolicy caps the nesting before this recursion runs (see POLICY_LIMITS.conditionDepth).
const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([leafConditionSchema, allSchema, anySchema, notSchema]),
);
const allSchema = z.strictObject({ all: z.array(conditionSchema).min(1), ...meta });
const anySchema = z.strictObject({ any: z.array(conditionSchema).min(1), ...meta });
const notSchema = z.strictObject({ not: conditionSchema, ...meta });
const topLevelConditionSchema = z.union([allSchema, anySchema, notSchema]);

const scopeSchema = z.enum(["campaign", "deliverable"]);

/** A finding role: one of {@link FINDING_ROLES}, with a "did you mean" hint for a typo. */
const roleSchema = z.enum(FINDING_ROLES, {
  error: (issue) => {
    if (issue.input === undefined)
      return `is required: every finding rule declares its role, one of ${FINDING_ROLES.join(", ")}`;
    const near = typeof issue.input === "string" ? suggest(issue.input, FINDING_ROLES) : undefined;
    return `unknown role ${JSON.stringify(issue.input)}${near ? `; did you mean "${near}"?` : ""} (one of ${FINDING_ROLES.join(", ")})`;
  },
});

/** Event params of a violations-phase rule: one outcome of one finding rule. */
export const violationEventParamsSchema = z.strictObject({
  phase: z.literal("violations"),
  scope: scopeSchema,
  kind: z.enum(FINDING_KINDS),
  /** What the rule judges, so remedies can react to it whichever policy it comes from. */
  role: roleSchema,
  outcome: z.enum(["violation", "needs_review", "pending", "compliant", "not_applicable"]),
  explanation: templateSchema.describe("The finding's sentence, with {placeholders}."),
  since: factRefSchema.optional(),
  checkAt: factRefSchema.optional(),
  evidence: z
    .record(z.string().max(POLICY_LIMITS.idLength), factRefSchema)
    .refine((evidence) => Object.keys(evidence).length <= POLICY_LIMITS.evidence, {
      message: `must have at most ${POLICY_LIMITS.evidence} entries`,
      ...code("too_many"),
    })
    .optional(),
});

/** Event params of an exceptions-phase rule: how a claim is decided. */
export const exceptionEventParamsSchema = z.strictObject({
  phase: z.literal("exceptions"),
  status: z.enum(["accepted", "rejected", "needs_review"]),
  reason: templateSchema,
});

const becauseSchema = z.strictObject({
  rules: z.array(idSchema).max(POLICY_LIMITS.arrayItems).optional(),
  kinds: z.array(z.enum(FINDING_KINDS)).max(POLICY_LIMITS.arrayItems).optional(),
  roles: z.array(roleSchema).max(POLICY_LIMITS.arrayItems).optional(),
  fact: factRefSchema.optional(),
});

/** A sanction a sanctions-phase rule imposes. */
export const sanctionSpecSchema = z.strictObject({
  type: z.enum(SANCTION_TYPES),
  because: becauseSchema,
  amount: factRefSchema.optional(),
  scoreDelta: z.union([z.number().int(), factRefSchema]).optional(),
  until: factRefSchema.optional(),
  requiresHumanReview: z.boolean().optional(),
  note: textSchema.optional(),
});

/** An action a sanctions-phase rule schedules. */
export const actionSpecSchema = z.strictObject({
  type: z.enum(ACTION_TYPES),
  at: factRefSchema,
  note: templateSchema,
});

/** Event params of a sanctions-phase rule: a sanction, an action, or both. */
export const sanctionEventParamsSchema = z
  .strictObject({
    phase: z.literal("sanctions"),
    scope: scopeSchema,
    sanction: sanctionSpecSchema.optional(),
    action: actionSpecSchema.optional(),
  })
  .refine((params) => params.sanction || params.action, {
    message: "must carry a sanction or an action",
    ...code("required"),
  });

const eventParamsSchema = z.discriminatedUnion("phase", [
  violationEventParamsSchema,
  exceptionEventParamsSchema,
  sanctionEventParamsSchema,
]);

/** One rule in json-rules-engine's format; `event.type` is the stable rule id. */
export const policyRuleSchema = z.strictObject({
  name: idSchema,
  priority: z.number().int().min(1).optional(),
  conditions: topLevelConditionSchema.describe("json-rules-engine conditions: all, any or not."),
  event: z
    .strictObject({ type: idSchema.describe("The rule's stable id."), params: eventParamsSchema })
    .describe("What a match means: the phase, and its finding, decision or sanction."),
});

const parametersSchema = z
  .record(z.string().max(POLICY_LIMITS.idLength), jsonValue)
  .refine((parameters) => Object.keys(parameters).length <= POLICY_LIMITS.parameters, {
    message: `must have at most ${POLICY_LIMITS.parameters} parameters`,
    ...code("too_many"),
  });

// The shape alone; the cross-rule checks run as a second pass (see parsePolicy), so that type
// errors and reference errors are listed together.
const policyShapeSchema = z.strictObject({
  id: idSchema,
  version: idSchema,
  name: textSchema.optional(),
  description: textSchema.optional(),
  parameters: parametersSchema.describe("Named values the rules and the fact catalogue read."),
  rules: z
    .array(policyRuleSchema)
    .min(1)
    .max(POLICY_LIMITS.rules)
    .describe("Rules in json-rules-engine's format, run in phases."),
});

/**
 * A policy: plain, JSON-serialisable data. Use {@link parsePolicy} to validate one: it also caps
 * nesting before this schema recurses (`policySchema.safeParse` alone does not).
 */
export const policySchema = policyShapeSchema.superRefine((policy, context) => {
  const rules = policy.rules.map((rule, index) => ({ index, rule }));
  for (const issue of checkPolicy(rules, policy.parameters, true)) {
    context.addIssue({
      code: "custom",
      path: issue.path.split("."),
      message: issue.message,
      params: { code: issue.code },
    });
  }
});

/** A policy rule. */
export type PolicyRule = z.infer<typeof policyRuleSchema>;
/** A policy, as presets return it and as stored in JSON. */
export type Policy = z.infer<typeof policySchema>;
/** Event params of a violations-phase rule. */
export type ViolationEventParams = z.infer<typeof violationEventParamsSchema>;
/** Event params of an exceptions-phase rule. */
export type ExceptionEventParams = z.infer<typeof exceptionEventParamsSchema>;
/** Event params of a sanctions-phase rule. */
export type SanctionEventParams = z.infer<typeof sanctionEventParamsSchema>;
/** A sanction a rule imposes. */
export type SanctionSpec = z.infer<typeof sanctionSpecSchema>;
/** An action a rule schedules. */
export type ActionSpec = z.infer<typeof actionSpecSchema>;

/**
 * Measures one rule's conditions without recursion: the nesting depth and the number of
 * conditions, stopping at the first cap exceeded (cycles included), so that a hostile policy
 * costs at most the caps and never a stack overflow.
 */
function conditionsExcess(root: unknown): "too_deep" | "too_many" | null {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: root, depth: 1 }];
  let count = 0;
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    count += 1;
    if (count > POLICY_LIMITS.conditionsPerRule) return "too_many";
    if (depth > POLICY_LIMITS.conditionDepth) return "too_deep";
    if (!isRecord(node)) continue;
    for (const key of ["all", "any"]) {
      const children = node[key];
      if (!Array.isArray(children)) continue;
      if (count + children.length > POLICY_LIMITS.conditionsPerRule) return "too_many";
      for (const child of children) stack.push({ node: child, depth: depth + 1 });
    }
    if (Object.hasOwn(node, "not")) stack.push({ node: node.not, depth: depth + 1 });
  }
  return null;
}

/** The condition caps of every rule, checked before anything recurses into the policy. */
function conditionCapIssues(input: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!isRecord(input) || !Array.isArray(input.rules)) return issues;
  const count = Math.min(input.rules.length, POLICY_LIMITS.rules);
  for (let index = 0; index < count && issues.length < MAX_ISSUES; index++) {
    const rule: unknown = input.rules[index];
    if (!isRecord(rule) || !Object.hasOwn(rule, "conditions")) continue;
    const excess = conditionsExcess(rule.conditions);
    if (!excess) continue;
    // The path names the rule (see nameRules), so the message need not.
    issues.push({
      code: excess,
      path: `rules.${index}.conditions`,
      message:
        excess === "too_deep"
          ? `the conditions are nested deeper than ${POLICY_LIMITS.conditionDepth} levels`
          : `the conditions number more than ${POLICY_LIMITS.conditionsPerRule}`,
    });
  }
  return issues;
}

type ZodIssue = z.core.$ZodIssue;

/** Which condition form a value is meant to be, by its keys. */
function conditionKind(value: unknown): "leaf" | "all" | "any" | "not" | undefined {
  if (!isRecord(value)) return undefined;
  if (Object.hasOwn(value, "all")) return "all";
  if (Object.hasOwn(value, "any")) return "any";
  if (Object.hasOwn(value, "not")) return "not";
  return "leaf";
}

/**
 * zod reports a condition that fits none of the union's forms as one "Invalid input" at the
 * condition. The form is plain from its keys (`all`, `any`, `not`, else a leaf), so this replaces
 * each such union issue by the issues of that form alone, down to the field at fault.
 */
function focusConditionIssues(
  issues: readonly ZodIssue[],
  input: unknown,
  base: readonly PropertyKey[] = [],
): ZodIssue[] {
  const focused: ZodIssue[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    if (issue.code !== "invalid_union") {
      focused.push({ ...issue, path });
      continue;
    }
    const [last, parent] = [path[path.length - 1], path[path.length - 2]];
    const topLevel = last === "conditions" && issue.errors.length === 3;
    const nested =
      issue.errors.length === 4 && (last === "not" || parent === "all" || parent === "any");
    if (!topLevel && !nested) {
      // z.json()'s six forms: the value is missing, or not JSON (a Date, a function, NaN…).
      const json = issue.errors.length === 6;
      const missing = readPath(input, path as PathSegment[]) === undefined;
      focused.push({
        ...issue,
        path,
        ...(json
          ? {
              message: missing
                ? "is required"
                : "must be JSON data: a string, finite number, boolean, null, array or plain object",
            }
          : {}),
      });
      continue;
    }
    const forms = topLevel ? ["all", "any", "not"] : ["leaf", "all", "any", "not"];
    const kind = conditionKind(readPath(input, path as PathSegment[]));
    const option = kind ? issue.errors[forms.indexOf(kind)] : undefined;
    if (option) {
      focused.push(...focusConditionIssues(option, input, path));
      continue;
    }
    focused.push({
      ...issue,
      path,
      message: topLevel
        ? "must be { all: [...] }, { any: [...] } or { not: {...} }: a leaf condition needs one around it"
        : "must be a condition: { all }, { any }, { not } or a leaf { fact, operator, value }",
    });
  }
  return focused;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const INDEX = /^(0|[1-9][0-9]*)$/;

/** One segment as written after a rule: `[2]`, `.key`, or `["a key"]` (JSON-quoted). */
function renderSegment(segment: PathSegment): string {
  if (typeof segment === "number") return `[${segment}]`;
  return IDENTIFIER.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
}

/**
 * The segments a dotted issue path stands for, read off the input it is about, so that a key
 * with a dot in it (an evidence name `a.b`) stays one segment and an object's key `"1"` stays a
 * string. Past what the input holds (a missing field) the rest splits at its dots. `budget`
 * bounds the backtracking that sibling keys such as `a` and `a.b` could otherwise make costly.
 */
function segmentsOf(
  node: unknown,
  rest: string,
  budget: { steps: number },
): { segments: PathSegment[]; complete: boolean } {
  const split = () => ({
    segments: rest.split(".").map((part) => (INDEX.test(part) ? Number(part) : part)),
    complete: false,
  });
  if (typeof node !== "object" || node === null || budget.steps-- <= 0) return split();
  let partial: PathSegment[] | undefined;
  for (let end = rest.indexOf("."); ; end = rest.indexOf(".", end + 1)) {
    const key = end === -1 ? rest : rest.slice(0, end);
    const segment = Array.isArray(node) ? (INDEX.test(key) ? Number(key) : undefined) : key;
    if (segment !== undefined && Object.hasOwn(node, key)) {
      if (end === -1) return { segments: [segment], complete: true };
      const child = (node as Record<string, unknown>)[key];
      const tail = segmentsOf(child, rest.slice(end + 1), budget);
      if (tail.complete) return { segments: [segment, ...tail.segments], complete: true };
      partial ??= [segment, ...tail.segments];
    }
    if (end === -1) return partial ? { segments: partial, complete: false } : split();
  }
}

/**
 * Names the rule in each issue path that starts with `rules.<index>`:
 * `rules.3.conditions.all.1.fact` becomes
 * `rules["mediance.post-not-registered/missing"].conditions.all[1].fact` (the rest with `[n]`
 * for array items, `.key` for identifiers and `["key"]` for any other key). A rule is named when
 * its `name` is a non-empty string of at most {@link POLICY_LIMITS.idLength} characters that no
 * other rule has; otherwise it is `rules[3]`. Other paths keep the dotted form of every other
 * `ValidationIssue`. Only the issues a `ValidationError` keeps are rewritten.
 */
function nameRules(issues: readonly ValidationIssue[], input: unknown): ValidationIssue[] {
  const rules = isRecord(input) && Array.isArray(input.rules) ? input.rules : [];
  let counts: Map<string, number> | undefined;
  const nameOf = (index: number): string | undefined => {
    if (!counts) {
      counts = new Map();
      // Past the cap the policy is refused for its length, and no issue names those rules.
      for (let at = 0; at < Math.min(rules.length, POLICY_LIMITS.rules); at++) {
        const name: unknown = isRecord(rules[at]) ? rules[at].name : undefined;
        if (typeof name === "string") counts.set(name, (counts.get(name) ?? 0) + 1);
      }
    }
    const name: unknown = isRecord(rules[index]) ? rules[index].name : undefined;
    return typeof name === "string" &&
      name.length > 0 &&
      name.length <= POLICY_LIMITS.idLength &&
      counts.get(name) === 1
      ? name
      : undefined;
  };
  return issues.map((issue, position) => {
    const match = /^rules\.(0|[1-9][0-9]*)(?:\.|$)/.exec(issue.path);
    if (!match || position >= MAX_ISSUES) return issue;
    const index = Number(match[1]);
    const rest = issue.path.slice(match[0].length);
    const tail =
      issue.path.length > `rules.${index}`.length
        ? segmentsOf(rules[index], rest, { steps: 1000 }).segments
        : [];
    const name = nameOf(index);
    const head = name === undefined ? `rules[${index}]` : `rules[${JSON.stringify(name)}]`;
    return { ...issue, path: head + tail.map(renderSegment).join("") };
  });
}

/** The error `parsePolicy` throws: the issues, with their rules named (see {@link nameRules}). */
function policyError(issues: readonly ValidationIssue[], input: unknown): ValidationError {
  return new ValidationError("INVALID_POLICY", nameRules(issues, input));
}

// Policies this module validated and froze: they cannot change, so they need no second check.
const VALIDATED = new WeakSet<object>();

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The JSON text of a value that is plain JSON data (plain objects and arrays, strings, finite
 * numbers, booleans, null), or null for anything else (a Date, a class instance, `undefined`, a
 * sparse array, a getter-free `toJSON` would change the text). Linear in the value's size, which
 * the caps bound before this runs.
 */
function plainJson(value: unknown): string | null {
  const parts: string[] = [];
  const walk = (node: unknown): boolean => {
    if (node === null) parts.push("null");
    else if (typeof node === "string") parts.push(JSON.stringify(node));
    else if (typeof node === "number") {
      if (!Number.isFinite(node)) return false;
      parts.push(JSON.stringify(node));
    } else if (typeof node === "boolean") parts.push(node ? "true" : "false");
    else if (Array.isArray(node)) {
      if (Object.getPrototypeOf(node) !== Array.prototype) return false;
      parts.push("[");
      for (let index = 0; index < node.length; index++) {
        if (index > 0) parts.push(",");
        if (!Object.hasOwn(node, index) || !walk(node[index])) return false;
      }
      parts.push("]");
    } else if (typeof node === "object") {
      const prototype = Object.getPrototypeOf(node);
      if (prototype !== Object.prototype && prototype !== null) return false;
      parts.push("{");
      let first = true;
      for (const key of Object.keys(node)) {
        const descriptor = Object.getOwnPropertyDescriptor(node, key);
        if (!descriptor || !("value" in descriptor)) return false;
        if (!first) parts.push(",");
        first = false;
        parts.push(JSON.stringify(key), ":");
        if (!walk(descriptor.value)) return false;
      }
      parts.push("}");
    } else return false;
    return true;
  };
  return walk(value) ? parts.join("") : null;
}

/** The bounds of the content cache: how many policies, and the longest JSON text kept. */
const CACHE_ENTRIES = 32;
const CACHE_MAX_TEXT = 1_000_000;
// Policies validated before, by their JSON text: a policy parsed from stored JSON on every call
// is validated once (most recently used last; the oldest is dropped past the bound).
const BY_CONTENT = new Map<string, Policy>();

function remember(text: string, policy: Policy): void {
  BY_CONTENT.delete(text);
  BY_CONTENT.set(text, policy);
  if (BY_CONTENT.size > CACHE_ENTRIES) {
    const [oldest] = BY_CONTENT.keys();
    if (oldest !== undefined) BY_CONTENT.delete(oldest);
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

/**
 * Validates a policy (shape and references) and returns it, deep-frozen. Passing the returned
 * policy to `evaluate` (or to `parsePolicy` again) skips validation, so reuse it across calls;
 * an equal policy parsed again (the same stored JSON, say) is recognised by its content and not
 * validated twice (a bounded cache of the most recent ones).
 *
 * The caps of {@link POLICY_LIMITS} are checked first, without recursion; then the shape; then,
 * over every rule that has a valid shape, the complete static check (`check.ts`): every segment
 * of every fact path, template and event reference against the fact registry's shapes, every
 * operator against the kinds of both its sides, referenced rule ids and parameters, so that all
 * problems are listed at once.
 *
 * @param input - A policy object, e.g. from a preset or `JSON.parse`.
 * @returns The validated policy: a deep-frozen object, new or (for equal content) the one
 *   returned before (`structuredClone` it to edit).
 * @throws {@link ValidationError} with code `INVALID_POLICY` listing every problem with its path.
 * @example
 * const policy = parsePolicy(JSON.parse(storedPolicyJson));
 */
export function parsePolicy(input: unknown): Policy {
  if (typeof input === "object" && input !== null && VALIDATED.has(input)) return input as Policy;
  const capIssues = conditionCapIssues(input);
  // The condition caps name the rule; the generic depth issue below them would only repeat it.
  const capped = capIssues.map((issue) => `${issue.path}.`);
  const shapeIssues = [
    ...capIssues,
    ...preflight(input, POLICY_PREFLIGHT).filter(
      (issue) =>
        issue.code !== "too_deep" || !capped.some((prefix) => `${issue.path}.`.startsWith(prefix)),
    ),
  ];
  if (shapeIssues.length > 0) throw policyError(shapeIssues, input);
  // An equal policy validated before (e.g. the same stored JSON parsed again) is not re-checked.
  const text = plainJson(input);
  const known = text === null ? undefined : BY_CONTENT.get(text);
  if (text !== null && known) {
    remember(text, known);
    return known;
  }

  const result = policyShapeSchema.safeParse(input);
  if (result.success) {
    const rules = result.data.rules.map((rule, index) => ({ index, rule }));
    const issues = checkPolicy(rules, result.data.parameters, true);
    if (issues.length > 0) throw policyError(issues, input);
    const policy = deepFreeze(result.data);
    VALIDATED.add(policy);
    // The catalogue parameters are parsed here, once per policy (the check proved they parse).
    catalogueParameters(policy.parameters);
    if (text !== null && text.length <= CACHE_MAX_TEXT) remember(text, policy);
    return policy;
  }
  // Second pass over what did parse, so a type error elsewhere hides no reference problem. The
  // schema transforms nothing, so a rule (or the parameters) with no issue is its own output.
  const raw: Record<string, unknown> = isRecord(input) ? input : {};
  const failedRules = new Set<PropertyKey>();
  let parametersFailed = false;
  for (const issue of result.error.issues) {
    const [top, index] = issue.path;
    if (top === "rules") failedRules.add(issue.path.length > 1 ? (index as PropertyKey) : "all");
    if (top === "parameters" || issue.path.length === 0) parametersFailed = true;
  }
  const rules: Array<{ index: number; rule: PolicyRule }> = [];
  if (Array.isArray(raw.rules) && !failedRules.has("all")) {
    raw.rules.forEach((rule: PolicyRule, index) => {
      if (!failedRules.has(index)) rules.push({ index, rule });
    });
  }
  const parameters = !parametersFailed && isRecord(raw.parameters) ? raw.parameters : undefined;
  throw policyError(
    [
      ...toValidationIssues(
        policyShapeSchema,
        new z.ZodError(focusConditionIssues(result.error.issues, input)),
        input,
      ),
      ...checkPolicy(rules, parameters, false),
    ],
    input,
  );
}
