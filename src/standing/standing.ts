/**
 * Pure reducers over a {@link Standing}: start one, fold a verdict into it, reinstate it. Each
 * validates its inputs first (a standing or verdict from storage may be hand-edited), never
 * mutates them, and returns a new standing in canonical form.
 */

import { z } from "zod";
import { compareCodeUnits } from "../core/order.js";
import { compareInstants } from "../core/time.js";
import { ValidationError, type ValidationIssue } from "../errors.js";
import { instantSchema } from "../facts/schema.js";
import {
  type Evaluation,
  type ImposedStatus,
  STANDING_STATUSES,
  type Standing,
  type StandingStatus,
  standingSchema,
} from "../facts/standing.js";
import type { Policy } from "../policy/schema.js";
import { parseWith, toValidationIssues } from "../validation.js";
import { verdictSchema } from "../verdict/schema.js";
import type { SanctionType, Verdict } from "../verdict/types.js";

/** The status each sanction moves a standing to (`active`: it does not move the status). */
const STATUS_BY_SANCTION: Record<SanctionType, StandingStatus> = {
  warning: "active",
  withhold_payout: "active",
  refund_advertiser: "active",
  request_product_return: "active",
  deactivate_voucher: "active",
  invoice: "active",
  decrease_quality_score: "active",
  reduce_visibility: "hidden",
  restrict_applications: "restricted",
  suspend_account: "suspended",
  exclude_from_future_campaigns: "excluded",
  request_correction: "active",
  legal_review: "active",
  points_deduction: "active",
};

const SEVERITY: ReadonlyMap<StandingStatus, number> = new Map(
  STANDING_STATUSES.map((status, index) => [status, index]),
);

function severest(a: StandingStatus, b: StandingStatus): StandingStatus {
  return (SEVERITY.get(a) ?? 0) >= (SEVERITY.get(b) ?? 0) ? a : b;
}

function clampScore(score: number): number {
  return Math.min(100, Math.max(0, score));
}

/** Builds a standing with its keys in one fixed order and its optional lists only when non-empty. */
function canonical(parts: {
  influencerId: string;
  status: StandingStatus;
  qualityScore: number;
  strikes: Standing["strikes"];
  noShows: Standing["noShows"];
  restrictedBy?: string[] | undefined;
  reinstatedAt?: string | undefined;
  statusFloor?: ImposedStatus | undefined;
  evaluations?: Evaluation[] | undefined;
}): Standing {
  return {
    influencerId: parts.influencerId,
    status: parts.status,
    qualityScore: parts.qualityScore,
    strikes: parts.strikes,
    noShows: parts.noShows,
    ...(parts.restrictedBy && parts.restrictedBy.length > 0
      ? { restrictedBy: parts.restrictedBy }
      : {}),
    ...(parts.reinstatedAt !== undefined ? { reinstatedAt: parts.reinstatedAt } : {}),
    ...(parts.statusFloor !== undefined ? { statusFloor: parts.statusFloor } : {}),
    ...(parts.evaluations && parts.evaluations.length > 0
      ? { evaluations: parts.evaluations }
      : {}),
  };
}

function parseStanding(input: unknown): Standing {
  return parseWith(standingSchema, input, "INVALID_STANDING");
}

/**
 * A clean standing: active, quality score 100, no strikes, no no-shows.
 *
 * @param influencerId - The influencer it belongs to (a non-empty id of at most 200 characters).
 * @param qualityScore - The starting score, clamped to 0–100; 100 unless given.
 * @returns A new standing.
 * @throws {@link ValidationError} with code `INVALID_STANDING` for an empty or over-long id or a
 * score that is not a number.
 * @example
 * const standing = emptyStanding("inf-42");
 */
export function emptyStanding(influencerId: string, qualityScore = 100): Standing {
  return parseStanding({
    influencerId,
    status: "active",
    qualityScore: clampScore(qualityScore),
    strikes: [],
    noShows: [],
  });
}

/**
 * A clean standing at a policy's `initialQualityScore` parameter (100 when the policy has none),
 * so that the standing starts where the policy's first evaluation assumed.
 *
 * @param influencerId - The influencer it belongs to.
 * @param policy - The policy whose `initialQualityScore` parameter gives the starting score.
 * @returns A new standing.
 * @throws {@link ValidationError} with code `INVALID_STANDING`, as {@link emptyStanding}.
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

// A Date must be one whose ISO form parses again (years 0000–9999), so the stored value round-trips.
const reinstateDateSchema = z
  .date({ error: "must be a valid Date" })
  .refine((date) => date.getUTCFullYear() >= 0, {
    message: "must lie between the years 0000 and 9999 in UTC",
    params: { code: "too_small" },
  })
  .refine((date) => date.getUTCFullYear() <= 9999, {
    message: "must lie between the years 0000 and 9999 in UTC",
    params: { code: "too_big" },
  })
  .transform((date) => date.toISOString());

/**
 * Reinstates a standing (the reactivation path, e.g. after the influencer confirms the rules):
 * the status goes back to `active` (or, when `at` is backdated before a failure on record, to
 * what the later failures hold), `reinstatedAt` is set and every failure up to `at` is forgiven
 * (restrictions included: `restrictedBy` is cleared, and so is `statusFloor`); strikes, no-shows,
 * the quality score and `evaluations` stay on record, so unexpired strikes still count towards the next repeat-offence
 * rule and an older verdict of a campaign is still refused.
 *
 * @param standing - The standing to reinstate (validated).
 * @param at - The reinstatement instant: a `Date` or an ISO-8601 string with an offset.
 * @returns A new standing; the input is not mutated.
 * @throws {@link ValidationError} with code `INVALID_STANDING` when the standing is malformed
 * (every problem, with path and issue code), or `INVALID_OPTIONS` (path `at`) when `at` is not a
 * valid instant between the years 0000 and 9999.
 * @example
 * const active = reinstate(suspended, "2026-06-01T09:00:00Z");
 */
export function reinstate(standing: Standing, at: Date | string): Standing {
  const current = parseStanding(standing);
  const { at: instant } = parseWith(
    z.strictObject({ at: at instanceof Date ? reinstateDateSchema : instantSchema }),
    { at },
    "INVALID_OPTIONS",
  );
  const reinstated = canonical({
    ...current,
    status: "active",
    // Reinstatement forgives the restrictions too: they no longer hold the status.
    restrictedBy: undefined,
    statusFloor: undefined,
    reinstatedAt: instant,
  });
  // Only a backdated reinstatement leaves failures after `at`: they still hold the status.
  return { ...reinstated, status: severestOf(heldByCampaign(reinstated).values()) };
}

function refused(path: string, message: string): ValidationError {
  return new ValidationError("INVALID_VERDICT", [{ code: "refused", path, message }]);
}

/**
 * Whether a failure at `failedAt` was forgiven by the standing's last reinstatement: it stays on
 * record but no longer holds the status.
 */
function forgivenAt(standing: Standing, failedAt: string): boolean {
  return (
    standing.reinstatedAt !== undefined && compareInstants(failedAt, standing.reinstatedAt) <= 0
  );
}

/**
 * What each campaign holds the status at, as far as the standing can tell: its evaluation's
 * `imposes` unless a reinstatement forgave that failure (at its strike, or at the verdict's `asOf`
 * when it recorded none), or, for a standing from before evaluations were kept, `restricted` for
 * a campaign in `restrictedBy`.
 */
function heldByCampaign(standing: Standing): Map<string, StandingStatus> {
  const held = new Map<string, StandingStatus>();
  for (const id of standing.restrictedBy ?? []) held.set(id, "restricted");
  const struckAt = new Map<string, string>();
  for (const strike of standing.strikes)
    if (!struckAt.has(strike.campaignId)) struckAt.set(strike.campaignId, strike.at);
  for (const evaluation of standing.evaluations ?? []) {
    const failedAt = struckAt.get(evaluation.campaignId) ?? evaluation.asOf;
    const imposes = evaluation.imposes ?? "active";
    held.set(evaluation.campaignId, forgivenAt(standing, failedAt) ? "active" : imposes);
  }
  return held;
}

function severestOf(statuses: Iterable<StandingStatus>): StandingStatus {
  let result: StandingStatus = "active";
  for (const status of statuses) result = severest(result, status);
  return result;
}

/**
 * The status after a campaign's verdict that holds the standing at `holds`: the severest of what
 * each campaign on record holds and of the floor. A status more severe than the records and the
 * floor explain (set by hand, or reached by verdicts applied before evaluations were kept)
 * becomes the floor, so a verdict never lowers it; everything else follows the records, up, or
 * down when a re-evaluation takes a sanction back.
 */
function nextStatus(
  current: Standing,
  campaignId: string,
  holds: StandingStatus,
): { status: StandingStatus; statusFloor: ImposedStatus | undefined } {
  const held = heldByCampaign(current);
  const floorBefore: StandingStatus = current.statusFloor ?? "active";
  const explained = severest(floorBefore, severestOf(held.values()));
  // More severe than the records explain: it becomes the floor. Less severe (lowered by hand
  // without reinstate): the records hold again.
  const statusFloor =
    (SEVERITY.get(current.status) ?? 0) > (SEVERITY.get(explained) ?? 0)
      ? (current.status as ImposedStatus)
      : floorBefore;
  held.set(campaignId, holds);
  return {
    status: severest(statusFloor, severestOf(held.values())),
    statusFloor: statusFloor === "active" ? undefined : statusFloor,
  };
}

/**
 * Folds a verdict into a standing: records its strike and no-show, applies its score change and
 * moves the status as its sanctions say.
 *
 * Per campaign the standing keeps the verdict last applied (`evaluations`: its `asOf` and the
 * status it imposes), which makes the reducer exact:
 * - the same verdict applied twice is recorded once (idempotent);
 * - a verdict with the same or a later `asOf` (a re-evaluation) replaces the campaign's earlier
 *   strike, no-show, score change and imposed status, so a re-evaluation that excuses the failure
 *   (an exception accepted later) takes its sanctions back;
 * - the status is the severest of what each campaign's verdict on record imposes and of
 *   `statusFloor`: a status more severe than the records explain (set by hand, or reached before
 *   evaluations were kept) becomes the floor and is never lowered by a verdict;
 * - a verdict with an older `asOf` is refused, keeping the record intact.
 * A failure at or before the last reinstatement was forgiven by it: it stays on record but does
 * not move the status again (see {@link reinstate}). The output is canonical: `evaluations` is
 * sorted by campaign id in code-unit order.
 *
 * @param standing - The standing before the verdict (validated).
 * @param verdict - A verdict from `evaluate` for the same influencer (validated: it may come back
 * from storage or a hand edit).
 * @returns A new standing; neither input is mutated.
 * @throws {@link ValidationError} with code `INVALID_STANDING` when the standing is malformed or
 * would grow past `STANDING_LIMITS`, or `INVALID_VERDICT` when the verdict is malformed
 * (every problem, with path and issue code) or refused (issue code `refused`): at path
 * `influencerId` for another influencer's verdict, at path `asOf` for a verdict older than the
 * campaign's verdict already applied.
 * @example
 * const next = applyVerdict(emptyStanding("inf-42"), verdict);
 */
export function applyVerdict(standing: Standing, verdict: Verdict): Standing {
  const current = parseStanding(standing);
  const next = parseWith(verdictSchema, verdict, "INVALID_VERDICT");
  if (next.influencerId !== current.influencerId) {
    throw refused(
      "influencerId",
      `is "${next.influencerId}", but the standing belongs to "${current.influencerId}"`,
    );
  }
  const campaignId = next.campaignId;
  const recorded = current.evaluations?.find((entry) => entry.campaignId === campaignId);
  if (recorded && compareInstants(next.asOf, recorded.asOf) < 0) {
    throw refused(
      "asOf",
      `is ${next.asOf}, older than the verdict of campaign "${campaignId}" already applied (as of ${recorded.asOf}); an older verdict never replaces a newer one`,
    );
  }

  const previous = current.strikes.filter((strike) => strike.campaignId === campaignId);
  const revertedScore =
    current.qualityScore - previous.reduce((sum, strike) => sum + (strike.scoreDelta ?? 0), 0);
  const scoreDelta = next.sanctions.reduce(
    (sum, sanction) =>
      sum + (sanction.type === "decrease_quality_score" ? (sanction.scoreDelta ?? 0) : 0),
    0,
  );
  // Record the change actually applied (after clamping), so that replacing it later is exact.
  const appliedDelta = next.strike ? clampScore(revertedScore + scoreDelta) - revertedScore : 0;
  const strikes = current.strikes.filter((strike) => strike.campaignId !== campaignId);
  if (next.strike) {
    strikes.push({
      at: next.strike.at,
      campaignId,
      policyId: next.policy.id,
      policyVersion: next.policy.version,
      rules: [...next.strike.rules],
      ...(next.strike.expiresAt ? { expiresAt: next.strike.expiresAt } : {}),
      ...(appliedDelta !== 0 ? { scoreDelta: appliedDelta } : {}),
    });
  }
  const noShows = current.noShows.filter((record) => record.campaignId !== campaignId);
  if (next.noShow) {
    const noShowRules = next.violations
      .filter((finding) => finding.kind === "no_show")
      .map((finding) => finding.rule);
    noShows.push({
      at: next.strike?.at ?? next.asOf,
      campaignId,
      policyId: next.policy.id,
      policyVersion: next.policy.version,
      rules: [...new Set(noShowRules)],
    });
  }
  // A restriction lasts while some campaign's latest verdict imposes it.
  const restricts = next.sanctions.some((sanction) => sanction.type === "restrict_applications");
  const restrictedBy = [
    ...(current.restrictedBy ?? []).filter((id) => id !== campaignId),
    ...(restricts ? [campaignId] : []),
  ];

  const imposes = severestOf(next.sanctions.map((sanction) => STATUS_BY_SANCTION[sanction.type]));
  // A failure from before a reinstatement was forgiven by it: it stays on record but does not
  // move the status again when its campaign's verdict is re-applied.
  const holds = forgivenAt(current, next.strike?.at ?? next.asOf) ? "active" : imposes;
  const { status, statusFloor } = nextStatus(current, campaignId, holds);

  const evaluations: Evaluation[] = [
    ...(current.evaluations ?? []).filter((entry) => entry.campaignId !== campaignId),
    {
      campaignId,
      asOf: next.asOf,
      ...(imposes !== "active" ? { imposes: imposes as ImposedStatus } : {}),
    },
  ].sort((a, b) => compareCodeUnits(a.campaignId, b.campaignId));

  const result = canonical({
    influencerId: current.influencerId,
    status,
    qualityScore: clampScore(revertedScore + appliedDelta),
    strikes,
    noShows,
    restrictedBy,
    reinstatedAt: current.reinstatedAt,
    statusFloor,
    evaluations,
  });
  return withinLimits(result);
}

/**
 * The standing after a verdict may have grown one record past a cap (a new campaign on a full
 * standing): refuse it rather than return a standing that the next call would refuse.
 */
function withinLimits(result: Standing): Standing {
  const check = standingSchema.safeParse(result);
  if (check.success) return result;
  const issues: ValidationIssue[] = toValidationIssues(standingSchema, check.error).map(
    (issue) => ({ ...issue, message: `after applying the verdict, ${issue.message}` }),
  );
  throw new ValidationError("INVALID_STANDING", issues);
}
