/**
 * The library's vocabulary: outcomes, finding kinds, sanction and action types. Plain `as const`
 * lists, so every layer (policy checks, verdicts, standings) names them from one place.
 */

/** The outcome of one finding, and the overall status of a verdict. */
export const OUTCOMES = ["violation", "needs_review", "excused", "pending", "compliant"] as const;
/** The outcome of one finding. */
export type Outcome = (typeof OUTCOMES)[number];
/** The overall status of a verdict (same values as {@link Outcome}). */
export type VerdictStatus = Outcome;

/** Whether a rule judges a no-show (the influencer did not show up) or a breach of terms. */
export const FINDING_KINDS = ["no_show", "breach"] as const;
/** The kind of a finding. */
export type FindingKind = (typeof FINDING_KINDS)[number];

/**
 * What a finding rule judges, from a fixed vocabulary, so that remedies react to what happened
 * (content is missing) rather than to another preset's rule ids: rules and remedies of different
 * policies then compose. Every finding rule declares exactly one.
 */
export const FINDING_ROLES = [
  /** The content was not published (or not within the campaign duration). */
  "content_missing",
  /** The content was published after its deadline. */
  "content_late",
  /** The post was deleted, hidden or made private before it had stayed live long enough. */
  "removed_early",
  /** The post can no longer be tracked for a reason not proven to be the influencer's. */
  "tracking_lost",
  /** The post does not match the agreed terms (hashtags, mentions, media, timing, link). */
  "terms_mismatch",
  /** A required advertising disclosure is missing. */
  "disclosure_missing",
  /** An edit request went unanswered. */
  "edit_ignored",
  /** Contacts from the platform or the advertiser went unanswered. */
  "unresponsive",
  /** Silence after the sponsored product arrived. */
  "silent_after_product",
  /** The influencer cancelled the participation. */
  "cancelled_by_influencer",
  /** Anything else a platform judges (a remedy can still react to it by role or kind). */
  "other",
] as const;
/** The role of a finding rule. */
export type FindingRole = (typeof FINDING_ROLES)[number];

/** Every sanction or remedy a policy can impose. */
export const SANCTION_TYPES = [
  "warning",
  "withhold_payout",
  "refund_advertiser",
  "request_product_return",
  "deactivate_voucher",
  "invoice",
  "decrease_quality_score",
  "reduce_visibility",
  "restrict_applications",
  "suspend_account",
  "exclude_from_future_campaigns",
  "request_correction",
  "legal_review",
  // A deduction from the reward points a platform credits for a mission (Korean review
  // platforms state these penalties in won): its amount is money, e.g. { amount: 5000, currency: "KRW" }.
  "points_deduction",
] as const;
/** A sanction or remedy type. */
export type SanctionType = (typeof SANCTION_TYPES)[number];

/** Every next step a policy can schedule. */
export const ACTION_TYPES = [
  "send_reminder",
  "message_influencer",
  "report_to_support",
  "review_contract",
  "collect_evidence",
  "release_payout",
  "recheck",
] as const;
/** A next-step type. */
export type ActionType = (typeof ACTION_TYPES)[number];
