/**
 * `evaluate`: facts → (validate) → derived facts → violations → exceptions → sanctions → verdict.
 */
import type { Duration } from "date-fns";
import { z } from "zod";
import { mapList } from "../core/lists.js";
import { addDuration, earliest, parseIsoMillis, toMillis, toUtc } from "../core/time.js";
import { type DerivedClaim, deriveClaims } from "../derive/claims.js";
import { type CommonFacts, deriveFacts } from "../derive/derive.js";
import {
  compiledRule,
  type RuleRun,
  type RunResult,
  runRules,
  runRulesSync,
  type TraceEntry,
  type TracePhase,
} from "../engine/jre.js";
import { ValidationError } from "../errors.js";
import { parseFacts } from "../facts/parse.js";
import { instantSchema } from "../facts/schema.js";
import { sliceFactsAt } from "../facts/slice.js";
import { type Standing, standingSchema } from "../facts/standing.js";
import { type Policy, type PolicyRule, parsePolicy } from "../policy/schema.js";
import {
  asPolicySet,
  isPolicySet,
  type PolicySet,
  verdictPolicy,
  versionInForce,
} from "../policy/versions.js";
import { parseWith } from "../validation.js";
import { aggregateStatus } from "../verdict/status.js";
import type { Finding, StrikeRecord, Verdict } from "../verdict/types.js";
import { applyDecisions, decideClaims } from "./exceptions.js";
import { buildFindings, declaredFindings } from "./findings.js";
import { assembleSanctions, findingsFact, type SanctionUnit } from "./sanctions.js";

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** The evaluation instant: a `Date` or an ISO-8601 string with an offset. Required. */
  asOf: Date | string;
  /** The influencer's standing before this campaign, for retroactive and repeat-offence rules. */
  standing?: Standing;
  /** Include the condition-level trace (every rule run, its conditions and the values they saw). */
  trace?: boolean;
}

// The instants an ISO-8601 string with four year digits can name; a Date outside them would
// overflow the date arithmetic (new Date(8.64e15) is valid, one millisecond later is not).
const MIN_AS_OF = Date.parse("0001-01-01T00:00:00.000Z");
const MAX_AS_OF = Date.parse("9999-12-31T23:59:59.999Z");

/** The most findings one verdict holds (finding rules of deliverable scope × deliverables, plus campaign ones). */
export const MAX_FINDINGS = 20_000;

const optionsSchema = z.strictObject({
  asOf: z.union(
    [
      z
        .date()
        .refine((date) => !Number.isNaN(date.getTime()), "must be a valid Date")
        .refine((date) => date.getTime() >= MIN_AS_OF, {
          message:
            "must lie between the years 0001 and 9999 (an ISO-8601 instant has four year digits)",
          params: { code: "too_small" },
        })
        .refine((date) => date.getTime() <= MAX_AS_OF, {
          message:
            "must lie between the years 0001 and 9999 (an ISO-8601 instant has four year digits)",
          params: { code: "too_big" },
        }),
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

let compiledOptionsSchema: typeof optionsSchema | undefined;

/**
 * The options schema compiled by `z.compile` on first use: a generated fast path for valid
 * options, zod's runtime parser (and so its very issues) for any that fail.
 */
function compiledOptions(): typeof optionsSchema {
  compiledOptionsSchema ??= z.compile(optionsSchema);
  return compiledOptionsSchema;
}

// A validated policy is deep-frozen: its rules of a phase and scope are filtered once. Keyed by
// phase, then scope (both literals here, so no key string is built and hashed per lookup).
const RULES_OF = new WeakMap<Policy, Map<string, Map<string, readonly PolicyRule[]>>>();

function rulesOf(policy: Policy, phase: string, scope?: string): readonly PolicyRule[] {
  let byPhase = RULES_OF.get(policy);
  const frozen =
    byPhase !== undefined || (Object.isFrozen(policy) && Object.isFrozen(policy.rules));
  if (!byPhase) {
    byPhase = new Map();
    if (frozen) RULES_OF.set(policy, byPhase);
  }
  let byScope = byPhase.get(phase);
  if (!byScope) {
    byScope = new Map();
    byPhase.set(phase, byScope);
  }
  const scopeKey = scope ?? "";
  let rules = byScope.get(scopeKey);
  if (!rules) {
    rules = policy.rules.filter(
      (rule) =>
        rule.event.params.phase === phase &&
        (scope === undefined ||
          (rule.event.params.phase !== "exceptions" && rule.event.params.scope === scope)),
    );
    // A frozen policy's list is frozen too: the json-rules-engine driver keeps prepared engines
    // per list (engine/jre.ts), which only a list that cannot change may key.
    if (frozen) Object.freeze(rules);
    byScope.set(scopeKey, rules);
  }
  return rules;
}

/** A policy's finding rules by scope, and their order (see {@link declaredByScope}). */
interface DeclaredByScope {
  campaign: ReturnType<typeof declaredFindings>;
  deliverable: ReturnType<typeof declaredFindings>;
  ruleOrder: ReadonlyMap<string, number>;
}
const DECLARED_BY_SCOPE = new WeakMap<Policy, DeclaredByScope>();

/**
 * The finding rules of each scope, and each rule's place in the policy's order (indexed once: an
 * indexOf inside the sort's comparator made 100k rules quadratic); kept per frozen policy.
 */
function declaredByScope(
  policy: Policy,
  declared: ReturnType<typeof declaredFindings>,
): DeclaredByScope {
  const known = DECLARED_BY_SCOPE.get(policy);
  if (known) return known;
  const split: DeclaredByScope = {
    campaign: declared.filter((item) => item.scope === "campaign"),
    deliverable: declared.filter((item) => item.scope === "deliverable"),
    ruleOrder: new Map(declared.map((item, index) => [item.rule, index])),
  };
  if (Object.isFrozen(policy) && Object.isFrozen(policy.rules))
    DECLARED_BY_SCOPE.set(policy, split);
  return split;
}

/**
 * `{ ...common, [name]: value }`, written out key by key in the common facts' order (as
 * `deriveFacts` builds them): a spread per run cost more than some runs' rules.
 */
function withFact(common: CommonFacts, name: string, value: unknown): Record<string, unknown> {
  const facts: Record<string, unknown> = {
    asOf: common.asOf,
    campaign: common.campaign,
    participation: common.participation,
    influencer: common.influencer,
    params: common.params,
    contacts: common.contacts,
    product: common.product,
    voucher: common.voucher,
    payment: common.payment,
    standing: common.standing,
    deliverables: common.deliverables,
  } satisfies CommonFacts;
  facts[name] = value;
  return facts;
}

/** One request of the pipeline to its driver: run these rules once per unit. */
interface RunRequest {
  phase: TracePhase;
  rules: readonly PolicyRule[];
  runs: ReadonlyArray<RuleRun<unknown>>;
  describe: (unit: unknown) => string;
}

/** A {@link RunRequest} (a plain function: no closure per evaluation). */
function run<Unit>(
  phase: TracePhase,
  rules: readonly PolicyRule[],
  runs: ReadonlyArray<RuleRun<Unit>>,
  describe: (unit: Unit) => string,
): RunRequest {
  return { phase, rules, runs, describe: describe as (unit: unknown) => string };
}

/** What the pipeline gets back for a {@link RunRequest}. */
type RunResults = Array<RunResult<unknown>>;

/**
 * Validates the inputs of an evaluation; the part every evaluator shares before any rule runs.
 */
function prepare(facts: unknown, policy: unknown, options: EvaluateOptions) {
  const parsedOptions = parseWith(compiledOptions(), options, "INVALID_OPTIONS");
  // A policy set (policyVersions) is checked now; its version in force is picked from the facts.
  const set = isPolicySet(policy) ? asPolicySet(policy) : undefined;
  const single = set ? undefined : parsePolicy(policy);
  const asOf = toUtc(parsedOptions.asOf);
  const parsedFacts = parseFacts(facts);
  if (toMillis(asOf) - toMillis(parsedFacts.participation.selectedAt) < 0) {
    throw new ValidationError("INVALID_OPTIONS", [
      {
        code: "contradiction",
        path: "asOf",
        message: `is before participation.selectedAt (${parsedFacts.participation.selectedAt}): the influencer was not selected yet, so nothing can be owed`,
      },
    ]);
  }
  const standing = parsedOptions.standing;
  if (standing && standing.influencerId !== parsedFacts.influencer.id) {
    // Another influencer's strikes would feed this one's repeat-offence rules.
    throw new ValidationError("INVALID_OPTIONS", [
      {
        code: "refused",
        path: "standing.influencerId",
        message: `is "${standing.influencerId}", but the facts are of influencer "${parsedFacts.influencer.id}"`,
      },
    ]);
  }
  const picked = set ? versionInForce(set, parsedFacts, asOf) : undefined;
  const validPolicy = (picked ? picked.policy : single) as Policy;
  return { parsedOptions, validPolicy, effectiveFrom: picked?.effectiveFrom, asOf, parsedFacts };
}

/**
 * The evaluation pipeline, written once for both evaluators: it yields each batch of rule runs
 * to its driver (json-rules-engine for {@link evaluate}, compiled closures for
 * {@link evaluateSync}) and receives the fired rules back, so the two cannot drift apart.
 */
function* pipeline(
  prepared: ReturnType<typeof prepare>,
  trace: TraceEntry[] | undefined,
): Generator<RunRequest, Verdict, RunResults> {
  const { parsedOptions, validPolicy, effectiveFrom, asOf, parsedFacts } = prepared;
  const known = sliceFactsAt(parsedFacts, asOf);
  const timeZone = known.campaign.timezone;
  const derived = deriveFacts(known, validPolicy.parameters, asOf, parsedOptions.standing);
  const common = derived.common;
  // Violations phase.
  const declared = declaredFindings(validPolicy);
  const findingCount = declared.reduce(
    (count, item) => count + (item.scope === "deliverable" ? derived.deliverables.length : 1),
    0,
  );
  if (findingCount > MAX_FINDINGS) {
    // Rules × deliverables is the one product a verdict's size follows: cap it, not its parts.
    throw new ValidationError("INVALID_FACTS", [
      {
        code: "too_many",
        path: "deliverables",
        message: `${derived.deliverables.length} deliverables under this policy's ${declared.length} finding rules make ${findingCount} findings; a verdict holds at most ${MAX_FINDINGS}`,
      },
    ]);
  }
  const campaignRuns = (yield run<string | undefined>(
    "violations",
    rulesOf(validPolicy, "violations", "campaign"),
    [{ unit: undefined, facts: common as unknown as Record<string, unknown> }],
    () => "campaign",
  )) as Array<RunResult<string | undefined>>;
  const deliverableRuns = (yield run<string | undefined>(
    "violations",
    rulesOf(validPolicy, "violations", "deliverable"),
    mapList(derived.deliverables, (deliverable) => ({
      unit: deliverable.id,
      facts: withFact(common, "deliverable", deliverable),
    })),
    (unit) => `deliverable ${unit}`,
  )) as Array<RunResult<string | undefined>>;
  const {
    campaign: campaignDeclared,
    deliverable: deliverableDeclared,
    ruleOrder,
  } = declaredByScope(validPolicy, declared);
  const raw: Finding[] = [
    ...buildFindings(campaignDeclared, campaignRuns, timeZone, asOf),
    ...buildFindings(deliverableDeclared, deliverableRuns, timeZone, asOf),
  ];
  raw.sort(
    (a, b) =>
      (ruleOrder.get(a.rule) ?? Number.MAX_SAFE_INTEGER) -
      (ruleOrder.get(b.rule) ?? Number.MAX_SAFE_INTEGER),
  );

  // Exceptions phase.
  const noticeWindow = derived.inputs.noticeWindow;
  const claims = deriveClaims(known, raw, noticeWindow);
  const claimRuns = (yield run(
    "exceptions",
    rulesOf(validPolicy, "exceptions"),
    mapList(claims, (claim) => ({ unit: claim, facts: withFact(common, "claim", claim) })),
    (claim) => `claim ${claim.id}`,
  )) as Array<RunResult<DerivedClaim>>;
  const exceptions = decideClaims(claimRuns, timeZone);
  const findings = applyDecisions(raw, exceptions);

  // Sanctions phase.
  const activeStrikes = derived.common.standing.activeStrikeCount;
  const escalation = derived.inputs.escalation;
  const sanctionRuns: Array<RuleRun<SanctionUnit>> = [
    {
      unit: { findings },
      facts: withFact(common, "findings", findingsFact(findings, activeStrikes, escalation)),
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
  const perDeliverable = mapList(derived.deliverables, (deliverable) => {
    const own = byDeliverable.get(deliverable.id) ?? [];
    const facts = withFact(common, "deliverable", deliverable);
    facts.findings = findingsFact(own, activeStrikes, escalation);
    return { unit: { deliverableId: deliverable.id, findings: own }, facts };
  });
  const campaignSanctions = (yield run(
    "sanctions",
    rulesOf(validPolicy, "sanctions", "campaign"),
    sanctionRuns,
    () => "campaign",
  )) as Array<RunResult<SanctionUnit>>;
  const deliverableSanctions = (yield run(
    "sanctions",
    rulesOf(validPolicy, "sanctions", "deliverable"),
    perDeliverable,
    (unit) => `deliverable ${unit.deliverableId}`,
  )) as Array<RunResult<SanctionUnit>>;
  const fired = [...campaignSanctions, ...deliverableSanctions];
  const { sanctions, actions } = assembleSanctions(fired, timeZone);

  const violations = findings.filter((finding) => finding.outcome === "violation");
  return {
    policy: verdictPolicy(validPolicy, effectiveFrom),
    campaignId: known.campaign.id,
    influencerId: known.influencer.id,
    asOf,
    status: aggregateStatus(mapList(findings, (finding) => finding.outcome)),
    noShow: violations.some((finding) => finding.kind === "no_show"),
    findings,
    violations,
    exceptions,
    sanctions,
    actions,
    nextCheckAt: nextCheck(
      asOf,
      [
        ...mapList(findings, (finding) => finding.checkAt),
        // A recheck marks an instant at which the verdict itself may change (e.g. a return window).
        ...mapList(
          actions.filter((action) => action.type === "recheck"),
          (action) => action.at,
        ),
        derived.common.standing.nextChangeAt,
      ],
      mapList(actions, (action) => action.at),
    ),
    strike: strikeOf(violations, derived.inputs.strikeExpiry, timeZone, asOf),
    ...(trace ? { trace } : {}),
  };
}

/**
 * Evaluates one campaign participation against a policy, running the rules on
 * json-rules-engine (the reference interpreter of the rule format).
 *
 * @param facts - The facts (unknown input; validated against the facts schema).
 * @param policy - A policy from a preset or parsed from JSON (validated), or a set of `policyVersions` (the version in force is picked).
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
  const prepared = prepare(facts, policy, options);
  const trace: TraceEntry[] | undefined = prepared.parsedOptions.trace ? [] : undefined;
  const timeZone = prepared.parsedFacts.campaign.timezone;
  const steps = pipeline(prepared, trace);
  let step = steps.next();
  while (!step.done) {
    const { phase, rules, runs, describe } = step.value;
    step = steps.next(await runRules(phase, rules, runs, describe, trace, timeZone));
  }
  return step.value;
}

/**
 * Evaluates one campaign participation synchronously: the same verdict as {@link evaluate},
 * byte for byte, from the policy's rules compiled once into synchronous closures.
 *
 * @param facts - The facts (unknown input; validated against the facts schema).
 * @param policy - A policy from a preset or parsed from JSON (validated), or a set of `policyVersions` (the version in force is picked).
 * @param options - `asOf` (required), and optionally `standing` and `trace`.
 * @returns The verdict.
 * @throws {@link ValidationError} (`INVALID_FACTS`, `INVALID_POLICY` or `INVALID_OPTIONS`).
 * @example
 * const verdict = evaluateSync(facts, mediance(), { asOf: "2026-03-10T00:00:00Z" });
 */
export function evaluateSync(facts: unknown, policy: unknown, options: EvaluateOptions): Verdict {
  const prepared = prepare(facts, policy, options);
  const trace: TraceEntry[] | undefined = prepared.parsedOptions.trace ? [] : undefined;
  const timeZone = prepared.parsedFacts.campaign.timezone;
  const steps = pipeline(prepared, trace);
  let step = steps.next();
  while (!step.done) {
    const { phase, rules, runs, describe } = step.value;
    step = steps.next(runRulesSync(phase, rules, runs, describe, trace, timeZone));
  }
  return step.value;
}

/**
 * The pipeline of {@link evaluateSync} as its steps, for `bench/phases.ts` (not exported from the
 * root barrel): the inputs are validated now, each `next` then runs the code up to the next batch
 * of rules (fed back in by the caller), so the bench can time each phase of a real evaluation.
 *
 * @param facts - The facts (unknown input).
 * @param policy - A policy.
 * @param options - `asOf` and the rest.
 * @returns The rule runner to feed back, and the pipeline's steps.
 */
export function evaluationSteps(facts: unknown, policy: unknown, options: EvaluateOptions) {
  const prepared = prepare(facts, policy, options);
  const trace: TraceEntry[] | undefined = prepared.parsedOptions.trace ? [] : undefined;
  const timeZone = prepared.parsedFacts.campaign.timezone;
  return {
    steps: pipeline(prepared, trace),
    runRules: (request: RunRequest): RunResults =>
      runRulesSync(request.phase, request.rules, request.runs, request.describe, trace, timeZone),
  };
}

/** Effective-dated versions checked and compiled once (see `policyVersions`). */
export interface CompiledPolicyVersions {
  /** The checked set. */
  readonly versions: PolicySet;
  /** Evaluates one participation under the version in force for it, synchronously. */
  evaluate(facts: unknown, options: EvaluateOptions): Verdict;
}

/** A policy checked and compiled once, to evaluate many participations synchronously. */
export interface CompiledPolicy {
  /** The validated, deep-frozen policy. */
  readonly policy: Policy;
  /** Evaluates one participation: the same verdict as `evaluate`, synchronously. */
  evaluate(facts: unknown, options: EvaluateOptions): Verdict;
}

/**
 * Checks a policy and compiles its rules once, for many synchronous evaluations (request paths,
 * batch jobs).
 *
 * @param policy - A policy from a preset or parsed from JSON, or a set of `policyVersions`
 *   (every version compiled; each evaluation picks the one in force).
 * @returns The compiled policy (or versions).
 * @throws {@link ValidationError} with code `INVALID_POLICY` listing every problem.
 * @example
 * const compiled = compilePolicy(mediance());
 * const verdict = compiled.evaluate(facts, { asOf: "2026-03-10T00:00:00Z" });
 */
export function compilePolicy(policy: PolicySet): CompiledPolicyVersions;
export function compilePolicy(policy: unknown): CompiledPolicy;
export function compilePolicy(policy: unknown): CompiledPolicy | CompiledPolicyVersions {
  if (isPolicySet(policy)) {
    const set = asPolicySet(policy);
    for (const version of set.versions) for (const rule of version.policy.rules) compiledRule(rule);
    return Object.freeze({
      versions: set,
      evaluate: (facts: unknown, options: EvaluateOptions) => evaluateSync(facts, set, options),
    });
  }
  const validPolicy = parsePolicy(policy);
  for (const rule of validPolicy.rules) compiledRule(rule);
  return Object.freeze({
    policy: validPolicy,
    evaluate: (facts: unknown, options: EvaluateOptions) =>
      evaluateSync(facts, validPolicy, options),
  });
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
  // date-fns addMilliseconds(parseISO(asOf), 1), whose seconds are floating point; built only
  // when a bound lies exactly at asOf (formatting it was a fair share of this function).
  let justAfter: string | undefined;
  const asOfMs = toMillis(asOf);
  // The earliest bound or action time after asOf (the first given of equal ones), in one pass.
  let best: string | null = null;
  let bestMs = Number.NaN;
  // Bounds, then action times; one loop over both (no closure per call).
  const boundCount = bounds.length;
  for (let i = 0; i < boundCount + actionTimes.length; i++) {
    let candidate: string | null | undefined;
    if (i < boundCount) {
      const bound = bounds[i];
      if (bound && toMillis(bound) - asOfMs === 0) {
        justAfter ??= new Date(parseIsoMillis(asOf) + 1).toISOString();
        candidate = justAfter;
      } else {
        candidate = bound;
      }
    } else {
      candidate = actionTimes[i - boundCount];
    }
    if (!candidate) continue;
    const ms = toMillis(candidate);
    if (!(ms - asOfMs > 0)) continue;
    if (best === null || ms - bestMs < 0) {
      best = candidate;
      bestMs = ms;
    }
  }
  return best;
}

/** The earliest instant of a list of any length (a spread would overflow the call stack). */
function earliestIn(instants: ReadonlyArray<string | null | undefined>): string | null {
  let best: string | null = null;
  for (const instant of instants) best = earliest(best, instant);
  return best;
}

function strikeOf(
  violations: readonly Finding[],
  expiry: Duration | null,
  timeZone: string,
  asOf: string,
): StrikeRecord | null {
  if (violations.length === 0) return null;
  const at = earliestIn(mapList(violations, (finding) => finding.since)) ?? asOf;
  return {
    at,
    rules: [...new Set(mapList(violations, (finding) => finding.rule))],

    ...(expiry ? { expiresAt: addDuration(at, expiry, timeZone) } : {}),
  };
}
