/**
 * Findings from the violations phase: for each finding rule and unit, the most severe outcome
 * that fired; a declared rule with no matching outcome is `needs_review`, never silently passed.
 */
import type { Policy, ViolationEventParams } from "../policies/schema.js";
import type { RunResult } from "../rules/engine.js";
import { renderTemplate, resolveRef } from "../rules/template.js";
import { compareInstants, type Instant, isCanonicalInstant } from "../time.js";
import type { Finding, FindingKind } from "./types.js";

/**
 * The most items any list in a verdict shows: evidence arrays, the ids and keys an explanation,
 * exception or sanction lists, and the summaries of derived facts. Longer lists show their
 * first `MAX_LISTED_ITEMS` items and then "and N more", so a verdict's size stays linear in
 * its facts' size however the lists multiply (claims × findings, missing × present media ids).
 */
export const MAX_LISTED_ITEMS = 20;

/**
 * The most characters an evidence text shows (a caption may be 1 MiB); a longer one shows its
 * start, then how long it is in all.
 */
export const MAX_EVIDENCE_TEXT = 1000;

/** A text cut to {@link MAX_EVIDENCE_TEXT} characters, never inside a surrogate pair. */
function boundText(text: string): string {
  if (text.length <= MAX_EVIDENCE_TEXT) return text;
  const last = text.charCodeAt(MAX_EVIDENCE_TEXT - 1);
  const cut = last >= 0xd800 && last <= 0xdbff ? MAX_EVIDENCE_TEXT - 1 : MAX_EVIDENCE_TEXT;
  return `${text.slice(0, cut)}… (${text.length} characters)`;
}

/** The marker that ends a cut list: `and 9980 more`. */
export function moreItems(count: number): string {
  return `and ${count} more`;
}

/**
 * A list cut to {@link MAX_LISTED_ITEMS} items, then the {@link moreItems} marker.
 *
 * @param items - The full list (not copied when short enough).
 * @returns `items` itself when short enough, else a new list of the first items and the marker.
 * @example
 * boundList(["a", "b"]); // ["a", "b"]
 */
export function boundList<T>(items: readonly T[]): ReadonlyArray<T | string> {
  if (items.length <= MAX_LISTED_ITEMS) return items;
  return [...items.slice(0, MAX_LISTED_ITEMS), moreItems(items.length - MAX_LISTED_ITEMS)];
}

/**
 * Joins at most {@link MAX_LISTED_ITEMS} rendered items, then `and N more`; only the items
 * shown are rendered.
 *
 * @param items - The full list.
 * @param separator - Between items (and before the marker), e.g. `", "`.
 * @param render - How one item reads (given its 0-based index too).
 * @returns The joined text (empty for an empty list).
 * @example
 * joinBounded(["#a", "#b"], " "); // "#a #b"
 */
export function joinBounded<T>(
  items: readonly T[],
  separator: string,
  render: (item: T, index: number) => string = String,
): string {
  const shown = items.slice(0, MAX_LISTED_ITEMS).map(render);
  if (items.length > MAX_LISTED_ITEMS) shown.push(moreItems(items.length - MAX_LISTED_ITEMS));
  return shown.join(separator);
}

/**
 * An evidence value with every array in it (at any depth) cut to {@link MAX_LISTED_ITEMS} items
 * and every text to {@link MAX_EVIDENCE_TEXT} characters; other values are kept. It copies what
 * it walks, and walks only what is shown, so its cost and size are bounded by what is shown.
 *
 * @param value - A value resolved from the run's facts.
 * @param depth - The nesting so far (internal).
 * @returns The bounded value.
 */
export function boundEvidence(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return boundText(value);
  // Facts are shallow trees; the depth guard only keeps a hand-made cycle from recursing forever.
  if (typeof value !== "object" || value === null || depth > 16) return value;
  if (Array.isArray(value)) {
    const shown = value.slice(0, MAX_LISTED_ITEMS).map((item) => boundEvidence(item, depth + 1));
    if (value.length > MAX_LISTED_ITEMS) shown.push(moreItems(value.length - MAX_LISTED_ITEMS));
    return shown;
  }
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = boundEvidence(item, depth + 1);
  return copy;
}

/** A finding's stable key: `rule` or `rule@deliverableId`. */
export function findingKey(finding: Pick<Finding, "rule" | "deliverableId">): string {
  return finding.deliverableId ? `${finding.rule}@${finding.deliverableId}` : finding.rule;
}

/** A finding rule declared by a policy (one or more outcome branches share its id). */
export interface DeclaredFinding {
  rule: string;
  kind: FindingKind;
  scope: "campaign" | "deliverable";
}

/** The finding rules of a policy, in the order they first appear. */
export function declaredFindings(policy: Policy): DeclaredFinding[] {
  const declared = new Map<string, DeclaredFinding>();
  for (const rule of policy.rules) {
    const params = rule.event.params;
    if (params.phase === "violations" && !declared.has(rule.event.type)) {
      declared.set(rule.event.type, {
        rule: rule.event.type,
        kind: params.kind,
        scope: params.scope,
      });
    }
  }
  return [...declared.values()];
}

const PRECEDENCE = ["violation", "needs_review", "pending", "compliant", "not_applicable"] as const;

/**
 * A `since` or `checkAt` value, when it is an instant as derived facts carry them (UTC, as
 * `Date#toISOString` writes it). A reference to a fact that holds something else (an id, a
 * duration in words) gives none, so it never reaches the verdict or the date arithmetic.
 */
function asInstant(value: unknown): Instant | undefined {
  return typeof value === "string" && isCanonicalInstant(value) ? value : undefined;
}

/**
 * Builds the findings of one scope's runs.
 *
 * @param declared - The finding rules of this scope.
 * @param runs - The runs, each with its unit's deliverable id (or none for the campaign).
 * @param timeZone - The campaign zone, for explanations.
 * @param asOf - The evaluation instant; `checkAt` values before it are dropped (at it: still open).
 * @returns The findings, in declared order then unit order.
 */
export function buildFindings(
  declared: readonly DeclaredFinding[],
  runs: ReadonlyArray<RunResult<string | undefined>>,
  timeZone: string,
  asOf: Instant,
): Finding[] {
  const findings: Finding[] = [];
  // Index each run's fired branches by rule once: filtering them per declared rule made
  // rules × runs × fired quadratic. Per rule, the most severe outcome wins (the first of equals).
  const chosenByRun = runs.map((run) => {
    const chosen = new Map<string, ViolationEventParams>();
    for (const fired of run.fired) {
      const params = fired.event.params as ViolationEventParams;
      const current = chosen.get(fired.event.type);
      if (!current || PRECEDENCE.indexOf(params.outcome) < PRECEDENCE.indexOf(current.outcome))
        chosen.set(fired.event.type, params);
    }
    return chosen;
  });
  for (const { rule, kind } of declared) {
    for (const [index, run] of runs.entries()) {
      const chosen = chosenByRun[index]?.get(rule);
      const deliverableId = run.unit;
      if (!chosen) {
        findings.push({
          rule,
          kind,
          outcome: "needs_review",
          ...(deliverableId ? { deliverableId } : {}),
          explanation: `No outcome of rule ${rule} matched the facts${deliverableId ? ` of deliverable ${deliverableId}` : ""}, so a person must review it.`,
          evidence: {},
        });
        continue;
      }
      if (chosen.outcome === "not_applicable") continue;
      const since =
        chosen.outcome === "violation" && chosen.since
          ? asInstant(resolveRef(run.facts, chosen.since))
          : undefined;
      const checkAt = chosen.checkAt ? asInstant(resolveRef(run.facts, chosen.checkAt)) : undefined;
      findings.push({
        rule,
        kind,
        outcome: chosen.outcome,
        ...(deliverableId ? { deliverableId } : {}),
        ...(since ? { since } : {}),
        explanation: renderTemplate(chosen.explanation, run.facts, timeZone),
        evidence: Object.fromEntries(
          Object.entries(chosen.evidence ?? {}).map(([name, ref]) => [
            name,
            boundEvidence(resolveRef(run.facts, ref) ?? null),
          ]),
        ),
        ...(checkAt && compareInstants(checkAt, asOf) >= 0 ? { checkAt } : {}),
      });
    }
  }
  return findings;
}
