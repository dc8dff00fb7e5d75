/**
 * Rule pieces several presets share: the outcome branches of a "post by the deadline" rule, of a
 * "keep it live long enough" rule, and the rules for claims a person has already decided. Each
 * preset supplies its own wording; the conditions, and so the behaviour, are the same.
 */

import type { OutcomeBranch } from "./builders.js";
import { all, exceptionRule, ref, when } from "./builders.js";
import type { PolicyRule } from "./schema.js";

const cancelledWithoutFault = when("participation.cancelledWithoutFault", "equal", true);
const notCancelledWithoutFault = when("participation.cancelledWithoutFault", "equal", false);
// A post published before the selection contradicts the facts: it is reviewed, never judged.
const publishedBeforeSelection = when("deliverable.publishedBeforeSelection", "equal", true);
const notPublishedBeforeSelection = when("deliverable.publishedBeforeSelection", "equal", false);

/** The default explanation of a deadline rule's published-before-selection branch. */
const PUBLISHED_BEFORE_SELECTION =
  "The post of deliverable {deliverable.id} was published at {deliverable.publishedAt}, before the influencer was selected at {participation.selectedAt}, so the facts contradict each other and whether the deliverable was delivered cannot be judged from that post; a person must review it.";

/** The evidence every deadline finding carries: the deadline, its extension, the post, `asOf`. */
export const DEADLINE_EVIDENCE: Readonly<Record<string, string>> = {
  dueAt: "deliverable.dueAt",
  originalDueAt: "deliverable.originalDueAt",
  extendedTo: "deliverable.extendedTo",
  publishedAt: "deliverable.publishedAt",
  selectedAt: "participation.selectedAt",
  asOf: "asOf",
};

/** The wording of each outcome of a deadline rule (templates). */
export interface DeadlineWording {
  /** Cancelled by the advertiser, the platform or both: nothing is owed. */
  cancelled: string;
  onTime: string;
  late: string;
  missing: string;
  pending: string;
  /** Published before the influencer was selected (needs review); has a default. */
  publishedBeforeSelection?: string;
  /** A relative deadline whose event has not happened, campaign running (pending); has a default. */
  awaitingEvent?: string;
  /** The same once the campaign has ended (needs review); has a default. */
  eventMissing?: string;
  /** Published while the deadline had not started to run (compliant); has a default. */
  postedBeforeDeadlineKnown?: string;
}

/** The default explanations of the branches for a relative deadline whose event is not known. */
const AWAITING_EVENT =
  "Deliverable {deliverable.id} has no post yet; it is due {deliverable.deadline.days} calendar days after {deliverable.deadline.after}, which has not happened yet, so the deadline has not started to run.";
const EVENT_MISSING =
  "Deliverable {deliverable.id} is due {deliverable.deadline.days} calendar days after {deliverable.deadline.after}, which had not happened when the campaign ended at {campaign.endsAt}, so its deadline never started to run and a person must review it.";
const POSTED_BEFORE_DEADLINE_KNOWN =
  "Deliverable {deliverable.id} was published at {deliverable.publishedAt}, before its deadline ({deliverable.deadline.days} calendar days after {deliverable.deadline.after}) started to run.";

/** The evidence of the relative-deadline branches. */
const RELATIVE_DEADLINE_EVIDENCE: Readonly<Record<string, string>> = {
  deadlineAfter: "deliverable.deadline.after",
  deadlineDays: "deliverable.deadline.days",
  campaignEndsAt: "campaign.endsAt",
};

/**
 * The outcome branches of a "publish by the deadline" rule. Not applicable once cancelled without
 * the influencer's fault; compliant when published at or before `deadline` (inclusive); when
 * published after it, `lateOutcome` (a violation since the deadline by default); a violation
 * since the deadline when still missing after it; pending, with `checkAt` at the deadline, before.
 * A deadline before the selection, or a post published before it, contradicts the facts:
 * needs_review, naming the instants. A deadline not known yet (`relativeDeadline` whose event has
 * not happened: `deadline` is null) is pending with `checkAt` at the campaign's end while the
 * campaign runs, needs_review after it, and a post then is on time (the deadline lies ahead).
 *
 * @param deadline - A fact reference to the deadline, e.g. `deliverable.dueAt`.
 * @param wording - The explanation of each outcome.
 * @param lateOutcome - What a late post is under this rule (`compliant` when another rule judges lateness).
 * @returns The branches, for {@link "noshow-policy"!findingRule}.
 */
export function deadlineBranches(
  deadline: string,
  wording: DeadlineWording,
  lateOutcome: "violation" | "compliant" = "violation",
): OutcomeBranch[] {
  // A deadline before the selection contradicts the facts: review it, never sanction it.
  const afterSelection = when(deadline, "instantOnOrAfter", ref("participation.selectedAt"));
  // A relative deadline whose event has not happened: null, and it lies after asOf.
  const unknownDeadline = when(deadline, "isPresent", false);
  return [
    {
      branch: "cancelled",
      outcome: "not_applicable",
      when: all(cancelledWithoutFault),
      explanation: wording.cancelled,
    },
    {
      branch: "due-before-selection",
      outcome: "needs_review",
      when: all(
        notCancelledWithoutFault,
        when(deadline, "instantBefore", ref("participation.selectedAt")),
      ),
      explanation: `The deadline {${deadline}} of deliverable {deliverable.id} is before the influencer was selected at {participation.selectedAt}, so the facts contradict each other.`,
    },
    {
      branch: "published-before-selection",
      outcome: "needs_review",
      when: all(notCancelledWithoutFault, publishedBeforeSelection),
      explanation: wording.publishedBeforeSelection ?? PUBLISHED_BEFORE_SELECTION,
    },
    {
      outcome: "compliant",
      when: all(
        notCancelledWithoutFault,
        notPublishedBeforeSelection,
        when("deliverable.publishedAt", "instantOnOrBefore", ref(deadline)),
      ),
      explanation: wording.onTime,
    },
    {
      branch: "late",
      outcome: lateOutcome,
      when: all(
        notCancelledWithoutFault,
        notPublishedBeforeSelection,
        afterSelection,
        when("deliverable.publishedAt", "instantAfter", ref(deadline)),
      ),
      ...(lateOutcome === "violation" ? { since: deadline } : {}),
      explanation: wording.late,
    },
    {
      branch: "missing",
      outcome: "violation",
      when: all(
        notCancelledWithoutFault,
        afterSelection,
        when("deliverable.posted", "equal", false),
        when("asOf", "instantAfter", ref(deadline)),
      ),
      since: deadline,
      explanation: wording.missing,
    },
    {
      outcome: "pending",
      when: all(
        notCancelledWithoutFault,
        when("deliverable.posted", "equal", false),
        when("asOf", "instantOnOrBefore", ref(deadline)),
      ),
      checkAt: deadline,
      explanation: wording.pending,
    },
    {
      branch: "posted-before-deadline-known",
      outcome: "compliant",
      // The unknown deadline first: it is false for every other deliverable, so it decides fast.
      when: all(
        unknownDeadline,
        notCancelledWithoutFault,
        notPublishedBeforeSelection,
        when("deliverable.posted", "equal", true),
      ),
      explanation: wording.postedBeforeDeadlineKnown ?? POSTED_BEFORE_DEADLINE_KNOWN,
      evidence: RELATIVE_DEADLINE_EVIDENCE,
    },
    {
      // The verdict changes at the campaign's end without new facts (to needs_review), so that
      // is when to look again.
      branch: "awaiting-event",
      outcome: "pending",
      when: all(
        unknownDeadline,
        notCancelledWithoutFault,
        when("deliverable.posted", "equal", false),
        when("deliverable.deadline.status", "equal", "awaiting_event"),
      ),
      checkAt: "campaign.endsAt",
      explanation: wording.awaitingEvent ?? AWAITING_EVENT,
      evidence: RELATIVE_DEADLINE_EVIDENCE,
    },
    {
      branch: "event-missing",
      outcome: "needs_review",
      when: all(
        unknownDeadline,
        notCancelledWithoutFault,
        when("deliverable.posted", "equal", false),
        when("deliverable.deadline.status", "equal", "event_missing"),
      ),
      explanation: wording.eventMissing ?? EVENT_MISSING,
      evidence: RELATIVE_DEADLINE_EVIDENCE,
    },
  ];
}

/** The evidence every retention finding carries: publication, the minimum, and what was seen. */
export const RETENTION_EVIDENCE: Readonly<Record<string, string>> = {
  publishedAt: "deliverable.publishedAt",
  minLiveDuration: "deliverable.retention.minLiveDuration",
  requiredUntil: "deliverable.retention.requiredUntil",
  lastLiveAt: "deliverable.retention.lastLiveAt",
  removalSeenAt: "deliverable.retention.removalSeenAt",
  removalState: "deliverable.retention.removalState",
  removalCause: "deliverable.retention.removalCause",
  selectedAt: "participation.selectedAt",
};

/** The wording of each outcome of a retention rule (templates); review cases have defaults. */
export interface RetentionWording {
  noPost: string;
  kept: string;
  pending: string;
  removed: string;
  /** A separate explanation for an account made private, when the preset words it apart. */
  madePrivate?: string;
  cancelled?: string;
  straddles?: string;
  platform?: string;
  trackingGap?: string;
  unverified?: string;
  /** Published before the influencer was selected: the minimum cannot be counted from it. */
  publishedBeforeSelection?: string;
}

const RETENTION_REVIEW_WORDING = {
  cancelled: "The participation was cancelled by {participation.cancelledBy}.",
  publishedBeforeSelection:
    "The post of deliverable {deliverable.id} was published at {deliverable.publishedAt}, before the influencer was selected at {participation.selectedAt}, so the facts contradict each other: the minimum live period cannot be counted from that publication, and a person must review it.",
  straddles:
    "The post of deliverable {deliverable.id} was last known live at {deliverable.retention.lastLiveAt} and first seen {deliverable.retention.removalState} at {deliverable.retention.removalSeenAt}; the required {deliverable.retention.requiredUntil} falls between, so the observations cannot tell whether it stayed live long enough.",
  platform:
    "The post of deliverable {deliverable.id} was removed by the platform (seen at {deliverable.retention.removalSeenAt}), which is not the influencer's fault; a person decides what follows.",
  trackingGap:
    "The post of deliverable {deliverable.id} was {deliverable.retention.removalState} at {deliverable.retention.removalSeenAt} (cause: {deliverable.retention.removalCause}) and has not been seen live since, so the tracker cannot tell whether the influencer removed it.",
  unverified:
    "No observation shows the post of deliverable {deliverable.id} live at or after {deliverable.retention.requiredUntil}; it was last known live at {deliverable.retention.lastLiveAt}.",
} as const;

function retentionIs(status: string, ...more: ReturnType<typeof when>[]) {
  return all(
    notCancelledWithoutFault,
    notPublishedBeforeSelection,
    when("deliverable.retention.status", "equal", status),
    ...more,
  );
}

/**
 * The outcome branches of a "keep the post live long enough" rule over `deliverable.retention`:
 * kept → compliant; still within the minimum → pending until its end; removed by the influencer
 * before it → a violation since the removal was seen; the minimum between two observations, a
 * removal by the platform, a tracking gap or no confirming observation → needs_review; a post
 * published before the selection → needs_review whatever was seen (the minimum would be counted
 * from before anything was owed, so a deletion soon after the selection would read as kept). Not
 * applicable without a post, or once cancelled without the influencer's fault.
 *
 * @param wording - The explanation of each outcome (review cases have shared defaults).
 * @returns The branches, for {@link "noshow-policy"!findingRule}.
 */
export function retentionBranches(wording: RetentionWording): OutcomeBranch[] {
  const text = { ...RETENTION_REVIEW_WORDING, ...wording };
  const removed: OutcomeBranch[] = wording.madePrivate
    ? [
        {
          branch: "private",
          outcome: "violation",
          when: retentionIs(
            "removed_early",
            when("deliverable.retention.removalState", "equal", "private"),
          ),
          since: "deliverable.retention.removalSeenAt",
          explanation: wording.madePrivate,
        },
        {
          branch: "removed",
          outcome: "violation",
          when: retentionIs(
            "removed_early",
            when("deliverable.retention.removalState", "notEqual", "private"),
          ),
          since: "deliverable.retention.removalSeenAt",
          explanation: text.removed,
        },
      ]
    : [
        {
          branch: "removed",
          outcome: "violation",
          when: retentionIs("removed_early"),
          since: "deliverable.retention.removalSeenAt",
          explanation: text.removed,
        },
      ];
  return [
    {
      branch: "cancelled",
      outcome: "not_applicable",
      when: all(cancelledWithoutFault),
      explanation: text.cancelled,
    },
    {
      branch: "no-post",
      outcome: "not_applicable",
      when: all(when("deliverable.posted", "equal", false)),
      explanation: text.noPost,
    },
    {
      branch: "published-before-selection",
      outcome: "needs_review",
      when: all(notCancelledWithoutFault, publishedBeforeSelection),
      explanation: text.publishedBeforeSelection,
    },
    { outcome: "compliant", when: retentionIs("kept"), explanation: text.kept },
    {
      outcome: "pending",
      when: retentionIs("in_progress"),
      checkAt: "deliverable.retention.openUntil",
      explanation: text.pending,
    },
    ...removed,
    {
      branch: "straddles",
      outcome: "needs_review",
      when: retentionIs("straddles"),
      explanation: text.straddles,
    },
    {
      branch: "platform",
      outcome: "needs_review",
      when: retentionIs("removed_by_platform"),
      explanation: text.platform,
    },
    {
      branch: "tracking-gap",
      outcome: "needs_review",
      when: retentionIs("tracking_gap"),
      explanation: text.trackingGap,
    },
    {
      branch: "unverified",
      outcome: "needs_review",
      when: retentionIs("unverified"),
      explanation: text.unverified,
    },
  ];
}

/** The wording of each outcome of a response-window rule (templates). */
export interface ResponseWording {
  violation: string;
  pending: string;
  compliant: string;
}

/**
 * The outcome branches of a response-window rule over a response summary (e.g. `contacts.any`):
 * a violation since the first missed or late answer (still watching answers that are due); pending
 * while an answer is due; compliant when every request was answered in time. Add a branch for
 * `count` 0 (no requests) yourself: it differs by policy.
 *
 * @param summary - A fact reference to a response summary, e.g. `contacts.platform`.
 * @param wording - The explanation of each outcome.
 * @returns The branches, for {@link "noshow-policy"!findingRule}.
 */
export function responseBranches(summary: string, wording: ResponseWording): OutcomeBranch[] {
  return [
    {
      outcome: "violation",
      when: all(when(`${summary}.breachCount`, "greaterThan", 0)),
      since: `${summary}.firstBreachAt`,
      checkAt: `${summary}.nextRespondBy`,
      explanation: wording.violation,
    },
    {
      outcome: "pending",
      when: all(
        when(`${summary}.breachCount`, "equal", 0),
        when(`${summary}.nextRespondBy`, "isPresent", true),
      ),
      checkAt: `${summary}.nextRespondBy`,
      explanation: wording.pending,
    },
    {
      outcome: "compliant",
      when: all(
        when(`${summary}.count`, "greaterThan", 0),
        when(`${summary}.breachCount`, "equal", 0),
        when(`${summary}.nextRespondBy`, "isPresent", false),
      ),
      explanation: wording.compliant,
    },
  ];
}

/**
 * The exception rules for claims a person has already decided: `decision: "accepted"` is
 * accepted and `"rejected"` rejected, each with its reason.
 *
 * @param prefix - The rule-name prefix, e.g. `mediance.exception`.
 * @param by - Who decided, completing "was accepted …" / "was rejected …", e.g. `by the platform`.
 * @returns The two rules.
 */
export function decidedClaimRules(
  prefix: string,
  by: { accepted: string; rejected: string },
): PolicyRule[] {
  return [
    exceptionRule(`${prefix}/accepted`, {
      when: all(when("claim.decision", "equal", "accepted")),
      status: "accepted",
      reason: `Exception {claim.id} ({claim.type}) was accepted ${by.accepted}.`,
    }),
    exceptionRule(`${prefix}/rejected`, {
      when: all(when("claim.decision", "equal", "rejected")),
      status: "rejected",
      reason: `Exception {claim.id} ({claim.type}) was rejected ${by.rejected}.`,
    }),
  ];
}
