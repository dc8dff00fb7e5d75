/**
 * Goods and money: the `product`, `voucher` and `payment` facts (delivery and return of a
 * product, redemption of a voucher, escrow and payout of a payment, with their deadlines).
 */
import { addDuration, compareInstants, type Instant, latest } from "../core/time.js";
import { type CampaignFacts, durationSchema, type Money } from "../facts/schema.js";
import { defineFamily, type ParametersOf } from "./family.js";
import type { Retention } from "./retention.js";
import { s } from "./shape.js";

/** The parameters the goods and money facts read. */
export const goodsParameters = {
  /** Time to send a product back once its return was requested. */
  returnWindow: durationSchema.optional(),
  /** Time the platform takes to verify a publication. */
  verifyWithin: durationSchema.optional(),
  /** Time from verification to payout release. */
  releaseWithin: durationSchema.optional(),
};

/** The goods and money facts. */
export interface GoodsFacts {
  product: {
    value: Money;
    shippedAt: Instant | null;
    deliveredAt: Instant | null;
    delivered: boolean;
    returnRequestedAt: Instant | null;
    returnRequested: boolean;
    returnedAt: Instant | null;
    returned: boolean;
    /** returnRequestedAt + returnWindow, or null. */
    returnDueAt: Instant | null;
    returnOverdue: boolean;
  } | null;
  voucher: {
    value: Money;
    issuedAt: Instant;
    redeemedAt: Instant | null;
    redeemed: boolean;
    deactivatedAt: Instant | null;
    deactivated: boolean;
  } | null;
  payment: {
    amount: Money;
    escrowFunded: boolean;
    escrowFundedAt: Instant | null;
    releasedAt: Instant | null;
    released: boolean;
    refundedAt: Instant | null;
    refunded: boolean;
    paidOutAt: Instant | null;
    paidOut: boolean;
    /**
     * When the platform must have verified the delivery: `verifyWithin` after the last
     * publication, and not before the last post's validation window (retention) closes; null
     * until every deliverable is posted, or without `verifyWithin`.
     */
    verifyBy: Instant | null;
    /** The latest payout release: `verifyBy + releaseWithin`, or null. */
    releaseAt: Instant | null;
  } | null;
}

/** What the goods facts need of the derived deliverables. */
export interface PostedDeliverable {
  posted: boolean;
  publishedAt: Instant | null;
  retention: Pick<Retention, "requiredUntil" | "privateRequiredUntil"> | null;
}

/**
 * Derives the `product`, `voucher` and `payment` facts.
 *
 * @param facts - Validated facts, as known at `asOf`.
 * @param params - The parsed parameters.
 * @param asOf - The evaluation instant.
 * @param deliverables - The derived deliverables (verification waits for every post).
 * @returns The facts.
 */
export function deriveGoods(
  facts: CampaignFacts,
  params: ParametersOf<typeof goodsParameters>,
  asOf: Instant,
  deliverables: readonly PostedDeliverable[],
): GoodsFacts {
  const timeZone = facts.campaign.timezone;
  const { product, voucher, payment } = facts;
  const returnWindow = params.returnWindow;
  const returnDueAt =
    product?.returnRequestedAt && returnWindow
      ? addDuration(product.returnRequestedAt, returnWindow, timeZone)
      : null;
  const lastPublishedAt = latest(...deliverables.map((item) => item.publishedAt));
  const { verifyWithin, releaseWithin } = params;
  // Verification covers every post: it starts after the last publication and cannot finish
  // before the last validation window (retention requirement) has closed.
  const verifyBy =
    verifyWithin && lastPublishedAt && deliverables.every((item) => item.posted)
      ? latest(
          addDuration(lastPublishedAt, verifyWithin, timeZone),
          ...deliverables.map((item) => item.retention?.requiredUntil),
          ...deliverables.map((item) => item.retention?.privateRequiredUntil),
        )
      : null;
  return {
    product: product
      ? {
          value: product.value,
          shippedAt: product.shippedAt ?? null,
          deliveredAt: product.deliveredAt ?? null,
          delivered: product.deliveredAt !== undefined,
          returnRequestedAt: product.returnRequestedAt ?? null,
          returnRequested: product.returnRequestedAt !== undefined,
          returnedAt: product.returnedAt ?? null,
          returned: product.returnedAt !== undefined,
          returnDueAt,
          returnOverdue:
            returnDueAt !== null && !product.returnedAt && compareInstants(asOf, returnDueAt) > 0,
        }
      : null,
    voucher: voucher
      ? {
          value: voucher.value,
          issuedAt: voucher.issuedAt,
          redeemedAt: voucher.redeemedAt ?? null,
          redeemed: voucher.redeemedAt !== undefined,
          deactivatedAt: voucher.deactivatedAt ?? null,
          deactivated: voucher.deactivatedAt !== undefined,
        }
      : null,
    payment: payment
      ? {
          amount: payment.amount,
          escrowFunded: payment.escrow !== undefined,
          escrowFundedAt: payment.escrow?.fundedAt ?? null,
          releasedAt: payment.escrow?.releasedAt ?? null,
          released: payment.escrow?.releasedAt !== undefined,
          refundedAt: payment.escrow?.refundedAt ?? null,
          refunded: payment.escrow?.refundedAt !== undefined,
          paidOutAt: payment.paidOutAt ?? null,
          paidOut: payment.paidOutAt !== undefined,
          verifyBy,
          releaseAt:
            verifyBy && releaseWithin ? addDuration(verifyBy, releaseWithin, timeZone) : null,
        }
      : null,
  };
}

/** The product, the voucher and the payment. */
export const goodsFamily = defineFamily({
  name: "goods",
  facts: {
    product: {
      shape: s.nullable(
        s.object({
          value: s.money(),
          shippedAt: s.nullable(s.instant()),
          deliveredAt: s.nullable(s.instant()),
          delivered: s.boolean(),
          returnRequestedAt: s.nullable(s.instant()),
          returnRequested: s.boolean(),
          returnedAt: s.nullable(s.instant()),
          returned: s.boolean(),
          returnDueAt: s.nullable(s.instant()),
          returnOverdue: s.boolean(),
        }),
      ),
      doc: "The product's value and delivery/return state, or null.",
      in: "common",
    },
    voucher: {
      shape: s.nullable(
        s.object({
          value: s.money(),
          issuedAt: s.instant(),
          redeemedAt: s.nullable(s.instant()),
          redeemed: s.boolean(),
          deactivatedAt: s.nullable(s.instant()),
          deactivated: s.boolean(),
        }),
      ),
      doc: "The voucher's value and redemption state, or null.",
      in: "common",
    },
    payment: {
      shape: s.nullable(
        s.object({
          amount: s.money(),
          escrowFunded: s.boolean(),
          escrowFundedAt: s.nullable(s.instant()),
          releasedAt: s.nullable(s.instant()),
          released: s.boolean(),
          refundedAt: s.nullable(s.instant()),
          refunded: s.boolean(),
          paidOutAt: s.nullable(s.instant()),
          paidOut: s.boolean(),
          verifyBy: s.nullable(s.instant()),
          releaseAt: s.nullable(s.instant()),
        }),
      ),
      doc: "The payment amount, escrow and payout state, or null.",
      in: "common",
    },
  },
  parameters: goodsParameters,
  derive: deriveGoods,
});
