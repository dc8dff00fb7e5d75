/**
 * What the sanctions-phase facts read of a finding (the verdict's `Finding` has these fields and
 * more; the verdict layer sits above this one, so the type is structural here).
 */
import type { FindingKind, FindingRole, Outcome } from "../core/vocabulary.js";

/** The fields of a finding the derived facts read. */
export interface FindingLike {
  /** Stable rule id. */
  rule: string;
  kind: FindingKind;
  /** What the rule judges (every finding rule declares one; absent only in hand-made findings). */
  role?: FindingRole;
  outcome: Outcome;
  deliverableId?: string;
  /** When the violation began (UTC), if known. */
  since?: string;
  explanation: string;
}

/**
 * The key of a finding: `rule`, or `rule@deliverableId` for a per-deliverable one.
 *
 * @param finding - A finding.
 * @returns Its key.
 */
export function findingKey(finding: Pick<FindingLike, "rule" | "deliverableId">): string {
  return finding.deliverableId ? `${finding.rule}@${finding.deliverableId}` : finding.rule;
}
