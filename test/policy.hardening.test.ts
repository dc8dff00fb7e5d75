/**
 * Regression tests of policy hardening (issue 8, and issue 9's "validated is not runnable"):
 * caps checked before anything recurses, reserved keys, bounded durations, well-formed value
 * references, operator/value pairings, money and instants in parameters, leaf priorities, and
 * every problem listed at once. Each feature is tested on both sides: refused, and accepted.
 */
import { describe, expect, it } from "vitest";
import {
  durationOperators,
  guardedBuiltInOperators,
  guardedDecorators,
} from "../src/engine/operators.js";
import {
  ainfluencer,
  evaluate,
  flinque,
  isValidationError,
  mediance,
  type Policy,
  parsePolicy,
  refluenced,
  type ValidationIssue,
} from "../src/index.js";
import { operandProblem } from "../src/policy/operators.js";
import { POLICY_LIMITS } from "../src/policy/schema.js";
import { deepFreeze, seoulFacts } from "./fixtures.js";

const ASOF = "2026-04-10T00:00:00Z";

const PRESETS: Array<[string, Policy]> = [
  ["mediance", mediance()],
  ["refluenced", refluenced()],
  ["ainfluencer", ainfluencer()],
  ["flinque", flinque()],
];

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

interface Options {
  parameters?: Record<string, unknown>;
  event?: Record<string, unknown>;
  name?: string;
  /** Leave out the compliant branch (a one-rule policy). */
  single?: boolean;
}

/** A deliverable finding rule `t.rule` whose violation branch holds when `conditions` do. */
function policyWith(conditions: unknown, options: Options = {}): Record<string, unknown> {
  const branch = (outcome: string, when: unknown, explanation: string) => ({
    name: `${options.name ?? "t.rule"}/${outcome}`,
    conditions: when,
    event: {
      type: options.name ?? "t.rule",
      params: {
        phase: "violations",
        scope: "deliverable",
        kind: "breach",
        role: "other",
        outcome,
        explanation,
        ...(outcome === "violation" ? options.event : {}),
      },
    },
  });
  return {
    id: "t",
    version: "1",
    parameters: options.parameters ?? {},
    rules: [
      branch("violation", conditions, "Broken."),
      ...(options.single ? [] : [branch("compliant", { not: conditions }, "Fine.")]),
    ],
  };
}

/** A leaf on the deliverable fact. */
function leaf(path: string, operator: string, value: unknown): Record<string, unknown> {
  return { fact: "deliverable", path, operator, value };
}

/** Conditions nested `levels` deep: the top level is 1, the leaf inside counts too. */
function nested(levels: number): unknown {
  let condition: unknown = leaf("$.posted", "equal", true);
  for (let level = 1; level < levels; level++) condition = { all: [condition] };
  return condition;
}

async function evaluates(policy: unknown) {
  const verdict = await evaluate(seoulFacts(), parsePolicy(policy), { asOf: ASOF });
  expect(verdict.findings.length).toBeGreaterThan(0);
  return verdict;
}

describe("condition nesting is capped before the schema recurses", () => {
  it("1,000 nested `all` (about 10 KB) is one too_deep issue naming the rule, not a stack overflow", () => {
    const policy = policyWith(nested(1_000), { single: true });
    expect(JSON.stringify(policy).length).toBeLessThan(12_000);
    expect(issuesOf(() => parsePolicy(policy))).toEqual([
      {
        code: "too_deep",
        path: 'rules["t.rule/violation"].conditions',
        message: `the conditions are nested deeper than ${POLICY_LIMITS.conditionDepth} levels`,
      },
    ]);
  });

  it("100,000 levels fail the same way, and so does a cycle", () => {
    expect(issuesOf(() => parsePolicy(policyWith(nested(100_000), { single: true })))).toEqual([
      expect.objectContaining({ code: "too_deep", path: 'rules["t.rule/violation"].conditions' }),
    ]);
    const cyclic: { all: unknown[] } = { all: [] };
    cyclic.all.push(cyclic);
    expect(issuesOf(() => parsePolicy(policyWith(cyclic, { single: true })))).toEqual([
      expect.objectContaining({ code: "too_deep", path: 'rules["t.rule/violation"].conditions' }),
    ]);
  });

  it("conditions exactly at the cap are accepted and evaluate; one level more is refused", async () => {
    const atCap = POLICY_LIMITS.conditionDepth;
    // The compliant branch wraps the conditions in one more `not`: it needs one level.
    await evaluates(policyWith(nested(atCap - 1)));
    const single = policyWith(nested(atCap), { single: true });
    expect(() => parsePolicy(single)).not.toThrow();
    expect(issuesOf(() => parsePolicy(policyWith(nested(atCap + 1), { single: true })))).toEqual([
      expect.objectContaining({ code: "too_deep" }),
    ]);
  });

  it(`a rule has at most ${POLICY_LIMITS.conditionsPerRule} conditions`, () => {
    const leaves = (count: number) => ({
      all: Array.from({ length: count }, () => leaf("$.posted", "equal", true)),
    });
    // The top-level `all` counts as one.
    const max = POLICY_LIMITS.conditionsPerRule - 1;
    expect(() => parsePolicy(policyWith(leaves(max), { single: true }))).not.toThrow();
    expect(issuesOf(() => parsePolicy(policyWith(leaves(max + 1), { single: true })))).toEqual([
      {
        code: "too_many",
        path: 'rules["t.rule/violation"].conditions',
        message: `the conditions number more than ${POLICY_LIMITS.conditionsPerRule}`,
      },
    ]);
  });

  it("nesting outside conditions is capped too (JSON depth), with its path", () => {
    const deep = (levels: number) => {
      let value: unknown = 1;
      for (let level = 0; level < levels; level++) value = { a: value };
      return value;
    };
    const accepted = policyWith(nested(2), {
      parameters: { deep: deep(50) },
      event: { explanation: "Broken: {params.deep}." },
    });
    expect(() => parsePolicy(accepted)).not.toThrow();
    const refused = structuredClone(accepted);
    (refused.parameters as Record<string, unknown>).deep = deep(POLICY_LIMITS.jsonDepth + 10);
    const [issue] = issuesOf(() => parsePolicy(refused));
    expect(issue?.code).toBe("too_deep");
    expect(issue?.path.startsWith("parameters.deep.a.a")).toBe(true);
  });
});

describe("caps on sizes", () => {
  const cheapRule = (index: number) => ({
    name: `r${index}`,
    conditions: { all: [{ fact: "asOf", operator: "isPresent", value: true }] },
    event: {
      type: `r${index}`,
      params: {
        phase: "violations",
        scope: "campaign",
        kind: "breach",
        role: "other",
        outcome: "compliant",
        explanation: "Fine.",
      },
    },
  });

  it(`at most ${POLICY_LIMITS.rules} rules`, () => {
    const rules = Array.from({ length: POLICY_LIMITS.rules }, (_, index) => cheapRule(index));
    expect(() => parsePolicy({ id: "t", version: "1", parameters: {}, rules })).not.toThrow();
    const more = [...rules, cheapRule(POLICY_LIMITS.rules)];
    expect(
      issuesOf(() => parsePolicy({ id: "t", version: "1", parameters: {}, rules: more })),
    ).toEqual([expect.objectContaining({ code: "too_many", path: "rules" })]);
  }, 60_000);

  it(`at most ${POLICY_LIMITS.parameters} parameters`, () => {
    const parameters = (count: number) =>
      Object.fromEntries(Array.from({ length: count }, (_, index) => [`p${index}`, index]));
    const codesAtParameters = (count: number) =>
      issuesOf(() => parsePolicy(policyWith(nested(2), { parameters: parameters(count) })))
        .filter((issue) => issue.path === "parameters")
        .map((issue) => issue.code);
    // (Unused parameters are refused as well, one by one, at parameters.<name>.)
    expect(codesAtParameters(POLICY_LIMITS.parameters)).toEqual([]);
    expect(codesAtParameters(POLICY_LIMITS.parameters + 1)).toEqual(["too_many"]);
  });

  it(`templates: at most ${POLICY_LIMITS.textLength} characters and ${POLICY_LIMITS.templatePlaceholders} placeholders`, () => {
    const withExplanation = (explanation: string) =>
      policyWith(nested(2), { event: { explanation }, single: true });
    expect(() => parsePolicy(withExplanation("x".repeat(POLICY_LIMITS.textLength)))).not.toThrow();
    expect(
      issuesOf(() => parsePolicy(withExplanation("x".repeat(POLICY_LIMITS.textLength + 1)))),
    ).toEqual([
      expect.objectContaining({
        code: "too_long",
        path: 'rules["t.rule/violation"].event.params.explanation',
      }),
    ]);
    const placeholders = (count: number) => "{deliverable.id} ".repeat(count);
    expect(() =>
      parsePolicy(withExplanation(placeholders(POLICY_LIMITS.templatePlaceholders))),
    ).not.toThrow();
    expect(
      issuesOf(() =>
        parsePolicy(withExplanation(placeholders(POLICY_LIMITS.templatePlaceholders + 1))),
      ),
    ).toEqual([
      {
        code: "too_many",
        path: 'rules["t.rule/violation"].event.params.explanation',
        message: `must have at most ${POLICY_LIMITS.templatePlaceholders} placeholders (has ${POLICY_LIMITS.templatePlaceholders + 1})`,
      },
    ]);
  });

  it(`ids: at most ${POLICY_LIMITS.idLength} characters; references ${POLICY_LIMITS.refLength}`, () => {
    const named = (length: number) => policyWith(nested(2), { name: "n".repeat(length) });
    expect(() => parsePolicy(named(POLICY_LIMITS.idLength - "/violation".length))).not.toThrow();
    expect(issuesOf(() => parsePolicy(named(POLICY_LIMITS.idLength))).map((i) => i.code)).toContain(
      "too_long",
    );
    const longRef = `deliverable.${"a".repeat(POLICY_LIMITS.refLength)}`;
    expect(
      issuesOf(() =>
        parsePolicy(policyWith(nested(2), { event: { since: longRef }, single: true })),
      ),
    ).toEqual([
      expect.objectContaining({
        code: "too_long",
        path: 'rules["t.rule/violation"].event.params.since',
      }),
    ]);
  });

  it(`evidence: at most ${POLICY_LIMITS.evidence} entries`, () => {
    const evidence = (count: number) =>
      Object.fromEntries(
        Array.from({ length: count }, (_, index) => [`e${index}`, "deliverable.id"]),
      );
    const withEvidence = (count: number) =>
      policyWith(nested(2), { event: { evidence: evidence(count) }, single: true });
    expect(() => parsePolicy(withEvidence(POLICY_LIMITS.evidence))).not.toThrow();
    expect(issuesOf(() => parsePolicy(withEvidence(POLICY_LIMITS.evidence + 1)))).toEqual([
      expect.objectContaining({
        code: "too_many",
        path: 'rules["t.rule/violation"].event.params.evidence',
      }),
    ]);
  });

  it(`operators: at most ${POLICY_LIMITS.operatorDecorators} decorators`, async () => {
    const decorated = (count: number) =>
      policyWith({ all: [leaf("$.posted", `${"not:".repeat(count)}equal`, true)] });
    await evaluates(decorated(POLICY_LIMITS.operatorDecorators));
    expect(issuesOf(() => parsePolicy(decorated(POLICY_LIMITS.operatorDecorators + 1)))).toEqual([
      expect.objectContaining({
        code: "too_many",
        path: 'rules["t.rule/violation"].conditions.all[0].operator',
      }),
      expect.objectContaining({
        code: "too_many",
        path: 'rules["t.rule/compliant"].conditions.not.all[0].operator',
      }),
    ]);
  });

  it(`arrays: at most ${POLICY_LIMITS.arrayItems} items anywhere`, () => {
    const list = (count: number) =>
      policyWith({
        all: [
          // `id` is any string (`kind` is an enum: "k0" would be refused as never a kind).
          leaf(
            "$.id",
            "in",
            Array.from({ length: count }, (_, i) => `k${i}`),
          ),
        ],
      });
    expect(() => parsePolicy(list(POLICY_LIMITS.arrayItems))).not.toThrow();
    expect(issuesOf(() => parsePolicy(list(POLICY_LIMITS.arrayItems + 1)))[0]).toMatchObject({
      code: "too_many",
      path: 'rules["t.rule/violation"].conditions.all[0].value',
    });
  });
});

describe("reserved keys are refused in parameters and condition values", () => {
  it("__proto__ in parameters and in a value (as JSON.parse makes them) is reserved_key", () => {
    const json = JSON.stringify(policyWith({ all: [leaf("$.kind", "equal", "MARK")] }))
      .replace('"parameters":{}', '"parameters":{"__proto__":{"polluted":true}}')
      .replaceAll('"value":"MARK"', '"value":{"__proto__":{"polluted":true}}');
    const issues = issuesOf(() => parsePolicy(JSON.parse(json)));
    expect(issues.map(({ code, path }) => ({ code, path }))).toEqual([
      { code: "reserved_key", path: "parameters.__proto__" },
      { code: "reserved_key", path: 'rules["t.rule/violation"].conditions.all[0].value.__proto__' },
      {
        code: "reserved_key",
        path: 'rules["t.rule/compliant"].conditions.not.all[0].value.__proto__',
      },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("constructor and prototype are refused too (evidence names, parameters)", () => {
    const policy = policyWith(nested(2), {
      parameters: { constructor: 1 },
      event: { evidence: { prototype: "deliverable.id" } },
    });
    expect(issuesOf(() => parsePolicy(policy)).map((issue) => issue.code)).toEqual([
      "reserved_key",
      "reserved_key",
    ]);
  });

  it("ordinary keys that only look similar are accepted", async () => {
    const policy = policyWith(
      { all: [leaf("$.kind", "in", { fact: "params", path: "$.proto" })] },
      {
        parameters: { proto: ["post"], _constructor: 1 },
        event: { explanation: "Kind {params._constructor}." },
      },
    );
    await evaluates(policy);
  });
});

describe("durations are bounded in every operator value and parameter", () => {
  const elapsed = (value: unknown, parameters?: Record<string, unknown>) =>
    policyWith({ all: [leaf("$.sinceDue", "elapsedAtLeast", value)] }, { parameters });

  it("elapsedAtLeast with { years: 1e9 } is refused (it threw a RangeError at evaluation)", () => {
    expect(issuesOf(() => parsePolicy(elapsed({ years: 1e9 })))).toEqual([
      {
        code: "too_big",
        path: 'rules["t.rule/violation"].conditions.all[0].value',
        message:
          'operator "elapsedAtLeast" takes a duration such as { "days": 30 } of at most 1000 years here',
      },
      expect.objectContaining({
        code: "too_big",
        path: 'rules["t.rule/compliant"].conditions.not.all[0].value',
      }),
    ]);
  });

  it("a bounded duration is accepted and evaluates", async () => {
    await evaluates(elapsed({ years: 999 }));
    await evaluates(elapsed({ days: 3, hours: 4 }));
  });

  it("a malformed duration is refused (fractions, negatives, unknown units)", () => {
    for (const value of [{ days: 1.5 }, { days: -1 }, { fortnights: 1 }, {}, [{ days: 1 }]]) {
      expect(issuesOf(() => parsePolicy(elapsed(value)))[0]).toMatchObject({
        code: "invalid_policy",
        path: 'rules["t.rule/violation"].conditions.all[0].value',
      });
    }
  });

  it("an unbounded custom parameter is refused where it is, and where a rule refers to it", () => {
    const issues = issuesOf(() =>
      parsePolicy(elapsed({ fact: "params", path: "$.grace" }, { grace: { years: 1e9 } })),
    );
    expect(issues.map(({ code, path }) => ({ code, path }))).toEqual([
      { code: "too_big", path: "parameters.grace" },
      { code: "too_big", path: 'rules["t.rule/violation"].conditions.all[0].value' },
      { code: "too_big", path: 'rules["t.rule/compliant"].conditions.not.all[0].value' },
    ]);
    const nestedIssues = issuesOf(() =>
      parsePolicy(
        elapsed(
          { fact: "params", path: "$.windows.late" },
          { windows: { late: { hours: 2 ** 60 } } },
        ),
      ),
    );
    expect(nestedIssues[0]).toMatchObject({ path: "parameters.windows.late.hours" });
  });

  it("a bounded parameter duration is accepted and evaluates", async () => {
    await evaluates(
      elapsed({ fact: "params", path: "$.windows.late" }, { windows: { late: { days: 2 } } }),
    );
  });

  it("a catalogue minimum of zero is refused (it would pass every removal)", () => {
    const policy = policyWith(nested(2), { parameters: { minLiveDuration: { days: 0 } } });
    expect(issuesOf(() => parsePolicy(policy))).toEqual([
      expect.objectContaining({ code: "too_small", path: "parameters.minLiveDuration" }),
    ]);
    expect(() =>
      parsePolicy(policyWith(nested(2), { parameters: { minLiveDuration: { days: 30 } } })),
    ).not.toThrow();
  });

  it("the duration operators are false, not a RangeError, on an unbounded duration at run time", () => {
    const { elapsedAtLeast, elapsedAtMost } = durationOperators("Asia/Seoul");
    const interval = { start: "2026-03-01T00:00:00Z", end: "2026-04-01T00:00:00Z" };
    expect(elapsedAtLeast(interval, { years: 1e9 })).toBe(false);
    expect(elapsedAtMost(interval, { years: 1e9 })).toBe(false);
    expect(elapsedAtLeast(interval, { days: 31 })).toBe(true);
    expect(elapsedAtMost(interval, { days: 31 })).toBe(true);
  });
});

describe("a leaf condition may carry a priority", () => {
  it("is accepted and gives the same verdict as without (json-rules-engine wrote into the frozen rule)", async () => {
    const plain = policyWith({
      all: [leaf("$.posted", "equal", false), leaf("$.kind", "equal", "post")],
    });
    const prioritised = structuredClone(plain);
    const [first] = prioritised.rules as Array<{ conditions: { all: object[] } }>;
    Object.assign(first?.conditions.all[1] ?? {}, { priority: 5 });
    const frozen = deepFreeze(structuredClone(prioritised));
    const expected = await evaluates(plain);
    const verdict = await evaluates(frozen);
    expect(verdict.findings).toEqual(expected.findings);
    expect(verdict.status).toBe("violation");
    // Twice, on the same validated policy: the engine's copy is private.
    expect((await evaluates(frozen)).findings).toEqual(expected.findings);
    expect(frozen).toEqual(prioritised);
  });

  it("a priority below 1 is refused", () => {
    const policy = policyWith({ all: [{ ...leaf("$.posted", "equal", false), priority: 0 }] });
    expect(issuesOf(() => parsePolicy(policy))[0]).toMatchObject({
      code: "too_small",
      path: 'rules["t.rule/violation"].conditions.all[0].priority',
    });
  });
});

describe("value references must be well formed", () => {
  const withValue = (value: unknown, parameters?: Record<string, unknown>) =>
    policyWith({ all: [leaf("$.dueAt", "instantBefore", value)] }, { single: true, parameters });
  const first = (value: unknown, parameters?: Record<string, unknown>) =>
    issuesOf(() => parsePolicy(withValue(value, parameters)))[0];

  it("a fact that is not a name, a path that is not a string, or a stray key is refused", () => {
    expect(first({ fact: 7 })).toMatchObject({
      code: "invalid_type",
      path: 'rules["t.rule/violation"].conditions.all[0].value.fact',
    });
    expect(first({ fact: "deliverable", path: 1 })).toMatchObject({
      code: "invalid_type",
      path: 'rules["t.rule/violation"].conditions.all[0].value.path',
    });
    expect(first({ fact: "deliverable", path: "$..x" })).toMatchObject({
      code: "invalid_format",
      path: 'rules["t.rule/violation"].conditions.all[0].value.path',
    });
    expect(first({ fact: "asOf", paht: "$.x" })).toMatchObject({
      code: "unknown_key",
      path: 'rules["t.rule/violation"].conditions.all[0].value.paht',
    });
    expect(first({ fact: "asOf", params: 5 })).toMatchObject({
      code: "invalid_type",
      path: 'rules["t.rule/violation"].conditions.all[0].value.params',
    });
  });

  it("a reference to an unknown fact or to a parameter path that does not exist is refused", () => {
    expect(first({ fact: "nope" })).toMatchObject({ code: "unknown_reference" });
    expect(
      first({ fact: "params", path: "$.cutoff.at" }, { cutoff: { day: "2026-03-01T00:00:00Z" } }),
    ).toMatchObject({
      code: "unknown_reference",
      path: 'rules["t.rule/violation"].conditions.all[0].value.path',
      message: 'parameter "cutoff" has nothing at at',
    });
  });

  it("well-formed references are accepted and evaluate", async () => {
    await evaluates(
      policyWith({
        all: [
          {
            fact: "asOf",
            operator: "instantAfter",
            value: { fact: "deliverable", path: "$.dueAt" },
          },
        ],
      }),
    );
    await evaluates(
      policyWith(
        { all: [leaf("$.dueAt", "instantBefore", { fact: "params", path: "$.cutoff.day" })] },
        { parameters: { cutoff: { day: "2026-05-01T00:00:00Z" } } },
      ),
    );
  });
});

describe("operator/value pairings are checked, decorators included", () => {
  const cases: Array<[operator: string, value: unknown, accepted: boolean]> = [
    ["in", 5, false],
    ["in", "post", false],
    ["in", ["post", "reel"], true],
    ["notIn", [{ a: 1 }], false],
    ["contains", ["a"], false],
    ["contains", "a", true],
    ["equal", { a: 1 }, false],
    ["equal", [1], false],
    ["equal", null, true],
    ["lessThan", "5", false],
    ["lessThan", 5, true],
    ["lengthAtLeast", -1, false],
    ["lengthAtLeast", 2, true],
    ["isPresent", "yes", false],
    ["isPresent", false, true],
    ["instantBefore", "2026-03-01", false],
    ["instantBefore", "2026-03-01T00:00:00+09:00", true],
    ["intersects", "a", false],
    ["intersects", ["a"], true],
    ["someValue:equal", 5, false],
    ["someValue:equal", ["post", "reel"], true],
    ["everyValue:in", ["post"], false],
    ["everyValue:in", [["post"], ["post", "reel"]], true],
    ["someFact:equal", "a", true],
    ["swap:contains", "a", false],
    ["swap:contains", ["a", "b"], true],
    ["swap:someFact:equal", 5, false],
    ["swap:someFact:equal", [5], true],
    ["not:in", 5, false],
    ["not:in", ["post"], true],
    ["elapsedAtLeast", { start: "2026-03-01T00:00:00Z", end: "2026-03-02T00:00:00Z" }, false],
    ["swap:elapsedAtLeast", { start: "2026-03-01T00:00:00Z", end: "2026-03-02T00:00:00Z" }, true],
  ];

  // Each operator reads a deliverable field of the kind its fact side takes, so a refusal is
  // about the literal (the kinds of fact paths are the complete checker's: policy.check.test.ts).
  const FACT_PATHS: Record<string, string> = {
    contains: "$.facts.terms.hashtags",
    lengthAtLeast: "$.facts.terms.hashtags",
    intersects: "$.facts.terms.hashtags",
    "someFact:equal": "$.facts.terms.hashtags",
    "swap:contains": "$.id",
    lessThan: "$.disclosure.visibleChars",
    instantBefore: "$.dueAt",
    elapsedAtLeast: "$.sinceDue",
    "swap:elapsedAtLeast": "$.retention.minLiveDuration",
    // A nullable path: `equal null` matches only where the fact may hold null.
    equal: "$.publishedAt",
    // A number field: the swapped literal items are compared with it, so they must be numbers.
    "swap:someFact:equal": "$.disclosure.visibleChars",
  };

  it.each(cases)("%s with %j: accepted %s", async (operator, value, accepted) => {
    const policy = policyWith({ all: [leaf(FACT_PATHS[operator] ?? "$.kind", operator, value)] });
    if (accepted) {
      await evaluates(policy);
      expect(operandProblem(operator, value)).toBeNull();
    } else {
      expect(issuesOf(() => parsePolicy(policy))[0]).toMatchObject({
        code: "invalid_policy",
        path: 'rules["t.rule/violation"].conditions.all[0].value',
      });
    }
  });

  it("a reference to a parameter is checked as the parameter's value", async () => {
    const policy = (excluded: unknown) =>
      policyWith(
        { all: [leaf("$.kind", "in", { fact: "params", path: "$.kinds" })] },
        { parameters: { kinds: excluded } },
      );
    expect(issuesOf(() => parsePolicy(policy(5)))[0]).toMatchObject({
      code: "invalid_policy",
      path: 'rules["t.rule/violation"].conditions.all[0].value',
      message: expect.stringContaining("the parameter it refers to does not fit"),
    });
    await evaluates(policy(["post"]));
  });

  it("a reference to a derived fact of the wrong shape is refused statically, every one at once", () => {
    // The fact registry knows their kinds now (issue 9); the guarded operators below remain the
    // run-time safety net for whatever json-rules-engine would throw on.
    const found = issuesOf(() =>
      parsePolicy(
        policyWith({
          any: [
            leaf("$.kind", "in", { fact: "deliverables", path: "$.count" }),
            leaf("$.kind", "notIn", { fact: "deliverables", path: "$.count" }),
            leaf("$.kind", "someValue:equal", { fact: "campaign", path: "$.id" }),
            leaf("$.kind", "everyValue:equal", { fact: "campaign", path: "$.id" }),
            leaf("$.kind", "swap:in", { fact: "campaign", path: "$.id" }),
          ],
        }),
      ),
    );
    // In rule order: the violation branch's five, then the compliant branch's.
    const items = [0, 1, 2, 3, 4];
    expect(found.map(({ code, path }) => `${code} ${path}`)).toEqual([
      ...items.map(
        (index) => `invalid_policy rules["t.rule/violation"].conditions.any[${index}].value`,
      ),
      ...items.map(
        (index) => `invalid_policy rules["t.rule/compliant"].conditions.not.any[${index}].value`,
      ),
    ]);
    expect(found[0]?.message).toBe(
      'operator "in" takes an array of strings, numbers, booleans or nulls, e.g. ["a", "b"] on its value side, but deliverables.count is an integer',
    );
  });

  it("the guarded built-ins agree with json-rules-engine wherever it returns", () => {
    const { in: isIn, notIn } = guardedBuiltInOperators;
    expect(isIn("a", ["a", "b"])).toBe(true);
    expect(isIn("c", ["a", "b"])).toBe(false);
    expect(notIn("c", ["a", "b"])).toBe(true);
    // json-rules-engine's substring test on a string value is kept.
    expect(isIn("ab", "xaby")).toBe(true);
    expect(notIn("ab", "xaby")).toBe(false);
    // Where json-rules-engine throws: false, both ways.
    expect(isIn("a", 5)).toBe(false);
    expect(notIn("a", 5)).toBe(false);
    expect(isIn({ a: 1 }, "[object Object]")).toBe(false);
    const next = (a: unknown, b: unknown) => a === b;
    expect(guardedDecorators.someValue("a", ["b", "a"], next)).toBe(true);
    expect(guardedDecorators.everyValue("a", ["a", "a"], next)).toBe(true);
    expect(guardedDecorators.everyValue("a", ["a", "b"], next)).toBe(false);
    expect(guardedDecorators.someValue("a", "a", next)).toBe(false);
    expect(guardedDecorators.everyValue("a", 5, next)).toBe(false);
  });
});

describe("money and instants referred to statically must be what their place needs", () => {
  it("a money-shaped parameter with an unknown currency is refused (Intl.NumberFormat threw)", () => {
    const policy = policyWith(nested(2), {
      parameters: {
        fee: { amount: 100, currency: "X!" },
        bonus: { nested: { amount: 1, currency: "usd" } },
      },
      event: { explanation: "Fee {params.fee}, bonus {params.bonus}." },
    });
    expect(issuesOf(() => parsePolicy(policy)).map(({ code, path }) => ({ code, path }))).toEqual([
      { code: "invalid_format", path: "parameters.fee.currency" },
      { code: "invalid_format", path: "parameters.bonus.nested.currency" },
    ]);
  });

  it("valid money renders in the explanation", async () => {
    const verdict = await evaluates(
      policyWith(
        { all: [leaf("$.posted", "equal", false)] },
        {
          parameters: { fee: { amount: 100, currency: "USD" } },
          event: { explanation: "Fee {params.fee}." },
        },
      ),
    );
    expect(verdict.findings[0]?.explanation).toBe("Fee USD 1.00.");
  });

  it("since, checkAt and an action's at referring to a parameter must be instants", () => {
    const policy = policyWith(nested(2), {
      parameters: { s: "abc" },
      event: { since: "params.s", checkAt: "params.s" },
    });
    expect(issuesOf(() => parsePolicy(policy))).toEqual([
      {
        code: "invalid_policy",
        path: 'rules["t.rule/violation"].event.params.since',
        message: '"params.s" must be an ISO-8601 instant with an offset here',
      },
      expect.objectContaining({
        code: "invalid_policy",
        path: 'rules["t.rule/violation"].event.params.checkAt',
      }),
    ]);
    const valid = policyWith(nested(2), {
      parameters: { s: "2026-03-01T00:00:00Z" },
      event: { since: "params.s", checkAt: "params.s" },
    });
    expect(() => parsePolicy(valid)).not.toThrow();
  });

  it("a sanction amount or score referring to a parameter must be money or an integer", () => {
    const sanctions = (parameters: Record<string, unknown>) => ({
      ...policyWith(nested(2), { parameters }),
      rules: [
        ...(policyWith(nested(2)).rules as unknown[]),
        {
          name: "t.sanction",
          conditions: {
            all: [{ fact: "findings", path: "$.anyViolation", operator: "equal", value: true }],
          },
          event: {
            type: "t.sanction",
            params: {
              phase: "sanctions",
              scope: "campaign",
              sanction: {
                type: "invoice",
                because: { rules: ["t.rule"] },
                amount: "params.fee",
                scoreDelta: "params.penalty",
              },
            },
          },
        },
      ],
    });
    expect(
      issuesOf(() => parsePolicy(sanctions({ fee: { days: 1 }, penalty: 1.5 }))).map((i) => i.path),
    ).toEqual([
      'rules["t.sanction"].event.params.sanction.amount',
      'rules["t.sanction"].event.params.sanction.scoreDelta',
    ]);
    expect(() =>
      parsePolicy(sanctions({ fee: { amount: 500, currency: "KRW" }, penalty: -5 })),
    ).not.toThrow();
  });

  it.each(PRESETS)(
    "%s: since pointing at a derived fact that is not an instant is refused, rule by rule",
    (_, preset) => {
      // Known statically since issue 9's fact registry: refused, never run.
      const policy = structuredClone(preset) as Policy;
      const expected: string[] = [];
      policy.rules.forEach((rule) => {
        const params = rule.event.params;
        if (params.phase === "violations" && params.since) {
          params.since = params.scope === "deliverable" ? "deliverable.id" : "campaign.id";
          expected.push(`rules["${rule.name}"].event.params.since`);
        }
      });
      expect(expected.length).toBeGreaterThan(0);
      const found = issuesOf(() => parsePolicy(policy));
      expect(found.map((issue) => issue.path)).toEqual(expected.slice(0, found.length));
      expect(found[0]).toMatchObject({
        code: "invalid_policy",
        message: expect.stringMatching(
          /^".+\.id" must be an ISO-8601 instant with an offset here, but it is a string$/,
        ),
      });
    },
  );
});

describe("every problem at once, and no mutation", () => {
  it("a type error in one rule does not hide a reference error in another", () => {
    const policy = policyWith(nested(2));
    const [first, second] = policy.rules as Array<Record<string, unknown>>;
    Object.assign(first ?? {}, { name: 5 });
    (second as { conditions: unknown }).conditions = {
      all: [{ fact: "nope", operator: "equal", value: 1 }],
    };
    expect(issuesOf(() => parsePolicy(policy)).map(({ code, path }) => ({ code, path }))).toEqual([
      { code: "invalid_type", path: "rules[0].name" },
      { code: "unknown_reference", path: 'rules["t.rule/compliant"].conditions.all[0].fact' },
    ]);
  });

  it("a parameter type error does not hide a bad duration in another parameter", () => {
    const policy = policyWith(nested(2), {
      parameters: { minLiveDuration: "30 days", grace: { years: 1e9 } },
    });
    expect(issuesOf(() => parsePolicy(policy)).map(({ code, path }) => ({ code, path }))).toEqual(
      expect.arrayContaining([
        { code: "invalid_type", path: "parameters.minLiveDuration" },
        { code: "too_big", path: "parameters.grace" },
      ]),
    );
  });

  it("parsePolicy never mutates its input, accepted or refused", () => {
    const accepted = deepFreeze(policyWith(nested(3)));
    expect(() => parsePolicy(accepted)).not.toThrow();
    const refused = deepFreeze(
      policyWith({ all: [leaf("$.kind", "in", 5)] }, { parameters: { x: { years: 1e9 } } }),
    );
    const copy = structuredClone(refused);
    expect(() => parsePolicy(refused)).toThrow();
    expect(refused).toEqual(copy);
  });
});
