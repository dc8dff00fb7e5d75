/**
 * The Policy: plain JSON data — an id, a version, parameters, and rules in json-rules-engine's
 * rule format whose `event.params` say what a match means in each phase.
 */
import { z } from "zod";
import { ValidationError, type ValidationIssue } from "../errors.js";
import { factNamesFor, type Phase, type Scope } from "../rules/catalogue.js";
import { KNOWN_OPERATORS } from "../rules/operators.js";
import { CATALOGUE_PARAMETER_NAMES, catalogueParametersSchema } from "../rules/parameters.js";
import { parsePropertyPath } from "../rules/path.js";
import { templateRefs } from "../rules/template.js";
import { closestKey, toValidationIssues } from "../validation.js";
import { ACTION_TYPES, FINDING_KINDS, SANCTION_TYPES } from "../verdict/types.js";

const OPERATOR_DECORATORS = ["someFact", "someValue", "everyFact", "everyValue", "swap", "not"];

/** A `fact.path` reference: a fact name, then a plain property path. */
const factRefSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_$0-9][A-Za-z0-9_$]*)*$/, {
  error: "must be a fact reference such as deliverable.dueAt",
});

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

const meta = { name: z.string().optional(), priority: z.number().int().min(1).optional() };

const leafConditionSchema = z.strictObject({
  fact: z.string().min(1),
  operator: z.string().min(1),
  value: jsonValue,
  path: z.string().optional(),
  params: z.record(z.string(), jsonValue).optional(),
  ...meta,
});

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
  explanation: z.string().min(1),
  since: factRefSchema.optional(),
  checkAt: factRefSchema.optional(),
  evidence: z.record(z.string(), factRefSchema).optional(),
});

/** Event params of an exceptions-phase rule: how a claim is decided. */
export const exceptionEventParamsSchema = z.strictObject({
  phase: z.literal("exceptions"),
  status: z.enum(["accepted", "rejected", "needs_review"]),
  reason: z.string().min(1),
});

const becauseSchema = z.strictObject({
  rules: z.array(z.string().min(1)).optional(),
  kinds: z.array(z.enum(FINDING_KINDS)).optional(),
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
  note: z.string().optional(),
});

/** An action a sanctions-phase rule schedules. */
export const actionSpecSchema = z.strictObject({
  type: z.enum(ACTION_TYPES),
  at: factRefSchema,
  note: z.string().min(1),
});

/** Event params of a sanctions-phase rule: a sanction, an action, or both. */
export const sanctionEventParamsSchema = z
  .strictObject({
    phase: z.literal("sanctions"),
    scope: scopeSchema,
    sanction: sanctionSpecSchema.optional(),
    action: actionSpecSchema.optional(),
  })
  .refine((params) => params.sanction || params.action, "must carry a sanction or an action");

const eventParamsSchema = z.discriminatedUnion("phase", [
  violationEventParamsSchema,
  exceptionEventParamsSchema,
  sanctionEventParamsSchema,
]);

/** One rule in json-rules-engine's format; `event.type` is the stable rule id. */
export const policyRuleSchema = z.strictObject({
  name: z.string().min(1),
  priority: z.number().int().min(1).optional(),
  conditions: topLevelConditionSchema,
  event: z.strictObject({ type: z.string().min(1), params: eventParamsSchema }),
});

/** A policy: plain, JSON-serialisable data. */
export const policySchema = z
  .strictObject({
    id: z.string().min(1),
    version: z.string().min(1),
    name: z.string().optional(),
    description: z.string().optional(),
    parameters: z.record(z.string(), jsonValue),
    rules: z.array(policyRuleSchema).min(1),
  })
  .superRefine((policy, context) => {
    const parameters = catalogueParametersSchema.safeParse(policy.parameters);
    if (!parameters.success) {
      for (const issue of parameters.error.issues) {
        context.addIssue({
          code: "custom",
          path: ["parameters", ...issue.path],
          message: issue.message,
          params: { code: issue.code === "unrecognized_keys" ? "unknown_key" : "invalid_value" },
        });
      }
    }
    for (const issue of checkPolicyReferences(policy as Policy)) {
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

/** The fact refs and templates of a rule's event params, with their paths. */
function eventRefs(rule: PolicyRule): Array<{ path: string; ref: string }> {
  const params = rule.event.params;
  const refs: Array<{ path: string; ref: string }> = [];
  const addTemplate = (path: string, template: string | undefined) => {
    for (const ref of templateRefs(template ?? "")) refs.push({ path, ref });
  };
  if (params.phase === "violations") {
    addTemplate("event.params.explanation", params.explanation);
    if (params.since) refs.push({ path: "event.params.since", ref: params.since });
    if (params.checkAt) refs.push({ path: "event.params.checkAt", ref: params.checkAt });
    for (const [key, ref] of Object.entries(params.evidence ?? {}))
      refs.push({ path: `event.params.evidence.${key}`, ref });
  } else if (params.phase === "exceptions") {
    addTemplate("event.params.reason", params.reason);
  } else {
    const { sanction, action } = params;
    if (sanction) {
      for (const key of ["amount", "until", "scoreDelta"] as const) {
        const ref = sanction[key];
        if (typeof ref === "string") refs.push({ path: `event.params.sanction.${key}`, ref });
      }
      if (sanction.because.fact)
        refs.push({ path: "event.params.sanction.because.fact", ref: sanction.because.fact });
      addTemplate("event.params.sanction.note", sanction.note);
    }
    if (action) {
      refs.push({ path: "event.params.action.at", ref: action.at });
      addTemplate("event.params.action.note", action.note);
    }
  }
  return refs;
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

function operatorKnown(operator: string): boolean {
  const parts = operator.split(":");
  const base = parts.pop() ?? "";
  return (
    KNOWN_OPERATORS.includes(base) && parts.every((part) => OPERATOR_DECORATORS.includes(part))
  );
}

/**
 * Static checks json-rules-engine would only fail at run time, or never: unknown facts and
 * operators, unsafe paths, dangling parameter references, unused (likely misspelt) parameters,
 * duplicate rule names, and finding ids declared with conflicting kinds or scopes.
 */
function checkPolicyReferences(policy: Policy): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const parameterNames = Object.keys(policy.parameters);
  const usedParameters = new Set<string>(CATALOGUE_PARAMETER_NAMES);
  const names = new Set<string>();
  const findingShapes = new Map<string, string>();

  const checkFact = (phase: Phase, scope: Scope, fact: string, path: string) => {
    const allowed = factNamesFor(phase, scope);
    if (!allowed.includes(fact)) {
      const hint = closestKey(fact, allowed);
      issues.push({
        code: "unknown_reference",
        path,
        message: `unknown fact "${fact}" for a ${phase} rule of ${scope} scope${hint ? `; did you mean "${hint}"?` : ""}`,
      });
    }
  };
  const checkRef = (phase: Phase, scope: Scope, ref: string, path: string) => {
    const [fact = "", first] = ref.split(".");
    checkFact(phase, scope, fact, path);
    if (fact === "params" && first) noteParameter(first, path);
  };
  const noteParameter = (name: string, path: string) => {
    usedParameters.add(name);
    if (!parameterNames.includes(name)) {
      const hint = closestKey(name, parameterNames);
      issues.push({
        code: "unknown_reference",
        path,
        message: `parameter "${name}" is not defined${hint ? `; did you mean "${hint}"?` : ""}`,
      });
    }
  };

  policy.rules.forEach((rule, index) => {
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
      if (!operatorKnown(leaf.operator)) {
        const hint = closestKey(leaf.operator, KNOWN_OPERATORS);
        issues.push({
          code: "invalid_policy",
          path: `${path}.operator`,
          message: `unknown operator "${leaf.operator}"${hint ? `; did you mean "${hint}"?` : ""}`,
        });
      }
      if (leaf.path !== undefined) {
        const segments = parsePropertyPath(leaf.path);
        if (!segments) {
          issues.push({
            code: "invalid_format",
            path: `${path}.path`,
            message: `"${leaf.path}" is not a plain property path such as $.post.publishedAt`,
          });
        } else if (leaf.fact === "params" && typeof segments[0] === "string") {
          noteParameter(segments[0], `${path}.path`);
        }
      }
      const value = leaf.value as { fact?: unknown; path?: unknown } | null;
      if (value && typeof value === "object" && typeof value.fact === "string") {
        checkFact(phase, scope, value.fact, `${path}.value.fact`);
        const segments = typeof value.path === "string" ? parsePropertyPath(value.path) : [];
        if (!segments) {
          issues.push({
            code: "invalid_format",
            path: `${path}.value.path`,
            message: `"${String(value.path)}" is not a plain property path`,
          });
        } else if (value.fact === "params" && typeof segments[0] === "string") {
          noteParameter(segments[0], `${path}.value.path`);
        }
      }
    }
    for (const { path, ref } of eventRefs(rule)) checkRef(phase, scope, ref, `${base}.${path}`);

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
  });

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
  return issues;
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
 * @param input - A policy object, e.g. from a preset or `JSON.parse`.
 * @returns The validated policy: a new, deep-frozen object (`structuredClone` it to edit).
 * @throws {@link ValidationError} with code `INVALID_POLICY` listing every problem with its path.
 * @example
 * const policy = parsePolicy(JSON.parse(storedPolicyJson));
 */
export function parsePolicy(input: unknown): Policy {
  if (typeof input === "object" && input !== null && VALIDATED.has(input)) return input as Policy;
  const result = policySchema.safeParse(input);
  if (!result.success) {
    throw new ValidationError("INVALID_POLICY", toValidationIssues(policySchema, result.error));
  }
  const policy = deepFreeze(result.data);
  VALIDATED.add(policy);
  return policy;
}
