/**
 * The `findings` fact of the sanctions phase: the unexcused violations in scope, by rule and
 * role and kind, the counts of other outcomes, and the escalation timeline.
 */
import { mapList } from "../core/lists.js";
import { type FindingRole, OUTCOMES, type Outcome } from "../core/vocabulary.js";
import {
  type EscalationContext,
  type EscalationFacts,
  escalationFacts,
  escalationParameters,
  escalationShape,
} from "./escalation.js";
import { defineFamily } from "./family.js";
import { type FindingLike, findingKey } from "./finding.js";
import { s } from "./shape.js";

/** The `findings` fact of the sanctions phase. */
export interface FindingsFact {
  /** Keys of unexcused violations in scope. */
  violationKeys: string[];
  /** Rule ids with an unexcused violation in scope. */
  violatedRules: string[];
  anyViolation: boolean;
  /** An unexcused no-show violation in scope. */
  noShow: boolean;
  /** An unexcused breach violation in scope. */
  breach: boolean;
  /** The most severe outcome per rule id. */
  byRule: Record<string, Outcome>;
  /** Roles with an unexcused violation in scope, in the order first violated. */
  violatedRoles: FindingRole[];
  /** The most severe outcome per role (of the findings in scope that have one). */
  byRole: Partial<Record<FindingRole, Outcome>>;
  excusedCount: number;
  needsReviewCount: number;
  pendingCount: number;
  /** Active strikes of the standing plus one when this campaign has a violation. */
  strikesIncludingThis: number;
  /** The escalation timeline and evidence list of the unexcused violations in scope. */
  escalation: EscalationFacts;
  /** The same over campaign-level violations only (no deliverable), for campaign-scope steps. */
  campaignLevel: EscalationFacts;
}

const SEVERITY = ["violation", "needs_review", "excused", "pending", "compliant"] as const;

/**
 * The findings fact over `findings` (all of them, or one deliverable's).
 *
 * @param findings - The findings in scope, after exceptions.
 * @param activeStrikeCount - Active strikes of other campaigns in the standing.
 * @param escalation - The zone and windows of the escalation facts (without it they are null).
 * @returns The fact.
 */
export function findingsFact(
  findings: readonly FindingLike[],
  activeStrikeCount: number,
  escalation?: EscalationContext,
): FindingsFact {
  // One pass for the violations, the counts and the most severe outcome per rule.
  const violations: FindingLike[] = [];
  const byRule: Record<string, Outcome> = {};
  const byRole: Partial<Record<FindingRole, Outcome>> = {};
  let excusedCount = 0;
  let needsReviewCount = 0;
  let pendingCount = 0;
  let campaignCount = 0;
  for (const finding of findings) {
    const outcome = finding.outcome;
    if (outcome === "violation") violations.push(finding);
    else if (outcome === "excused") excusedCount++;
    else if (outcome === "needs_review") needsReviewCount++;
    else if (outcome === "pending") pendingCount++;
    if (finding.deliverableId === undefined) campaignCount++;
    const current = byRule[finding.rule];
    if (!current || SEVERITY.indexOf(outcome) < SEVERITY.indexOf(current))
      byRule[finding.rule] = outcome;
    const role = finding.role;
    if (role !== undefined) {
      const ofRole = byRole[role];
      if (!ofRole || SEVERITY.indexOf(outcome) < SEVERITY.indexOf(ofRole)) byRole[role] = outcome;
    }
  }
  const violatedRoles: FindingRole[] = [];
  for (const finding of violations)
    if (finding.role !== undefined && !violatedRoles.includes(finding.role))
      violatedRoles.push(finding.role);
  const whole = escalationFacts(findings, escalation);
  return {
    violationKeys: mapList(violations, (finding) => findingKey(finding)),
    violatedRules: [...new Set(mapList(violations, (finding) => finding.rule))],

    anyViolation: violations.length > 0,
    noShow: violations.some((finding) => finding.kind === "no_show"),
    breach: violations.some((finding) => finding.kind === "breach"),
    byRule,
    violatedRoles,
    byRole,
    excusedCount,
    needsReviewCount,
    pendingCount,
    strikesIncludingThis: activeStrikeCount + (violations.length > 0 ? 1 : 0),
    escalation: whole,
    // Every finding campaign-level: the same findings in the same order, the same facts.
    campaignLevel:
      campaignCount === findings.length
        ? whole
        : escalationFacts(
            findings.filter((finding) => finding.deliverableId === undefined),
            escalation,
          ),
  };
}

/** The shape of the `findings` fact. */
export const findingsShape = s.object({
  violationKeys: s.array(s.findingKey()),
  violatedRules: s.array(s.ruleId()),
  anyViolation: s.boolean(),
  noShow: s.boolean(),
  breach: s.boolean(),
  byRule: s.record(s.enum(OUTCOMES), "ruleId"),
  violatedRoles: s.array(s.role()),
  byRole: s.record(s.enum(OUTCOMES), "role"),
  excusedCount: s.integer(),
  needsReviewCount: s.integer(),
  pendingCount: s.integer(),
  strikesIncludingThis: s.integer(),
  escalation: escalationShape,
  campaignLevel: escalationShape,
});

/** The findings so far, for sanctions. */
export const findingsFamily = defineFamily({
  name: "findings",
  facts: {
    findings: {
      shape: findingsShape,
      doc: "The findings so far (sanctions phase): unexcused violations, by rule and kind.",
      in: { phases: ["sanctions"], scopes: ["campaign", "deliverable"] },
    },
  },
  parameters: escalationParameters,
  derive: findingsFact,
});
