/**
 * The verdict: what was violated and why, which exceptions excuse what, which sanctions follow
 * and what should happen next. Plain JSON data; the same input gives the same bytes.
 */

import type {
  ActionType,
  FindingKind,
  FindingRole,
  Outcome,
  SanctionType,
  VerdictStatus,
} from "../core/vocabulary.js";
import type { TraceEntry } from "../engine/jre.js";
import type { Money } from "../facts/schema.js";

export type {
  ActionType,
  FindingKind,
  FindingRole,
  Outcome,
  SanctionType,
  VerdictStatus,
} from "../core/vocabulary.js";
export {
  ACTION_TYPES,
  FINDING_KINDS,
  FINDING_ROLES,
  OUTCOMES,
  SANCTION_TYPES,
} from "../core/vocabulary.js";
// The trace is produced by the engine layer (below this one), so its types live there.
export type {
  TraceCondition,
  TraceEntry,
  TraceGroupCondition,
  TraceLeafCondition,
  TracePhase,
  TraceResult,
  TraceUnit,
} from "../engine/jre.js";

/** What one rule concluded, why, and on which facts. */
export interface Finding {
  /** Stable rule id, e.g. `mediance.post-not-registered`. */
  rule: string;
  kind: FindingKind;
  /** What the rule judges (`content_missing`, `removed_early`…); set on every finding `evaluate` makes. */
  role?: FindingRole;
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
  /**
   * What judged it: the policy id and version, the digest of its rules and parameters
   * (`policyDigest`; absent only in verdicts stored before 0.2) and, when the policy came from
   * `policyVersions`, the `effectiveFrom` of the version picked (UTC).
   */
  policy: { id: string; version: string; digest?: string; effectiveFrom?: string };
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
  /**
   * With `trace: true`: every rule run in evaluation order (phase by phase, unit by unit, rules
   * in policy order), each with its conditions, the values they saw and their results.
   */
  trace?: TraceEntry[];
}
