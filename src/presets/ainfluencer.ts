/**
 * Ainfluencer (US Instagram marketplace with escrow): "Committing to a Collaboration Campaign &
 * Consequences Of Failing" and the payment page (DOMAIN.md §1.3, §8). The post must match the
 * terms agreed in the Offer Chat (date, time, images, caption, hashtags, link in bio, how long it
 * stays live). The brand's money is held in escrow until Ainfluencer has verified the post
 * (within 3 days, validating the first 48 hours) and released within 7 days after that. Failing
 * the terms means no pay (the escrow is refunded to the brand), a lower quality score, no longer
 * being shown in search results, and after "2, 3" failures a suspension.
 */
import { z } from "zod";
import { durationSchema, positiveDurationSchema } from "../facts/schema.js";
import { all, exceptionRule, findingRule, ref, sanctionRule, when } from "../policy/builders.js";
import {
  DEADLINE_EVIDENCE,
  deadlineBranches,
  decidedClaimRules,
  RETENTION_EVIDENCE,
  retentionBranches,
} from "../policy/pieces.js";
import type { Policy, PolicyRule } from "../policy/schema.js";
import { buildPreset, type PolicyMeta } from "./preset.js";

/** The parameters of the Ainfluencer preset. */
export const ainfluencerParametersSchema = z.strictObject({
  /** Tolerance around the agreed publish time when the terms give none (an assumption). */
  publishTolerance: durationSchema,
  /** The live duration when the offer agreed none (a deliverable's `minLiveDuration` wins). */
  minLiveDuration: positiveDurationSchema,
  /** How much of a post's life is validated ("usually considers only the first 48 hours"). */
  validationHorizon: durationSchema,
  /** Time Ainfluencer takes to verify the delivery after the (last) publication. */
  verifyWithin: durationSchema,
  /** Time from verification to the payout release. */
  releaseWithin: durationSchema,
  /** How long a failure counts towards suspension; absent: strikes never expire. */
  strikeExpiry: durationSchema.optional(),
  /** The number of failures (unexpired strikes including this campaign's) that suspends. */
  suspendAfterFailures: z.number().int().min(1),
  /** The quality-score change per failed campaign (zero or negative). */
  qualityScorePenalty: z.number().int().max(0),
  /** The quality score (0–100) of an influencer with no standing yet. */
  initialQualityScore: z.number().min(0).max(100),
});

/** The parameters of the Ainfluencer preset. */
export type AinfluencerParameters = z.infer<typeof ainfluencerParametersSchema>;

/**
 * Ainfluencer's defaults: the payment page's 3-day verification, first-48-hour validation and
 * 7-day release; suspension at the 3rd failure ("2, 3 times"; set `suspendAfterFailures: 2` for
 * the stricter reading). The publish tolerance, default live duration, score penalty and
 * starting score are not published and are assumptions.
 */
export const AINFLUENCER_DEFAULTS: AinfluencerParameters = {
  publishTolerance: { hours: 1 },
  minLiveDuration: { hours: 48 },
  validationHorizon: { hours: 48 },
  verifyWithin: { days: 3 },
  releaseWithin: { days: 7 },
  suspendAfterFailures: 3,
  qualityScorePenalty: -10,
  initialQualityScore: 100,
};

/** The ids of Ainfluencer's rules. */
export const AINFLUENCER_RULES = {
  notPublished: "ainfluencer.not-published",
  termsMismatch: "ainfluencer.terms-mismatch",
  removedEarly: "ainfluencer.removed-early",
} as const;

const R = AINFLUENCER_RULES;
const EVERY_KIND: Array<"no_show" | "breach"> = ["no_show", "breach"];
const notCancelledByOthers = when("participation.cancelledWithoutFault", "equal", false);
const COLLABORATION_CANCELLED = "The collaboration was cancelled by {participation.cancelledBy}.";
const cancelledByOthers = {
  branch: "cancelled",
  outcome: "not_applicable" as const,
  when: all(when("participation.cancelledWithoutFault", "equal", true)),
  explanation: COLLABORATION_CANCELLED,
};

function notPublished(): PolicyRule[] {
  return findingRule(R.notPublished, {
    kind: "no_show",
    role: "content_missing",
    scope: "deliverable",
    evidence: {
      ...DEADLINE_EVIDENCE,
      publishBy: "deliverable.publishBy",
      agreedPublishAt: "deliverable.terms.publishAt",
    },
    // A late post is published, not a no-show: ainfluencer.terms-mismatch judges the time.
    branches: deadlineBranches(
      "deliverable.publishBy",
      {
        cancelled: COLLABORATION_CANCELLED,
        onTime:
          "Deliverable {deliverable.id} was published at {deliverable.publishedAt}, by the agreed publish time {deliverable.publishBy}.",
        late: "Deliverable {deliverable.id} was published at {deliverable.publishedAt}, after the agreed publish time {deliverable.publishBy}; the lateness is judged by ainfluencer.terms-mismatch.",
        missing:
          "No post was published for deliverable {deliverable.id} by the agreed publish time {deliverable.publishBy}, and there is none as of {asOf}.",
        pending:
          "Deliverable {deliverable.id} has no post yet; the agreed publish time is {deliverable.publishBy}.",
      },
      "compliant",
    ),
  });
}

function termsMismatch(): PolicyRule[] {
  const posted = when("deliverable.posted", "equal", true);
  return findingRule(R.termsMismatch, {
    kind: "breach",
    role: "terms_mismatch",
    scope: "deliverable",
    evidence: {
      publishedAt: "deliverable.publishedAt",
      agreedPublishAt: "deliverable.terms.publishAt",
      publishWindowStart: "deliverable.terms.publishWindowStart",
      publishWindowEnd: "deliverable.terms.publishWindowEnd",
      mismatches: "deliverable.terms.mismatches",
      uncaptured: "deliverable.terms.uncaptured",
    },
    branches: [
      cancelledByOthers,
      {
        branch: "no-post",
        outcome: "not_applicable",
        when: all(when("deliverable.posted", "equal", false)),
        explanation: "Deliverable {deliverable.id} has no post to compare with the agreed terms.",
      },
      {
        branch: "no-terms",
        outcome: "needs_review",
        when: all(notCancelledByOthers, posted, when("deliverable.terms", "isPresent", false)),
        explanation:
          "No agreed terms are recorded for deliverable {deliverable.id}, so its post published at {deliverable.publishedAt} cannot be verified against the Offer Chat.",
      },
      {
        branch: "not-captured",
        outcome: "needs_review",
        when: all(
          notCancelledByOthers,
          posted,
          when("deliverable.terms.mismatchCount", "equal", 0),
          when("deliverable.terms.uncapturedCount", "greaterThan", 0),
        ),
        explanation:
          "The post of deliverable {deliverable.id}, published at {deliverable.publishedAt}, matches what was captured, but the tracker captured nothing to check these agreed terms against: {deliverable.terms.uncaptured}.",
      },
      {
        outcome: "compliant",
        when: all(
          notCancelledByOthers,
          posted,
          when("deliverable.terms.mismatchCount", "equal", 0),
          when("deliverable.terms.uncapturedCount", "equal", 0),
        ),
        explanation:
          "The post of deliverable {deliverable.id}, published at {deliverable.publishedAt}, matches every agreed term.",
      },
      {
        outcome: "violation",
        when: all(
          notCancelledByOthers,
          posted,
          when("deliverable.terms.mismatchCount", "greaterThan", 0),
        ),
        since: "deliverable.publishedAt",
        explanation:
          "The post of deliverable {deliverable.id}, published at {deliverable.publishedAt}, differs from the agreed terms in {deliverable.terms.mismatchCount} point(s): {deliverable.terms.summary}.",
      },
    ],
  });
}

function removedEarly(): PolicyRule[] {
  return findingRule(R.removedEarly, {
    kind: "breach",
    role: "removed_early",
    scope: "deliverable",
    evidence: {
      ...RETENTION_EVIDENCE,
      validationHorizon: "params.validationHorizon",
    },
    branches: retentionBranches({
      cancelled: COLLABORATION_CANCELLED,
      noPost: "Deliverable {deliverable.id} has no post to validate.",
      kept: "The post of deliverable {deliverable.id}, published at {deliverable.publishedAt}, was seen live at {deliverable.retention.lastLiveAt}, at or after {deliverable.retention.requiredUntil} (the agreed {deliverable.retention.minLiveDuration}, validated within the first {params.validationHorizon}).",
      pending:
        "The post of deliverable {deliverable.id} is validated until {deliverable.retention.openUntil}; it was last known live at {deliverable.retention.lastLiveAt}.",
      removed:
        "The post of deliverable {deliverable.id}, published at {deliverable.publishedAt}, was seen {deliverable.retention.removalState} at {deliverable.retention.removalSeenAt}, before {deliverable.retention.requiredUntil} (the agreed {deliverable.retention.minLiveDuration}, validated within the first {params.validationHorizon}).",
    }),
  });
}

function exceptionRules(): PolicyRule[] {
  return [
    ...decidedClaimRules("ainfluencer.exception", {
      accepted: "by Ainfluencer support",
      rejected: "by Ainfluencer support",
    }),
    exceptionRule("ainfluencer.exception/undecided", {
      when: all(when("claim.decided", "equal", false)),
      status: "needs_review",
      reason:
        "Exception {claim.id} ({claim.type}), reported at {claim.reportedAt}, awaits a decision by Ainfluencer support (the policy publishes no automatic excuses).",
    }),
  ];
}

function sanctionRules(): PolicyRule[] {
  const failed = when("findings.anyViolation", "equal", true);
  const escrowHeld = [
    when("payment.escrowFunded", "equal", true),
    when("payment.released", "equal", false),
    when("payment.refunded", "equal", false),
  ];
  return [
    sanctionRule("ainfluencer.sanction/withhold-payout", {
      scope: "campaign",
      when: all(failed, when("payment", "isPresent", true)),
      sanction: {
        type: "withhold_payout",
        because: { kinds: EVERY_KIND },
        amount: "payment.amount",
        note: "You won't get paid: the agreed terms were not met, so {payment.amount} is not paid out.",
      },
    }),
    sanctionRule("ainfluencer.sanction/refund-advertiser", {
      scope: "campaign",
      when: all(failed, ...escrowHeld),
      sanction: {
        type: "refund_advertiser",
        because: { kinds: EVERY_KIND },
        amount: "payment.amount",
        note: "The escrowed {payment.amount} (funded at {payment.escrowFundedAt}) is refunded to the brand's wallet.",
      },
    }),
    sanctionRule("ainfluencer.sanction/refund-after-release", {
      scope: "campaign",
      when: all(
        failed,
        when("payment.escrowFunded", "equal", true),
        when("payment.released", "equal", true),
        when("payment.refunded", "equal", false),
      ),
      sanction: {
        type: "refund_advertiser",
        because: { kinds: EVERY_KIND },
        amount: "payment.amount",
        requiresHumanReview: true,
        note: "The escrow was already released at {payment.releasedAt}; recovering {payment.amount} for the brand needs a person.",
      },
    }),
    sanctionRule("ainfluencer.sanction/quality-score", {
      scope: "campaign",
      when: all(failed),
      sanction: {
        type: "decrease_quality_score",
        because: { kinds: EVERY_KIND },
        scoreDelta: "params.qualityScorePenalty",
        note: "The quality score ({standing.qualityScore} before this campaign) changes by {params.qualityScorePenalty}.",
      },
    }),
    sanctionRule("ainfluencer.sanction/reduce-visibility", {
      scope: "campaign",
      when: all(failed),
      sanction: {
        type: "reduce_visibility",
        because: { kinds: EVERY_KIND },
        note: "The influencer is no longer displayed in Ainfluencer's search results.",
      },
    }),
    sanctionRule("ainfluencer.sanction/suspend", {
      scope: "campaign",
      when: all(
        failed,
        when(
          "findings.strikesIncludingThis",
          "greaterThanInclusive",
          ref("params.suspendAfterFailures"),
        ),
      ),
      sanction: {
        type: "suspend_account",
        because: { kinds: EVERY_KIND, fact: "standing.activeStrikeRefs" },
        note: "This is failure {findings.strikesIncludingThis} (suspension at {params.suspendAfterFailures}): the account is suspended until the influencer confirms the rules and is reinstated.",
      },
    }),
    sanctionRule("ainfluencer.action/release-payout", {
      scope: "campaign",
      when: all(
        when("findings.anyViolation", "equal", false),
        when("findings.needsReviewCount", "equal", 0),
        when("findings.pendingCount", "equal", 0),
        when("findings.excusedCount", "equal", 0),
        when("payment.releaseAt", "isPresent", true),
        ...escrowHeld,
      ),
      action: {
        type: "release_payout",
        at: "payment.releaseAt",
        note: "Every post matches the agreed terms (verification due by {payment.verifyBy}): release the escrowed {payment.amount} to the influencer's wallet by {payment.releaseAt}.",
      },
    }),
    sanctionRule("ainfluencer.action/review-before-verification", {
      scope: "campaign",
      when: all(
        when("findings.anyViolation", "equal", false),
        when("findings.needsReviewCount", "greaterThan", 0),
        when("payment.verifyBy", "isPresent", true),
        ...escrowHeld,
      ),
      action: {
        type: "report_to_support",
        at: "payment.verifyBy",
        note: "A person must decide the open finding(s) before verification is due at {payment.verifyBy}; the escrowed {payment.amount} stays held.",
      },
    }),
  ];
}

/**
 * The Ainfluencer policy: the post must match the agreed terms; escrow verification and release;
 * on failure no pay (escrow refunded to the brand), a lower quality score, no search visibility,
 * and suspension after repeated failures.
 *
 * @param params - Overrides of {@link AINFLUENCER_DEFAULTS} (validated; an unknown key throws).
 * @param meta - Optional `{ id, version }` (and `name`, `description`) for a platform's own edition.
 * @returns The policy, id `"ainfluencer"`.
 * @throws {@link ValidationError} with code `INVALID_POLICY` for a bad or unknown parameter.
 * @example
 * const policy = ainfluencer({ suspendAfterFailures: 2, strikeExpiry: { days: 365 } });
 * const verdict = await evaluate(facts, policy, { asOf: "2026-05-10T00:00:00Z", standing });
 * const next = applyVerdict(standing, verdict);
 */
export function ainfluencer(params?: Partial<AinfluencerParameters>, meta?: PolicyMeta): Policy {
  return ainfluencerFromParameters(params, meta);
}

/**
 * {@link ainfluencer} for overrides of no static type (JSON, a CLI argument, generated cases): they are
 * validated exactly as the typed factory validates them. The registry's `fromParameters`.
 *
 * @param params - Any value; `undefined` means the defaults.
 * @param meta - Optional `{ id, version }` (and `name`, `description`).
 * @returns The policy, id `"ainfluencer"`.
 * @throws {@link ValidationError} with code `INVALID_POLICY` for a bad or unknown parameter.
 */
export function ainfluencerFromParameters(params: unknown, meta?: PolicyMeta): Policy {
  return buildPreset(
    {
      id: "ainfluencer",
      version: "1.0.0",
      name: "Ainfluencer commitments policy",
      description:
        "Committing to a Collaboration Campaign & Consequences Of Failing (Ainfluencer), with the payment page's escrow timers.",
    },
    ainfluencerParametersSchema,
    AINFLUENCER_DEFAULTS,
    params,
    () => [
      ...notPublished(),
      ...termsMismatch(),
      ...removedEarly(),
      ...exceptionRules(),
      ...sanctionRules(),
    ],
    meta,
  );
}
