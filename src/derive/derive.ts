/**
 * Derived facts: what the rules read, computed once, synchronously, from the validated facts
 * (as known at `asOf`), the policy's catalogue parameters and the standing. Absent values are
 * `null`, never `undefined`, so that rules can test for them explicitly.
 */
import type { Duration } from "date-fns";
import type { Interval } from "../core/time.js";
import {
  addDuration,
  compareInstants,
  describeElapsed,
  earliest,
  type Instant,
  latest,
  subtractDuration,
  toMillis,
} from "../core/time.js";
import type { CampaignFacts, Deliverable, Money } from "../facts/schema.js";
import type { Standing } from "../facts/standing.js";
import { checkDisclosure, type DisclosureCheck, resolveDisclosureProfile } from "./disclosure.js";
import { type CatalogueParameters, catalogueParametersSchema } from "./parameters.js";
import { type ResponseSummary, summariseResponses } from "./responses.js";
import { analyseRetention, type Retention } from "./retention.js";
import { checkTerms, type TermsCheck } from "./terms.js";

/** The derived fact of one deliverable (the `deliverable` fact). */
export interface DerivedDeliverable {
  id: string;
  kind: Deliverable["kind"];
  /** The deadline after extensions (UTC). */
  dueAt: Instant;
  /** The deadline before extensions. */
  originalDueAt: Instant;
  /** The latest granted extension's new deadline, or null. */
  extendedTo: Instant | null;
  extensionReason: string | null;
  posted: boolean;
  publishedAt: Instant | null;
  postUrl: string | null;
  /** `true`/`false` once posted; null before. */
  onTime: boolean | null;
  /** How late the post was, in words, or null. */
  lateBy: string | null;
  /** How long past the deadline with no post, in words, or null. */
  overdueBy: string | null;
  /** The deadline falls before the selection: the facts contradict each other. */
  dueBeforeSelection: boolean;
  /**
   * The post was published before the influencer was selected: the facts contradict each other
   * (a minimum counted from that publication could be over before anything was owed).
   */
  publishedBeforeSelection: boolean;
  /** From the deadline to `asOf`, for duration operators (e.g. a grace period: `elapsedAtLeast`). */
  sinceDue: Interval;
  /** From publication to the last live sighting, or null without a post (or without retention). */
  liveFor: Interval | null;
  retention: Retention | null;
  /** Edit requests for a guideline or disclosure mismatch, against `editResponseWindow`. */
  edits: ResponseSummary | null;
  terms: TermsCheck | null;
  /** The advertising disclosure under `disclosureProfile` (null without the parameter). */
  disclosure: DisclosureCheck | null;
  /** The agreed publish deadline: terms.publishAt + tolerance (or a later granted extension), else dueAt. */
  publishBy: Instant;
  /** Reminder time (`dueAt − reminderLead`), or null without the parameter. */
  remindAt: Instant | null;
  /** The deliverable's own fields as given, for custom rules. */
  facts: Deliverable;
}

/** The facts every engine run receives (see `COMMON_FACTS`). */
export interface CommonFacts {
  asOf: Instant;
  campaign: {
    id: string;
    kind: CampaignFacts["campaign"]["kind"];
    timezone: string;
    startsAt: Instant;
    endsAt: Instant;
    impactSerious: boolean;
    impactNote: string | null;
    /** The advertiser's note on the harm, or "no details given". */
    impactDescription: string;
  };
  participation: {
    selectedAt: Instant;
    cancelledAt: Instant | null;
    cancelledBy: string | null;
    cancelled: boolean;
    /** Cancelled by the advertiser, the platform or both parties. */
    cancelledWithoutFault: boolean;
    /** From selection to `asOf`, for duration operators. */
    sinceSelection: Interval;
  };
  influencer: { id: string; platform: string | null; handle: string | null };
  params: Record<string, unknown>;
  contacts: {
    /** Contacts from the platform, against `contactResponseWindow`. */
    platform: ResponseSummary | null;
    /** Calls and texts after the product was delivered, against `productContactResponseWindow`. */
    afterProduct: ResponseSummary | null;
    /** Every contact, against `responseWindow`. */
    any: ResponseSummary | null;
  };
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
  standing: {
    present: boolean;
    status: Standing["status"];
    /** The standing's score, or `initialQualityScore` (100 unless set) without a standing. */
    qualityScore: number;
    priorNoShowCount: number;
    /** `standing:<campaignId>` for each prior unexcused no-show. */
    priorNoShowRefs: string[];
    /** Strikes of other campaigns, not revoked and not expired at `asOf`. */
    activeStrikeCount: number;
    activeStrikeRefs: string[];
    /** When the standing next changes: a strike expires or starts, or a later-dated no-show starts. */
    nextChangeAt: Instant | null;
  };
  deliverables: {
    count: number;
    postedCount: number;
    /** Deliverables past their deadline with no post. */
    missingIds: string[];
    missingCount: number;
    lateIds: string[];
    allPosted: boolean;
    lastPublishedAt: Instant | null;
  };
}

function durationParam(
  params: CatalogueParameters,
  key: keyof CatalogueParameters,
): Duration | null {
  const value = params[key];
  return value && typeof value === "object" ? (value as Duration) : null;
}

/** When the obligation to answer ended: a cancellation without the influencer's fault, if any. */
function obligationEnd(facts: CampaignFacts): Instant | null {
  const { cancelledAt, cancelledBy } = facts.participation;
  return cancelledAt && cancelledBy && cancelledBy !== "influencer" ? cancelledAt : null;
}

function deriveDeliverable(
  deliverable: Deliverable,
  facts: CampaignFacts,
  params: CatalogueParameters,
  asOf: Instant,
): DerivedDeliverable {
  const timeZone = facts.campaign.timezone;
  const originalDueAt = deliverable.dueAt ?? facts.campaign.endsAt;
  // Extensions only ever move a deadline later; the latest granted one wins (the first given of
  // equal ones). One pass, each instant parsed once.
  let latestExtension: NonNullable<Deliverable["extensions"]>[number] | undefined;
  let latestExtensionMs = Number.NEGATIVE_INFINITY;
  for (const candidate of deliverable.extensions ?? []) {
    const ms = toMillis(candidate.newDueAt);
    if (latestExtension === undefined || ms > latestExtensionMs) {
      latestExtension = candidate;
      latestExtensionMs = ms;
    }
  }
  const extension =
    latestExtension && compareInstants(latestExtension.newDueAt, originalDueAt) > 0
      ? latestExtension
      : undefined;
  const dueAt = extension?.newDueAt ?? originalDueAt;
  const post = deliverable.post;
  const publishedAt = post?.publishedAt ?? null;
  const onTime = publishedAt ? compareInstants(publishedAt, dueAt) <= 0 : null;
  const minLiveDuration = deliverable.minLiveDuration ?? durationParam(params, "minLiveDuration");
  const reminderLead = durationParam(params, "reminderLead");
  const editWindow = durationParam(params, "editResponseWindow");
  const terms = checkTerms(deliverable, {
    defaultTolerance: durationParam(params, "publishTolerance"),
    timeZone,
    extendedUntil: latestExtension?.newDueAt ?? null,
    // A deadline before the selection is contradictory: it cannot make a post late.
    dueAt: compareInstants(dueAt, facts.participation.selectedAt) < 0 ? null : dueAt,
  });
  const retention =
    post && minLiveDuration
      ? analyseRetention({
          publishedAt: post.publishedAt,
          observations: post.observations ?? [],
          minLiveDuration,
          validationHorizon: durationParam(params, "validationHorizon"),
          privateCountsUntil: params.privateCountsUntilCampaignEnd ? facts.campaign.endsAt : null,
          timeZone,
          asOf,
        })
      : null;
  const editRequests = (deliverable.editRequests ?? [])
    .filter((request) => request.reason !== "other")
    .map((request) => ({
      id: request.id,
      at: request.requestedAt,
      respondedAt: request.respondedAt,
    }));
  return {
    id: deliverable.id,
    kind: deliverable.kind,
    dueAt,
    originalDueAt,
    extendedTo: extension?.newDueAt ?? null,
    extensionReason: extension?.reason ?? null,
    posted: publishedAt !== null,
    publishedAt,
    postUrl: post?.url ?? null,
    onTime,
    lateBy: publishedAt && !onTime ? describeElapsed(dueAt, publishedAt, timeZone) : null,
    overdueBy:
      !publishedAt && compareInstants(asOf, dueAt) > 0
        ? describeElapsed(dueAt, asOf, timeZone)
        : null,
    dueBeforeSelection: compareInstants(dueAt, facts.participation.selectedAt) < 0,
    publishedBeforeSelection:
      publishedAt !== null && compareInstants(publishedAt, facts.participation.selectedAt) < 0,
    sinceDue: { start: dueAt, end: asOf },
    liveFor: publishedAt && retention ? { start: publishedAt, end: retention.lastLiveAt } : null,
    retention,
    edits: editWindow
      ? summariseResponses(editRequests, editWindow, timeZone, asOf, obligationEnd(facts))
      : null,
    terms,
    disclosure: params.disclosureProfile
      ? checkDisclosure(deliverable, resolveDisclosureProfile(params.disclosureProfile))
      : null,
    publishBy: terms?.publishWindowEnd ?? dueAt,
    remindAt: reminderLead ? subtractDuration(dueAt, reminderLead, timeZone) : null,
    facts: deliverable,
  };
}

function deriveStanding(
  standing: Standing | undefined,
  campaignId: string,
  asOf: Instant,
  initialQualityScore: number,
  strikeExpiry: { duration: Duration; timeZone: string } | null,
): CommonFacts["standing"] {
  if (!standing) {
    return {
      present: false,
      status: "active",
      qualityScore: initialQualityScore,
      priorNoShowCount: 0,
      priorNoShowRefs: [],
      activeStrikeCount: 0,
      activeStrikeRefs: [],
      nextChangeAt: null,
    };
  }
  const asOfMs = toMillis(asOf);
  // One pass over each list, each instant parsed once, no argument spreads. When the standing
  // next changes: the earliest of the active strikes' expiries, the future strikes' starts and
  // the later-dated no-shows (instants are UTC strings, so equal instants are equal strings).
  let nextChangeAt: Instant | null = null;
  let nextChangeMs = Number.POSITIVE_INFINITY;
  const consider = (instant: Instant, ms: number) => {
    if (ms < nextChangeMs) {
      nextChangeAt = instant;
      nextChangeMs = ms;
    }
  };
  const priorNoShowRefs: string[] = [];
  for (const record of standing.noShows) {
    if (record.campaignId === campaignId) continue;
    const ms = toMillis(record.at);
    if (ms <= asOfMs) priorNoShowRefs.push(`standing:${record.campaignId}`);
    else consider(record.at, ms);
  }
  // A strike ends at its own expiresAt, and also once the current policy's strikeExpiry has
  // passed since it (strikes recorded under a policy without one still expire).
  const activeStrikeRefs: string[] = [];
  for (const strike of standing.strikes) {
    if (strike.campaignId === campaignId || strike.revokedAt) continue;
    const atMs = toMillis(strike.at);
    if (atMs > asOfMs) {
      consider(strike.at, atMs);
      continue;
    }
    const expiresAt = earliest(
      strike.expiresAt,
      strikeExpiry ? addDuration(strike.at, strikeExpiry.duration, strikeExpiry.timeZone) : null,
    );
    const expiresMs = expiresAt ? toMillis(expiresAt) : Number.POSITIVE_INFINITY;
    if (expiresMs <= asOfMs) continue;
    activeStrikeRefs.push(`standing:${strike.campaignId}`);
    if (expiresAt) consider(expiresAt, expiresMs);
  }
  return {
    present: true,
    status: standing.status,
    qualityScore: standing.qualityScore,
    priorNoShowCount: priorNoShowRefs.length,
    priorNoShowRefs,
    activeStrikeCount: activeStrikeRefs.length,
    activeStrikeRefs,
    nextChangeAt,
  };
}

/** The derived facts of one evaluation: the common facts and one fact per deliverable. */
export interface DerivedFacts {
  common: CommonFacts;
  deliverables: DerivedDeliverable[];
}

/**
 * Derives every catalogue fact from validated facts already sliced at `asOf`.
 *
 * @param facts - Validated facts, as known at `asOf`.
 * @param parameters - The policy's parameters (catalogue parameters are read by name).
 * @param asOf - The evaluation instant (UTC).
 * @param standing - The influencer's standing before this campaign, if known.
 * @returns The derived facts.
 */
export function deriveFacts(
  facts: CampaignFacts,
  parameters: Record<string, unknown>,
  asOf: Instant,
  standing?: Standing,
): DerivedFacts {
  const params = catalogueParametersSchema.parse(parameters);
  const timeZone = facts.campaign.timezone;
  const deliverables = facts.deliverables.map((deliverable) =>
    deriveDeliverable(deliverable, facts, params, asOf),
  );
  const contacts = facts.contacts ?? [];
  const window = (key: keyof CatalogueParameters, subset: typeof contacts) => {
    const duration = durationParam(params, key);
    return duration
      ? summariseResponses(subset, duration, timeZone, asOf, obligationEnd(facts))
      : null;
  };
  const deliveredAt = facts.product?.deliveredAt;
  const afterProduct = deliveredAt
    ? contacts.filter(
        (contact) =>
          (contact.channel === "call" || contact.channel === "sms") &&
          compareInstants(contact.at, deliveredAt) >= 0,
      )
    : [];
  const { product, voucher, payment, participation } = facts;
  const returnWindow = durationParam(params, "returnWindow");
  const returnDueAt =
    product?.returnRequestedAt && returnWindow
      ? addDuration(product.returnRequestedAt, returnWindow, timeZone)
      : null;
  const missing = deliverables.filter(
    (item) => !item.posted && compareInstants(asOf, item.dueAt) > 0,
  );
  const lastPublishedAt = latest(...deliverables.map((item) => item.publishedAt));
  const verifyWithin = durationParam(params, "verifyWithin");
  const releaseWithin = durationParam(params, "releaseWithin");
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
    deliverables,
    common: {
      asOf,
      campaign: {
        id: facts.campaign.id,
        kind: facts.campaign.kind,
        timezone: timeZone,
        startsAt: facts.campaign.startsAt,
        endsAt: facts.campaign.endsAt,
        impactSerious: facts.campaign.impact?.serious ?? false,
        impactNote: facts.campaign.impact?.note ?? null,
        impactDescription: facts.campaign.impact?.note ?? "no details given",
      },
      participation: {
        selectedAt: participation.selectedAt,
        cancelledAt: participation.cancelledAt ?? null,
        cancelledBy: participation.cancelledBy ?? null,
        cancelled: participation.cancelledAt !== undefined,
        sinceSelection: { start: participation.selectedAt, end: asOf },
        cancelledWithoutFault:
          participation.cancelledBy !== undefined && participation.cancelledBy !== "influencer",
      },
      influencer: {
        id: facts.influencer.id,
        platform: facts.influencer.platform ?? null,
        handle: facts.influencer.handle ?? null,
      },
      params: parameters,
      contacts: {
        platform: window(
          "contactResponseWindow",
          contacts.filter((contact) => contact.from === "platform"),
        ),
        afterProduct: deliveredAt ? window("productContactResponseWindow", afterProduct) : null,
        any: window("responseWindow", contacts),
      },
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
      standing: deriveStanding(
        standing,
        facts.campaign.id,
        asOf,
        params.initialQualityScore ?? 100,
        params.strikeExpiry ? { duration: params.strikeExpiry, timeZone } : null,
      ),
      deliverables: {
        count: deliverables.length,
        postedCount: deliverables.filter((item) => item.posted).length,
        missingIds: missing.map((item) => item.id),
        missingCount: missing.length,
        lateIds: deliverables.filter((item) => item.onTime === false).map((item) => item.id),
        allPosted: deliverables.every((item) => item.posted),
        lastPublishedAt,
      },
    },
  };
}
