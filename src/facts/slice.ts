/**
 * Facts as known at `asOf`: anything that happened after the evaluation instant is removed, so
 * a verdict can be reproduced "as of" any moment from the full record.
 */

import { type Instant, toMillis } from "../core/time.js";
import type { CampaignFacts } from "./schema.js";

/** `asOf` parsed once: slicing tests every observation, contact and claim against it. */
type Cutoff = number;

function known(instant: Instant | undefined, cutoff: Cutoff): Instant | undefined {
  return instant !== undefined && toMillis(instant) <= cutoff ? instant : undefined;
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
  const cutoff: Cutoff = toMillis(asOf);
  const cancelledAt = known(facts.participation.cancelledAt, cutoff);
  return compact({
    ...facts,
    participation: compact({
      ...facts.participation,
      cancelledAt,
      cancelledBy: cancelledAt ? facts.participation.cancelledBy : undefined,
    }),
    deliverables: facts.deliverables.map((deliverable) => {
      const post =
        deliverable.post && known(deliverable.post.publishedAt, cutoff)
          ? compact({
              ...deliverable.post,
              observations: deliverable.post.observations?.filter((observation) =>
                known(observation.at, cutoff),
              ),
            })
          : undefined;
      return compact({
        ...deliverable,
        post,
        editRequests: deliverable.editRequests
          ?.filter((request) => known(request.requestedAt, cutoff))
          .map((request) =>
            compact({
              ...request,
              respondedAt: known(request.respondedAt, cutoff),
              resolvedAt: known(request.resolvedAt, cutoff),
            }),
          ),
        extensions: deliverable.extensions?.filter((extension) =>
          known(extension.grantedAt, cutoff),
        ),
      });
    }),
    contacts: facts.contacts
      ?.filter((contact) => known(contact.at, cutoff))
      .map((contact) => compact({ ...contact, respondedAt: known(contact.respondedAt, cutoff) })),
    product: facts.product
      ? compact({
          ...facts.product,
          shippedAt: known(facts.product.shippedAt, cutoff),
          deliveredAt: known(facts.product.deliveredAt, cutoff),
          returnRequestedAt: known(facts.product.returnRequestedAt, cutoff),
          returnedAt: known(facts.product.returnedAt, cutoff),
        })
      : undefined,
    voucher:
      facts.voucher && known(facts.voucher.issuedAt, cutoff)
        ? compact({
            ...facts.voucher,
            redeemedAt: known(facts.voucher.redeemedAt, cutoff),
            deactivatedAt: known(facts.voucher.deactivatedAt, cutoff),
          })
        : undefined,
    payment: facts.payment
      ? compact({
          ...facts.payment,
          escrow:
            facts.payment.escrow && known(facts.payment.escrow.fundedAt, cutoff)
              ? compact({
                  ...facts.payment.escrow,
                  releasedAt: known(facts.payment.escrow.releasedAt, cutoff),
                  refundedAt: known(facts.payment.escrow.refundedAt, cutoff),
                })
              : undefined,
          paidOutAt: known(facts.payment.paidOutAt, cutoff),
        })
      : undefined,
    exceptions: facts.exceptions?.filter((claim) => known(claim.reportedAt, cutoff)),
  });
}
