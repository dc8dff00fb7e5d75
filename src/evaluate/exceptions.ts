/**
 * The exceptions phase: each claim is derived against the findings it covers, decided by the
 * policy's exception rules, and then applied (accepted excuses; undecided sends to review).
 */
import type { Duration } from "date-fns";
import { boundList, joinBounded } from "../core/bounded.js";
import { addDuration, type Instant, toMillis } from "../core/time.js";
import type { RunResult } from "../engine/jre.js";
import type { CampaignFacts, ExceptionClaim } from "../facts/schema.js";
import type { ExceptionEventParams } from "../policy/schema.js";
import { renderTemplate } from "../render/template.js";
import type { ExceptionDecision, Finding } from "../verdict/types.js";
import { findingKey } from "./findings.js";

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

/** A non-compliant finding with what claims read of it, computed once for every claim. */
interface Coverable {
  finding: Finding;
  key: string;
  since: Instant | null;
}

/** A violation's start, and the end of the notice window after it (null without a window). */
interface SinceInfo {
  ms: number;
  deadline: Instant | null;
  deadlineMs: number | null;
}

/**
 * Derives each claim's fact against the findings, in time linear in claims × findings: the
 * findings' keys, and each violation start's notice deadline, are computed once for all claims
 * (not per claim, part and timing), and `appliesTo` is looked up in a set.
 *
 * @param facts - The facts as known at `asOf`.
 * @param findings - The violations-phase findings.
 * @param noticeWindow - The `postHocNoticeWindow` parameter, or null for no limit.
 * @returns One derived claim per exception claim and timing part, in input order.
 */
export function deriveClaims(
  facts: CampaignFacts,
  findings: readonly Finding[],
  noticeWindow: Duration | null,
): DerivedClaim[] {
  const timeZone = facts.campaign.timezone;
  const selectedMs = toMillis(facts.participation.selectedAt);
  const sinceInfo = new Map<Instant, SinceInfo>();
  const infoOf = (since: Instant): SinceInfo => {
    let info = sinceInfo.get(since);
    if (!info) {
      const deadline = noticeWindow ? addDuration(since, noticeWindow, timeZone) : null;
      info = {
        ms: toMillis(since),
        deadline,
        deadlineMs: deadline === null ? null : toMillis(deadline),
      };
      sinceInfo.set(since, info);
    }
    return info;
  };
  const coverable: Coverable[] = findings
    .filter((finding) => finding.outcome !== "compliant")
    .map((finding) => ({ finding, key: findingKey(finding), since: finding.since || null }));

  return (facts.exceptions ?? []).flatMap((claim) => {
    const reportedMs = toMillis(claim.reportedAt);
    const timingFor = (since: Instant | null): DerivedClaim["timing"] => {
      if (!since) return "advance";
      const info = infoOf(since);
      if (reportedMs <= info.ms) return "advance";
      return info.deadlineMs === null || reportedMs <= info.deadlineMs
        ? "within_window"
        : "too_late";
    };
    const appliesTo = claim.appliesTo ? new Set(claim.appliesTo) : null;
    const eligible = appliesTo
      ? coverable.filter(
          ({ finding }) =>
            finding.deliverableId !== undefined && appliesTo.has(finding.deliverableId),
        )
      : coverable;
    // A platform's decision covers everything the claim applies to. An undecided claim is judged
    // per part: it may come in advance of one deadline and after another.
    let parts: Coverable[][];
    if (claim.decision !== undefined || eligible.length === 0) parts = [eligible];
    else {
      const byTiming: Record<DerivedClaim["timing"], Coverable[]> = {
        advance: [],
        within_window: [],
        too_late: [],
      };
      for (const item of eligible) byTiming[timingFor(item.since)].push(item);
      parts = [byTiming.advance, byTiming.within_window, byTiming.too_late].filter(
        (part) => part.length > 0,
      );
    }
    const evidence = claim.evidence ?? [];
    const evidenceBeforeSelection = evidence.some(
      (item) => item.issuedAt !== undefined && toMillis(item.issuedAt) < selectedMs,
    );
    return parts.map((part) => {
      // The earliest start (the first given of equal ones).
      let violationSince: Instant | null = null;
      let earliestMs = Number.POSITIVE_INFINITY;
      for (const { since } of part) {
        if (!since) continue;
        const { ms } = infoOf(since);
        if (ms < earliestMs) {
          violationSince = since;
          earliestMs = ms;
        }
      }
      const noticeDeadline = violationSince ? infoOf(violationSince).deadline : null;
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
        covers: part.map((item) => item.key),
        coversCount: part.length,
        violationSince,
        noticeDeadline,
        timing,
        reportedInTime: timing !== "too_late",
        timingText: TIMING_TEXT[timing],
        evidenceCount: evidence.length,
        evidenceBeforeSelection,
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
  return [...merged.values()].map(({ decision, covers }) => {
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
  return findings.map((finding) => {
    if (finding.outcome === "compliant" || finding.outcome === "excused") return finding;
    const covering = coveringByKey.get(findingKey(finding)) ?? [];
    const accepted = covering
      .filter((decision) => decision.status === "accepted")
      .map((decision) => decision.id);
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
    const undecided = covering
      .filter((decision) => decision.status === "needs_review")
      .map((decision) => decision.id);
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
