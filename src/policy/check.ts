/**
 * The complete static checker of a policy (principle 3, "validated means runnable"): every
 * segment of every fact path, value reference, template placeholder, evidence entry and event
 * reference is resolved against the fact registry's shapes; every operator is paired with the
 * kinds of both its sides (an equality's literal, or the parameter a value refers to, must be of
 * the kind the fact holds); every referenced rule id and finding kind must exist. Every problem is reported at
 * once, in rule order, at the dotted path of `ValidationIssue`s elsewhere; `parsePolicy` then
 * names the rule in each path (`rules["mediance.post-not-registered/missing"].conditions.all[1]
 * .fact`), so the messages do not repeat the rule's name.
 */
import {
  formatFactRef,
  type PathSegment,
  parseFactRef,
  parsePropertyPath,
  readPath,
} from "../core/path.js";
import { scanTemplate } from "../core/placeholders.js";
import { FINDING_ROLES } from "../core/vocabulary.js";
import { factShapesFor, type Phase, type Scope } from "../derive/catalogue.js";
import { CATALOGUE_PARAMETER_NAMES, catalogueParametersSchema } from "../derive/parameters.js";
import { FACTS } from "../derive/registry.js";
import {
  describeShape,
  fieldsOf,
  resolveShape,
  type Shape,
  s,
  shapeOfValue,
} from "../derive/shape.js";
import { MAX_ISSUES, type ValidationIssue } from "../errors.js";
import { durationSchema, instantSchema, moneySchema } from "../facts/schema.js";
import { toValidationIssues } from "../validation.js";
import {
  type Comparison,
  checkOperands,
  KNOWN_OPERATORS,
  OPERATOR_ALIASES,
  OPERATOR_DECORATORS,
  type Operand,
} from "./operators.js";
import type { Condition, LeafCondition, PolicyRule } from "./schema.js";

/**
 * The documented caps on policies. Each is enforced by `parsePolicy` as a `ValidationError`
 * (code `too_deep`, `too_many`, `too_long` or `too_big`) at its path, before any schema
 * recurses, so no policy can exhaust the stack or make an evaluation slow.
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

// The edit distance is quadratic: hint only for key-sized strings (a typo is short).
const MAX_HINTED = 64;

/** Edit distance counting a swap of neighbours as one edit (optimal string alignment). */
function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, (before[j - 2] ?? 0) + 1);
      current[j] = best;
    }
    before = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function commonPrefix(a: string, b: string): number {
  let length = 0;
  while (length < a.length && length < b.length && a[length] === b[length]) length++;
  return length;
}

/**
 * The most likely intended name for an unknown one, ranked: a case-insensitive match, then a
 * known alias (`greaterThanOrEqual` means `greaterThanInclusive`), then a name that one is a
 * prefix of (`postedd` → `posted`), longest shared prefix first, then the smallest edit
 * distance within half the name's length.
 *
 * @param unknown - The name as written.
 * @param known - The names valid there.
 * @param aliases - Lower-cased names that mean a known one.
 * @returns The hint, or undefined when nothing is close.
 */
export function suggest(
  unknown: string,
  known: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
): string | undefined {
  if (unknown.length > MAX_HINTED || known.length === 0) return undefined;
  const lower = unknown.toLowerCase();
  const candidates = known.filter((key) => key.length <= MAX_HINTED);
  const exact = candidates.find((key) => key.toLowerCase() === lower);
  if (exact) return exact;
  const alias = Object.hasOwn(aliases, lower) ? aliases[lower] : undefined;
  if (alias && candidates.includes(alias)) return alias;
  let best: { key: string; prefix: number; distance: number } | undefined;
  for (const key of candidates) {
    const other = key.toLowerCase();
    if (lower.length < 2 || !(other.startsWith(lower) || lower.startsWith(other))) continue;
    const prefix = commonPrefix(lower, other);
    const distance = editDistance(lower, other);
    if (!best || prefix > best.prefix || (prefix === best.prefix && distance < best.distance))
      best = { key, prefix, distance };
  }
  if (best) return best.key;
  let closest: { key: string; distance: number } | undefined;
  for (const key of candidates) {
    const distance = editDistance(lower, key.toLowerCase());
    if (!closest || distance < closest.distance) closest = { key, distance };
  }
  const limit = Math.max(2, Math.floor(unknown.length / 2));
  return closest && closest.distance <= limit ? closest.key : undefined;
}

const hint = (name: string | undefined) => (name ? `; did you mean "${name}"?` : "");

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const DURATION_KEYS = new Set(["years", "months", "weeks", "days", "hours", "minutes", "seconds"]);

/** A non-empty object of duration units only: rendered and added as a duration, so it must be one. */
function looksLikeDuration(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => DURATION_KEYS.has(key));
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
    const prefix = parts.filter((part) => OPERATOR_DECORATORS.includes(part));
    const baseHint =
      parts.length === prefix.length ? suggest(base, KNOWN_OPERATORS, OPERATOR_ALIASES) : undefined;
    const suggestion = baseHint
      ? [...prefix, baseHint].join(":")
      : suggest(operator, KNOWN_OPERATORS, OPERATOR_ALIASES);
    return {
      code: "invalid_policy",
      path,
      message: `unknown operator "${operator}"${hint(suggestion)}`,
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

/** The `findings` flags that say a finding of one kind exists, by condition path. */
const FINDING_KIND_FLAGS: Readonly<Record<string, string>> = {
  "$.noShow": "no_show",
  "$.breach": "breach",
};

const REFERENCE_KEYS = new Set(["fact", "path", "params"]);

function scopeOf(rule: PolicyRule): Scope {
  return rule.event.params.phase === "exceptions" ? "campaign" : rule.event.params.scope;
}

/** What an event reference must resolve to. */
type RefKind = "instant" | "money" | "integer" | "ids" | "any";

const REF_KIND_WORDS: Record<Exclude<RefKind, "any">, string> = {
  instant: "an ISO-8601 instant with an offset",
  money: "money { amount, currency }",
  integer: "an integer",
  ids: "a string or a list of strings",
};

/** A literal parameter value fits an event reference's kind. */
function valueFitsKind(kind: RefKind, value: unknown): boolean {
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

/** A fact's shape fits an event reference's kind. */
function shapeFitsKind(kind: RefKind, shape: Shape): boolean {
  if (shape.kind === "unknown" || kind === "any") return true;
  switch (kind) {
    case "instant":
      return shape.kind === "instant";
    case "money":
      return shape.kind === "money";
    case "integer":
      return shape.kind === "integer";
    case "ids": {
      const strings = (item: Shape) =>
        item.kind === "string" || item.kind === "enum" || item.kind === "unknown";
      return strings(shape) || (shape.kind === "array" && strings(shape.items));
    }
    default:
      return true;
  }
}

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

/**
 * Every leaf condition, with the leaves that must also hold for it to count (its siblings in the
 * enclosing `all` groups, up to the first `any`) and whether it sits under a `not`.
 */
function* leaves(
  condition: Condition,
  path: string,
  together: readonly LeafCondition[] = [],
  negated = false,
): Generator<{
  leaf: LeafCondition;
  path: string;
  together: readonly LeafCondition[];
  negated: boolean;
}> {
  if ("all" in condition) {
    const here = [
      ...together,
      ...condition.all.filter((child): child is LeafCondition => "fact" in child),
    ];
    for (const [i, child] of condition.all.entries())
      yield* leaves(child, `${path}.all.${i}`, here, negated);
  } else if ("any" in condition)
    for (const [i, child] of condition.any.entries())
      yield* leaves(child, `${path}.any.${i}`, [], negated);
  else if ("not" in condition) yield* leaves(condition.not, `${path}.not`, [], !negated);
  else yield { leaf: condition, path, together, negated };
}

/** Equality operators whose negation (`notEqual`, `not:equal`) also matches a missing value. */
const NEGATED_EQUALITIES = new Set(["notEqual", "notIn", "doesNotContain"]);
const EQUALITIES = new Set(["equal", "in", "contains", "intersects"]);

/** The operator is a negated equality: it holds for a value that is not there at all. */
function isNegatedEquality(operator: string): boolean {
  const parts = operator.split(":");
  const base = parts.pop() ?? "";
  if (parts.some((part) => part !== "not")) return false;
  const flips = parts.length % 2 === 1;
  return flips ? EQUALITIES.has(base) : NEGATED_EQUALITIES.has(base);
}

/** A condition that only holds when the value at its path is there (so every parent is too). */
function provesPresent(leaf: LeafCondition): boolean {
  if (leaf.operator === "isPresent") return leaf.value === true;
  if (leaf.operator.includes(":") || NEGATED_EQUALITIES.has(leaf.operator)) return false;
  if (leaf.value === null || (isRecord(leaf.value) && Object.hasOwn(leaf.value, "fact")))
    return false;
  return !(Array.isArray(leaf.value) && leaf.value.includes(null));
}

/**
 * The depth of the deepest strict parent of a path that may itself be null or absent (0: the
 * fact), or -1 when every parent is always there: a negated equality on the path then also
 * matches when that parent is missing.
 */
function deepestMissingParent(root: Shape, segments: readonly PathSegment[]): number {
  let deepest = root.nullable || root.optional ? 0 : -1;
  let current: Shape | undefined = root;
  for (let index = 0; index < segments.length - 1 && current; index++) {
    const segment = segments[index] as PathSegment;
    if (current.kind === "unknown") return deepest;
    if (current.kind === "array") {
      current = typeof segment === "number" ? current.items : undefined;
      if (current) deepest = index + 1;
      continue;
    }
    if (current.kind === "record") {
      current = current.values;
      deepest = index + 1;
      continue;
    }
    const fields = fieldsOf(current);
    current =
      fields && typeof segment === "string" && Object.hasOwn(fields, segment)
        ? fields[segment]
        : undefined;
    if (current && (current.nullable || current.optional)) deepest = index + 1;
  }
  return deepest;
}

/**
 * A reference for messages, as it is written: `deliverable.retention.status`,
 * `deliverables.missingIds[0]`, `findings.byRule["a.b-c"]`.
 */
function label(fact: string, segments: readonly PathSegment[]): string {
  return formatFactRef(fact, segments);
}

/** Some condition that holds together with this one proves the parent at `depth` is there. */
function guarded(
  fact: string,
  segments: readonly PathSegment[],
  depth: number,
  together: readonly LeafCondition[],
): boolean {
  return together.some((other) => {
    if (other.fact !== fact || !provesPresent(other)) return false;
    const own = other.path === undefined ? [] : parsePropertyPath(other.path);
    if (!own || own.length < depth) return false;
    // A proven value is there, and so is each of its parents: a prefix of ours as deep as needed.
    return own.slice(0, depth).every((segment, index) => segment === segments[index]);
  });
}

/**
 * Checks the rules of a policy statically: facts and every path segment against the registry,
 * operators against the kinds of both sides, value references, event references and templates,
 * referenced rule ids, parameters (unused ones, unbounded durations, unknown currencies),
 * duplicate rule names, and finding ids declared with conflicting kinds or scopes.
 *
 * @param rules - The rules that parsed, with their index in the policy.
 * @param parameters - The parameters, when they parsed.
 * @param complete - Every rule parsed: only then are unused parameters and rule ids that no rule
 *   declares reported (a rule that failed to parse might have declared them).
 * @returns The issues, in rule order.
 */
export function checkPolicy(
  rules: ReadonlyArray<{ index: number; rule: PolicyRule }>,
  parameters: Record<string, unknown> | undefined,
  complete: boolean,
): ValidationIssue[] {
  policyChecks.count += 1;
  const issues: ValidationIssue[] = [];
  const parameterNames = parameters ? Object.keys(parameters) : [];
  const parameterSet = new Set(parameterNames);
  const usedParameters = new Set<string>(CATALOGUE_PARAMETER_NAMES);
  const names = new Set<string>();
  const findingShapes = new Map<string, string>();
  const findingRoleOf = new Map<string, { role: string; name: string }>();
  // The finding rule ids this policy declares, for rule-id references (because.rules, findings).
  const findingRuleSet = new Set<string>();
  // By scope, for finding keys: a campaign-scope finding's key is its rule id, a deliverable-scope
  // one's is `rule@deliverableId`.
  const keyedByRule = { campaign: new Set<string>(), deliverable: new Set<string>() };
  for (const { rule } of rules)
    if (rule.event.params.phase === "violations") {
      findingRuleSet.add(rule.event.type);
      keyedByRule[rule.event.params.scope].add(rule.event.type);
    }
  const findingRules = [...findingRuleSet];
  // The finding kinds this policy's rules declare, for kind references (because.kinds, findings).
  const findingKinds = new Set<string>();
  for (const { rule } of rules)
    if (rule.event.params.phase === "violations") findingKinds.add(rule.event.params.kind);
  // The roles this policy's finding rules declare, for role references (because.roles, findings).
  const findingRoleSet = new Set<string>();
  for (const { rule } of rules)
    if (rule.event.params.phase === "violations") findingRoleSet.add(rule.event.params.role);
  const findingRoles = [...findingRoleSet];
  /** Why a role no finding rule of this policy declares can never be referred to. */
  const unknownRole = (role: string, consequence: string): string =>
    (FINDING_ROLES as readonly string[]).includes(role)
      ? `no finding rule of this policy has the role "${role}", so ${consequence}${
          findingRoles.length > 0 ? ` (the roles declared: ${findingRoles.join(", ")})` : ""
        }`
      : `"${role}" is not a finding role${hint(suggest(role, findingRoles.length > 0 ? findingRoles : FINDING_ROLES))} (the roles: ${FINDING_ROLES.join(", ")})`;

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

  for (const { index, rule } of rules) {
    if (issues.length >= MAX_ISSUES) break;
    const base = `rules.${index}`;
    const phase: Phase = rule.event.params.phase;
    const scope = scopeOf(rule);
    const facts = factShapesFor(phase, scope);

    /** The shape of a fact name, or undefined (reported) when the rule may not read it. */
    const factShape = (fact: string, path: string): Shape | undefined => {
      if (Object.hasOwn(facts, fact)) return facts[fact];
      // A fact of another phase or scope: say where it is read, not which name looks alike.
      const elsewhere = Object.hasOwn(FACTS, fact) ? FACTS[fact] : undefined;
      issues.push({
        code: "unknown_reference",
        path,
        message: `unknown fact "${fact}" for a ${phase} rule of ${scope} scope${
          elsewhere && elsewhere.in !== "common"
            ? `; it is read by ${elsewhere.in.phases.join(" and ")} rules of ${elsewhere.in.scopes.join(" or ")} scope only`
            : hint(suggest(fact, Object.keys(facts)))
        }`,
      });
      return undefined;
    };

    /** Resolves a parameter path statically (the parameters are data); undefined if unknown. */
    const parameterShape = (segments: readonly PathSegment[], path: string): Shape | undefined => {
      const [name] = segments;
      if (typeof name !== "string") return s.unknown();
      if (!parameters) return s.unknown();
      usedParameters.add(name);
      if (!parameterSet.has(name)) {
        issues.push({
          code: "unknown_reference",
          path,
          message: `parameter "${name}" is not defined${hint(suggest(name, parameterNames))}`,
        });
        return undefined;
      }
      const value = readPath(parameters, segments);
      if (value === undefined) {
        issues.push({
          code: "unknown_reference",
          path,
          message: `parameter "${name}" has nothing at ${segments.slice(1).join(".")}`,
        });
        return undefined;
      }
      return shapeOfValue(value);
    };

    /**
     * The shape a fact and path resolve to, or undefined when they do not (reported at `path`).
     * `display` is how the reference is written, for messages.
     */
    const resolve = (
      fact: string,
      segments: readonly PathSegment[],
      path: string,
      display: string,
    ): Shape | undefined => {
      if (fact === "params") {
        return segments.length === 0
          ? parameters
            ? shapeOfValue(parameters)
            : s.unknown()
          : parameterShape(segments, path);
      }
      const root = facts[fact];
      if (!root) return undefined;
      const resolution = resolveShape(root, segments);
      if (resolution.ok) {
        const [ruleSegment] = segments.slice(-1);
        // A record keyed by rule id (findings.byRule.<id>): the key must be a finding rule.
        const parent = resolveShape(root, segments.slice(0, -1));
        if (
          complete &&
          parent.ok &&
          parent.shape.kind === "record" &&
          parent.shape.keys === "ruleId" &&
          typeof ruleSegment === "string" &&
          !findingRuleSet.has(ruleSegment)
        ) {
          issues.push({
            code: "unknown_reference",
            path,
            message: `${display} reads the finding rule "${ruleSegment}", which this policy does not declare${hint(suggest(ruleSegment, findingRules))}`,
          });
          return undefined;
        }
        if (
          complete &&
          parent.ok &&
          parent.shape.kind === "record" &&
          parent.shape.keys === "role" &&
          typeof ruleSegment === "string" &&
          !findingRoleSet.has(ruleSegment)
        ) {
          issues.push({
            code: "unknown_reference",
            path,
            message: unknownRole(ruleSegment, `${display} is never set`),
          });
          return undefined;
        }
        return resolution.shape;
      }
      const segment = segments[resolution.at];
      const where = label(fact, segments.slice(0, resolution.at));
      issues.push({
        code: "unknown_reference",
        path,
        message:
          resolution.known.length > 0 || resolution.parent.kind === "object"
            ? `"${display}": ${where} has no field "${String(segment)}"${hint(typeof segment === "string" ? suggest(segment, resolution.known) : undefined)}`
            : `"${display}": ${where} is ${describeShape(resolution.parent)}, with no field "${String(segment)}"`,
      });
      return undefined;
    };

    /** A `fact.path` reference of the event params or a template. */
    const checkRef = (ref: string, path: string, kind: RefKind, display = ref) => {
      const split = parseFactRef(ref);
      const fact = split?.fact ?? ref.split(/[.[]/)[0] ?? "";
      if (!factShape(fact, path)) return;
      const segments = split?.segments;
      if (!segments) {
        issues.push({
          code: "invalid_format",
          path,
          message: `"${ref}" is not a fact name followed by plain property names (a key such as a rule id with "." or "-" goes in brackets: findings.byRule["a.b-c"])`,
        });
        return;
      }
      if (fact === "params") {
        // A parameter is data: check its very value (a shape would lose e.g. a bad currency).
        const before = issues.length;
        const shape = resolve(fact, segments, path, display);
        if (!shape || issues.length > before) return;
        const value = segments.length === 0 ? parameters : readPath(parameters, segments);
        if (parameters && kind !== "any" && !valueFitsKind(kind, value)) {
          issues.push({
            code: "invalid_policy",
            path,
            message: `"${ref}" must be ${REF_KIND_WORDS[kind]} here`,
          });
        }
        return;
      }
      const shape = resolve(fact, segments, path, display);
      if (shape && kind !== "any" && !shapeFitsKind(kind, shape)) {
        issues.push({
          code: "invalid_policy",
          path,
          message: `"${ref}" must be ${REF_KIND_WORDS[kind]} here, but it is ${describeShape(shape)}`,
        });
      }
    };

    /** A condition's `path` (or a value reference's): a plain property path. */
    const pathSegments = (conditionPath: unknown, path: string): PathSegment[] | undefined => {
      if (typeof conditionPath !== "string") {
        issues.push({ code: "invalid_type", path, message: "must be a string such as $.dueAt" });
        return undefined;
      }
      const segments = parsePropertyPath(conditionPath);
      if (!segments) {
        issues.push({
          code: "invalid_format",
          path,
          message: `"${conditionPath}" is not a plain property path such as $.retention.status`,
        });
        return undefined;
      }
      return segments;
    };

    /**
     * Whether a finding key can occur: the id of a campaign-scope finding rule, or
     * `rule@deliverableId` for a deliverable-scope one. A rule id and a deliverable id may both
     * hold `@`, so each `@` is a possible cut.
     */
    const keyNamesRule = (key: string): boolean => {
      if (keyedByRule.campaign.has(key)) return true;
      // A rule id is at most POLICY_LIMITS.idLength long: no later cut can name one (and a
      // long key of many "@" costs its length, not its length squared).
      for (
        let at = key.indexOf("@");
        at !== -1 && at <= POLICY_LIMITS.idLength;
        at = key.indexOf("@", at + 1)
      )
        // A deliverable id is never empty: `rule@` is no key.
        if (at < key.length - 1 && keyedByRule.deliverable.has(key.slice(0, at))) return true;
      return false;
    };

    /** Why a key that starts with a finding rule of this policy is none of its keys, if so. */
    const keyScopeProblem = (key: string): string | undefined => {
      if (keyedByRule.deliverable.has(key))
        return `"${key}" is a finding rule of deliverable scope: its keys are "${key}@<deliverable id>"`;
      for (let at = key.indexOf("@"); at !== -1 && at <= POLICY_LIMITS.idLength; ) {
        const rule = key.slice(0, at);
        if (keyedByRule.campaign.has(rule))
          return `"${rule}" is a finding rule of campaign scope: its key is "${rule}" alone`;
        at = key.indexOf("@", at + 1);
      }
      return undefined;
    };

    /** A literal compared with a named fact value: an enum member, a rule id, a finding key. */
    const checkComparison = (
      { shape, label: where, literal }: Comparison,
      path: string,
      suffix = "",
    ) => {
      if (typeof literal !== "string") return;
      if (shape.kind === "enum" && !shape.values.includes(literal)) {
        issues.push({
          code: "invalid_policy",
          path,
          message: `${where} is never "${literal}"${suffix}: it is ${describeShape(shape)}${hint(suggest(literal, shape.values))}`,
        });
        return;
      }
      if (!complete || !shape.names) return;
      if (shape.names === "role") {
        if (!findingRoleSet.has(literal))
          issues.push({
            code: "unknown_reference",
            path,
            message: `${unknownRole(literal, `${where} never holds it`)}${suffix}`,
          });
        return;
      }
      if (shape.names === "findingKey" ? keyNamesRule(literal) : findingRuleSet.has(literal))
        return;
      const scope = shape.names === "findingKey" ? keyScopeProblem(literal) : undefined;
      if (scope) {
        issues.push({
          code: "unknown_reference",
          path,
          message: `${scope}, so ${where} never holds "${literal}"${suffix}`,
        });
        return;
      }
      const rule = shape.names === "findingKey" ? (literal.split("@")[0] ?? "") : literal;
      issues.push({
        code: "unknown_reference",
        path,
        message: `"${rule}" is not a finding rule of this policy, so ${where} never holds it${suffix}${hint(suggest(rule, findingRules))}`,
      });
    };

    if (names.has(rule.name))
      issues.push({
        code: "duplicate_id",
        path: `${base}.name`,
        message: `duplicate rule name "${rule.name}"`,
      });
    names.add(rule.name);

    for (const { leaf, path, together, negated } of leaves(rule.conditions, `${base}.conditions`)) {
      const root = factShape(leaf.fact, `${path}.fact`);
      const operatorIssue = operatorShapeIssue(leaf.operator, `${path}.operator`);
      if (operatorIssue) issues.push(operatorIssue);
      let factOperand: Operand | undefined;
      // Reported once the operands fit: a kind mismatch is the first thing to fix.
      let missingParent: ValidationIssue | undefined;
      if (root) {
        const segments = leaf.path === undefined ? [] : pathSegments(leaf.path, `${path}.path`);
        if (segments) {
          const display = label(leaf.fact, segments);
          const shape = resolve(
            leaf.fact,
            segments,
            leaf.path === undefined ? `${path}.fact` : `${path}.path`,
            display,
          );
          if (shape) {
            // The params fact holds the parameters as written: an instant there is plain text.
            const held = leaf.fact === "params" && shape.kind === "instant" ? s.string() : shape;
            // A null fact is read as null whatever the path (the path applies to objects only).
            factOperand = {
              shape: held,
              label: display,
              mayBeNull: segments.length > 0 && root.nullable === true,
            };
            const missing = leaf.fact === "params" ? -1 : deepestMissingParent(root, segments);
            if (
              !operatorIssue &&
              missing >= 0 &&
              !negated &&
              isNegatedEquality(leaf.operator) &&
              leaf.value !== null &&
              !(Array.isArray(leaf.value) && leaf.value.includes(null)) &&
              !guarded(leaf.fact, segments, missing, together)
            ) {
              const parent = label(leaf.fact, segments.slice(0, missing));
              missingParent = {
                code: "invalid_policy",
                path: `${path}.operator`,
                message: `"${leaf.operator}" on ${display} also holds when ${parent} is null or absent (it may be, so ${display} reads null): add { fact: "${leaf.fact}"${missing > 0 ? `, path: "$.${segments.slice(0, missing).join(".")}"` : ""}, operator: "isPresent", value: true } to the same all, or compare with what it is`,
              };
            }
          }
        }
      }
      // findings.noShow / findings.breach: true only when some finding rule is of that kind.
      const kindFlag =
        complete && leaf.fact === "findings" && typeof leaf.path === "string"
          ? FINDING_KIND_FLAGS[leaf.path]
          : undefined;
      if (kindFlag && !findingKinds.has(kindFlag)) {
        issues.push({
          code: "unknown_reference",
          path: `${path}.path`,
          message: `no finding rule of this policy is of kind "${kindFlag}", so findings.${kindFlag === "no_show" ? "noShow" : "breach"} is always false`,
        });
      }
      const value = leaf.value;
      let valueOperand: Operand | undefined;
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
        if (!factShape(value.fact, `${path}.value.fact`)) continue;
        if (value.params !== undefined && !isRecord(value.params))
          issues.push({
            code: "invalid_type",
            path: `${path}.value.params`,
            message: "must be an object",
          });
        const segments =
          value.path === undefined ? [] : pathSegments(value.path, `${path}.value.path`);
        if (!segments) continue;
        const display = label(value.fact, segments);
        const shape = resolve(
          value.fact,
          segments,
          value.path === undefined ? `${path}.value.fact` : `${path}.value.path`,
          display,
        );
        if (!shape) continue;
        // A parameter is data: it pairs with the operator as the literal it is.
        valueOperand =
          value.fact === "params" && parameters
            ? { literal: segments.length === 0 ? parameters : readPath(parameters, segments) }
            : { shape, label: display };
        if (value.fact === "params" && parameters && !operatorIssue) {
          // Checked exactly as the literal it is: kinds, enum members, rule ids.
          const comparisons: Comparison[] = [];
          const problem = checkOperands(
            leaf.operator,
            factOperand ?? { shape: s.unknown(), label: leaf.fact },
            valueOperand,
            comparisons,
          );
          const suffix = ` (the parameter it refers to does not fit)`;
          if (problem) {
            issues.push({
              code: problem.code,
              path: `${path}.value`,
              message: `${problem.message}${suffix}`,
            });
          } else {
            if (missingParent) issues.push(missingParent);
            for (const comparison of comparisons)
              checkComparison(comparison, `${path}.value`, ` (in the parameter ${display})`);
          }
          continue;
        }
      } else {
        valueOperand = { literal: value };
      }
      if (operatorIssue || !valueOperand) {
        if (missingParent) issues.push(missingParent);
        continue;
      }
      const comparisons: Comparison[] = [];
      const problem = checkOperands(
        leaf.operator,
        factOperand ?? { shape: s.unknown(), label: leaf.fact },
        valueOperand,
        comparisons,
      );
      if (problem) {
        issues.push({
          code: problem.code,
          path: `${path}.value`,
          message: problem.message,
        });
        continue;
      }
      if (missingParent) issues.push(missingParent);
      for (const comparison of comparisons) checkComparison(comparison, `${path}.value`);
    }

    const { refs, templates } = eventRefs(rule);
    for (const { path, ref, kind } of refs) checkRef(ref, `${base}.${path}`, kind);
    for (const { path, template } of templates) {
      const { refs: placeholders, malformed } = scanTemplate(template);
      // A malformed brace would be printed as written: refused, each named with where it is.
      for (const problem of malformed.slice(0, MAX_ISSUES))
        issues.push({
          code: "invalid_format",
          path: `${base}.${path}`,
          message: `${problem.message}; write a placeholder as {fact.path}, e.g. {deliverable.dueAt}`,
        });
      if (placeholders.length > POLICY_LIMITS.templatePlaceholders) {
        issues.push({
          code: "too_many",
          path: `${base}.${path}`,
          message: `must have at most ${POLICY_LIMITS.templatePlaceholders} placeholders (has ${placeholders.length})`,
        });
        continue;
      }
      for (const ref of placeholders) checkRef(ref, `${base}.${path}`, "any", `{${ref}}`);
    }

    const params = rule.event.params;
    if (params.phase === "sanctions" && params.sanction?.because.rules && complete) {
      params.sanction.because.rules.forEach((id, position) => {
        if (findingRuleSet.has(id)) return;
        issues.push({
          code: "unknown_reference",
          path: `${base}.event.params.sanction.because.rules.${position}`,
          message: `"${id}" is not a finding rule of this policy${hint(suggest(id, findingRules))}`,
        });
      });
    }

    if (params.phase === "sanctions" && params.sanction?.because.kinds && complete) {
      params.sanction.because.kinds.forEach((kind, position) => {
        if (findingKinds.has(kind)) return;
        issues.push({
          code: "unknown_reference",
          path: `${base}.event.params.sanction.because.kinds.${position}`,
          message: `no finding rule of this policy is of kind "${kind}", so no finding is ever one`,
        });
      });
    }

    if (params.phase === "sanctions" && params.sanction?.because.roles && complete) {
      params.sanction.because.roles.forEach((role, position) => {
        if (findingRoleSet.has(role)) return;
        issues.push({
          code: "unknown_reference",
          path: `${base}.event.params.sanction.because.roles.${position}`,
          message: unknownRole(role, "no finding is ever one"),
        });
      });
    }

    if (params.phase === "violations") {
      const knownRole = findingRoleOf.get(rule.event.type);
      if (knownRole && knownRole.role !== params.role) {
        issues.push({
          code: "contradiction",
          path: `${base}.event.params.role`,
          message: `rule "${rule.event.type}" has the role "${knownRole.role}" in its branch "${knownRole.name}", here "${params.role}": every branch of a finding rule declares the same role`,
        });
      } else if (!knownRole)
        findingRoleOf.set(rule.event.type, { role: params.role, name: rule.name });
      const shape = `${params.kind}/${params.scope}`;
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
    // Names referred to but not defined: the likely intended spellings of an unused parameter.
    const unknownUsed = [...usedParameters].filter((used) => !parameterSet.has(used));
    for (const name of parameterNames) {
      if (!usedParameters.has(name)) {
        issues.push({
          code: "unknown_key",
          path: `parameters.${name}`,
          message: `parameter "${name}" is not used by any rule or by the fact catalogue${hint(suggest(name, unknownUsed))}`,
        });
      }
    }
  }
  return issues;
}

/** How many times {@link checkPolicy} ran (for tests of the validation cache). */
export const policyChecks = { count: 0 };
