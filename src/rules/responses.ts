/**
 * Response windows: for contacts and edit requests, whether each was answered in time, late, not
 * at all (overdue), or is still awaiting an answer within its window.
 */
import type { Duration } from "date-fns";
import { compareCodeUnits } from "../order.js";
import { addDuration, compareInstants, describeElapsed, earliest, type Instant } from "../time.js";

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
  const sorted = requests
    .slice()
    .sort((a, b) => compareInstants(a.at, b.at) || compareCodeUnits(a.id, b.id));
  const counted: Request[] = [];
  for (const request of sorted) {
    const respondBy = addDuration(request.at, window, timeZone);
    // Once the obligation ended, a request whose window was still open asks for nothing.
    if (obligationEndsAt && compareInstants(respondBy, obligationEndsAt) > 0) {
      const answeredInWindow =
        request.respondedAt && compareInstants(request.respondedAt, respondBy) <= 0;
      if (!answeredInWindow) continue;
    }
    counted.push(request);
    if (request.respondedAt) {
      if (compareInstants(request.respondedAt, respondBy) <= 0) answeredInTime++;
      else {
        answeredLate.push({
          id: request.id,
          at: request.at,
          respondBy,
          respondedAt: request.respondedAt,
          lateBy: describeElapsed(respondBy, request.respondedAt),
        });
      }
    } else if (compareInstants(asOf, respondBy) > 0) {
      overdue.push({
        id: request.id,
        at: request.at,
        respondBy,
        respondedAt: null,
        lateBy: describeElapsed(respondBy, asOf),
      });
    } else {
      awaiting.push({ id: request.id, at: request.at, respondBy });
    }
  }
  const breaches = [...answeredLate, ...overdue].sort((a, b) =>
    compareInstants(a.respondBy, b.respondBy),
  );
  return {
    window,
    count: counted.length,
    answeredInTime,
    answeredLate,
    overdue,
    awaiting,
    awaitingIds: awaiting.map((item) => item.id),
    breachCount: breaches.length,
    breachIds: breaches.map((breach) => breach.id),
    firstBreachAt: breaches[0]?.respondBy ?? null,
    nextRespondBy: earliest(...awaiting.map((item) => item.respondBy)),
  };
}
