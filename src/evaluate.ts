/**
 * `evaluate`: facts → (validate) → derived facts → violations → exceptions → sanctions → verdict.
 */
import { addMilliseconds, type Duration, parseISO } from "date-fns";
import { z } from "zod";
import { ValidationError } from "./errors.js";
import { parseFacts } from "./facts/parse.js";
import { instantSchema } from "./facts/schema.js";
import { type Policy, type PolicyRule, parsePolicy } from "./policies/schema.js";
import { deriveFacts } from "./rules/derive.js";
import { type RuleRun, runRules, type TraceEntry } from "./rules/engine.js";
import { sliceFactsAt } from "./rules/slice.js";
import { type Standing, standingSchema } from "./standing/types.js";
import { addDuration, compareInstants, earliest, toUtc } from "./time.js";
import { parseWith } from "./validation.js";
import { applyDecisions, decideClaims, deriveClaims } from "./verdict/exceptions.js";
import { buildFindings, declaredFindings } from "./verdict/findings.js";
import { assembleSanctions, findingsFact, type SanctionUnit } from "./verdict/sanctions.js";
import { aggregateStatus } from "./verdict/status.js";
import type { Finding, StrikeRecord, Verdict } from "./verdict/types.js";

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** The evaluation instant: a `Date` or an ISO-8601 string with an offset. Required. */
  asOf: Date | string;
  /** The influencer's standing before this campaign, for retroactive and repeat-offence rules. */
  standing?: Standing;
  /** Include the raw rule trace (every rule's result per run) in the verdict. */
  trace?: boolean;
}

// The instants an ISO-8601 string with four year digits can name; a Date outside them would
// overflow the date arithmetic (new Date(8.64e15) is valid, one millisecond later is not).
const MIN_AS_OF = Date.parse("0001-01-01T00:00:00.000Z");
const MAX_AS_OF = Date.parse("9999-12-31T23:59:59.999Z");

const optionsSchema = z.strictObject({
  asOf: z.union(
    [
      z
        .date()
        .refine((date) => !Number.isNaN(date.getTime()), "must be a valid Date")
        .refine(
          (date) => date.getTime() >= MIN_AS_OF && date.getTime() <= MAX_AS_OF,
          "must lie between the years 0001 and 9999 (an ISO-8601 instant has four year digits)",
        ),
      instantSchema,
    ],
    {
      error: (issue) =>
        issue.input === undefined
          ? "is required: a Date or an ISO-8601 instant with an offset"
          : "must be a valid Date or an ISO-8601 instant with an offset (Z or ±hh:mm)",
    },
  ),
  standing: standingSchema.optional(),
  trace: z.boolean().optional(),
});

function rulesOf(policy: Policy, phase: string, scope?: string): PolicyRule[] {
  return policy.rules.filter(
    (rule) =>
      rule.event.params.phase === phase &&
      (scope === undefined ||
        (rule.event.params.phase !== "exceptions" && rule.event.params.scope === scope)),
  );
}

/**
 * Evaluates one campaign participation against a policy.
 *
 * @param facts - The facts (unknown input; validated against the facts schema).
 * @param policy - A policy from a preset or parsed from JSON (validated).
 * @param options - `asOf` (required), and optionally `standing` and `trace`.
 * @returns The verdict: findings with explanations, exceptions, sanctions, actions, next check.
 * @throws {@link ValidationError} (`INVALID_FACTS`, `INVALID_POLICY` or `INVALID_OPTIONS`).
 * @example
 * const verdict = await evaluate(facts, mediance(), { asOf: "2026-03-10T00:00:00Z" });
 * verdict.status; // "violation"
 */
export async function evaluate(
  facts: unknown,
  policy: unknown,
  options: EvaluateOptions,
): Promise<Verdict> {
  const parsedOptions = parseWith(optionsSchema, options, "INVALID_OPTIONS");
  const validPolicy = parsePolicy(policy);
  const asOf = toUtc(parsedOptions.asOf);
  const parsedFacts = parseFacts(facts);
  if (compareInstants(asOf, parsedFacts.participation.selectedAt) < 0) {
    throw new ValidationError("INVALID_OPTIONS", [
      {
        code: "contradiction",
        path: "asOf",
        message: `is before participation.selectedAt (${parsedFacts.participation.selectedAt}): the influencer was not selected yet, so nothing can be owed`,
      },
    ]);
  }
  const known = sliceFactsAt(parsedFacts, asOf);
  const timeZone = known.campaign.timezone;
  const derived = deriveFacts(known, validPolicy.parameters, asOf, parsedOptions.standing);
  const trace: TraceEntry[] | undefined = parsedOptions.trace ? [] : undefined;
  const common = derived.common as unknown as Record<string, unknown>;

  // Violations phase.
  const declared = declaredFindings(validPolicy);
  const campaignRuns = await runRules<string | undefined>(
    "violations",
    rulesOf(validPolicy, "violations", "campaign"),
    [{ unit: undefined, facts: common }],
    () => "campaign",
    trace,
    timeZone,
  );
  const deliverableRuns = await runRules<string | undefined>(
    "violations",
    rulesOf(validPolicy, "violations", "deliverable"),
    derived.deliverables.map((deliverable) => ({
      unit: deliverable.id,
      facts: { ...common, deliverable },
    })),
    (unit) => `deliverable ${unit}`,
    trace,
    timeZone,
  );
  const raw: Finding[] = [
    ...buildFindings(
      declared.filter((item) => item.scope === "campaign"),
      campaignRuns,
      timeZone,
      asOf,
    ),
    ...buildFindings(
      declared.filter((item) => item.scope === "deliverable"),
      deliverableRuns,
      timeZone,
      asOf,
    ),
  ];
  // Index once: an indexOf inside the comparator made 100k rules quadratic.
  const ruleOrder = new Map(declared.map((item, index) => [item.rule, index]));
  const rank = (rule: string) => ruleOrder.get(rule) ?? Number.MAX_SAFE_INTEGER;
  raw.sort((a, b) => rank(a.rule) - rank(b.rule));

  // Exceptions phase.
  const noticeWindow = (validPolicy.parameters.postHocNoticeWindow as Duration | undefined) ?? null;
  const claims = deriveClaims(known, raw, noticeWindow);
  const claimRuns = await runRules(
    "exceptions",
    rulesOf(validPolicy, "exceptions"),
    claims.map((claim) => ({ unit: claim, facts: { ...common, claim } })),
    (claim) => `claim ${claim.id}`,
    trace,
    timeZone,
  );
  const exceptions = decideClaims(claimRuns, timeZone);
  const findings = applyDecisions(raw, exceptions);

  // Sanctions phase.
  const activeStrikes = derived.common.standing.activeStrikeCount;
  const escalation = {
    timeZone,
    responseWindow: (validPolicy.parameters.responseWindow as Duration | undefined) ?? null,
    escalateAfter: (validPolicy.parameters.escalateAfter as Duration | undefined) ?? null,
  };
  const sanctionRuns: Array<RuleRun<SanctionUnit>> = [
    {
      unit: { findings },
      facts: { ...common, findings: findingsFact(findings, activeStrikes, escalation) },
    },
  ];
  // Group once: a filter per deliverable cost deliverables × findings.
  const byDeliverable = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (finding.deliverableId === undefined) continue;
    const group = byDeliverable.get(finding.deliverableId);
    if (group) group.push(finding);
    else byDeliverable.set(finding.deliverableId, [finding]);
  }
  const perDeliverable = derived.deliverables.map((deliverable) => {
    const own = byDeliverable.get(deliverable.id) ?? [];
    return {
      unit: { deliverableId: deliverable.id, findings: own },
      facts: { ...common, deliverable, findings: findingsFact(own, activeStrikes, escalation) },
    };
  });
  const fired = [
    ...(await runRules(
      "sanctions",
      rulesOf(validPolicy, "sanctions", "campaign"),
      sanctionRuns,
      () => "campaign",
      trace,
      timeZone,
    )),
    ...(await runRules(
      "sanctions",
      rulesOf(validPolicy, "sanctions", "deliverable"),
      perDeliverable,
      (unit) => `deliverable ${unit.deliverableId}`,
      trace,
      timeZone,
    )),
  ];
  const { sanctions, actions } = assembleSanctions(fired, timeZone);

  const violations = findings.filter((finding) => finding.outcome === "violation");
  return {
    policy: { id: validPolicy.id, version: validPolicy.version },
    campaignId: known.campaign.id,
    influencerId: known.influencer.id,
    asOf,
    status: aggregateStatus(findings.map((finding) => finding.outcome)),
    noShow: violations.some((finding) => finding.kind === "no_show"),
    findings,
    violations,
    exceptions,
    sanctions,
    actions,
    nextCheckAt: nextCheck(
      asOf,
      [
        ...findings.map((finding) => finding.checkAt),
        // A recheck marks an instant at which the verdict itself may change (e.g. a return window).
        ...actions.filter((action) => action.type === "recheck").map((action) => action.at),
        derived.common.standing.nextChangeAt,
      ],
      actions.map((action) => action.at),
    ),
    strike: strikeOf(violations, validPolicy, timeZone, asOf),
    ...(trace ? { trace } : {}),
  };
}

/**
 * When the verdict can next change, always strictly after `asOf`. A finding's `checkAt` (and a
 * `recheck` action's time) is an inclusive bound, so a verdict at exactly that bound changes one millisecond later (and a
 * scheduler waiting for `nextCheckAt` never loops on the same instant); an action counts only
 * while it is still ahead.
 */
function nextCheck(
  asOf: string,
  bounds: ReadonlyArray<string | null | undefined>,
  actionTimes: readonly string[],
): string | null {
  const justAfter = addMilliseconds(parseISO(asOf), 1).toISOString();
  const candidates = [
    ...bounds.map((bound) => (bound && compareInstants(bound, asOf) === 0 ? justAfter : bound)),
    ...actionTimes,
  ];
  return earliestIn(
    candidates.filter((candidate) => candidate && compareInstants(candidate, asOf) > 0),
  );
}

/** The earliest instant of a list of any length (a spread would overflow the call stack). */
function earliestIn(instants: ReadonlyArray<string | null | undefined>): string | null {
  let best: string | null = null;
  for (const instant of instants) best = earliest(best, instant);
  return best;
}

function strikeOf(
  violations: readonly Finding[],
  policy: Policy,
  timeZone: string,
  asOf: string,
): StrikeRecord | null {
  if (violations.length === 0) return null;
  const at = earliestIn(violations.map((finding) => finding.since)) ?? asOf;
  const expiry = policy.parameters.strikeExpiry as Duration | undefined;
  return {
    at,
    rules: [...new Set(violations.map((finding) => finding.rule))],
    ...(expiry ? { expiresAt: addDuration(at, expiry, timeZone) } : {}),
  };
}
