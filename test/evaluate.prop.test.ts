import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emptyStanding, evaluate, isValidationError, mediance } from "../src/index.js";
import { SANCTION_TYPES } from "../src/policy-entry.js";
import { deepFreeze } from "./fixtures.js";

const HOUR = 3_600_000;
const ORIGIN = Date.parse("2026-03-01T00:00:00Z");
const at = (hours: number) => new Date(ORIGIN + hours * HOUR).toISOString();

const observation = fc.record({
  hours: fc.integer({ min: 0, max: 2000 }),
  state: fc.constantFrom(
    "live",
    "deleted",
    "private",
    "archived",
    "removed_by_platform",
    "unavailable",
  ),
  cause: fc.option(
    fc.constantFrom("influencer", "platform", "token_expired", "outage", "unknown"),
    { nil: undefined },
  ),
});

const contact = fc.record({
  hours: fc.integer({ min: 0, max: 1500 }),
  from: fc.constantFrom("platform", "advertiser"),
  channel: fc.constantFrom("call", "sms", "email", "chat"),
  answerAfter: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
});

/** Random but valid Mediance-shaped facts, with the evaluation instant. */
const scenario = fc
  .record({
    timezone: fc.constantFrom("Asia/Seoul", "America/New_York", "Europe/Berlin", "UTC"),
    kind: fc.constantFrom("paid", "product_sponsorship"),
    publishedHours: fc.option(fc.integer({ min: 0, max: 900 }), { nil: undefined }),
    observations: fc.array(observation, { maxLength: 4 }),
    edit: fc.option(
      fc.record({
        hours: fc.integer({ min: 0, max: 700 }),
        answerAfter: fc.option(fc.integer({ min: 0, max: 150 }), { nil: undefined }),
      }),
      { nil: undefined },
    ),
    contacts: fc.array(contact, { maxLength: 3 }),
    deliveredHours: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
    claim: fc.option(
      fc.record({
        type: fc.constantFrom("illness", "death", "other", "shipping_delay"),
        hours: fc.integer({ min: 0, max: 2000 }),
        decision: fc.option(fc.constantFrom("accepted", "rejected"), { nil: undefined }),
      }),
      { nil: undefined },
    ),
    serious: fc.boolean(),
    asOfHours: fc.integer({ min: 0, max: 2500 }),
  })
  .map((s) => ({
    asOf: at(s.asOfHours),
    facts: {
      campaign: {
        id: "camp-p",
        kind: s.kind,
        timezone: s.timezone,
        startsAt: at(0),
        endsAt: at(30 * 24),
        impact: { serious: s.serious },
      },
      influencer: { id: "inf-p" },
      participation: { selectedAt: at(0) },
      deliverables: [
        {
          id: "feed",
          kind: "post",
          ...(s.publishedHours !== undefined
            ? {
                post: {
                  publishedAt: at(s.publishedHours),
                  // Observations come after the publication (an earlier one contradicts it).
                  observations: s.observations.map((o) => ({
                    at: at((s.publishedHours ?? 0) + o.hours),
                    state: o.state,
                    ...(o.cause ? { cause: o.cause } : {}),
                  })),
                },
              }
            : {}),
          ...(s.edit
            ? {
                editRequests: [
                  {
                    id: "edit-1",
                    requestedAt: at(s.edit.hours),
                    reason: "guideline_mismatch",
                    ...(s.edit.answerAfter !== undefined
                      ? { respondedAt: at(s.edit.hours + s.edit.answerAfter) }
                      : {}),
                  },
                ],
              }
            : {}),
        },
      ],
      contacts: s.contacts.map((c, index) => ({
        id: `c${index}`,
        at: at(c.hours),
        from: c.from,
        channel: c.channel,
        ...(c.answerAfter !== undefined ? { respondedAt: at(c.hours + c.answerAfter) } : {}),
      })),
      product: {
        value: { amount: 45000, currency: "KRW" },
        ...(s.deliveredHours !== undefined ? { deliveredAt: at(s.deliveredHours) } : {}),
      },
      payment: { amount: { amount: 100000, currency: "KRW" } },
      ...(s.claim
        ? {
            exceptions: [
              {
                id: "claim-1",
                type: s.claim.type,
                reportedAt: at(s.claim.hours),
                ...(s.claim.decision ? { decision: s.claim.decision } : {}),
              },
            ],
          }
        : {}),
    },
  }));

const policy = mediance();

describe("evaluate: properties", () => {
  it("is deterministic: the same input gives the same verdict, byte for byte", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ facts, asOf }) => {
        const first = await evaluate(facts, policy, { asOf, trace: true });
        const second = await evaluate(structuredClone(facts), structuredClone(policy), {
          asOf,
          trace: true,
        });
        expect(JSON.stringify(second)).toBe(JSON.stringify(first));
      }),
    );
  });

  it("never mutates its inputs and works on deep-frozen ones", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ facts, asOf }) => {
        const frozenPolicy = deepFreeze(structuredClone(policy));
        const standing = deepFreeze(emptyStanding("inf-p"));
        const snapshot = structuredClone({ facts, frozenPolicy, standing });
        await evaluate(deepFreeze(facts), frozenPolicy, { asOf, standing });
        expect({ facts, frozenPolicy, standing }).toEqual(snapshot);
      }),
    );
  });

  it("evaluates a policy round-tripped through JSON identically", async () => {
    const roundTripped = JSON.parse(JSON.stringify(policy));
    await fc.assert(
      fc.asyncProperty(scenario, async ({ facts, asOf }) => {
        expect(await evaluate(facts, roundTripped, { asOf })).toEqual(
          await evaluate(facts, policy, { asOf }),
        );
      }),
    );
  });

  it("an accepted exception covering every finding leaves no sanction and no no-show", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ facts, asOf }) => {
        const excused = {
          ...facts,
          exceptions: [
            {
              id: "all",
              type: "force_majeure",
              reportedAt: facts.participation.selectedAt,
              decision: "accepted",
            },
          ],
        };
        const verdict = await evaluate(excused, policy, { asOf });
        expect(verdict.sanctions).toEqual([]);
        expect(verdict.noShow).toBe(false);
        expect(verdict.strike).toBeNull();
        expect(verdict.findings.every((finding) => finding.outcome !== "violation")).toBe(true);
      }),
    );
  });

  it("status and violations agree with the findings", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ facts, asOf }) => {
        const verdict = await evaluate(facts, policy, { asOf });
        expect(verdict.violations).toEqual(
          verdict.findings.filter((finding) => finding.outcome === "violation"),
        );
        expect(verdict.status === "violation").toBe(verdict.violations.length > 0);
        expect(verdict.noShow).toBe(
          verdict.violations.some((finding) => finding.kind === "no_show"),
        );
        for (const finding of verdict.findings)
          expect(finding.explanation).not.toMatch(/\{|\}|undefined/);
        if (verdict.nextCheckAt)
          expect(Date.parse(verdict.nextCheckAt)).toBeGreaterThanOrEqual(Date.parse(verdict.asOf));
        if (verdict.sanctions.length > 0 && !verdict.noShow) {
          expect(
            verdict.sanctions.every((sanction) =>
              sanction.because.every((ref) => ref.startsWith("standing:")),
            ),
          ).toBe(true);
        }
      }),
    );
  });

  it("a prior no-show in the standing never removes a sanction (monotonic)", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ facts, asOf }) => {
        const clean = await evaluate(facts, policy, { asOf, standing: emptyStanding("inf-p") });
        const withPast = await evaluate(facts, policy, {
          asOf,
          standing: {
            ...emptyStanding("inf-p"),
            noShows: [
              {
                at: "2025-01-01T00:00:00.000Z",
                campaignId: "old",
                policyId: "mediance",
                rules: ["x"],
              },
            ],
          },
        });
        const types = (sanctions: typeof clean.sanctions) =>
          new Set(sanctions.map((sanction) => sanction.type));
        for (const type of types(clean.sanctions))
          expect(types(withPast.sanctions).has(type)).toBe(true);
        expect(types(withPast.sanctions).has("exclude_from_future_campaigns")).toBe(true);
        expect(SANCTION_TYPES).toEqual(expect.arrayContaining([...types(withPast.sanctions)]));
      }),
    );
  });
});

describe("evaluate: malformed input", () => {
  const expectOnlyValidationError = async (run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (error) {
      if (!isValidationError(error)) throw error;
    }
  };

  it("arbitrary values as facts, policy or options only ever throw ValidationError", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.anything(),
        fc.anything(),
        fc.anything(),
        async (facts, badPolicy, options) => {
          await expectOnlyValidationError(() =>
            evaluate(facts, policy, { asOf: "2026-03-10T00:00:00Z" }),
          );
          await expectOnlyValidationError(() =>
            evaluate({}, badPolicy, { asOf: "2026-03-10T00:00:00Z" }),
          );
          // @ts-expect-error the point: any value as options only ever throws a ValidationError
          await expectOnlyValidationError(() => evaluate({}, policy, options));
        },
      ),
    );
  });

  it("valid facts with one value replaced by anything only ever throw ValidationError", async () => {
    const paths = (value: unknown, prefix: string[] = []): string[][] =>
      value && typeof value === "object"
        ? [prefix, ...Object.entries(value).flatMap(([key, item]) => paths(item, [...prefix, key]))]
        : [prefix];
    await fc.assert(
      fc.asyncProperty(
        scenario,
        fc.nat(),
        fc.anything(),
        async ({ facts, asOf }, pick, replacement) => {
          const all = paths(facts).filter((path) => path.length > 0);
          const path = all[pick % all.length] ?? [];
          const broken = structuredClone(facts) as Record<string, unknown>;
          let target = broken;
          for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
          target[path[path.length - 1] ?? ""] = replacement;
          await expectOnlyValidationError(() => evaluate(broken, policy, { asOf }));
        },
      ),
    );
  });
});

describe("evaluate: concurrency", () => {
  it("overlapping evaluations give the same verdicts as sequential ones (no shared engine)", async () => {
    const samples = fc.sample(scenario, { numRuns: 40, seed: 42 });
    const sequential = [];
    for (const { facts, asOf } of samples) sequential.push(await evaluate(facts, policy, { asOf }));
    const concurrent = await Promise.all(
      samples.map(({ facts, asOf }) => evaluate(facts, policy, { asOf })),
    );
    expect(concurrent).toEqual(sequential);
  });
});
