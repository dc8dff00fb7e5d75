/**
 * The complete static checker (issue 9, "validated is not runnable / not correct"): each crash
 * class and each silent misfire is refused by `parsePolicy` with a clear, rule-named issue, its
 * code and its path; every problem is listed at once; every preset (default and overridden) and
 * every example passes; and a policy validated once is cached by content.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { examples } from "../examples/index.js";
import { factShapesFor } from "../src/derive/registry.js";
import { fieldsOf, type Shape } from "../src/derive/shape.js";
import {
  evaluate,
  evaluateSync,
  isValidationError,
  mediance,
  type Policy,
  type PolicyRule,
  PRESETS,
  parsePolicy,
  refluenced,
  type ValidationIssue,
} from "../src/index.js";
import { policyChecks, suggest } from "../src/policy/check.js";
import { KNOWN_OPERATORS, OPERATOR_ALIASES } from "../src/policy/operators.js";
import { medianceWithSanctionLeaf, seoulFacts, withPost } from "./fixtures.js";

const ASOF = "2026-04-10T00:00:00Z";
const RULE = "t.rule/violation";

function issuesOf(run: () => unknown): readonly ValidationIssue[] {
  try {
    run();
  } catch (error) {
    if (isValidationError(error)) {
      expect(error.code).toBe("INVALID_POLICY");
      return error.issues;
    }
    throw error;
  }
  throw new Error("expected a ValidationError");
}

const issues = (policy: unknown) => issuesOf(() => parsePolicy(policy));

interface Options {
  parameters?: Record<string, unknown>;
  /** Extra event params of the violation branch. */
  event?: Record<string, unknown>;
  explanation?: string;
  /** More rules after the finding rule. */
  rules?: unknown[];
}

/** A one-branch deliverable finding rule `t.rule` whose violation holds when `conditions` do. */
function policyWith(conditions: unknown, options: Options = {}): Record<string, unknown> {
  return {
    id: "t",
    version: "1",
    parameters: options.parameters ?? {},
    rules: [
      {
        name: RULE,
        conditions,
        event: {
          type: "t.rule",
          params: {
            phase: "violations",
            scope: "deliverable",
            kind: "breach",
            role: "other",
            outcome: "violation",
            explanation: options.explanation ?? "Broken.",
            ...options.event,
          },
        },
      },
      ...(options.rules ?? []),
    ],
  };
}

const leaf = (path: string, operator: string, value: unknown) => ({
  fact: "deliverable",
  path,
  operator,
  value,
});

/** A campaign-scope sanction rule over the findings. */
function sanction(name: string, conditions: unknown, spec: Record<string, unknown>) {
  return {
    name,
    conditions,
    event: {
      type: name.split("/")[0],
      params: { phase: "sanctions", scope: "campaign", sanction: spec },
    },
  };
}

const violated = {
  all: [{ fact: "findings", path: "$.anyViolation", operator: "equal", value: true }],
};

describe("the crash classes of issue 9 are refused, or run", () => {
  it("a leaf priority is supported: it validates and both evaluators run it", async () => {
    const policy = parsePolicy(
      policyWith({ all: [{ ...leaf("$.posted", "equal", false), priority: 5 }] }),
    );
    const facts = seoulFacts();
    const verdict = await evaluate(facts, policy, { asOf: ASOF });
    expect(evaluateSync(facts, policy, { asOf: ASOF })).toEqual(verdict);
    expect(verdict.findings).toMatchObject([{ rule: "t.rule", outcome: "violation" }]);
  });

  it("value references { fact: 7 } and { path: 1 } are refused at the reference", () => {
    expect(issues(policyWith({ all: [leaf("$.dueAt", "instantBefore", { fact: 7 })] }))).toEqual([
      {
        code: "invalid_type",
        path: 'rules["t.rule/violation"].conditions.all[0].value.fact',
        message: "must be the name of a fact, e.g. deliverable",
      },
    ]);
    expect(
      issues(policyWith({ all: [leaf("$.dueAt", "instantBefore", { fact: "asOf", path: 1 })] })),
    ).toEqual([
      {
        code: "invalid_type",
        path: 'rules["t.rule/violation"].conditions.all[0].value.path',
        message: "must be a string such as $.dueAt",
      },
    ]);
    // Without `fact`, json-rules-engine reads { path: 1 } as a literal: not an instant.
    expect(issues(policyWith({ all: [leaf("$.dueAt", "instantBefore", { path: 1 })] }))).toEqual([
      {
        code: "invalid_policy",
        path: 'rules["t.rule/violation"].conditions.all[0].value',
        message: expect.stringContaining('operator "instantBefore" takes an ISO-8601 instant'),
      },
    ]);
  });

  it("`in` and `someValue:` with a non-array (literal or reference) are refused", () => {
    expect(issues(policyWith({ all: [leaf("$.kind", "in", "post")] }))[0]).toMatchObject({
      code: "invalid_policy",
      path: 'rules["t.rule/violation"].conditions.all[0].value',
      message: expect.stringContaining('operator "in" takes an array'),
    });
    expect(
      issues(policyWith({ all: [leaf("$.kind", "in", { fact: "deliverable", path: "$.id" })] }))[0],
    ).toEqual({
      code: "invalid_policy",
      path: 'rules["t.rule/violation"].conditions.all[0].value',
      message: `operator "in" takes an array of strings, numbers, booleans or nulls, e.g. ["a", "b"] on its value side, but deliverable.id is a string`,
    });
    expect(
      issues(
        policyWith({ all: [leaf("$.dueAt", "someValue:instantBefore", "2026-01-01T00:00:00Z")] }),
      )[0],
    ).toMatchObject({
      code: "invalid_policy",
      path: 'rules["t.rule/violation"].conditions.all[0].value',
      message: expect.stringContaining('"someValue" applies the rest to each item'),
    });
    expect(
      issues(
        policyWith({
          all: [
            leaf("$.dueAt", "someValue:instantBefore", {
              fact: "participation",
              path: "$.selectedAt",
            }),
          ],
        }),
      )[0],
    ).toEqual({
      code: "invalid_policy",
      path: 'rules["t.rule/violation"].conditions.all[0].value',
      message: `operator "someValue:instantBefore" takes an array on its value side ("someValue" applies the rest to each item), but participation.selectedAt is an instant`,
    });
    // Accepted: an array fact iterated with someFact:, a list literal with someValue:.
    expect(() =>
      parsePolicy(
        policyWith({
          all: [
            {
              fact: "deliverables",
              path: "$.missingIds",
              operator: "someFact:in",
              value: ["feed"],
            },
            leaf("$.dueAt", "someValue:instantBefore", ["2026-01-01T00:00:00Z"]),
          ],
        }),
      ),
    ).not.toThrow();
  });

  it("elapsedAtLeast with { years: 1e9 } is too big", () => {
    expect(
      issues(policyWith({ all: [leaf("$.sinceDue", "elapsedAtLeast", { years: 1e9 })] })),
    ).toEqual([
      {
        code: "too_big",
        path: 'rules["t.rule/violation"].conditions.all[0].value',
        message: expect.stringContaining("of at most 1000 years"),
      },
    ]);
  });

  it("a money-shaped parameter with currency X! shown in a template is refused", () => {
    const policy = policyWith(
      { all: [leaf("$.posted", "equal", false)] },
      {
        parameters: { fee: { amount: 100, currency: "X!" } },
        explanation: "Fee {params.fee}.",
      },
    );
    expect(issues(policy)).toEqual([
      expect.objectContaining({ code: "invalid_format", path: "parameters.fee.currency" }),
    ]);
  });

  it("`since` pointing at a non-instant is refused, named by rule", () => {
    const policy = policyWith(
      { all: [leaf("$.posted", "equal", false)] },
      { event: { since: "deliverable.posted" } },
    );
    expect(issues(policy)).toEqual([
      {
        code: "invalid_policy",
        path: 'rules["t.rule/violation"].event.params.since',
        message: `"deliverable.posted" must be an ISO-8601 instant with an offset here, but it is a boolean`,
      },
    ]);
    // A nullable instant is fine: no `since` when it is null.
    expect(() =>
      parsePolicy(
        policyWith(
          { all: [leaf("$.posted", "equal", false)] },
          { event: { since: "deliverable.retention.removalSeenAt" } },
        ),
      ),
    ).not.toThrow();
  });
});

describe("every segment of every path is checked", () => {
  it("deliverable.postedd, with its hint", () => {
    expect(issues(policyWith({ all: [leaf("$.postedd", "equal", true)] }))).toEqual([
      {
        code: "unknown_reference",
        path: 'rules["t.rule/violation"].conditions.all[0].path',
        message: `"deliverable.postedd": deliverable has no field "postedd"; did you mean "posted"?`,
      },
    ]);
  });

  it("a deep path: each segment, through nullable objects, money, intervals and arrays", () => {
    const ok = [
      leaf("$.retention.requiredUntil", "instantBefore", { fact: "asOf" }),
      leaf("$.sinceDue", "elapsedAtLeast", { days: 1 }),
      leaf("$.facts.post.observations[0].state", "equal", "live"),
      leaf("$.edits.breachIds.length", "greaterThan", 0),
      { fact: "product", path: "$.value.amount", operator: "greaterThan", value: 0 },
    ];
    expect(() => parsePolicy(policyWith({ all: ok }))).not.toThrow();
    expect(
      issues(
        policyWith({
          all: [
            leaf("$.retention.requiredUntill", "instantBefore", { fact: "asOf" }),
            leaf("$.posted.at", "equal", true),
            { fact: "product", path: "$.value.amout", operator: "greaterThan", value: 0 },
          ],
        }),
      ),
    ).toEqual([
      {
        code: "unknown_reference",
        path: 'rules["t.rule/violation"].conditions.all[0].path',
        message: `"deliverable.retention.requiredUntill": deliverable.retention has no field "requiredUntill"; did you mean "requiredUntil"?`,
      },
      {
        code: "unknown_reference",
        path: 'rules["t.rule/violation"].conditions.all[1].path',
        message: `"deliverable.posted.at": deliverable.posted is a boolean, with no field "at"`,
      },
      {
        code: "unknown_reference",
        path: 'rules["t.rule/violation"].conditions.all[2].path',
        message: `"product.value.amout": product.value has no field "amout"; did you mean "amount"?`,
      },
    ]);
  });

  it("{deliverable.idd} in a template", () => {
    const policy = policyWith(
      { all: [leaf("$.posted", "equal", false)] },
      { explanation: "Deliverable {deliverable.idd} is missing." },
    );
    expect(issues(policy)).toEqual([
      {
        code: "unknown_reference",
        path: 'rules["t.rule/violation"].event.params.explanation',
        message: `"{deliverable.idd}": deliverable has no field "idd"; did you mean "id"?`,
      },
    ]);
  });

  it("evidence entries, value references and checkAt are resolved too", () => {
    const policy = policyWith(
      { all: [leaf("$.dueAt", "instantBefore", { fact: "deliverable", path: "$.publishedAtt" })] },
      {
        event: {
          evidence: { due: "deliverable.dueAt", seen: "deliverable.retention.lastLiveAtt" },
          checkAt: "deliverable.remindAtt",
        },
      },
    );
    expect(issues(policy).map(({ code, path }) => [code, path])).toEqual([
      ["unknown_reference", 'rules["t.rule/violation"].conditions.all[0].value.path'],
      ["unknown_reference", 'rules["t.rule/violation"].event.params.checkAt'],
      ["unknown_reference", 'rules["t.rule/violation"].event.params.evidence.seen'],
    ]);
  });

  it("an operator is paired with the kind of the fact it reads", () => {
    const refused = (condition: unknown) => issues(policyWith({ all: [condition] }))[0];
    expect(refused(leaf("$.posted", "instantBefore", "2026-01-01T00:00:00Z"))).toEqual({
      code: "invalid_policy",
      path: 'rules["t.rule/violation"].conditions.all[0].value',
      message: `operator "instantBefore" takes an ISO-8601 instant with an offset, e.g. "2026-03-01T00:00:00Z" on its fact side, but deliverable.posted is a boolean`,
    });
    expect(refused(leaf("$.dueAt", "greaterThan", 3))).toMatchObject({
      message: expect.stringContaining("but deliverable.dueAt is an instant"),
    });
    expect(refused(leaf("$.dueAt", "elapsedAtLeast", { days: 1 }))).toMatchObject({
      message: expect.stringContaining("but deliverable.dueAt is an instant"),
    });
    expect(refused(leaf("$.retention", "equal", null))).toMatchObject({
      message: expect.stringContaining("but deliverable.retention is an object or null"),
    });
    expect(refused(leaf("$.id", "someFact:equal", "feed"))).toMatchObject({
      message: expect.stringContaining(
        '"someFact" applies the rest to each item), but deliverable.id is a string',
      ),
    });
    expect(refused(leaf("$.retention.status", "equal", "kepts"))).toEqual({
      code: "invalid_policy",
      path: 'rules["t.rule/violation"].conditions.all[0].value',
      message: expect.stringMatching(
        /deliverable.retention.status is never "kepts".*did you mean "kept"\?$/,
      ),
    });
    // swap: puts the fact on the value side: a boolean cannot be the end of an instant comparison.
    expect(refused(leaf("$.posted", "swap:instantBefore", "2026-01-01T00:00:00Z"))).toMatchObject({
      message: expect.stringContaining("on its value side, but deliverable.posted is a boolean"),
    });
    // not: changes no kind; isPresent takes anything.
    expect(() =>
      parsePolicy(
        policyWith({
          all: [
            leaf("$.posted", "not:equal", true),
            leaf("$.retention", "isPresent", true),
            leaf("$.retention.status", "in", ["kept", "removed_early"]),
          ],
        }),
      ),
    ).not.toThrow();
  });
});

describe("event references and rule ids", () => {
  const withSanction = (spec: Record<string, unknown>, conditions: unknown = violated) =>
    policyWith(
      { all: [leaf("$.posted", "equal", false)] },
      {
        rules: [sanction("t.sanction/x", conditions, spec)],
      },
    );

  it("a misspelt amount, and an amount that is not money", () => {
    expect(
      issues(
        withSanction({ type: "invoice", because: { rules: ["t.rule"] }, amount: "product.valeu" }),
      ),
    ).toEqual([
      {
        code: "unknown_reference",
        path: 'rules["t.sanction/x"].event.params.sanction.amount',
        message: '"product.valeu": product has no field "valeu"; did you mean "value"?',
      },
    ]);
    expect(
      issues(
        withSanction({
          type: "invoice",
          because: { rules: ["t.rule"] },
          amount: "product.delivered",
        }),
      ),
    ).toEqual([
      {
        code: "invalid_policy",
        path: 'rules["t.sanction/x"].event.params.sanction.amount',
        message:
          '"product.delivered" must be money { amount, currency } here, but it is a boolean or null',
      },
    ]);
    expect(() =>
      parsePolicy(
        withSanction({ type: "invoice", because: { rules: ["t.rule"] }, amount: "product.value" }),
      ),
    ).not.toThrow();
  });

  it("scoreDelta, until and an action's at must be an integer, an instant, an instant", () => {
    const found = issues(
      policyWith(
        { all: [leaf("$.posted", "equal", false)] },
        {
          rules: [
            {
              name: "t.sanction/y",
              conditions: violated,
              event: {
                type: "t.sanction",
                params: {
                  phase: "sanctions",
                  scope: "campaign",
                  sanction: {
                    type: "decrease_quality_score",
                    because: { kinds: ["breach"] },
                    scoreDelta: "standing.qualityScore",
                    until: "findings.escalation.count",
                  },
                  action: { type: "recheck", at: "findings.anyViolation", note: "Look again." },
                },
              },
            },
          ],
        },
      ),
    );
    expect(found.map(({ path, message }) => [path, message])).toEqual([
      [
        'rules["t.sanction/y"].event.params.sanction.until',
        '"findings.escalation.count" must be an ISO-8601 instant with an offset here, but it is an integer',
      ],
      [
        'rules["t.sanction/y"].event.params.sanction.scoreDelta',
        '"standing.qualityScore" must be an integer here, but it is a number',
      ],
      [
        'rules["t.sanction/y"].event.params.action.at',
        '"findings.anyViolation" must be an ISO-8601 instant with an offset here, but it is a boolean',
      ],
    ]);
  });

  it("a misspelt rule id in because.rules", () => {
    expect(issues(withSanction({ type: "warning", because: { rules: ["t.rul"] } }))).toEqual([
      {
        code: "unknown_reference",
        path: 'rules["t.sanction/x"].event.params.sanction.because.rules[0]',
        message: '"t.rul" is not a finding rule of this policy; did you mean "t.rule"?',
      },
    ]);
  });

  it("a condition comparing rule ids or finding keys names finding rules of this policy", () => {
    const contains = (value: unknown, path = "$.violatedRules", operator = "contains") => ({
      all: [{ fact: "findings", path, operator, value }],
    });
    expect(
      issues(
        withSanction({ type: "warning", because: { kinds: ["breach"] } }, contains("t.rulee")),
      ),
    ).toEqual([
      {
        code: "unknown_reference",
        path: 'rules["t.sanction/x"].conditions.all[0].value',
        message:
          '"t.rulee" is not a finding rule of this policy, so findings.violatedRules never holds it; did you mean "t.rule"?',
      },
    ]);
    const sanctionOf = (conditions: unknown) =>
      withSanction({ type: "warning", because: { kinds: ["breach"] } }, conditions);
    expect(
      issues(sanctionOf(contains(["t.rule", "x.y"], "$.violatedRules", "intersects"))),
    ).toMatchObject([
      {
        code: "unknown_reference",
        message: expect.stringContaining('"x.y" is not a finding rule'),
      },
    ]);
    expect(issues(sanctionOf(contains("x.y@feed", "$.violationKeys")))).toMatchObject([
      {
        code: "unknown_reference",
        message: expect.stringContaining('"x.y" is not a finding rule'),
      },
    ]);
    expect(issues(sanctionOf(contains("x", "$.byRule.nope", "equal")))).toMatchObject(
      [
        { code: "unknown_reference", path: 'rules["t.sanction/x"].conditions.all[0].path' },
        { code: "invalid_policy", message: expect.stringContaining('is never "x"') },
      ].slice(0, 1),
    );
    expect(() => parsePolicy(sanctionOf(contains("t.rule@feed", "$.violationKeys")))).not.toThrow();
    // A rule id may hold "@" itself: the key is read against the rules that exist.
    const atRule = (key: string) => {
      const policy = sanctionOf(contains(key, "$.violationKeys"));
      const [violation] = policy.rules as Array<{ event: { type: string } }>;
      if (!violation) throw new Error("fixture");
      violation.event.type = "t.rule@v2";
      return policy;
    };
    expect(() => parsePolicy(atRule("t.rule@v2@feed"))).not.toThrow();
    // A key is what the rule's scope makes: t.rule@v2 is of deliverable scope (the fixture's).
    expect(issues(atRule("t.rule@v2"))).toMatchObject([
      {
        code: "unknown_reference",
        message:
          '"t.rule@v2" is a finding rule of deliverable scope: its keys are "t.rule@v2@<deliverable id>", so findings.violationKeys never holds "t.rule@v2"',
      },
    ]);
    expect(issues(atRule("t.rule@v2@"))).toMatchObject([{ code: "unknown_reference" }]);
    expect(issues(atRule("t.rule@v3@feed"))).toMatchObject([
      {
        code: "unknown_reference",
        message: expect.stringContaining('"t.rule" is not a finding rule'),
      },
    ]);
  });

  it("a finding key must fit its rule's scope: a campaign rule's id alone, a deliverable rule's with @", () => {
    const comparing = (key: string) =>
      medianceWithSanctionLeaf(`scoped-${key}`, {
        fact: "findings",
        path: "$.violationKeys",
        operator: "contains",
        value: key,
      });
    expect(() => parsePolicy(comparing("mediance.silent-after-product"))).not.toThrow();
    expect(() => parsePolicy(comparing("mediance.tracking-unavailable@feed"))).not.toThrow();
    expect(issues(comparing("mediance.silent-after-product@feed"))).toMatchObject([
      {
        code: "unknown_reference",
        message: expect.stringContaining(
          '"mediance.silent-after-product" is a finding rule of campaign scope: its key is "mediance.silent-after-product" alone',
        ),
      },
    ]);
    expect(issues(comparing("mediance.tracking-unavailable"))).toMatchObject([
      {
        code: "unknown_reference",
        message: expect.stringContaining("is a finding rule of deliverable scope"),
      },
    ]);
  });

  it("the borrowed remedy: Refluenced's sanctions react to Mediance's findings by role", () => {
    const { requestBeforeDeadline: _r, ...refluencedParameters } = refluenced().parameters;
    const { excusableTypes: _e, ...medianceParameters } = mediance().parameters;
    const borrowed = {
      id: "borrowed",
      version: "1",
      parameters: { ...refluencedParameters, ...medianceParameters },
      rules: [
        ...mediance().rules.filter((rule) => rule.event.params.phase === "violations"),
        ...refluenced().rules.filter((rule) => rule.event.params.phase === "sanctions"),
      ],
    };
    expect(() => parsePolicy(borrowed)).not.toThrow();
    // Without a content_missing rule, the remedies could never fire: refused, naming the rule.
    const without = {
      ...borrowed,
      rules: borrowed.rules.filter((rule) => rule.event.type !== "mediance.post-not-registered"),
    };
    const found = issues(without);
    expect(found).toContainEqual({
      code: "unknown_reference",
      path: 'rules["refluenced.sanction/withhold-payout"].conditions.all[0].value',
      message: expect.stringMatching(
        /^no finding rule of this policy has the role "content_missing", so findings\.violatedRoles never holds it/,
      ),
    });
    expect(found).toContainEqual({
      code: "unknown_reference",
      path: 'rules["refluenced.sanction/withhold-payout"].event.params.sanction.because.roles[0]',
      message: expect.stringMatching(
        /^no finding rule of this policy has the role "content_missing"/,
      ),
    });
  });
});

describe("hints are ranked sensibly", () => {
  it("greaterThanOrEqual suggests greaterThanInclusive, not greaterThan", () => {
    expect(issues(policyWith({ all: [leaf("$.edits.count", "greaterThanOrEqual", 1)] }))).toEqual([
      {
        code: "invalid_policy",
        path: 'rules["t.rule/violation"].conditions.all[0].operator',
        message: 'unknown operator "greaterThanOrEqual"; did you mean "greaterThanInclusive"?',
      },
    ]);
    expect(
      issues(policyWith({ all: [leaf("$.edits.breachIds", "someFact:lessThanOrEqual", 1)] }))[0]
        ?.message,
    ).toBe(
      'unknown operator "someFact:lessThanOrEqual"; did you mean "someFact:lessThanInclusive"?',
    );
  });

  it("case, aliases, prefixes, then edit distance", () => {
    expect(suggest("POSTED", ["posted", "postUrl"])).toBe("posted");
    expect(suggest("gte", KNOWN_OPERATORS, OPERATOR_ALIASES)).toBe("greaterThanInclusive");
    expect(suggest("postedd", ["postUrl", "posted", "publishedAt"])).toBe("posted");
    expect(suggest("due", ["dueAt", "dueBeforeSelection"])).toBe("dueAt");
    expect(suggest("deliverabel", ["deliverables", "deliverable"])).toBe("deliverable");
    expect(suggest("qwertyuiop", ["posted", "dueAt"])).toBeUndefined();
    expect(suggest("x".repeat(100), ["x"])).toBeUndefined();
  });
});

describe("every problem at once, named by rule", () => {
  it("lists the problems of every rule, in rule order", () => {
    const policy = policyWith(
      {
        all: [
          leaf("$.postedd", "equal", true),
          leaf("$.dueAt", "instantBefore", { fact: "asOff" }),
        ],
      },
      {
        explanation: "{deliverable.idd} {params.nope}",
        rules: [
          sanction("t.sanction/x", violated, {
            type: "invoice",
            because: { rules: ["t.rul"] },
            amount: "payment.amout",
          }),
        ],
      },
    );
    expect(issues(policy).map(({ code, path }) => `${code} ${path}`)).toEqual([
      'unknown_reference rules["t.rule/violation"].conditions.all[0].path',
      'unknown_reference rules["t.rule/violation"].conditions.all[1].value.fact',
      'unknown_reference rules["t.rule/violation"].event.params.explanation',
      'unknown_reference rules["t.rule/violation"].event.params.explanation',
      'unknown_reference rules["t.sanction/x"].event.params.sanction.amount',
      'unknown_reference rules["t.sanction/x"].event.params.sanction.because.rules[0]',
    ]);
  });
});

describe("what passes", () => {
  const rulesOfConcern = (error: unknown) =>
    isValidationError(error)
      ? error.issues.filter(
          (issue) => issue.path.startsWith("rules[") || issue.path.startsWith("parameters."),
        )
      : [error];

  it("every preset, round-tripped through JSON, and every example's policy", () => {
    for (const [id, entry] of Object.entries(PRESETS)) {
      const policy = entry.create();
      expect(parsePolicy(JSON.parse(JSON.stringify(policy))), id).toEqual(policy);
    }
    for (const [, scenarios] of examples)
      for (const scenario of scenarios)
        expect(() => parsePolicy(JSON.parse(JSON.stringify(scenario.policy)))).not.toThrow();
  });

  it("every preset with parameter overrides: whatever override a preset accepts passes the checker", () => {
    const variant = (value: unknown, pick: number): unknown => {
      if (typeof value === "boolean") return !value;
      if (typeof value === "number") return Number.isInteger(value) ? value + pick : value * 2;
      if (Array.isArray(value)) return value.slice(0, pick % (value.length + 1));
      if (value && typeof value === "object") {
        const keys = Object.keys(value);
        if (
          keys.length > 0 &&
          keys.every((key) => ["days", "hours", "minutes", "weeks"].includes(key))
        )
          return { [["days", "hours"][pick % 2] as string]: pick + 1 };
      }
      return value;
    };
    let built = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.values(PRESETS)),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 5 })), { minLength: 1, maxLength: 4 }),
        (entry, picks) => {
          const defaults = entry.defaults as Record<string, unknown>;
          const keys = Object.keys(defaults);
          const overrides: Record<string, unknown> = {};
          for (const [key, pick] of picks) {
            const name = keys[key % keys.length] as string;
            overrides[name] = variant(defaults[name], pick);
          }
          try {
            (entry.create as (overrides: unknown) => Policy)(overrides);
            built++;
          } catch (error) {
            expect(rulesOfConcern(error)).toEqual([]);
          }
        },
      ),
      { numRuns: 200, seed: 3 },
    );
    expect(built).toBeGreaterThan(100);
  });
});

describe("a policy validated once is cached by content", () => {
  it("an equal but new object is not re-validated; a changed one is", () => {
    const json = JSON.stringify(
      policyWith({ all: [leaf("$.posted", "equal", false)] }, { explanation: "cache probe 1" }),
    );
    const first = parsePolicy(JSON.parse(json));
    const before = policyChecks.count;
    const again = parsePolicy(JSON.parse(json));
    expect(policyChecks.count).toBe(before);
    expect(again).toBe(first);
    const changed = JSON.parse(json);
    changed.rules[0].event.params.explanation = "cache probe 2";
    expect(parsePolicy(changed).rules[0]?.event.params).toMatchObject({
      explanation: "cache probe 2",
    });
    expect(policyChecks.count).toBe(before + 1);
    // A change that breaks the policy is refused, not served from the cache.
    const broken = JSON.parse(json);
    broken.rules[0].conditions.all[0].path = "$.postedd";
    expect(issues(broken)[0]?.code).toBe("unknown_reference");
  });

  it("key order is content too, and input that is not plain JSON is checked every time", () => {
    const policy = policyWith(
      { all: [leaf("$.posted", "equal", false)] },
      { explanation: "probe 3" },
    );
    parsePolicy(structuredClone(policy));
    const before = policyChecks.count;
    const { rules, ...rest } = policy;
    parsePolicy({ rules, ...rest });
    expect(policyChecks.count).toBe(before + 1);
    // A Date in the parameters is no JSON: never served from (or put in) the cache.
    const dated = { ...policy, parameters: { at: new Date(0) } };
    issuesOf(() => parsePolicy(dated));
    issuesOf(() => parsePolicy(dated));
    expect(policyChecks.count).toBe(before + 3);
  });
});

describe("a checked policy runs", () => {
  it("deep custom paths evaluate identically on both evaluators", async () => {
    const policy = parsePolicy(
      policyWith(
        {
          all: [
            leaf("$.facts.post.observations[0].state", "equal", "live"),
            leaf("$.retention.requiredUntil", "instantAfter", {
              fact: "deliverable",
              path: "$.publishedAt",
            }),
          ],
        },
        {
          explanation:
            "First seen {deliverable.facts.post.observations[0].state}, kept until {deliverable.retention.requiredUntil}.",
          parameters: { minLiveDuration: { days: 3 } },
        },
      ),
    );
    const facts = withPost("2026-03-01T10:00:00+09:00", [
      { at: "2026-03-02T10:00:00+09:00", state: "live" },
    ]);
    const verdict = await evaluate(facts, policy, { asOf: ASOF });
    expect(evaluateSync(facts, policy, { asOf: ASOF })).toEqual(verdict);
    expect(verdict.findings[0]?.explanation).toContain("First seen live");
  });

  it("every rule of every preset resolves (the rules' own types are consistent)", () => {
    const rules: PolicyRule[] = Object.values(PRESETS).flatMap((entry) => entry.create().rules);
    expect(rules.length).toBeGreaterThan(100);
  });
});

describe("the checker agrees with the registry on every declared path", () => {
  /** Every path of the facts a rule of one phase and scope reads, to depth 4. */
  function pathsOf(
    phase: "violations" | "exceptions" | "sanctions",
    scope: "campaign" | "deliverable",
  ) {
    const found: Array<{ fact: string; segments: string[] }> = [];
    const walk = (fact: string, segments: string[], shape: Shape) => {
      found.push({ fact, segments });
      if (segments.length >= 4) return;
      if (shape.kind === "array") found.push({ fact, segments: [...segments, "length"] });
      for (const [field, child] of Object.entries(fieldsOf(shape) ?? {}))
        walk(fact, [...segments, field], child);
    };
    for (const [fact, shape] of Object.entries(factShapesFor(phase, scope)))
      if (fact !== "params") walk(fact, [], shape);
    return found;
  }

  /** A policy whose rule of `phase`/`scope` reads `fact` at `segments` (isPresent takes any kind). */
  function reading(
    phase: "violations" | "exceptions" | "sanctions",
    scope: "campaign" | "deliverable",
    fact: string,
    segments: readonly string[],
  ) {
    const condition = {
      all: [
        {
          fact,
          ...(segments.length > 0 ? { path: `$.${segments.join(".")}` } : {}),
          operator: "isPresent",
          value: true,
        },
      ],
    };
    const finding = policyWith({ all: [leaf("$.posted", "equal", false)] });
    const rules = finding.rules as unknown[];
    if (phase === "violations") {
      const rule = structuredClone(rules[0]) as { event: { params: { scope: string } } };
      rule.event.params.scope = scope;
      return { ...finding, rules: [{ ...rule, conditions: condition, name: "t.rule/probe" }] };
    }
    const params =
      phase === "exceptions"
        ? { phase, status: "accepted", reason: "Accepted." }
        : { phase, scope, sanction: { type: "warning", because: { kinds: ["breach"] } } };
    // A finding rule of each kind, so findings.noShow and findings.breach can both hold.
    const noShow = structuredClone(rules[0]) as {
      name: string;
      event: { type: string; params: { kind: string } };
    };
    noShow.name = "t.noshow/violation";
    noShow.event.type = "t.noshow";
    noShow.event.params.kind = "no_show";
    return {
      ...finding,
      rules: [
        ...rules,
        noShow,
        { name: "t.probe/x", conditions: condition, event: { type: "t.probe", params } },
      ],
    };
  }

  it("accepts every declared path and refuses each one misspelt, at the segment", () => {
    let checked = 0;
    for (const [phase, scope] of [
      ["violations", "campaign"],
      ["violations", "deliverable"],
      ["exceptions", "campaign"],
      ["sanctions", "campaign"],
      ["sanctions", "deliverable"],
    ] as const) {
      for (const { fact, segments } of pathsOf(phase, scope)) {
        const label = [fact, ...segments].join(".");
        expect(() => parsePolicy(reading(phase, scope, fact, segments)), label).not.toThrow();
        const typo =
          segments.length > 0
            ? reading(phase, scope, fact, [...segments.slice(0, -1), `${segments.at(-1)}Typo`])
            : reading(phase, scope, `${fact}Typo`, []);
        const [issue] = issues(typo);
        expect(issue?.code, label).toBe("unknown_reference");
        const rule = phase === "violations" ? "t.rule/probe" : "t.probe/x";
        expect(issue?.path, label).toBe(
          `rules["${rule}"].conditions.all[0].${segments.length > 0 ? "path" : "fact"}`,
        );
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it("a fact outside its phase or scope is an unknown fact, with a hint", () => {
    const found = issues(reading("violations", "campaign", "findings", ["anyViolation"]));
    expect(found[0]).toEqual({
      code: "unknown_reference",
      path: 'rules["t.rule/probe"].conditions.all[0].fact',
      message:
        'unknown fact "findings" for a violations rule of campaign scope; it is read by sanctions rules of campaign or deliverable scope only',
    });
    expect(issues(reading("violations", "campaign", "deliverable", ["id"]))[0]?.message).toBe(
      'unknown fact "deliverable" for a violations rule of campaign scope; it is read by violations and sanctions rules of deliverable scope only',
    );
    // A name that is no fact at all gets a "did you mean" hint instead.
    expect(issues(reading("sanctions", "campaign", "findigns", ["anyViolation"]))[0]?.message).toBe(
      'unknown fact "findigns" for a sanctions rule of campaign scope; did you mean "findings"?',
    );
  });

  it("a claim compared with a finding key of an unknown rule is refused", () => {
    const policy = reading("exceptions", "campaign", "claim", ["covers"]);
    const probe = (
      policy.rules as Array<{ conditions: { all: Array<Record<string, unknown>> } }>
    ).at(-1);
    if (!probe) throw new Error("fixture");
    probe.conditions.all[0] = {
      fact: "claim",
      path: "$.covers",
      operator: "contains",
      value: "t.rulez@feed",
    };
    expect(issues(policy)).toEqual([
      {
        code: "unknown_reference",
        path: 'rules["t.probe/x"].conditions.all[0].value',
        message:
          '"t.rulez" is not a finding rule of this policy, so claim.covers never holds it; did you mean "t.rule"?',
      },
    ]);
  });
});

describe("issue paths name the rule", () => {
  const postedd = { all: [leaf("$.postedd", "equal", true)] };
  const renamed = (policy: Record<string, unknown>, ...names: unknown[]) => {
    const rules = policy.rules as Array<Record<string, unknown>>;
    names.forEach((name, index) => {
      const rule = rules[index];
      if (!rule) throw new Error("fixture");
      if (name === undefined) delete rule.name;
      else rule.name = name;
    });
    return policy;
  };
  const paths = (policy: unknown) => issues(policy).map(({ code, path }) => `${code} ${path}`);

  it("a rule with a unique name is named by it, JSON-quoted", () => {
    expect(paths(policyWith(postedd))).toEqual([
      'unknown_reference rules["t.rule/violation"].conditions.all[0].path',
    ]);
  });

  it("a name with quotes, brackets and dots is quoted, so the path stays unambiguous", () => {
    const name = 'say "hi"[0].x\\';
    const [issue] = issues(renamed(policyWith(postedd), name));
    expect(issue?.path).toBe('rules["say \\"hi\\"[0].x\\\\"].conditions.all[0].path');
    const head = /^rules\[("(?:[^"\\]|\\.)*")\]/.exec(issue?.path ?? "");
    expect(head && JSON.parse(head[1] ?? "")).toBe(name);
    expect(issue?.path.slice(head?.[0].length)).toBe(".conditions.all[0].path");
  });

  it("two rules sharing a name fall back to their index", () => {
    const valid = policyWith({ all: [leaf("$.posted", "equal", true)] }).rules as unknown[];
    const policy = policyWith(postedd, { rules: valid });
    expect(paths(renamed(policy, "t.same", "t.same"))).toEqual([
      "unknown_reference rules[0].conditions.all[0].path",
      "duplicate_id rules[1].name",
    ]);
    expect(issues(policy)[1]?.message).toBe('duplicate rule name "t.same"');
  });

  it("a rule without a usable name (missing, empty, too long, not a string) is named by index", () => {
    const other = policyWith({ all: [{ fact: "nope", operator: "equal", value: 1 }] }).rules;
    const policy = (name: unknown) =>
      renamed(policyWith(postedd, { rules: other as unknown[] }), name, "t.rule/other");
    const unknownFact = 'unknown_reference rules["t.rule/other"].conditions.all[0].fact';
    expect(paths(policy(undefined))).toEqual(["required rules[0].name", unknownFact]);
    expect(paths(policy(""))).toEqual(["too_small rules[0].name", unknownFact]);
    expect(paths(policy("n".repeat(201)))).toEqual(["too_long rules[0].name", unknownFact]);
    expect(paths(policy(7))).toEqual(["invalid_type rules[0].name", unknownFact]);
  });

  it("nested conditions, arrays and keys that are not identifiers", () => {
    const reference = { fact: "deliverable", path: "$.nope" };
    const conditions = {
      any: [
        leaf("$.posted", "equal", true),
        { not: { all: [leaf("$.dueAt", "instantBefore", reference)] } },
      ],
    };
    const evidence = {
      "seen at": "deliverable.nope",
      "a.b": "deliverable.nope",
      "1": "deliverable.nope",
      ok: "deliverable.nope",
    };
    expect(paths(policyWith(conditions, { event: { evidence } }))).toEqual([
      'unknown_reference rules["t.rule/violation"].conditions.any[1].not.all[0].value.path',
      // Object.entries lists an integer-like key first; it stays a string key, not an index.
      'unknown_reference rules["t.rule/violation"].event.params.evidence["1"]',
      'unknown_reference rules["t.rule/violation"].event.params.evidence["seen at"]',
      'unknown_reference rules["t.rule/violation"].event.params.evidence["a.b"]',
      'unknown_reference rules["t.rule/violation"].event.params.evidence.ok',
    ]);
  });

  it("issues from the shape pass are named by rule too: a mistyped priority, a stray key", () => {
    const policy = policyWith(postedd);
    Object.assign((policy.rules as Array<Record<string, unknown>>)[0] ?? {}, {
      priority: "high",
      "x.y": 1,
    });
    expect(paths(policy)).toEqual([
      'invalid_type rules["t.rule/violation"].priority',
      'unknown_key rules["t.rule/violation"]["x.y"]',
    ]);
  });

  it("paths outside the rules keep the dotted form", () => {
    const parameters = {
      fee: { amount: 5, currency: "X!" },
      windows: [{ days: 1 }, { days: 1.5 }],
    };
    expect(paths(policyWith({ all: [leaf("$.posted", "equal", true)] }, { parameters }))).toEqual([
      "invalid_format parameters.fee.currency",
      "invalid_type parameters.windows.1.days",
      "unknown_key parameters.fee",
      "unknown_key parameters.windows",
    ]);
    expect(paths({ ...policyWith(postedd), id: 5 })).toEqual([
      "invalid_type id",
      'unknown_reference rules["t.rule/violation"].conditions.all[0].path',
    ]);
  });

  it("the condition caps name the rule, or its index when the name is shared", () => {
    let deep: unknown = leaf("$.posted", "equal", true);
    for (let level = 0; level < 40; level++) deep = { all: [deep] };
    const message = "the conditions are nested deeper than 32 levels";
    expect(issues(policyWith(deep, { rules: [] }))).toEqual([
      { code: "too_deep", path: 'rules["t.rule/violation"].conditions', message },
    ]);
    const twice = policyWith(deep, { rules: policyWith(deep).rules as unknown[] });
    expect(issues(twice)).toEqual([
      { code: "too_deep", path: "rules[0].conditions", message },
      { code: "too_deep", path: "rules[1].conditions", message },
    ]);
  });

  it("past 100 issues, the kept ones are named and the tail counts the rest", () => {
    const rules = Array.from({ length: 150 }, (_, index) => ({
      ...(policyWith(postedd).rules as Array<Record<string, unknown>>)[0],
      name: `t.rule/${index}`,
      priority: "high",
    }));
    const found = issues({ ...policyWith(postedd), rules });
    expect(found).toHaveLength(101);
    expect(found.slice(0, 100).map((issue) => issue.path)).toEqual(
      Array.from({ length: 100 }, (_, index) => `rules["t.rule/${index}"].priority`),
    );
    expect(found[100]).toEqual({
      code: "too_many_issues",
      path: "",
      message: "and 50 more problems (an error lists at most 100)",
    });
  });

  it("any name: the path reads back as the name and the rest, or falls back to the index", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 30 }), fc.boolean(), (name, shared) => {
        const policy = policyWith(postedd, { rules: policyWith(postedd).rules as unknown[] });
        renamed(policy, name, shared ? name : `${name}/other`);
        const found = issues(policy);
        const first = found[0]?.path ?? "";
        if (shared) {
          expect(first).toBe("rules[0].conditions.all[0].path");
          return;
        }
        const head = /^rules\[("(?:[^"\\]|\\.)*")\]/.exec(first);
        expect(head && JSON.parse(head[1] ?? "")).toBe(name);
        expect(first.slice(head?.[0].length)).toBe(".conditions.all[0].path");
      }),
    );
  });
});

describe("equality is kind-checked: a literal of another kind than the fact never matches", () => {
  const at = 'rules["t.rule/violation"].conditions.all[0].value';
  const refused = (condition: unknown, options: Options = {}) =>
    issues(policyWith({ all: [condition] }, options));
  const INSTANTS =
    "compare instants with instantBefore, instantOnOrBefore, instantAfter or instantOnOrAfter, or write the canonical form";

  it("a boolean fact compared with a string, a number, a list of strings or null", () => {
    expect(refused(leaf("$.posted", "equal", "false"))).toEqual([
      {
        code: "invalid_policy",
        path: at,
        message: 'deliverable.posted holds a boolean, never "false" (a string)',
      },
    ]);
    expect(refused(leaf("$.posted", "equal", 0))).toEqual([
      {
        code: "invalid_policy",
        path: at,
        message: "deliverable.posted holds a boolean, never 0 (a number)",
      },
    ]);
    expect(refused(leaf("$.posted", "notEqual", "true"))).toEqual([
      {
        code: "invalid_policy",
        path: at,
        message: 'deliverable.posted holds a boolean, never "true" (a string)',
      },
    ]);
    expect(refused(leaf("$.posted", "in", ["yes"]))).toEqual([
      {
        code: "invalid_policy",
        path: at,
        message: 'deliverable.posted holds a boolean, never "yes" (a string)',
      },
    ]);
    expect(refused(leaf("$.posted", "notIn", [true, 1]))).toEqual([
      {
        code: "invalid_policy",
        path: at,
        message: "deliverable.posted holds a boolean, never 1 (a number)",
      },
    ]);
    expect(refused(leaf("$.posted", "equal", null))).toEqual([
      {
        code: "invalid_policy",
        path: at,
        message: "deliverable.posted holds a boolean, never null",
      },
    ]);
  });

  it("an instant fact compared with epoch milliseconds or a non-canonical instant", () => {
    expect(refused(leaf("$.dueAt", "equal", 1774018799000))).toEqual([
      {
        code: "invalid_policy",
        path: at,
        message: `deliverable.dueAt holds an instant or null in canonical UTC form (e.g. "2026-03-01T00:00:00.000Z"), so it never equals 1774018799000 (a number): ${INSTANTS}`,
      },
    ]);
    expect(refused(leaf("$.dueAt", "equal", "2026-03-20T23:59:59+09:00"))).toEqual([
      {
        code: "invalid_policy",
        path: at,
        message: `deliverable.dueAt holds an instant or null, written in canonical UTC form ("2026-03-20T14:59:59.000Z" here), so it never equals "2026-03-20T23:59:59+09:00" (a string): ${INSTANTS}`,
      },
    ]);
    // Z without milliseconds is not the canonical form either.
    expect(refused(leaf("$.dueAt", "in", ["2026-03-20T14:59:59Z"]))[0]?.message).toContain(
      '("2026-03-20T14:59:59.000Z" here)',
    );
  });

  it("contains, doesNotContain, intersects and decorators compare the items", () => {
    expect(refused(leaf("$.facts.terms.hashtags", "contains", 5))).toEqual([
      {
        code: "invalid_policy",
        path: at,
        message: "each item of deliverable.facts.terms.hashtags holds a string, never 5 (a number)",
      },
    ]);
    expect(refused(leaf("$.facts.terms.hashtags", "doesNotContain", true))[0]?.message).toBe(
      "each item of deliverable.facts.terms.hashtags holds a string, never true (a boolean)",
    );
    expect(refused(leaf("$.facts.terms.hashtags", "intersects", ["a", 1]))[0]?.message).toBe(
      "each item of deliverable.facts.terms.hashtags holds a string, never 1 (a number)",
    );
    expect(refused(leaf("$.posted", "someValue:equal", [true, "no"]))[0]?.message).toBe(
      'deliverable.posted holds a boolean, never "no" (a string)',
    );
    expect(refused(leaf("$.posted", "not:equal", "false"))[0]?.message).toBe(
      'deliverable.posted holds a boolean, never "false" (a string)',
    );
    expect(refused(leaf("$.kind", "equal", 3))[0]).toEqual({
      code: "invalid_policy",
      path: at,
      message:
        'deliverable.kind holds one of "post", "reel", "story", "video", "blog", "review", never 3 (a number)',
    });
  });

  it("a fact-to-fact reference of another kind", () => {
    expect(refused(leaf("$.posted", "equal", { fact: "deliverable", path: "$.id" }))).toEqual([
      {
        code: "invalid_policy",
        path: at,
        message:
          'operator "equal" compares deliverable.posted (a boolean) with deliverable.id (a string): they never match',
      },
    ]);
  });

  it("the nearest valid forms pass and fire", async () => {
    const fires = async (condition: unknown, options: Options = {}) => {
      const policy = parsePolicy(policyWith({ all: [condition] }, options));
      const facts = seoulFacts({
        deliverables: [{ id: "feed", kind: "post", dueAt: "2026-03-20T23:59:59+09:00" }],
      });
      const verdict = await evaluate(facts, policy, { asOf: ASOF });
      expect(evaluateSync(facts, policy, { asOf: ASOF })).toEqual(verdict);
      return verdict.findings.some((finding) => finding.outcome === "violation");
    };
    expect(await fires(leaf("$.dueAt", "equal", "2026-03-20T14:59:59.000Z"))).toBe(true);
    expect(await fires(leaf("$.dueAt", "equal", "2026-03-20T15:00:00.000Z"))).toBe(false);
    // Not posted: publishedAt is null, and `equal null` on a nullable path matches it.
    expect(await fires(leaf("$.publishedAt", "equal", null))).toBe(true);
    expect(await fires(leaf("$.posted", "in", [false]))).toBe(true);
    expect(await fires(leaf("$.id", "equal", { fact: "deliverable", path: "$.kind" }))).toBe(false);
    expect(
      await fires(leaf("$.posted", "equal", { fact: "params", path: "$.p" }), {
        parameters: { p: false },
      }),
    ).toBe(true);
    // A nullable fact (payment) is read as null whatever the path.
    expect(() =>
      parsePolicy(
        policyWith({
          all: [{ fact: "payment", path: "$.escrowFunded", operator: "equal", value: null }],
        }),
      ),
    ).not.toThrow();
  });
});

describe("a reference to a parameter is checked as the literal it holds", () => {
  const at = (rule: string) => `rules["${rule}"].conditions.all[0].value`;
  const ref = (path: string) => ({ fact: "params", path });

  it("kinds and enum members of the fact side", () => {
    expect(
      issues(
        policyWith(
          { all: [leaf("$.posted", "equal", ref("$.p"))] },
          { parameters: { p: "false" } },
        ),
      ),
    ).toEqual([
      {
        code: "invalid_policy",
        path: at(RULE),
        message:
          'deliverable.posted holds a boolean, never "false" (a string) (the parameter it refers to does not fit)',
      },
    ]);
    expect(
      issues(
        policyWith(
          { all: [leaf("$.kind", "in", ref("$.kinds"))] },
          { parameters: { kinds: ["posts"] } },
        ),
      ),
    ).toEqual([
      {
        code: "invalid_policy",
        path: at(RULE),
        message:
          'deliverable.kind is never "posts" (in the parameter params.kinds): it is one of "post", "reel", "story", "video", "blog", "review"; did you mean "post"?',
      },
    ]);
  });

  it("claim.type in {params.t} with a misspelt type, with its hint", () => {
    const policy = policyWith(
      { all: [leaf("$.posted", "equal", false)] },
      {
        parameters: { t: ["illnes"] },
        rules: [
          {
            name: "t.ok/accepted",
            conditions: {
              all: [{ fact: "claim", path: "$.type", operator: "in", value: ref("$.t") }],
            },
            event: {
              type: "t.ok",
              params: { phase: "exceptions", status: "accepted", reason: "Ok." },
            },
          },
        ],
      },
    );
    expect(issues(policy)).toEqual([
      {
        code: "invalid_policy",
        path: at("t.ok/accepted"),
        message:
          'claim.type is never "illnes" (in the parameter params.t): it is one of "illness", "death", "childbirth", "overseas_business_trip", "shipping_delay", "platform_outage", "advertiser_delay", "force_majeure", "other"; did you mean "illness"?',
      },
    ]);
  });

  it("findings.violatedRules intersects {params.rs} with an unknown rule id", () => {
    const policy = policyWith(
      { all: [leaf("$.posted", "equal", false)] },
      {
        parameters: { rs: ["t.rule", "t.rulee"] },
        rules: [
          sanction(
            "t.sanction/x",
            {
              all: [
                {
                  fact: "findings",
                  path: "$.violatedRules",
                  operator: "intersects",
                  value: ref("$.rs"),
                },
              ],
            },
            { type: "warning", because: { kinds: ["breach"] } },
          ),
        ],
      },
    );
    expect(issues(policy)).toEqual([
      {
        code: "unknown_reference",
        path: at("t.sanction/x"),
        message:
          '"t.rulee" is not a finding rule of this policy, so findings.violatedRules never holds it (in the parameter params.rs); did you mean "t.rule"?',
      },
    ]);
    const valid = structuredClone(policy);
    (valid.parameters as Record<string, unknown>).rs = ["t.rule"];
    expect(() => parsePolicy(valid)).not.toThrow();
  });
});

describe("a finding kind no rule of the policy declares is an unknown reference", () => {
  const withSanction = (conditions: unknown, kinds: string[]) =>
    policyWith(
      { all: [leaf("$.posted", "equal", false)] },
      { rules: [sanction("t.sanction/x", conditions, { type: "warning", because: { kinds } })] },
    );
  const flag = (path: string) => ({
    all: [{ fact: "findings", path, operator: "equal", value: true }],
  });

  it("because.kinds and findings.noShow, in a policy of breach rules only", () => {
    expect(issues(withSanction(flag("$.noShow"), ["breach", "no_show"]))).toEqual([
      {
        code: "unknown_reference",
        path: 'rules["t.sanction/x"].conditions.all[0].path',
        message:
          'no finding rule of this policy is of kind "no_show", so findings.noShow is always false',
      },
      {
        code: "unknown_reference",
        path: 'rules["t.sanction/x"].event.params.sanction.because.kinds[1]',
        message: 'no finding rule of this policy is of kind "no_show", so no finding is ever one',
      },
    ]);
  });

  it("the declared kind passes", () => {
    expect(() => parsePolicy(withSanction(flag("$.breach"), ["breach"]))).not.toThrow();
  });
});

describe("equality kind checks, as a property", () => {
  it("a literal is accepted exactly when it is of the kind the fact path holds", () => {
    const PATHS: Array<[path: string, fits: (value: unknown) => boolean]> = [
      ["$.posted", (value) => typeof value === "boolean"],
      ["$.id", (value) => typeof value === "string"],
      // Under a disclosure that may be null: an integer or null.
      ["$.disclosure.visibleChars", (value) => value === null || Number.isInteger(value)],
      // An instant or null: null, or an instant in canonical UTC form.
      [
        "$.publishedAt",
        (value) =>
          value === null ||
          (typeof value === "string" &&
            /^\d{4}-/.test(value) &&
            !Number.isNaN(Date.parse(value)) &&
            new Date(value).toISOString() === value),
      ],
    ];
    const literal = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc
        .date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true })
        .map((date) => date.toISOString()),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...PATHS),
        fc.constantFrom("equal", "notEqual", "in", "notIn"),
        literal,
        ([path, fits], operator, value) => {
          const list = operator === "in" || operator === "notIn";
          // A negated equality under a nullable parent needs that parent proven present.
          const guard = {
            fact: "deliverable",
            path: "$.disclosure",
            operator: "isPresent",
            value: true,
          };
          const policy = policyWith({ all: [leaf(path, operator, list ? [value] : value), guard] });
          if (fits(value)) {
            expect(() => parsePolicy(policy)).not.toThrow();
          } else {
            expect(issues(policy)).toEqual([
              {
                code: "invalid_policy",
                path: 'rules["t.rule/violation"].conditions.all[0].value',
                message: expect.stringMatching(/^deliverable\.\S+ holds .*, (never|so it never)/),
              },
            ]);
          }
        },
      ),
    );
  });
});
