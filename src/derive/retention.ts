/**
 * Whether a post stayed live long enough, from discrete tracker observations. A removal is only
 * known to lie between the last `live` and the first non-live observation; when the required
 * instant falls in that gap the answer is genuinely unknown (`straddles`).
 */

import type { Duration } from "date-fns";
import { z } from "zod";
import { compareCodeUnits } from "../core/order.js";
import {
  addDuration,
  describeElapsed,
  earliest,
  type Instant,
  latest,
  toMillis,
} from "../core/time.js";
import {
  durationSchema,
  OBSERVATION_CAUSES,
  OBSERVATION_STATES,
  type Observation,
  positiveDurationSchema,
} from "../facts/schema.js";
import { s } from "./shape.js";

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

/** An observation with its instant parsed once (a sort must not re-parse ISO strings). */
interface Sighting {
  observation: Observation;
  at: number;
}

/** Whether a later sighting settles a tracking gap: seen live again, or removed by the influencer. */
function settlesGap(observation: Observation): boolean {
  return observation.state === "live" || attribution(observation) === "influencer";
}

/**
 * Analyses one post's retention from its observations (any order), in O(n log n): each instant
 * is parsed once, and what a gap needs to know about its own instant and about later sightings
 * is indexed in one pass each, never re-scanned per observation.
 *
 * @param input - Publication, observations, the required duration and the evaluation context.
 * @returns The retention fact.
 * @example
 * analyseRetention({ publishedAt, observations, minLiveDuration: { days: 30 },
 *   validationHorizon: null, privateCountsUntil: null, timeZone: "Asia/Seoul", asOf }).status;
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
  const publishedMs = toMillis(publishedAt);
  const horizonMs = horizonEnd === null ? null : toMillis(horizonEnd);
  const requiredMs = toMillis(requiredUntil);
  const privateRequiredMs = toMillis(privateRequiredUntil);

  const sightings: Sighting[] = [];
  for (const observation of input.observations) {
    const at = toMillis(observation.at);
    // Written as "not at or after", so an instant that does not parse (NaN) is left out too.
    if (!(at >= publishedMs)) continue;
    // Past the validation horizon only live sightings count (they prove it was live through it).
    if (horizonMs !== null && observation.state !== "live" && !(at <= horizonMs)) continue;
    sightings.push({ observation, at });
  }
  // Same instant: live first, then a fixed order, so the input order never matters.
  sightings.sort(
    (a, b) =>
      a.at - b.at ||
      Number(a.observation.state !== "live") - Number(b.observation.state !== "live") ||
      compareCodeUnits(a.observation.state, b.observation.state) ||
      compareCodeUnits(a.observation.cause ?? "", b.observation.cause ?? ""),
  );

  // Per sighting: whether the non-live sightings of its instant disagree about who removed the
  // post (they then attribute it to no one), and whether a strictly later sighting settles a gap.
  const count = sightings.length;
  const disputed: boolean[] = new Array(count).fill(false);
  const settledLater: boolean[] = new Array(count).fill(false);
  for (let start = 0; start < count; ) {
    // Each group holds at least its first sighting, so the scan always moves on.
    let end = start + 1;
    while (end < count && sightings[end]?.at === sightings[start]?.at) end++;
    const sources = new Set<string>();
    for (let index = start; index < end; index++) {
      const { observation } = sightings[index] as Sighting;
      if (observation.state !== "live") sources.add(attribution(observation));
    }
    for (let index = start; index < end; index++) disputed[index] = sources.size > 1;
    start = end;
  }
  let settles = false;
  for (let end = count; end > 0; ) {
    let start = end - 1;
    while (start > 0 && sightings[start - 1]?.at === sightings[end - 1]?.at) start--;
    for (let index = start; index < end; index++) settledLater[index] = settles;
    for (let index = start; index < end; index++)
      if (settlesGap((sightings[index] as Sighting).observation)) settles = true;
    end = start;
  }

  let lastLiveAt = publishedAt;
  let lastLiveMs = publishedMs;
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
    knownLiveFor: describeElapsed(publishedAt, lastLiveAt, timeZone),
    openUntil,
  });

  for (let index = 0; index < count; index++) {
    const { observation, at } = sightings[index] as Sighting;
    if (observation.state === "live") {
      lastLiveAt = observation.at;
      lastLiveMs = at;
      continue;
    }
    const threshold = observation.state === "private" ? privateRequiredMs : requiredMs;
    if (lastLiveMs >= threshold) {
      // Removed after it was due: fine, and a deleted post can no longer go private later.
      if (observation.state === "private") continue;
      return result("kept", null, null);
    }
    const source = disputed[index] ? "gap" : attribution(observation);
    if (source === "gap") {
      // A later live sighting closes a tracking gap, and a later removal by the influencer
      // decides it; otherwise the truth is unknown.
      if (settledLater[index]) continue;
      return result("tracking_gap", observation, null);
    }
    if (source === "platform") return result("removed_by_platform", observation, null);
    return result(at < threshold ? "removed_early" : "straddles", observation, null);
  }
  const watchMs = toMillis(watchUntil);
  if (lastLiveMs >= watchMs) return result("kept", null, null);
  if (toMillis(asOf) < watchMs) return result("in_progress", null, watchUntil);
  // The minimum was seen kept and no private sighting came before the campaign ended.
  if (lastLiveMs >= requiredMs) return result("kept", null, null);
  return result("unverified", null, null);
}

/** The shape of a {@link Retention}, for the fact registry. */
export const retentionShape = s.object({
  status: s.enum([
    "kept",
    "in_progress",
    "removed_early",
    "straddles",
    "removed_by_platform",
    "tracking_gap",
    "unverified",
  ] as const satisfies readonly RetentionStatus[]),
  minLiveDuration: s.duration(),
  requiredUntil: s.instant(),
  privateRequiredUntil: s.instant(),
  lastLiveAt: s.instant(),
  removalSeenAt: s.nullable(s.instant()),
  removalState: s.nullable(s.enum(OBSERVATION_STATES)),
  removalCause: s.nullable(s.enum(OBSERVATION_CAUSES)),
  knownLiveFor: s.string(),
  openUntil: s.nullable(s.instant()),
});

/** The parameters retention reads. */
export const retentionParameters = {
  /**
   * How long a post must stay live, from publication (a deliverable may override it). Longer
   * than zero: a zero minimum would silently pass every removal.
   */
  minLiveDuration: positiveDurationSchema.optional(),
  /** A private account counts as removal until the campaign ends, not only the live minimum. */
  privateCountsUntilCampaignEnd: z.boolean().optional(),
  /** How long after publication the tracker's observations count (e.g. 48 hours). */
  validationHorizon: durationSchema.optional(),
};
