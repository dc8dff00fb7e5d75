/**
 * `parsedCrossFieldIssues` (the cross-field checks of facts the shape schema accepted, read
 * field by field) against `factsCrossFieldIssues` (the same checks over any input), and
 * `checkFacts` against the path it replaced (the generic checks over the parsed facts): the same
 * issues in the same order, on mutated facts of every seed.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  campaignFactsSchema,
  checkFacts,
  factsCrossFieldIssues,
  parsedCrossFieldIssues,
} from "../src/facts/schema.js";
import { preflight, toValidationIssues } from "../src/validation.js";
import { factsCaseArbitrary } from "./fuzz/facts.js";
import { fuzzRuns } from "./fuzz/runs.js";

const RUNS = fuzzRuns(1_500);
// The shape alone (without the superRefine that adds the cross-field issues).
const shape = campaignFactsSchema.clone({ ...campaignFactsSchema._zod.def, checks: [] });

/** checkFacts as it was: the generic cross-field checks over the parsed facts. */
function referenceCheck(input: unknown) {
  const shapeIssues = preflight(input);
  if (shapeIssues.length > 0) return { success: false, issues: shapeIssues };
  const result = shape.safeParse(input);
  const cross = factsCrossFieldIssues(result.success ? result.data : input);
  if (result.success && cross.length === 0) return { success: true, data: result.data };
  const issues = result.success ? [] : toValidationIssues(shape, result.error, input);
  const seen = new Set(issues.map((issue) => issue.path));
  return { success: false, issues: [...issues, ...cross.filter((issue) => !seen.has(issue.path))] };
}

/** Facts whose instants contradict each other everywhere the checks look, with duplicate ids. */
function contradicting(): unknown {
  const late = "2026-03-10T00:00:00+09:00";
  const early = "2026-03-01T00:00:00Z";
  const deliverable = (id: string) => ({
    id,
    kind: "post",
    editRequests: [
      { id: "r", requestedAt: late, reason: "other", respondedAt: early, resolvedAt: early },
      { id: "r", requestedAt: early, reason: "other" },
    ],
    extensions: [{ grantedAt: late, newDueAt: early }],
    post: { publishedAt: late, observations: [{ at: early, state: "live" }] },
  });
  return {
    campaign: {
      id: "c",
      kind: "paid",
      timezone: "Asia/Seoul",
      startsAt: late,
      endsAt: early,
    },
    influencer: { id: "i" },
    participation: { selectedAt: late, cancelledAt: early, cancelledBy: "influencer" },
    deliverables: [deliverable("d"), deliverable("d"), deliverable("e")],
    contacts: [
      { id: "k", at: late, from: "platform", channel: "sms", respondedAt: early },
      { id: "k", at: early, from: "platform", channel: "sms" },
    ],
    product: {
      value: { amount: 1, currency: "KRW" },
      shippedAt: late,
      deliveredAt: early,
      returnRequestedAt: late,
      returnedAt: "2026-02-01T00:00:00Z",
    },
    voucher: {
      value: { amount: 1, currency: "KRW" },
      issuedAt: late,
      redeemedAt: early,
      deactivatedAt: early,
    },
    payment: {
      amount: { amount: 1, currency: "KRW" },
      escrow: { fundedAt: late, releasedAt: early, refundedAt: early },
    },
    exceptions: [
      { id: "x", type: "other", reportedAt: late, from: late, until: early, appliesTo: ["d", "z"] },
      { id: "x", type: "other", reportedAt: late, appliesTo: ["q"] },
    ],
  };
}

describe("cross-field checks of parsed facts", () => {
  it("find every contradiction the generic checks find, in order", () => {
    const parsed = shape.safeParse(contradicting());
    expect(parsed.success).toBe(true);
    if (!parsed.success) return;
    const generic = factsCrossFieldIssues(parsed.data);
    expect(generic.length).toBeGreaterThanOrEqual(20);
    expect(parsedCrossFieldIssues(parsed.data)).toEqual(generic);
    expect(checkFacts(contradicting())).toEqual(referenceCheck(contradicting()));
  });

  it("find no issue in consistent facts", () => {
    const facts = contradicting() as { deliverables: unknown[] };
    const parsed = shape.safeParse({
      ...(facts as object),
      deliverables: [{ id: "d", kind: "post" }],
      contacts: undefined,
      product: undefined,
      voucher: undefined,
      payment: undefined,
      exceptions: undefined,
      campaign: {
        id: "c",
        kind: "paid",
        timezone: "UTC",
        startsAt: "2026-03-01T00:00:00Z",
        endsAt: "2026-03-02T00:00:00Z",
      },
      participation: { selectedAt: "2026-03-01T00:00:00Z" },
    });
    expect(parsed.success).toBe(true);
    if (parsed.success) expect(parsedCrossFieldIssues(parsed.data)).toEqual([]);
  });

  it(`equal factsCrossFieldIssues, and checkFacts its reference, on mutated facts (${RUNS} runs)`, {
    timeout: 120_000,
  }, () => {
    let parsedCount = 0;
    let withIssues = 0;
    fc.assert(
      fc.property(factsCaseArbitrary, ({ facts }) => {
        expect(checkFacts(facts)).toEqual(referenceCheck(facts));
        if (preflight(facts).length > 0) return;
        const parsed = shape.safeParse(facts);
        if (!parsed.success) return;
        parsedCount++;
        const generic = factsCrossFieldIssues(parsed.data);
        if (generic.length > 0) withIssues++;
        expect(parsedCrossFieldIssues(parsed.data)).toEqual(generic);
      }),
      { numRuns: RUNS },
    );
    // The property saw parsed facts, some of them contradictory (it cannot pass vacuously).
    expect(parsedCount).toBeGreaterThan(RUNS / 10);
    expect(withIssues).toBeGreaterThan(0);
  });
});
