/**
 * The escalation timeline of unexcused violations, for the sanctions phase: when the earliest
 * one began, when an answer to the first message about it is due (`responseWindow` later), when
 * it goes to support if still unresolved (`escalateAfter` later), and the evidence list of every
 * violation (what was agreed, what was seen, when: each finding's explanation and `since`).
 */
import type { Duration } from "date-fns";
import { compareCodeUnits } from "../order.js";
import { addDuration, compareInstants, formatInstant, type Instant } from "../time.js";
import { findingKey } from "./findings.js";
import type { Finding } from "./types.js";

/** What the escalation facts need besides the findings: the zone and two windows. */
export interface EscalationContext {
  /** The campaign zone: days are calendar days there, and instants are shown in it. */
  timeZone: string;
  /** Time the influencer has to answer a message (`responseWindow`), or null. */
  responseWindow?: Duration | null | undefined;
  /** Time after which an unresolved violation is reported (`escalateAfter`), or null. */
  escalateAfter?: Duration | null | undefined;
}

/** One escalation case: a set of unexcused violations and its timeline. */
export interface EscalationCase {
  /** How many unexcused violations it covers. */
  count: number;
  /** Their finding keys, earliest first. */
  keys: string[];
  /** The earliest `since` among them (UTC), or null. */
  since: Instant | null;
  /** `since + responseWindow`: when an answer to the first message is due; null without either. */
  responseDueAt: Instant | null;
  /** `since + escalateAfter`: when a still-unresolved violation goes to support; or null. */
  escalateAt: Instant | null;
  /** The evidence list: `(1) rule@deliverable, since …: explanation (2) …`; `none` when empty. */
  evidence: string;
}

/**
 * The `findings.escalation` (and `findings.campaignLevel`) fact of the sanctions phase: the case
 * of every violation in scope, opened at the earliest, and the violations that began last.
 */
export interface EscalationFacts extends EscalationCase {
  /**
   * The violations with the latest `since` (a breach found after the case opened gets its own
   * timeline); the same as the whole case when every violation began at once.
   */
  latest: EscalationCase;
}

/**
 * The escalation facts over the unexcused violations among `findings`.
 *
 * @param findings - Findings after exceptions were applied (any outcome; only violations count).
 * @param context - The campaign zone and the `responseWindow` and `escalateAfter` parameters.
 * @returns The escalation facts.
 */
export function escalationFacts(
  findings: readonly Finding[],
  context: EscalationContext | undefined,
): EscalationFacts {
  const violations = findings.filter((finding) => finding.outcome === "violation");
  const whole = escalationCase(violations, context);
  const last = violations.reduce<string | null>(
    (current, finding) =>
      finding.since && (!current || compareInstants(finding.since, current) > 0)
        ? finding.since
        : current,
    null,
  );
  const latest = last
    ? escalationCase(
        violations.filter((finding) => finding.since && compareInstants(finding.since, last) === 0),
        context,
      )
    : whole;
  return { ...whole, latest };
}

function escalationCase(
  findings: readonly Finding[],
  context: EscalationContext | undefined,
): EscalationCase {
  const violations = findings
    .slice()
    .sort(
      (a, b) =>
        (a.since && b.since ? compareInstants(a.since, b.since) : a.since ? -1 : b.since ? 1 : 0) ||
        compareCodeUnits(findingKey(a), findingKey(b)),
    );
  const since = violations.find((finding) => finding.since)?.since ?? null;
  const after = (duration: Duration | null | undefined) =>
    since && duration && context ? addDuration(since, duration, context.timeZone) : null;
  const evidence = violations
    .map((finding, index) => {
      const when = finding.since
        ? context
          ? formatInstant(finding.since, context.timeZone)
          : finding.since
        : "an unknown time";
      return `(${index + 1}) ${findingKey(finding)}, since ${when}: ${finding.explanation}`;
    })
    .join(" ");
  return {
    count: violations.length,
    keys: violations.map(findingKey),
    since,
    responseDueAt: after(context?.responseWindow),
    escalateAt: after(context?.escalateAfter),
    evidence: evidence || "none",
  };
}
