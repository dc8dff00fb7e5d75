/**
 * The `standing` fact: the influencer's record before this campaign (prior no-shows, active
 * strikes) as it stands at `asOf`, and when it next changes.
 */
import type { Duration } from "date-fns";
import { z } from "zod";
import { addDuration, earliest, type Instant, toMillis } from "../core/time.js";
import { durationSchema } from "../facts/schema.js";
import { STANDING_STATUSES, type Standing } from "../facts/standing.js";
import { defineFamily } from "./family.js";
import { s } from "./shape.js";

/** The parameters the `standing` fact reads. */
export const standingParameters = {
  /** How long a strike counts towards repeat-offence rules. */
  strikeExpiry: durationSchema.optional(),
  /** The quality score (0–100) of an influencer evaluated without a standing (100 unless set). */
  initialQualityScore: z.number().min(0).max(100).optional(),
};

/** The `standing` fact. */
export interface StandingFact {
  present: boolean;
  status: Standing["status"];
  /** The standing's score, or `initialQualityScore` (100 unless set) without a standing. */
  qualityScore: number;
  priorNoShowCount: number;
  /** `standing:<campaignId>` for each prior unexcused no-show. */
  priorNoShowRefs: string[];
  /** Strikes of other campaigns, not revoked and not expired at `asOf`. */
  activeStrikeCount: number;
  activeStrikeRefs: string[];
  /** When the standing next changes: a strike expires or starts, or a later-dated no-show starts. */
  nextChangeAt: Instant | null;
}

/**
 * Derives the `standing` fact.
 *
 * @param standing - The influencer's standing before this campaign, if known.
 * @param campaignId - This campaign (its own records do not count as prior ones).
 * @param asOf - The evaluation instant.
 * @param initialQualityScore - The score without a standing.
 * @param strikeExpiry - The policy's `strikeExpiry` in the campaign zone, or null.
 * @returns The fact.
 */
export function deriveStanding(
  standing: Standing | undefined,
  campaignId: string,
  asOf: Instant,
  initialQualityScore: number,
  strikeExpiry: { duration: Duration; timeZone: string } | null,
): StandingFact {
  if (!standing) {
    return {
      present: false,
      status: "active",
      qualityScore: initialQualityScore,
      priorNoShowCount: 0,
      priorNoShowRefs: [],
      activeStrikeCount: 0,
      activeStrikeRefs: [],
      nextChangeAt: null,
    };
  }
  const asOfMs = toMillis(asOf);
  // One pass over each list, each instant parsed once, no argument spreads. When the standing
  // next changes: the earliest of the active strikes' expiries, the future strikes' starts and
  // the later-dated no-shows (instants are UTC strings, so equal instants are equal strings).
  let nextChangeAt: Instant | null = null;
  let nextChangeMs = Number.POSITIVE_INFINITY;
  const consider = (instant: Instant, ms: number) => {
    if (ms < nextChangeMs) {
      nextChangeAt = instant;
      nextChangeMs = ms;
    }
  };
  const priorNoShowRefs: string[] = [];
  for (const record of standing.noShows) {
    if (record.campaignId === campaignId) continue;
    const ms = toMillis(record.at);
    if (ms <= asOfMs) priorNoShowRefs.push(`standing:${record.campaignId}`);
    else consider(record.at, ms);
  }
  // A strike ends at its own expiresAt, and also once the current policy's strikeExpiry has
  // passed since it (strikes recorded under a policy without one still expire).
  const activeStrikeRefs: string[] = [];
  for (const strike of standing.strikes) {
    if (strike.campaignId === campaignId || strike.revokedAt) continue;
    const atMs = toMillis(strike.at);
    if (atMs > asOfMs) {
      consider(strike.at, atMs);
      continue;
    }
    const expiresAt = earliest(
      strike.expiresAt,
      strikeExpiry ? addDuration(strike.at, strikeExpiry.duration, strikeExpiry.timeZone) : null,
    );
    const expiresMs = expiresAt ? toMillis(expiresAt) : Number.POSITIVE_INFINITY;
    if (expiresMs <= asOfMs) continue;
    activeStrikeRefs.push(`standing:${strike.campaignId}`);
    if (expiresAt) consider(expiresAt, expiresMs);
  }
  return {
    present: true,
    status: standing.status,
    qualityScore: standing.qualityScore,
    priorNoShowCount: priorNoShowRefs.length,
    priorNoShowRefs,
    activeStrikeCount: activeStrikeRefs.length,
    activeStrikeRefs,
    nextChangeAt,
  };
}

/** The influencer's standing before this campaign. */
export const standingFamily = defineFamily({
  name: "standing",
  facts: {
    standing: {
      shape: s.object({
        present: s.boolean(),
        status: s.enum(STANDING_STATUSES),
        qualityScore: s.number(),
        priorNoShowCount: s.integer(),
        priorNoShowRefs: s.array(s.string()),
        activeStrikeCount: s.integer(),
        activeStrikeRefs: s.array(s.string()),
        nextChangeAt: s.nullable(s.instant()),
      }),
      doc: "The influencer's standing before this campaign (counts of prior no-shows and strikes).",
      in: "common",
    },
  },
  parameters: standingParameters,
  derive: deriveStanding,
});
