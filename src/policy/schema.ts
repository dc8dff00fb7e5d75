/**
 * The Policy: plain JSON data — an id, a version, parameters, and rules in json-rules-engine's
 * rule format whose `event.params` say what a match means in each phase.
 */
import { z } from "zod";
import { type PathSegment, parsePropertyPath, readPath } from "../core/path.js";
import { templateRefs } from "../core/placeholders.js";
import { ACTION_TYPES, FINDING_KINDS, SANCTION_TYPES } from "../core/vocabulary.js";
import { factNamesFor, type Phase, type Scope } from "../derive/catalogue.js";
import { CATALOGUE_PARAMETER_NAMES, catalogueParametersSchema } from "../derive/parameters.js";
import { MAX_ISSUES, ValidationError, type ValidationIssue } from "../errors.js";
import { durationSchema, instantSchema, moneySchema } from "../facts/schema.js";
import { closestKey, type PreflightLimits, preflight, toValidationIssues } from "../validation.js";
import { KNOWN_OPERATORS, OPERATOR_DECORATORS, operandProblem } from "./operators.js";

/**
 * The documented caps on policies. Each is enforced by {@link parsePolicy} as a
 * `ValidationError` (code `too_deep`, `too_many`, `too_long` or `too_big`) at its path, before
 * any schema recurses, so no policy can exhaust the stack or make an evaluation slow.
 */
export const POLICY_LIMITS = {
  /** Rules in one policy. */
  rules: 10_000,
  /** Nesting of conditions in one rule: the top-level `all`/`any`/`not` is 1, a leaf in it 2. */
  conditionDepth: 32,
  /** Conditions (`all`/`any`/`not` and leaves) in one rule. */
  conditionsPerRule: 1_000,
  /** Decorators on one operator (`someValue:not:equal` has 2). */
  operatorDecorators: 4,
  /** Parameters of one policy. */
  parameters: 1_000,
  /** Evidence entries of one rule. */
  evidence: 100,
  /** `{placeholders}` in one template (explanation, reason, note). */
  templatePlaceholders: 100,
  /** Characters in an id: the policy id and version, a rule or condition name, an event type, a
   * parameter or evidence name, an operator. */
  idLength: 200,
  /** Characters in a fact reference (`deliverable.retention.requiredUntil`) or a `path`. */
  refLength: 500,
  /** Characters in any other string: names, descriptions, templates, string values. */
  textLength: 10_000,
  /** Items in any array of a policy (condition values, parameters, `because` lists). */
  arrayItems: 10_000,
  /** Nesting of objects and arrays anywhere in a policy (JSON levels). */
  jsonDepth: 100,
  /** Values in a whole policy (every key, item and leaf counts once). */
  nodes: 500_000,
} as const;

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
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_$0-9][A-Za-z0-9_$]*)*$/, {
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

/** Event params of a violations-phase rule: one outcome of one finding rule. */
export const violationEventParamsSchema = z.strictObject({
  phase: z.literal("violations"),
  scope: scopeSchema,
  kind: z.enum(FINDING_KINDS),
  outcome: z.enum(["violation", "needs_review", "pending", "compliant", "not_applicable"]),
  explanation: templateSchema,
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
  conditions: topLevelConditionSchema,
  event: z.strictObject({ type: idSchema, params: eventParamsSchema }),
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
  parameters: parametersSchema,
  rules: z.array(policyRuleSchema).min(1).max(POLICY_LIMITS.rules),
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

function scopeOf(rule: PolicyRule): Scope {
  return rule.event.params.phase === "exceptions" ? "campaign" : rule.event.params.scope;
}

/** What an event reference must resolve to, when it can be known statically. */
type RefKind = "instant" | "money" | "integer" | "ids" | "any";

const REF_KIND_WORDS: Record<Exclude<RefKind, "any">, string> = {
  instant: "an ISO-8601 instant with an offset",
  money: "money { amount, currency }",
  integer: "an integer",
  ids: "a string or a list of strings",
};

/** The fact refs and templates of a rule's event params, with their paths and kinds. */
function eventRefs(rule: PolicyRule): {
  refs: Array<{ path: string; ref: string; kind: RefKind }>;
  templates: Array<{ path: string; template: string }>;
} {
  const params = rule.event.params;
  const refs: Array<{ path: string; ref: string; kind: RefKind }> = [];
  const templates: Array<{ path: string; template: string }> = [];
  const addRef = (path: string, ref: string | number | undefined, kind: RefKind) => {
    if (typeof ref === "string") refs.push({ path: `event.params.${path}`, ref, kind });
  };
  const addTemplate = (path: string, template: string | undefined) => {
    if (template !== undefined) templates.push({ path: `event.params.${path}`, template });
  };
  if (params.phase === "violations") {
    addTemplate("explanation", params.explanation);
    addRef("since", params.since, "instant");
    addRef("checkAt", params.checkAt, "instant");
    for (const [key, ref] of Object.entries(params.evidence ?? {}))
      addRef(`evidence.${key}`, ref, "any");
  } else if (params.phase === "exceptions") {
    addTemplate("reason", params.reason);
  } else {
    const { sanction, action } = params;
    if (sanction) {
      addRef("sanction.amount", sanction.amount, "money");
      addRef("sanction.until", sanction.until, "instant");
      addRef("sanction.scoreDelta", sanction.scoreDelta, "integer");
      addRef("sanction.because.fact", sanction.because.fact, "ids");
      addTemplate("sanction.note", sanction.note);
    }
    if (action) {
      addRef("action.at", action.at, "instant");
      addTemplate("action.note", action.note);
    }
  }
  return { refs, templates };
}

function fitsKind(kind: RefKind, value: unknown): boolean {
  switch (kind) {
    case "instant":
      return value === null || instantSchema.safeParse(value).success;
    case "money":
      return value === null || moneySchema.safeParse(value).success;
    case "integer":
      return value === null || Number.isSafeInteger(value);
    case "ids":
      return (
        value === null ||
        typeof value === "string" ||
        (Array.isArray(value) && value.every((item) => typeof item === "string"))
      );
    default:
      return true;
  }
}

function* leaves(
  condition: Condition,
  path: string,
): Generator<{ leaf: LeafCondition; path: string }> {
  if ("all" in condition)
    for (const [i, child] of condition.all.entries()) yield* leaves(child, `${path}.all.${i}`);
  else if ("any" in condition)
    for (const [i, child] of condition.any.entries()) yield* leaves(child, `${path}.any.${i}`);
  else if ("not" in condition) yield* leaves(condition.not, `${path}.not`);
  else yield { leaf: condition, path };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const DURATION_UNITS = new Set(["years", "months", "weeks", "days", "hours", "minutes", "seconds"]);

/** A non-empty object of duration units only: rendered and added as a duration, so it must be one. */
function looksLikeDuration(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => DURATION_UNITS.has(key));
}

/** An object with an amount and a currency: rendered as money, so it must be valid money. */
function looksLikeMoney(value: Record<string, unknown>): boolean {
  return Object.hasOwn(value, "amount") && Object.hasOwn(value, "currency");
}

/**
 * Every duration-shaped and money-shaped object in a parameter value must be a valid (bounded)
 * duration or valid money: a rule may add it to an instant or render it in a sentence, and an
 * unbounded duration or an unknown currency would throw there.
 */
function checkParameterValue(value: unknown, path: string, issues: ValidationIssue[]): void {
  if (issues.length >= MAX_ISSUES) return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      checkParameterValue(item, `${path}.${index}`, issues);
    });
    return;
  }
  if (!isRecord(value)) return;
  const schema = looksLikeDuration(value)
    ? durationSchema
    : looksLikeMoney(value)
      ? moneySchema
      : undefined;
  if (schema) {
    const result = schema.safeParse(value);
    if (!result.success) {
      for (const issue of toValidationIssues(schema, result.error, value))
        issues.push({ ...issue, path: issue.path ? `${path}.${issue.path}` : path });
    }
    return;
  }
  for (const [key, item] of Object.entries(value))
    checkParameterValue(item, `${path}.${key}`, issues);
}

function operatorShapeIssue(operator: string, path: string): ValidationIssue | null {
  const parts = operator.split(":");
  const base = parts.pop() ?? "";
  if (
    !KNOWN_OPERATORS.includes(base) ||
    !parts.every((part) => OPERATOR_DECORATORS.includes(part))
  ) {
    const hint = closestKey(operator, KNOWN_OPERATORS);
    return {
      code: "invalid_policy",
      path,
      message: `unknown operator "${operator}"${hint ? `; did you mean "${hint}"?` : ""}`,
    };
  }
  if (parts.length > POLICY_LIMITS.operatorDecorators) {
    return {
      code: "too_many",
      path,
      message: `must have at most ${POLICY_LIMITS.operatorDecorators} decorators (has ${parts.length})`,
    };
  }
  return null;
}

const REFERENCE_KEYS = new Set(["fact", "path", "params"]);

/**
 * Static checks json-rules-engine would only fail at run time, or never: unknown facts and
 * operators, operator/value pairings, malformed value references, unsafe paths, dangling
 * parameter references, unbounded durations and unknown currencies in parameters, unused (likely
 * misspelt) parameters, duplicate rule names, and finding ids declared with conflicting kinds or
 * scopes.
 *
 * @param rules - The rules that parsed, with their index in the policy.
 * @param parameters - The parameters, when they parsed.
 * @param complete - Every rule parsed: only then is an unused parameter reported.
 * @returns The issues, in rule order.
 */
function checkPolicy(
  rules: ReadonlyArray<{ index: number; rule: PolicyRule }>,
  parameters: Record<string, unknown> | undefined,
  complete: boolean,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const parameterNames = parameters ? Object.keys(parameters) : [];
  const usedParameters = new Set<string>(CATALOGUE_PARAMETER_NAMES);
  const names = new Set<string>();
  const findingShapes = new Map<string, string>();

  if (parameters) {
    const catalogue = catalogueParametersSchema.safeParse(parameters);
    if (!catalogue.success) {
      for (const issue of toValidationIssues(
        catalogueParametersSchema,
        catalogue.error,
        parameters,
      ))
        issues.push({ ...issue, path: `parameters.${issue.path}` });
    }
    for (const name of parameterNames) {
      if (!CATALOGUE_PARAMETER_NAMES.includes(name))
        checkParameterValue(parameters[name], `parameters.${name}`, issues);
    }
  }

  const checkFact = (phase: Phase, scope: Scope, fact: string, path: string) => {
    const allowed = factNamesFor(phase, scope);
    if (!allowed.includes(fact)) {
      const hint = closestKey(fact, allowed);
      issues.push({
        code: "unknown_reference",
        path,
        message: `unknown fact "${fact}" for a ${phase} rule of ${scope} scope${hint ? `; did you mean "${hint}"?` : ""}`,
      });
      return false;
    }
    return true;
  };
  /** Notes a use of a parameter and, when the parameters are known, reads it statically. */
  const readParameter = (
    segments: readonly PathSegment[],
    path: string,
  ): { known: true; value: unknown } | { known: false } => {
    const [name] = segments;
    if (typeof name !== "string" || !parameters) return { known: false };
    usedParameters.add(name);
    if (!parameterNames.includes(name)) {
      const hint = closestKey(name, parameterNames);
      issues.push({
        code: "unknown_reference",
        path,
        message: `parameter "${name}" is not defined${hint ? `; did you mean "${hint}"?` : ""}`,
      });
      return { known: false };
    }
    const value = readPath(parameters, segments);
    if (value === undefined) {
      issues.push({
        code: "unknown_reference",
        path,
        message: `parameter "${name}" has nothing at ${segments.slice(1).join(".")}`,
      });
      return { known: false };
    }
    return { known: true, value };
  };
  /** A `fact.path` reference of the event params or a template. */
  const checkRef = (phase: Phase, scope: Scope, ref: string, path: string, kind: RefKind) => {
    const [fact = "", ...rest] = ref.split(".");
    if (!checkFact(phase, scope, fact, path)) return;
    const segments = rest.length > 0 ? parsePropertyPath(rest.join(".")) : [];
    if (!segments) {
      issues.push({
        code: "invalid_format",
        path,
        message: `"${ref}" is not a fact name followed by plain property names`,
      });
      return;
    }
    if (fact !== "params") return;
    const read = readParameter(segments, path);
    if (read.known && kind !== "any" && !fitsKind(kind, read.value)) {
      issues.push({
        code: "invalid_policy",
        path,
        message: `"${ref}" must be ${REF_KIND_WORDS[kind]} here`,
      });
    }
  };
  /** A condition's `path` (or a value reference's): plain properties, parameters that exist. */
  const checkPath = (fact: unknown, conditionPath: unknown, path: string) => {
    if (typeof conditionPath !== "string") {
      issues.push({ code: "invalid_type", path, message: "must be a string such as $.dueAt" });
      return undefined;
    }
    const segments = parsePropertyPath(conditionPath);
    if (!segments) {
      issues.push({
        code: "invalid_format",
        path,
        message: `"${conditionPath}" is not a plain property path such as $.post.publishedAt`,
      });
      return undefined;
    }
    return fact === "params" ? readParameter(segments, path) : undefined;
  };

  for (const { index, rule } of rules) {
    if (issues.length >= MAX_ISSUES) break;
    const base = `rules.${index}`;
    const phase = rule.event.params.phase;
    const scope = scopeOf(rule);
    if (names.has(rule.name))
      issues.push({
        code: "duplicate_id",
        path: `${base}.name`,
        message: `duplicate rule name "${rule.name}"`,
      });
    names.add(rule.name);

    for (const { leaf, path } of leaves(rule.conditions, `${base}.conditions`)) {
      checkFact(phase, scope, leaf.fact, `${path}.fact`);
      const operatorIssue = operatorShapeIssue(leaf.operator, `${path}.operator`);
      if (operatorIssue) issues.push(operatorIssue);
      if (leaf.path !== undefined) checkPath(leaf.fact, leaf.path, `${path}.path`);
      const value = leaf.value;
      // json-rules-engine reads any object value with an own `fact` key as a fact reference.
      if (isRecord(value) && Object.hasOwn(value, "fact")) {
        for (const key of Object.keys(value)) {
          if (!REFERENCE_KEYS.has(key))
            issues.push({
              code: "unknown_key",
              path: `${path}.value.${key}`,
              message: `unknown key "${key}" in a fact reference { fact, path }`,
            });
        }
        if (typeof value.fact !== "string" || value.fact.length === 0) {
          issues.push({
            code: "invalid_type",
            path: `${path}.value.fact`,
            message: "must be the name of a fact, e.g. deliverable",
          });
          continue;
        }
        if (!checkFact(phase, scope, value.fact, `${path}.value.fact`)) continue;
        if (value.params !== undefined && !isRecord(value.params))
          issues.push({
            code: "invalid_type",
            path: `${path}.value.params`,
            message: "must be an object",
          });
        const read =
          value.path !== undefined
            ? checkPath(value.fact, value.path, `${path}.value.path`)
            : value.fact === "params"
              ? { known: true as const, value: parameters }
              : undefined;
        // A parameter is known statically: it must pair with the operator as a literal would.
        if (read?.known && !operatorIssue) {
          const problem = operandProblem(leaf.operator, read.value);
          if (problem)
            issues.push({
              code: problem.code,
              path: `${path}.value`,
              message: `${problem.message} (the parameter it refers to does not fit)`,
            });
        }
      } else if (!operatorIssue) {
        const problem = operandProblem(leaf.operator, value);
        if (problem) issues.push({ ...problem, path: `${path}.value` });
      }
    }

    const { refs, templates } = eventRefs(rule);
    for (const { path, ref, kind } of refs) checkRef(phase, scope, ref, `${base}.${path}`, kind);
    for (const { path, template } of templates) {
      const placeholders = templateRefs(template);
      if (placeholders.length > POLICY_LIMITS.templatePlaceholders) {
        issues.push({
          code: "too_many",
          path: `${base}.${path}`,
          message: `must have at most ${POLICY_LIMITS.templatePlaceholders} placeholders (has ${placeholders.length})`,
        });
        continue;
      }
      for (const ref of placeholders) checkRef(phase, scope, ref, `${base}.${path}`, "any");
    }

    if (rule.event.params.phase === "violations") {
      const shape = `${rule.event.params.kind}/${rule.event.params.scope}`;
      const known = findingShapes.get(rule.event.type);
      if (known && known !== shape) {
        issues.push({
          code: "contradiction",
          path: `${base}.event.params`,
          message: `rule "${rule.event.type}" is declared as ${known} elsewhere, here as ${shape}`,
        });
      }
      findingShapes.set(rule.event.type, shape);
    }
  }

  if (complete && parameters) {
    for (const name of parameterNames) {
      if (!usedParameters.has(name)) {
        const hint = closestKey(
          name,
          [...usedParameters].filter((used) => !parameterNames.includes(used)),
        );
        issues.push({
          code: "unknown_key",
          path: `parameters.${name}`,
          message: `parameter "${name}" is not used by any rule or by the fact catalogue${hint ? `; did you mean "${hint}"?` : ""}`,
        });
      }
    }
  }
  return issues;
}

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
    const name =
      typeof rule.name === "string"
        ? ` of rule "${rule.name.slice(0, POLICY_LIMITS.idLength)}"`
        : "";
    issues.push({
      code: excess,
      path: `rules.${index}.conditions`,
      message:
        excess === "too_deep"
          ? `the conditions${name} are nested deeper than ${POLICY_LIMITS.conditionDepth} levels`
          : `the conditions${name} number more than ${POLICY_LIMITS.conditionsPerRule}`,
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

// Policies this module validated and froze: they cannot change, so they need no second check.
const VALIDATED = new WeakSet<object>();

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

/**
 * Validates a policy (shape and references) and returns it, deep-frozen. Passing the returned
 * policy to `evaluate` (or to `parsePolicy` again) skips validation, so reuse it across calls.
 *
 * The caps of {@link POLICY_LIMITS} are checked first, without recursion; then the shape; then,
 * over every rule that has a valid shape, the references, operator/value pairings and
 * parameters, so that all problems are listed at once.
 *
 * @param input - A policy object, e.g. from a preset or `JSON.parse`.
 * @returns The validated policy: a new, deep-frozen object (`structuredClone` it to edit).
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
  if (shapeIssues.length > 0) throw new ValidationError("INVALID_POLICY", shapeIssues);

  const result = policyShapeSchema.safeParse(input);
  if (result.success) {
    const rules = result.data.rules.map((rule, index) => ({ index, rule }));
    const issues = checkPolicy(rules, result.data.parameters, true);
    if (issues.length > 0) throw new ValidationError("INVALID_POLICY", issues);
    const policy = deepFreeze(result.data);
    VALIDATED.add(policy);
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
  throw new ValidationError("INVALID_POLICY", [
    ...toValidationIssues(
      policyShapeSchema,
      new z.ZodError(focusConditionIssues(result.error.issues, input)),
      input,
    ),
    ...checkPolicy(rules, parameters, false),
  ]);
}
