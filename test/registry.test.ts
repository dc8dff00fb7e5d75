/**
 * The fact registry: every declared shape is exactly what the derive functions produce (no
 * missing, extra or mistyped field) on many generated facts, so the shapes the static checker
 * and the `FactPath` type rely on cannot drift from the code. Also: the catalogue by phase and
 * scope, the joined catalogue parameters, the shape language itself, and `FactPath` typing.
 */
import fc from "fast-check";
import { describe, expect, expectTypeOf, it } from "vitest";
import { type PathSegment, readFactPath } from "../src/core/path.js";
import { toUtc } from "../src/core/time.js";
import { claimShape, deriveClaims } from "../src/derive/claims.js";
import { deliverableShape } from "../src/derive/deadlines.js";
import { deriveFacts } from "../src/derive/derive.js";
import { findingsFact, findingsShape } from "../src/derive/findings.js";
import { CATALOGUE_PARAMETER_NAMES, catalogueParameters } from "../src/derive/parameters.js";
import {
  COMMON_FACTS,
  FACT_FAMILIES,
  FACTS,
  type FactPath,
  factNamesFor,
  factShapesFor,
  SCOPED_FACTS,
} from "../src/derive/registry.js";
import {
  fieldsOf,
  resolveShape,
  type Shape,
  s,
  shapeMismatches,
  shapeOfValue,
} from "../src/derive/shape.js";
import { parseFacts } from "../src/facts/parse.js";
import { sliceFactsAt } from "../src/facts/slice.js";
import { standingSchema } from "../src/facts/standing.js";
import { evaluateSync, isValidationError, type Policy, when } from "../src/index.js";
import type { CheckedPath, NotAFactPath } from "../src/policy/builders.js";
import { FACTS_SEEDS, factsCaseArbitrary, PRESETS, policyOf } from "./fuzz/facts.js";

/**
 * Every field path (into objects, money and intervals) whose value in a run reads null or
 * undefined, a parent's null included, while the type the checker gives the path says it never
 * does: `deliverable.retention.status` when `retention` is null must be "X or null".
 */
function nullabilityMismatches(
  root: Shape,
  value: unknown,
  name: string,
  segments: PathSegment[] = [],
): string[] {
  const found: string[] = [];
  const resolution = resolveShape(root, segments);
  const read = readFactPath(value, segments);
  if (resolution.ok && (read === null || read === undefined) && !resolution.shape.nullable)
    found.push([name, ...segments].join("."));
  if (!resolution.ok || resolution.shape.kind === "array" || resolution.shape.kind === "record")
    return found;
  // Children are followed even when the value is null: they read null then, and must say so.
  for (const key of Object.keys(fieldsOf(resolution.shape) ?? {})) {
    if (resolution.shape.kind === "duration") continue;
    found.push(...nullabilityMismatches(root, value, name, [...segments, key]));
  }
  return found;
}

/** Every shape mismatch of one participation's derived facts (all phases), with where it is. */
function mismatchesOf(facts: unknown, policy: Policy, asOfInput: unknown, standingInput: unknown) {
  const parsed = parseFacts(facts);
  const asOf = toUtc(asOfInput as string);
  const standing = standingInput === undefined ? undefined : standingSchema.parse(standingInput);
  const known = sliceFactsAt(parsed, asOf);
  const derived = deriveFacts(known, policy.parameters, asOf, standing);
  const found = [];
  for (const [name, value] of Object.entries(derived.common)) {
    const fact = FACTS[name];
    if (!fact) {
      found.push({ path: name, expected: "a declared fact", found: "undeclared" });
      continue;
    }
    if (name !== "params") {
      found.push(...shapeMismatches(fact.shape, value, name));
      for (const path of nullabilityMismatches(fact.shape, value, name))
        found.push({ path, expected: "a nullable type", found: "null" });
    }
  }
  for (const item of derived.deliverables) {
    found.push(...shapeMismatches(deliverableShape, item, "deliverable"));
    for (const path of nullabilityMismatches(deliverableShape, item, "deliverable"))
      found.push({ path, expected: "a nullable type", found: "null" });
  }
  // The later phases: their facts derive from the findings of a real verdict.
  const verdict = evaluateSync(facts, policy, {
    asOf: asOf,
    ...(standing ? { standing } : {}),
  });
  const findings = findingsFact(
    verdict.findings,
    derived.common.standing.activeStrikeCount,
    derived.inputs.escalation,
  );
  found.push(...shapeMismatches(findingsShape, findings, "findings"));
  for (const path of nullabilityMismatches(findingsShape, findings, "findings"))
    found.push({ path, expected: "a nullable type", found: "null" });
  for (const claim of deriveClaims(known, verdict.findings, derived.inputs.noticeWindow))
    found.push(...shapeMismatches(claimShape, claim, "claim"));
  return { found, deliverables: derived.deliverables.length };
}

describe("declared shapes match the derived facts", () => {
  it("on every example and fixture seed, under every preset", () => {
    let checked = 0;
    for (const seed of FACTS_SEEDS) {
      for (const policy of [seed.policy, ...PRESETS.map(([, preset]) => preset)]) {
        const { found } = mismatchesOf(seed.facts, policy, seed.asOf, seed.standing);
        expect(found, seed.name).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it("on generated (mutated) facts: whatever parses derives to its declared shape", () => {
    let valid = 0;
    fc.assert(
      fc.property(factsCaseArbitrary, (testCase) => {
        const options = testCase.options as { asOf?: unknown; standing?: unknown } | undefined;
        try {
          const { found } = mismatchesOf(
            testCase.facts,
            policyOf(testCase),
            options?.asOf,
            options?.standing,
          );
          valid++;
          expect(found).toEqual([]);
        } catch (error) {
          // Invalid facts or options are the facts suites' concern; a zod error is a bad standing.
          if (isValidationError(error) || (error as Error).name === "ZodError") return;
          if (error instanceof RangeError || error instanceof TypeError) return;
          throw error;
        }
      }),
      { numRuns: 400, seed: 9 },
    );
    // Enough of the mutated cases are valid for the property to mean something.
    expect(valid).toBeGreaterThan(60);
  });

  it("the nullability check itself: a null read under a non-null type is reported", () => {
    const shape = s.object({ retention: s.nullable(s.object({ status: s.string() })) });
    expect(nullabilityMismatches(shape, { retention: { status: "kept" } }, "d")).toEqual([]);
    // The parent is null: its child reads null, and its type says so ("a string or null").
    expect(nullabilityMismatches(shape, { retention: null }, "d")).toEqual([]);
    expect(resolveShape(shape, ["retention", "status"])).toMatchObject({
      ok: true,
      shape: { kind: "string", nullable: true },
    });
    // A child that reads null though nothing on its way may be null is caught.
    const strict = s.object({ retention: s.object({ status: s.string() }) });
    expect(nullabilityMismatches(strict, { retention: { status: null } }, "d")).toEqual([
      "d.retention.status",
    ]);
    expect(nullabilityMismatches(strict, { retention: null }, "d")).toEqual([
      "d.retention",
      "d.retention.status",
    ]);
  });

  it("the check itself catches a drifted shape: a missing, an extra and a mistyped field", () => {
    const shape = s.object({ a: s.instant(), b: s.nullable(s.integer()) });
    expect(shapeMismatches(shape, { a: "2026-01-01T00:00:00.000Z", b: null })).toEqual([]);
    expect(shapeMismatches(shape, { a: "2026-01-01T00:00:00.000Z" })).toMatchObject([
      { path: "b" },
    ]);
    expect(shapeMismatches(shape, { a: "2026-01-01T00:00:00.000Z", b: 1, c: true })).toMatchObject([
      { path: "c", expected: "no such field" },
    ]);
    expect(shapeMismatches(shape, { a: "yesterday", b: 1.5 })).toMatchObject([
      { path: "a", expected: "an instant" },
      { path: "b", expected: "an integer or null" },
    ]);
    expect(shapeMismatches(s.array(s.enum(["x"])), ["x", "y"])).toMatchObject([{ path: "1" }]);
  });
});

describe("the catalogue", () => {
  it("lists the facts of each phase and scope, common ones first", () => {
    const common = Object.keys(COMMON_FACTS);
    expect(common).toEqual([
      "asOf",
      "campaign",
      "participation",
      "influencer",
      "params",
      "contacts",
      "product",
      "voucher",
      "payment",
      "standing",
      "deliverables",
    ]);
    expect(Object.keys(SCOPED_FACTS)).toEqual(["deliverable", "claim", "findings"]);
    expect(factNamesFor("violations", "campaign")).toEqual(common);
    expect(factNamesFor("violations", "deliverable")).toEqual([...common, "deliverable"]);
    expect(factNamesFor("exceptions", "campaign")).toEqual([...common, "claim"]);
    expect(factNamesFor("sanctions", "campaign")).toEqual([...common, "findings"]);
    expect(factNamesFor("sanctions", "deliverable")).toEqual([
      ...common,
      "deliverable",
      "findings",
    ]);
    expect(Object.keys(factShapesFor("sanctions", "deliverable"))).toEqual(
      factNamesFor("sanctions", "deliverable"),
    );
  });

  it("joins every family's parameters, each declared by one schema", () => {
    const declared = FACT_FAMILIES.flatMap((family) => Object.keys(family.parameters));
    expect(new Set(declared)).toEqual(new Set(CATALOGUE_PARAMETER_NAMES));
    expect(CATALOGUE_PARAMETER_NAMES).toContain("escalateAfter");
    expect(CATALOGUE_PARAMETER_NAMES).toContain("postHocNoticeWindow");
    // A name read by two families (responseWindow: contacts and escalation) has one schema.
    const schemas = new Map<string, unknown>();
    for (const family of FACT_FAMILIES)
      for (const [name, schema] of Object.entries(family.parameters)) {
        const known = schemas.get(name);
        if (known) expect(schema).toBe(known);
        schemas.set(name, schema);
      }
  });

  it("parses a frozen policy's parameters once, typed", () => {
    const parameters = Object.freeze({ responseWindow: { days: 2 } });
    const first = catalogueParameters(parameters);
    expect(first.responseWindow).toEqual({ days: 2 });
    expect(catalogueParameters(parameters)).toBe(first);
    // An unfrozen object may change: parsed again each time.
    const open = { responseWindow: { days: 2 } };
    expect(catalogueParameters(open)).not.toBe(catalogueParameters(open));
  });
});

describe("the shape language", () => {
  it("resolves paths through objects, money, intervals, arrays and records", () => {
    const deliverable = factShapesFor("violations", "deliverable").deliverable;
    if (!deliverable) throw new Error("fixture");
    expect(resolveShape(deliverable, ["retention", "requiredUntil"])).toMatchObject({
      ok: true,
      shape: { kind: "instant" },
      mayBeMissing: true,
    });
    expect(resolveShape(deliverable, ["sinceDue", "start"])).toMatchObject({
      ok: true,
      shape: { kind: "instant" },
    });
    expect(resolveShape(deliverable, ["facts", "post", "observations", 0, "state"])).toMatchObject({
      ok: true,
      shape: { kind: "enum" },
    });
    expect(resolveShape(deliverable, ["edits", "breachIds", "length"])).toMatchObject({
      ok: true,
      shape: { kind: "integer" },
    });
    expect(resolveShape(deliverable, ["postedd"])).toMatchObject({ ok: false, at: 0 });
    expect(resolveShape(deliverable, ["posted", "x"])).toMatchObject({ ok: false, at: 1 });
    const findings = factShapesFor("sanctions", "campaign").findings;
    if (!findings) throw new Error("fixture");
    expect(resolveShape(findings, ["byRule", "any-rule"])).toMatchObject({
      ok: true,
      shape: { kind: "enum" },
    });
  });

  it("types a parameter value by what it is", () => {
    expect(shapeOfValue("2026-03-01T00:00:00Z")).toEqual({ kind: "instant" });
    expect(shapeOfValue("text")).toEqual({ kind: "string" });
    expect(shapeOfValue({ days: 3 })).toEqual({ kind: "duration" });
    expect(shapeOfValue({ amount: 100, currency: "USD" })).toEqual({ kind: "money" });
    expect(shapeOfValue(["a", "b"])).toEqual({ kind: "array", items: { kind: "string" } });
    expect(shapeOfValue([1, 1.5])).toEqual({ kind: "array", items: { kind: "number" } });
    expect(shapeOfValue({ a: 1 })).toMatchObject({
      kind: "object",
      fields: { a: { kind: "integer" } },
    });
  });

  it("FactPath makes a misspelt literal path a compile error in the builders", () => {
    const paths: FactPath[] = [
      "deliverable.retention.requiredUntil",
      "findings.escalation.latest.escalateAt",
      "payment.amount.currency",
      "params.anything.at.all",
    ];
    expect(paths).toHaveLength(4);
    // @ts-expect-error "postedd" is no field of the deliverable fact.
    const typo = when("deliverable.postedd", "equal", true);
    // @ts-expect-error "deliverabl" is no fact.
    const fact: FactPath = "deliverabl.posted";
    expect([typo.fact, fact]).toEqual(["deliverable", "deliverabl.posted"]);
    // The compile error names the misspelt path (a branded type), not `never`.
    expectTypeOf<CheckedPath<"deliverable.postedd">>().not.toBeNever();
    expectTypeOf<CheckedPath<"deliverable.postedd">>().toEqualTypeOf<
      NotAFactPath<"deliverable.postedd">
    >();
    expectTypeOf<CheckedPath<"deliverable.posted">>().toEqualTypeOf<"deliverable.posted">();
    expectTypeOf<"deliverable.postedd" & CheckedPath<"deliverable.postedd">>().not.toBeNever();
    // A computed string is left to parsePolicy's check at run time.
    const computed: string = ["deliverable", "posted"].join(".");
    expect(when(computed, "equal", true)).toMatchObject({ fact: "deliverable", path: "$.posted" });
  });
});
