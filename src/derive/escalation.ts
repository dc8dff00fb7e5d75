/**
 * The escalation timeline of unexcused violations, for the sanctions phase: when the earliest
 * one began, when an answer to the first message about it is due (`responseWindow` later), when
 * it goes to support if still unresolved (`escalateAfter` later), and the evidence list of every
 * violation (what was agreed, what was seen, when: each finding's explanation and `since`).
 */
import type { Duration } from "date-fns";
import { joinBounded } from "../core/bounded.js";
import { mapList } from "../core/lists.js";
import { compareCodeUnits } from "../core/order.js";
import { addDuration, formatInstant, type Instant, toMillis } from "../core/time.js";
import { durationSchema } from "../facts/schema.js";
import { contactParameters } from "./contacts.js";
import { defineFamily, type ParametersOf } from "./family.js";
import { type FindingLike, findingKey } from "./finding.js";
import { s } from "./shape.js";

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
  findings: readonly FindingLike[],
  context: EscalationContext | undefined,
): EscalationFacts {
  const unexcused = findings.filter((finding) => finding.outcome === "violation");
  // The sanctions phase asks for the same violations more than once (the campaign's findings and
  // a deliverable's own, which are often the very same ones): the facts depend on nothing but
  // what `inputsOf` lists, so equal inputs get the facts already built.
  const inputs = inputsOf(unexcused, context);
  for (const seen of RECENT) if (sameItems(seen.inputs, inputs)) return seen.facts;
  const facts = escalationFactsOf(unexcused, context);
  RECENT.unshift({ inputs, facts });
  if (RECENT.length > MAX_RECENT) RECENT.pop();
  return facts;
}

/** The last few escalation facts built, newest first (they hold one verdict's findings at most). */
const RECENT: Array<{ inputs: readonly unknown[]; facts: EscalationFacts }> = [];
const MAX_RECENT = 4;
const DURATION_UNITS = [
  "years",
  "months",
  "weeks",
  "days",
  "hours",
  "minutes",
  "seconds",
] as const satisfies ReadonlyArray<keyof Duration>;

/** Everything the escalation facts read, flat: the context's fields, then each violation's. */
function inputsOf(
  violations: readonly FindingLike[],
  context: EscalationContext | undefined,
): unknown[] {
  const inputs: unknown[] = [context !== undefined, context?.timeZone];
  // A window by value (its units), not by identity.
  for (const window of [context?.responseWindow, context?.escalateAfter]) {
    inputs.push(window === null || window === undefined ? window : "window");
    if (window) for (const unit of DURATION_UNITS) inputs.push(window[unit]);
  }
  for (const finding of violations) {
    inputs.push(finding.rule, finding.deliverableId, finding.since, finding.explanation);
  }
  return inputs;
}

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function escalationFactsOf(
  unexcused: readonly FindingLike[],
  context: EscalationContext | undefined,
): EscalationFacts {
  // Each violation's key and start are computed once (a sort must not re-parse or rebuild them).
  const violations: Violation[] = mapList(unexcused, (finding) => ({
    finding,
    key: findingKey(finding),
    sinceMs: finding.since ? toMillis(finding.since) : null,
  }));
  const whole = escalationCase(violations, context);
  let lastMs: number | null = null;
  for (const { sinceMs } of violations)
    if (sinceMs !== null && (lastMs === null || sinceMs > lastMs)) lastMs = sinceMs;
  let latest = whole;
  if (lastMs !== null) {
    const last = violations.filter(({ sinceMs }) => sinceMs === lastMs);
    // The same violations in the same order make the same case (as none does, shared below).
    if (last.length < violations.length) latest = escalationCase(last, context);
  }
  // Written out in the shape's key order (the order shows in traces and serialised evidence).
  return {
    count: whole.count,
    keys: whole.keys,
    since: whole.since,
    responseDueAt: whole.responseDueAt,
    escalateAt: whole.escalateAt,
    evidence: whole.evidence,
    latest,
  };
}

/** A violation with its key and start, for ordering. */
interface Violation {
  finding: FindingLike;
  key: string;
  sinceMs: number | null;
}

/** `since + duration` in the campaign zone, or null without either (a plain function: no closure per case). */
function after(
  since: Instant | null,
  duration: Duration | null | undefined,
  context: EscalationContext | undefined,
): Instant | null {
  return since && duration && context ? addDuration(since, duration, context.timeZone) : null;
}

function escalationCase(
  unordered: readonly Violation[],
  context: EscalationContext | undefined,
): EscalationCase {
  const violations = unordered
    .slice()
    .sort(
      (a, b) =>
        (a.sinceMs !== null && b.sinceMs !== null
          ? a.sinceMs - b.sinceMs
          : a.sinceMs !== null
            ? -1
            : b.sinceMs !== null
              ? 1
              : 0) || compareCodeUnits(a.key, b.key),
    );
  const since = violations.find(({ finding }) => finding.since)?.finding.since ?? null;
  // The evidence lists at most MAX_LISTED_ITEMS violations (earliest first), then "and N more".
  const evidence = joinBounded(violations, " ", ({ finding, key }, index) => {
    const when = finding.since
      ? context
        ? formatInstant(finding.since, context.timeZone)
        : finding.since
      : "an unknown time";
    return `(${index + 1}) ${key}, since ${when}: ${finding.explanation}`;
  });
  return {
    count: violations.length,
    keys: mapList(violations, ({ key }) => key),

    since,
    responseDueAt: after(since, context?.responseWindow, context),
    escalateAt: after(since, context?.escalateAfter, context),
    evidence: evidence || "none",
  };
}

/** The parameters the escalation facts read. */
export const escalationParameters = {
  /** Time to answer a message about a violation: the contacts' `responseWindow` (one schema). */
  responseWindow: contactParameters.responseWindow,
  /** Time after which an unresolved breach is escalated. */
  escalateAfter: durationSchema.optional(),
};

/**
 * The escalation context of a policy: its windows, read once from the parsed parameters.
 *
 * @param params - The parsed catalogue parameters.
 * @param timeZone - The campaign zone.
 * @returns The context {@link escalationFacts} takes.
 */
export function escalationContext(
  params: ParametersOf<typeof escalationParameters>,
  timeZone: string,
): EscalationContext {
  return {
    timeZone,
    responseWindow: params.responseWindow ?? null,
    escalateAfter: params.escalateAfter ?? null,
  };
}

const caseFields = {
  count: s.integer(),
  keys: s.array(s.findingKey()),
  since: s.nullable(s.instant()),
  responseDueAt: s.nullable(s.instant()),
  escalateAt: s.nullable(s.instant()),
  evidence: s.string(),
} as const;

/** The shape of {@link EscalationFacts}. */
export const escalationShape = s.object({ ...caseFields, latest: s.object(caseFields) });

/** The escalation timeline (part of the `findings` fact: `findings.escalation`). */
export const escalationFamily = defineFamily({
  name: "escalation",
  facts: {},
  parameters: escalationParameters,
  derive: escalationFacts,
});
