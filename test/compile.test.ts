/**
 * The compiled evaluator's semantic corners, one by one. Every case runs on json-rules-engine
 * too (a fresh Engine configured as src/engine/jre.ts configures it) and must agree with it on
 * the result, the error and the condition trace; the expected value is then pinned.
 */
import type { Engine } from "json-rules-engine";
import { describe, expect, it } from "vitest";
import {
  assertRunnableFacts,
  type CompiledRule,
  type ConditionTrace,
  closeRunMemo,
  compileCondition,
  compileRule,
  engineOperators,
  type Facts,
  type OperatorSet,
  openRunMemo,
  prioritizeRules,
  UndefinedFactError,
} from "../src/engine/compile.js";
import { referenceEngine } from "../src/engine/jre.js";
import {
  customOperators,
  durationOperators,
  guardedBuiltInOperators,
  guardedDecorators,
} from "../src/engine/operators.js";
import type { TopLevelCondition } from "../src/policy/schema.js";
import { deepFreeze } from "./fixtures.js";

type Rec = Record<string, unknown>;

/** json-rules-engine's own built-ins and decorators, plus our custom and duration operators. */
const BARE: OperatorSet = { operators: { ...customOperators, ...durationOperators("UTC") } };
/** What src/engine/jre.ts registers (guarded in/notIn/someValue/everyValue too). */
const OURS = engineOperators("UTC");

function newEngine(set: OperatorSet): Engine {
  return referenceEngine(set);
}

type Result =
  | { ok: true; fired: boolean; raw: unknown; trace: ConditionTrace }
  | { ok: false; stage: "add" | "run"; error: Error };

/**
 * Runs `rule` on json-rules-engine and compiled, asserts they agree (result, raw result, error
 * message when there is one error, every condition's trace), and returns the compiled outcome.
 */
async function agree(rule: Rec, facts: Facts, set: OperatorSet = BARE): Promise<Result> {
  const engine = newEngine(set);
  let engineError: { stage: "add" | "run"; error: Error } | undefined;
  let outcome: Awaited<ReturnType<Engine["run"]>> | undefined;
  try {
    // @ts-expect-error the point: any rule JSON, valid or not, on both engines
    engine.addRule(structuredClone(rule));
  } catch (error) {
    engineError = { stage: "add", error: error as Error };
  }
  if (!engineError) {
    try {
      outcome = await engine.run(facts as Rec);
    } catch (error) {
      engineError = { stage: "run", error: error as Error };
    }
  }

  let compiled: CompiledRule | undefined;
  let compiledResult: Result;
  try {
    // @ts-expect-error the point: any rule JSON, valid or not, on both engines
    compiled = compileRule(deepFreeze(structuredClone(rule)), set);
    try {
      assertRunnableFacts(facts);
      const trace = compiled.trace(facts, set);
      expect(compiled.test(facts, set)).toBe(trace.result);
      compiledResult = {
        ok: true,
        fired: trace.result,
        raw: trace.conditions[0]?.result,
        trace,
      };
    } catch (error) {
      compiledResult = { ok: false, stage: "run", error: error as Error };
    }
  } catch (error) {
    compiledResult = { ok: false, stage: "add", error: error as Error };
  }

  if (engineError || !compiledResult.ok) {
    expect(compiledResult.ok ? "ok" : compiledResult.stage).toBe(engineError?.stage ?? "ok");
    if (engineError && !compiledResult.ok) {
      expect(compiledResult.error.message).toBe(engineError.error.message);
      expect(compiledResult.error.constructor.name === "TypeError").toBe(
        engineError.error instanceof TypeError,
      );
      expect((compiledResult.error as { code?: unknown }).code).toBe(
        (engineError.error as { code?: unknown }).code,
      );
    }
    return compiledResult;
  }
  const all = [...(outcome?.results ?? []), ...(outcome?.failureResults ?? [])];
  const [only] = all;
  if (!only) throw new Error("json-rules-engine gave no result for the rule");
  expect(compiledResult.fired).toBe(outcome?.results.length === 1);
  expect(compiledResult.raw).toStrictEqual(only.result);
  expectSameTree(only.conditions, compiledResult.trace);
  return compiledResult;
}

function booleanOperator(node: Rec): "all" | "any" | "not" | undefined {
  if (Object.hasOwn(node, "any")) return "any";
  if (Object.hasOwn(node, "all")) return "all";
  if (Object.hasOwn(node, "not")) return "not";
  return undefined;
}

/** Walks json-rules-engine's result tree (any node shape, read key by key) beside the trace. */
function expectSameTree(root: object, trace: ConditionTrace): void {
  const byAt = new Map(trace.conditions.map((entry) => [entry.at, entry]));
  let visited = 0;
  const visit = (tree: object, at: string, isRoot: boolean) => {
    const node = tree as Rec;
    visited++;
    const entry = byAt.get(at);
    expect(entry, at).toBeDefined();
    const operator = booleanOperator(node);
    if (!isRoot && Object.hasOwn(node, "result")) {
      expect(entry?.skipped, at).toBe(false);
      expect(entry?.result, at).toStrictEqual(node.result);
      if (!operator) {
        expect(entry?.factResult, at).toStrictEqual(node.factResult);
        expect(entry?.valueResult, at).toStrictEqual(node.valueResult);
      }
    } else if (!isRoot) {
      expect(entry?.skipped, at).toBe(true);
    }
    if (operator === "not") visit(node.not as Rec, `${at}.not`, false);
    else if (operator) {
      (node[operator] as Rec[]).forEach((child, i) => {
        visit(child, `${at}.${operator}[${i}]`, false);
      });
    }
  };
  visit(root, "conditions", true);
  expect(visited).toBe(trace.conditions.length);
}

const rule = (conditions: unknown, extra: Rec = {}): Rec => ({
  name: "r",
  conditions,
  event: { type: "r" },
  ...extra,
});
const leaf = (fact: unknown, operator: unknown, value: unknown, extra: Rec = {}): Rec => ({
  fact,
  operator,
  value,
  ...extra,
});
/** One leaf under `all`. */
const one = (fact: unknown, operator: unknown, value: unknown, extra: Rec = {}) =>
  rule({ all: [leaf(fact, operator, value, extra)] });

/** A valid rule, typed as both engines take it (`rule` above builds invalid ones too). */
const validRule = (conditions: TopLevelCondition) => ({
  name: "r",
  conditions,
  event: { type: "r" },
});
/** A valid leaf, typed. */
const validLeaf = (
  fact: string,
  operator: string,
  value: unknown,
  extra: { priority?: number } = {},
) => ({
  fact,
  operator,
  value,
  ...extra,
});
/** One valid leaf under `all`. */
const validOne = (fact: string, operator: string, value: unknown) =>
  validRule({ all: [validLeaf(fact, operator, value)] });

async function fired(ruleJson: Rec, facts: Facts, set: OperatorSet = BARE): Promise<boolean> {
  const result = await agree(ruleJson, facts, set);
  if (!result.ok) throw result.error;
  return result.fired;
}

async function failure(ruleJson: Rec, facts: Facts, set: OperatorSet = BARE): Promise<Error> {
  const result = await agree(ruleJson, facts, set);
  if (result.ok) throw new Error("expected an error");
  return result.error;
}

describe("built-in operators", () => {
  it("equal and notEqual are strict (===), objects never equal a copy", async () => {
    expect(await fired(one("x", "equal", 1), { x: 1 })).toBe(true);
    expect(await fired(one("x", "equal", "1"), { x: 1 })).toBe(false);
    expect(await fired(one("x", "notEqual", "1"), { x: 1 })).toBe(true);
    expect(await fired(one("x", "equal", null), { x: undefined })).toBe(false);
    expect(await fired(one("x", "equal", { a: 1 }), { x: { a: 1 } })).toBe(false);
    expect(await fired(one("x", "notEqual", [1]), { x: [1] })).toBe(true);
  });

  it("lessThan & co. need a fact that parseFloat reads as a number, then compare as JS does", async () => {
    expect(await fired(one("x", "lessThan", 2), { x: 1 })).toBe(true);
    expect(await fired(one("x", "lessThan", 2), { x: null })).toBe(false);
    expect(await fired(one("x", "lessThanInclusive", 1), { x: true })).toBe(false);
    // "3" passes the validator and "3" < 20 coerces; "12abc" passes but NaN < 20 is false.
    expect(await fired(one("x", "lessThan", 20), { x: "3" })).toBe(true);
    expect(await fired(one("x", "lessThan", 20), { x: "12abc" })).toBe(false);
    // [5] reads as 5 and compares as "5".
    expect(await fired(one("x", "greaterThan", 4), { x: [5] })).toBe(true);
    // Instants are text: a later instant with a larger offset compares as earlier.
    expect(
      await fired(one("x", "lessThan", "2026-03-01T10:00:00Z"), {
        x: "2026-03-01T18:00:00+09:00",
      }),
    ).toBe(false);
    expect(await fired(one("x", "greaterThanInclusive", 1), { x: "Infinity" })).toBe(true);
  });

  it("contains and doesNotContain are false unless the fact is an array (no substring)", async () => {
    expect(await fired(one("x", "contains", "b"), { x: ["a", "b"] })).toBe(true);
    expect(await fired(one("x", "contains", "b"), { x: "abc" })).toBe(false);
    expect(await fired(one("x", "doesNotContain", "z"), { x: "abc" })).toBe(false);
    expect(await fired(one("x", "doesNotContain", "z"), { x: ["a"] })).toBe(true);
  });

  it("in with a string value is a substring test; with a non-list it throws", async () => {
    expect(await fired(one("x", "in", ["a", "b"]), { x: "b" })).toBe(true);
    expect(await fired(one("x", "in", [1]), { x: "1" })).toBe(false);
    expect(await fired(one("x", "in", "abc"), { x: "bc" })).toBe(true);
    expect(await fired(one("x", "notIn", "abc"), { x: "z" })).toBe(true);
    // String#indexOf stringifies: null is found in "nullable".
    expect(await fired(one("x", "in", "nullable"), { x: null })).toBe(true);
    const error = await failure(one("x", "in", 5), { x: 1 });
    expect(error.message).toBe("b.indexOf is not a function");
    expect(await failure(one("x", "notIn", null), { x: 1 })).toBeInstanceOf(TypeError);
  });

  it("the guarded in/notIn our engines register are false where the built-ins throw", async () => {
    expect(await fired(one("x", "in", 5), { x: 1 }, OURS)).toBe(false);
    expect(await fired(one("x", "notIn", { a: 1 }), { x: 1 }, OURS)).toBe(false);
    expect(await fired(one("x", "in", "abc"), { x: "bc" }, OURS)).toBe(true);
  });
});

describe("our operators", () => {
  it("are registered by name and run as given", async () => {
    const at = "2026-03-01T10:00:00Z";
    expect(await fired(one("x", "instantBefore", at), { x: "2026-03-01T18:00:00+09:00" })).toBe(
      true,
    );
    expect(await fired(one("x", "instantOnOrAfter", at), { x: null })).toBe(false);
    expect(await fired(one("x", "isPresent", false), { x: null })).toBe(true);
    expect(await fired(one("x", "lengthAtLeast", 2), { x: [1, 2] })).toBe(true);
    expect(await fired(one("x", "intersects", ["b", "c"]), { x: ["a", "b"] })).toBe(true);
  });

  it("one compiled rule serves every zone: calendar days follow the set passed at run time", async () => {
    // 1 calendar day from 07:00 EST on 7 March reaches 07:00 EDT (11:00Z) on 8 March in New York;
    // in UTC it reaches 12:00Z. The interval ends at 11:30Z.
    const ruleJson = validOne("span", "elapsedAtLeast", { days: 1 });
    const facts = { span: { start: "2026-03-07T12:00:00Z", end: "2026-03-08T11:30:00Z" } };
    expect(await fired(ruleJson, facts, engineOperators("America/New_York"))).toBe(true);
    expect(await fired(ruleJson, facts, engineOperators("UTC"))).toBe(false);
    const compiled = compileRule(ruleJson);
    expect(compiled.test(facts, engineOperators("America/New_York"))).toBe(true);
    expect(compiled.test(facts, engineOperators("UTC"))).toBe(false);
    expect(compiled.test(facts, engineOperators("America/New_York"))).toBe(true);
    expect(engineOperators("Asia/Seoul")).toBe(engineOperators("Asia/Seoul"));
  });

  it("a registered operator replaces a built-in of the same name", async () => {
    const set: OperatorSet = { operators: { equal: () => true } };
    expect(await fired(one("x", "equal", 2), { x: 1 }, set)).toBe(true);
    expect(await fired(one("x", "not:equal", 2), { x: 1 }, set)).toBe(false);
  });

  it("an operator missing from the run's set is unknown, before any fact is read", async () => {
    const compiled = compileRule(validOne("missing", "isPresent", true), OURS);
    expect(() => compiled.test({}, BARE)).toThrow(UndefinedFactError);
    expect(() => compiled.test({}, { operators: {} })).toThrow("Unknown operator: isPresent");
    const decorated = compileRule(validOne("x", "someValue:equal", [1]), OURS);
    expect(() => decorated.test({ x: 1 }, { operators: OURS.operators })).toThrow(
      "Unknown operator: someValue:equal",
    );
  });

  it("a custom operator's raw value is the leaf's result", async () => {
    const set: OperatorSet = { operators: { one: () => 1, zero: () => 0 } };
    const result = await agree(one("x", "one", null), { x: 1 }, set);
    expect(result.ok && result.trace.conditions[1]?.result).toBe(1);
  });
});

describe("decorators", () => {
  it("someFact/everyFact iterate an array fact and are false on anything else", async () => {
    expect(await fired(one("x", "someFact:equal", 2), { x: [1, 2] })).toBe(true);
    expect(await fired(one("x", "someFact:equal", 2), { x: 2 })).toBe(false);
    expect(await fired(one("x", "everyFact:greaterThan", 0), { x: [1, 2] })).toBe(true);
    expect(await fired(one("x", "everyFact:greaterThan", 0), { x: [] })).toBe(true);
    expect(await fired(one("x", "everyFact:greaterThan", 0), { x: "12" })).toBe(false);
  });

  it("someValue/everyValue iterate the value and throw on a non-array one", async () => {
    expect(await fired(one("x", "someValue:equal", [1, 2]), { x: 2 })).toBe(true);
    expect(await fired(one("x", "everyValue:lessThan", [3, 4]), { x: 2 })).toBe(true);
    expect(await fired(one("x", "everyValue:lessThan", []), { x: 2 })).toBe(true);
    expect((await failure(one("x", "someValue:equal", "ab"), { x: "a" })).message).toBe(
      "jsonValue.some is not a function",
    );
    expect((await failure(one("x", "everyValue:equal", null), { x: "a" })).message).toBe(
      "Cannot read properties of null (reading 'every')",
    );
    // Our engines register guarded versions: false instead.
    expect(await fired(one("x", "someValue:equal", "ab"), { x: "a" }, OURS)).toBe(false);
    expect(await fired(one("x", "everyValue:equal", [1]), { x: 1 }, OURS)).toBe(true);
  });

  it("swap exchanges the sides, validator included", async () => {
    expect(await fired(one("x", "swap:contains", ["a", "b"]), { x: "a" })).toBe(true);
    // swap:lessThan: value < fact, and the number validator now reads the value.
    expect(await fired(one("x", "swap:lessThan", 1), { x: 2 })).toBe(true);
    expect(await fired(one("x", "swap:lessThan", null), { x: 2 })).toBe(false);
    expect(await fired(one("x", "swap:in", "a"), { x: "abc" })).toBe(true);
  });

  it("the first decorator is the outermost", async () => {
    const facts = { x: [1, 2] };
    expect(await fired(one("x", "not:someFact:equal", 1), facts)).toBe(false);
    expect(await fired(one("x", "someFact:not:equal", 1), facts)).toBe(true);
    expect(await fired(one("x", "not:not:equal", 1), { x: 1 })).toBe(true);
    expect(await fired(one("x", "someFact:someValue:equal", [5, 2]), facts)).toBe(true);
    expect(await fired(one("x", "everyFact:isPresent", true), { x: [1, null] })).toBe(false);
    expect(await fired(one("x", "not:instantBefore", "x"), { x: "y" })).toBe(true);
  });

  it("unknown decorators and empty segments make the operator unknown", async () => {
    for (const name of ["every:equal", ":equal", "not:", "not::equal", "bogus", "not"]) {
      expect((await failure(one("x", name, 1), { x: 1 })).message).toBe(
        `Unknown operator: ${name}`,
      );
    }
  });

  it("a registered decorator replaces a built-in one and gets the decorated operator as next", async () => {
    const set: OperatorSet = {
      operators: {},
      decorators: { not: (a, b, next) => next(a, b) === true },
    };
    expect(await fired(one("x", "not:equal", 1), { x: 1 }, set)).toBe(true);
    expect(await fired(one("x", "someFact:not:equal", 1), { x: [2] }, set)).toBe(false);
  });

  it("a non-string operator throws json-rules-engine's TypeError when evaluated", async () => {
    const error = await failure(one("x", 7, 1), { x: 1 });
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe("opName.indexOf is not a function");
    expect((await failure(one("x", ["a"], 1), { x: 1 })).message).toBe("Unknown operator: a");
  });
});

describe("facts, value references and paths", () => {
  it("a missing fact throws UNDEFINED_FACT; a fact holding undefined is defined", async () => {
    const error = await failure(one("x", "equal", 1), {});
    expect(error).toBeInstanceOf(UndefinedFactError);
    expect(error.message).toBe("Undefined fact: x");
    expect((error as UndefinedFactError).code).toBe("UNDEFINED_FACT");
    expect(await fired(one("x", "equal", undefined), { x: undefined })).toBe(true);
    expect(await fired(one("x", "isPresent", false), { x: null })).toBe(true);
    // Object.prototype's names are not facts.
    expect((await failure(one("toString", "equal", 1), {})).message).toBe(
      "Undefined fact: toString",
    );
  });

  it("a fact id that is not a string is never defined", async () => {
    expect((await failure(one(7, "equal", 1), { 7: 1 })).message).toBe("Undefined fact: 7");
    expect((await failure(one("x", "equal", { fact: 7 }), { x: 1, 7: 1 })).message).toBe(
      "Undefined fact: 7",
    );
  });

  it("a value reference is a non-null object with an own `fact`; it is resolved like a fact", async () => {
    const facts = { x: 2, limit: { max: 3 } };
    expect(await fired(one("x", "lessThan", { fact: "limit", path: "$.max" }), facts)).toBe(true);
    // params only feed fact functions: with static facts they change nothing.
    expect(
      await fired(one("x", "lessThan", { fact: "limit", path: "$.max", params: { a: 1 } }), facts),
    ).toBe(true);
    // No own `fact`: a literal object (never === a number).
    expect(await fired(one("x", "equal", { path: "$.max" }), facts)).toBe(false);
    // An array is never a reference.
    expect(await fired(one("x", "in", [2]), facts)).toBe(true);
    const traced = await agree(one("x", "lessThan", { fact: "limit", path: "$.max" }), facts);
    expect(traced.ok && traced.trace.conditions[1]?.valueResult).toBe(3);
  });

  it("the value's undefined fact is reported before the condition's", async () => {
    const error = await failure(one("a", "equal", { fact: "b" }), {});
    expect(error.message).toBe("Undefined fact: b");
    expect((await failure(one("a", "equal", { fact: "b", path: "$.c" }), { b: {} })).message).toBe(
      "Undefined fact: a",
    );
  });

  it("a path applies only to a non-null object; otherwise the value itself is used", async () => {
    expect(await fired(one("x", "equal", 5, { path: "$.a" }), { x: 5 })).toBe(true);
    expect(await fired(one("x", "equal", null, { path: "$.a" }), { x: null })).toBe(true);
    expect(await fired(one("x", "equal", 1, { path: "$.a.b" }), { x: { a: { b: 1 } } })).toBe(true);
    expect(await fired(one("x", "equal", 2, { path: "$[1]" }), { x: [1, 2] })).toBe(true);
    expect(await fired(one("x", "equal", 2, { path: "a[1]" }), { x: { a: [1, 2] } })).toBe(true);
    const same = { a: 1 };
    expect(await fired(one("x", "isPresent", true, { path: "$" }), { x: same })).toBe(true);
  });

  it("falsy paths are ignored; unparsable or inherited paths read undefined", async () => {
    expect(await fired(one("x", "isPresent", true, { path: "" }), { x: { a: 1 } })).toBe(true);
    expect(await fired(one("x", "isPresent", true, { path: 0 }), { x: { a: 1 } })).toBe(true);
    for (const path of ["$..a", "$.a[?(@.b)]", "$.constructor", "$.__proto__", "$.toString"]) {
      expect(await fired(one("x", "isPresent", false, { path }), { x: { a: 1 } })).toBe(true);
    }
  });

  it("a non-string path goes to safePathResolver on an object, and is ignored on a scalar", async () => {
    // safePathResolver refuses anything but a string path: undefined.
    expect(await fired(one("x", "isPresent", false, { path: 1 }), { x: { a: 1 } })).toBe(true);
    expect(await fired(one("x", "equal", 1, { path: 1 }), { x: 1 })).toBe(true);
    expect(await fired(one("x", "equal", 1, { path: true }), { x: 1 })).toBe(true);
  });

  it("a fact named '' makes the whole run throw (assertRunnableFacts)", async () => {
    expect((await failure(one("x", "equal", 1), { x: 1, "": 0 })).message).toBe("factId required");
    expect(() => assertRunnableFacts({ x: 1 })).not.toThrow();
  });

  it("object facts without a prototype throw where JavaScript coercion throws", async () => {
    const bare = Object.assign(Object.create(null), { a: 1 });
    expect((await failure(one("x", "lessThan", 1), { x: bare })).message).toBe(
      "Cannot convert object to primitive value",
    );
  });
});

describe("groups", () => {
  it("all: [] and any: [] are true, so not of either is false", async () => {
    expect(await fired(rule({ all: [] }), {})).toBe(true);
    expect(await fired(rule({ any: [] }), {})).toBe(true);
    expect(await fired(rule({ not: { any: [] } }), {})).toBe(false);
    expect(await fired(rule({ all: [{ any: [] }, leaf("x", "equal", 1)] }), { x: 1 })).toBe(true);
  });

  it("one child passes its raw value up to the rule; two are compared === true", async () => {
    const set: OperatorSet = { operators: { one: () => 1, zero: () => 0 } };
    const single = await agree(one("x", "one", null), { x: 1 }, set);
    expect(single.ok && single.fired).toBe(true);
    expect(single.ok && single.raw).toBe(1);
    const pair = await agree(
      rule({ all: [leaf("x", "one", null), leaf("x", "one", null)] }),
      { x: 1 },
      set,
    );
    expect(pair.ok && pair.fired).toBe(false);
    // A nested group makes its value boolean: all(all(1)) is false.
    expect(await fired(rule({ all: [{ all: [leaf("x", "one", null)] }] }), { x: 1 }, set)).toBe(
      false,
    );
    // not negates by truthiness.
    expect(await fired(rule({ not: leaf("x", "zero", null) }), { x: 1 }, set)).toBe(true);
    expect(await fired(rule({ all: [{ not: leaf("x", "one", null) }] }), { x: 1 }, set)).toBe(
      false,
    );
  });

  it("any of one true and one false child is true; all is false", async () => {
    const children = [leaf("x", "equal", 1), leaf("x", "equal", 2)];
    expect(await fired(rule({ any: children }), { x: 1 })).toBe(true);
    expect(await fired(rule({ all: children }), { x: 1 })).toBe(false);
  });
});

describe("priorities", () => {
  it("runs sets highest first and skips the sets after a deciding one", async () => {
    const conditions = {
      all: [
        leaf("x", "equal", 1, { priority: 1 }),
        leaf("x", "equal", 2, { priority: 3 }),
        leaf("x", "equal", 3, { priority: 2 }),
      ],
    };
    const result = await agree(rule(conditions), { x: 1 });
    if (!result.ok) throw result.error;
    expect(result.fired).toBe(false);
    expect(result.trace.conditions.map((entry) => [entry.at, entry.skipped])).toEqual([
      ["conditions", false],
      ["conditions.all[1]", false],
      ["conditions.all[2]", true],
      ["conditions.all[0]", true],
    ]);
    expect(Object.hasOwn(result.trace.conditions[2] ?? {}, "factResult")).toBe(false);
  });

  it("any stops at the first set that holds", async () => {
    const conditions = {
      any: [leaf("x", "equal", 1, { priority: 1 }), leaf("x", "equal", 1, { priority: 2 })],
    };
    const result = await agree(rule(conditions), { x: 1 });
    expect(result.ok && result.trace.conditions.map((entry) => entry.skipped)).toEqual([
      false,
      false,
      true,
    ]);
  });

  it("evaluates a whole set: an error in it throws even when a sibling decides", async () => {
    const conditions = { all: [leaf("x", "equal", 2), leaf("missing", "equal", 1)] };
    expect((await failure(rule(conditions), { x: 1 })).message).toBe("Undefined fact: missing");
    // In a set after the deciding one, the same error never happens.
    const later = {
      all: [leaf("x", "equal", 2, { priority: 2 }), leaf("missing", "equal", 1)],
    };
    expect(await fired(rule(later), { x: 1 })).toBe(false);
  });

  it("a group's priority is parseInt(priority) || 1; a lone child is never prioritised", async () => {
    const conditions = {
      any: [
        { all: [leaf("x", "equal", 1)], priority: 2 },
        { all: [leaf("missing", "equal", 1)], priority: 1 },
      ],
    };
    expect(await fired(rule(conditions), { x: 1 })).toBe(true);
    // 2.9 parses to 2, equal to the group above: one set, both evaluated, so the error shows.
    const tie = {
      any: [
        { all: [leaf("x", "equal", 1)], priority: 2 },
        { all: [leaf("missing", "equal", 1)], priority: 2.9 },
      ],
    };
    expect((await failure(rule(tie), { x: 1 })).message).toBe("Undefined fact: missing");
    expect(await fired(rule({ all: [leaf("x", "equal", 1, { priority: 5 })] }), { x: 1 })).toBe(
      true,
    );
  });

  it("a leaf keeps its raw priority (2.5 is its own set, above 2)", async () => {
    const conditions = {
      all: [leaf("missing", "equal", 1, { priority: 2 }), leaf("x", "equal", 2, { priority: 2.5 })],
    };
    expect(await fired(rule(conditions), { x: 1 })).toBe(false);
  });

  it("an inherited key as a leaf priority breaks prioritizeConditions when the group runs", async () => {
    const odd = (priority: string) => ({
      all: [leaf("x", "equal", 1, { priority }), leaf("x", "equal", 1)],
    });
    const error = await failure(rule(odd("toString")), { x: 1 });
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe("sets[priority].push is not a function");
    // Only when evaluated: skipped by a higher set that decides, it never runs.
    const skipped = {
      all: [leaf("x", "equal", 2, { priority: 9 }), { ...odd("__proto__"), priority: 1 }],
    };
    expect(await fired(rule(skipped), { x: 1 })).toBe(false);
  });

  it("json-rules-engine writes a leaf's priority into the rule; the compiled form never does", () => {
    const frozen = deepFreeze(validRule({ all: [validLeaf("x", "equal", 1, { priority: 2 })] }));
    expect(() => newEngine(BARE).addRule(frozen)).toThrow(TypeError);
    expect(compileRule(frozen).test({ x: 1 }, BARE)).toBe(true);
  });
});

describe("condition references", () => {
  it("throw 'No condition … exists' when evaluated, not when skipped", async () => {
    expect((await failure(rule({ all: [{ condition: "named" }] }), {})).message).toBe(
      "No condition named exists",
    );
    expect((await failure(rule({ condition: "named" }), {})).message).toBe(
      "No condition named exists",
    );
    const skipped = {
      all: [leaf("x", "equal", 2, { priority: 2 }), { condition: "named", priority: 1 }],
    };
    expect(await fired(rule(skipped), { x: 1 })).toBe(false);
    // A group with a `condition` key is a reference when nested, a group at the root.
    expect((await failure(rule({ all: [{ all: [], condition: "c" }] }), {})).message).toBe(
      "No condition c exists",
    );
    expect(await fired(rule({ all: [], condition: "c" }), {})).toBe(true);
  });
});

describe("rules", () => {
  it("malformed conditions fail at compile time with addRule's message", async () => {
    const cases: unknown[] = [
      { fact: "x", operator: "equal", value: 1 },
      {},
      { all: {} },
      { any: null },
      { not: [] },
      { not: null },
      { all: [null] },
      { all: [{ fact: "x", operator: "equal" }] },
      { all: [{ fact: "x", value: 1 }] },
      { all: [{ operator: "equal", value: 1 }] },
      { all: [5] },
    ];
    for (const conditions of cases) {
      const result = await agree(rule(conditions), {});
      expect(!result.ok && result.stage).toBe("add");
    }
    // @ts-expect-error the point: a null root
    expect(() => compileCondition(null)).toThrow('"conditions" root must contain');
  });

  it("a rule's name, priority and event are read as Rule's constructor reads them", async () => {
    const compiled = compileRule({
      name: "n",
      priority: "3",
      conditions: { all: [] },
      event: { type: "t", params: { a: 1 } },
    });
    expect([compiled.name, compiled.priority, compiled.event]).toEqual([
      "n",
      3,
      { type: "t", params: { a: 1 } },
    ]);
    const bare = compileRule({
      name: "",
      priority: 0,
      conditions: { all: [] },
      event: { type: "t" },
    });
    expect([bare.name, bare.priority, bare.event]).toEqual([undefined, 1, { type: "t" }]);
    expect(compileRule({ name: 0, conditions: { all: [] }, event: { type: "t" } }).name).toBe(0);
    for (const broken of [
      rule({ all: [] }, { priority: -1 }),
      rule({ all: [] }, { event: { params: {} } }),
      { name: "x", conditions: { all: [] } },
      { name: "x", event: { type: "x" } },
    ]) {
      const result = await agree(broken, {});
      expect(!result.ok && result.stage).toBe("add");
    }
    // A falsy `event` is { type: "unknown" }; falsy `conditions` fail at run time.
    // @ts-expect-error the point: a falsy event
    expect(compileRule(rule({ all: [] }, { event: null })).event).toEqual({
      type: "unknown",
    });
    const noConditions = await agree(rule(null), {});
    expect(!noConditions.ok && noConditions.stage).toBe("run");
  });

  it("prioritizeRules groups rules as json-rules-engine's results come: highest first", async () => {
    const rules = [1, 3, 2, 3, 1].map((priority, i) => ({
      name: `r${i}`,
      priority,
      conditions: { all: [] },
      event: { type: `r${i}` },
    }));
    const groups = prioritizeRules(rules.map((r) => compileRule(r)));
    expect(groups.map((group) => group.map((r) => r.name))).toEqual([
      ["r1", "r3"],
      ["r2"],
      ["r0", "r4"],
    ]);
    const engine = newEngine(BARE);
    for (const r of rules) engine.addRule(r);
    const { results } = await engine.run({});
    const names = results.map((r) => r.name);
    // Across groups the order is fixed; inside one it is promise completion order.
    expect(names.slice(0, 2).sort()).toEqual(["r1", "r3"]);
    expect(names[2]).toBe("r2");
    expect(names.slice(3).sort()).toEqual(["r0", "r4"]);
  });
});

describe("trace", () => {
  it("lists every condition once, root first, children in priority order, with values", async () => {
    const conditions = {
      any: [
        { not: leaf("x", "equal", 2, { path: "$.a" }) },
        leaf("y", "in", ["b"], { priority: 2 }),
      ],
    };
    const result = await agree(rule(conditions), { x: { a: 1 }, y: "b" });
    if (!result.ok) throw result.error;
    expect(
      result.trace.conditions.map(({ at, kind, skipped, result: value, factResult }) => ({
        at,
        kind,
        skipped,
        value,
        factResult,
      })),
    ).toEqual([
      { at: "conditions", kind: "any", skipped: false, value: true, factResult: undefined },
      { at: "conditions.any[1]", kind: "leaf", skipped: false, value: true, factResult: "b" },
      {
        at: "conditions.any[0]",
        kind: "not",
        skipped: true,
        value: undefined,
        factResult: undefined,
      },
      {
        at: "conditions.any[0].not",
        kind: "leaf",
        skipped: true,
        value: undefined,
        factResult: undefined,
      },
    ]);
    expect(result.trace.conditions[1]?.condition).toEqual(conditions.any[1]);
  });

  it("never mutates the rule or the facts, and hands out a frozen copy of literal values", () => {
    const value = ["a", { b: 1 }];
    const ruleJson = deepFreeze(validRule({ all: [validLeaf("x", "in", value)] }));
    const facts = deepFreeze({ x: "a" });
    const traced = compileRule(ruleJson, BARE).trace(facts, BARE);
    const seen = traced.conditions[1]?.valueResult;
    expect(seen).toEqual(value);
    expect(seen).not.toBe(value);
    expect(Object.isFrozen(seen)).toBe(true);
    expect(Object.isFrozen((seen as unknown[])[1])).toBe(true);
  });

  it("a fresh trace per call", () => {
    const compiled = compileCondition({ all: [validLeaf("x", "equal", 1)] }, BARE);
    const first = compiled.trace({ x: 1 }, BARE);
    const second = compiled.trace({ x: 2 }, BARE);
    expect(first.conditions[1]?.result).toBe(true);
    expect(second.conditions[1]?.result).toBe(false);
  });
});

describe("engineOperators", () => {
  it("is what src/engine/jre.ts registers", () => {
    expect(Object.keys(OURS.operators).sort()).toEqual(
      Object.keys({
        ...guardedBuiltInOperators,
        ...customOperators,
        ...durationOperators("UTC"),
      }).sort(),
    );
    expect(Object.keys(OURS.decorators ?? {}).sort()).toEqual(
      Object.keys(guardedDecorators).sort(),
    );
    expect(Object.isFrozen(OURS.operators)).toBe(true);
  });
});

describe("equal conditions within one run", () => {
  // Two rules repeating one leaf and one group; a counting operator shows how often each runs.
  const counting = (calls: { n: number }): OperatorSet => {
    const base = engineOperators("UTC");
    return {
      operators: {
        ...base.operators,
        counted: (a: unknown, b: unknown) => {
          calls.n++;
          return a === b;
        },
      },
      ...(base.decorators ? { decorators: base.decorators } : {}),
    };
  };
  const leaf = { fact: "x", operator: "counted", value: 1 };
  const rules = [
    { name: "a", conditions: { all: [leaf, { fact: "y", operator: "equal", value: 2 }] } },
    { name: "b", conditions: { any: [{ ...leaf }, { fact: "y", operator: "equal", value: 3 }] } },
  ].map((rule) => ({ ...rule, event: { type: rule.name } }));

  it("are evaluated once per run (as runRulesSync opens one), and again for the next run's facts", () => {
    const calls = { n: 0 };
    const set = counting(calls);
    const compiledRules = rules.map((rule) => compileRule(rule, set));
    const results: boolean[][] = [];
    for (const facts of [
      { x: 1, y: 2 },
      { x: 2, y: 3 },
    ]) {
      openRunMemo();
      try {
        results.push(compiledRules.map((rule) => rule.test(facts, set)));
      } finally {
        closeRunMemo();
      }
    }
    // The leaf ran once per run (two runs), and each run saw its own facts.
    expect(calls.n).toBe(2);
    expect(results).toEqual([
      [true, true],
      [false, true],
    ]);
  });

  it("are never shared outside a run: a caller may change the facts between two tests", () => {
    const calls = { n: 0 };
    const set = counting(calls);
    const [a, b] = rules.map((rule) => compileRule(rule, set)) as [CompiledRule, CompiledRule];
    const facts: Rec = { x: 1, y: 2 };
    expect(a.test(facts, set)).toBe(true);
    facts.x = 2;
    expect(b.test(facts, set)).toBe(false);
    facts.y = 3;
    expect(b.test(facts, set)).toBe(true);
    expect(calls.n).toBe(3);
  });

  it("are not shared when a value is no plain JSON (NaN reads as null in JSON)", () => {
    const calls = { n: 0 };
    const set = counting(calls);
    const withNaN = compileRule(
      {
        name: "n",
        conditions: { all: [{ fact: "x", operator: "counted", value: Number.NaN }] },
        event: { type: "n" },
      },
      set,
    );
    const withNull = compileRule(
      {
        name: "m",
        conditions: { all: [{ fact: "x", operator: "counted", value: null }] },
        event: { type: "m" },
      },
      set,
    );
    openRunMemo();
    try {
      expect([withNaN.test({ x: null }, set), withNull.test({ x: null }, set)]).toEqual([
        false,
        true,
      ]);
    } finally {
      closeRunMemo();
    }
    expect(calls.n).toBe(2);
  });
});
