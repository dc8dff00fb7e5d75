/**
 * Post content facts a Korean review platform judges by (a blog post's text length, a proof
 * photo) and the `points_deduction` sanction: a custom JSON policy can read them, `parsePolicy`
 * accepts it, both evaluators fire it, an unknown value goes to review, and bad facts are
 * refused.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deriveFacts } from "../src/derive/derive.js";
import { FACTS_LIMITS } from "../src/facts/schema.js";
import {
  evaluate,
  evaluateSync,
  isValidationError,
  parseFacts,
  parsePolicy,
} from "../src/index.js";
import { SANCTION_TYPES } from "../src/policy-entry.js";
import { deliverable, type PostSpec, participation, post } from "../src/testing/index.js";
import { SEOUL } from "./fixtures.js";

const asOf = "2026-04-10T00:00:00+09:00";
const posted = { fact: "deliverable", path: "$.posted", operator: "equal", value: true };

function branch(
  type: string,
  name: string,
  outcome: string,
  conditions: unknown[],
  explanation: string,
) {
  return {
    name: `${type}/${name}`,
    conditions: { all: conditions },
    event: {
      type,
      params: {
        phase: "violations",
        scope: "deliverable",
        kind: "breach",
        role: "terms_mismatch",
        outcome,
        explanation,
      },
    },
  };
}

function deduction(rule: string, amount: string, note: string) {
  return {
    name: `${rule}.deduction`,
    conditions: {
      all: [{ fact: "findings", path: "$.violatedRules", operator: "contains", value: rule }],
    },
    event: {
      type: `${rule}.deduction`,
      params: {
        phase: "sanctions",
        scope: "deliverable",
        sanction: { type: "points_deduction", because: { rules: [rule] }, amount, note },
      },
    },
  };
}

const text = (operator: string, value: unknown) => ({
  fact: "deliverable",
  path: "$.textLength",
  operator,
  value,
});
const photo = (operator: string, value: unknown) => ({
  fact: "deliverable",
  path: "$.proofPhoto",
  operator,
  value,
});
const notPosted = { ...posted, value: false };

/** A custom policy, as a platform would store it: plain JSON. */
const POLICY = JSON.parse(
  JSON.stringify({
    id: "custom.blog-quality",
    version: "1",
    parameters: {
      shortPostPenalty: { amount: 5000, currency: "KRW" },
      proofPhotoPenalty: { amount: 5000, currency: "KRW" },
    },
    rules: [
      branch("blog.text-length", "no-post", "not_applicable", [notPosted], "No post yet."),
      branch(
        "blog.text-length",
        "unknown",
        "needs_review",
        [posted, text("isPresent", false)],
        "The length of the post of {deliverable.id} is not known.",
      ),
      branch(
        "blog.text-length",
        "short",
        "violation",
        [posted, text("lessThan", 1000)],
        "The post of {deliverable.id} has {deliverable.textLength} characters, under 1,000.",
      ),
      branch(
        "blog.text-length",
        "long-enough",
        "compliant",
        [posted, text("greaterThanInclusive", 1000)],
        "The post of {deliverable.id} has {deliverable.textLength} characters.",
      ),
      branch("blog.proof-photo", "no-post", "not_applicable", [notPosted], "No post yet."),
      branch(
        "blog.proof-photo",
        "unknown",
        "needs_review",
        [posted, photo("isPresent", false)],
        "Whether {deliverable.id} carries a proof photo is not known.",
      ),
      branch(
        "blog.proof-photo",
        "missing",
        "violation",
        [posted, photo("equal", false)],
        "The submission of {deliverable.id} has no proof photo.",
      ),
      branch(
        "blog.proof-photo",
        "present",
        "compliant",
        [posted, photo("equal", true)],
        "The submission of {deliverable.id} has a proof photo.",
      ),
      deduction("blog.text-length", "params.shortPostPenalty", "Post under 1,000 characters."),
      deduction("blog.proof-photo", "params.proofPhotoPenalty", "No proof photo."),
    ],
  }),
);

/** The Seoul participation with one blog deliverable: posted with these fields, or not posted. */
function blogFacts(fields: Partial<PostSpec> | undefined) {
  return participation({
    ...SEOUL,
    deliverables: [
      deliverable({
        id: "blog",
        kind: "blog",
        ...(fields ? { post: post("2026-03-10 10:00", fields) } : {}),
      }),
    ],
  });
}

async function both(fields: Partial<PostSpec> | undefined) {
  const facts = blogFacts(fields);
  const sync = evaluateSync(facts, POLICY, { asOf });
  expect(await evaluate(facts, POLICY, { asOf })).toEqual(sync);
  return sync;
}

const outcomeOf = (verdict: Awaited<ReturnType<typeof both>>, rule: string) =>
  verdict.findings.find((finding) => finding.rule === rule)?.outcome;

describe("post content facts and points_deduction", () => {
  it("points_deduction is a sanction type", () => {
    expect(SANCTION_TYPES).toContain("points_deduction");
  });

  it("parsePolicy accepts a JSON policy reading deliverable.textLength and deliverable.proofPhoto", () => {
    expect(() => parsePolicy(POLICY)).not.toThrow();
  });

  it("a short post without a proof photo: two violations, two deductions in KRW", async () => {
    const verdict = await both({ textLength: 800, proofPhoto: false });
    expect(verdict.status).toBe("violation");
    expect(outcomeOf(verdict, "blog.text-length")).toBe("violation");
    expect(outcomeOf(verdict, "blog.proof-photo")).toBe("violation");
    expect(verdict.findings[0]?.explanation).toBe(
      "The post of blog has 800 characters, under 1,000.",
    );
    expect(verdict.sanctions).toEqual([
      {
        type: "points_deduction",
        because: ["blog.text-length@blog"],
        amount: { amount: 5000, currency: "KRW" },
        note: "Post under 1,000 characters.",
      },
      {
        type: "points_deduction",
        because: ["blog.proof-photo@blog"],
        amount: { amount: 5000, currency: "KRW" },
        note: "No proof photo.",
      },
    ]);
  });

  it("a long post with a proof photo is compliant, with no sanction", async () => {
    const verdict = await both({ textLength: 1000, proofPhoto: true });
    expect(verdict.status).toBe("compliant");
    expect(verdict.sanctions).toEqual([]);
  });

  it("unknown length or photo (not sent) goes to review, never to a sanction", async () => {
    const verdict = await both({});
    expect(outcomeOf(verdict, "blog.text-length")).toBe("needs_review");
    expect(outcomeOf(verdict, "blog.proof-photo")).toBe("needs_review");
    expect(verdict.status).toBe("needs_review");
    expect(verdict.sanctions).toEqual([]);
  });

  it("derives the given values, and null without a post or when not sent", () => {
    const derived = (fields: Partial<PostSpec> | undefined) => {
      const facts = parseFacts(blogFacts(fields));
      const item = deriveFacts(facts, {}, "2026-04-09T15:00:00.000Z").deliverables[0];
      return { textLength: item?.textLength, proofPhoto: item?.proofPhoto };
    };
    expect(derived({ textLength: 0, proofPhoto: false })).toEqual({
      textLength: 0,
      proofPhoto: false,
    });
    expect(derived({ textLength: 1200, proofPhoto: true })).toEqual({
      textLength: 1200,
      proofPhoto: true,
    });
    expect(derived({})).toEqual({ textLength: null, proofPhoto: null });
    expect(derived(undefined)).toEqual({ textLength: null, proofPhoto: null });
  });

  it("for every length, the length rule is a violation exactly under 1,000", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.boolean(), (textLength, proofPhoto) => {
        const verdict = evaluateSync(blogFacts({ textLength, proofPhoto }), POLICY, { asOf });
        expect(outcomeOf(verdict, "blog.text-length")).toBe(
          textLength < 1000 ? "violation" : "compliant",
        );
        expect(outcomeOf(verdict, "blog.proof-photo")).toBe(proofPhoto ? "compliant" : "violation");
      }),
      { numRuns: 60 },
    );
  });

  it("a mistyped path is a policy error with a hint", () => {
    const typo = structuredClone(POLICY);
    typo.rules[2].conditions.all[1].path = "$.textLenght";
    try {
      parsePolicy(typo);
      expect.unreachable();
    } catch (error) {
      expect(isValidationError(error)).toBe(true);
      if (isValidationError(error))
        expect(error.issues.map((issue) => issue.message).join("\n")).toContain(
          'did you mean "textLength"?',
        );
    }
  });

  it("refuses a negative, fractional or oversized length and a non-boolean photo", () => {
    // The builders take valid field types only: the bad fields go over a built post.
    const facts = blogFacts({});
    const [blog] = facts.deliverables;
    for (const bad of [
      { textLength: -1 },
      { textLength: 1.5 },
      { textLength: FACTS_LIMITS.postTextLength + 1 },
      { proofPhoto: "yes" },
    ]) {
      try {
        parseFacts({ ...facts, deliverables: [{ ...blog, post: { ...blog?.post, ...bad } }] });
        expect.unreachable(JSON.stringify(bad));
      } catch (error) {
        expect(isValidationError(error)).toBe(true);
        if (isValidationError(error))
          expect(error.issues[0]?.path).toMatch(/^deliverables\.0\.post\.(textLength|proofPhoto)$/);
      }
    }
  });
});
