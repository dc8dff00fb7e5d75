/**
 * Flinque (community Q&A "If an influencer is not adhering to our campaign guidelines or
 * contractual terms…" and "What happens if an influencer breaks their contract?"; DOMAIN.md §1.4
 * and §7): contract-defined remedies. A missing deliverable loses or claws back its pay; a post
 * removed before the agreed minimum live period is reposted or refunded; a missing disclosure or
 * a guideline mismatch is corrected; serious or repeated breaches go to the contract's penalty or
 * cancellation clause. The steps: message the influencer, collect the evidence and review the
 * contract, report to support when still unresolved, and track performance.
 */
import { z } from "zod";
import { disclosureProfileParameterSchema } from "../derive/disclosure.js";
import { durationSchema, positiveDurationSchema } from "../facts/schema.js";
import {
  all,
  any,
  exceptionRule,
  findingRule,
  not,
  ref,
  sanctionRule,
  when,
} from "../policy/builders.js";
import {
  DEADLINE_EVIDENCE,
  deadlineBranches,
  decidedClaimRules,
  RETENTION_EVIDENCE,
  responseBranches,
  retentionBranches,
} from "../policy/pieces.js";
import type { Policy, PolicyRule, TopLevelCondition } from "../policy/schema.js";
import type { ActionType, FindingRole } from "../verdict/types.js";
import { buildPreset, type PolicyMeta } from "./preset.js";

/** The parameters of the Flinque preset. */
export const flinqueParametersSchema = z.strictObject({
  /** The agreed minimum live period of a post (a deliverable's own `minLiveDuration` wins). */
  minLiveDuration: positiveDurationSchema,
  /** The contract's remedy for a post removed early: `repost` it, or `refund` the advertiser. */
  earlyRemovalRemedy: z.enum(["repost", "refund"]),
  /** The advertising-disclosure profile: `us-ftc`, `uk-asa`, or a custom profile. */
  disclosureProfile: disclosureProfileParameterSchema,
  /** Time the influencer has to answer a message (contacts, and the first message on a breach). */
  responseWindow: durationSchema,
  /** Time after a breach at which, still unresolved, it is reported to Flinque support. */
  escalateAfter: durationSchema,
  /** Campaigns with breaches (this one and active strikes of others) that escalate to legal review. */
  repeatedBreachThreshold: z.number().int().min(1),
});

/** The parameters of the Flinque preset. */
export type FlinqueParameters = z.infer<typeof flinqueParametersSchema>;

/**
 * Flinque's defaults. Flinque publishes no numbers ("nothing is enforceable unless the contract
 * specified it"): 30 days live, a 2-day answer window, 3 days to escalation and a threshold of
 * 2 campaigns are common contract values, not Flinque rules.
 */
export const FLINQUE_DEFAULTS: FlinqueParameters = {
  minLiveDuration: { days: 30 },
  earlyRemovalRemedy: "repost",
  disclosureProfile: "us-ftc",
  responseWindow: { days: 2 },
  escalateAfter: { days: 3 },
  repeatedBreachThreshold: 2,
};

/** The ids of Flinque's rules. */
export const FLINQUE_RULES = {
  deliverableMissing: "flinque.deliverable-missing",
  removedBeforeMinimum: "flinque.removed-before-minimum",
  disclosureMissing: "flinque.disclosure-missing",
  guidelineMismatch: "flinque.guideline-mismatch",
  unresponsive: "flinque.unresponsive",
} as const;

const R = FLINQUE_RULES;

function deliverableMissing(): PolicyRule[] {
  return findingRule(R.deliverableMissing, {
    kind: "no_show",
    role: "content_missing",
    scope: "deliverable",
    evidence: {
      ...DEADLINE_EVIDENCE,
      postUrl: "deliverable.postUrl",
    },
    branches: deadlineBranches("deliverable.dueAt", {
      cancelled: "The participation was cancelled by {participation.cancelledBy}.",
      onTime:
        "Deliverable {deliverable.id} was published at {deliverable.publishedAt}, on or before the agreed deadline {deliverable.dueAt}.",
      late: "The contract required deliverable {deliverable.id} by {deliverable.dueAt}; it was published only at {deliverable.publishedAt}, {deliverable.lateBy} late.",
      missing:
        "The contract required deliverable {deliverable.id} by {deliverable.dueAt}; no post was seen, {deliverable.overdueBy} after the deadline as of {asOf}.",
      pending:
        "Deliverable {deliverable.id} has no post yet; the agreed deadline is {deliverable.dueAt}.",
    }),
  });
}

function removedBeforeMinimum(): PolicyRule[] {
  return findingRule(R.removedBeforeMinimum, {
    kind: "breach",
    role: "removed_early",
    scope: "deliverable",
    evidence: {
      ...RETENTION_EVIDENCE,
      postUrl: "deliverable.postUrl",
    },
    branches: retentionBranches({
      noPost: "Deliverable {deliverable.id} has no post to keep live.",
      kept: "The post of deliverable {deliverable.id}, published at {deliverable.publishedAt}, was seen live at {deliverable.retention.lastLiveAt}, at or after the end of the agreed minimum live period ({deliverable.retention.minLiveDuration}) at {deliverable.retention.requiredUntil}.",
      pending:
        "The post of deliverable {deliverable.id} must stay live until {deliverable.retention.openUntil} ({deliverable.retention.minLiveDuration}); it was last known live at {deliverable.retention.lastLiveAt}.",
      removed:
        "The contract required the post of deliverable {deliverable.id} live for {deliverable.retention.minLiveDuration} after {deliverable.publishedAt}, until {deliverable.retention.requiredUntil}; it was last known live at {deliverable.retention.lastLiveAt} and seen {deliverable.retention.removalState} at {deliverable.retention.removalSeenAt}.",
      straddles:
        "The post of deliverable {deliverable.id} was last known live at {deliverable.retention.lastLiveAt} and first seen {deliverable.retention.removalState} at {deliverable.retention.removalSeenAt}; the end of the minimum live period {deliverable.retention.requiredUntil} falls between, so the observations cannot tell whether it stayed live long enough.",
      platform:
        "The post of deliverable {deliverable.id} was removed by the platform (seen at {deliverable.retention.removalSeenAt}), not by the influencer; a person decides what the contract says.",
    }),
  });
}

function disclosureIs(status: string): TopLevelCondition {
  return all(when("deliverable.disclosure.status", "equal", status));
}

function disclosureMissing(): PolicyRule[] {
  return findingRule(R.disclosureMissing, {
    kind: "breach",
    role: "disclosure_missing",
    scope: "deliverable",
    evidence: {
      profile: "deliverable.disclosure.profile",
      status: "deliverable.disclosure.status",
      visibleChars: "deliverable.disclosure.visibleChars",
      visibleLines: "deliverable.disclosure.visibleLines",
      label: "deliverable.disclosure.label",
      rejected: "deliverable.disclosure.rejected",
      caption: "deliverable.facts.post.caption",
      publishedAt: "deliverable.publishedAt",
      postUrl: "deliverable.postUrl",
    },
    branches: [
      {
        branch: "not-required",
        outcome: "not_applicable",
        when: disclosureIs("not_required"),
        explanation: "The terms of deliverable {deliverable.id} do not require a disclosure.",
      },
      {
        branch: "no-post",
        outcome: "not_applicable",
        when: disclosureIs("no_post"),
        explanation: "Deliverable {deliverable.id} has no post to disclose on yet.",
      },
      {
        outcome: "compliant",
        when: disclosureIs("disclosed"),
        explanation:
          "The caption of deliverable {deliverable.id} carries the accepted label {deliverable.disclosure.labelSummary}, within {deliverable.disclosure.visibleStart} ({deliverable.disclosure.profile}).",
      },
      {
        branch: "too-late",
        outcome: "violation",
        when: disclosureIs("too_late"),
        since: "deliverable.publishedAt",
        explanation:
          "The terms of deliverable {deliverable.id} require a disclosure within {deliverable.disclosure.visibleStart} ({deliverable.disclosure.profile}); the post published at {deliverable.publishedAt} carries the accepted label {deliverable.disclosure.labelSummary}, after the visible start.",
      },
      {
        branch: "rejected",
        outcome: "violation",
        when: disclosureIs("rejected_only"),
        since: "deliverable.publishedAt",
        explanation:
          "The terms of deliverable {deliverable.id} require a disclosure ({deliverable.disclosure.profile} accepts {deliverable.disclosure.acceptedLabels}); the post published at {deliverable.publishedAt} carries only {deliverable.disclosure.rejectedSummary}, which the profile rejects.",
      },
      {
        branch: "missing",
        outcome: "violation",
        when: disclosureIs("missing"),
        since: "deliverable.publishedAt",
        explanation:
          "The terms of deliverable {deliverable.id} require a disclosure ({deliverable.disclosure.profile} accepts {deliverable.disclosure.acceptedLabels}); the caption of the post published at {deliverable.publishedAt} carries no disclosure label.",
      },
      {
        branch: "no-caption",
        outcome: "needs_review",
        when: disclosureIs("no_caption"),
        explanation:
          "The terms of deliverable {deliverable.id} require a disclosure, but the caption of the post published at {deliverable.publishedAt} was not captured, so it cannot be checked.",
      },
    ],
  });
}

function guidelineMismatch(): PolicyRule[] {
  const agreed = any(
    when("deliverable.facts.terms.hashtags", "lengthAtLeast", 1),
    when("deliverable.facts.terms.mentions", "lengthAtLeast", 1),
    when("deliverable.facts.terms.captionIncludes", "lengthAtLeast", 1),
  );
  const captured = any(
    when("deliverable.facts.post.caption", "isPresent", true),
    when("deliverable.facts.post.hashtags", "isPresent", true),
    when("deliverable.facts.post.mentions", "isPresent", true),
  );
  const posted = when("deliverable.posted", "equal", true);
  return findingRule(R.guidelineMismatch, {
    kind: "breach",
    role: "terms_mismatch",
    scope: "deliverable",
    evidence: {
      hashtags: "deliverable.facts.terms.hashtags",
      mentions: "deliverable.facts.terms.mentions",
      captionIncludes: "deliverable.facts.terms.captionIncludes",
      mismatches: "deliverable.terms.guidelineMismatches",
      caption: "deliverable.facts.post.caption",
      publishedAt: "deliverable.publishedAt",
      postUrl: "deliverable.postUrl",
    },
    branches: [
      {
        branch: "nothing-agreed",
        outcome: "not_applicable",
        when: all(not(agreed)),
        explanation:
          "The terms of deliverable {deliverable.id} agree no hashtags, mentions or caption phrases.",
      },
      {
        branch: "no-post",
        outcome: "not_applicable",
        when: all(when("deliverable.posted", "equal", false)),
        explanation: "Deliverable {deliverable.id} has no post to compare with its terms yet.",
      },
      {
        outcome: "compliant",
        when: all(agreed, posted, when("deliverable.terms.guidelineMismatchCount", "equal", 0)),
        explanation:
          "The post of deliverable {deliverable.id} carries every agreed hashtag, mention and caption phrase.",
      },
      {
        outcome: "violation",
        when: all(
          agreed,
          posted,
          captured,
          when("deliverable.terms.guidelineMismatchCount", "greaterThan", 0),
        ),
        since: "deliverable.publishedAt",
        explanation:
          "The post of deliverable {deliverable.id} published at {deliverable.publishedAt} does not follow the agreed guidelines: {deliverable.terms.guidelineSummary}.",
      },
      {
        branch: "not-captured",
        outcome: "needs_review",
        when: all(agreed, posted, not(captured)),
        explanation:
          "The post of deliverable {deliverable.id} published at {deliverable.publishedAt} has no captured caption, hashtags or mentions, so the agreed guidelines cannot be checked.",
      },
    ],
  });
}

function unresponsive(): PolicyRule[] {
  const summary = "contacts.any";
  return findingRule(R.unresponsive, {
    kind: "breach",
    role: "unresponsive",
    scope: "campaign",
    evidence: {
      window: `${summary}.window`,
      overdue: `${summary}.overdue`,
      answeredLate: `${summary}.answeredLate`,
      awaiting: `${summary}.awaiting`,
    },
    branches: [
      {
        branch: "none",
        outcome: "not_applicable",
        when: all(when(`${summary}.count`, "equal", 0)),
        explanation: "No message was sent to the influencer.",
      },
      ...responseBranches(summary, {
        violation: `Message(s) {${summary}.breachIds} got no answer within {${summary}.window}; the first answer was due by {${summary}.firstBreachAt}.`,
        pending: `Message(s) {${summary}.awaitingIds} await an answer, due by {${summary}.nextRespondBy}.`,
        compliant: `Every one of {${summary}.count} message(s) was answered within {${summary}.window}.`,
      }),
    ],
  });
}

function exceptionRules(): PolicyRule[] {
  return [
    ...decidedClaimRules("flinque.exception", {
      accepted: "under the contract",
      rejected: "under the contract",
    }),
    exceptionRule("flinque.exception/undecided", {
      when: all(when("claim.decided", "equal", false)),
      status: "needs_review",
      reason:
        "Exception {claim.id} ({claim.type}) was reported at {claim.reportedAt}; Flinque has no exception rules of its own, so whether the contract excuses it awaits a decision.",
    }),
  ];
}

// One note for every correction, so they merge into one sanction; `because` says what to correct.
const CORRECTION_NOTE =
  "Ask the influencer to correct each breach listed in because, as the contract provides (repost a post removed early, add an accepted disclosure label at the start of the caption, add the agreed hashtags, mentions and caption phrases — whichever is listed).";

const ESCALATION_CLAUSE =
  "apply the contract's penalty or cancellation clause after a legal review.";

function remedyRules(): PolicyRule[] {
  // By role, not rule id: the remedies follow any policy's findings of these roles.
  const violated = (role: FindingRole) => when("findings.violatedRoles", "contains", role);
  return [
    sanctionRule("flinque.remedy/withhold-payout", {
      scope: "campaign",
      // Nothing to withhold or claw back without payment facts.
      when: all(violated("content_missing"), when("payment.paidOut", "equal", false)),
      sanction: {
        type: "withhold_payout",
        because: { roles: ["content_missing"] },
        amount: "payment.amount",
        note: "Withhold the payment tied to the unmet deliverable(s); reduce or release it only as the contract provides.",
      },
    }),
    sanctionRule("flinque.remedy/claw-back", {
      scope: "campaign",
      when: all(violated("content_missing"), when("payment.paidOut", "equal", true)),
      sanction: {
        type: "invoice",
        because: { roles: ["content_missing"] },
        amount: "payment.amount",
        note: "The payment was already paid out at {payment.paidOutAt}: invoice the influencer to claw back the pay tied to the unmet deliverable(s), as the contract provides.",
      },
    }),
    sanctionRule("flinque.remedy/repost", {
      scope: "campaign",
      when: all(violated("removed_early"), when("params.earlyRemovalRemedy", "equal", "repost")),
      sanction: {
        type: "request_correction",
        because: { roles: ["removed_early"] },
        note: CORRECTION_NOTE,
      },
    }),
    sanctionRule("flinque.remedy/refund", {
      scope: "campaign",
      when: all(
        violated("removed_early"),
        when("params.earlyRemovalRemedy", "equal", "refund"),
        when("payment", "isPresent", true),
      ),
      sanction: {
        type: "refund_advertiser",
        because: { roles: ["removed_early"] },
        amount: "payment.amount",
        note: "A post was removed before its minimum live period: refund the advertiser, as the contract provides.",
      },
    }),
    sanctionRule("flinque.remedy/correct", {
      scope: "campaign",
      when: all(
        when("findings.violatedRoles", "intersects", ["disclosure_missing", "terms_mismatch"]),
      ),
      sanction: {
        type: "request_correction",
        because: { roles: ["disclosure_missing", "terms_mismatch"] },
        note: CORRECTION_NOTE,
      },
    }),
  ];
}

function escalationRules(): PolicyRule[] {
  const anyViolation = when("findings.anyViolation", "equal", true);
  const serious = when("campaign.impactSerious", "equal", true);
  const repeated = when(
    "findings.strikesIncludingThis",
    "greaterThanInclusive",
    ref("params.repeatedBreachThreshold"),
  );
  const legalReview = (note: string, withStanding: boolean) => ({
    type: "legal_review" as const,
    because: {
      kinds: ["no_show" as const, "breach" as const],
      ...(withStanding ? { fact: "standing.activeStrikeRefs" } : {}),
    },
    requiresHumanReview: true,
    note,
  });
  return [
    sanctionRule("flinque.escalation/serious", {
      scope: "campaign",
      when: all(anyViolation, serious, not(repeated)),
      sanction: legalReview(
        `Serious impact reported ({campaign.impactNote}): ${ESCALATION_CLAUSE}`,
        false,
      ),
    }),
    sanctionRule("flinque.escalation/repeated", {
      scope: "campaign",
      when: all(anyViolation, repeated, when("campaign.impactSerious", "equal", false)),
      sanction: legalReview(
        `Repeated breaches ({findings.strikesIncludingThis} campaigns with breaches counting this one; threshold {params.repeatedBreachThreshold}): ${ESCALATION_CLAUSE}`,
        true,
      ),
    }),
    sanctionRule("flinque.escalation/serious-and-repeated", {
      scope: "campaign",
      when: all(anyViolation, serious, repeated),
      sanction: legalReview(
        `Serious impact reported ({campaign.impactNote}) and repeated breaches ({findings.strikesIncludingThis} campaigns with breaches counting this one; threshold {params.repeatedBreachThreshold}): ${ESCALATION_CLAUSE}`,
        true,
      ),
    }),
  ];
}

/**
 * The steps of one escalation case, as actions: message at the breach, collect the evidence and
 * review the contract once the answer is due, recheck and report to support `escalateAfter`
 * after the breach. `name` keeps rule names unique; `subject` names what the case is about.
 */
function steps(
  scope: "campaign" | "deliverable",
  name: string,
  summary: string,
  when: TopLevelCondition,
  subject: string,
  what: string,
): PolicyRule[] {
  const step = (step: string, type: ActionType, at: string, note: string) =>
    sanctionRule(`flinque.step/${step}-${name}`, { scope, when, action: { type, at, note } });
  return [
    step(
      "message",
      "message_influencer",
      `${summary}.since`,
      `Message the influencer in-platform about the ${what} of ${subject} and ask for an answer by {${summary}.responseDueAt}: {${summary}.evidence}`,
    ),
    step(
      "collect-evidence",
      "collect_evidence",
      `${summary}.responseDueAt`,
      `Collect and archive the evidence of the ${what} of ${subject} (what was agreed, what was seen, when): {${summary}.evidence}`,
    ),
    step(
      "review-contract",
      "review_contract",
      `${summary}.responseDueAt`,
      `Review the contract's requirements for ${subject} against the evidence of the ${what} and apply only the remedies it specifies: {${summary}.evidence}`,
    ),
    step(
      "recheck",
      "recheck",
      `${summary}.escalateAt`,
      `Recheck ${subject}: whether the ${what} since {${summary}.since} were cured, and its performance in the analytics.`,
    ),
    step(
      "report",
      "report_to_support",
      `${summary}.escalateAt`,
      `If the ${what} of ${subject} since {${summary}.since} remain unresolved, report them to Flinque support with the evidence: {${summary}.evidence}`,
    ),
  ];
}

/** The whole case of a scope, and its newest breaches when they began after the case opened. */
function caseSteps(
  scope: "campaign" | "deliverable",
  summary: "findings.escalation" | "findings.campaignLevel",
  subject: string,
): PolicyRule[] {
  return [
    ...steps(
      scope,
      scope,
      summary,
      all(when(`${summary}.count`, "greaterThan", 0)),
      subject,
      "breach(es)",
    ),
    ...steps(
      scope,
      `new-${scope}`,
      `${summary}.latest`,
      all(when(`${summary}.latest.since`, "instantAfter", ref(`${summary}.since`))),
      subject,
      "new breach(es)",
    ),
  ];
}

function stepRules(): PolicyRule[] {
  return [
    ...caseSteps("deliverable", "findings.escalation", "deliverable {deliverable.id}"),
    ...caseSteps("campaign", "findings.campaignLevel", "campaign {campaign.id}"),
    sanctionRule("flinque.step/track-performance", {
      scope: "deliverable",
      when: all(when("deliverable.retention.status", "equal", "in_progress")),
      action: {
        type: "recheck",
        at: "deliverable.retention.openUntil",
        note: "Recheck that the post of deliverable {deliverable.id} is still live at {deliverable.retention.openUntil}, the end of its minimum live period ({deliverable.retention.minLiveDuration}), and track its performance.",
      },
    }),
  ];
}

/**
 * The Flinque policy: contract breaches (missing deliverable, early removal, missing disclosure,
 * guideline mismatch, unanswered messages), their contract remedies, escalation to legal review,
 * and the steps with their times (message, collect evidence, review the contract, report to
 * support, recheck).
 *
 * @param params - Overrides of {@link FLINQUE_DEFAULTS} (validated; an unknown key throws).
 * @param meta - Optional `{ id, version }` (and `name`, `description`) for a platform's own edition.
 * @returns The policy, id `"flinque"`.
 * @throws {@link ValidationError} with code `INVALID_POLICY` for a bad or unknown parameter.
 * @example
 * const policy = flinque({ disclosureProfile: "uk-asa", earlyRemovalRemedy: "refund" });
 * const verdict = await evaluate(facts, policy, { asOf: "2026-05-01T00:00:00Z" });
 */
export function flinque(params?: Partial<FlinqueParameters>, meta?: PolicyMeta): Policy {
  return flinqueFromParameters(params, meta);
}

/**
 * {@link flinque} for overrides of no static type (JSON, a CLI argument, generated cases): they are
 * validated exactly as the typed factory validates them. The registry's `fromParameters`.
 *
 * @param params - Any value; `undefined` means the defaults.
 * @param meta - Optional `{ id, version }` (and `name`, `description`).
 * @returns The policy, id `"flinque"`.
 * @throws {@link ValidationError} with code `INVALID_POLICY` for a bad or unknown parameter.
 */
export function flinqueFromParameters(params: unknown, meta?: PolicyMeta): Policy {
  return buildPreset(
    {
      id: "flinque",
      version: "1.0.0",
      name: "Flinque contract-breach policy",
      description:
        "Contract-defined remedies and escalation steps for influencers who do not follow the campaign guidelines or contract (Flinque community Q&A).",
    },
    flinqueParametersSchema,
    FLINQUE_DEFAULTS,
    params,
    () => [
      ...deliverableMissing(),
      ...removedBeforeMinimum(),
      ...disclosureMissing(),
      ...guidelineMismatch(),
      ...unresponsive(),
      ...exceptionRules(),
      ...remedyRules(),
      ...escalationRules(),
      ...stepRules(),
    ],
    meta,
  );
}
