import { OUTCOMES, type Outcome, type VerdictStatus } from "./types.js";

/**
 * The verdict status from its findings' outcomes: any violation, else any needs_review, else any
 * excused, else any pending, else compliant.
 *
 * @param outcomes - The outcomes of every finding.
 * @returns The aggregated status.
 */
export function aggregateStatus(outcomes: Iterable<Outcome>): VerdictStatus {
  const present = new Set(outcomes);
  return OUTCOMES.find((outcome) => present.has(outcome)) ?? "compliant";
}
