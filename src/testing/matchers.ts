/**
 * Verdict matchers as plain functions in the `expect.extend` shape, so any test runner with
 * Jest-style custom matchers can use them. They import nothing from vitest: the
 * `noshow-policy/testing/vitest` entry installs them and adds their types.
 */
import { toMillis } from "../core/time.js";
import type { Money } from "../facts/schema.js";
import type { Outcome, SanctionType, Verdict, VerdictStatus } from "../verdict/types.js";

/**
 * The findings of a verdict a key names: `rule` (all of that rule's findings) or
 * `rule@deliverableId` (that deliverable's), as matchers and test files write them.
 *
 * @param verdict - The verdict.
 * @param key - `rule` or `rule@deliverableId`.
 * @returns The findings, in verdict order.
 * @example
 * findingsOf(verdict, "mediance.post-not-registered@feed");
 */
export function findingsOf(verdict: Verdict, key: string): Verdict["findings"] {
  const at = key.lastIndexOf("@");
  const rule = at > 0 ? key.slice(0, at) : key;
  const deliverableId = at > 0 ? key.slice(at + 1) : undefined;
  return verdict.findings.filter(
    (finding) =>
      finding.rule === rule &&
      (deliverableId === undefined || finding.deliverableId === deliverableId),
  );
}

/** What a matcher returns: whether it passed, the message for either case, and both values. */
export interface MatcherResult {
  pass: boolean;
  message: () => string;
  actual?: unknown;
  expected?: unknown;
}

/** The matchers' types, for the `expect` augmentation (`R` is what each returns). */
export interface NoShowMatchers<R = unknown> {
  /** The verdict is a no-show (a no-show rule is violated and not excused). */
  toBeNoShow(): R;
  /** The verdict's status is `status`. */
  toHaveStatus(status: VerdictStatus): R;
  /**
   * The verdict has a finding of `rule` (`"rule@deliverableId"` for one deliverable's), with
   * `outcome` when given.
   */
  toHaveFinding(rule: string, outcome?: Outcome): R;
  /** The verdict imposes a sanction of `type`, of `amount` when given (minor units or money). */
  toHaveSanction(type: SanctionType, options?: { amount?: number | Money }): R;
  /** The verdict's `nextCheckAt` is `instant` (any offset) or `null`. */
  toHaveNextCheckAt(instant: string | Date | null): R;
}

const show = (value: unknown): string => JSON.stringify(value) ?? String(value);

function isVerdict(value: unknown): value is Verdict {
  return (
    typeof value === "object" &&
    value !== null &&
    Array.isArray((value as Verdict).findings) &&
    Array.isArray((value as Verdict).sanctions) &&
    typeof (value as Verdict).status === "string"
  );
}

function notAVerdict(received: unknown): MatcherResult {
  return {
    pass: false,
    message: () => `expected a verdict (from evaluate or evaluateSync), got ${show(received)}`,
  };
}

function result(
  pass: boolean,
  claim: string,
  expected: unknown,
  actual: unknown,
  detail: string,
): MatcherResult {
  return {
    pass,
    expected,
    actual,
    message: () =>
      pass
        ? `expected the verdict not to ${claim}, but it does (${detail})`
        : `expected the verdict to ${claim}, but ${detail}`,
  };
}

/** The findings of a verdict in short form, for messages. */
function findingList(verdict: Verdict, rule?: string): string {
  const listed = verdict.findings
    .filter((finding) => rule === undefined || finding.rule === rule)
    .map(
      (finding) =>
        `${finding.rule}${finding.deliverableId === undefined ? "" : `@${finding.deliverableId}`}: ${finding.outcome}`,
    );
  return listed.length > 0 ? listed.join(", ") : "none";
}

/**
 * The verdict matchers, for `expect.extend(noShowMatchers)`.
 *
 * @example
 * import { expect } from "vitest";
 * import { noShowMatchers } from "noshow-policy/testing";
 * expect.extend(noShowMatchers);
 */
export const noShowMatchers = {
  toBeNoShow(received: unknown): MatcherResult {
    if (!isVerdict(received)) return notAVerdict(received);
    const violations = received.violations.map((finding) => `${finding.rule} (${finding.kind})`);
    return result(
      received.noShow === true,
      "be a no-show",
      true,
      received.noShow,
      `its status is ${received.status} with violations: ${violations.join(", ") || "none"}`,
    );
  },

  toHaveStatus(received: unknown, status: VerdictStatus): MatcherResult {
    if (!isVerdict(received)) return notAVerdict(received);
    return result(
      received.status === status,
      `have status ${show(status)}`,
      status,
      received.status,
      `its status is ${show(received.status)} (findings: ${findingList(received)})`,
    );
  },

  toHaveFinding(received: unknown, rule: string, outcome?: Outcome): MatcherResult {
    if (!isVerdict(received)) return notAVerdict(received);
    const candidates = findingsOf(received, rule);
    const pass = candidates.some((finding) => outcome === undefined || finding.outcome === outcome);
    return result(
      pass,
      `have a finding ${rule}${outcome === undefined ? "" : ` with outcome ${outcome}`}`,
      outcome === undefined ? rule : { rule, outcome },
      candidates.map((finding) => ({
        rule: finding.rule,
        ...(finding.deliverableId === undefined ? {} : { deliverableId: finding.deliverableId }),
        outcome: finding.outcome,
      })),
      candidates.length === 0
        ? `it has no finding of that rule (findings: ${findingList(received)})`
        : `its findings of that rule are ${findingList(received, candidates[0]?.rule)}`,
    );
  },

  toHaveSanction(
    received: unknown,
    type: SanctionType,
    options: { amount?: number | Money } = {},
  ): MatcherResult {
    if (!isVerdict(received)) return notAVerdict(received);
    const wanted: { amount: number; currency?: string } | undefined =
      typeof options.amount === "number" ? { amount: options.amount } : options.amount;
    const ofType = received.sanctions.filter((sanction) => sanction.type === type);
    const pass = ofType.some(
      (sanction) =>
        wanted === undefined ||
        (sanction.amount !== undefined &&
          sanction.amount.amount === wanted.amount &&
          (wanted.currency === undefined || sanction.amount.currency === wanted.currency)),
    );
    const listed = received.sanctions
      .map((sanction) =>
        sanction.amount === undefined
          ? sanction.type
          : `${sanction.type} ${sanction.amount.amount} ${sanction.amount.currency}`,
      )
      .join(", ");
    return result(
      pass,
      `impose ${type}${wanted === undefined ? "" : ` of ${show(wanted)}`}`,
      wanted === undefined ? { type } : { type, amount: wanted },
      ofType,
      `its sanctions are: ${listed || "none"}`,
    );
  },

  toHaveNextCheckAt(received: unknown, instant: string | Date | null): MatcherResult {
    if (!isVerdict(received)) return notAVerdict(received);
    const expected = instant instanceof Date ? instant.toISOString() : instant;
    const actual = received.nextCheckAt;
    const pass =
      expected === null || actual === null
        ? expected === actual
        : toMillis(expected) === toMillis(actual);
    return result(
      pass,
      `have nextCheckAt ${show(expected)}`,
      expected,
      actual,
      `its nextCheckAt is ${show(actual)}`,
    );
  },
} as const;
