/**
 * Response windows: for contacts and edit requests, whether each was answered in time, late, not
 * at all (overdue), or is still awaiting an answer within its window.
 */
import type { Duration } from "date-fns";
import { mapList } from "../core/lists.js";
import { compareCodeUnits } from "../core/order.js";
import { addDuration, describeElapsed, type Instant, toMillis } from "../core/time.js";
import type { CampaignFacts } from "../facts/schema.js";
import { s } from "./shape.js";

/** Something that asks for an answer. */
export interface Request {
  id: string;
  at: Instant;
  respondedAt?: Instant | undefined;
}

/** One request that breached its window. */
export interface ResponseBreach {
  id: string;
  at: Instant;
  respondBy: Instant;
  respondedAt: Instant | null;
  /** How late the answer was, or has been so far, in words. */
  lateBy: string;
}

/** The derived summary of a set of requests against one response window. */
export interface ResponseSummary {
  window: Duration;
  count: number;
  answeredInTime: number;
  /** Answered, but after the window. */
  answeredLate: ResponseBreach[];
  /** No answer and the window has passed. */
  overdue: ResponseBreach[];
  /** No answer yet, window still open. */
  awaiting: Array<{ id: string; at: Instant; respondBy: Instant }>;
  awaitingIds: string[];
  breachCount: number;
  breachIds: string[];
  /** When the first window was breached. */
  firstBreachAt: Instant | null;
  /** The earliest open window's end. */
  nextRespondBy: Instant | null;
}

/**
 * Summarises requests against a response window (inclusive: an answer at the limit is in time).
 *
 * @param requests - The requests, any order.
 * @param window - Time allowed for an answer.
 * @param timeZone - The campaign zone (days are calendar days there).
 * @param asOf - The evaluation instant.
 * @param obligationEndsAt - When the obligation to answer ended (a cancellation without the
 *   influencer's fault): requests whose window was still open then are left out.
 * @returns The summary.
 */
export function summariseResponses(
  requests: readonly Request[],
  window: Duration,
  timeZone: string,
  asOf: Instant,
  obligationEndsAt: Instant | null = null,
): ResponseSummary {
  const answeredLate: ResponseBreach[] = [];
  const overdue: ResponseBreach[] = [];
  const awaiting: ResponseSummary["awaiting"] = [];
  let answeredInTime = 0;
  let counted = 0;
  // Each instant is parsed once: a sort comparing ISO strings re-parses them n·log n times.
  const asOfMs = toMillis(asOf);
  const obligationEndsMs = obligationEndsAt ? toMillis(obligationEndsAt) : null;
  const sorted = mapList(requests, (request) => ({ request, at: toMillis(request.at) })).sort(
    (a, b) => a.at - b.at || compareCodeUnits(a.request.id, b.request.id),
  );
  // Breaches with their deadline parsed once, for ordering: late answers, then missing ones.
  const late: Array<{ breach: ResponseBreach; respondByMs: number }> = [];
  const missing: typeof late = [];
  let nextRespondBy: Instant | null = null;
  let nextRespondByMs = Number.POSITIVE_INFINITY;
  for (const { request } of sorted) {
    const respondBy = addDuration(request.at, window, timeZone);
    const respondByMs = toMillis(respondBy);
    const respondedMs = request.respondedAt ? toMillis(request.respondedAt) : null;
    // Once the obligation ended, a request whose window was still open asks for nothing.
    if (obligationEndsMs !== null && respondByMs > obligationEndsMs) {
      const answeredInWindow = respondedMs !== null && respondedMs <= respondByMs;
      if (!answeredInWindow) continue;
    }
    counted++;
    if (request.respondedAt && respondedMs !== null) {
      if (respondedMs <= respondByMs) answeredInTime++;
      else {
        const breach = {
          id: request.id,
          at: request.at,
          respondBy,
          respondedAt: request.respondedAt,
          lateBy: describeElapsed(respondBy, request.respondedAt, timeZone),
        };
        answeredLate.push(breach);
        late.push({ breach, respondByMs });
      }
    } else if (asOfMs > respondByMs) {
      const breach = {
        id: request.id,
        at: request.at,
        respondBy,
        respondedAt: null,
        lateBy: describeElapsed(respondBy, asOf, timeZone),
      };
      overdue.push(breach);
      missing.push({ breach, respondByMs });
    } else {
      awaiting.push({ id: request.id, at: request.at, respondBy });
      if (respondByMs < nextRespondByMs) {
        nextRespondBy = respondBy;
        nextRespondByMs = respondByMs;
      }
    }
  }
  // By deadline; among equal ones late answers first (the sort is stable).
  const ordered = [...late, ...missing].sort((a, b) => a.respondByMs - b.respondByMs);
  return {
    window,
    count: counted,
    answeredInTime,
    answeredLate,
    overdue,
    awaiting,
    awaitingIds: mapList(awaiting, (item) => item.id),
    breachCount: ordered.length,
    breachIds: mapList(ordered, (item) => item.breach.id),

    firstBreachAt: ordered[0]?.breach.respondBy ?? null,
    nextRespondBy,
  };
}

const breachShape = s.object({
  id: s.string(),
  at: s.instant(),
  respondBy: s.instant(),
  respondedAt: s.nullable(s.instant()),
  lateBy: s.string(),
});

/** The shape of a {@link ResponseSummary}, for the fact registry. */
export const responseSummaryShape = s.object({
  window: s.duration(),
  count: s.integer(),
  answeredInTime: s.integer(),
  answeredLate: s.array(breachShape),
  overdue: s.array(breachShape),
  awaiting: s.array(s.object({ id: s.string(), at: s.instant(), respondBy: s.instant() })),
  awaitingIds: s.array(s.string()),
  breachCount: s.integer(),
  breachIds: s.array(s.string()),
  firstBreachAt: s.nullable(s.instant()),
  nextRespondBy: s.nullable(s.instant()),
});

/**
 * When the obligation to answer ended: a cancellation without the influencer's fault, if any.
 *
 * @param facts - The validated facts.
 * @returns The cancellation instant, or null.
 */
export function obligationEnd(facts: CampaignFacts): Instant | null {
  const { cancelledAt, cancelledBy } = facts.participation;
  return cancelledAt && cancelledBy && cancelledBy !== "influencer" ? cancelledAt : null;
}
