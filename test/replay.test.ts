/**
 * `replay`: re-judging stored participations under two policies. Identical policies change
 * nothing (for generated records too); a parameter change gives exactly the expected status,
 * finding and sanction changes with their money; invalid records are counted with their issues;
 * sync and async iterables stream; examples are capped.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compilePolicy,
  evaluateSync,
  isValidationError,
  mediance,
  type ReplayRecord,
  refluenced,
  replay,
} from "../src/index.js";
import {
  deliverable,
  money,
  type ObservationSpec,
  observation,
  participation,
  payment,
  post,
} from "../src/testing/index.js";
import { SEOUL } from "./fixtures.js";
import {
  FACTS_SEEDS,
  type FactsCase,
  type FactsSeed,
  factsCaseArbitrary,
  mutated,
  OWN_POLICY,
  PRESETS,
  policyOf,
} from "./fuzz/facts.js";

const asOf = "2026-05-20T00:00:00+09:00";

const DAY = 86_400_000;

/**
 * A record valid by construction: a seed's facts unmutated (a copy), judged at the seed's own
 * `asOf` or up to 60 days later (so never before the selection), with the seed's standing or none,
 * under any preset or the seed's own policy. Every such record evaluates (each seed is a scenario
 * that evaluates at its `asOf`; later instants only move it along), so it is always judged.
 */
const validCaseArbitrary: fc.Arbitrary<FactsCase> = fc
  .record({
    index: fc.nat({ max: FACTS_SEEDS.length - 1 }),
    later: fc.integer({ min: 0, max: 60 * DAY }),
    withStanding: fc.boolean(),
    policy: fc.constantFrom(...PRESETS.map(([name]) => name), OWN_POLICY),
  })
  .map(({ index, later, withStanding, policy }) => {
    const seed = FACTS_SEEDS[index] as FactsSeed;
    const standing =
      withStanding && seed.standing !== undefined ? { standing: mutated(seed.standing, []) } : {};
    return {
      seed: seed.name,
      steps: [],
      facts: mutated(seed.facts, []),
      policy,
      options: { asOf: new Date(Date.parse(seed.asOf) + later).toISOString(), ...standing },
    };
  });

/** The Seoul campaign `campaignId`, its feed post published 2026-03-05 10:00 KST, seen as given. */
const postedIn = (campaignId: string, observations: ObservationSpec[], paid = 100_000) =>
  participation({
    ...SEOUL,
    campaign: { id: campaignId },
    payment: payment({ amount: money(paid, "KRW") }),
    deliverables: [deliverable({ id: "feed", post: post("2026-03-05 10:00", { observations }) })],
  });

/** A post live for 36 days, then deleted by the influencer: kept under 30 days, not under 60. */
const keptFor36Days = (campaignId: string, paid = 100_000) =>
  postedIn(
    campaignId,
    [
      observation("2026-03-05 12:00"),
      observation("2026-04-10 12:00"),
      observation("2026-04-12 12:00", "deleted", "influencer"),
    ],
    paid,
  );

/** A post kept live well past 60 days: compliant under both. */
const keptLong = (campaignId: string) =>
  postedIn(campaignId, [observation("2026-03-05 12:00"), observation("2026-05-19 12:00")]);

async function* slowly<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    yield item;
  }
}

describe("replay", () => {
  it("identical policies: every record judged, nothing changed", async () => {
    const records = [keptFor36Days("c1"), keptLong("c2")].map((facts) => ({ facts, asOf }));
    const report = await replay(records, mediance(), mediance());
    expect(report).toMatchObject({
      before: { id: "mediance", version: "1.0.0" },
      after: { id: "mediance", version: "1.0.0" },
      total: 2,
      judged: 2,
      changed: 0,
      errorCount: 0,
      statusChanges: [],
      findingChanges: [],
      sanctionChanges: [],
      errors: [],
    });
    // Money is reported even when unchanged: nothing withheld under either.
    expect(report.money).toEqual([]);
  });

  it("a longer minLiveDuration: the expected verdicts change, with the payout at stake", async () => {
    const records: ReplayRecord[] = [
      { facts: keptFor36Days("c1", 100_000), asOf },
      { facts: keptLong("c2"), asOf },
      { facts: keptFor36Days("c3", 250_000), asOf },
    ];
    const before = mediance();
    const after = mediance({ minLiveDuration: { days: 60 } });
    const report = await replay(records, before, after);
    expect(report.total).toBe(3);
    expect(report.judged).toBe(3);
    expect(report.changed).toBe(2);
    expect(report.statusChanges).toEqual([
      {
        from: "compliant",
        to: "violation",
        count: 2,
        examples: [
          { index: 0, campaignId: "c1", influencerId: "inf-1" },
          { index: 2, campaignId: "c3", influencerId: "inf-1" },
        ],
      },
    ]);
    expect(report.findingChanges).toEqual([
      {
        rule: "mediance.tracking-unavailable",
        role: "removed_early",
        from: "compliant",
        to: "violation",
        count: 2,
        examples: [
          { index: 0, campaignId: "c1", influencerId: "inf-1" },
          { index: 2, campaignId: "c3", influencerId: "inf-1" },
        ],
      },
    ]);
    expect(
      report.sanctionChanges.map(({ type, change, count, amountDelta }) => ({
        type,
        change,
        count,
        amountDelta,
      })),
    ).toEqual([
      { type: "exclude_from_future_campaigns", change: "appeared", count: 2, amountDelta: [] },
      {
        type: "withhold_payout",
        change: "appeared",
        count: 2,
        amountDelta: [{ currency: "KRW", amount: 350_000, exact: true }],
      },
    ]);
    expect(report.money).toEqual([
      {
        type: "withhold_payout",
        currency: "KRW",
        before: { currency: "KRW", amount: 0, exact: true },
        after: { currency: "KRW", amount: 350_000, exact: true },
        delta: { currency: "KRW", amount: 350_000, exact: true },
      },
    ]);
    // Swapped, the same changes run the other way, with the negative delta.
    const back = await replay(records, after, before);
    expect(back.statusChanges).toEqual([
      expect.objectContaining({ from: "violation", to: "compliant", count: 2 }),
    ]);
    expect(back.sanctionChanges).toContainEqual(
      expect.objectContaining({
        type: "withhold_payout",
        change: "disappeared",
        amountDelta: [{ currency: "KRW", amount: -350_000, exact: true }],
      }),
    );
  });

  it("agrees with judging each record by hand (status, finding outcomes, sanctions)", async () => {
    const after = mediance({ minLiveDuration: { days: 60 } });
    const facts = [keptFor36Days("c1"), keptLong("c2"), keptFor36Days("c3")];
    // What a change is: explanations and evidence may differ (they quote the parameter) without one.
    const gist = (verdict: ReturnType<typeof evaluateSync>) =>
      JSON.stringify([
        verdict.status,
        verdict.findings.map((finding) => [finding.rule, finding.deliverableId, finding.outcome]),
        verdict.sanctions,
      ]);
    const changedByHand = facts.filter(
      (item) =>
        gist(evaluateSync(item, mediance(), { asOf })) !==
        gist(evaluateSync(item, after, { asOf })),
    ).length;
    expect(changedByHand).toBe(2);
    const report = await replay(
      facts.map((item) => ({ facts: item, asOf })),
      mediance(),
      after,
    );
    expect(report.changed).toBe(changedByHand);
  });

  it("an amount change of the same sanction is amount_changed, summed exactly", async () => {
    // The same withheld payout, but the stored payment differs between the two records' judges:
    // emulate with two policies that read different amounts from parameters.
    const records = [{ facts: keptFor36Days("c1"), asOf }];
    const strict = mediance({ minLiveDuration: { days: 60 } });
    const custom = structuredClone(strict);
    custom.parameters.flatWithhold = { amount: 30_000, currency: "KRW" };
    for (const { event } of custom.rules)
      if ("sanction" in event.params && event.params.sanction?.amount)
        event.params.sanction.amount = "params.flatWithhold";
    const report = await replay(records, strict, custom);
    expect(report.sanctionChanges).toEqual([
      {
        type: "withhold_payout",
        change: "amount_changed",
        count: 1,
        amountDelta: [{ currency: "KRW", amount: -70_000, exact: true }],
        examples: [{ index: 0, campaignId: "c1", influencerId: "inf-1" }],
      },
    ]);
    expect(report.statusChanges).toEqual([]);
  });

  it("invalid records are counted as errors with their issues, never dropped", async () => {
    // A selection time without an offset: not an instant.
    const broken = { ...keptLong("c9"), participation: { selectedAt: "2026-02-25T10:00:00" } };
    const records = [
      { facts: keptLong("c1"), asOf },
      { facts: broken, asOf },
      "not a record",
      { facts: keptLong("c2") },
    ];
    // @ts-expect-error the point: a record that is not one, counted as an error
    const report = await replay(records, mediance(), refluenced());
    expect(report.total).toBe(4);
    expect(report.judged).toBe(1);
    expect(report.errorCount).toBe(3);
    expect(report.errorsByCode).toEqual({
      INVALID_FACTS: 1,
      INVALID_OPTIONS: 1,
      INVALID_RECORD: 1,
    });
    expect(report.errors).toEqual([
      {
        index: 1,
        campaignId: "c9",
        influencerId: "inf-1",
        code: "INVALID_FACTS",
        side: "both",
        issues: [expect.objectContaining({ path: "participation.selectedAt" })],
        issueCount: 1,
      },
      expect.objectContaining({ index: 2, code: "INVALID_RECORD", campaignId: null }),
      expect.objectContaining({
        index: 3,
        code: "INVALID_OPTIONS",
        campaignId: "c2",
        issues: [expect.objectContaining({ path: "asOf" })],
      }),
    ]);
  });

  it("options.asOf judges every record at one instant", async () => {
    const report = await replay([{ facts: keptLong("c2") }], mediance(), mediance(), { asOf });
    expect(report.judged).toBe(1);
    expect(report.errorCount).toBe(0);
  });

  it("streams an async iterable, and takes compiled policies", async () => {
    const records = Array.from({ length: 30 }, (_, i) => ({
      facts: i % 3 === 0 ? keptLong(`c${i}`) : keptFor36Days(`c${i}`),
      asOf,
    }));
    const report = await replay(
      slowly(records),
      compilePolicy(mediance()),
      compilePolicy(mediance({ minLiveDuration: { days: 60 } })),
      { examples: 3 },
    );
    expect(report.total).toBe(30);
    expect(report.changed).toBe(20);
    expect(report.statusChanges[0]?.count).toBe(20);
    // Examples are capped, and are the first records that changed.
    expect(report.statusChanges[0]?.examples.map((example) => example.index)).toEqual([1, 2, 4]);
    expect(report.money[0]?.delta.amount).toBe(20 * 100_000);
  });

  it("reads each record once, from a generator that is never materialised", async () => {
    let produced = 0;
    function* records() {
      for (let i = 0; i < 200; i++) {
        produced++;
        yield { facts: keptFor36Days(`c${i}`), asOf };
      }
    }
    const report = await replay(
      records(),
      mediance(),
      mediance({ minLiveDuration: { days: 60 } }),
      {
        examples: 2,
      },
    );
    expect(produced).toBe(200);
    expect(report.changed).toBe(200);
    // The report's size does not grow with the records: two examples per change.
    for (const change of [
      ...report.statusChanges,
      ...report.findingChanges,
      ...report.sanctionChanges,
    ])
      expect(change.examples).toHaveLength(2);
  });

  it("an invalid policy is refused before any record is read", async () => {
    let read = false;
    function* records() {
      read = true;
      yield { facts: keptLong("c1"), asOf };
    }
    // @ts-expect-error the point: a policy without version, parameters or rules
    const error = await replay(records(), mediance(), { id: "x" }).catch((e) => e);
    expect(isValidationError(error)).toBe(true);
    expect(read).toBe(false);
    const bad = await replay([], mediance(), mediance(), { examples: -1 }).catch((e) => e);
    expect(isValidationError(bad) && bad.code).toBe("INVALID_OPTIONS");
  });

  it("groups finding changes by the role their rule declares", async () => {
    const report = await replay(
      [{ facts: keptFor36Days("c1"), asOf }],
      mediance(),
      mediance({ minLiveDuration: { days: 60 } }),
    );
    expect(report.findingChanges).toEqual([
      expect.objectContaining({
        rule: "mediance.tracking-unavailable",
        role: "removed_early",
        from: "compliant",
        to: "violation",
      }),
    ]);
  });

  it("replay(records, p, p) changes nothing, for generated records under every policy", async () => {
    const numRuns = 40;
    let judged = 0;
    await fc.assert(
      fc.asyncProperty(
        validCaseArbitrary,
        fc.array(factsCaseArbitrary, { minLength: 1, maxLength: 4 }),
        async (valid, generated) => {
          // The valid record first: its policy judges the run, and it is always judged.
          const cases = [valid, ...generated];
          const policy = policyOf(valid);
          const records = cases.map((item) => {
            const options = (item.options ?? {}) as Record<string, unknown>;
            return {
              facts: item.facts,
              asOf: options.asOf,
              standing: options.standing,
            } as ReplayRecord;
          });
          const report = await replay(records, policy, compilePolicy(policy));
          expect(report.total).toBe(cases.length);
          expect(report.judged + report.errorCount).toBe(cases.length);
          expect(report.errors.map((error) => error.index)).not.toContain(0);
          judged += report.judged;
          expect(report.changed).toBe(0);
          expect(report.statusChanges).toEqual([]);
          expect(report.findingChanges).toEqual([]);
          expect(report.sanctionChanges).toEqual([]);
          for (const money of report.money) expect(money.delta.amount).toBe(0);
          for (const error of report.errors) expect(error.side).toBe("both");
        },
      ),
      { numRuns },
    );
    // Not vacuous, by construction: every run judged its valid record (asserted in the run), so
    // at least numRuns records were compared, with the mutated ones that happen to be valid
    // (about a quarter) on top. A floor on those alone would depend on the random seed.
    expect(judged).toBeGreaterThanOrEqual(numRuns);
  });
});
