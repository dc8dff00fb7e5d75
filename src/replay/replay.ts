/**
 * Replay: re-judge stored participations under two policies (or two versions of one) and report
 * what would change, streaming: each record is judged under both, compared, and dropped; the
 * report keeps only counts, exact money sums and the first few examples of each change, so its
 * memory does not grow with the number of records.
 */
import { findingKey } from "../derive/finding.js";
import { isValidationError, ValidationError, type ValidationIssue } from "../errors.js";
import { type CompiledPolicy, compilePolicy, type EvaluateOptions } from "../evaluate/evaluate.js";
import type { Standing } from "../facts/standing.js";
import type { Policy } from "../policy/schema.js";
import type { Finding, Outcome, Sanction, SanctionType, Verdict } from "../verdict/types.js";

/** One stored participation to re-judge. */
export interface ReplayRecord {
  /** The participation's facts (unknown input: validated, and counted as an error if invalid). */
  facts: unknown;
  /** The instant it was (or is to be) judged at; `options.asOf`, when given, wins. */
  asOf?: Date | string;
  /** The influencer's standing before this campaign, if the stored judgement had one. */
  standing?: Standing;
}

/**
 * What replay judges with: a {@link Policy}, or anything that evaluates synchronously like a
 * {@link CompiledPolicy} (`compilePolicy`'s result; a compiled set of policy versions that picks
 * the version in force per participation fits the same slot).
 */
export type ReplayPolicy =
  | Policy
  | CompiledPolicy
  | {
      readonly policy?: { readonly id: string; readonly version: string };
      evaluate(facts: unknown, options: EvaluateOptions): Verdict;
    };

/** Options of {@link replay}. */
export interface ReplayOptions {
  /** Judge every record at this instant instead of its own `asOf`. */
  asOf?: Date | string;
  /** How many examples each change keeps (default 5, at most {@link MAX_REPLAY_EXAMPLES}). */
  examples?: number;
}

/** The most examples one change of a replay report keeps. */
export const MAX_REPLAY_EXAMPLES = 100;
/** The most issues one error example of a replay report keeps. */
export const MAX_REPLAY_ERROR_ISSUES = 20;
const DEFAULT_EXAMPLES = 5;

/** A record named in a report: its position in the input and its ids. */
export interface ReplayExample {
  /** Zero-based position of the record in the input. */
  index: number;
  campaignId: string | null;
  influencerId: string | null;
}

/** Records whose verdict status went from one status to another. */
export interface ReplayStatusChange {
  from: Outcome;
  to: Outcome;
  count: number;
  examples: ReplayExample[];
}

/**
 * Findings of one rule (and role, when findings carry one) that changed: `from` is the outcome
 * under `before`, `to` under `after`; `null` means the finding was not there (appeared when `from`
 * is null, disappeared when `to` is null).
 */
export interface ReplayFindingChange {
  rule: string;
  role?: string;
  from: Outcome | null;
  to: Outcome | null;
  /** Findings (one per rule and deliverable) that changed so. */
  count: number;
  examples: ReplayExample[];
}

/** A signed sum of money, exact in integer minor units. */
export interface ReplayAmount {
  currency: string;
  /** Minor units (may be negative for a delta). */
  amount: number;
  /** `false` only when the exact sum left the safe-integer range (then `amount` is rounded). */
  exact: boolean;
}

/**
 * Sanctions of one type that changed in a record: `appeared` (none of the type before),
 * `disappeared` (none after), `amount_changed` (the type's amounts per currency differ), or
 * `changed` (same amounts, other fields differ: reasons, notes, until, score).
 */
export interface ReplaySanctionChange {
  type: SanctionType;
  change: "appeared" | "disappeared" | "amount_changed" | "changed";
  /** Records in which the type changed so. */
  count: number;
  /** The sum of (after − before) amounts of this type over those records, per currency. */
  amountDelta: ReplayAmount[];
  examples: ReplayExample[];
}

/** The money of one sanction type and currency over every record judged under both. */
export interface ReplayMoney {
  type: SanctionType;
  currency: string;
  before: ReplayAmount;
  after: ReplayAmount;
  /** `after − before`: the money at stake in switching. */
  delta: ReplayAmount;
}

/** A record that could not be judged under one or both policies. */
export interface ReplayError extends ReplayExample {
  /** `INVALID_FACTS`, `INVALID_OPTIONS`, … of the ValidationError, or `INVALID_RECORD`. */
  code: string;
  /** Which judgement failed. */
  side: "both" | "before" | "after";
  /** The first issues (at most {@link MAX_REPLAY_ERROR_ISSUES}). */
  issues: ValidationIssue[];
  /** How many issues there were in all. */
  issueCount: number;
}

/** What a replay found. */
export interface ReplayReport {
  before: { id: string; version: string } | null;
  after: { id: string; version: string } | null;
  /** Records read. */
  total: number;
  /** Records judged under both policies. */
  judged: number;
  /** Judged records whose status, findings or sanctions differ. */
  changed: number;
  /** Records that could not be judged (see `errors`). */
  errorCount: number;
  statusChanges: ReplayStatusChange[];
  findingChanges: ReplayFindingChange[];
  sanctionChanges: ReplaySanctionChange[];
  money: ReplayMoney[];
  /** Error counts by code. */
  errorsByCode: Record<string, number>;
  /** The first errors (as many as `options.examples`). */
  errors: ReplayError[];
}

/** Something that judges one record. */
interface Judge {
  label: { id: string; version: string } | null;
  evaluate(facts: unknown, options: EvaluateOptions): Verdict;
}

function judgeOf(policy: ReplayPolicy): Judge {
  if (typeof (policy as { evaluate?: unknown }).evaluate === "function") {
    const judge = policy as Exclude<ReplayPolicy, Policy>;
    const meta = judge.policy;
    return {
      label: meta ? { id: meta.id, version: meta.version } : null,
      evaluate: (facts, options) => judge.evaluate(facts, options),
    };
  }
  const compiled = compilePolicy(policy);
  return {
    label: { id: compiled.policy.id, version: compiled.policy.version },
    evaluate: compiled.evaluate,
  };
}

/** Bounded examples: the first `cap` records added. */
class Examples {
  readonly list: ReplayExample[] = [];
  constructor(private readonly cap: number) {}
  add(example: ReplayExample): void {
    if (this.list.length < this.cap) this.list.push(example);
  }
}

/** Exact signed sums per currency. */
class Sums {
  readonly byCurrency = new Map<string, bigint>();
  add(currency: string, amount: bigint): void {
    this.byCurrency.set(currency, (this.byCurrency.get(currency) ?? 0n) + amount);
  }
}

function toAmount(currency: string, value: bigint): ReplayAmount {
  const amount = Number(value);
  return { currency, amount, exact: Number.isSafeInteger(amount) && BigInt(amount) === value };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function amountsOf(sums: Sums): ReplayAmount[] {
  return [...sums.byCurrency.entries()]
    .filter(([, value]) => value !== 0n)
    .sort(([a], [b]) => compare(a, b))
    .map(([currency, value]) => toAmount(currency, value));
}

/** A string id read off raw input, bounded (the facts may be invalid). */
function idAt(value: unknown, key: "campaign" | "influencer"): string | null {
  if (typeof value !== "object" || value === null) return null;
  const part = (value as Record<string, unknown>)[key];
  if (typeof part !== "object" || part === null) return null;
  const id = (part as Record<string, unknown>).id;
  return typeof id === "string" ? id.slice(0, 200) : null;
}

function roleOf(finding: Finding | undefined): string | undefined {
  const role = (finding as { role?: unknown } | undefined)?.role;
  return typeof role === "string" ? role : undefined;
}

/** Sanctions of a verdict by type, each type's amounts summed per currency. */
function sanctionsByType(sanctions: readonly Sanction[]) {
  const byType = new Map<SanctionType, { items: Sanction[]; sums: Sums }>();
  for (const sanction of sanctions) {
    let entry = byType.get(sanction.type);
    if (!entry) {
      entry = { items: [], sums: new Sums() };
      byType.set(sanction.type, entry);
    }
    entry.items.push(sanction);
    if (sanction.amount) entry.sums.add(sanction.amount.currency, BigInt(sanction.amount.amount));
  }
  return byType;
}

function sameSums(a: Sums | undefined, b: Sums | undefined): boolean {
  const left = a?.byCurrency ?? new Map<string, bigint>();
  const right = b?.byCurrency ?? new Map<string, bigint>();
  for (const [currency, value] of left) if ((right.get(currency) ?? 0n) !== value) return false;
  for (const [currency, value] of right) if ((left.get(currency) ?? 0n) !== value) return false;
  return true;
}

/** The state of one replay: counts, sums and examples, nothing per record. */
class Tally {
  total = 0;
  judged = 0;
  changed = 0;
  errorCount = 0;
  readonly statuses = new Map<
    string,
    { from: Outcome; to: Outcome; count: number; ex: Examples }
  >();
  readonly findings = new Map<
    string,
    {
      rule: string;
      role: string | undefined;
      from: Outcome | null;
      to: Outcome | null;
      count: number;
      ex: Examples;
    }
  >();
  readonly sanctions = new Map<
    string,
    {
      type: SanctionType;
      change: ReplaySanctionChange["change"];
      count: number;
      delta: Sums;
      ex: Examples;
    }
  >();
  readonly money = new Map<string, { type: SanctionType; before: Sums; after: Sums }>();
  readonly errorsByCode = new Map<string, number>();
  readonly errors: ReplayError[] = [];

  constructor(readonly cap: number) {}

  error(error: ReplayError): void {
    this.errorCount++;
    this.errorsByCode.set(error.code, (this.errorsByCode.get(error.code) ?? 0) + 1);
    if (this.errors.length < this.cap) this.errors.push(error);
  }

  compare(example: ReplayExample, before: Verdict, after: Verdict): void {
    this.judged++;
    let changed = false;
    if (before.status !== after.status) {
      changed = true;
      const key = `${before.status}>${after.status}`;
      let entry = this.statuses.get(key);
      if (!entry) {
        entry = { from: before.status, to: after.status, count: 0, ex: new Examples(this.cap) };
        this.statuses.set(key, entry);
      }
      entry.count++;
      entry.ex.add(example);
    }
    // Findings by key (rule, deliverable): one finding per key in a verdict.
    const beforeFindings = new Map(
      before.findings.map((finding) => [findingKey(finding), finding]),
    );
    const seen = new Set<string>();
    const noteFinding = (old: Finding | undefined, now: Finding | undefined) => {
      const from = old?.outcome ?? null;
      const to = now?.outcome ?? null;
      if (from === to) return;
      changed = true;
      const rule = (now ?? old)?.rule as string;
      const role = roleOf(now) ?? roleOf(old);
      const key = JSON.stringify([rule, role ?? null, from, to]);
      let entry = this.findings.get(key);
      if (!entry) {
        entry = { rule, role, from, to, count: 0, ex: new Examples(this.cap) };
        this.findings.set(key, entry);
      }
      entry.count++;
      entry.ex.add(example);
    };
    for (const finding of after.findings) {
      const key = findingKey(finding);
      seen.add(key);
      noteFinding(beforeFindings.get(key), finding);
    }
    for (const [key, finding] of beforeFindings)
      if (!seen.has(key)) noteFinding(finding, undefined);
    // Sanctions by type; money per type and currency.
    const old = sanctionsByType(before.sanctions);
    const now = sanctionsByType(after.sanctions);
    for (const type of new Set([...old.keys(), ...now.keys()])) {
      const a = old.get(type);
      const b = now.get(type);
      const money = this.moneyOf(type);
      for (const [currency, value] of a?.sums.byCurrency ?? []) money.before.add(currency, value);
      for (const [currency, value] of b?.sums.byCurrency ?? []) money.after.add(currency, value);
      let change: ReplaySanctionChange["change"] | undefined;
      if (!a) change = "appeared";
      else if (!b) change = "disappeared";
      else if (!sameSums(a.sums, b.sums)) change = "amount_changed";
      else if (JSON.stringify(a.items) !== JSON.stringify(b.items)) change = "changed";
      if (!change) continue;
      changed = true;
      const key = `${type}>${change}`;
      let entry = this.sanctions.get(key);
      if (!entry) {
        entry = { type, change, count: 0, delta: new Sums(), ex: new Examples(this.cap) };
        this.sanctions.set(key, entry);
      }
      entry.count++;
      for (const [currency, value] of b?.sums.byCurrency ?? []) entry.delta.add(currency, value);
      for (const [currency, value] of a?.sums.byCurrency ?? []) entry.delta.add(currency, -value);
      entry.ex.add(example);
    }
    if (changed) this.changed++;
  }

  private moneyOf(type: SanctionType) {
    let entry = this.money.get(type);
    if (!entry) {
      entry = { type, before: new Sums(), after: new Sums() };
      this.money.set(type, entry);
    }
    return entry;
  }

  report(before: Judge["label"], after: Judge["label"]): ReplayReport {
    const money: ReplayMoney[] = [];
    for (const { type, before: a, after: b } of this.money.values()) {
      const currencies = new Set([...a.byCurrency.keys(), ...b.byCurrency.keys()]);
      for (const currency of currencies) {
        const x = a.byCurrency.get(currency) ?? 0n;
        const y = b.byCurrency.get(currency) ?? 0n;
        money.push({
          type,
          currency,
          before: toAmount(currency, x),
          after: toAmount(currency, y),
          delta: toAmount(currency, y - x),
        });
      }
    }
    money.sort((p, q) => compare(p.type, q.type) || compare(p.currency, q.currency));
    return {
      before,
      after,
      total: this.total,
      judged: this.judged,
      changed: this.changed,
      errorCount: this.errorCount,
      statusChanges: [...this.statuses.values()]
        .map(({ from, to, count, ex }) => ({ from, to, count, examples: ex.list }))
        .sort((p, q) => q.count - p.count || compare(p.from, q.from) || compare(p.to, q.to)),
      findingChanges: [...this.findings.values()]
        .map(({ rule, role, from, to, count, ex }) => ({
          rule,
          ...(role === undefined ? {} : { role }),
          from,
          to,
          count,
          examples: ex.list,
        }))
        .sort(
          (p, q) =>
            compare(p.rule, q.rule) ||
            compare(p.role ?? "", q.role ?? "") ||
            compare(p.from ?? "", q.from ?? "") ||
            compare(p.to ?? "", q.to ?? ""),
        ),
      sanctionChanges: [...this.sanctions.values()]
        .map(({ type, change, count, delta, ex }) => ({
          type,
          change,
          count,
          amountDelta: amountsOf(delta),
          examples: ex.list,
        }))
        .sort((p, q) => compare(p.type, q.type) || compare(p.change, q.change)),
      money,
      errorsByCode: Object.fromEntries(
        [...this.errorsByCode.entries()].sort(([a], [b]) => compare(a, b)),
      ),
      errors: this.errors,
    };
  }
}

function examplesCap(value: unknown): number {
  if (value === undefined) return DEFAULT_EXAMPLES;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0)
    throw new ValidationError("INVALID_OPTIONS", [
      { code: "invalid_type", path: "examples", message: "must be a non-negative integer" },
    ]);
  return Math.min(value, MAX_REPLAY_EXAMPLES);
}

type Judged = { verdict: Verdict } | { code: string; issues: readonly ValidationIssue[] };

function judgeOne(judge: Judge, facts: unknown, options: EvaluateOptions): Judged {
  try {
    return { verdict: judge.evaluate(facts, options) };
  } catch (error) {
    // Only bad input is a record's error; anything else is a fault and propagates.
    if (isValidationError(error)) return { code: error.code, issues: error.issues };
    throw error;
  }
}

/**
 * Re-judges stored participations under two policies (or two versions of one) and reports
 * every change: verdict statuses (from → to), findings by rule (and role, when findings carry
 * one) that appeared, disappeared or changed outcome, sanctions by type that appeared,
 * disappeared or changed amount, and the money at stake per sanction type and currency (exact
 * integer minor units). Streams: records are read one at a time from any iterable or async
 * iterable and never kept; the report holds counts, sums and the first few examples of each
 * change. Each policy is checked and compiled once. A record that cannot be judged (invalid
 * facts, a bad `asOf`, a malformed record) is counted under `errors` with its issues.
 *
 * @param records - `{ facts, asOf, standing? }` records, e.g. parsed NDJSON lines.
 * @param before - The policy in force (a Policy, a CompiledPolicy, or a compiled policy set).
 * @param after - The candidate policy.
 * @param options - `asOf` (judge every record at this instant), `examples` (per change, default 5).
 * @returns The report (always a Promise, so async iterables stream).
 * @throws {@link ValidationError} (`INVALID_POLICY`) when a policy is invalid, before any record is read.
 * @example
 * const report = await replay(records, mediance(), mediance({ minLiveDuration: { days: 60 } }));
 * report.statusChanges; // [{ from: "compliant", to: "violation", count: 12, examples: [...] }]
 * report.money;         // [{ type: "invoice", currency: "KRW", delta: { amount: 540000, ... } }]
 */
export async function replay(
  records: Iterable<ReplayRecord> | AsyncIterable<ReplayRecord>,
  before: ReplayPolicy,
  after: ReplayPolicy,
  options: ReplayOptions = {},
): Promise<ReplayReport> {
  const cap = examplesCap(options.examples);
  const a = judgeOf(before);
  const b = judgeOf(after);
  const tally = new Tally(cap);
  let index = 0;
  for await (const record of records as AsyncIterable<ReplayRecord>) {
    const at = index++;
    tally.total++;
    const raw = record as unknown;
    if (typeof raw !== "object" || raw === null || !("facts" in raw)) {
      tally.error({
        index: at,
        campaignId: null,
        influencerId: null,
        code: "INVALID_RECORD",
        side: "both",
        issues: [
          {
            code: "invalid_type",
            path: "",
            message: "must be an object { facts, asOf, standing? }",
          },
        ],
        issueCount: 1,
      });
      continue;
    }
    const asOf = options.asOf ?? record.asOf;
    const evaluateOptions = {
      asOf,
      ...(record.standing === undefined ? {} : { standing: record.standing }),
    } as EvaluateOptions;
    const x = judgeOne(a, record.facts, evaluateOptions);
    const y = judgeOne(b, record.facts, evaluateOptions);
    if ("verdict" in x && "verdict" in y) {
      tally.compare(
        { index: at, campaignId: x.verdict.campaignId, influencerId: x.verdict.influencerId },
        x.verdict,
        y.verdict,
      );
      continue;
    }
    const failed = "code" in x ? x : (y as Exclude<Judged, { verdict: Verdict }>);
    tally.error({
      index: at,
      campaignId: idAt(record.facts, "campaign"),
      influencerId: idAt(record.facts, "influencer"),
      code: failed.code,
      side: "code" in x && "code" in y ? "both" : "code" in x ? "before" : "after",
      issues: failed.issues.slice(0, MAX_REPLAY_ERROR_ISSUES),
      issueCount: failed.issues.length,
    });
  }
  return tally.report(a.label, b.label);
}
