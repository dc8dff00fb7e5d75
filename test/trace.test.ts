/**
 * The condition-level trace (`trace: true`): both evaluators write it byte for byte alike (on
 * every example, the host corpus and fuzzed policies), it is consistent with itself (group
 * results follow from their children, skipped conditions hold nothing), it shows what the facts
 * say (hand-written cases per operator family), it stays bounded, it validates with
 * `parseVerdict`, and leaving it off changes nothing else and costs no trace structure.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { examples } from "../examples/index.js";
import { compiledRule, runRules, runRulesSync } from "../src/engine/jre.js";
import {
  compilePolicy,
  evaluate,
  evaluateSync,
  isValidationError,
  jsonSchemas,
  mediance,
  parsePolicy,
  parseVerdict,
  type Verdict,
} from "../src/index.js";
import type { PolicyRule, TopLevelCondition } from "../src/policy/schema.js";
import type {
  TraceCondition,
  TraceEntry,
  TraceLeafCondition,
  TraceResult,
} from "../src/verdict/types.js";
import { withPost } from "./fixtures.js";
import { FACTS_SEEDS } from "./fuzz/facts.js";
import { policyCaseArbitrary } from "./fuzz/policies.js";
import { fuzzRuns, fuzzSeed } from "./fuzz/runs.js";
import { generateCorpus } from "./host/corpus.js";

type Options = { asOf: string; standing?: unknown };

/** A verdict's JSON, or the error's class, code and message. */
async function outcome(run: () => unknown): Promise<string> {
  try {
    return JSON.stringify(await run());
  } catch (error) {
    if (isValidationError(error)) return `ValidationError ${error.code} ${error.message}`;
    return `${(error as Error)?.name}: ${(error as Error)?.message}`;
  }
}

/** The parent's place of a condition's place (`conditions.all[1].not` → `conditions.all[1]`). */
function parentAt(at: string): string | undefined {
  const cut = Math.max(at.lastIndexOf(".all["), at.lastIndexOf(".any["), at.lastIndexOf(".not"));
  return cut < 0 ? undefined : at.slice(0, cut);
}

/**
 * What must hold of any trace entry whatever the rule: the top-level group first and carrying the
 * rule's result, every child after its parent, a skipped group's children skipped, an evaluated
 * group's result following from its children's as json-rules-engine combines them, and a skipped
 * leaf holding no fact value.
 */
function expectConsistent(entry: TraceEntry): void {
  const root = entry.conditions[0];
  expect(root?.at).toBe("conditions");
  expect(root?.kind === "leaf").toBe(false);
  expect(root?.result).toBe(entry.result);
  const byAt = new Map<string, TraceCondition>();
  const children = new Map<string, TraceResult[]>();
  for (const condition of entry.conditions) {
    expect(byAt.has(condition.at), condition.at).toBe(false);
    byAt.set(condition.at, condition);
    children.set(condition.at, []);
    const parent = parentAt(condition.at);
    if (parent === undefined) continue;
    const owner = byAt.get(parent);
    expect(owner, `${condition.at} after its parent`).toBeDefined();
    if (owner?.result === "skipped") expect(condition.result, condition.at).toBe("skipped");
    children.get(parent)?.push(condition.result);
    if (condition.kind === "leaf" && condition.result === "skipped") {
      expect(Object.hasOwn(condition, "factValue"), condition.at).toBe(false);
    }
  }
  for (const condition of entry.conditions) {
    if (condition.kind === "leaf" || condition.result === "skipped") continue;
    const results = children.get(condition.at) ?? [];
    expect(results.length, condition.at).toBeGreaterThan(0);
    if (condition.kind === "not") {
      expect(results, condition.at).toEqual([!condition.result]);
    } else if (results.length === 1) {
      expect(results, condition.at).toEqual([condition.result]);
    } else if (condition.kind === "all") {
      // true: every child held. false: some child failed (later priority sets skipped).
      if (condition.result) expect(results.every((r) => r === true)).toBe(true);
      else expect(results.includes(false), condition.at).toBe(true);
    } else {
      if (condition.result) expect(results.includes(true), condition.at).toBe(true);
      else expect(results.every((r) => r === false)).toBe(true);
    }
  }
}

/** parseVerdict takes a traced verdict back whole, its trace byte for byte. */
function expectParsesBack(verdict: Verdict): void {
  const parsed = parseVerdict(verdict);
  // (parseVerdict orders a finding's keys as its schema does; the trace keeps its bytes.)
  expect(parsed).toEqual(verdict);
  expect(JSON.stringify(parsed.trace)).toBe(JSON.stringify(verdict.trace));
}

const stats = { entries: 0, conditions: 0, skipped: 0, clipped: 0 };

function expectConsistentVerdict(verdict: Verdict): void {
  for (const entry of verdict.trace ?? []) {
    expectConsistent(entry);
    stats.entries += 1;
    stats.conditions += entry.conditions.length;
    for (const condition of entry.conditions) {
      if (condition.result === "skipped") stats.skipped += 1;
      if (condition.kind === "leaf" && condition.clipped) stats.clipped += 1;
    }
  }
}

/**
 * Runs one participation traced through all three entry points and untraced through both
 * evaluators; asserts the traced ones are byte-identical and, without their trace, equal to the
 * untraced verdict. Returns the traced JSON (or error) and the parsed verdict, if any.
 */
async function expectSameTrace(
  facts: unknown,
  policy: unknown,
  options: Options,
): Promise<Verdict | undefined> {
  const plain = options as Parameters<typeof evaluate>[2];
  const traced = { ...plain, trace: true };
  const reference = await outcome(() => evaluate(facts, policy, traced));
  expect(await outcome(() => evaluateSync(facts, policy, traced))).toBe(reference);
  if (!reference.startsWith("{")) return undefined;
  expect(await outcome(() => compilePolicy(policy).evaluate(facts, traced))).toBe(reference);
  const verdict = JSON.parse(reference) as Verdict;
  expect(Array.isArray(verdict.trace)).toBe(true);
  // Without its trace, a traced verdict is the untraced one (evaluateSync = evaluate untraced is
  // test/evaluate-sync.diff.test.ts's).
  const { trace: _trace, ...rest } = verdict;
  expect(JSON.stringify(rest)).toBe(await outcome(() => evaluate(facts, policy, plain)));
  expectConsistentVerdict(verdict);
  return verdict;
}

// Thousands of evaluations per test: far past vitest's 5 s default on a loaded 2-core machine.
describe("trace: evaluate = evaluateSync = compilePolicy().evaluate", { timeout: 300_000 }, () => {
  it("on every example scenario, and parseVerdict accepts each traced verdict", async () => {
    let count = 0;
    for (const [, scenarios] of examples) {
      for (const scenario of scenarios) {
        const verdict = await expectSameTrace(scenario.facts, scenario.policy, {
          asOf: scenario.asOf,
          ...(scenario.standing ? { standing: scenario.standing } : {}),
        });
        expect(verdict, scenario.title).toBeDefined();
        expect(verdict?.trace?.length).toBeGreaterThan(0);
        expectParsesBack(verdict as Verdict);
        count += 1;
      }
    }
    expect(count).toBeGreaterThanOrEqual(8);
    console.log(`trace differential: ${count} example scenarios identical`);
  });

  it("on the 520 cases of the host corpus", async () => {
    const corpus = generateCorpus();
    let verdicts = 0;
    let parsed = 0;
    for (const [index, testCase] of corpus.entries()) {
      const verdict = await expectSameTrace(testCase.facts, testCase.policy, {
        asOf: testCase.asOf,
        ...(testCase.standing ? { standing: testCase.standing } : {}),
      });
      if (verdict === undefined) continue;
      verdicts += 1;
      // Every fourth (all presets in turn): parsing a big traced verdict is the slow part.
      if (index % 4 === 0) {
        expectParsesBack(verdict);
        parsed += 1;
      }
    }
    expect(corpus.length).toBe(520);
    expect(verdicts).toBeGreaterThan(corpus.length * 0.9);
    console.log(
      `trace differential: ${corpus.length} corpus cases identical (${verdicts} verdicts, ${parsed} parsed back); ${stats.entries} rule runs, ${stats.conditions} conditions, ${stats.skipped} skipped`,
    );
  });

  it("on ≥ 500 fuzzed policies parsePolicy accepted, each on two facts seeds", async () => {
    let runs = 0;
    let accepted = 0;
    let traced = 0;
    // Generate until `target` policies were accepted (about one in three is; the cap only stops
    // a checker that suddenly refuses nearly everything from looping long).
    const target = fuzzRuns(500);
    await fc.assert(
      fc.asyncProperty(policyCaseArbitrary(FACTS_SEEDS.length), async (policyCase) => {
        if (accepted >= target) return;
        runs += 1;
        let policy: unknown;
        try {
          policy = parsePolicy(policyCase.policy);
        } catch (error) {
          if (isValidationError(error)) return;
          throw error;
        }
        accepted += 1;
        for (const index of policyCase.facts) {
          const seed = FACTS_SEEDS[index];
          if (!seed) continue;
          const verdict = await expectSameTrace(seed.facts, policy, { asOf: seed.asOf });
          if (verdict) traced += 1;
          if (verdict && accepted % 10 === 0) expectParsesBack(verdict);
        }
      }),
      { numRuns: target * 12, ...fuzzSeed() },
    );
    expect(accepted).toBe(target);
    console.log(
      `trace differential: ${runs} fuzzed policies, ${accepted} accepted, ${traced} traced verdicts identical; so far ${stats.entries} rule runs, ${stats.conditions} conditions, ${stats.skipped} skipped, ${stats.clipped} clipped`,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Hand-written cases, on the rule runner both evaluators share (json-rules-engine and compiled).

const rule = (conditions: unknown, name = "t"): PolicyRule => ({
  name,
  conditions: conditions as TopLevelCondition,
  event: {
    type: name,
    params: {
      phase: "violations",
      scope: "deliverable",
      kind: "breach",
      role: "other",
      outcome: "violation",
      explanation: "x",
    },
  },
});

const leaf = (fact: string, operator: string, value: unknown, extra: object = {}) => ({
  fact,
  operator,
  value,
  ...extra,
});

/** One rule on one set of facts, traced by both runners: their traces must be identical. */
async function traceOne(
  conditions: unknown,
  facts: Record<string, unknown>,
  zone = "UTC",
): Promise<TraceEntry> {
  const theRule = rule(conditions);
  const engine: TraceEntry[] = [];
  const compiled: TraceEntry[] = [];
  const runs = [{ unit: "u", facts }];
  const fromEngine = await runRules("violations", [theRule], runs, String, engine, zone);
  const fromCompiled = runRulesSync("violations", [theRule], runs, String, compiled, zone);
  expect(JSON.stringify(compiled)).toBe(JSON.stringify(engine));
  expect(fromCompiled.map((r) => r.fired.length)).toEqual(fromEngine.map((r) => r.fired.length));
  expect(engine).toHaveLength(1);
  const entry = engine[0] as TraceEntry;
  expectConsistent(entry);
  expect(entry.result).toBe((fromEngine[0]?.fired.length ?? 0) > 0);
  return entry;
}

function leafAt(entry: TraceEntry, at: string): TraceLeafCondition {
  const found = entry.conditions.find((condition) => condition.at === at);
  if (found?.kind !== "leaf") throw new Error(`no leaf at ${at}`);
  return found;
}

const deliverable = {
  id: "feed",
  views: 120,
  kind: "post",
  hashtags: ["#ad", "#spring"],
  publishedAt: "2026-03-05T01:00:00.000Z",
  dueAt: "2026-03-31T14:59:59.000Z",
  live: { start: "2026-03-05T01:00:00.000Z", end: "2026-03-08T01:00:00.000Z" },
  missing: null,
};

describe("trace: what each condition saw", () => {
  it("numbers (built-in comparisons), with the run's unit and the rule's result", async () => {
    const entry = await traceOne(
      {
        all: [
          leaf("deliverable", "greaterThanInclusive", 100, { path: "$.views" }),
          leaf("deliverable", "lessThan", 100, { path: "$.views" }),
        ],
      },
      { deliverable },
    );
    expect(entry).toEqual({
      phase: "violations",
      rule: "t",
      deliverableId: "feed",
      result: false,
      conditions: [
        { at: "conditions", kind: "all", result: false },
        {
          at: "conditions.all[0]",
          kind: "leaf",
          fact: "deliverable",
          path: "$.views",
          operator: "greaterThanInclusive",
          value: 100,
          factValue: 120,
          result: true,
        },
        {
          at: "conditions.all[1]",
          kind: "leaf",
          fact: "deliverable",
          path: "$.views",
          operator: "lessThan",
          value: 100,
          factValue: 120,
          result: false,
        },
      ],
    });
  });

  it("lists and membership (in, notIn, contains, intersects, lengthAtLeast)", async () => {
    const entry = await traceOne(
      {
        any: [
          leaf("deliverable", "in", ["reel", "post"], { path: "$.kind" }),
          leaf("deliverable", "notIn", ["post"], { path: "$.kind" }),
          leaf("deliverable", "contains", "#ad", { path: "$.hashtags" }),
          leaf("deliverable", "intersects", ["#spring", "#x"], { path: "$.hashtags" }),
          leaf("deliverable", "lengthAtLeast", 3, { path: "$.hashtags" }),
        ],
      },
      { deliverable },
    );
    const seen = entry.conditions.slice(1).map((c) => {
      const l = c as TraceLeafCondition;
      return [l.operator, l.factValue, l.result];
    });
    expect(seen).toEqual([
      ["in", "post", true],
      ["notIn", "post", false],
      ["contains", ["#ad", "#spring"], true],
      ["intersects", ["#ad", "#spring"], true],
      ["lengthAtLeast", ["#ad", "#spring"], false],
    ]);
    expect(entry.result).toBe(true);
  });

  it("instants and durations, with a value reference resolved", async () => {
    const entry = await traceOne(
      {
        all: [
          leaf(
            "deliverable",
            "instantOnOrBefore",
            { fact: "deliverable", path: "$.dueAt" },
            { path: "$.publishedAt" },
          ),
          leaf("deliverable", "elapsedAtLeast", { days: 3 }, { path: "$.live" }),
          leaf("deliverable", "elapsedAtMost", { hours: 71 }, { path: "$.live" }),
        ],
      },
      { deliverable },
      "Asia/Seoul",
    );
    expect(leafAt(entry, "conditions.all[0]")).toEqual({
      at: "conditions.all[0]",
      kind: "leaf",
      fact: "deliverable",
      path: "$.publishedAt",
      operator: "instantOnOrBefore",
      value: "2026-03-31T14:59:59.000Z",
      valueFrom: { fact: "deliverable", path: "$.dueAt" },
      factValue: "2026-03-05T01:00:00.000Z",
      result: true,
    });
    expect(leafAt(entry, "conditions.all[1]")).toMatchObject({
      value: { days: 3 },
      factValue: deliverable.live,
      result: true,
    });
    expect(leafAt(entry, "conditions.all[2]").result).toBe(false);
    expect(entry.result).toBe(false);
  });

  it("presence: a missing value has no factValue, a null one is null", async () => {
    const entry = await traceOne(
      {
        all: [
          leaf("deliverable", "isPresent", false, { path: "$.nowhere.deeper" }),
          leaf("deliverable", "isPresent", false, { path: "$.missing" }),
        ],
      },
      { deliverable },
    );
    const absent = leafAt(entry, "conditions.all[0]");
    expect(Object.hasOwn(absent, "factValue")).toBe(false);
    expect(absent.result).toBe(true);
    expect(leafAt(entry, "conditions.all[1]")).toMatchObject({ factValue: null, result: true });
  });

  it("decorators: the operator as written, the values before decoration", async () => {
    const entry = await traceOne(
      {
        all: [
          leaf("deliverable", "someFact:equal", "#spring", { path: "$.hashtags" }),
          leaf("deliverable", "everyFact:notEqual", "#x", { path: "$.hashtags" }),
          leaf("deliverable", "someValue:equal", ["reel", "post"], { path: "$.kind" }),
          leaf("deliverable", "everyValue:notEqual", ["reel", "story"], { path: "$.kind" }),
          leaf("deliverable", "not:equal", "reel", { path: "$.kind" }),
          leaf("deliverable", "swap:contains", ["post", "reel"], { path: "$.kind" }),
          leaf("deliverable", "someFact:not:equal", "#ad", { path: "$.hashtags" }),
        ],
      },
      { deliverable },
    );
    expect(
      entry.conditions.slice(1).map((c) => [(c as TraceLeafCondition).operator, c.result]),
    ).toEqual([
      ["someFact:equal", true],
      ["everyFact:notEqual", true],
      ["someValue:equal", true],
      ["everyValue:notEqual", true],
      ["not:equal", true],
      ["swap:contains", true],
      ["someFact:not:equal", true],
    ]);
    expect(leafAt(entry, "conditions.all[2]")).toMatchObject({
      value: ["reel", "post"],
      factValue: "post",
    });
    expect(entry.result).toBe(true);
  });

  it("not, and nested any/all: every group with its own result and place", async () => {
    const entry = await traceOne(
      {
        all: [
          { not: leaf("deliverable", "equal", "reel", { path: "$.kind" }) },
          {
            any: [
              leaf("deliverable", "equal", 1, { path: "$.views" }),
              { all: [leaf("deliverable", "greaterThan", 100, { path: "$.views" })] },
            ],
          },
        ],
      },
      { deliverable },
    );
    expect(entry.conditions.map((c) => [c.at, c.kind, c.result])).toEqual([
      ["conditions", "all", true],
      ["conditions.all[0]", "not", true],
      ["conditions.all[0].not", "leaf", false],
      ["conditions.all[1]", "any", true],
      ["conditions.all[1].any[0]", "leaf", false],
      ["conditions.all[1].any[1]", "all", true],
      ["conditions.all[1].any[1].all[0]", "leaf", true],
    ]);
    // A top-level `not` too: the rule fires when its child fails.
    const top = await traceOne(
      { not: leaf("deliverable", "equal", "reel", { path: "$.kind" }) },
      { deliverable },
    );
    expect(top.conditions.map((c) => [c.at, c.result])).toEqual([
      ["conditions", true],
      ["conditions.not", false],
    ]);
  });

  it("conditions json-rules-engine skips by priority read 'skipped' in both, with no fact value", async () => {
    const entry = await traceOne(
      {
        all: [
          leaf("deliverable", "equal", 0, { path: "$.views" }),
          leaf("deliverable", "equal", 1, { path: "$.views", priority: 5 }),
          {
            any: [
              leaf("deliverable", "lessThan", { fact: "limit" }, { path: "$.views" }),
              leaf("deliverable", "equal", 120, { path: "$.views" }),
            ],
          },
        ],
      },
      { deliverable, limit: 1000 },
    );
    expect(entry.conditions.map((c) => [c.at, c.result])).toEqual([
      ["conditions", false],
      ["conditions.all[0]", "skipped"],
      ["conditions.all[1]", false],
      ["conditions.all[2]", "skipped"],
      ["conditions.all[2].any[0]", "skipped"],
      ["conditions.all[2].any[1]", "skipped"],
    ]);
    // A skipped literal still shows its value; a skipped reference was never read.
    expect(leafAt(entry, "conditions.all[0]")).toEqual({
      at: "conditions.all[0]",
      kind: "leaf",
      fact: "deliverable",
      path: "$.views",
      operator: "equal",
      value: 0,
      result: "skipped",
    });
    const reference = leafAt(entry, "conditions.all[2].any[0]");
    expect(Object.hasOwn(reference, "value")).toBe(false);
    expect(reference.valueFrom).toEqual({ fact: "limit" });
    // `any` stops at the first set that holds.
    const any = await traceOne(
      {
        any: [
          leaf("deliverable", "equal", 120, { path: "$.views", priority: 2 }),
          leaf("deliverable", "equal", 0, { path: "$.views" }),
        ],
      },
      { deliverable },
    );
    expect(any.conditions.map((c) => c.result)).toEqual([true, true, "skipped"]);
  });

  it("names a claim run by its claim, a campaign run by neither", async () => {
    const claim = await traceOne(
      { all: [leaf("claim", "equal", "force_majeure", { path: "$.type" })] },
      {
        claim: { id: "c-1", type: "force_majeure" },
      },
    );
    expect(claim).toMatchObject({ claimId: "c-1", result: true });
    expect(Object.hasOwn(claim, "deliverableId")).toBe(false);
    const campaign = await traceOne(
      { all: [leaf("campaign", "equal", "x", { path: "$.id" })] },
      {
        campaign: { id: "x" },
      },
    );
    expect(Object.keys(campaign)).toEqual(["phase", "rule", "result", "conditions"]);
  });
});

// Random condition trees with priorities on groups and leaves, so that json-rules-engine skips
// whole priority sets: both runners must still write the same trace, consistent with itself.
const randomLeaf = fc
  .oneof(
    fc.record({
      fact: fc.constant("x"),
      operator: fc.constantFrom("equal", "greaterThan", "lessThanInclusive", "not:equal"),
      value: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constant({ fact: "limit" })),
    }),
    fc.record({
      fact: fc.constant("y"),
      operator: fc.constantFrom(
        "contains",
        "someFact:equal",
        "everyFact:notEqual",
        "lengthAtLeast",
      ),
      value: fc.constantFrom("a", "c", 2),
    }),
    fc.record({
      fact: fc.constant("s"),
      operator: fc.constantFrom("in", "notIn", "someValue:equal"),
      value: fc.constantFrom(["a", "b"], ["c"], { fact: "y" }),
    }),
    fc.record({
      fact: fc.constant("nested"),
      path: fc.constantFrom("$.n", "$.missing"),
      operator: fc.constantFrom("equal", "isPresent"),
      value: fc.constantFrom(1, true, false),
    }),
  )
  .chain((condition) =>
    fc
      .option(fc.integer({ min: 1, max: 3 }))
      .map((priority) => (priority === null ? condition : { ...condition, priority })),
  );

const randomTree = fc.letrec<{ node: unknown; group: unknown }>((tie) => ({
  node: fc.oneof({ maxDepth: 3, depthSize: "small" }, randomLeaf, tie("group")),
  group: fc
    .tuple(
      fc.constantFrom("all", "any", "not"),
      fc.array(tie("node"), { minLength: 1, maxLength: 4 }),
      fc.option(fc.integer({ min: 1, max: 3 })),
    )
    .map(([kind, children, priority]) => ({
      ...(kind === "not" ? { not: children[0] } : { [kind]: children }),
      ...(priority === null ? {} : { priority }),
    })),
}));

describe("trace: random condition trees", () => {
  it("both runners write the same, self-consistent trace, skipped sets included", async () => {
    let skipped = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        randomTree.group,
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom("a", "b", "c"),
        async (conditions, x, text) => {
          const facts = { x, y: ["a", "b"], s: text, limit: 4, nested: { n: 1 } };
          const entry = await traceOne(conditions, facts);
          runs += 1;
          skipped += entry.conditions.filter((c) => c.result === "skipped").length;
        },
      ),
      { numRuns: fuzzRuns(600), ...fuzzSeed() },
    );
    // Priorities are common in these trees: skipping must actually have been exercised.
    expect(skipped).toBeGreaterThan(runs / 10);
    console.log(
      `trace differential: ${runs} random condition trees, ${skipped} skipped conditions`,
    );
    // 600 trees through both runners: room for a busy machine.
  }, 60_000);
});

describe("trace: bounded", () => {
  it("a huge text, a long list and a deep value are cut, and say so", async () => {
    const caption = "é".repeat(1_000_000);
    const hashtags = Array.from({ length: 5000 }, (_, i) => `#tag${i}`);
    let deep: unknown = "bottom";
    for (let i = 0; i < 20; i++) deep = { inner: deep };
    const entry = await traceOne(
      {
        all: [
          leaf("post", "equal", "x", { path: "$.caption" }),
          leaf("post", "contains", "#tag4999", { path: "$.hashtags" }),
          leaf("post", "isPresent", true, { path: "$.deep" }),
          leaf("post", "equal", 1, { path: "$.short" }),
        ],
      },
      { post: { caption, hashtags, deep, short: 1 } },
    );
    const text = leafAt(entry, "conditions.all[0]");
    expect(text.clipped).toBe(true);
    expect(text.factValue).toBe(`${"é".repeat(1000)}… (1000000 characters)`);
    expect(text.result).toBe(false);
    const list = leafAt(entry, "conditions.all[1]");
    expect(list.clipped).toBe(true);
    expect(list.factValue).toEqual([...hashtags.slice(0, 20), "and 4980 more"]);
    // The result is the operator's on the whole list, not on what the trace shows.
    expect(list.result).toBe(true);
    const nested = leafAt(entry, "conditions.all[2]");
    expect(nested.clipped).toBe(true);
    expect(JSON.stringify(nested.factValue)).toBe(`${'{"inner":'.repeat(8)}"…"${"}".repeat(8)}`);
    expect(Object.hasOwn(leafAt(entry, "conditions.all[3]"), "clipped")).toBe(false);
    expect(JSON.stringify(entry).length).toBeLessThan(4000);
  });

  it("a traced verdict stays small when a caption is 1 MiB and hashtags number thousands", async () => {
    const post = (caption: string, hashtags: string[]) =>
      withPost("2026-03-05T10:00:00+09:00", [], {}).deliverables.map((d) => ({
        ...d,
        post: { ...(d as { post: object }).post, caption, hashtags },
      }));
    const small = withPost("2026-03-05T10:00:00+09:00");
    const huge = {
      ...small,
      deliverables: post(
        "a".repeat(1_048_576),
        Array.from({ length: 5000 }, (_, i) => `#t${i}`),
      ),
    };
    const options = { asOf: "2026-03-10T00:00:00Z", trace: true };
    const base = JSON.stringify(evaluateSync(small, mediance(), options)).length;
    const verdict = evaluateSync(huge, mediance(), options);
    expect(JSON.stringify(await evaluate(huge, mediance(), options))).toBe(JSON.stringify(verdict));
    expect(JSON.stringify(verdict.trace).length).toBeLessThan(base + 50_000);
    expect(() => parseVerdict(verdict)).not.toThrow();
  });

  it("a value with an own __proto__ key is copied as data", async () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as object;
    const entry = await traceOne({ all: [leaf("x", "isPresent", true)] }, { x: value });
    const seen = leafAt(entry, "conditions.all[0]").factValue as Record<string, unknown>;
    expect(Object.hasOwn(seen, "__proto__")).toBe(true);
    expect(JSON.stringify(seen)).toBe('{"__proto__":{"polluted":true},"a":1}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("trace: end to end", () => {
  const facts = withPost("2026-03-05T10:00:00+09:00");
  const options = { asOf: "2026-03-10T00:00:00Z" };

  it("shows the facts a preset rule read, in UTC, by deliverable", async () => {
    const verdict = await evaluate(facts, mediance(), { ...options, trace: true });
    const entry = verdict.trace?.find(
      (e) =>
        e.deliverableId === "feed" &&
        e.conditions.some(
          (c) =>
            c.kind === "leaf" && c.operator === "instantOnOrBefore" && c.fact === "deliverable",
        ),
    );
    expect(entry?.phase).toBe("violations");
    const condition = entry?.conditions.find(
      (c) => c.kind === "leaf" && c.operator === "instantOnOrBefore",
    );
    expect(condition).toMatchObject({
      path: "$.publishedAt",
      valueFrom: { fact: "deliverable", path: "$.dueAt" },
      // The post's publishedAt and the campaign's end, as the facts say (in UTC).
      factValue: "2026-03-05T01:00:00.000Z",
      value: "2026-03-31T14:59:59.000Z",
      result: true,
    });
    // Every rule runs once per unit: campaign rules once, deliverable rules once per deliverable.
    const phases = new Set(verdict.trace?.map((e) => e.phase));
    expect([...phases]).toEqual(["violations", "sanctions"]);
  });

  it("the untraced path never builds a trace (compiled rules are not even asked)", () => {
    const policy = compilePolicy(mediance()).policy;
    const saved = policy.rules.map((r) => {
      const compiled = compiledRule(r);
      const original = compiled.trace;
      compiled.trace = () => {
        throw new Error("traced");
      };
      return () => {
        compiled.trace = original;
      };
    });
    try {
      expect(() => evaluateSync(facts, policy, options)).not.toThrow();
      expect(() => evaluateSync(facts, policy, { ...options, trace: true })).toThrow("traced");
    } finally {
      for (const restore of saved) restore();
    }
    expect(evaluateSync(facts, policy, { ...options, trace: true }).trace?.length).toBeGreaterThan(
      0,
    );
  });

  it("trace: false is the same as no trace", () => {
    const off = evaluateSync(facts, mediance(), { ...options, trace: false });
    expect(Object.hasOwn(off, "trace")).toBe(false);
    expect(JSON.stringify(off)).toBe(JSON.stringify(evaluateSync(facts, mediance(), options)));
  });
});

describe("trace: the verdict schema", () => {
  const facts = withPost("2026-03-05T10:00:00+09:00");
  const traced = () =>
    evaluateSync(facts, mediance(), { asOf: "2026-03-10T00:00:00Z", trace: true });

  it("parseVerdict accepts a traced verdict unchanged, and so does its JSON Schema's shape", () => {
    const verdict = traced();
    expect(parseVerdict(JSON.parse(JSON.stringify(verdict)))).toEqual(verdict);
    const schema = JSON.stringify(jsonSchemas().verdict);
    expect(schema).toContain('"skipped"');
    expect(schema).toContain('"factValue"');
  });

  const tamper: Array<[string, (trace: Record<string, unknown>[]) => void, string]> = [
    ["an unknown phase", (t) => setEntry(t, "phase", "later"), "trace.0.phase"],
    [
      "a result that is neither boolean nor skipped",
      (t) => setCondition(t, 1, "result", "maybe"),
      "trace.0.conditions.1.result",
    ],
    [
      "an unknown key on a condition",
      (t) => setCondition(t, 1, "extra", 1),
      "trace.0.conditions.1.extra",
    ],
    [
      "a leaf without its fact",
      (t) => setCondition(t, 1, "fact", undefined),
      "trace.0.conditions.1.fact",
    ],
    [
      "an unknown condition kind",
      (t) => setCondition(t, 0, "kind", "xor"),
      "trace.0.conditions.0.kind",
    ],
    ["clipped: false", (t) => setCondition(t, 1, "clipped", false), "trace.0.conditions.1.clipped"],
    ["no conditions", (t) => setEntry(t, "conditions", []), "trace.0.conditions"],
    [
      "a rule result that is not boolean",
      (t) => setEntry(t, "result", "skipped"),
      "trace.0.result",
    ],
  ];

  for (const [name, change, path] of tamper) {
    it(`refuses ${name}`, () => {
      const verdict = JSON.parse(JSON.stringify(traced())) as { trace: Record<string, unknown>[] };
      change(verdict.trace);
      let error: unknown;
      try {
        parseVerdict(verdict);
      } catch (caught) {
        error = caught;
      }
      expect(isValidationError(error)).toBe(true);
      if (!isValidationError(error)) return;
      expect(error.code).toBe("INVALID_VERDICT");
      expect(error.issues.map((issue) => issue.path)).toContain(path);
    });
  }
});

function setEntry(trace: Record<string, unknown>[], key: string, value: unknown): void {
  const entry = trace[0] as Record<string, unknown>;
  entry[key] = value;
}

function setCondition(
  trace: Record<string, unknown>[],
  index: number,
  key: string,
  value: unknown,
): void {
  const conditions = trace[0]?.conditions as Record<string, unknown>[];
  const condition = conditions[index] as Record<string, unknown>;
  if (value === undefined) delete condition[key];
  else condition[key] = value;
}
