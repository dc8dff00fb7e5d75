/**
 * The verdict: what was violated and why, which exceptions excuse what, which sanctions follow
 * and what should happen next. Plain JSON data; the same input gives the same bytes.
 */
import type { Money } from "../facts/schema.js";

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

/** What one rule concluded, why, and on which facts. */
export interface Finding {
  /** Stable rule id, e.g. `mediance.post-not-registered`. */
  rule: string;
  kind: FindingKind;
  outcome: Outcome;
  /** The deliverable judged, for per-deliverable rules. */
  deliverableId?: string;
  /** When it became a violation (UTC). */
  since?: string;
  /** One sentence with the actual instants and values. */
  explanation: string;
  /** The facts the rule used. */
  evidence: Record<string, unknown>;
  /** Ids of the exceptions that excuse it. */
  excusedBy?: string[];
  /** The instant at which this finding can next change with no new facts (UTC). */
  checkAt?: string;
}

/** How one claimed exception was decided. */
export interface ExceptionDecision {
  id: string;
  type: string;
  status: "accepted" | "rejected" | "needs_review";
  /** Finding keys (`rule` or `rule@deliverableId`) it covers. */
  covers: string[];
  reason: string;
}

/** A sanction or remedy, and the findings it follows from. */
export interface Sanction {
  type: SanctionType;
  /** Finding keys (`rule` or `rule@deliverableId`) or `standing:<campaignId>` references. */
  because: string[];
  amount?: Money;
  scoreDelta?: number;
  until?: string;
  requiresHumanReview?: boolean;
  note?: string;
}

/** A next step with its time. */
export interface Action {
  type: ActionType;
  at: string;
  note: string;
  deliverableId?: string;
}

/** The strike a verdict records in the influencer's standing. */
export interface StrikeRecord {
  at: string;
  rules: string[];
  expiresAt?: string;
}

/** The full result of evaluating one campaign participation against a policy. */
export interface Verdict {
  policy: { id: string; version: string };
  campaignId: string;
  influencerId: string;
  /** The evaluation instant (UTC). */
  asOf: string;
  status: VerdictStatus;
  /** A no-show rule is violated and not excused. */
  noShow: boolean;
  /** Every rule that applied. */
  findings: Finding[];
  /** The findings whose outcome is `violation`. */
  violations: Finding[];
  exceptions: ExceptionDecision[];
  sanctions: Sanction[];
  actions: Action[];
  /** The earliest instant after `asOf` at which this verdict can change with no new facts. */
  nextCheckAt: string | null;
  /** The strike this verdict records, or `null` when it records none. */
  strike: StrikeRecord | null;
  /** The raw rule trace, when asked for with `trace: true`. */
  trace?: unknown[];
}
