/**
 * Deadlines: the `deliverable` fact of per-deliverable rules (its deadline after extensions, its
 * post, retention, edits, terms and disclosure) and the `deliverables` summary over all of them.
 */

import { z } from "zod";
import { mapList } from "../core/lists.js";
import type { Interval } from "../core/time.js";
import {
  compareInstants,
  describeElapsed,
  endOfDayAfter,
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
  EDIT_REQUEST_REASONS,
  type EditRequestReason,
  OBSERVATION_CAUSES,
  OBSERVATION_STATES,
} from "../facts/schema.js";
import { closestKey } from "../validation.js";
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

/** The edit-request reasons that count when `editRequestReasons` is not set. */
export const DEFAULT_EDIT_REQUEST_REASONS: readonly EditRequestReason[] = Object.freeze([
  "guideline_mismatch",
  "disclosure",
]);

const editRequestReasonSchema = z.enum(EDIT_REQUEST_REASONS, {
  error: (issue) => {
    const near =
      typeof issue.input === "string" ? closestKey(issue.input, EDIT_REQUEST_REASONS) : undefined;
    const known = EDIT_REQUEST_REASONS.map((reason) => `"${reason}"`).join(", ");
    return `must be an edit-request reason: ${known}${near ? `; did you mean "${near}"?` : ""}`;
  },
});

/**
 * The `editRequestReasons` parameter: which edit-request reasons the `deliverable.edits` summary
 * counts. At least one (an empty list would switch the edit rules off silently; leave out
 * `editResponseWindow` for that), each a known reason.
 */
export const editRequestReasonsSchema = z
  .array(editRequestReasonSchema)
  .min(1, "must list at least one reason (leave out editResponseWindow to count none)")
  .max(16);

/** The events a relative deadline can run from (facts that may not have happened yet). */
export const DEADLINE_EVENTS = [
  "product.deliveredAt",
  "product.shippedAt",
  "voucher.issuedAt",
  "voucher.redeemedAt",
  "participation.selectedAt",
  "campaign.startsAt",
] as const;
/** An event a relative deadline runs from. */
export type DeadlineEvent = (typeof DEADLINE_EVENTS)[number];

/** The most days a relative deadline may give (ten years). */
export const MAX_RELATIVE_DEADLINE_DAYS = 3660;

/**
 * The `relativeDeadline` parameter: a deliverable without its own `dueAt` is due by the end of
 * the `days`-th campaign-zone calendar day after the day of `after` (day 0 is the event's own
 * day; inclusive). Without the parameter such a deliverable is due at the campaign's end.
 */
export const relativeDeadlineSchema = z.strictObject({
  after: z.enum(DEADLINE_EVENTS, {
    error: (issue) => {
      const near =
        typeof issue.input === "string" ? closestKey(issue.input, DEADLINE_EVENTS) : undefined;
      return `must be one of ${DEADLINE_EVENTS.map((event) => `"${event}"`).join(", ")}${near ? `; did you mean "${near}"?` : ""}`;
    },
  }),
  days: z
    .number()
    .int("must be a whole number of calendar days")
    .nonnegative()
    .max(MAX_RELATIVE_DEADLINE_DAYS),
});
/** The `relativeDeadline` parameter's type. */
export type RelativeDeadline = z.infer<typeof relativeDeadlineSchema>;

/** The parameters the `deliverable` fact reads. */
export const deadlineParameters = {
  ...retentionParameters,
  ...termsParameters,
  ...disclosureParameters,
  /** Time to answer an edit request. */
  editResponseWindow: durationSchema.optional(),
  /** How long before a deadline reminders start. */
  reminderLead: durationSchema.optional(),
  /**
   * Which edit-request reasons `deliverable.edits` counts (default `guideline_mismatch` and
   * `disclosure`: a request for any other reason asks for no answer).
   */
  editRequestReasons: editRequestReasonsSchema.optional(),
  /** A deadline counted from an event, for deliverables without their own `dueAt`. */
  relativeDeadline: relativeDeadlineSchema.optional(),
};

/**
 * Where a deliverable's deadline comes from, and whether it is known yet. `status`:
 * `known`; `awaiting_event` (a relative deadline whose event has not happened by `asOf` while
 * the campaign runs: the deadline lies after `asOf`, how far is not known); `event_missing` (the
 * same after the campaign's end: it may never start, so a person must look).
 */
export interface DeadlineBasis {
  source: "due_at" | "relative" | "campaign_end";
  status: "known" | "awaiting_event" | "event_missing";
  /** The event a relative deadline runs from, or null. */
  after: DeadlineEvent | null;
  /** When that event happened (as known at `asOf`), or null. */
  eventAt: Instant | null;
  /** The calendar days a relative deadline gives, or null. */
  days: number | null;
}

/** The instant of a deadline event in the facts as known at `asOf`, or null. */
function eventInstant(facts: CampaignFacts, event: DeadlineEvent): Instant | null {
  switch (event) {
    case "product.deliveredAt":
      return facts.product?.deliveredAt ?? null;
    case "product.shippedAt":
      return facts.product?.shippedAt ?? null;
    case "voucher.issuedAt":
      return facts.voucher?.issuedAt ?? null;
    case "voucher.redeemedAt":
      return facts.voucher?.redeemedAt ?? null;
    case "participation.selectedAt":
      return facts.participation.selectedAt;
    case "campaign.startsAt":
      return facts.campaign.startsAt;
  }
}

/**
 * A deliverable's deadline before extensions: its own `dueAt`; else, under `relativeDeadline`,
 * the end of the N-th calendar day after the event (null while the event has not happened);
 * else the campaign's end.
 */
function baseDeadline(
  deliverable: Deliverable,
  facts: CampaignFacts,
  relative: RelativeDeadline | undefined,
  asOf: Instant,
): { dueAt: Instant | null; basis: DeadlineBasis } {
  if (deliverable.dueAt !== undefined)
    return {
      dueAt: deliverable.dueAt,
      basis: { source: "due_at", status: "known", after: null, eventAt: null, days: null },
    };
  if (relative === undefined)
    return {
      dueAt: facts.campaign.endsAt,
      basis: { source: "campaign_end", status: "known", after: null, eventAt: null, days: null },
    };
  const eventAt = eventInstant(facts, relative.after);
  const basis = {
    source: "relative",
    after: relative.after,
    eventAt,
    days: relative.days,
  } as const;
  if (eventAt !== null)
    return {
      dueAt: endOfDayAfter(eventAt, relative.days, facts.campaign.timezone),
      basis: { ...basis, status: "known" },
    };
  const ended = compareInstants(asOf, facts.campaign.endsAt) > 0;
  return { dueAt: null, basis: { ...basis, status: ended ? "event_missing" : "awaiting_event" } };
}

/** The derived fact of one deliverable (the `deliverable` fact). */
export interface DerivedDeliverable {
  id: string;
  kind: Deliverable["kind"];
  /**
   * The deadline after extensions (UTC); null only under `relativeDeadline` while its event has
   * not happened (then the deadline lies after `asOf`: see `deadline.status`).
   */
  dueAt: Instant | null;
  /** The deadline before extensions (null as `dueAt`). */
  originalDueAt: Instant | null;
  /** Where the deadline comes from and whether it is known yet. */
  deadline: DeadlineBasis;
  /** The latest granted extension's new deadline, or null. */
  extendedTo: Instant | null;
  extensionReason: string | null;
  posted: boolean;
  publishedAt: Instant | null;
  postUrl: string | null;
  /** The post's text length in characters as the platform counted it (`post.textLength`); null: no post, or not known. */
  textLength: number | null;
  /** Whether the post's submission carries a proof photo (`post.proofPhoto`); null: no post, or not known. */
  proofPhoto: boolean | null;
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
  /**
   * From the deadline to `asOf`, for duration operators (e.g. a grace period: `elapsedAtLeast`);
   * null while the deadline is not known.
   */
  sinceDue: Interval | null;
  /** From publication to the last live sighting, or null without a post (or without retention). */
  liveFor: Interval | null;
  retention: Retention | null;
  /** Edit requests of the counted reasons (`editRequestReasons`), against `editResponseWindow`. */
  edits: ResponseSummary | null;
  terms: TermsCheck | null;
  /** The advertising disclosure under `disclosureProfile` (null without the parameter). */
  disclosure: DisclosureCheck | null;
  /** The agreed publish deadline: terms.publishAt + tolerance (or a later granted extension), else dueAt. */
  publishBy: Instant | null;
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
  const { dueAt: originalDueAt, basis } = baseDeadline(
    deliverable,
    facts,
    params.relativeDeadline,
    asOf,
  );
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
  // An unknown deadline lies after asOf, so no extension can be known to move it: it stays unknown.
  const extension =
    originalDueAt !== null &&
    latestExtension &&
    compareInstants(latestExtension.newDueAt, originalDueAt) > 0
      ? latestExtension
      : undefined;
  const dueAt = extension?.newDueAt ?? originalDueAt;
  const post = deliverable.post;
  const publishedAt = post?.publishedAt ?? null;
  // A post published before the selection is not this campaign's content: its timeliness and
  // terms are unknown (null), so no rule judges it compliant or late, and it goes to review.
  const beforeSelection =
    publishedAt !== null && compareInstants(publishedAt, facts.participation.selectedAt) < 0;
  // A post with the deadline still unknown came before it (the deadline lies after asOf).
  const onTime =
    publishedAt && !beforeSelection
      ? dueAt === null || compareInstants(publishedAt, dueAt) <= 0
      : null;
  const minLiveDuration = deliverable.minLiveDuration ?? params.minLiveDuration ?? null;
  const reminderLead = params.reminderLead ?? null;
  const editWindow = params.editResponseWindow ?? null;
  const checked = checkTerms(deliverable, {
    defaultTolerance: params.publishTolerance ?? null,
    timeZone,
    extendedUntil: latestExtension?.newDueAt ?? null,
    // A deadline before the selection is contradictory: it cannot make a post late.
    dueAt:
      dueAt === null || compareInstants(dueAt, facts.participation.selectedAt) < 0 ? null : dueAt,
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
  const reasons = params.editRequestReasons ?? DEFAULT_EDIT_REQUEST_REASONS;
  const editRequests = mapList(
    (deliverable.editRequests ?? []).filter((request) => reasons.includes(request.reason)),
    (request) => ({ id: request.id, at: request.requestedAt, respondedAt: request.respondedAt }),
  );
  return {
    id: deliverable.id,
    kind: deliverable.kind,
    dueAt,
    originalDueAt,
    deadline: basis,
    extendedTo: extension?.newDueAt ?? null,
    extensionReason: extension?.reason ?? null,
    posted: publishedAt !== null,
    publishedAt,
    postUrl: post?.url ?? null,
    textLength: post?.textLength ?? null,
    proofPhoto: post?.proofPhoto ?? null,
    onTime,
    lateBy:
      dueAt !== null && publishedAt && onTime === false
        ? describeElapsed(dueAt, publishedAt, timeZone)
        : null,
    overdueBy:
      dueAt !== null && !publishedAt && compareInstants(asOf, dueAt) > 0
        ? describeElapsed(dueAt, asOf, timeZone)
        : null,
    dueBeforeSelection:
      dueAt !== null && compareInstants(dueAt, facts.participation.selectedAt) < 0,
    publishedBeforeSelection: beforeSelection,
    sinceDue: dueAt === null ? null : { start: dueAt, end: asOf },
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
    remindAt:
      reminderLead && dueAt !== null ? subtractDuration(dueAt, reminderLead, timeZone) : null,
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
    (item) => !item.posted && item.dueAt !== null && compareInstants(asOf, item.dueAt) > 0,
  );
  return {
    count: deliverables.length,
    postedCount: deliverables.filter((item) => item.posted).length,
    missingIds: mapList(missing, (item) => item.id),
    missingCount: missing.length,
    lateIds: mapList(
      deliverables.filter((item) => item.onTime === false),
      (item) => item.id,
    ),

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
      textLength: s.optional(s.integer()),
      proofPhoto: s.optional(s.boolean()),
    }),
  ),
  editRequests: s.optional(
    s.array(
      s.object({
        id: s.string(),
        requestedAt: s.instant(),
        reason: s.enum(EDIT_REQUEST_REASONS),
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
  dueAt: s.nullable(s.instant()),
  originalDueAt: s.nullable(s.instant()),
  deadline: s.object({
    source: s.enum(["due_at", "relative", "campaign_end"]),
    status: s.enum(["known", "awaiting_event", "event_missing"]),
    after: s.nullable(s.enum(DEADLINE_EVENTS)),
    eventAt: s.nullable(s.instant()),
    days: s.nullable(s.integer()),
  }),
  extendedTo: s.nullable(s.instant()),
  extensionReason: s.nullable(s.string()),
  posted: s.boolean(),
  publishedAt: s.nullable(s.instant()),
  postUrl: s.nullable(s.string()),
  textLength: s.nullable(s.integer()),
  proofPhoto: s.nullable(s.boolean()),
  onTime: s.nullable(s.boolean()),
  lateBy: s.nullable(s.string()),
  overdueBy: s.nullable(s.string()),
  dueBeforeSelection: s.boolean(),
  publishedBeforeSelection: s.boolean(),
  sinceDue: s.nullable(s.interval()),
  liveFor: s.nullable(s.interval()),
  retention: s.nullable(retentionShape),
  edits: s.nullable(responseSummaryShape),
  terms: s.nullable(termsShape),
  disclosure: s.nullable(disclosureShape),
  publishBy: s.nullable(s.instant()),
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
