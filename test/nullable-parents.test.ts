/**
 * Fields under a parent that may be null (`deliverable.retention.*`, `voucher.*`,
 * `contacts.afterProduct.*`) are "X or null" for the checker and read `null` in a run: a negated
 * equality on one is refused unless a condition beside it proves the parent is there, `equal null`
 * is allowed and matches, and a sanction amount, until or an action time that reads nothing is
 * kept and flagged for a person instead of vanishing.
 */
import { describe, expect, it } from "vitest";
import { readFactPath, safePathResolver } from "../src/core/path.js";
import { factShapesFor } from "../src/derive/registry.js";
import { describeShape, resolveShape } from "../src/derive/shape.js";
import {
  evaluate,
  evaluateSync,
  isValidationError,
  type Policy,
  parsePolicy,
} from "../src/index.js";
import { seoulFacts } from "./fixtures.js";

type Rule = Policy["rules"][number];

function policyWith(...rules: unknown[]): unknown {
  return { id: "acme", version: "1", parameters: {}, rules };
}

const violation = (conditions: unknown, type = "acme.check"): unknown => ({
  name: `${type}/rule`,
  conditions,
  event: {
    type,
    params: {
      phase: "violations",
      kind: "breach",
      role: "other",
      scope: "deliverable",
      outcome: "violation",
      explanation: "Checked {deliverable.id}.",
    },
  },
});

function issuesOf(policy: unknown) {
  try {
    parsePolicy(policy);
    return [];
  } catch (error) {
    if (!isValidationError(error)) throw error;
    return error.issues;
  }
}

describe("the type of a field under a nullable parent", () => {
  it('is "X or null", though the field itself is declared non-null', () => {
    const shapes = factShapesFor("sanctions", "deliverable");
    for (const [fact, path, words] of [
      ["voucher", ["value"], "money { amount, currency } or null"],
      ["deliverable", ["retention", "status"], "or null"],
      ["contacts", ["afterProduct", "count"], "an integer or null"],
    ] as const) {
      const shape = shapes[fact];
      if (!shape) throw new Error(`no ${fact} fact`);
      const resolution = resolveShape(shape, path);
      if (!resolution.ok) throw new Error(`${fact}.${path.join(".")} does not resolve`);
      expect(resolution.shape.nullable, `${fact}.${path.join(".")}`).toBe(true);
      expect(describeShape(resolution.shape)).toContain(words);
    }
    // A field whose parents are always there keeps its own nullability.
    if (!shapes.deliverable) throw new Error("no deliverable fact");
    const id = resolveShape(shapes.deliverable, ["id"]);
    expect(id.ok && id.shape.nullable).toBeFalsy();
  });

  it("reads null in a run, like a null fact does (an absent key still reads undefined)", () => {
    expect(readFactPath({ retention: null }, ["retention", "status"])).toBeNull();
    expect(safePathResolver({ retention: null }, "$.retention.status")).toBeNull();
    expect(safePathResolver({ a: { b: null } }, "$.a.b.c")).toBeNull();
    expect(readFactPath({ retention: {} }, ["retention", "status"])).toBeUndefined();
    expect(readFactPath({ retention: "text" }, ["retention", "status"])).toBeUndefined();
  });
});

describe("the checker on a negated equality under a nullable parent", () => {
  it("refuses notEqual, notIn and not:equal, naming the parent and the guard", () => {
    for (const operator of ["notEqual", "notIn", "not:equal", "doesNotContain"] as const) {
      const value = operator === "notIn" ? ["kept"] : operator === "doesNotContain" ? "x" : "kept";
      const parent = operator === "doesNotContain" ? "edits" : "retention";
      const path = operator === "doesNotContain" ? "$.edits.breachIds" : "$.retention.status";
      const issues = issuesOf(
        policyWith(violation({ all: [{ fact: "deliverable", path, operator, value }] })),
      );
      const hit = issues.find((issue) => issue.path.endsWith("conditions.all[0].operator"));
      expect(hit, operator).toBeDefined();
      expect(hit?.path).toBe('rules["acme.check/rule"].conditions.all[0].operator');
      expect(hit?.message).toContain(`deliverable.${parent} is null or absent`);
      expect(hit?.message).toContain('"isPresent"');
    }
  });

  it("accepts it with a guard beside it, or a positive condition on the same parent", () => {
    const negated = {
      fact: "deliverable",
      path: "$.retention.status",
      operator: "notEqual",
      value: "kept",
    };
    for (const guard of [
      { fact: "deliverable", path: "$.retention", operator: "isPresent", value: true },
      { fact: "deliverable", path: "$.retention.status", operator: "isPresent", value: true },
      {
        fact: "deliverable",
        path: "$.retention.minLiveDuration.days",
        operator: "greaterThan",
        value: 0,
      },
    ]) {
      expect(issuesOf(policyWith(violation({ all: [guard, negated] })))).toEqual([]);
    }
    // A guard in another branch of an `any` proves nothing for this one.
    const elsewhere = {
      any: [
        { fact: "deliverable", path: "$.retention", operator: "isPresent", value: true },
        negated,
      ],
    };
    expect(issuesOf(policyWith(violation(elsewhere)))).not.toEqual([]);
    // A guard on another parent does not cover this one either.
    const other = {
      all: [{ fact: "deliverable", path: "$.edits", operator: "isPresent", value: true }, negated],
    };
    expect(issuesOf(policyWith(violation(other)))).not.toEqual([]);
    // A parent that is always there needs no guard.
    const plain = {
      all: [{ fact: "deliverable", path: "$.id", operator: "notEqual", value: "x" }],
    };
    expect(issuesOf(policyWith(violation(plain)))).toEqual([]);
  });

  it("allows equal null on it, and the run matches it when the parent is null", async () => {
    const policy = parsePolicy(
      policyWith(
        violation({
          all: [
            { fact: "deliverable", path: "$.retention.status", operator: "equal", value: null },
          ],
        }),
      ),
    );
    const options = { asOf: "2026-03-10T00:00:00Z" };
    const verdict = evaluateSync(seoulFacts(), policy, options);
    // No post: no retention, so the status reads null and the rule fires.
    expect(verdict.findings.map((finding) => finding.rule)).toEqual(["acme.check"]);
    expect(JSON.stringify(await evaluate(seoulFacts(), policy, options))).toBe(
      JSON.stringify(verdict),
    );
  });
});

describe("a sanction or action reference that reads nothing", () => {
  const sanctionRule = (sanction: unknown, action?: unknown): Rule =>
    ({
      name: "acme.bill/rule",
      conditions: { all: [{ fact: "asOf", operator: "isPresent", value: true }] },
      event: {
        type: "acme.bill",
        params: {
          phase: "sanctions",
          scope: "campaign",
          ...(sanction ? { sanction } : {}),
          ...(action ? { action } : {}),
        },
      },
    }) as Rule;

  it("keeps the sanction, flagged for review, its note naming what is unknown", async () => {
    // seoulFacts has no voucher: voucher.value and voucher.redeemedAt read null.
    const policy = parsePolicy(
      policyWith(
        sanctionRule({
          type: "invoice",
          amount: "voucher.value",
          until: "voucher.redeemedAt",
          because: { fact: "campaign.id" },
          note: "Invoice the voucher.",
        }),
      ),
    );
    const options = { asOf: "2026-03-10T00:00:00Z" };
    const verdict = evaluateSync(seoulFacts(), policy, options);
    expect(verdict.sanctions).toEqual([
      {
        type: "invoice",
        because: ["camp-1"],
        requiresHumanReview: true,
        note: "Invoice the voucher. (voucher.value, voucher.redeemedAt are unknown: a person decides.)",
      },
    ]);
    expect(JSON.stringify(await evaluate(seoulFacts(), policy, options))).toBe(
      JSON.stringify(verdict),
    );
  });

  it("leaves a sanction whose references read well as it was", () => {
    const policy = parsePolicy(
      policyWith(
        sanctionRule({
          type: "invoice",
          amount: "product.value",
          because: { fact: "campaign.id" },
          note: "Invoice the product.",
        }),
      ),
    );
    const verdict = evaluateSync(seoulFacts(), policy, { asOf: "2026-03-10T00:00:00Z" });
    expect(verdict.sanctions).toEqual([
      {
        type: "invoice",
        because: ["camp-1"],
        amount: { amount: 45000, currency: "KRW" },
        note: "Invoice the product.",
      },
    ]);
  });

  it("asks support now instead of dropping an action whose time is unknown", async () => {
    const policy = parsePolicy(
      policyWith(
        sanctionRule(undefined, { type: "recheck", at: "voucher.issuedAt", note: "Look again." }),
      ),
    );
    const options = { asOf: "2026-03-10T00:00:00Z" };
    const verdict = evaluateSync(seoulFacts(), policy, options);
    expect(verdict.actions).toEqual([
      {
        type: "report_to_support",
        at: "2026-03-10T00:00:00.000Z",
        note: "Decide when to recheck: voucher.issuedAt is unknown. Look again.",
      },
    ]);
    expect(JSON.stringify(await evaluate(seoulFacts(), policy, options))).toBe(
      JSON.stringify(verdict),
    );
  });
});
