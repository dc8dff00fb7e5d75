/**
 * Differential property test: the compiled evaluator (src/engine/compile.ts) against
 * json-rules-engine itself, on random conditions and facts and on every preset rule.
 *
 * Runs: NOSHOW_FUZZ_RUNS=<n> sets the number of random (rule, facts) cases (default 3000); the
 * preset part runs ceil(n / 3) mutated preset runs (default 1000) on top of the unmutated ones.
 * Each case checks result, errors (both throw, or neither) and the condition trace.
 */
import fc from "fast-check";
import { Engine } from "json-rules-engine";
import { afterAll, describe, expect, it, vi } from "vitest";
import { examples } from "../examples/index.js";
import type { Scenario } from "../examples/scenario.js";
import {
  assertRunnableFacts,
  type CompiledRule,
  type ConditionTrace,
  compileRule,
  engineOperators,
  type Facts,
  type OperatorSet,
} from "../src/engine/compile.js";
import { referenceEngine, runRules } from "../src/engine/jre.js";
import { customOperators, durationOperators } from "../src/engine/operators.js";
import { ainfluencer, evaluate, flinque, mediance, parsePolicy, refluenced } from "../src/index.js";
import { BUILT_IN_OPERATORS } from "../src/policy/operators.js";
import type { PolicyRule } from "../src/policy/schema.js";
import { deepFreeze } from "./fixtures.js";

const RUNS = Number(process.env.NOSHOW_FUZZ_RUNS ?? 3000);
const PRESET_RUNS = Math.ceil(RUNS / 3);

type Rec = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// json-rules-engine, configured as src/engine/jre.ts configures it

/** 0.1.0's registration (no guarded built-ins): json-rules-engine's own `in` and decorators. */
function bareOperators(timeZone: string): OperatorSet {
  return { operators: { ...customOperators, ...durationOperators(timeZone) } };
}

function newEngine(set: OperatorSet): Engine {
  return referenceEngine(set);
}

type Outcome =
  | { ok: true; result: unknown; fired: boolean; conditions: unknown }
  | { ok: false; stage: "add" | "run"; error: Error };

/** One rule on a fresh engine; the rule is copied (json-rules-engine writes leaf priorities). */
async function engineOutcome(rule: unknown, facts: Facts, set: OperatorSet): Promise<Outcome> {
  const engine = newEngine(set);
  try {
    // @ts-expect-error the point: any generated rule JSON, valid or not, on both engines
    engine.addRule(structuredClone(rule));
  } catch (error) {
    return { ok: false, stage: "add", error: error as Error };
  }
  try {
    const outcome = await engine.run(facts as Rec);
    const all = [...outcome.results, ...outcome.failureResults];
    expect(all).toHaveLength(1);
    const [only] = all;
    if (!only) throw new Error("json-rules-engine gave no result for the rule");
    return {
      ok: true,
      result: only.result,
      fired: outcome.results.length === 1,
      conditions: only.conditions,
    };
  } catch (error) {
    return { ok: false, stage: "run", error: error as Error };
  }
}

type Compiled =
  | { ok: true; rule: CompiledRule; trace: ConditionTrace; tested: boolean }
  | { ok: false; stage: "add" | "run"; error: Error };

function compiledOutcome(rule: unknown, facts: Facts, set: OperatorSet): Compiled {
  let compiled: CompiledRule;
  try {
    // @ts-expect-error the point: any generated rule JSON, valid or not, on both engines
    compiled = compileRule(rule, set);
  } catch (error) {
    return { ok: false, stage: "add", error: error as Error };
  }
  try {
    assertRunnableFacts(facts);
    const trace = compiled.trace(facts, set);
    return { ok: true, rule: compiled, trace, tested: compiled.test(facts, set) };
  } catch (error) {
    // The fast path must fail too.
    expect(() => {
      assertRunnableFacts(facts);
      compiled.test(facts, set);
    }).toThrow();
    return { ok: false, stage: "run", error: error as Error };
  }
}

function booleanOperator(node: Rec): "all" | "any" | "not" | undefined {
  if (Object.hasOwn(node, "any")) return "any";
  if (Object.hasOwn(node, "all")) return "all";
  if (Object.hasOwn(node, "not")) return "not";
  return undefined;
}

interface Stats {
  cases: number;
  addErrors: number;
  runErrors: number;
  fired: number;
  notFired: number;
  evaluatedLeaves: number;
  skippedConditions: number;
}

const newStats = (): Stats => ({
  cases: 0,
  addErrors: 0,
  runErrors: 0,
  fired: 0,
  notFired: 0,
  evaluatedLeaves: 0,
  skippedConditions: 0,
});
const randomStats = newStats();
const presetStats = { ...newStats(), runs: 0 };

/** Holds the compiled outcome to json-rules-engine's: errors, result and the condition tree. */
function expectSame(engine: Outcome, compiled: Compiled, stats: Stats): void {
  stats.cases++;
  if (!engine.ok || !compiled.ok) {
    expect({ ok: compiled.ok, stage: compiled.ok ? undefined : compiled.stage }).toEqual({
      ok: engine.ok,
      stage: engine.ok ? undefined : engine.stage,
    });
    if (!engine.ok && !compiled.ok && engine.stage === "add") {
      // Errors at addRule are synchronous, so the very same one.
      expect(compiled.error.message).toBe(engine.error.message);
    }
    if (!engine.ok) {
      if (engine.stage === "add") stats.addErrors++;
      else stats.runErrors++;
    }
    return;
  }
  expect(compiled.trace.result).toBe(engine.fired);
  expect(compiled.tested).toBe(engine.fired);
  expect(Boolean(engine.result)).toBe(engine.fired);
  if (engine.fired) stats.fired++;
  else stats.notFired++;

  const byAt = new Map(compiled.trace.conditions.map((entry) => [entry.at, entry]));
  let visited = 0;
  const visit = (node: Rec, at: string, root: boolean) => {
    visited++;
    const entry = byAt.get(at);
    expect(entry, at).toBeDefined();
    if (!entry) return;
    const operator = booleanOperator(node);
    expect(entry.kind, at).toBe(operator ?? "leaf");
    if (root) {
      // json-rules-engine reports the root's value only as the rule's result.
      expect(Object.hasOwn(node, "result"), at).toBe(false);
      expect(entry.skipped).toBe(false);
      expect(entry.result, at).toStrictEqual(engine.result);
    } else if (Object.hasOwn(node, "result")) {
      expect(entry.skipped, at).toBe(false);
      expect(entry.result, at).toStrictEqual(node.result);
      if (!operator) {
        stats.evaluatedLeaves++;
        expect(entry.factResult, at).toStrictEqual(node.factResult);
        expect(entry.valueResult, at).toStrictEqual(node.valueResult);
      }
    } else {
      stats.skippedConditions++;
      expect(entry.skipped, at).toBe(true);
      expect(Object.hasOwn(entry, "result"), at).toBe(false);
      expect(Object.hasOwn(entry, "factResult"), at).toBe(false);
    }
    if (operator === "not") visit(node.not as Rec, `${at}.not`, false);
    else if (operator) {
      (node[operator] as Rec[]).forEach((child, i) => {
        visit(child, `${at}.${operator}[${i}]`, false);
      });
    }
  };
  visit(engine.conditions as Rec, "conditions", true);
  expect(visited).toBe(compiled.trace.conditions.length);
}

// ---------------------------------------------------------------------------------------------
// Random conditions and facts

const FACTS = ["n", "s", "t", "list", "obj", "nil", "flag", "span", "dur"] as const;
const BUILT_INS: readonly string[] = BUILT_IN_OPERATORS;
const CUSTOM = Object.keys(engineOperators("UTC").operators).filter(
  (name) => !BUILT_INS.includes(name),
);
const DECORATORS = ["someFact", "someValue", "everyFact", "everyValue", "swap", "not"];
const ZONES = ["UTC", "Asia/Seoul", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe"];
// Around the US spring-forward of 2026-03-08, in half hours, so comparisons often tie.
const ORIGIN = Date.parse("2026-03-08T06:00:00Z");

const pad = (value: number, length = 2) => String(Math.abs(value)).padStart(length, "0");

/** An ISO string for `ms`: in UTC, at an offset, without an offset, or as a date only. */
function isoString(ms: number, form: number, offsetMinutes: number): string {
  const utc = new Date(ms).toISOString();
  if (form === 0) return utc;
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
  if (form === 1) {
    const sign = offsetMinutes < 0 ? "-" : "+";
    return `${local}${sign}${pad(Math.trunc(offsetMinutes / 60))}:${pad(offsetMinutes % 60)}`;
  }
  if (form === 2) return local;
  return local.slice(0, 10);
}

const instant = fc
  .tuple(
    fc.integer({ min: -6, max: 6 }),
    fc.constantFrom(0, 0, 1, 1, 2, 3),
    fc.constantFrom(0, 540, -300, 60, 330),
  )
  .map(([steps, form, offset]) => isoString(ORIGIN + steps * 1_800_000, form, offset));

const primitive: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -2, max: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(0.5, -0, 2024, 1e21, -1.5) },
  {
    weight: 3,
    arbitrary: fc.constantFrom("", "a", "b", "ab", "12", "12abc", " 3", "Infinity", "NaN", "null"),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 3 }) },
  { weight: 2, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: instant },
);

const duration: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      {
        days: fc.integer({ min: 0, max: 3 }),
        hours: fc.integer({ min: 0, max: 30 }),
        minutes: fc.integer({ min: 0, max: 90 }),
        weeks: fc.integer({ min: 0, max: 1 }),
      },
      { requiredKeys: [] },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      {},
      { days: -1 },
      { hours: 1.5 },
      { fortnights: 1 },
      { years: 5000 },
      { days: "1" },
    ),
  },
);

const interval: fc.Arbitrary<unknown> = fc.record(
  {
    start: fc.oneof({ weight: 5, arbitrary: instant }, { weight: 1, arbitrary: primitive }),
    end: fc.oneof({ weight: 5, arbitrary: instant }, { weight: 1, arbitrary: primitive }),
  },
  { requiredKeys: ["start"] },
);

const list = fc.array(primitive, { maxLength: 4 });

const nested: fc.Arbitrary<unknown> = fc.record(
  {
    a: fc.oneof(
      fc.record({ b: primitive, list }, { requiredKeys: [] }),
      primitive,
      fc.array(fc.record({ b: primitive }), { maxLength: 2 }),
    ),
    list,
    n: primitive,
    start: instant,
    days: fc.integer({ min: 0, max: 3 }),
  },
  { requiredKeys: [] },
);

const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: primitive },
  { weight: 3, arbitrary: list },
  { weight: 2, arbitrary: nested },
  { weight: 1, arbitrary: interval },
  { weight: 1, arbitrary: duration },
);

const biased = (arbitrary: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 3, arbitrary }, { weight: 1, arbitrary: anyValue });

const FACT_SHAPES: Record<(typeof FACTS)[number], fc.Arbitrary<unknown>> = {
  n: biased(fc.integer({ min: -2, max: 3 })),
  s: biased(fc.constantFrom("a", "b", "ab", "12", "")),
  t: biased(instant),
  list: biased(list),
  obj: biased(nested),
  nil: biased(fc.constant(null)),
  flag: biased(fc.boolean()),
  span: biased(interval),
  dur: biased(duration),
};

const ABSENT = Symbol("absent");

/** Facts: each name present 59 times in 60; rarely an empty-string fact (run() throws). */
const factsArbitrary: fc.Arbitrary<Rec> = fc
  .tuple(
    fc.tuple(...FACTS.map((name) => fc.option(FACT_SHAPES[name], { freq: 60, nil: ABSENT }))),
    fc.oneof(
      { weight: 59, arbitrary: fc.constant(ABSENT) },
      { weight: 1, arbitrary: fc.constant(1) },
    ),
  )
  .map(([values, empty]) => {
    const facts: Rec = {};
    FACTS.forEach((name, i) => {
      if (values[i] !== ABSENT) facts[name] = values[i];
    });
    if (empty !== ABSENT) facts[""] = empty;
    return facts;
  });

const path = fc.oneof(
  {
    weight: 20,
    arbitrary: fc.constantFrom(
      "$.a",
      "$.a.b",
      "$.a[0].b",
      "$.list[0]",
      "$.list[1]",
      "a.b",
      "list",
      "$",
      "$.start",
      "$.end",
      "$.days",
      "$.n",
      "$[0]",
      "$..a",
      "$.a[?(@.b)]",
      "",
      "$.__proto__",
      "$.constructor",
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, true) },
);

const factName = fc.oneof(
  { weight: 300, arbitrary: fc.constantFrom(...FACTS) },
  { weight: 2, arbitrary: fc.constant("missing") },
  { weight: 1, arbitrary: fc.constantFrom(7, null, "toString") },
);

const operator = fc
  .tuple(
    fc.array(
      fc.oneof(
        { weight: 300, arbitrary: fc.constantFrom(...DECORATORS) },
        { weight: 1, arbitrary: fc.constantFrom("every", "") },
      ),
      { maxLength: 2 },
    ),
    fc.oneof(
      { weight: 100, arbitrary: fc.constantFrom(...BUILT_INS) },
      { weight: 100, arbitrary: fc.constantFrom(...CUSTOM) },
      { weight: 1, arbitrary: fc.constantFrom("bogus", "", "not") },
    ),
  )
  .map(([decorators, base]) => (decorators.length === 0 ? base : [...decorators, base].join(":")));

/** `arbitrary` one time in `every`, else `undefined`. */
const optional = <T>(arbitrary: fc.Arbitrary<T>, every = 2) =>
  fc.oneof({ weight: every - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });

/** Drops the keys whose value is `undefined` (JSON has none). */
function compact(record: Rec): Rec {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

const valueReference = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .record({
        fact: factName,
        path: optional(path),
        params: optional(fc.constant({ x: 1 }), 6),
      })
      .map(compact),
  },
  { weight: 1, arbitrary: fc.constantFrom({ fact: 7 }, { path: "$.a" }, { fact: "obj", path: 1 }) },
);

/** Mostly arrays for the operators that iterate or search their value (else they throw). */
function valueFor(operatorName: string): fc.Arbitrary<unknown> {
  const listy = /(^|:)(in|notIn)$|someValue:|everyValue:/.test(operatorName);
  const literal = listy
    ? fc.oneof({ weight: 6, arbitrary: list }, { weight: 1, arbitrary: anyValue })
    : anyValue;
  return fc.oneof({ weight: 4, arbitrary: literal }, { weight: 1, arbitrary: valueReference });
}

const leaf: fc.Arbitrary<Rec> = operator.chain((name) =>
  fc
    .record({
      fact: factName,
      operator: fc.constant(name),
      value: valueFor(name),
      path: optional(path, 3),
      priority: optional(fc.integer({ min: 1, max: 3 }), 3),
      params: optional(fc.constant({ unit: "x" }), 8),
      name: optional(fc.constant("leaf"), 8),
    })
    .map(compact),
);

const byDepth = new Map<number, fc.Arbitrary<Rec>>();

/** Children: mostly one to four, sometimes none (`all: []` and `any: []` are true). */
const children = (child: fc.Arbitrary<Rec>) =>
  fc.oneof(
    { weight: 12, arbitrary: fc.array(child, { minLength: 1, maxLength: 4, size: "max" }) },
    { weight: 1, arbitrary: fc.constant([]) },
  );

function group(depth: number): fc.Arbitrary<Rec> {
  const child = conditionAt(depth - 1);
  const priority = optional(fc.integer({ min: 1, max: 3 }), 3);
  return fc.oneof(
    { weight: 2, arbitrary: fc.record({ all: children(child), priority }).map(compact) },
    { weight: 2, arbitrary: fc.record({ any: children(child), priority }).map(compact) },
    { weight: 1, arbitrary: fc.record({ not: child, priority }).map(compact) },
  );
}

/** Conditions json-rules-engine refuses at addRule, or (references) at run time. */
const malformed: fc.Arbitrary<Rec> = fc.constantFrom(
  { fact: "n", operator: "equal" },
  { fact: "n", value: 1 },
  { operator: "equal", value: 1 },
  { all: {} },
  { any: null },
  { not: [] },
  { not: null },
  null as unknown as Rec,
  5 as unknown as Rec,
);

function conditionAt(depth: number): fc.Arbitrary<Rec> {
  const known = byDepth.get(depth);
  if (known) return known;
  const made =
    depth <= 1
      ? leaf
      : fc.oneof(
          { weight: 100, arbitrary: leaf },
          { weight: 100, arbitrary: group(depth) },
          { weight: 1, arbitrary: malformed },
        );
  byDepth.set(depth, made);
  return made;
}

/** A rule: root all/any/not (depth 1) with conditions down to depth 4. */
const ruleArbitrary = fc
  .record({
    conditions: fc.oneof(
      { weight: 100, arbitrary: group(4) },
      {
        weight: 100,
        arbitrary: fc
          .tuple(
            fc.constantFrom("all", "any"),
            fc.array(conditionAt(3), { minLength: 2, maxLength: 5, size: "max" }),
          )
          .map(([kind, list]) => ({ [kind]: list })),
      },
      { weight: 1, arbitrary: fc.constantFrom({ fact: "n", operator: "equal", value: 1 }, {}) },
    ),
    priority: fc.oneof(
      { weight: 200, arbitrary: optional(fc.integer({ min: 1, max: 5 }), 3) },
      { weight: 1, arbitrary: fc.constantFrom(-1, "abc", 0) },
    ),
    event: fc.oneof(
      { weight: 200, arbitrary: fc.constant({ type: "fuzz", params: { n: 1 } }) },
      { weight: 1, arbitrary: fc.constantFrom({ params: {} }, null) },
    ),
  })
  .map(({ conditions, priority, event }) => compact({ name: "fuzz", priority, conditions, event }));

const describeStats = (stats: Stats) =>
  `${stats.fired} fired, ${stats.notFired} did not, ${stats.runErrors} run errors, ` +
  `${stats.addErrors} addRule errors; ${stats.evaluatedLeaves} evaluated leaves and ` +
  `${stats.skippedConditions} skipped conditions compared`;

afterAll(() => {
  console.log(
    `compile.diff: ${randomStats.cases} random rules (${describeStats(randomStats)}); ` +
      `${presetStats.runs} preset runs, ${presetStats.cases} preset rule checks ` +
      `(${describeStats(presetStats)})`,
  );
});

describe("compiled conditions against json-rules-engine", () => {
  it(`agree on ${RUNS} random rules and facts (result, errors, condition trace)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        ruleArbitrary,
        factsArbitrary,
        fc.constantFrom(...ZONES),
        fc.boolean(),
        async (rule, facts, zone, guarded) => {
          deepFreeze(rule);
          deepFreeze(facts);
          const set = guarded ? engineOperators(zone) : bareOperators(zone);
          const engine = await engineOutcome(rule, facts, set);
          const compiled = compiledOutcome(rule, facts, set);
          expectSame(engine, compiled, randomStats);
        },
      ),
      { numRuns: RUNS },
    );
    // Not vacuous: every kind of outcome occurs often.
    if (RUNS >= 1000) {
      const stats = randomStats;
      expect(stats.fired).toBeGreaterThan(RUNS * 0.15);
      expect(stats.notFired).toBeGreaterThan(RUNS * 0.15);
      expect(stats.runErrors).toBeGreaterThan(RUNS * 0.02);
      expect(stats.addErrors).toBeGreaterThan(RUNS * 0.005);
      expect(stats.skippedConditions).toBeGreaterThan(RUNS * 0.2);
      expect(stats.evaluatedLeaves).toBeGreaterThan(RUNS * 1.5);
    }
  }, 600_000);
});

// ---------------------------------------------------------------------------------------------
// Preset rules on the facts the pipeline builds

interface CapturedRun {
  preset: string;
  rules: PolicyRule[];
  facts: Rec;
  zone: string;
}

/** The example with an exception claim added (decided or not), for the exceptions phase. */
function withClaims(scenario: Scenario): Scenario[] {
  const facts = scenario.facts as Rec & { participation: { selectedAt: string } };
  if (facts.exceptions) return [];
  return ([undefined, "accepted", "rejected"] as const).map((decision) => ({
    ...scenario,
    facts: {
      ...facts,
      exceptions: [
        {
          id: "claim-x",
          type: "illness",
          reportedAt: facts.participation.selectedAt,
          ...(decision ? { decision } : {}),
        },
      ],
    },
  }));
}

/** Every engine run `evaluate` makes on the examples, with its rules and facts. */
async function captureRuns(): Promise<CapturedRun[]> {
  const runs: CapturedRun[] = [];
  for (const [preset, examplesOfPreset] of examples) {
    const scenarios = examplesOfPreset.flatMap((scenario) => [scenario, ...withClaims(scenario)]);
    for (const scenario of scenarios) {
      const policy = parsePolicy(scenario.policy);
      const byName = new Map(policy.rules.map((rule) => [rule.name, rule]));
      const zone = (scenario.facts as { campaign: { timezone: string } }).campaign.timezone;
      const original = Engine.prototype.run;
      const spy = vi.spyOn(Engine.prototype, "run").mockImplementation(function (
        this: Engine,
        ...[facts, options]: Parameters<Engine["run"]>
      ) {
        const names = (this as unknown as { rules: Array<{ name: string }> }).rules.map(
          (rule) => rule.name,
        );
        runs.push({
          preset,
          rules: names.map((name) => byName.get(name) as PolicyRule),
          facts: structuredClone(facts ?? {}),
          zone,
        });
        return original.call(this, facts, options);
      });
      try {
        await evaluate(scenario.facts, scenario.policy, {
          asOf: scenario.asOf,
          ...(scenario.standing ? { standing: scenario.standing } : {}),
        });
      } finally {
        spy.mockRestore();
      }
    }
  }
  return runs;
}

/** Runs every rule of a run both ways, and the whole run through the real adapter. */
async function checkRun(run: CapturedRun, facts: Rec): Promise<void> {
  const set = engineOperators(run.zone);
  presetStats.runs++;
  let anyError = false;
  const compiledFired: string[] = [];
  for (const rule of run.rules) {
    const engine = await engineOutcome(rule, facts, set);
    const compiled = compiledOutcome(rule, facts, set);
    expectSame(engine, compiled, presetStats);
    if (!engine.ok) anyError = true;
    else if (engine.fired) compiledFired.push(rule.name);
  }
  // The adapter as the pipeline uses it: fired rules in policy order, or a rejection.
  const adapter = runRules(
    "violations",
    run.rules,
    [{ unit: "u", facts }],
    () => "u",
    [],
    run.zone,
  );
  if (anyError) {
    await expect(adapter).rejects.toBeDefined();
  } else {
    const [result] = await adapter;
    expect(result?.fired.map((fired) => fired.name)).toEqual(compiledFired);
  }
}

interface Mutation {
  at: number;
  kind: number;
  hours: number;
  value: unknown;
}

/** Every (container, key) of `facts` down to depth 5. */
function slots(facts: Rec): Array<[Rec | unknown[], string | number]> {
  const found: Array<[Rec | unknown[], string | number]> = [];
  const walk = (value: unknown, depth: number) => {
    if (depth > 5 || value === null || typeof value !== "object") return;
    const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
    for (const key of keys) {
      found.push([value as Rec, key]);
      walk((value as Rec)[key as string], depth + 1);
    }
  };
  walk(facts, 0);
  return found;
}

/** A copy of `facts` with values shifted, flipped, nulled, deleted or replaced. */
function mutate(facts: Rec, mutations: readonly Mutation[]): Rec {
  const copy = structuredClone(facts);
  for (const mutation of mutations) {
    const all = slots(copy);
    if (all.length === 0) break;
    const [container, key] = all[mutation.at % all.length] as [Rec, string];
    const current = container[key];
    // A private copy: fast-check may hand the same value to later runs, and facts get frozen.
    const value = structuredClone(mutation.value);
    switch (mutation.kind) {
      case 0: {
        const ms = typeof current === "string" ? Date.parse(current) : Number.NaN;
        container[key] = Number.isNaN(ms)
          ? value
          : new Date(ms + mutation.hours * 3_600_000).toISOString();
        break;
      }
      case 1:
        container[key] = typeof current === "number" ? current + mutation.hours : value;
        break;
      case 2:
        container[key] = typeof current === "boolean" ? !current : null;
        break;
      case 3:
        if (Array.isArray(container)) container[key] = null;
        else delete container[key];
        break;
      default:
        container[key] = value;
    }
  }
  return copy;
}

const PRESETS = { mediance, refluenced, ainfluencer, flinque };

describe("compiled preset rules against json-rules-engine", () => {
  it(`agree on every example run and ${PRESET_RUNS} mutated runs`, async () => {
    const runs = await captureRuns();
    expect(runs.length).toBeGreaterThan(20);
    // Every rule of every preset runs at least once.
    for (const [preset, factory] of Object.entries(PRESETS)) {
      const exercised = new Set(
        runs
          .filter((run) => run.preset.toLowerCase() === preset)
          .flatMap((run) => run.rules.map((rule) => rule.name)),
      );
      const missing = factory()
        .rules.map((rule) => rule.name)
        .filter((name) => !exercised.has(name));
      expect(missing, preset).toEqual([]);
    }
    for (const run of runs) await checkRun(run, run.facts);

    const mutation = fc.record({
      at: fc.nat(),
      kind: fc.integer({ min: 0, max: 6 }),
      hours: fc.integer({ min: -200, max: 200 }),
      value: anyValue,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: runs.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        async (index, mutations) => {
          const run = runs[index] as CapturedRun;
          await checkRun(run, deepFreeze(mutate(run.facts, mutations)));
        },
      ),
      { numRuns: PRESET_RUNS },
    );
    expect(presetStats.fired).toBeGreaterThan(presetStats.runs);
    expect(presetStats.notFired).toBeGreaterThan(presetStats.runs);
  }, 600_000);
});
