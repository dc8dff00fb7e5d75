/**
 * Facts as known at `asOf`: anything that happened after the evaluation instant is removed, so
 * a verdict can be reproduced "as of" any moment from the full record.
 */

import { mapList } from "../core/lists.js";
import { type Instant, toMillis } from "../core/time.js";
import type { CampaignFacts } from "./schema.js";

/** `asOf` parsed once: slicing tests every observation, contact and claim against it. */
type Cutoff = number;

function known(instant: Instant | undefined, cutoff: Cutoff): Instant | undefined {
  return instant !== undefined && toMillis(instant) <= cutoff ? instant : undefined;
}

/**
 * `compact({ ...base, ...changes })` in one pass, without the intermediate copy: the keys of
 * `base` in their order (a changed one keeps its place), then the new keys of `changes`, and no
 * `undefined` value, so that sliced facts keep "absent" as absent. (A spread then a filtered copy
 * made slicing cost as much as deriving.)
 */
function sliced<T extends object>(base: T, changes: Record<string, unknown>): T {
  const kept: Record<string, unknown> = {};
  const source = base as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    keep(kept, key, Object.hasOwn(changes, key) ? changes[key] : source[key]);
  }
  for (const key of Object.keys(changes)) {
    if (!Object.hasOwn(source, key)) keep(kept, key, changes[key]);
  }
  return kept as T;
}

function keep(into: Record<string, unknown>, key: string, item: unknown): void {
  if (item === undefined) return;
  // (Parsed facts never hold "__proto__"; were one there, it stays an own property.)
  if (key === "__proto__")
    Object.defineProperty(into, key, {
      value: item,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  else into[key] = item;
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
  return sliced(facts, {
    participation: sliced(facts.participation, {
      cancelledAt,
      cancelledBy: cancelledAt ? facts.participation.cancelledBy : undefined,
    }),
    deliverables: mapList(facts.deliverables, (deliverable) => {
      const post =
        deliverable.post && known(deliverable.post.publishedAt, cutoff)
          ? sliced(deliverable.post, {
              observations: deliverable.post.observations?.filter((observation) =>
                known(observation.at, cutoff),
              ),
            })
          : undefined;
      return sliced(deliverable, {
        post,
        editRequests: deliverable.editRequests
          ? mapList(
              deliverable.editRequests.filter((request) => known(request.requestedAt, cutoff)),
              (request) =>
                sliced(request, {
                  respondedAt: known(request.respondedAt, cutoff),
                  resolvedAt: known(request.resolvedAt, cutoff),
                }),
            )
          : undefined,
        extensions: deliverable.extensions?.filter((extension) =>
          known(extension.grantedAt, cutoff),
        ),
      });
    }),
    contacts: facts.contacts
      ? mapList(
          facts.contacts.filter((contact) => known(contact.at, cutoff)),
          (contact) => sliced(contact, { respondedAt: known(contact.respondedAt, cutoff) }),
        )
      : undefined,

    product: facts.product
      ? sliced(facts.product, {
          shippedAt: known(facts.product.shippedAt, cutoff),
          deliveredAt: known(facts.product.deliveredAt, cutoff),
          returnRequestedAt: known(facts.product.returnRequestedAt, cutoff),
          returnedAt: known(facts.product.returnedAt, cutoff),
        })
      : undefined,
    voucher:
      facts.voucher && known(facts.voucher.issuedAt, cutoff)
        ? sliced(facts.voucher, {
            redeemedAt: known(facts.voucher.redeemedAt, cutoff),
            deactivatedAt: known(facts.voucher.deactivatedAt, cutoff),
          })
        : undefined,
    payment: facts.payment
      ? sliced(facts.payment, {
          escrow:
            facts.payment.escrow && known(facts.payment.escrow.fundedAt, cutoff)
              ? sliced(facts.payment.escrow, {
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
