/**
 * Whether a post stayed live long enough, from discrete tracker observations. A removal is only
 * known to lie between the last `live` and the first non-live observation; when the required
 * instant falls in that gap the answer is genuinely unknown (`straddles`).
 */

import type { Duration } from "date-fns";
import type { Observation } from "../facts/schema.js";
import { compareCodeUnits } from "../order.js";
import {
  addDuration,
  compareInstants,
  describeElapsed,
  earliest,
  type Instant,
  latest,
} from "../time.js";

/** What the observations say about a post's retention. */
export type RetentionStatus =
  /** Seen live at or after the required instant. */
  | "kept"
  /** Not yet at the required instant, and no removal seen. */
  | "in_progress"
  /** Removed by the influencer before the required instant. */
  | "removed_early"
  /** The required instant falls between the last live and first non-live observation. */
  | "straddles"
  /** Removed by the social platform (moderation), not the influencer's fault. */
  | "removed_by_platform"
  /** Not visible because of a tracker problem (expired token, outage) or an unknown cause. */
  | "tracking_gap"
  /** The required instant has passed but no observation confirms the post was still live. */
  | "unverified";

/** The derived retention fact of one post. */
export interface Retention {
  status: RetentionStatus;
  minLiveDuration: Duration;
  /** publishedAt + minLiveDuration, capped by the validation horizon when one is set. */
  requiredUntil: Instant;
  /** Until when a private account counts as removal (the campaign end, when later). */
  privateRequiredUntil: Instant;
  /** The last instant the post is known live: its publication, or the last live sighting. */
  lastLiveAt: Instant;
  /** The first non-live observation that decided the status, if any. */
  removalSeenAt: Instant | null;
  removalState: Observation["state"] | null;
  removalCause: Observation["cause"] | null;
  /** How long the post was at least known to be live, in words. */
  knownLiveFor: string;
  /** The instant until which the retention is still open (for `nextCheckAt`), or null. */
  openUntil: Instant | null;
}

const NOT_INFLUENCER = new Set(["platform", "token_expired", "outage", "unknown"]);

/** Input to {@link analyseRetention}. */
export interface RetentionInput {
  publishedAt: Instant;
  observations: readonly Observation[];
  minLiveDuration: Duration;
  validationHorizon: Duration | null;
  privateCountsUntil: Instant | null;
  timeZone: string;
  asOf: Instant;
}

function attribution(observation: Observation): "influencer" | "platform" | "gap" {
  if (observation.state === "removed_by_platform" || observation.cause === "platform")
    return "platform";
  if (
    observation.state === "unavailable" ||
    (observation.cause && NOT_INFLUENCER.has(observation.cause))
  )
    return "gap";
  return "influencer";
}

/**
 * Analyses one post's retention from its observations (any order).
 *
 * @param input - Publication, observations, the required duration and the evaluation context.
 * @returns The retention fact.
 */
export function analyseRetention(input: RetentionInput): Retention {
  const { publishedAt, minLiveDuration, timeZone, asOf } = input;
  const minimumEnd = addDuration(publishedAt, minLiveDuration, timeZone);
  const horizonEnd = input.validationHorizon
    ? addDuration(publishedAt, input.validationHorizon, timeZone)
    : null;
  const requiredUntil = earliest(minimumEnd, horizonEnd) ?? minimumEnd;
  const privateRequiredUntil = latest(requiredUntil, input.privateCountsUntil) ?? requiredUntil;
  const watchUntil = latest(requiredUntil, privateRequiredUntil) ?? requiredUntil;

  const observations = input.observations
    .filter((observation) => compareInstants(observation.at, publishedAt) >= 0)
    // Past the validation horizon only live sightings count (they prove it was live through it).
    .filter(
      (observation) =>
        !horizonEnd ||
        observation.state === "live" ||
        compareInstants(observation.at, horizonEnd) <= 0,
    )
    .slice()
    // Same instant: live first, then a fixed order, so the input order never matters.
    .sort(
      (a, b) =>
        compareInstants(a.at, b.at) ||
        Number(a.state !== "live") - Number(b.state !== "live") ||
        compareCodeUnits(a.state, b.state) ||
        compareCodeUnits(a.cause ?? "", b.cause ?? ""),
    );

  let lastLiveAt = publishedAt;
  const result = (
    status: RetentionStatus,
    removal: Observation | null,
    openUntil: Instant | null,
  ): Retention => ({
    status,
    minLiveDuration,
    requiredUntil,
    privateRequiredUntil,
    lastLiveAt,
    removalSeenAt: removal?.at ?? null,
    removalState: removal?.state ?? null,
    removalCause: removal?.cause ?? null,
    knownLiveFor: describeElapsed(publishedAt, lastLiveAt),
    openUntil,
  });

  for (const [index, observation] of observations.entries()) {
    if (observation.state === "live") {
      lastLiveAt = observation.at;
      continue;
    }
    const threshold = observation.state === "private" ? privateRequiredUntil : requiredUntil;
    if (compareInstants(lastLiveAt, threshold) >= 0) {
      // Removed after it was due: fine, and a deleted post can no longer go private later.
      if (observation.state === "private") continue;
      return result("kept", null, null);
    }
    // Observations of one instant that disagree about who removed the post attribute it to no one.
    const sources = new Set(
      observations
        .filter(
          (other) => other.state !== "live" && compareInstants(other.at, observation.at) === 0,
        )
        .map(attribution),
    );
    const source = sources.size > 1 ? "gap" : attribution(observation);
    if (source === "gap") {
      // A later live sighting closes a tracking gap, and a later removal by the influencer
      // decides it; otherwise the truth is unknown.
      const later = observations
        .slice(index + 1)
        .filter((other) => compareInstants(other.at, observation.at) > 0);
      if (later.some((other) => other.state === "live" || attribution(other) === "influencer"))
        continue;
      return result("tracking_gap", observation, null);
    }
    if (source === "platform") return result("removed_by_platform", observation, null);
    return result(
      compareInstants(observation.at, threshold) < 0 ? "removed_early" : "straddles",
      observation,
      null,
    );
  }
  if (compareInstants(lastLiveAt, watchUntil) >= 0) return result("kept", null, null);
  if (compareInstants(asOf, watchUntil) < 0) return result("in_progress", null, watchUntil);
  // The minimum was seen kept and no private sighting came before the campaign ended.
  if (compareInstants(lastLiveAt, requiredUntil) >= 0) return result("kept", null, null);
  return result("unverified", null, null);
}
