/**
 * Facts as known at `asOf`: anything that happened after the evaluation instant is removed, so
 * a verdict can be reproduced "as of" any moment from the full record.
 */
import type { CampaignFacts } from "../facts/schema.js";
import { compareInstants, type Instant } from "../time.js";

function known(instant: Instant | undefined, asOf: Instant): Instant | undefined {
  return instant !== undefined && compareInstants(instant, asOf) <= 0 ? instant : undefined;
}

/** Drops `undefined` values so that sliced facts keep "absent" as absent. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}

/**
 * Returns the facts as they were known at `asOf` (a new object; the input is not touched).
 *
 * @param facts - Validated facts (instants in UTC).
 * @param asOf - The evaluation instant (UTC).
 * @returns Facts without posts, observations, answers, claims or events dated after `asOf`.
 */
export function sliceFactsAt(facts: CampaignFacts, asOf: Instant): CampaignFacts {
  const cancelledAt = known(facts.participation.cancelledAt, asOf);
  return compact({
    ...facts,
    participation: compact({
      ...facts.participation,
      cancelledAt,
      cancelledBy: cancelledAt ? facts.participation.cancelledBy : undefined,
    }),
    deliverables: facts.deliverables.map((deliverable) => {
      const post =
        deliverable.post && known(deliverable.post.publishedAt, asOf)
          ? compact({
              ...deliverable.post,
              observations: deliverable.post.observations?.filter((observation) =>
                known(observation.at, asOf),
              ),
            })
          : undefined;
      return compact({
        ...deliverable,
        post,
        editRequests: deliverable.editRequests
          ?.filter((request) => known(request.requestedAt, asOf))
          .map((request) =>
            compact({
              ...request,
              respondedAt: known(request.respondedAt, asOf),
              resolvedAt: known(request.resolvedAt, asOf),
            }),
          ),
        extensions: deliverable.extensions?.filter((extension) => known(extension.grantedAt, asOf)),
      });
    }),
    contacts: facts.contacts
      ?.filter((contact) => known(contact.at, asOf))
      .map((contact) => compact({ ...contact, respondedAt: known(contact.respondedAt, asOf) })),
    product: facts.product
      ? compact({
          ...facts.product,
          shippedAt: known(facts.product.shippedAt, asOf),
          deliveredAt: known(facts.product.deliveredAt, asOf),
          returnRequestedAt: known(facts.product.returnRequestedAt, asOf),
          returnedAt: known(facts.product.returnedAt, asOf),
        })
      : undefined,
    voucher:
      facts.voucher && known(facts.voucher.issuedAt, asOf)
        ? compact({
            ...facts.voucher,
            redeemedAt: known(facts.voucher.redeemedAt, asOf),
            deactivatedAt: known(facts.voucher.deactivatedAt, asOf),
          })
        : undefined,
    payment: facts.payment
      ? compact({
          ...facts.payment,
          escrow:
            facts.payment.escrow && known(facts.payment.escrow.fundedAt, asOf)
              ? compact({
                  ...facts.payment.escrow,
                  releasedAt: known(facts.payment.escrow.releasedAt, asOf),
                  refundedAt: known(facts.payment.escrow.refundedAt, asOf),
                })
              : undefined,
          paidOutAt: known(facts.payment.paidOutAt, asOf),
        })
      : undefined,
    exceptions: facts.exceptions?.filter((claim) => known(claim.reportedAt, asOf)),
  });
}
