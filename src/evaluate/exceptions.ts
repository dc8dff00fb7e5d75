/**
 * The exceptions phase: each claim is derived against the findings it covers (`deriveClaims`,
 * in the fact registry), decided by the policy's exception rules, and then applied (accepted
 * excuses; undecided sends to review).
 */
import { boundList, joinBounded } from "../core/bounded.js";
import { mapList } from "../core/lists.js";
import type { DerivedClaim } from "../derive/claims.js";
import type { RunResult } from "../engine/jre.js";
import type { ExceptionEventParams } from "../policy/schema.js";
import { renderTemplate } from "../render/template.js";
import type { ExceptionDecision, Finding } from "../verdict/types.js";
import { findingKey } from "./findings.js";

const STATUS_PRECEDENCE = ["rejected", "needs_review", "accepted"] as const;

/** Decides each part of each claim from the exception rules that fired for it. */
function decideParts(
  runs: ReadonlyArray<RunResult<DerivedClaim>>,
  timeZone: string,
): ExceptionDecision[] {
  return mapList(runs, ({ unit: claim, fired, facts }) => {
    const chosen = mapList(fired, (rule) => rule.event.params as ExceptionEventParams).sort(
      (a, b) => STATUS_PRECEDENCE.indexOf(a.status) - STATUS_PRECEDENCE.indexOf(b.status),
    )[0];
    return {
      id: claim.id,
      type: claim.type,
      status: chosen?.status ?? "needs_review",
      covers: claim.covers,
      reason: chosen
        ? renderTemplate(chosen.reason, facts, timeZone)
        : `No exception rule of the policy matched claim ${claim.id}, so a person must decide it.`,
    };
  });
}

/**
 * Every finding key each decision covers. A verdict lists at most `MAX_LISTED_ITEMS` of them
 * (`covers`, then "and N more"), but applying the decisions needs them all: they are kept beside
 * the decision objects {@link decideClaims} returns (and die with them), so that `evaluate`
 * passes those same objects on to {@link applyDecisions}.
 */
const coveredKeys = new WeakMap<ExceptionDecision, readonly string[]>();

/**
 * Decides each claim from the exception rules that fired for each of its parts (the most
 * cautious wins: rejected, then needs_review, then accepted). Parts with the same outcome are
 * one decision; a claim no rule decided needs review.
 *
 * @param runs - The exceptions-phase runs, one per claim part.
 * @param timeZone - The campaign zone, for reasons.
 * @returns One decision per claim and outcome, each listing a bounded number of covered keys.
 */
export function decideClaims(
  runs: ReadonlyArray<RunResult<DerivedClaim>>,
  timeZone: string,
): ExceptionDecision[] {
  const merged = new Map<string, { decision: ExceptionDecision; covers: string[] }>();
  for (const decision of decideParts(runs, timeZone)) {
    // A status never holds the separator, so the key is unambiguous whatever the id holds.
    const key = `${decision.status}\u0000${decision.id}`;
    const same = merged.get(key);
    if (!same) merged.set(key, { decision, covers: [...decision.covers] });
    else {
      for (const covered of decision.covers) same.covers.push(covered);
      if (!same.decision.reason.includes(decision.reason))
        same.decision.reason = `${same.decision.reason} ${decision.reason}`;
    }
  }
  return mapList([...merged.values()], ({ decision, covers }) => {
    const bounded: ExceptionDecision = { ...decision, covers: [...boundList(covers)] };
    coveredKeys.set(bounded, covers);
    return bounded;
  });
}

/**
 * Applies decisions to findings: a finding covered by an accepted claim is excused (a pending one
 * too: the obligation is waived); a violation covered by a claim still under review becomes
 * `needs_review`. The decisions are indexed by covered key once, so the cost is linear in the
 * findings and the covered keys.
 *
 * @param findings - The violations-phase findings.
 * @param decisions - The decisions, as {@link decideClaims} returned them.
 * @returns The findings after exceptions, in the same order.
 */
export function applyDecisions(
  findings: readonly Finding[],
  decisions: readonly ExceptionDecision[],
): Finding[] {
  const coveringByKey = new Map<string, ExceptionDecision[]>();
  for (const decision of decisions) {
    for (const key of coveredKeys.get(decision) ?? decision.covers) {
      const covering = coveringByKey.get(key);
      if (!covering) coveringByKey.set(key, [decision]);
      else if (covering[covering.length - 1] !== decision) covering.push(decision);
    }
  }
  return mapList(findings, (finding) => {
    if (finding.outcome === "compliant" || finding.outcome === "excused") return finding;
    const covering = coveringByKey.get(findingKey(finding)) ?? [];
    const accepted = mapList(
      covering.filter((decision) => decision.status === "accepted"),
      (decision) => decision.id,
    );
    if (accepted.length > 0) {
      // A pending finding keeps its checkAt: at its deadline the excused finding gains its
      // `since` and explanation, so the verdict still changes then.
      return {
        ...finding,
        outcome: "excused",
        excusedBy: [...boundList(accepted)],
        explanation: `${finding.explanation} Excused by accepted exception ${joinBounded(accepted, ", ")}.`,
      };
    }
    const undecided = mapList(
      covering.filter((decision) => decision.status === "needs_review"),
      (decision) => decision.id,
    );

    if (finding.outcome === "violation" && undecided.length > 0) {
      return {
        ...finding,
        outcome: "needs_review",
        explanation: `${finding.explanation} Exception ${joinBounded(undecided, ", ")} awaits a decision.`,
      };
    }
    return finding;
  });
}
