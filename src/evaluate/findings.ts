/**
 * Findings from the violations phase: for each finding rule and unit, the most severe outcome
 * that fired; a declared rule with no matching outcome is `needs_review`, never silently passed.
 */

import { boundEvidence } from "../core/bounded.js";
import { mapList } from "../core/lists.js";
import { compareInstants, type Instant, isCanonicalInstant } from "../core/time.js";
import type { RunResult } from "../engine/jre.js";
import type { Policy, ViolationEventParams } from "../policy/schema.js";
import { refReader, renderTemplate, resolveRef } from "../render/template.js";
import type { Finding, FindingKind, FindingRole } from "../verdict/types.js";

// One definition of a finding's key (`rule` or `rule@deliverableId`), shared with the derived facts.
export { findingKey } from "../derive/finding.js";

/** A finding rule declared by a policy (one or more outcome branches share its id). */
export interface DeclaredFinding {
  rule: string;
  kind: FindingKind;
  role: FindingRole;
  scope: "campaign" | "deliverable";
}

/** The finding rules of a policy, in the order they first appear. */
export function declaredFindings(policy: Policy): DeclaredFinding[] {
  // A validated policy is deep-frozen: its finding rules are listed once (a copy is returned).
  const known = DECLARED.get(policy);
  if (known) return [...known];
  const declared = new Map<string, DeclaredFinding>();
  for (const rule of policy.rules) {
    const params = rule.event.params;
    if (params.phase === "violations" && !declared.has(rule.event.type)) {
      declared.set(rule.event.type, {
        rule: rule.event.type,
        kind: params.kind,
        role: params.role,
        scope: params.scope,
      });
    }
  }
  const list = [...declared.values()];
  if (Object.isFrozen(policy)) DECLARED.set(policy, list);
  return [...list];
}

const DECLARED = new WeakMap<Policy, readonly DeclaredFinding[]>();

const PRECEDENCE = ["violation", "needs_review", "pending", "compliant", "not_applicable"] as const;

/**
 * A `since` or `checkAt` value, when it is an instant as derived facts carry them (UTC, as
 * `Date#toISOString` writes it). A reference to a fact that holds something else (an id, a
 * duration in words) gives none, so it never reaches the verdict or the date arithmetic.
 */
function asInstant(value: unknown): Instant | undefined {
  return typeof value === "string" && isCanonicalInstant(value) ? value : undefined;
}

/** Evidence lists of frozen policies, split once: their names and a reader of their references. */
const EVIDENCE = new WeakMap<
  Readonly<Record<string, string>>,
  { names: string[]; read: (facts: Readonly<Record<string, unknown>>, index: number) => unknown }
>();

/**
 * A finding's evidence: each named reference resolved and bounded, in the order written (as
 * `Object.fromEntries(Object.entries(…))` built it, without the two temporary arrays).
 */
function evidenceOf(
  spec: Readonly<Record<string, string>> | undefined,
  facts: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const evidence: Record<string, unknown> = {};
  if (spec === undefined || spec === null) return evidence;
  // A frozen policy's evidence list is split once (names and references), then read per run.
  let compiled = EVIDENCE.get(spec);
  if (compiled === undefined) {
    const names = Object.keys(spec);
    compiled = { names, read: refReader(names.map((name) => spec[name] as string)) };
    if (Object.isFrozen(spec)) EVIDENCE.set(spec, compiled);
  }
  const { names, read } = compiled;
  for (let index = 0; index < names.length; index++) {
    const name = names[index] as string;
    const value = boundEvidence(read(facts, index) ?? null);
    // fromEntries defined even `__proto__` as an own data property; an assignment would not.
    if (name === "__proto__") {
      Object.defineProperty(evidence, name, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      evidence[name] = value;
    }
  }
  return evidence;
}

/**
 * The contradiction in a deliverable's facts that leaves its rules nothing to judge, in words
 * (a post published before the selection is not this campaign's content), or "".
 */
function contradiction(facts: Readonly<Record<string, unknown>>, timeZone: string): string {
  const deliverable = facts.deliverable as { publishedBeforeSelection?: unknown } | undefined;
  if (deliverable?.publishedBeforeSelection !== true) return "";
  return renderTemplate(
    ": its post was published at {deliverable.publishedAt}, before the influencer was selected at {participation.selectedAt}, so it is not this campaign's content",
    facts,
    timeZone,
  );
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
  const chosenByRun = mapList(runs, (run) => {
    const chosen = new Map<string, ViolationEventParams>();
    for (const fired of run.fired) {
      const params = fired.event.params as ViolationEventParams;
      const current = chosen.get(fired.event.type);
      if (!current || PRECEDENCE.indexOf(params.outcome) < PRECEDENCE.indexOf(current.outcome))
        chosen.set(fired.event.type, params);
    }
    return chosen;
  });
  for (const { rule, kind, role } of declared) {
    for (let index = 0; index < runs.length; index++) {
      const run = runs[index] as RunResult<string | undefined>;
      const chosen = chosenByRun[index]?.get(rule);
      const deliverableId = run.unit;
      if (!chosen) {
        findings.push({
          rule,
          kind,
          role,
          outcome: "needs_review",
          ...(deliverableId ? { deliverableId } : {}),
          explanation: `No outcome of rule ${rule} matched the facts${deliverableId ? ` of deliverable ${deliverableId}` : ""}, so a person must review it${contradiction(run.facts, timeZone)}.`,
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
      // Built key by key in the verdict's key order (no spread of a temporary per optional key).
      const finding = { rule, kind, role, outcome: chosen.outcome } as Finding;
      if (deliverableId) finding.deliverableId = deliverableId;
      if (since) finding.since = since;
      finding.explanation = renderTemplate(chosen.explanation, run.facts, timeZone);
      finding.evidence = evidenceOf(chosen.evidence, run.facts);
      if (checkAt && compareInstants(checkAt, asOf) >= 0) finding.checkAt = checkAt;
      findings.push(finding);
    }
  }
  return findings;
}
