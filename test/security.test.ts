import { describe, expect, it } from "vitest";
import { parsePropertyPath, safePathResolver } from "../src/core/path.js";
import { runRules } from "../src/engine/jre.js";
import { evaluate, mediance, parsePolicy } from "../src/index.js";
import { seoulFacts } from "./fixtures.js";

// A jsonpath-plus script filter that, if evaluated, would set a global flag.
const PAYLOAD = "$[?(@.constructor.constructor('globalThis.__pwned = true')())]";

describe("rule JSON cannot execute code through `path`", () => {
  it("a policy whose condition path carries a jsonpath-plus payload is rejected", async () => {
    const policy = structuredClone(mediance());
    const rule = policy.rules[0];
    if (!rule || !("all" in rule.conditions)) throw new Error("fixture");
    rule.conditions.all[0] = { fact: "deliverable", path: PAYLOAD, operator: "equal", value: true };
    await expect(
      evaluate(seoulFacts(), policy, { asOf: "2026-03-10T00:00:00Z" }),
    ).rejects.toMatchObject({
      code: "INVALID_POLICY",
    });
    expect(() => parsePolicy(policy)).toThrow(/is not a plain property path/);
    expect((globalThis as Record<string, unknown>).__pwned).toBeUndefined();
  });

  it("the engine's resolver refuses the payload even when validation is bypassed", async () => {
    const rule = {
      name: "evil",
      conditions: { all: [{ fact: "deliverable", path: PAYLOAD, operator: "equal", value: true }] },
      event: {
        type: "evil",
        params: {
          phase: "violations" as const,
          scope: "deliverable" as const,
          kind: "breach" as const,
          role: "other" as const,
          outcome: "violation" as const,
          explanation: "x",
        },
      },
    };
    const [result] = await runRules(
      "violations",
      [rule],
      [{ unit: "d", facts: { deliverable: { a: 1 } } }],
      String,
    );
    expect(result?.fired).toEqual([]);
    expect((globalThis as Record<string, unknown>).__pwned).toBeUndefined();
  });

  it("the resolver reads own plain properties only", () => {
    expect(safePathResolver({ a: { b: [1, { c: 2 }] } }, "$.a.b[1].c")).toBe(2);
    expect(safePathResolver({ a: 1 }, "a")).toBe(1);
    expect(safePathResolver({ a: 1 }, "$.constructor")).toBeUndefined();
    expect(safePathResolver({ a: 1 }, "$.toString")).toBeUndefined();
    expect(safePathResolver({ a: 1 }, "$..a")).toBeUndefined();
    expect(parsePropertyPath("$.__proto__.x")).toBeNull();
    // A quoted key in brackets is a plain property (rule ids with dots); nothing else in brackets.
    expect(parsePropertyPath("$['a']")).toEqual(["a"]);
    expect(parsePropertyPath("$['__proto__']")).toBeNull();
    for (const path of ["$[*]", "$['a','b']", "$[?(@.a)]", "$[(@.length-1)]", "$.a.*", "$[a]"])
      expect(parsePropertyPath(path), path).toBeNull();
    expect(parsePropertyPath("$")).toEqual([]);
  });
});

describe("the safe resolver is the one installed", () => {
  // Recursive descent: jsonpath-plus (the default resolver) finds [1] in it, ours refuses it.
  const rule = {
    name: "deep",
    conditions: {
      all: [{ fact: "deliverable", path: "$..a", operator: "contains", value: 1 }],
    },
    event: {
      type: "deep",
      params: {
        phase: "violations" as const,
        scope: "deliverable" as const,
        kind: "breach" as const,
        role: "other" as const,
        outcome: "violation" as const,
        explanation: "x",
      },
    },
  };
  const facts = { deliverable: { nested: { a: 1 } } };

  it("json-rules-engine's default resolver would evaluate the path (the control)", async () => {
    const { Engine } = await import("json-rules-engine");
    const engine = new Engine([rule]);
    const { events } = await engine.run(facts);
    expect(events).toHaveLength(1);
  });

  it("our engine does not", async () => {
    const [result] = await runRules("violations", [rule], [{ unit: "d", facts }], String);
    expect(result?.fired).toEqual([]);
  });
});
