/**
 * Claims: the `claim` fact of the exceptions phase (one claimed exception, against the findings
 * it covers and the notice window): its shape, its parameter, and {@link deriveClaims}, which the
 * exceptions phase calls once the violations-phase findings exist.
 */
import type { Duration } from "date-fns";
import { mapList } from "../core/lists.js";
import { addDuration, type Instant, toMillis } from "../core/time.js";
import {
  type CampaignFacts,
  durationSchema,
  EXCEPTION_TYPES,
  type ExceptionClaim,
} from "../facts/schema.js";
import { defineFamily, type ParametersOf } from "./family.js";
import { type FindingLike, findingKey } from "./finding.js";
import { s } from "./shape.js";

/** The parameters the `claim` fact reads. */
export const claimParameters = {
  /** How long after a violation an exception may still be reported. */
  postHocNoticeWindow: durationSchema.optional(),
};

/**
 * The notice window of a policy, read once from its parsed parameters.
 *
 * @param params - The parsed catalogue parameters.
 * @returns `postHocNoticeWindow`, or null for no limit.
 */
export function noticeWindowOf(params: ParametersOf<typeof claimParameters>): Duration | null {
  return params.postHocNoticeWindow ?? null;
}

/** The shape of the `claim` fact. */
export const claimShape = s.object({
  id: s.string(),
  type: s.enum(EXCEPTION_TYPES),
  reportedAt: s.instant(),
  from: s.nullable(s.instant()),
  until: s.nullable(s.instant()),
  decision: s.nullable(s.enum(["accepted", "rejected"])),
  decided: s.boolean(),
  appliesTo: s.nullable(s.array(s.string())),
  covers: s.array(s.findingKey()),
  coversCount: s.integer(),
  violationSince: s.nullable(s.instant()),
  noticeDeadline: s.nullable(s.instant()),
  timing: s.enum(["advance", "within_window", "too_late"]),
  reportedInTime: s.boolean(),
  timingText: s.string(),
  evidenceCount: s.integer(),
  evidenceBeforeSelection: s.boolean(),
});

/** Claimed exceptions, for the exceptions phase. */
export const claimsFamily = defineFamily({
  name: "claims",
  facts: {
    claim: {
      shape: claimShape,
      doc: "The exception claim being decided (exceptions phase).",
      in: { phases: ["exceptions"], scopes: ["campaign"] },
    },
  },
  parameters: claimParameters,
  derive: noticeWindowOf,
});

const TIMING_TEXT: Record<DerivedClaim["timing"], string> = {
  advance: "in advance",
  within_window: "within the notice window",
  too_late: "too late",
};

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
  finding: FindingLike;
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
  findings: readonly FindingLike[],
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
  const coverable: Coverable[] = mapList(
    findings.filter((finding) => finding.outcome !== "compliant"),
    (finding) => ({ finding, key: findingKey(finding), since: finding.since || null }),
  );

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
    return mapList(parts, (part) => {
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
        covers: mapList(part, (item) => item.key),

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
