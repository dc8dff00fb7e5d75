/**
 * The sanctions phase: the `findings` fact each run sees, and the assembly of sanctions and
 * actions from the rules that fired (one sanction per type, amount and note: a root cause is not
 * counted twice).
 */

import { boundList } from "../core/bounded.js";
import { compareCodeUnits } from "../core/order.js";
import { toMillis } from "../core/time.js";
import type { RunResult } from "../engine/jre.js";
import type { Money } from "../facts/schema.js";
import type { SanctionEventParams } from "../policy/schema.js";
import { renderTemplate, resolveRef } from "../render/template.js";
import type { Action, Finding, Sanction } from "../verdict/types.js";
import { type EscalationContext, type EscalationFacts, escalationFacts } from "./escalation.js";
import { findingKey } from "./findings.js";

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
  byRule: Record<string, Finding["outcome"]>;
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
  findings: readonly Finding[],
  activeStrikeCount: number,
  escalation?: EscalationContext,
): FindingsFact {
  const violations = findings.filter((finding) => finding.outcome === "violation");
  const byRule: Record<string, Finding["outcome"]> = {};
  for (const finding of findings) {
    const current = byRule[finding.rule];
    if (!current || SEVERITY.indexOf(finding.outcome) < SEVERITY.indexOf(current))
      byRule[finding.rule] = finding.outcome;
  }
  return {
    violationKeys: violations.map(findingKey),
    violatedRules: [...new Set(violations.map((finding) => finding.rule))],
    anyViolation: violations.length > 0,
    noShow: violations.some((finding) => finding.kind === "no_show"),
    breach: violations.some((finding) => finding.kind === "breach"),
    byRule,
    excusedCount: findings.filter((finding) => finding.outcome === "excused").length,
    needsReviewCount: findings.filter((finding) => finding.outcome === "needs_review").length,
    pendingCount: findings.filter((finding) => finding.outcome === "pending").length,
    strikesIncludingThis: activeStrikeCount + (violations.length > 0 ? 1 : 0),
    escalation: escalationFacts(findings, escalation),
    campaignLevel: escalationFacts(
      findings.filter((finding) => finding.deliverableId === undefined),
      escalation,
    ),
  };
}

function isMoney(value: unknown): value is Money {
  return typeof value === "object" && value !== null && "amount" in value && "currency" in value;
}

/** A sanctions run: its facts, fired rules, and the findings in its scope. */
export interface SanctionUnit {
  deliverableId?: string;
  findings: readonly Finding[];
}

/**
 * Assembles sanctions and actions from the sanctions-phase runs.
 *
 * @param runs - Every sanctions run (campaign and per deliverable).
 * @param timeZone - The campaign zone, for notes.
 * @returns Sanctions merged by type, amount and note, and actions sorted by time.
 */
export function assembleSanctions(
  runs: ReadonlyArray<RunResult<SanctionUnit>>,
  timeZone: string,
): { sanctions: Sanction[]; actions: Action[] } {
  // Merged reasons grow in place (a set of what is already listed), never copied per merge.
  const sanctions = new Map<string, { sanction: Sanction; seen: Set<string> | null }>();
  const actions = new Map<string, Action>();
  for (const { unit, facts, fired } of runs) {
    for (const { name, event } of fired) {
      const params = event.params as SanctionEventParams;
      const { sanction: spec, action: actionSpec } = params;
      if (spec) {
        const selected = unit.findings.filter(
          (finding) =>
            finding.outcome === "violation" &&
            (!spec.because.rules || spec.because.rules.includes(finding.rule)) &&
            (!spec.because.kinds || spec.because.kinds.includes(finding.kind)) &&
            (spec.because.rules || spec.because.kinds),
        );
        const referenced = spec.because.fact ? resolveRef(facts, spec.because.fact) : undefined;
        const because = [
          ...selected.map(findingKey),
          ...(Array.isArray(referenced)
            ? referenced.map(String)
            : typeof referenced === "string"
              ? [referenced]
              : []),
        ];
        const amount = spec.amount ? resolveRef(facts, spec.amount) : undefined;
        const scoreDelta =
          typeof spec.scoreDelta === "string"
            ? resolveRef(facts, spec.scoreDelta)
            : spec.scoreDelta;
        const until = spec.until ? resolveRef(facts, spec.until) : undefined;
        const sanction: Sanction = {
          type: spec.type,
          because: because.length > 0 ? because : [`rule:${name}`],
          ...(isMoney(amount)
            ? { amount: { amount: amount.amount, currency: amount.currency } }
            : {}),
          ...(typeof scoreDelta === "number" ? { scoreDelta } : {}),
          ...(typeof until === "string" ? { until } : {}),
          ...(spec.requiresHumanReview ? { requiresHumanReview: true } : {}),
          ...(spec.note ? { note: renderTemplate(spec.note, facts, timeZone) } : {}),
        };
        // An invoice bills one thing (its note says what): a product and a voucher of equal value
        // are two invoices, not one root cause counted twice.
        // The same sanction for the same amount and reason is one sanction, however many findings
        // lead to it; two invoices of equal value for different things stay two.
        const key = `${sanction.type}|${JSON.stringify(sanction.amount ?? null)}|${sanction.note ?? ""}`;
        const existing = sanctions.get(key);
        if (existing) {
          // A merge lists each reason once, in the order first given.
          let seen = existing.seen;
          if (!seen) {
            seen = new Set(existing.sanction.because);
            existing.sanction.because = [...seen];
            existing.seen = seen;
          }
          for (const reason of sanction.because) {
            if (seen.has(reason)) continue;
            seen.add(reason);
            existing.sanction.because.push(reason);
          }
          // If any rule behind it wants a person to look, the merged sanction does too.
          if (sanction.requiresHumanReview) existing.sanction.requiresHumanReview = true;
        } else {
          sanctions.set(key, { sanction, seen: null });
        }
      }
      if (actionSpec) {
        const at = resolveRef(facts, actionSpec.at);
        if (typeof at !== "string") continue;
        const action: Action = {
          type: actionSpec.type,
          at,
          note: renderTemplate(actionSpec.note, facts, timeZone),
          ...(unit.deliverableId ? { deliverableId: unit.deliverableId } : {}),
        };
        actions.set(
          `${action.type}|${action.at}|${action.deliverableId ?? ""}|${action.note}`,
          action,
        );
      }
    }
  }
  const sortedActions = [...actions.values()]
    .map((action) => ({ action, at: toMillis(action.at) }))
    .sort(
      (a, b) =>
        a.at - b.at ||
        compareCodeUnits(a.action.type, b.action.type) ||
        compareCodeUnits(a.action.deliverableId ?? "", b.action.deliverableId ?? ""),
    )
    .map(({ action }) => action);
  // A verdict lists a bounded number of reasons per sanction (then "and N more").
  return {
    sanctions: [...sanctions.values()].map(({ sanction }) => ({
      ...sanction,
      because: [...boundList(sanction.because)],
    })),
    actions: sortedActions,
  };
}
