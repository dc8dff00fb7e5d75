/**
 * Composition: a policy built from another (a preset or stored JSON) by dropping rules, adding
 * custom rules or another policy's rules (by id, by role or by phase), overriding one rule, and
 * setting parameters. The result is checked like any policy, and every problem names the rule.
 */
import { type PathSegment, parsePropertyPath } from "../core/path.js";
import { templateRefs } from "../core/placeholders.js";
import { FINDING_ROLES, type FindingRole } from "../core/vocabulary.js";
import type { Phase } from "../derive/catalogue.js";
import { CATALOGUE_PARAMETER_NAMES } from "../derive/parameters.js";
import { isValidationError, ValidationError, type ValidationIssue } from "../errors.js";
import { suggest } from "./check.js";
import { canonicalJson } from "./digest.js";
import { type Condition, type Policy, type PolicyRule, parsePolicy } from "./schema.js";

/**
 * Rules taken from another policy. With none of `rules`, `roles` and `phases`, every rule; with
 * some, every rule that any of them selects.
 */
export interface RulesFrom {
  /** The policy to take rules from: a preset or any policy `parsePolicy` accepts. */
  from: unknown;
  /** Rule ids (`event.type`, e.g. `refluenced.remedy`) or rule names (`refluenced.remedy/invoice-product`). */
  rules?: readonly string[];
  /** The finding rules of these roles (all their branches). */
  roles?: readonly FindingRole[];
  /** Every rule of these phases, e.g. `["sanctions"]` for another policy's remedies. */
  phases?: readonly Phase[];
}

/** What {@link extendPolicy} adds: one rule, a list of rules, or rules taken from another policy. */
export type RuleAddition = PolicyRule | readonly PolicyRule[] | RulesFrom;

/** The options of {@link extendPolicy}. */
export interface ExtendOptions {
  /** The new policy's id (required: a composed policy is not the base). */
  id: string;
  /** The new policy's version. */
  version: string;
  name?: string;
  description?: string;
  /**
   * Parameters set last, over the base's and those the added rules bring along; the way to
   * settle a parameter two sources set differently.
   */
  parameters?: Readonly<Record<string, unknown>>;
  /** Rule ids or rule names to remove; parameters only they referred to go too. */
  drop?: readonly string[];
  /**
   * Replacements, by rule name (one rule: its replacement) or by rule id (every branch of it:
   * the replacement rules, which must keep that id), in place.
   */
  override?: Readonly<Record<string, PolicyRule | readonly PolicyRule[]>>;
  /** Rules appended after the base's, with the parameters they use. */
  add?: readonly RuleAddition[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const hint = (name: string | undefined) => (name ? `; did you mean "${name}"?` : "");

/** The first segment of a `params.…` reference, or undefined. */
function parameterOf(ref: unknown): string | undefined {
  if (typeof ref !== "string" || !ref.startsWith("params.")) return undefined;
  return ref.slice("params.".length).split(/[.[]/)[0] || undefined;
}

/** The first segment of a condition `path` on the params fact. */
function parameterOfPath(path: unknown): string | undefined {
  if (typeof path !== "string") return undefined;
  const segments: PathSegment[] | null = parsePropertyPath(path);
  const [first] = segments ?? [];
  return typeof first === "string" ? first : undefined;
}

const TEMPLATE_KEYS = new Set(["explanation", "reason", "note"]);

/**
 * The policy parameters a rule refers to by name (`params.x` in a condition, a value reference,
 * an event reference or a template). Catalogue parameters are read by the derived facts, not by
 * name, and are not listed unless a rule also names them.
 *
 * @param rule - A policy rule.
 * @returns The parameter names.
 * @example
 * const [rule] = mediance().rules.filter((r) => r.name === "mediance.exception/not-excusable");
 * parametersOf(rule); // Set { "excusableTypes" }
 */
export function parametersOf(rule: PolicyRule): Set<string> {
  const found = new Set<string>();
  const add = (name: string | undefined) => {
    if (name) found.add(name);
  };
  const stack: Condition[] = [rule.conditions];
  while (stack.length > 0) {
    const node = stack.pop() as Condition;
    if ("all" in node) stack.push(...node.all);
    else if ("any" in node) stack.push(...node.any);
    else if ("not" in node) stack.push(node.not);
    else {
      if (node.fact === "params") add(parameterOfPath(node.path));
      const value = node.value;
      if (isRecord(value) && value.fact === "params") add(parameterOfPath(value.path));
    }
  }
  const walk = (value: unknown, key: string) => {
    if (typeof value === "string") {
      if (TEMPLATE_KEYS.has(key)) for (const ref of templateRefs(value)) add(parameterOf(ref));
      else add(parameterOf(value));
    } else if (Array.isArray(value)) for (const item of value) walk(item, key);
    else if (isRecord(value)) for (const [child, item] of Object.entries(value)) walk(item, child);
  };
  walk(rule.event.params, "");
  return found;
}

/** A rule's id (its `event.type`), or its name: what `drop`, `override` and `rules` select by. */
function selects(rule: PolicyRule, key: string): boolean {
  return rule.event.type === key || rule.name === key;
}

function knownKeys(rules: readonly PolicyRule[]): string[] {
  const keys = new Set<string>();
  for (const rule of rules) keys.add(rule.event.type);
  for (const rule of rules) keys.add(rule.name);
  return [...keys];
}

function roleOf(rule: PolicyRule): FindingRole | undefined {
  return rule.event.params.phase === "violations" ? rule.event.params.role : undefined;
}

/** A policy given to extendPolicy, validated; its issues under `path` when it is not valid. */
function validPolicyAt(input: unknown, path: string, issues: ValidationIssue[]): Policy | null {
  try {
    return parsePolicy(input);
  } catch (error) {
    if (!isValidationError(error)) throw error;
    for (const issue of error.issues)
      issues.push({ ...issue, path: path ? `${path}.${issue.path}` : issue.path });
    return null;
  }
}

/** Rules given as data (one or a list), copied so the result never shares or freezes them. */
function rulesGiven(value: unknown, path: string, issues: ValidationIssue[]): PolicyRule[] {
  const list = Array.isArray(value) ? value : [value];
  const rules: PolicyRule[] = [];
  list.forEach((rule, index) => {
    if (!isRecord(rule) || !isRecord(rule.event)) {
      issues.push({
        code: "invalid_type",
        path: Array.isArray(value) ? `${path}[${index}]` : path,
        message: "must be a policy rule { name, conditions, event }",
      });
      return;
    }
    rules.push(structuredClone(rule) as unknown as PolicyRule);
  });
  return rules;
}

/**
 * Builds a policy from another: `override` replaces rules in place, `drop` removes rules (and
 * the parameters only they referred to), `add` appends custom rules or another policy's rules
 * (by id, by role or by phase) with the parameters they use, and `parameters` is set last. The
 * result is checked by `parsePolicy`, so whatever it accepts runs; every problem names the rule
 * (`rules["refluenced.sanction/withhold-payout"]…`) and, for a rule that needs a dropped one,
 * the dropped rule too. Neither the base nor any added policy or rule is changed.
 *
 * Parameters an added policy's rules bring along: those they name (`params.returnAddress`) and
 * the catalogue parameters their policy sets (`returnWindow`, which the derived facts they read
 * follow). A parameter the result already sets to another value is a `contradiction` unless
 * `options.parameters` settles it: two policies disagreeing is never resolved silently.
 *
 * @param base - A preset or any policy `parsePolicy` accepts (JSON included).
 * @param options - The new `id` and `version`, and `drop`, `override`, `add`, `parameters`.
 * @returns The validated, deep-frozen policy.
 * @throws {@link ValidationError} with code `INVALID_POLICY` listing every problem: an invalid
 *   base or added policy, an unknown rule id in `drop`, `override` or `add` (with a hint), a
 *   rule that needs a dropped one, conflicting parameters, and anything `parsePolicy` refuses.
 * @example
 * // Mediance's five cases with Refluenced's remedies for missing content.
 * const policy = extendPolicy(mediance(), {
 *   id: "acme",
 *   version: "2026-04",
 *   drop: ["mediance.sanction"],
 *   add: [{ from: refluenced(), phases: ["sanctions"] }],
 * });
 */
export function extendPolicy(base: unknown, options: ExtendOptions): Policy {
  const issues: ValidationIssue[] = [];
  if (!isRecord(options))
    throw new ValidationError("INVALID_POLICY", [
      { code: "invalid_type", path: "options", message: "must be an object { id, version, … }" },
    ]);
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.includes(key))
      issues.push({
        code: "unknown_key",
        path: key,
        message: `unknown key "${key}"${hint(suggest(key, OPTION_KEYS))}`,
      });
  }
  const parent = validPolicyAt(base, "base", issues);
  if (!parent) throw new ValidationError("INVALID_POLICY", issues);

  // 1. Override, in place.
  let rules: PolicyRule[] = parent.rules.map((rule) => structuredClone(rule) as PolicyRule);
  const parentKeys = knownKeys(parent.rules);
  const override = options.override ?? {};
  if (!isRecord(override))
    issues.push({ code: "invalid_type", path: "override", message: "must be an object" });
  else
    for (const [key, replacement] of Object.entries(override)) {
      const path = `override[${JSON.stringify(key)}]`;
      const byName = rules.findIndex((rule) => rule.name === key);
      const byId = rules.findIndex((rule) => rule.event.type === key);
      if (byName === -1 && byId === -1) {
        issues.push({
          code: "unknown_reference",
          path,
          message: `no rule of the base has the id or name "${key}"${hint(suggest(key, parentKeys))}`,
        });
        continue;
      }
      const given = rulesGiven(replacement, path, issues);
      if (byName !== -1) {
        rules.splice(byName, 1, ...given);
        continue;
      }
      given.forEach((rule, index) => {
        if (rule.event?.type !== key)
          issues.push({
            code: "invalid_policy",
            path: Array.isArray(replacement)
              ? `${path}[${index}].event.type`
              : `${path}.event.type`,
            message: `an override of rule "${key}" keeps its id, but this rule is "${String(rule.event?.type)}" (drop the rule and add the new one instead)`,
          });
      });
      rules = [
        ...rules.slice(0, byId).filter((rule) => rule.event.type !== key),
        ...given,
        ...rules.slice(byId).filter((rule) => rule.event.type !== key),
      ];
    }

  // 2. Drop, with the parameters only the dropped rules referred to.
  const dropped: Array<{ entry: string; position: number; rules: PolicyRule[] }> = [];
  const drop = options.drop ?? [];
  if (!Array.isArray(drop))
    issues.push({ code: "invalid_type", path: "drop", message: "must be a list of rule ids" });
  else
    drop.forEach((entry: unknown, position) => {
      if (typeof entry !== "string") {
        issues.push({
          code: "invalid_type",
          path: `drop[${position}]`,
          message: "must be a rule id",
        });
        return;
      }
      const gone = rules.filter((rule) => selects(rule, entry));
      if (gone.length === 0) {
        issues.push({
          code: "unknown_reference",
          path: `drop[${position}]`,
          message: `no rule of the base has the id or name "${entry}"${hint(suggest(entry, knownKeys(rules)))}`,
        });
        return;
      }
      rules = rules.filter((rule) => !selects(rule, entry));
      dropped.push({ entry, position, rules: gone });
    });
  const parameters: Record<string, unknown> = structuredClone({ ...parent.parameters });
  const stillUsed = new Set<string>();
  for (const rule of rules) for (const name of parametersOf(rule)) stillUsed.add(name);
  for (const { rules: gone } of dropped)
    for (const rule of gone)
      for (const name of parametersOf(rule))
        if (!stillUsed.has(name) && !CATALOGUE_PARAMETER_NAMES.includes(name))
          delete parameters[name];

  // 3. Add, with the parameters the added rules use.
  if (options.parameters !== undefined && !isRecord(options.parameters))
    issues.push({
      code: "invalid_type",
      path: "parameters",
      message: "must be an object of parameter values",
    });
  const settled = isRecord(options.parameters) ? options.parameters : {};
  const add = options.add ?? [];
  if (!Array.isArray(add))
    issues.push({ code: "invalid_type", path: "add", message: "must be a list" });
  else
    add.forEach((addition: unknown, index) => {
      const path = `add[${index}]`;
      if (!isRecord(addition) || !Object.hasOwn(addition, "from")) {
        rules.push(...rulesGiven(addition, path, issues));
        return;
      }
      const source = validPolicyAt(addition.from, `${path}.from`, issues);
      if (!source) return;
      const taken = takeRules(source, addition, path, issues);
      rules.push(...taken.map((rule) => structuredClone(rule) as PolicyRule));
      const needed = new Set<string>();
      for (const rule of taken) for (const name of parametersOf(rule)) needed.add(name);
      for (const name of Object.keys(source.parameters))
        if (CATALOGUE_PARAMETER_NAMES.includes(name)) needed.add(name);
      for (const name of needed) {
        if (!Object.hasOwn(source.parameters, name) || Object.hasOwn(settled, name)) continue;
        const value = source.parameters[name];
        if (!Object.hasOwn(parameters, name)) {
          parameters[name] = structuredClone(value);
        } else if (canonicalJson(parameters[name]) !== canonicalJson(value)) {
          issues.push({
            code: "contradiction",
            path: `${path}.from.parameters.${name}`,
            message: `policy "${source.id}" sets parameter "${name}" to ${canonicalJson(value)}, but the policy it is added to sets ${canonicalJson(parameters[name])}; set it in options.parameters to choose`,
          });
        }
      }
    });
  for (const [name, value] of Object.entries(settled)) parameters[name] = structuredClone(value);
  if (issues.length > 0) throw new ValidationError("INVALID_POLICY", issues);

  const composed = {
    id: options.id,
    version: options.version,
    ...(options.name !== undefined
      ? { name: options.name }
      : parent.name !== undefined
        ? { name: parent.name }
        : {}),
    ...(options.description !== undefined
      ? { description: options.description }
      : parent.description !== undefined
        ? { description: parent.description }
        : {}),
    parameters,
    rules,
  };
  try {
    return parsePolicy(composed);
  } catch (error) {
    if (!isValidationError(error) || dropped.length === 0) throw error;
    throw new ValidationError("INVALID_POLICY", blameDropped(error.issues, dropped, rules));
  }
}

const OPTION_KEYS = [
  "id",
  "version",
  "name",
  "description",
  "parameters",
  "drop",
  "override",
  "add",
];

/** The rules of `source` an `add` entry selects; unknown ids and roles are issues. */
function takeRules(
  source: Policy,
  selection: Record<string, unknown>,
  path: string,
  issues: ValidationIssue[],
): PolicyRule[] {
  for (const key of Object.keys(selection))
    if (!["from", "rules", "roles", "phases"].includes(key))
      issues.push({
        code: "unknown_key",
        path: `${path}.${key}`,
        message: `unknown key "${key}" (an addition from a policy takes from, rules, roles, phases)`,
      });
  const list = (key: string): string[] | undefined => {
    const value = selection[key];
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
      issues.push({
        code: "invalid_type",
        path: `${path}.${key}`,
        message: "must be a list of strings",
      });
      return [];
    }
    return value;
  };
  const ids = list("rules");
  const roles = list("roles");
  const phases = list("phases");
  const keys = knownKeys(source.rules);
  ids?.forEach((id, position) => {
    if (!source.rules.some((rule) => selects(rule, id)))
      issues.push({
        code: "unknown_reference",
        path: `${path}.rules[${position}]`,
        message: `policy "${source.id}" has no rule with the id or name "${id}"${hint(suggest(id, keys))}`,
      });
  });
  const declared = [...new Set(source.rules.map(roleOf).filter((role) => role !== undefined))];
  roles?.forEach((role, position) => {
    if (declared.includes(role as FindingRole)) return;
    issues.push({
      code: "unknown_reference",
      path: `${path}.roles[${position}]`,
      message: (FINDING_ROLES as readonly string[]).includes(role)
        ? `policy "${source.id}" has no finding rule of role "${role}" (its roles: ${declared.join(", ")})`
        : `"${role}" is not a finding role${hint(suggest(role, FINDING_ROLES))}`,
    });
  });
  phases?.forEach((phase, position) => {
    if (!["violations", "exceptions", "sanctions"].includes(phase))
      issues.push({
        code: "invalid_value",
        path: `${path}.phases[${position}]`,
        message: `"${phase}" is not a phase (violations, exceptions, sanctions)${hint(suggest(phase, ["violations", "exceptions", "sanctions"]))}`,
      });
  });
  if (ids === undefined && roles === undefined && phases === undefined) return [...source.rules];
  return source.rules.filter(
    (rule) =>
      (ids?.some((id) => selects(rule, id)) ?? false) ||
      (roles?.includes(roleOf(rule) ?? "") ?? false) ||
      (phases?.includes(rule.event.params.phase) ?? false),
  );
}

/**
 * Names the dropped rule in each problem it caused: a reference to its id, or to a role that
 * only it declared, now reads "…; dropped by drop[i] ("id")".
 */
function blameDropped(
  issues: readonly ValidationIssue[],
  dropped: ReadonlyArray<{ entry: string; position: number; rules: PolicyRule[] }>,
  remaining: readonly PolicyRule[],
): ValidationIssue[] {
  const remainingRoles = new Set(remaining.map(roleOf));
  return issues.map((issue) => {
    const causes: string[] = [];
    for (const { entry, position, rules } of dropped) {
      const ids = new Set(rules.map((rule) => rule.event.type));
      const roles = rules
        .map(roleOf)
        .filter((role): role is FindingRole => role !== undefined && !remainingRoles.has(role));
      const byId = [...ids].some((id) => issue.message.includes(`"${id}"`));
      const byRole = roles.some((role) => issue.message.includes(`role "${role}"`));
      if (byId || byRole) causes.push(`rule "${entry}" (drop[${position}])`);
    }
    return causes.length > 0
      ? {
          ...issue,
          message: `${issue.message}; it needs ${causes.join(" and ")}, which was dropped`,
        }
      : issue;
  });
}
