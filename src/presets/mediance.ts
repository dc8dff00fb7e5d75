/**
 * Mediance (Korea): "Restrictions on No-show Instagram users" and the V Point FAQ. Five no-show
 * cases, exceptions for unavoidable circumstances reported in advance or afterwards, exclusion
 * from future campaigns (retroactive), no reward for cases 2 and 3, legal review when serious.
 */
import { z } from "zod";
import { durationSchema, EXCEPTION_TYPES, positiveDurationSchema } from "../facts/schema.js";
import { all, exceptionRule, findingRule, ref, sanctionRule, when } from "../policy/builders.js";
import {
  DEADLINE_EVIDENCE,
  deadlineBranches,
  decidedClaimRules,
  RETENTION_EVIDENCE,
  type ResponseWording,
  responseBranches,
  retentionBranches,
} from "../policy/pieces.js";
import type { Policy, PolicyRule } from "../policy/schema.js";
import { buildPreset, type PolicyMeta } from "./preset.js";

/** The parameters of the Mediance preset. */
export const medianceParametersSchema = z.strictObject({
  /** How long a post must stay live (the FAQ: "before a Month (30 days)"). */
  minLiveDuration: positiveDurationSchema,
  /** Making the account private counts until the campaign ends (the FAQ: "within Ad campaign duration"). */
  privateCountsUntilCampaignEnd: z.boolean(),
  /** Time to answer an edit request before case 3 applies. */
  editResponseWindow: durationSchema,
  /** Time to answer a contact from Mediance before case 4 applies. */
  contactResponseWindow: durationSchema,
  /** Time to answer a call or text after the product arrived before case 5 applies. */
  productContactResponseWindow: durationSchema,
  /** The exception types Mediance treats as unavoidable circumstances. */
  excusableTypes: z.array(z.enum(EXCEPTION_TYPES)),
  /** How long after a no-show an exception may still be reported ("or even after"). */
  postHocNoticeWindow: durationSchema,
});

/** The parameters of the Mediance preset. */
export type MedianceParameters = z.infer<typeof medianceParametersSchema>;

/** Mediance's defaults; the windows of cases 3–5 are not published and are assumptions. */
export const MEDIANCE_DEFAULTS: MedianceParameters = {
  minLiveDuration: { days: 30 },
  privateCountsUntilCampaignEnd: true,
  editResponseWindow: { days: 3 },
  contactResponseWindow: { days: 3 },
  productContactResponseWindow: { days: 3 },
  excusableTypes: [
    "illness",
    "death",
    "childbirth",
    "overseas_business_trip",
    "shipping_delay",
    "force_majeure",
  ],
  postHocNoticeWindow: { days: 14 },
};

/** The ids of Mediance's rules. */
export const MEDIANCE_RULES = {
  postNotRegistered: "mediance.post-not-registered",
  trackingUnavailable: "mediance.tracking-unavailable",
  editRequestIgnored: "mediance.edit-request-ignored",
  unresponsive: "mediance.unresponsive",
  silentAfterProduct: "mediance.silent-after-product",
} as const;

const R = MEDIANCE_RULES;

function postNotRegistered(): PolicyRule[] {
  return findingRule(R.postNotRegistered, {
    kind: "no_show",
    role: "content_missing",
    scope: "deliverable",
    evidence: {
      ...DEADLINE_EVIDENCE,
      selectedAt: "participation.selectedAt",
    },
    branches: deadlineBranches("deliverable.dueAt", {
      cancelled: "The participation was cancelled by {participation.cancelledBy}.",
      onTime:
        "Deliverable {deliverable.id} was published at {deliverable.publishedAt}, on or before its deadline {deliverable.dueAt}.",
      late: "Deliverable {deliverable.id} was published at {deliverable.publishedAt}, {deliverable.lateBy} after its deadline {deliverable.dueAt}, so it was not registered within the campaign duration.",
      missing:
        "No post was registered for deliverable {deliverable.id} by its deadline {deliverable.dueAt}; it is {deliverable.overdueBy} overdue as of {asOf}.",
      pending: "Deliverable {deliverable.id} has no post yet; its deadline is {deliverable.dueAt}.",
    }),
  });
}

function trackingUnavailable(): PolicyRule[] {
  return findingRule(R.trackingUnavailable, {
    kind: "no_show",
    role: "removed_early",
    scope: "deliverable",
    evidence: {
      ...RETENTION_EVIDENCE,
      privateRequiredUntil: "deliverable.retention.privateRequiredUntil",
    },
    branches: retentionBranches({
      noPost: "Deliverable {deliverable.id} has no post to track.",
      kept: "The post of deliverable {deliverable.id}, published at {deliverable.publishedAt}, was seen live at {deliverable.retention.lastLiveAt}, at or after the required {deliverable.retention.requiredUntil} ({deliverable.retention.minLiveDuration}).",
      pending:
        "The post of deliverable {deliverable.id} must stay live and public until {deliverable.retention.openUntil}; it was last known live at {deliverable.retention.lastLiveAt}.",
      madePrivate:
        "The account was seen private at {deliverable.retention.removalSeenAt}, before {deliverable.retention.privateRequiredUntil} (within the campaign duration), so the post of deliverable {deliverable.id} could not be tracked.",
      removed:
        "The post of deliverable {deliverable.id}, published at {deliverable.publishedAt}, was seen {deliverable.retention.removalState} at {deliverable.retention.removalSeenAt}, before the required {deliverable.retention.requiredUntil} ({deliverable.retention.minLiveDuration}).",
    }),
  });
}

function editRequestIgnored(): PolicyRule[] {
  return findingRule(R.editRequestIgnored, {
    kind: "no_show",
    role: "edit_ignored",
    scope: "deliverable",
    evidence: {
      window: "deliverable.edits.window",
      overdue: "deliverable.edits.overdue",
      answeredLate: "deliverable.edits.answeredLate",
      awaiting: "deliverable.edits.awaiting",
    },
    branches: [
      {
        branch: "none",
        outcome: "not_applicable",
        when: all(when("deliverable.edits.count", "equal", 0)),
        explanation: "No edit request was made for deliverable {deliverable.id}.",
      },
      {
        outcome: "violation",
        when: all(when("deliverable.edits.breachCount", "greaterThan", 0)),
        since: "deliverable.edits.firstBreachAt",
        // Another request still awaiting an answer can join the violation later.
        checkAt: "deliverable.edits.nextRespondBy",
        explanation:
          "Edit request {deliverable.edits.breachIds} for deliverable {deliverable.id} got no response within {deliverable.edits.window}; the response was due by {deliverable.edits.firstBreachAt}.",
      },
      {
        outcome: "pending",
        when: all(
          when("deliverable.edits.breachCount", "equal", 0),
          when("deliverable.edits.nextRespondBy", "isPresent", true),
        ),
        checkAt: "deliverable.edits.nextRespondBy",
        explanation:
          "An edit request for deliverable {deliverable.id} awaits a response, due by {deliverable.edits.nextRespondBy}.",
      },
      {
        outcome: "compliant",
        when: all(
          when("deliverable.edits.breachCount", "equal", 0),
          when("deliverable.edits.nextRespondBy", "isPresent", false),
          when("deliverable.edits.count", "greaterThan", 0),
        ),
        explanation:
          "Every edit request for deliverable {deliverable.id} was answered within {deliverable.edits.window}.",
      },
    ],
  });
}

/**
 * The outcome branches of a response-window rule over a `contacts.*` summary; `subject` names one
 * request ("Mediance contact") and reads after "Every one of N".
 */
function responseWording(summary: string, subject: string): ResponseWording {
  return {
    violation: `${capitalise(subject)} {${summary}.breachIds} got no answer within {${summary}.window} (the first answer was due by {${summary}.firstBreachAt}); late or missing answers count as delayed feedback.`,
    pending: `${capitalise(subject)} {${summary}.awaitingIds} awaits an answer, due by {${summary}.nextRespondBy}.`,
    compliant: `Every one of {${summary}.count} ${subject} was answered within {${summary}.window}.`,
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function unresponsive(): PolicyRule[] {
  return findingRule(R.unresponsive, {
    kind: "no_show",
    role: "unresponsive",
    scope: "campaign",
    evidence: {
      window: "contacts.platform.window",
      overdue: "contacts.platform.overdue",
      answeredLate: "contacts.platform.answeredLate",
    },
    branches: [
      {
        branch: "none",
        outcome: "not_applicable",
        when: all(when("contacts.platform.count", "equal", 0)),
        explanation: "Mediance made no contact.",
      },
      ...responseBranches(
        "contacts.platform",
        responseWording("contacts.platform", "Mediance contact(s)"),
      ),
    ],
  });
}

function silentAfterProduct(): PolicyRule[] {
  return findingRule(R.silentAfterProduct, {
    kind: "no_show",
    role: "silent_after_product",
    scope: "campaign",
    evidence: {
      deliveredAt: "product.deliveredAt",
      window: "contacts.afterProduct.window",
      overdue: "contacts.afterProduct.overdue",
      answeredLate: "contacts.afterProduct.answeredLate",
    },
    branches: [
      {
        branch: "not-sponsorship",
        outcome: "not_applicable",
        when: all(when("campaign.kind", "notEqual", "product_sponsorship")),
        explanation: "Campaign {campaign.id} is not a product sponsorship.",
      },
      {
        branch: "product-unknown",
        outcome: "needs_review",
        when: all(
          when("campaign.kind", "equal", "product_sponsorship"),
          when("product", "isPresent", false),
        ),
        explanation:
          "Campaign {campaign.id} is a product sponsorship but the facts carry no product, so case 5 cannot be judged.",
      },
      {
        branch: "not-delivered",
        outcome: "pending",
        when: all(
          when("campaign.kind", "equal", "product_sponsorship"),
          when("product.delivered", "equal", false),
        ),
        explanation: "The product has not been delivered yet (shipped at {product.shippedAt}).",
      },
      {
        branch: "no-contact",
        outcome: "compliant",
        when: all(
          when("campaign.kind", "equal", "product_sponsorship"),
          when("contacts.afterProduct.count", "equal", 0),
        ),
        explanation:
          "No call or text was made after the product was delivered at {product.deliveredAt}.",
      },
      ...responseBranches(
        "contacts.afterProduct",
        responseWording("contacts.afterProduct", "call(s) or text(s) after delivery"),
      ).map((branch) => ({
        ...branch,
        when: all(
          when("campaign.kind", "equal", "product_sponsorship"),
          when("contacts.afterProduct.count", "greaterThan", 0),
          branch.when,
        ),
      })),
    ],
  });
}

function exceptionRules(): PolicyRule[] {
  const undecided = when("claim.decided", "equal", false);
  const excusable = when("claim.type", "in", ref("params.excusableTypes"));
  return [
    ...decidedClaimRules("mediance.exception", {
      accepted: "by the platform",
      rejected: "by the platform",
    }),
    exceptionRule("mediance.exception/not-excusable", {
      when: all(undecided, when("claim.type", "notIn", ref("params.excusableTypes"))),
      status: "rejected",
      reason:
        "Exception {claim.id} is of type {claim.type}, which is not an unavoidable circumstance under this policy ({params.excusableTypes}).",
    }),
    exceptionRule("mediance.exception/too-late", {
      when: all(undecided, excusable, when("claim.reportedInTime", "equal", false)),
      status: "rejected",
      reason:
        "Exception {claim.id} ({claim.type}) was reported at {claim.reportedAt}, after the notice deadline {claim.noticeDeadline} ({params.postHocNoticeWindow} after the no-show at {claim.violationSince}).",
    }),
    exceptionRule("mediance.exception/undecided", {
      when: all(undecided, excusable, when("claim.reportedInTime", "equal", true)),
      status: "needs_review",
      reason:
        "Exception {claim.id} ({claim.type}) was reported {claim.timingText}, at {claim.reportedAt}, and awaits a decision by the platform.",
    }),
  ];
}

function sanctionRules(): PolicyRule[] {
  return [
    sanctionRule("mediance.sanction/exclude", {
      scope: "campaign",
      when: all(when("findings.noShow", "equal", true)),
      sanction: {
        type: "exclude_from_future_campaigns",
        because: { kinds: ["no_show"] },
        note: "No-show influencers cannot be selected by advertisers in any future Mediance campaign.",
      },
    }),
    sanctionRule("mediance.sanction/exclude-past", {
      scope: "campaign",
      when: all(when("standing.priorNoShowCount", "greaterThan", 0)),
      sanction: {
        type: "exclude_from_future_campaigns",
        because: { fact: "standing.priorNoShowRefs" },
        note: "No-show influencers cannot be selected by advertisers in any future Mediance campaign.",
      },
    }),
    sanctionRule("mediance.sanction/no-reward", {
      scope: "campaign",
      when: all(when("findings.violatedRoles", "intersects", ["removed_early", "edit_ignored"])),
      sanction: {
        type: "withhold_payout",
        because: { roles: ["removed_early", "edit_ignored"] },
        amount: "payment.amount",
        note: "No reward (V Point) is paid for a post deleted or privatised early or an ignored edit request.",
      },
    }),
    sanctionRule("mediance.sanction/legal-review", {
      scope: "campaign",
      when: all(
        when("findings.noShow", "equal", true),
        when("campaign.impactSerious", "equal", true),
      ),
      sanction: {
        type: "legal_review",
        because: { kinds: ["no_show"] },
        requiresHumanReview: true,
        note: "Serious harm reported by the advertiser ({campaign.impactDescription}): legal action only after consulting the advertiser.",
      },
    }),
  ];
}

/**
 * The Mediance policy: five no-show cases, exceptions, exclusion, no reward and legal review.
 *
 * @param params - Overrides of {@link MEDIANCE_DEFAULTS} (validated; an unknown key throws).
 * @param meta - Optional `{ id, version }` (and `name`, `description`) for a platform's own edition.
 * @returns The policy, id `"mediance"`.
 * @throws {@link ValidationError} with code `INVALID_POLICY` for a bad or unknown parameter.
 * @example
 * const policy = mediance({ minLiveDuration: { days: 60 } });
 * const ours = mediance({}, { id: "acme-mediance", version: "2026-03" });
 */
export function mediance(params?: Partial<MedianceParameters>, meta?: PolicyMeta): Policy {
  return medianceFromParameters(params, meta);
}

/**
 * {@link mediance} for overrides of no static type (JSON, a CLI argument, generated cases): they are
 * validated exactly as the typed factory validates them. The registry's `fromParameters`.
 *
 * @param params - Any value; `undefined` means the defaults.
 * @param meta - Optional `{ id, version }` (and `name`, `description`).
 * @returns The policy, id `"mediance"`.
 * @throws {@link ValidationError} with code `INVALID_POLICY` for a bad or unknown parameter.
 */
export function medianceFromParameters(params: unknown, meta?: PolicyMeta): Policy {
  return buildPreset(
    {
      id: "mediance",
      version: "1.0.0",
      name: "Mediance no-show policy",
      description: "Restrictions on No-show Instagram users (Mediance notice and V Point FAQ).",
    },
    medianceParametersSchema,
    MEDIANCE_DEFAULTS,
    params,
    () => [
      ...postNotRegistered(),
      ...trackingUnavailable(),
      ...editRequestIgnored(),
      ...unresponsive(),
      ...silentAfterProduct(),
      ...exceptionRules(),
      ...sanctionRules(),
    ],
    meta,
  );
}
