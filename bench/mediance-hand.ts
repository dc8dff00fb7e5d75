/**
 * A hand-written Mediance evaluator: the benchmark's "how fast could it be by hand" anchor.
 *
 * Plain TypeScript over already-validated facts (what `parseFacts` returns) and no standing: no
 * json-rules-engine, no zod, no date-fns. Instants are epoch milliseconds; calendar units are
 * counted on the campaign zone's wall clock, with the zone offset read from one cached
 * `Intl.DateTimeFormat` per zone, and the library's rule for wall times a DST change skips or
 * repeats. It computes the outcomes a verdict carries — status, noShow, each finding's outcome,
 * the sanctions and `nextCheckAt` — and none of the explanations or evidence.
 *
 * `test/mediance-hand.test.ts` holds it to the library on examples, the host corpus and
 * generated participations.
 */
import type {
  CampaignFacts,
  Duration,
  MedianceParameters,
  Money,
  Observation,
  Outcome,
  SanctionType,
  Verdict,
  VerdictStatus,
} from "../src/index.js";
import { mediance } from "../src/index.js";

/** One finding, reduced to what it decides. */
export interface HandFinding {
  rule: string;
  /** Absent for campaign-scope rules. */
  deliverableId?: string;
  outcome: Outcome;
}

/** One sanction, reduced to its type and amount. */
export interface HandSanction {
  type: SanctionType;
  amount?: Money;
}

/** The outcomes of one evaluation: what the hand evaluator computes and a verdict projects to. */
export interface HandOutcome {
  status: VerdictStatus;
  noShow: boolean;
  /** In verdict order: by rule as the preset declares them, then by deliverable. */
  findings: HandFinding[];
  sanctions: HandSanction[];
  nextCheckAt: string | null;
}

/**
 * Projects a library verdict onto the outcomes the hand evaluator computes.
 *
 * @param verdict - A verdict from `evaluate` or `evaluateSync`.
 * @returns Its status, noShow, findings (rule, deliverable, outcome), sanctions (type, amount)
 *   and nextCheckAt.
 * @example
 * expect(medianceByHand(facts, asOf)).toEqual(outcomeOf(await evaluate(facts, mediance(), { asOf })));
 */
export function outcomeOf(verdict: Verdict): HandOutcome {
  return {
    status: verdict.status,
    noShow: verdict.noShow,
    findings: verdict.findings.map((finding) => ({
      rule: finding.rule,
      ...(finding.deliverableId === undefined ? {} : { deliverableId: finding.deliverableId }),
      outcome: finding.outcome,
    })),
    sanctions: verdict.sanctions.map((sanction) => ({
      type: sanction.type,
      ...(sanction.amount ? { amount: sanction.amount } : {}),
    })),
    nextCheckAt: verdict.nextCheckAt,
  };
}

// --- Time: epoch milliseconds, calendar units on the zone's wall clock. ---

const DAY_MS = 86_400_000;

// One formatter per zone: building one costs far more than formatting with it.
const OFFSET_FORMATS = new Map<string, (date: Date) => string>();

/**
 * The zone's offset at an instant, in ms, read from `longOffset`: "GMT+09:00", "GMT-05:00", or
 * a historical "GMT-00:36:45" (the sign applies to the whole offset), "GMT" for zero.
 */
function offsetAt(timeZone: string, ms: number): number {
  let format = OFFSET_FORMATS.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" }).format;
    OFFSET_FORMATS.set(timeZone, format);
  }
  const text = format(new Date(ms)).split("GMT")[1] ?? "";
  if (text === "") return 0;
  const [hours = 0, minutes = 0, seconds = 0] = text.slice(1).split(":").map(Number);
  return (text[0] === "-" ? -1000 : 1000) * (hours * 3600 + minutes * 60 + seconds);
}

/**
 * The instant showing `wall` on the zone's clocks: a repeated wall time is its earlier instant,
 * a skipped one is read with the offset from before the change (moved forward by the gap).
 */
function fromWall(wall: number, timeZone: string): number {
  const before = offsetAt(timeZone, wall - DAY_MS);
  const after = offsetAt(timeZone, wall + DAY_MS);
  if (before === after) return wall - before;
  const early = wall - before;
  const late = wall - after;
  const earlyShows = offsetAt(timeZone, early) === before;
  const lateShows = offsetAt(timeZone, late) === after;
  if (earlyShows && lateShows) return Math.min(early, late);
  return lateShows ? late : early;
}

/** `wall` plus whole months, clamped to the month's end (31 January + 1 month = 28 February). */
function addMonths(wall: number, amount: number): number {
  const date = new Date(wall);
  const dayOfMonth = date.getUTCDate();
  const end = new Date(wall);
  end.setUTCMonth(date.getUTCMonth() + amount + 1, 0);
  if (dayOfMonth >= end.getUTCDate()) return end.getTime();
  date.setUTCFullYear(end.getUTCFullYear(), end.getUTCMonth(), dayOfMonth);
  return date.getTime();
}

/** `ms` plus a duration: years to days on the zone's calendar, then elapsed hours to seconds. */
function addDuration(ms: number, duration: Duration, timeZone: string): number {
  const { years = 0, months = 0, weeks = 0, days = 0 } = duration;
  const { hours = 0, minutes = 0, seconds = 0 } = duration;
  let result = ms;
  if (years || months || weeks || days) {
    let wall = ms + offsetAt(timeZone, ms);
    if (months || years) wall = addMonths(wall, months + years * 12);
    // The wall clock is held in UTC, where a calendar day is always 24 hours.
    wall += (days + weeks * 7) * DAY_MS;
    result = fromWall(wall, timeZone);
  }
  return result + ((hours * 60 + minutes) * 60 + seconds) * 1000;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** An instant of the facts as known at `asOf`: absent when it lies after it. */
function knownAt(instant: string | undefined, asOfMs: number): number | null {
  if (instant === undefined) return null;
  const ms = Date.parse(instant);
  return ms <= asOfMs ? ms : null;
}

// --- Derived pieces. ---

/** The few numbers a response-window rule reads from a set of requests. */
interface Responses {
  count: number;
  breachCount: number;
  firstBreachAt: number | null;
  nextRespondBy: number | null;
}

/**
 * Requests against a response window (inclusive). Once the obligation ended (a cancellation
 * without the influencer's fault), a request whose window was still open then asks for nothing,
 * unless it was answered in time.
 */
function responses(
  requests: ReadonlyArray<{ at: string; respondedAt: string | undefined }>,
  window: Duration,
  timeZone: string,
  asOfMs: number,
  obligationEndMs: number | null,
): Responses {
  const summary: Responses = { count: 0, breachCount: 0, firstBreachAt: null, nextRespondBy: null };
  for (const request of requests) {
    const respondBy = addDuration(Date.parse(request.at), window, timeZone);
    const responded = knownAt(request.respondedAt, asOfMs);
    const inTime = responded !== null && responded <= respondBy;
    if (obligationEndMs !== null && respondBy > obligationEndMs && !inTime) continue;
    summary.count++;
    if (inTime) continue;
    if (responded !== null || asOfMs > respondBy) {
      summary.breachCount++;
      if (summary.firstBreachAt === null || respondBy < summary.firstBreachAt)
        summary.firstBreachAt = respondBy;
    } else if (summary.nextRespondBy === null || respondBy < summary.nextRespondBy) {
      summary.nextRespondBy = respondBy;
    }
  }
  return summary;
}

type Retention =
  | { status: "kept" | "straddles" | "removed_by_platform" | "tracking_gap" | "unverified" }
  | { status: "in_progress"; openUntil: number }
  | { status: "removed_early"; removalSeenAt: number };

type Attribution = "influencer" | "platform" | "gap";

function attribution(observation: Observation): Attribution {
  const { state, cause } = observation;
  if (state === "removed_by_platform" || cause === "platform") return "platform";
  if (state === "unavailable" || (cause !== undefined && cause !== "influencer")) return "gap";
  return "influencer";
}

const codeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Whether a post stayed live long enough, from the sightings known at `asOf`: walked in time
 * order (live first at one instant), a removal before the required instant is early, one by
 * the platform or a tracker gap (unless settled later) goes to review, and a private account
 * counts until `privateUntil`.
 */
function retention(
  publishedMs: number,
  observations: readonly Observation[],
  minLive: Duration,
  privateCountsUntil: number | null,
  timeZone: string,
  asOfMs: number,
): Retention {
  const required = addDuration(publishedMs, minLive, timeZone);
  const privateRequired =
    privateCountsUntil !== null && privateCountsUntil > required ? privateCountsUntil : required;
  const sightings: Array<{ observation: Observation; at: number }> = [];
  for (const observation of observations) {
    const at = Date.parse(observation.at);
    if (at >= publishedMs && at <= asOfMs) sightings.push({ observation, at });
  }
  sightings.sort(
    (a, b) =>
      a.at - b.at ||
      Number(a.observation.state !== "live") - Number(b.observation.state !== "live") ||
      codeUnits(a.observation.state, b.observation.state) ||
      codeUnits(a.observation.cause ?? "", b.observation.cause ?? ""),
  );
  const count = sightings.length;
  // Non-live sightings of one instant that disagree on who removed the post blame no one.
  const disputed: boolean[] = new Array(count).fill(false);
  for (let start = 0; start < count; ) {
    let end = start + 1;
    while (end < count && sightings[end]?.at === sightings[start]?.at) end++;
    let first: Attribution | null = null;
    let split = false;
    for (let index = start; index < end; index++) {
      const { observation } = sightings[index] as (typeof sightings)[number];
      if (observation.state === "live") continue;
      const source = attribution(observation);
      if (first === null) first = source;
      else if (source !== first) split = true;
    }
    if (split) for (let index = start; index < end; index++) disputed[index] = true;
    start = end;
  }
  // Whether a strictly later sighting is live again or a removal by the influencer.
  const settledLater: boolean[] = new Array(count).fill(false);
  let settles = false;
  for (let end = count; end > 0; ) {
    let start = end - 1;
    while (start > 0 && sightings[start - 1]?.at === sightings[end - 1]?.at) start--;
    for (let index = start; index < end; index++) settledLater[index] = settles;
    for (let index = start; index < end; index++) {
      const { observation } = sightings[index] as (typeof sightings)[number];
      if (observation.state === "live" || attribution(observation) === "influencer") settles = true;
    }
    end = start;
  }
  let lastLive = publishedMs;
  for (let index = 0; index < count; index++) {
    const { observation, at } = sightings[index] as (typeof sightings)[number];
    if (observation.state === "live") {
      lastLive = at;
      continue;
    }
    const threshold = observation.state === "private" ? privateRequired : required;
    if (lastLive >= threshold) {
      // Removed after it was due: fine (a deleted post can no longer go private later).
      if (observation.state === "private") continue;
      return { status: "kept" };
    }
    const source = disputed[index] ? "gap" : attribution(observation);
    if (source === "gap") {
      if (settledLater[index]) continue;
      return { status: "tracking_gap" };
    }
    if (source === "platform") return { status: "removed_by_platform" };
    return at < threshold
      ? { status: "removed_early", removalSeenAt: at }
      : { status: "straddles" };
  }
  if (lastLive >= privateRequired) return { status: "kept" };
  if (asOfMs < privateRequired) return { status: "in_progress", openUntil: privateRequired };
  return { status: lastLive >= required ? "kept" : "unverified" };
}

// --- The evaluator. ---

/** A finding before exceptions: its key for claims, when it began, when it can next change. */
interface RawFinding {
  rule: string;
  deliverableId: string | undefined;
  outcome: Outcome;
  since: number | null;
  checkAt: number | null;
}

/** The ids of the preset's five finding rules, in the order a verdict lists them. */
const R = {
  postNotRegistered: "mediance.post-not-registered",
  trackingUnavailable: "mediance.tracking-unavailable",
  editRequestIgnored: "mediance.edit-request-ignored",
  unresponsive: "mediance.unresponsive",
  silentAfterProduct: "mediance.silent-after-product",
} as const;

/** The preset's default parameters, read once from the preset itself (not in the hot path). */
const MEDIANCE_DEFAULTS = mediance().parameters as MedianceParameters;

/**
 * The deadline rule of one deliverable (case 1): a post after the deadline, or none past it, is
 * a violation since the deadline; a deadline or a post before the selection contradicts the
 * facts (review); no post yet is pending until the deadline. Null once cancelled without fault.
 */
function deadlineFinding(
  dueAt: number,
  publishedAt: number | null,
  selectedAt: number,
  cancelledWithoutFault: boolean,
  asOfMs: number,
): Omit<RawFinding, "rule" | "deliverableId"> | null {
  if (cancelledWithoutFault) return null;
  const afterSelection = dueAt >= selectedAt;
  const beforeSelection = publishedAt !== null && publishedAt < selectedAt;
  const late = publishedAt !== null && !beforeSelection && publishedAt > dueAt;
  const missing = publishedAt === null && asOfMs > dueAt;
  if (afterSelection && (late || missing))
    return { outcome: "violation", since: dueAt, checkAt: null };
  if (!afterSelection || beforeSelection)
    return { outcome: "needs_review", since: null, checkAt: null };
  if (publishedAt === null) return { outcome: "pending", since: null, checkAt: dueAt };
  return { outcome: "compliant", since: null, checkAt: null };
}

/**
 * Evaluates one participation under the Mediance preset by hand: the same status, noShow,
 * findings, sanctions and nextCheckAt as `evaluate(facts, mediance(parameters), { asOf })`.
 *
 * @param facts - Facts `parseFacts` accepted (every instant in UTC); never mutated.
 * @param asOf - The evaluation instant, an ISO-8601 string with an offset, not before the
 *   selection.
 * @param parameters - The preset's parameters (its defaults unless given); no
 *   standing is read (a standing with prior no-shows would add a past exclusion).
 * @returns The outcomes.
 * @example
 * const outcome = medianceByHand(parseFacts(input), "2026-04-20T00:00:00Z");
 * outcome.status; // "violation"
 */
export function medianceByHand(
  facts: CampaignFacts,
  asOf: string,
  parameters: MedianceParameters = MEDIANCE_DEFAULTS,
): HandOutcome {
  const asOfMs = Date.parse(asOf);
  const timeZone = facts.campaign.timezone;
  const selectedAt = Date.parse(facts.participation.selectedAt);
  const cancelledAt = knownAt(facts.participation.cancelledAt, asOfMs);
  const cancelledBy = cancelledAt === null ? undefined : facts.participation.cancelledBy;
  const cancelledWithoutFault = cancelledBy !== undefined && cancelledBy !== "influencer";
  const obligationEnd = cancelledWithoutFault ? cancelledAt : null;
  const endsAt = Date.parse(facts.campaign.endsAt);

  const deadlines: RawFinding[] = [];
  const retentions: RawFinding[] = [];
  const edits: RawFinding[] = [];
  for (const deliverable of facts.deliverables) {
    const id = deliverable.id;
    const originalDueAt = Date.parse(deliverable.dueAt ?? facts.campaign.endsAt);
    // The latest extension granted by asOf moves the deadline, and only ever later.
    let dueAt = originalDueAt;
    for (const extension of deliverable.extensions ?? []) {
      if (knownAt(extension.grantedAt, asOfMs) === null) continue;
      const newDueAt = Date.parse(extension.newDueAt);
      if (newDueAt > dueAt) dueAt = newDueAt;
    }
    const post = deliverable.post;
    const publishedAt = post ? knownAt(post.publishedAt, asOfMs) : null;

    const deadline = deadlineFinding(dueAt, publishedAt, selectedAt, cancelledWithoutFault, asOfMs);
    if (deadline) deadlines.push({ rule: R.postNotRegistered, deliverableId: id, ...deadline });

    // Case 2: the post must stay live and public long enough.
    if (post && publishedAt !== null && !cancelledWithoutFault) {
      const base = { rule: R.trackingUnavailable, deliverableId: id, since: null, checkAt: null };
      if (publishedAt < selectedAt) retentions.push({ ...base, outcome: "needs_review" });
      else {
        const kept = retention(
          publishedAt,
          post.observations ?? [],
          deliverable.minLiveDuration ?? parameters.minLiveDuration,
          parameters.privateCountsUntilCampaignEnd ? endsAt : null,
          timeZone,
          asOfMs,
        );
        if (kept.status === "kept") retentions.push({ ...base, outcome: "compliant" });
        else if (kept.status === "in_progress")
          retentions.push({ ...base, outcome: "pending", checkAt: kept.openUntil });
        else if (kept.status === "removed_early")
          retentions.push({ ...base, outcome: "violation", since: kept.removalSeenAt });
        else retentions.push({ ...base, outcome: "needs_review" });
      }
    }

    // Case 3: edit requests (for a guideline or disclosure mismatch) must be answered in time.
    const requests: Array<{ at: string; respondedAt: string | undefined }> = [];
    for (const request of deliverable.editRequests ?? []) {
      if (request.reason === "other" || knownAt(request.requestedAt, asOfMs) === null) continue;
      requests.push({ at: request.requestedAt, respondedAt: request.respondedAt });
    }
    const edited = responses(
      requests,
      parameters.editResponseWindow,
      timeZone,
      asOfMs,
      obligationEnd,
    );
    const answer = responseFinding(edited);
    if (answer) edits.push({ rule: R.editRequestIgnored, deliverableId: id, ...answer });
  }

  // Cases 4 and 5 read the contacts known at asOf.
  const contacts: Array<{ at: string; respondedAt: string | undefined }> = [];
  const afterProduct: typeof contacts = [];
  const deliveredAt = facts.product ? knownAt(facts.product.deliveredAt, asOfMs) : null;
  for (const contact of facts.contacts ?? []) {
    const at = knownAt(contact.at, asOfMs);
    if (at === null) continue;
    const request = { at: contact.at, respondedAt: contact.respondedAt };
    if (contact.from === "platform") contacts.push(request);
    if (
      deliveredAt !== null &&
      (contact.channel === "call" || contact.channel === "sms") &&
      at >= deliveredAt
    )
      afterProduct.push(request);
  }
  const campaign: RawFinding[] = [];
  const unresponsive = responseFinding(
    responses(contacts, parameters.contactResponseWindow, timeZone, asOfMs, obligationEnd),
  );
  if (unresponsive)
    campaign.push({ rule: R.unresponsive, deliverableId: undefined, ...unresponsive });
  if (facts.campaign.kind === "product_sponsorship") {
    const base = { rule: R.silentAfterProduct, deliverableId: undefined };
    if (!facts.product)
      campaign.push({ ...base, outcome: "needs_review", since: null, checkAt: null });
    else if (deliveredAt === null)
      campaign.push({ ...base, outcome: "pending", since: null, checkAt: null });
    else {
      const summary = responses(
        afterProduct,
        parameters.productContactResponseWindow,
        timeZone,
        asOfMs,
        obligationEnd,
      );
      campaign.push({
        ...base,
        ...(responseFinding(summary) ?? { outcome: "compliant", since: null, checkAt: null }),
      });
    }
  }
  const findings = [...deadlines, ...retentions, ...edits, ...campaign];

  applyClaims(findings, facts, parameters, timeZone, asOfMs);

  let noShow = false;
  let reward = false;
  let next: number | null = null;
  const present = new Set<Outcome>();
  for (const finding of findings) {
    present.add(finding.outcome);
    if (finding.outcome === "violation") {
      noShow = true;
      if (finding.rule === R.trackingUnavailable || finding.rule === R.editRequestIgnored)
        reward = true;
    }
    if (finding.checkAt !== null) {
      // A bound at asOf itself changes one millisecond later.
      const at = finding.checkAt === asOfMs ? asOfMs + 1 : finding.checkAt;
      if (at > asOfMs && (next === null || at < next)) next = at;
    }
  }
  const sanctions: HandSanction[] = [];
  if (noShow) sanctions.push({ type: "exclude_from_future_campaigns" });
  if (reward) {
    const amount = facts.payment?.amount;
    sanctions.push({
      type: "withhold_payout",
      ...(amount ? { amount: { amount: amount.amount, currency: amount.currency } } : {}),
    });
  }
  if (noShow && facts.campaign.impact?.serious) sanctions.push({ type: "legal_review" });
  const status: VerdictStatus = present.has("violation")
    ? "violation"
    : present.has("needs_review")
      ? "needs_review"
      : present.has("excused")
        ? "excused"
        : present.has("pending")
          ? "pending"
          : "compliant";
  return {
    status,
    noShow,
    findings: findings.map(({ rule, deliverableId, outcome }) =>
      deliverableId === undefined ? { rule, outcome } : { rule, deliverableId, outcome },
    ),
    sanctions,
    nextCheckAt: next === null ? null : iso(next),
  };
}

/** The outcome of a response-window rule; null when nothing was asked (not applicable). */
function responseFinding(summary: Responses): Omit<RawFinding, "rule" | "deliverableId"> | null {
  if (summary.count === 0) return null;
  if (summary.breachCount > 0)
    // Another request still awaiting an answer can join the violation later.
    return { outcome: "violation", since: summary.firstBreachAt, checkAt: summary.nextRespondBy };
  if (summary.nextRespondBy !== null)
    return { outcome: "pending", since: null, checkAt: summary.nextRespondBy };
  return { outcome: "compliant", since: null, checkAt: null };
}

/**
 * Applies the exception claims known at `asOf` to the findings, in place: an accepted claim
 * excuses every non-compliant finding it applies to; an undecided claim of an excusable type,
 * reported before the finding began or within the notice window after it, sends a violation to
 * review; everything else (rejected, not excusable, too late) changes nothing.
 */
function applyClaims(
  findings: RawFinding[],
  facts: CampaignFacts,
  parameters: MedianceParameters,
  timeZone: string,
  asOfMs: number,
): void {
  const claims = facts.exceptions;
  if (!claims || claims.length === 0) return;
  const excused: boolean[] = new Array(findings.length).fill(false);
  const review: boolean[] = new Array(findings.length).fill(false);
  const excusable = new Set<string>(parameters.excusableTypes);
  const noticeDeadlines = new Map<number, number>();
  const noticeDeadline = (since: number): number => {
    let deadline = noticeDeadlines.get(since);
    if (deadline === undefined) {
      deadline = addDuration(since, parameters.postHocNoticeWindow, timeZone);
      noticeDeadlines.set(since, deadline);
    }
    return deadline;
  };
  for (const claim of claims) {
    const reportedAt = knownAt(claim.reportedAt, asOfMs);
    if (reportedAt === null) continue;
    if (claim.decision === "rejected") continue;
    if (claim.decision === undefined && !excusable.has(claim.type)) continue;
    const appliesTo = claim.appliesTo ? new Set(claim.appliesTo) : null;
    findings.forEach((finding, index) => {
      if (finding.outcome === "compliant") return;
      if (
        appliesTo &&
        (finding.deliverableId === undefined || !appliesTo.has(finding.deliverableId))
      )
        return;
      if (claim.decision === "accepted") excused[index] = true;
      else if (
        finding.since === null ||
        reportedAt <= finding.since ||
        reportedAt <= noticeDeadline(finding.since)
      )
        review[index] = true;
    });
  }
  findings.forEach((finding, index) => {
    if (finding.outcome === "compliant") return;
    if (excused[index]) finding.outcome = "excused";
    else if (finding.outcome === "violation" && review[index]) finding.outcome = "needs_review";
  });
}
