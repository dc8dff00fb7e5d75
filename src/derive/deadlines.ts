/**
 * Deadlines: the `deliverable` fact of per-deliverable rules (its deadline after extensions, its
 * post, retention, edits, terms and disclosure) and the `deliverables` summary over all of them.
 */
import type { Interval } from "../core/time.js";
import {
  compareInstants,
  describeElapsed,
  type Instant,
  latest,
  subtractDuration,
  toMillis,
} from "../core/time.js";
import {
  type CampaignFacts,
  DELIVERABLE_KINDS,
  type Deliverable,
  durationSchema,
  OBSERVATION_CAUSES,
  OBSERVATION_STATES,
} from "../facts/schema.js";
import {
  checkDisclosure,
  type DisclosureCheck,
  disclosureParameters,
  disclosureShape,
  resolveDisclosureProfile,
} from "./disclosure.js";
import { defineFamily, type ParametersOf } from "./family.js";
import {
  obligationEnd,
  type ResponseSummary,
  responseSummaryShape,
  summariseResponses,
} from "./responses.js";
import {
  analyseRetention,
  type Retention,
  retentionParameters,
  retentionShape,
} from "./retention.js";
import { s } from "./shape.js";
import { checkTerms, type TermsCheck, termsParameters, termsShape } from "./terms.js";

/** The parameters the `deliverable` fact reads. */
export const deadlineParameters = {
  ...retentionParameters,
  ...termsParameters,
  ...disclosureParameters,
  /** Time to answer an edit request. */
  editResponseWindow: durationSchema.optional(),
  /** How long before a deadline reminders start. */
  reminderLead: durationSchema.optional(),
};

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

/** The `deliverables` summary fact over all deliverables. */
export interface DeliverablesSummary {
  count: number;
  postedCount: number;
  /** Deliverables past their deadline with no post. */
  missingIds: string[];
  missingCount: number;
  lateIds: string[];
  allPosted: boolean;
  lastPublishedAt: Instant | null;
}

/**
 * Derives the fact of one deliverable.
 *
 * @param deliverable - The deliverable, as known at `asOf`.
 * @param facts - Validated facts, as known at `asOf`.
 * @param params - The parsed parameters.
 * @param asOf - The evaluation instant.
 * @returns The `deliverable` fact.
 */
export function deriveDeliverable(
  deliverable: Deliverable,
  facts: CampaignFacts,
  params: ParametersOf<typeof deadlineParameters>,
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
  // A post published before the selection is not this campaign's content: its timeliness and
  // terms are unknown (null), so no rule judges it compliant or late, and it goes to review.
  const beforeSelection =
    publishedAt !== null && compareInstants(publishedAt, facts.participation.selectedAt) < 0;
  const onTime = publishedAt && !beforeSelection ? compareInstants(publishedAt, dueAt) <= 0 : null;
  const minLiveDuration = deliverable.minLiveDuration ?? params.minLiveDuration ?? null;
  const reminderLead = params.reminderLead ?? null;
  const editWindow = params.editResponseWindow ?? null;
  const checked = checkTerms(deliverable, {
    defaultTolerance: params.publishTolerance ?? null,
    timeZone,
    extendedUntil: latestExtension?.newDueAt ?? null,
    // A deadline before the selection is contradictory: it cannot make a post late.
    dueAt: compareInstants(dueAt, facts.participation.selectedAt) < 0 ? null : dueAt,
  });
  const terms =
    checked && beforeSelection
      ? { ...checked, mismatchCount: null, uncapturedCount: null, guidelineMismatchCount: null }
      : checked;
  const retention =
    post && minLiveDuration
      ? analyseRetention({
          publishedAt: post.publishedAt,
          observations: post.observations ?? [],
          minLiveDuration,
          validationHorizon: params.validationHorizon ?? null,
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
    lateBy: publishedAt && onTime === false ? describeElapsed(dueAt, publishedAt, timeZone) : null,
    overdueBy:
      !publishedAt && compareInstants(asOf, dueAt) > 0
        ? describeElapsed(dueAt, asOf, timeZone)
        : null,
    dueBeforeSelection: compareInstants(dueAt, facts.participation.selectedAt) < 0,
    publishedBeforeSelection: beforeSelection,
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

/**
 * Derives the `deliverables` summary.
 *
 * @param deliverables - The derived deliverables.
 * @param asOf - The evaluation instant.
 * @returns The summary.
 */
export function summariseDeliverables(
  deliverables: readonly DerivedDeliverable[],
  asOf: Instant,
): DeliverablesSummary {
  const missing = deliverables.filter(
    (item) => !item.posted && compareInstants(asOf, item.dueAt) > 0,
  );
  return {
    count: deliverables.length,
    postedCount: deliverables.filter((item) => item.posted).length,
    missingIds: missing.map((item) => item.id),
    missingCount: missing.length,
    lateIds: deliverables.filter((item) => item.onTime === false).map((item) => item.id),
    allPosted: deliverables.every((item) => item.posted),
    lastPublishedAt: latest(...deliverables.map((item) => item.publishedAt)),
  };
}

const optionalInstant = s.optional(s.instant());
const optionalText = s.optional(s.string());
const optionalList = s.optional(s.array(s.string()));

/** The shape of a deliverable as given in the facts (`deliverable.facts`). */
export const deliverableInputShape = s.object({
  id: s.string(),
  kind: s.enum(DELIVERABLE_KINDS),
  dueAt: optionalInstant,
  minLiveDuration: s.optional(s.duration()),
  terms: s.optional(
    s.object({
      publishAt: optionalInstant,
      publishTolerance: s.optional(s.duration()),
      hashtags: optionalList,
      mentions: optionalList,
      captionIncludes: optionalList,
      mediaIds: optionalList,
      linkInBio: optionalText,
      disclosureRequired: s.optional(s.boolean()),
    }),
  ),
  post: s.optional(
    s.object({
      url: optionalText,
      publishedAt: s.instant(),
      caption: optionalText,
      hashtags: optionalList,
      mentions: optionalList,
      mediaIds: optionalList,
      linkInBio: optionalText,
      observations: s.optional(
        s.array(
          s.object({
            at: s.instant(),
            state: s.enum(OBSERVATION_STATES),
            cause: s.optional(s.enum(OBSERVATION_CAUSES)),
          }),
        ),
      ),
    }),
  ),
  editRequests: s.optional(
    s.array(
      s.object({
        id: s.string(),
        requestedAt: s.instant(),
        reason: s.enum(["guideline_mismatch", "disclosure", "other"]),
        respondedAt: optionalInstant,
        resolvedAt: optionalInstant,
      }),
    ),
  ),
  extensions: s.optional(
    s.array(s.object({ grantedAt: s.instant(), newDueAt: s.instant(), reason: optionalText })),
  ),
});

/** The shape of the `deliverable` fact. */
export const deliverableShape = s.object({
  id: s.string(),
  kind: s.enum(DELIVERABLE_KINDS),
  dueAt: s.instant(),
  originalDueAt: s.instant(),
  extendedTo: s.nullable(s.instant()),
  extensionReason: s.nullable(s.string()),
  posted: s.boolean(),
  publishedAt: s.nullable(s.instant()),
  postUrl: s.nullable(s.string()),
  onTime: s.nullable(s.boolean()),
  lateBy: s.nullable(s.string()),
  overdueBy: s.nullable(s.string()),
  dueBeforeSelection: s.boolean(),
  publishedBeforeSelection: s.boolean(),
  sinceDue: s.interval(),
  liveFor: s.nullable(s.interval()),
  retention: s.nullable(retentionShape),
  edits: s.nullable(responseSummaryShape),
  terms: s.nullable(termsShape),
  disclosure: s.nullable(disclosureShape),
  publishBy: s.instant(),
  remindAt: s.nullable(s.instant()),
  facts: deliverableInputShape,
});

/** Deadlines, posts and what was seen of them, per deliverable and in summary. */
export const deadlinesFamily = defineFamily({
  name: "deadlines",
  facts: {
    deliverables: {
      shape: s.object({
        count: s.integer(),
        postedCount: s.integer(),
        missingIds: s.array(s.string()),
        missingCount: s.integer(),
        lateIds: s.array(s.string()),
        allPosted: s.boolean(),
        lastPublishedAt: s.nullable(s.instant()),
      }),
      doc: "A summary over all deliverables: count, missing, late.",
      in: "common",
    },
    deliverable: {
      shape: deliverableShape,
      doc: "The deliverable judged (per-deliverable rules): deadlines, post, retention, edits, terms, disclosure.",
      in: { phases: ["violations", "sanctions"], scopes: ["deliverable"] },
    },
  },
  parameters: deadlineParameters,
  derive: deriveDeliverable,
});
