/**
 * Pure reducers over a {@link Standing}: start one, and fold a verdict into it.
 */

import { ValidationError } from "../errors.js";
import { instantSchema } from "../facts/schema.js";
import type { Policy } from "../policies/schema.js";
import { compareInstants, toUtc } from "../time.js";
import { parseWith } from "../validation.js";
import type { Verdict } from "../verdict/types.js";
import { STANDING_STATUSES, type Standing, type StandingStatus } from "./types.js";

/** The status each sanction moves a standing to. */
const STATUS_BY_SANCTION: Partial<Record<string, StandingStatus>> = {
  restrict_applications: "restricted",
  reduce_visibility: "hidden",
  suspend_account: "suspended",
  exclude_from_future_campaigns: "excluded",
};

function severest(a: StandingStatus, b: StandingStatus): StandingStatus {
  return STANDING_STATUSES.indexOf(a) >= STANDING_STATUSES.indexOf(b) ? a : b;
}

function clampScore(score: number): number {
  return Math.min(100, Math.max(0, score));
}

/**
 * A clean standing: active, quality score 100, no strikes, no no-shows.
 *
 * @param influencerId - The influencer it belongs to.
 * @param qualityScore - The starting score (0–100), 100 unless given.
 * @returns A new standing.
 * @example
 * const standing = emptyStanding("inf-42");
 */
export function emptyStanding(influencerId: string, qualityScore = 100): Standing {
  return {
    influencerId,
    status: "active",
    qualityScore: clampScore(qualityScore),
    strikes: [],
    noShows: [],
  };
}

/**
 * A clean standing at a policy's `initialQualityScore` parameter (100 when the policy has none),
 * so that the standing starts where the policy's first evaluation assumed.
 *
 * @param influencerId - The influencer it belongs to.
 * @param policy - The policy whose `initialQualityScore` parameter gives the starting score.
 * @returns A new standing.
 * @example
 * const standing = initialStanding("inf-42", ainfluencer({ initialQualityScore: 80 }));
 * standing.qualityScore; // 80
 */
export function initialStanding(
  influencerId: string,
  policy: Pick<Policy, "parameters">,
): Standing {
  const score = policy.parameters.initialQualityScore;
  return emptyStanding(influencerId, typeof score === "number" ? score : 100);
}

/**
 * Reinstates a standing (the reactivation path, e.g. after the influencer confirms the rules):
 * the status goes back to `active`, `reinstatedAt` is set and restrictions are cleared; strikes,
 * no-shows and the quality score stay on record, so unexpired strikes still count towards the next repeat-offence rule.
 *
 * @param standing - The standing to reinstate.
 * @param at - The reinstatement instant: a `Date` or an ISO-8601 string with an offset.
 * @returns A new standing.
 * @throws {@link ValidationError} with code `INVALID_OPTIONS` when `at` is not a valid instant.
 * @example
 * const active = reinstate(suspended, "2026-06-01T09:00:00Z");
 */
export function reinstate(standing: Standing, at: Date | string): Standing {
  const instant =
    at instanceof Date && !Number.isNaN(at.getTime())
      ? toUtc(at)
      : parseWith(instantSchema, at, "INVALID_OPTIONS");
  // Reinstatement forgives the restrictions too: they no longer hold the status.
  const { restrictedBy: _, ...rest } = structuredClone(standing);
  return { ...rest, status: "active", reinstatedAt: instant };
}

/**
 * Folds a verdict into a standing: records its strike and no-show, applies its score change and
 * moves the status as its sanctions say. Pure and idempotent per campaign: applying a campaign's
 * verdict again replaces that campaign's earlier record (and its score change) instead of adding.
 * The status only moves back here when a restriction lifts (the campaigns that restricted
 * applications no longer do); otherwise see `reinstate` (a verdict whose failure is at or before
 * the reinstatement does not move the status again).
 *
 * @param standing - The standing before the verdict.
 * @param verdict - A verdict from `evaluate` for the same influencer.
 * @returns A new standing.
 * @throws {@link ValidationError} with code `INVALID_OPTIONS` when the verdict is another influencer's.
 * @example
 * const next = applyVerdict(emptyStanding("inf-42"), verdict);
 */
export function applyVerdict(standing: Standing, verdict: Verdict): Standing {
  if (verdict.influencerId !== standing.influencerId) {
    throw new ValidationError("INVALID_OPTIONS", [
      {
        code: "refused",
        path: "verdict.influencerId",
        message: `is "${verdict.influencerId}", but the standing belongs to "${standing.influencerId}"`,
      },
    ]);
  }
  const campaignId = verdict.campaignId;
  const previous = standing.strikes.filter((strike) => strike.campaignId === campaignId);
  const revertedScore =
    standing.qualityScore - previous.reduce((sum, strike) => sum + (strike.scoreDelta ?? 0), 0);
  const scoreDelta = verdict.sanctions.reduce(
    (sum, sanction) =>
      sum + (sanction.type === "decrease_quality_score" ? (sanction.scoreDelta ?? 0) : 0),
    0,
  );
  // Record the change actually applied (after clamping), so that replacing it later is exact.
  const appliedDelta = verdict.strike ? clampScore(revertedScore + scoreDelta) - revertedScore : 0;
  const strikes = standing.strikes.filter((strike) => strike.campaignId !== campaignId);
  if (verdict.strike) {
    strikes.push({
      at: verdict.strike.at,
      campaignId,
      policyId: verdict.policy.id,
      rules: [...verdict.strike.rules],
      ...(verdict.strike.expiresAt ? { expiresAt: verdict.strike.expiresAt } : {}),
      ...(appliedDelta !== 0 ? { scoreDelta: appliedDelta } : {}),
    });
  }
  const noShows = standing.noShows.filter((record) => record.campaignId !== campaignId);
  if (verdict.noShow) {
    const noShowRules = verdict.violations
      .filter((finding) => finding.kind === "no_show")
      .map((finding) => finding.rule);
    noShows.push({
      at: verdict.strike?.at ?? verdict.asOf,
      campaignId,
      policyId: verdict.policy.id,
      rules: [...new Set(noShowRules)],
    });
  }
  // A restriction lasts while some campaign's latest verdict imposes it.
  const restricts = verdict.sanctions.some((sanction) => sanction.type === "restrict_applications");
  const restrictedBy = [
    ...(standing.restrictedBy ?? []).filter((id) => id !== campaignId),
    ...(restricts ? [campaignId] : []),
  ];
  const lifted =
    standing.status === "restricted" &&
    (standing.restrictedBy ?? []).includes(campaignId) &&
    restrictedBy.length === 0;
  // A failure from before a reinstatement was forgiven by it: it stays on record but does not
  // move the status again when its campaign's verdict is re-applied.
  const failedAt = verdict.strike?.at ?? verdict.asOf;
  const forgiven =
    standing.reinstatedAt !== undefined && compareInstants(failedAt, standing.reinstatedAt) <= 0;
  const base: StandingStatus = lifted ? "active" : standing.status;
  const status = forgiven
    ? base
    : verdict.sanctions.reduce<StandingStatus>(
        (current, sanction) => severest(current, STATUS_BY_SANCTION[sanction.type] ?? "active"),
        base,
      );
  return {
    influencerId: standing.influencerId,
    status,
    qualityScore: clampScore(revertedScore + appliedDelta),
    strikes,
    noShows,
    ...(restrictedBy.length > 0 ? { restrictedBy } : {}),
    ...(standing.reinstatedAt ? { reinstatedAt: standing.reinstatedAt } : {}),
  };
}
