/**
 * Refluenced (Germany): "What to Do If Influencers Don't Post?" (brand side) and "Missed
 * deadline" (creator side). Each piece of content has its own deadline ("Time is up!"); the
 * Influencer Manager reminds two days before it and the system messages creators who have not
 * posted; when content is missing the brand recovers what it gave (the product, the voucher or
 * its value) and no cash is paid; the creator cannot apply to new campaigns until this one is
 * complete. Extensions and cancellations need a valid reason, requested before the deadline.
 */
import { z } from "zod";
import { durationSchema } from "../facts/schema.js";
import { all, any, exceptionRule, findingRule, sanctionRule, when } from "../policy/builders.js";
import { DEADLINE_EVIDENCE, deadlineBranches, decidedClaimRules } from "../policy/pieces.js";
import type { Policy, PolicyRule } from "../policy/schema.js";
import { buildPreset, type PolicyMeta } from "./preset.js";

/** The parameters of the Refluenced preset. */
export const refluencedParametersSchema = z.strictObject({
  /** How long before a deliverable's deadline the reminder goes out (the Influencer Manager: two days). */
  reminderLead: durationSchema,
  /** Time to send the product back once its return was requested; after it, the product is invoiced. */
  returnWindow: durationSchema,
  /** The brand's return address, quoted in the return request; `null` when not given yet. */
  returnAddress: z.string().min(1).nullable(),
  /** Undecided extension or cancellation requests made after the deadline are rejected. */
  requestBeforeDeadline: z.boolean(),
});

/** The parameters of the Refluenced preset. */
export type RefluencedParameters = z.infer<typeof refluencedParametersSchema>;

/**
 * Refluenced's defaults. The reminder lead (2 days) is published; the return window is not and
 * is an assumption (14 days); no return address is known until the brand sets one.
 */
export const REFLUENCED_DEFAULTS: RefluencedParameters = {
  reminderLead: { days: 2 },
  returnWindow: { days: 14 },
  returnAddress: null,
  requestBeforeDeadline: true,
};

/** The ids of Refluenced's finding rules. */
export const REFLUENCED_RULES = {
  contentNotSynced: "refluenced.content-not-synced",
  contentLate: "refluenced.content-late",
} as const;

const R = REFLUENCED_RULES;

const notCancelled = when("participation.cancelledWithoutFault", "equal", false);

function contentNotSynced(): PolicyRule[] {
  return findingRule(R.contentNotSynced, {
    kind: "no_show",
    role: "content_missing",
    scope: "deliverable",
    evidence: {
      ...DEADLINE_EVIDENCE,
      remindAt: "deliverable.remindAt",
    },
    // A late post completes the content; refluenced.content-late judges the lateness.
    branches: deadlineBranches(
      "deliverable.dueAt",
      {
        cancelled:
          "The participation was cancelled by {participation.cancelledBy} at {participation.cancelledAt}, so no content is owed.",
        onTime:
          "Content for deliverable {deliverable.id} was synced at {deliverable.publishedAt}, on or before its deadline {deliverable.dueAt}.",
        late: "Content for deliverable {deliverable.id} was synced at {deliverable.publishedAt}, {deliverable.lateBy} after its deadline {deliverable.dueAt}; the lateness is judged by refluenced.content-late.",
        missing:
          "Time is up: no content was synced for deliverable {deliverable.id} by its deadline {deliverable.dueAt}; it is {deliverable.overdueBy} overdue as of {asOf}.",
        pending:
          "No content has been synced yet for deliverable {deliverable.id}; its deadline is {deliverable.dueAt}.",
      },
      "compliant",
    ),
  });
}

function contentLate(): PolicyRule[] {
  return findingRule(R.contentLate, {
    kind: "breach",
    role: "content_late",
    scope: "deliverable",
    evidence: {
      dueAt: "deliverable.dueAt",
      publishedAt: "deliverable.publishedAt",
      lateBy: "deliverable.lateBy",
    },
    branches: [
      {
        branch: "cancelled",
        outcome: "not_applicable",
        when: all(when("participation.cancelledWithoutFault", "equal", true)),
        explanation:
          "The participation was cancelled by {participation.cancelledBy} at {participation.cancelledAt}.",
      },
      {
        branch: "not-synced",
        outcome: "not_applicable",
        when: all(notCancelled, when("deliverable.posted", "equal", false)),
        explanation: "Deliverable {deliverable.id} has no content yet.",
      },
      {
        outcome: "compliant",
        when: all(notCancelled, when("deliverable.onTime", "equal", true)),
        explanation:
          "Content for deliverable {deliverable.id} was synced at {deliverable.publishedAt}, on or before its deadline {deliverable.dueAt}.",
      },
      {
        branch: "due-before-selection",
        outcome: "needs_review",
        when: all(notCancelled, when("deliverable.dueBeforeSelection", "equal", true)),
        explanation:
          "The deadline {deliverable.dueAt} of deliverable {deliverable.id} is before the influencer was selected at {participation.selectedAt}, so whether the content was late cannot be judged.",
      },
      {
        outcome: "violation",
        when: all(
          notCancelled,
          when("deliverable.dueBeforeSelection", "equal", false),
          when("deliverable.onTime", "equal", false),
        ),
        since: "deliverable.dueAt",
        explanation:
          "Content for deliverable {deliverable.id} was synced at {deliverable.publishedAt}, {deliverable.lateBy} after its deadline {deliverable.dueAt}.",
      },
    ],
  });
}

function exceptionRules(): PolicyRule[] {
  const undecided = when("claim.decided", "equal", false);
  const afterDeadline = when("claim.timing", "in", ["within_window", "too_late"]);
  return [
    ...decidedClaimRules("refluenced.exception", {
      accepted: "by Refluenced as a valid reason for an extension or cancellation",
      rejected: "by Refluenced",
    }),
    exceptionRule("refluenced.exception/after-deadline", {
      when: all(undecided, afterDeadline, when("params.requestBeforeDeadline", "equal", true)),
      status: "rejected",
      reason:
        "Exception {claim.id} ({claim.type}) was requested at {claim.reportedAt}, after the deadline passed at {claim.violationSince}; Refluenced grants extensions and cancellations only when requested before the deadline.",
    }),
    exceptionRule("refluenced.exception/undecided", {
      when: all(
        undecided,
        any(
          when("claim.timing", "equal", "advance"),
          when("params.requestBeforeDeadline", "equal", false),
        ),
      ),
      status: "needs_review",
      reason:
        "Exception {claim.id} ({claim.type}) was requested at {claim.reportedAt} and awaits Refluenced's decision on whether the reason is valid.",
    }),
  ];
}

function reminderRules(): PolicyRule[] {
  const stillMissing = [
    notCancelled,
    when("deliverable.posted", "equal", false),
    when("findings.excusedCount", "equal", 0),
  ];
  return [
    sanctionRule("refluenced.reminder/send", {
      scope: "deliverable",
      when: all(...stillMissing, when("deliverable.remindAt", "isPresent", true)),
      action: {
        type: "send_reminder",
        at: "deliverable.remindAt",
        note: "Influencer Manager reminder ({params.reminderLead} ahead): deliverable {deliverable.id} is due by {deliverable.dueAt} and no content has been synced.",
      },
    }),
    sanctionRule("refluenced.reminder/deadline-message", {
      scope: "deliverable",
      // A deadline still waiting for its event (a relative deadline) has no time to message at.
      when: all(...stillMissing, when("deliverable.dueAt", "isPresent", true)),
      action: {
        type: "message_influencer",
        at: "deliverable.dueAt",
        note: "Automated message to the influencer at the deadline {deliverable.dueAt} while deliverable {deliverable.id} has no synced content: time is up.",
      },
    }),
  ];
}

function remedyRules(): PolicyRule[] {
  // By role, not rule id: any policy's content_missing finding (Mediance case 1, say) calls them.
  const missing = when("findings.violatedRoles", "contains", "content_missing");
  const because = { roles: ["content_missing" as const] };
  const notReturned = [
    missing,
    when("product.delivered", "equal", true),
    when("product.returned", "equal", false),
  ];
  const voucherRedeemed = (redeemed: boolean) => [
    missing,
    when("voucher", "isPresent", true),
    when("voucher.redeemed", "equal", redeemed),
  ];
  return [
    sanctionRule("refluenced.sanction/withhold-payout", {
      scope: "campaign",
      when: all(
        missing,
        when("payment", "isPresent", true),
        when("payment.paidOut", "equal", false),
      ),
      sanction: {
        type: "withhold_payout",
        because,
        amount: "payment.amount",
        note: "No cash payout: the whole {payment.amount} is paid only once every deliverable of campaign {campaign.id} is complete.",
      },
    }),
    sanctionRule("refluenced.sanction/withhold-payout-paid", {
      scope: "campaign",
      when: all(missing, when("payment.paidOut", "equal", true)),
      sanction: {
        type: "withhold_payout",
        because,
        amount: "payment.amount",
        requiresHumanReview: true,
        note: "The payout of {payment.amount} was already made at {payment.paidOutAt} although content is missing; a person decides whether to recover it.",
      },
    }),
    sanctionRule("refluenced.sanction/restrict", {
      scope: "campaign",
      when: all(missing),
      sanction: {
        type: "restrict_applications",
        because,
        note: "Cannot apply to new campaigns until campaign {campaign.id} is fully completed.",
      },
    }),
    sanctionRule("refluenced.remedy/return-product", {
      scope: "campaign",
      when: all(
        ...notReturned,
        when("product.returnRequested", "equal", false),
        when("params.returnAddress", "isPresent", true),
      ),
      sanction: {
        type: "request_product_return",
        because,
        note: "Request the return of the product (value {product.value}) in the campaign chat, to {params.returnAddress}.",
      },
    }),
    sanctionRule("refluenced.remedy/return-product-no-address", {
      scope: "campaign",
      when: all(
        ...notReturned,
        when("product.returnRequested", "equal", false),
        when("params.returnAddress", "isPresent", false),
      ),
      sanction: {
        type: "request_product_return",
        because,
        note: "Request the return of the product (value {product.value}) in the campaign chat; no return address is configured, so give one with the request.",
      },
    }),
    sanctionRule("refluenced.remedy/return-requested", {
      scope: "campaign",
      when: all(
        ...notReturned,
        when("product.returnRequested", "equal", true),
        when("product.returnOverdue", "equal", false),
      ),
      sanction: {
        type: "request_product_return",
        because,
        note: "The return of the product (value {product.value}) was requested at {product.returnRequestedAt} and is due back by {product.returnDueAt} ({params.returnWindow}).",
      },
      action: {
        type: "recheck",
        at: "product.returnDueAt",
        note: "Check whether the product came back by {product.returnDueAt}; if not, invoice its value of {product.value}.",
      },
    }),
    sanctionRule("refluenced.remedy/return-unconfirmed-delivery", {
      scope: "campaign",
      when: all(
        missing,
        when("product.delivered", "equal", false),
        when("product.shippedAt", "isPresent", true),
      ),
      sanction: {
        type: "request_product_return",
        because,
        requiresHumanReview: true,
        note: "The product (value {product.value}) was shipped at {product.shippedAt} but its delivery is not recorded; confirm delivery before requesting its return.",
      },
    }),
    sanctionRule("refluenced.remedy/invoice-product", {
      scope: "campaign",
      when: all(...notReturned, when("product.returnOverdue", "equal", true)),
      sanction: {
        type: "invoice",
        because,
        amount: "product.value",
        note: "Invoice for the value of the product not returned: {product.value}; its return was requested at {product.returnRequestedAt} and nothing came back by {product.returnDueAt}.",
      },
    }),
    sanctionRule("refluenced.remedy/deactivate-voucher", {
      scope: "campaign",
      when: all(...voucherRedeemed(false), when("voucher.deactivated", "equal", false)),
      sanction: {
        type: "deactivate_voucher",
        because,
        note: "Deactivate the unredeemed voucher (value {voucher.value}) and tell the influencer in the campaign chat.",
      },
    }),
    sanctionRule("refluenced.remedy/voucher-deactivated", {
      scope: "campaign",
      when: all(...voucherRedeemed(false), when("voucher.deactivated", "equal", true)),
      sanction: {
        type: "deactivate_voucher",
        because,
        note: "The unredeemed voucher (value {voucher.value}) was deactivated at {voucher.deactivatedAt}.",
      },
    }),
    sanctionRule("refluenced.remedy/invoice-voucher", {
      scope: "campaign",
      when: all(...voucherRedeemed(true)),
      sanction: {
        type: "invoice",
        because,
        amount: "voucher.value",
        note: "Invoice for the value of the voucher redeemed at {voucher.redeemedAt}: {voucher.value}.",
      },
    }),
  ];
}

/**
 * The Refluenced policy: per-deliverable deadlines, reminders, and goods and money remedies.
 *
 * @param params - Overrides of {@link REFLUENCED_DEFAULTS} (validated; an unknown key throws).
 * @param meta - Optional `{ id, version }` (and `name`, `description`) for a platform's own edition.
 * @returns The policy, id `"refluenced"`.
 * @throws {@link ValidationError} with code `INVALID_POLICY` for a bad or unknown parameter.
 * @example
 * const policy = refluenced({ returnAddress: "Brand GmbH, Torstr. 1, 10119 Berlin" });
 */
export function refluenced(params?: Partial<RefluencedParameters>, meta?: PolicyMeta): Policy {
  return refluencedFromParameters(params, meta);
}

/**
 * {@link refluenced} for overrides of no static type (JSON, a CLI argument, generated cases): they are
 * validated exactly as the typed factory validates them. The registry's `fromParameters`.
 *
 * @param params - Any value; `undefined` means the defaults.
 * @param meta - Optional `{ id, version }` (and `name`, `description`).
 * @returns The policy, id `"refluenced"`.
 * @throws {@link ValidationError} with code `INVALID_POLICY` for a bad or unknown parameter.
 */
export function refluencedFromParameters(params: unknown, meta?: PolicyMeta): Policy {
  return buildPreset(
    {
      id: "refluenced",
      version: "1.0.0",
      name: "Refluenced missed-deadline policy",
      description:
        "What to Do If Influencers Don't Post? (brand side) and Missed deadline (creator side).",
    },
    refluencedParametersSchema,
    REFLUENCED_DEFAULTS,
    params,
    () => [
      ...contentNotSynced(),
      ...contentLate(),
      ...exceptionRules(),
      ...reminderRules(),
      ...remedyRules(),
    ],
    meta,
  );
}
