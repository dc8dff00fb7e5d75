/**
 * Small builders for policy rules in json-rules-engine's format. Presets are written with these
 * same public pieces; the result is plain JSON data either way.
 */

import { parseFactRef } from "../core/path.js";
import type { FindingKind, FindingRole } from "../core/vocabulary.js";
import type { Scope } from "../derive/catalogue.js";
import type { FactPath } from "../derive/registry.js";
import type {
  ActionSpec,
  Condition,
  ExceptionEventParams,
  LeafCondition,
  PolicyRule,
  SanctionSpec,
  TopLevelCondition,
  ViolationEventParams,
} from "./schema.js";

/**
 * A `fact.path` reference as a builder takes it: a string literal must be a {@link FactPath} (a
 * misspelt `"deliverable.postedd"` is a compile error); a computed string is left to
 * `parsePolicy`, which checks every path against the registry at run time.
 */
// An empty object satisfies a record over `string` or a template pattern, not over literals.
export type CheckedPath<P extends string> =
  Record<never, never> extends Record<P, 1> ? P : P extends FactPath ? P : NotAFactPath<P>;

/**
 * The type a misspelt literal path must also be, so the compile error names it ("not assignable
 * to parameter of type '"deliverable.postedd" & NotAFactPath<"deliverable.postedd">'") instead
 * of reading `never`. No string is one.
 */
export interface NotAFactPath<P extends string> {
  readonly notAFactPath: `"${P}" is no path of the fact registry: see FactPath`;
}

/** A reference to a fact value for a condition's `value`: `{ fact, path }`. */
export function ref<P extends string>(
  reference: P & CheckedPath<P>,
): { fact: string; path?: string } {
  return factRef(reference);
}

function factRef(reference: string): { fact: string; path?: string } {
  // `findings.byRule["a.b-c"].outcome`: the path keeps its brackets, written as it was.
  const parsed = parseFactRef(reference);
  if (parsed) {
    const path = reference.slice(parsed.fact.length);
    return path.length > 0 ? { fact: parsed.fact, path: `$${path}` } : { fact: parsed.fact };
  }
  // Not a plain reference: split at the first dot, for parsePolicy to name what is wrong.
  const [fact = "", ...rest] = reference.split(".");
  return rest.length > 0 ? { fact, path: `$.${rest.join(".")}` } : { fact };
}

/**
 * A leaf condition on a `fact.path` reference.
 *
 * @param reference - e.g. `deliverable.retention.status`: a {@link FactPath}, so a misspelt
 *   path (`deliverable.postedd`) is a compile error.
 * @param operator - A json-rules-engine or noshow-policy operator.
 * @param value - A JSON value, or `ref("…")` to compare with another fact.
 * @returns The condition.
 * @example
 * when("asOf", "instantAfter", ref("deliverable.dueAt"))
 */
export function when<P extends string>(
  reference: P & CheckedPath<P>,
  operator: string,
  value: unknown,
): LeafCondition {
  return { ...factRef(reference), operator, value };
}

/** All of the conditions hold. */
export function all(...conditions: Condition[]): TopLevelCondition {
  return { all: conditions };
}

/** At least one of the conditions holds. */
export function any(...conditions: Condition[]): TopLevelCondition {
  return { any: conditions };
}

/** The condition does not hold. */
export function not(condition: Condition): TopLevelCondition {
  return { not: condition };
}

/** One outcome branch of a finding rule. */
export interface OutcomeBranch {
  /** Distinguishes branches with the same outcome, e.g. `missing` vs `late`. */
  branch?: string;
  outcome: ViolationEventParams["outcome"];
  when: TopLevelCondition;
  explanation: string;
  since?: string;
  checkAt?: string;
  evidence?: Record<string, string>;
}

/**
 * The outcome branches of one finding rule, as json-rules-engine rules whose `event.type` is
 * the rule id.
 *
 * @param id - The stable rule id, e.g. `mediance.post-not-registered`.
 * @param declaration - Its kind, role and scope, evidence shared by every branch, and the branches.
 * @returns One policy rule per branch.
 */
export function findingRule(
  id: string,
  declaration: {
    kind: FindingKind;
    /** What the rule judges (see `FINDING_ROLES`): remedies react to it by role. */
    role: FindingRole;
    scope: Scope;
    evidence?: Record<string, string>;
    branches: OutcomeBranch[];
  },
): PolicyRule[] {
  return declaration.branches.map((branch) => {
    const evidence = { ...declaration.evidence, ...branch.evidence };
    const params: ViolationEventParams = {
      phase: "violations",
      scope: declaration.scope,
      kind: declaration.kind,
      role: declaration.role,
      outcome: branch.outcome,
      explanation: branch.explanation,
      ...(branch.since ? { since: branch.since } : {}),
      ...(branch.checkAt ? { checkAt: branch.checkAt } : {}),
      ...(Object.keys(evidence).length > 0 ? { evidence } : {}),
    };
    return {
      name: `${id}/${branch.branch ?? branch.outcome}`,
      conditions: branch.when,
      event: { type: id, params },
    };
  });
}

/**
 * An exceptions-phase rule: when it holds for a claim, the claim gets `status`.
 *
 * @param name - A unique rule name, e.g. `mediance.exception/late`.
 * @param rule - The condition, the status and the reason template.
 * @returns The policy rule.
 */
export function exceptionRule(
  name: string,
  rule: { when: TopLevelCondition; status: ExceptionEventParams["status"]; reason: string },
): PolicyRule {
  const [type = name] = name.split("/");
  return {
    name,
    conditions: rule.when,
    event: { type, params: { phase: "exceptions", status: rule.status, reason: rule.reason } },
  };
}

/**
 * A sanctions-phase rule: when it holds, it imposes a sanction and/or schedules an action.
 *
 * @param name - A unique rule name, e.g. `mediance.sanction/exclude`.
 * @param rule - Its scope, condition, and the sanction and/or action.
 * @returns The policy rule.
 */
export function sanctionRule(
  name: string,
  rule: { scope: Scope; when: TopLevelCondition; sanction?: SanctionSpec; action?: ActionSpec },
): PolicyRule {
  const [type = name] = name.split("/");
  return {
    name,
    conditions: rule.when,
    event: {
      type,
      params: {
        phase: "sanctions",
        scope: rule.scope,
        ...(rule.sanction ? { sanction: rule.sanction } : {}),
        ...(rule.action ? { action: rule.action } : {}),
      },
    },
  };
}
