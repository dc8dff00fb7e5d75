/**
 * Verdict matchers as plain functions in the `expect.extend` shape, so any test runner with
 * Jest-style custom matchers can use them. They import nothing from vitest: the
 * `noshow-policy/testing/vitest` entry installs them and adds their types.
 */
import { toMillis } from "../core/time.js";
import type { Money } from "../facts/schema.js";
import type { Outcome, SanctionType, Verdict, VerdictStatus } from "../verdict/types.js";

/** What a finding key names: all the findings of a rule, or those of one deliverable. */
export interface FindingAddress {
  rule: string;
  deliverableId?: string;
}

/** The rule ids and deliverable ids a finding key is read against. */
export interface FindingNames {
  rules: ReadonlySet<string>;
  deliverables: ReadonlySet<string>;
  /** Whether `rules` is every finding rule (a policy's), not only those a verdict shows. */
  allRules: boolean;
}

const showAddress = (address: FindingAddress): string =>
  address.deliverableId === undefined
    ? `rule "${address.rule}"`
    : `rule "${address.rule}" at deliverable "${address.deliverableId}"`;

/**
 * Reads a finding key, `rule` or `rule@deliverableId`, against the rule and deliverable ids that
 * exist. Either id may contain `@`, so the key is not split at a fixed `@`: each reading (the
 * whole key as a rule id, or split at one of its `@`s) is kept when its rule and deliverable
 * exist, and exactly one reading may remain. Without every rule id (a verdict shows only the
 * rules that made a finding), a split whose deliverable exists is the reading when no reading
 * fits, and a key without `@` can only be a rule id. Anything else is refused with why.
 *
 * @param key - `rule` or `rule@deliverableId`.
 * @param names - The ids that exist.
 * @returns The address, or the reason the key names nothing (or more than one thing).
 * @example
 * readFindingKey("mediance.post-not-registered@feed@instagram", {
 *   rules: new Set(["mediance.post-not-registered"]),
 *   deliverables: new Set(["feed@instagram"]),
 *   allRules: true,
 * }); // { address: { rule: "mediance.post-not-registered", deliverableId: "feed@instagram" } }
 */
export function readFindingKey(
  key: string,
  names: FindingNames,
): { address: FindingAddress } | { problem: string; ambiguous: boolean } {
  const readings: FindingAddress[] = [{ rule: key }];
  for (let at = key.indexOf("@", 1); at > 0 && at < key.length - 1; at = key.indexOf("@", at + 1))
    readings.push({ rule: key.slice(0, at), deliverableId: key.slice(at + 1) });
  const known = (id: string | undefined) => id === undefined || names.deliverables.has(id);
  const pick = (found: FindingAddress[]) =>
    found.length === 1 && found[0]
      ? { address: found[0] }
      : {
          problem: `"${key}" is ambiguous: it can name ${found.map(showAddress).join(" or ")}`,
          ambiguous: true,
        };
  const fits = readings.filter(
    (reading) => names.rules.has(reading.rule) && known(reading.deliverableId),
  );
  if (fits.length > 0) return pick(fits);
  if (!names.allRules) {
    const atKnown = readings.filter(
      (reading) => reading.deliverableId !== undefined && known(reading.deliverableId),
    );
    if (atKnown.length > 0) return pick(atKnown);
    if (readings.length === 1) return { address: { rule: key } };
    return {
      problem: `"${key}" names no deliverable of the verdict, nor a rule with a finding in it (read as ${readings.map(showAddress).join(", or ")})`,
      ambiguous: false,
    };
  }
  return {
    problem:
      readings.length === 1
        ? `the policy has no finding rule "${key}"`
        : `"${key}" names neither a finding rule of the policy nor one at a deliverable of the facts (read as ${readings.map(showAddress).join(", or ")})`,
    ambiguous: false,
  };
}

/**
 * The rule and deliverable ids a verdict shows: its findings', and its trace's units. (Not every
 * rule id: a rule that made no finding is not in the verdict.)
 *
 * @param verdict - The verdict.
 * @returns The names, `allRules: false`.
 * @example
 * readFindingKey("mediance.post-not-registered@feed", findingNamesOf(verdict));
 */
export function findingNamesOf(verdict: Verdict): FindingNames {
  const deliverables = new Set<string>();
  for (const item of [...verdict.findings, ...(verdict.trace ?? [])])
    if (item.deliverableId !== undefined) deliverables.add(item.deliverableId);
  return {
    rules: new Set(verdict.findings.map((finding) => finding.rule)),
    deliverables,
    allRules: false,
  };
}

/**
 * The findings of a verdict at an address: all of a rule's, or one deliverable's.
 *
 * @param verdict - The verdict.
 * @param address - The rule, and the deliverable when only its findings are meant.
 * @returns The findings, in verdict order.
 * @example
 * findingsAt(verdict, { rule: "mediance.post-not-registered", deliverableId: "feed" });
 */
export function findingsAt(verdict: Verdict, address: FindingAddress): Verdict["findings"] {
  return verdict.findings.filter(
    (finding) =>
      finding.rule === address.rule &&
      (address.deliverableId === undefined || finding.deliverableId === address.deliverableId),
  );
}

/**
 * The address a finding key names in a verdict, read as {@link readFindingKey} reads it against
 * the verdict's rules and deliverables.
 *
 * @param verdict - The verdict.
 * @param key - `rule` or `rule@deliverableId`.
 * @returns The address.
 * @throws an `Error` when the key names nothing in the verdict, or more than one thing: a
 *   negated matcher must not pass on a key it misread.
 * @example
 * findingsAt(verdict, addressIn(verdict, "mediance.post-not-registered@feed"));
 */
export function addressIn(verdict: Verdict, key: string): FindingAddress {
  const read = readFindingKey(key, findingNamesOf(verdict));
  if ("problem" in read) throw new Error(`toHaveFinding: ${read.problem}`);
  return read.address;
}

/** What a matcher returns: whether it passed, the message for either case, and both values. */
export interface MatcherResult {
  pass: boolean;
  message: () => string;
  actual?: unknown;
  expected?: unknown;
}

/**
 * The matchers' types, for the `expect` augmentation (`R` is what each returns). Each throws a
 * `TypeError` when given anything but a verdict (a Promise, `undefined`…), with or without `.not`.
 */
export interface NoShowMatchers<R = unknown> {
  /** The verdict is a no-show (a no-show rule is violated and not excused). */
  toBeNoShow(): R;
  /** The verdict's status is `status`. */
  toHaveStatus(status: VerdictStatus): R;
  /**
   * The verdict has a finding of `rule` (`"rule@deliverableId"` for one deliverable's), with
   * `outcome` when given. Ids may contain `@`: the key is read against the verdict's rules and
   * deliverables, and one that names none of them, or more than one reading, throws.
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

/** What a received value is, for the error: a Promise is named, as it is the common mistake. */
function described(received: unknown): string {
  if (typeof (received as PromiseLike<unknown> | null)?.then === "function")
    return "a Promise — did you forget await?";
  if (typeof received === "function") return "a function";
  if (typeof received === "string") return JSON.stringify(received).slice(0, 200);
  if (received === null || typeof received !== "object") return String(received);
  let text = "";
  try {
    text = ` ${show(received).slice(0, 200)}`;
  } catch {
    // A cyclic object: named by its kind alone.
  }
  return `${Array.isArray(received) ? "an array" : "an object"}${text}`;
}

/**
 * Throws unless the value is a verdict. A matcher that returned `pass: false` instead would
 * pass under `.not` (a forgotten `await` a green test); a thrown error fails either way.
 */
function assertVerdict(received: unknown, matcher: string): asserts received is Verdict {
  if (isVerdict(received)) return;
  const what = described(received);
  throw new TypeError(
    what.startsWith("a Promise")
      ? `${matcher}: expected a Verdict, got ${what}`
      : `${matcher}: expected a Verdict (from evaluate or evaluateSync), got ${what}`,
  );
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
    assertVerdict(received, "toBeNoShow");
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
    assertVerdict(received, "toHaveStatus");
    return result(
      received.status === status,
      `have status ${show(status)}`,
      status,
      received.status,
      `its status is ${show(received.status)} (findings: ${findingList(received)})`,
    );
  },

  toHaveFinding(received: unknown, rule: string, outcome?: Outcome): MatcherResult {
    assertVerdict(received, "toHaveFinding");
    const address = addressIn(received, rule);
    const candidates = findingsAt(received, address);
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
        ? `it has no finding of that ${address.deliverableId === undefined ? "rule" : "rule at that deliverable"} (findings: ${findingList(received)})`
        : `its findings of that rule are ${findingList(received, address.rule)}`,
    );
  },

  toHaveSanction(
    received: unknown,
    type: SanctionType,
    options: { amount?: number | Money } = {},
  ): MatcherResult {
    assertVerdict(received, "toHaveSanction");
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
    assertVerdict(received, "toHaveNextCheckAt");
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
