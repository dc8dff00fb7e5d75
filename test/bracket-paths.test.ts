/**
 * Rule ids with "." or "-" (`acme.content-missing`) are keys of `findings.byRule` that a plain
 * dotted path cannot address: a bracket segment does (`$.byRule["acme.content-missing"]`, or
 * in single quotes), in conditions, event references and `{…}` placeholders alike, through the
 * safe path resolver of both evaluators, the static check and the renderer.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatFactRef,
  formatPropertyPath,
  parseFactRef,
  parsePropertyPath,
  safePathResolver,
} from "../src/core/path.js";
import { scanTemplate } from "../src/core/placeholders.js";
import {
  evaluate,
  evaluateSync,
  isValidationError,
  parsePolicy,
  sanctionRule,
  when,
} from "../src/index.js";
import { renderTemplate } from "../src/render/template.js";
import { seoulFacts } from "./fixtures.js";

const FORBIDDEN = new Set(["__proto__", "prototype", "constructor"]);
const ruleId = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 200 }),
    fc.string({ minLength: 1, maxLength: 200, unit: "grapheme" }),
    fc.constantFrom("mediance.content-missing", "a'b", 'a"b', "a]b", "x}y{", "\\", "0", "a b"),
  )
  .filter((id) => !FORBIDDEN.has(id));

describe("bracket segments in the path syntax", () => {
  it("reads the documented forms", () => {
    expect(parsePropertyPath('$.byRule["mediance.content-missing"].outcome')).toEqual([
      "byRule",
      "mediance.content-missing",
      "outcome",
    ]);
    expect(parsePropertyPath("$.byRule['a\\'b\\\\c']")).toEqual(["byRule", "a'b\\c"]);
    expect(parsePropertyPath('$.list[0]["0"]')).toEqual(["list", 0, "0"]);
    expect(parseFactRef('findings.byRule["a.b-c"]')).toEqual({
      fact: "findings",
      segments: ["byRule", "a.b-c"],
    });
  });

  it("refuses what is not a path: unquoted, unclosed, bad escapes, forbidden keys", () => {
    for (const path of [
      "$.byRule[a.b]",
      '$.byRule["a.b"',
      '$.byRule["a\\x"]',
      '$.byRule["__proto__"]',
      "$.byRule['constructor']",
      '$.byRule["a"]x',
    ])
      expect(parsePropertyPath(path), path).toBeNull();
    expect(parseFactRef("findings..x")).toBeNull();
    expect(parseFactRef("1findings")).toBeNull();
  });

  it("any rule id round-trips: path, fact reference, resolver and placeholder", () => {
    fc.assert(
      fc.property(ruleId, (id) => {
        const path = formatPropertyPath(["byRule", id, "x"]);
        expect(parsePropertyPath(path)).toEqual(["byRule", id, "x"]);
        const ref = formatFactRef("findings", ["byRule", id]);
        expect(parseFactRef(ref)).toEqual({ fact: "findings", segments: ["byRule", id] });
        const value = { byRule: { [id]: { x: "violation" } } };
        expect(safePathResolver(value, path)).toBe("violation");
        // In a template, a quoted key may hold braces: the placeholder still ends at its own "}".
        const scanned = scanTemplate(`Rule: {${ref}}!`);
        expect(scanned).toEqual({ texts: ["Rule: ", "!"], refs: [ref], malformed: [] });
        expect(renderTemplate(`Rule: {${ref}.x}!`, { findings: value }, "UTC")).toBe(
          "Rule: violation!",
        );
      }),
      { numRuns: 500 },
    );
  });
});

describe("findings.byRule of a rule id with dots and dashes, in a policy", () => {
  const violation = {
    name: "acme.content-missing/rule",
    conditions: { all: [{ fact: "asOf", operator: "isPresent", value: true }] },
    event: {
      type: "acme.content-missing",
      params: {
        phase: "violations",
        kind: "breach",
        role: "other",
        scope: "campaign",
        outcome: "violation",
        explanation: "Always.",
      },
    },
  };
  const policyWith = (path: string, note: string) => ({
    id: "acme",
    version: "1",
    parameters: {},
    rules: [
      violation,
      sanctionRule("acme.warn/rule", {
        scope: "campaign",
        when: { all: [{ fact: "findings", path, operator: "equal", value: "violation" }] },
        sanction: { type: "warning", because: { rules: ["acme.content-missing"] }, note },
      }),
    ],
  });

  it("a condition and a placeholder read it, in both evaluators", async () => {
    for (const path of ['$.byRule["acme.content-missing"]', "$.byRule['acme.content-missing']"]) {
      const policy = parsePolicy(
        policyWith(path, `Outcome: {findings.byRule["acme.content-missing"]}.`),
      );
      const options = { asOf: "2026-03-10T00:00:00Z" };
      const verdict = evaluateSync(seoulFacts(), policy, options);
      expect(verdict.sanctions).toEqual([
        { type: "warning", because: ["acme.content-missing"], note: "Outcome: violation." },
      ]);
      expect(JSON.stringify(await evaluate(seoulFacts(), policy, options))).toBe(
        JSON.stringify(verdict),
      );
    }
  });

  it("the builders keep the brackets", () => {
    expect(when('findings.byRule["acme.content-missing"]', "equal", "violation")).toEqual({
      fact: "findings",
      path: '$.byRule["acme.content-missing"]',
      operator: "equal",
      value: "violation",
    });
  });

  it("the checker still names a rule id the policy does not declare, in brackets", () => {
    let issues: readonly unknown[] = [];
    try {
      parsePolicy(
        policyWith('$.byRule["acme.content-misisng"]', 'Now {findings.byRule["acme.nope"]}.'),
      );
    } catch (error) {
      if (!isValidationError(error)) throw error;
      issues = error.issues;
    }
    expect(issues).toEqual([
      {
        code: "unknown_reference",
        path: 'rules["acme.warn/rule"].conditions.all[0].path',
        message:
          'findings.byRule["acme.content-misisng"] reads the finding rule "acme.content-misisng", which this policy does not declare; did you mean "acme.content-missing"?',
      },
      {
        code: "unknown_reference",
        path: 'rules["acme.warn/rule"].event.params.sanction.note',
        message: expect.stringContaining('reads the finding rule "acme.nope"'),
      },
    ]);
  });
});
