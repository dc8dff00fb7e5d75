/**
 * The exceptions phase: each claim is derived against the findings it covers, decided by the
 * policy's exception rules, and then applied (accepted excuses; undecided sends to review).
 */
import type { Duration } from "date-fns";
import type { CampaignFacts, ExceptionClaim } from "../facts/schema.js";
import type { ExceptionEventParams } from "../policies/schema.js";
import type { RunResult } from "../rules/engine.js";
import { renderTemplate } from "../rules/template.js";
import { addDuration, compareInstants, earliest, type Instant } from "../time.js";
import { findingKey } from "./findings.js";
import type { ExceptionDecision, Finding } from "./types.js";

/** The derived `claim` fact of the exceptions phase. */
export interface DerivedClaim {
  id: string;
  type: ExceptionClaim["type"];
  reportedAt: Instant;
  from: Instant | null;
  until: Instant | null;
  decision: "accepted" | "rejected" | null;
  decided: boolean;
  appliesTo: string[] | null;
  /** Keys of the non-compliant findings it covers. */
  covers: string[];
  coversCount: number;
  /** The earliest violation among the covered findings, or null. */
  violationSince: Instant | null;
  /** violationSince + postHocNoticeWindow, or null. */
  noticeDeadline: Instant | null;
  /** Reported before the violation, after it within the window, or too late. */
  timing: "advance" | "within_window" | "too_late";
  reportedInTime: boolean;
  /** The timing in words: "in advance", "within the notice window" or "too late". */
  timingText: string;
  evidenceCount: number;
  /** Some evidence is dated before the influencer was selected. */
  evidenceBeforeSelection: boolean;
}

function covered(claim: ExceptionClaim, finding: Finding): boolean {
  if (finding.outcome === "compliant") return false;
  if (!claim.appliesTo) return true;
  return finding.deliverableId !== undefined && claim.appliesTo.includes(finding.deliverableId);
}

/**
 * Derives each claim's fact against the findings.
 *
 * @param facts - The facts as known at `asOf`.
 * @param findings - The violations-phase findings.
 * @param noticeWindow - The `postHocNoticeWindow` parameter, or null for no limit.
 * @returns One derived claim per exception claim, in input order.
 */
export function deriveClaims(
  facts: CampaignFacts,
  findings: readonly Finding[],
  noticeWindow: Duration | null,
): DerivedClaim[] {
  return (facts.exceptions ?? []).flatMap((claim) => {
    const timingFor = (since: Instant | null): DerivedClaim["timing"] => {
      if (!since || compareInstants(claim.reportedAt, since) <= 0) return "advance";
      const deadline = noticeWindow
        ? addDuration(since, noticeWindow, facts.campaign.timezone)
        : null;
      return !deadline || compareInstants(claim.reportedAt, deadline) <= 0
        ? "within_window"
        : "too_late";
    };
    const eligible = findings.filter((finding) => covered(claim, finding));
    // A platform's decision covers everything the claim applies to. An undecided claim is judged
    // per part: it may come in advance of one deadline and after another.
    const parts =
      claim.decision !== undefined || eligible.length === 0
        ? [eligible]
        : (["advance", "within_window", "too_late"] as const)
            .map((timing) =>
              eligible.filter((finding) => timingFor(finding.since ?? null) === timing),
            )
            .filter((part) => part.length > 0);
    const evidence = claim.evidence ?? [];
    return parts.map((coveredFindings) => {
      const violationSince = earliest(...coveredFindings.map((finding) => finding.since));
      const noticeDeadline =
        violationSince && noticeWindow
          ? addDuration(violationSince, noticeWindow, facts.campaign.timezone)
          : null;
      const timing = timingFor(violationSince);
      return {
        id: claim.id,
        type: claim.type,
        reportedAt: claim.reportedAt,
        from: claim.from ?? null,
        until: claim.until ?? null,
        decision: claim.decision ?? null,
        decided: claim.decision !== undefined,
        appliesTo: claim.appliesTo ?? null,
        covers: coveredFindings.map(findingKey),
        coversCount: coveredFindings.length,
        violationSince,
        noticeDeadline,
        timing,
        reportedInTime: timing !== "too_late",
        timingText: TIMING_TEXT[timing],
        evidenceCount: evidence.length,
        evidenceBeforeSelection: evidence.some(
          (item) =>
            item.issuedAt !== undefined &&
            compareInstants(item.issuedAt, facts.participation.selectedAt) < 0,
        ),
      };
    });
  });
}

const TIMING_TEXT: Record<DerivedClaim["timing"], string> = {
  advance: "in advance",
  within_window: "within the notice window",
  too_late: "too late",
};

const STATUS_PRECEDENCE = ["rejected", "needs_review", "accepted"] as const;

/** Decides each part of each claim from the exception rules that fired for it. */
function decideParts(
  runs: ReadonlyArray<RunResult<DerivedClaim>>,
  timeZone: string,
): ExceptionDecision[] {
  return runs.map(({ unit: claim, fired, facts }) => {
    const chosen = fired
      .map((rule) => rule.event.params as ExceptionEventParams)
      .sort((a, b) => STATUS_PRECEDENCE.indexOf(a.status) - STATUS_PRECEDENCE.indexOf(b.status))[0];
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
 * Decides each claim from the exception rules that fired for each of its parts (the most
 * cautious wins: rejected, then needs_review, then accepted). Parts with the same outcome are
 * one decision; a claim no rule decided needs review.
 */
export function decideClaims(
  runs: ReadonlyArray<RunResult<DerivedClaim>>,
  timeZone: string,
): ExceptionDecision[] {
  const merged: ExceptionDecision[] = [];
  for (const decision of decideParts(runs, timeZone)) {
    const same = merged.find(
      (other) => other.id === decision.id && other.status === decision.status,
    );
    if (!same) merged.push(decision);
    else {
      same.covers = [...same.covers, ...decision.covers];
      if (!same.reason.includes(decision.reason)) same.reason = `${same.reason} ${decision.reason}`;
    }
  }
  return merged;
}

/**
 * Applies decisions to findings: a finding covered by an accepted claim is excused (a pending one
 * too: the obligation is waived); a violation covered by a claim still under review becomes
 * `needs_review`.
 */
export function applyDecisions(
  findings: readonly Finding[],
  decisions: readonly ExceptionDecision[],
): Finding[] {
  return findings.map((finding) => {
    if (finding.outcome === "compliant" || finding.outcome === "excused") return finding;
    const key = findingKey(finding);
    const covering = decisions.filter((decision) => decision.covers.includes(key));
    const accepted = covering
      .filter((decision) => decision.status === "accepted")
      .map((decision) => decision.id);
    if (accepted.length > 0) {
      // A pending finding keeps its checkAt: at its deadline the excused finding gains its
      // `since` and explanation, so the verdict still changes then.
      return {
        ...finding,
        outcome: "excused",
        excusedBy: accepted,
        explanation: `${finding.explanation} Excused by accepted exception ${accepted.join(", ")}.`,
      };
    }
    const undecided = covering
      .filter((decision) => decision.status === "needs_review")
      .map((decision) => decision.id);
    if (finding.outcome === "violation" && undecided.length > 0) {
      return {
        ...finding,
        outcome: "needs_review",
        explanation: `${finding.explanation} Exception ${undecided.join(", ")} awaits a decision.`,
      };
    }
    return finding;
  });
}
