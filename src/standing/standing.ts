/**
 * Pure reducers over a {@link Standing}: start one, and fold a verdict into it.
 */
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
 * Folds a verdict into a standing: records its strike and no-show, applies its score change and
 * moves the status as its sanctions say. Pure and idempotent per campaign: applying a campaign's
 * verdict again replaces that campaign's earlier record (and its score change) instead of adding.
 * The status never moves back here; see `reinstate`.
 *
 * @param standing - The standing before the verdict.
 * @param verdict - A verdict from `evaluate` for the same influencer.
 * @returns A new standing.
 * @example
 * const next = applyVerdict(emptyStanding("inf-42"), verdict);
 */
export function applyVerdict(standing: Standing, verdict: Verdict): Standing {
  const campaignId = verdict.campaignId;
  const previous = standing.strikes.filter((strike) => strike.campaignId === campaignId);
  const revertedScore =
    standing.qualityScore - previous.reduce((sum, strike) => sum + (strike.scoreDelta ?? 0), 0);
  const scoreDelta = verdict.sanctions.reduce(
    (sum, sanction) =>
      sum + (sanction.type === "decrease_quality_score" ? (sanction.scoreDelta ?? 0) : 0),
    0,
  );
  const strikes = standing.strikes.filter((strike) => strike.campaignId !== campaignId);
  if (verdict.strike) {
    strikes.push({
      at: verdict.strike.at,
      campaignId,
      policyId: verdict.policy.id,
      rules: [...verdict.strike.rules],
      ...(verdict.strike.expiresAt ? { expiresAt: verdict.strike.expiresAt } : {}),
      ...(scoreDelta !== 0 ? { scoreDelta } : {}),
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
  const status = verdict.sanctions.reduce<StandingStatus>(
    (current, sanction) => severest(current, STATUS_BY_SANCTION[sanction.type] ?? "active"),
    standing.status,
  );
  return {
    influencerId: standing.influencerId,
    status,
    qualityScore: clampScore(revertedScore + (verdict.strike ? scoreDelta : 0)),
    strikes,
    noShows,
  };
}
