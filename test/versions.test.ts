/**
 * policyVersions: the version in force for a participation (by selection, campaign start or
 * asOf), named in the verdict; ordered, non-overlapping, non-duplicate versions only.
 */
import { fc, test as propTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import {
  compilePolicy,
  evaluate,
  evaluateSync,
  isValidationError,
  mediance,
  parseVerdict,
  policyVersions,
} from "../src/index.js";
import { policyDigest } from "../src/policy-entry.js";
import { seoulFacts } from "./fixtures.js";

const v1 = mediance({}, { id: "mediance", version: "2026-01" });
const v2 = mediance({ minLiveDuration: { days: 60 } }, { id: "mediance", version: "2026-02" });
const v3 = mediance({ minLiveDuration: { days: 90 } }, { id: "mediance", version: "2026-03" });

const list = [
  { effectiveFrom: "2026-01-01T00:00:00+09:00", policy: v1 },
  { effectiveFrom: "2026-02-20T00:00:00+09:00", policy: v2 },
  { effectiveFrom: "2026-03-15T00:00:00+09:00", policy: v3 },
];
const asOf = "2026-04-05T00:00:00Z";

/** A one-rule policy (quick to check), of the given version. */
const tiny = (version: string) => ({
  id: "tiny",
  version,
  parameters: {},
  rules: [
    {
      name: "tiny.any/compliant",
      conditions: { all: [{ fact: "asOf", operator: "isPresent", value: true }] },
      event: {
        type: "tiny.any",
        params: {
          phase: "violations",
          scope: "campaign",
          kind: "breach",
          role: "other",
          outcome: "compliant",
          explanation: "Fine.",
        },
      },
    },
  ],
});

/** Seoul facts selected at `selectedAt` (the campaign starts on 2026-03-01). */
const selected = (selectedAt: string) => seoulFacts({ participation: { selectedAt } });

function issuesOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (isValidationError(error)) return { code: error.code, issues: error.issues };
    throw error;
  }
  throw new Error("expected a ValidationError");
}

describe("policyVersions: picking the version in force", () => {
  it("picks by participation.selectedAt and names the version in the verdict", async () => {
    const set = policyVersions(list);
    const verdict = await evaluate(selected("2026-02-25T10:00:00+09:00"), set, { asOf });
    expect(verdict.policy).toEqual({
      id: "mediance",
      version: "2026-02",
      digest: policyDigest(v2),
      effectiveFrom: "2026-02-19T15:00:00.000Z",
    });
    // The same verdict as the version alone, but for the effectiveFrom it names.
    const alone = await evaluate(selected("2026-02-25T10:00:00+09:00"), v2, { asOf });
    expect({ ...verdict, policy: { ...verdict.policy, effectiveFrom: undefined } }).toEqual({
      ...alone,
      policy: { ...alone.policy, effectiveFrom: undefined },
    });
    expect(JSON.stringify(evaluateSync(selected("2026-02-25T10:00:00+09:00"), set, { asOf }))).toBe(
      JSON.stringify(verdict),
    );
    expect(parseVerdict(JSON.parse(JSON.stringify(verdict)))).toEqual(verdict);
  });

  it("effectiveFrom is inclusive: a selection at that very instant gets the new version", () => {
    const set = policyVersions(list);
    const at = (selectedAt: string) =>
      evaluateSync(selected(selectedAt), set, { asOf }).policy.version;
    expect(at("2026-02-20T00:00:00+09:00")).toBe("2026-02");
    expect(at("2026-02-19T23:59:59.999+09:00")).toBe("2026-01");
    expect(at("2026-01-01T00:00:00+09:00")).toBe("2026-01");
  });

  it("picks by campaign.startsAt or by asOf when asked", () => {
    const facts = selected("2026-02-25T10:00:00+09:00"); // the campaign starts on 2026-03-01
    expect(
      evaluateSync(facts, policyVersions(list, { by: "campaignStartsAt" }), { asOf }).policy
        .version,
    ).toBe("2026-02");
    expect(evaluateSync(facts, policyVersions(list, { by: "asOf" }), { asOf }).policy.version).toBe(
      "2026-03",
    );
    expect(
      evaluateSync(facts, policyVersions(list, { by: "asOf" }), { asOf: "2026-03-10T00:00:00Z" })
        .policy.version,
    ).toBe("2026-02");
  });

  it("compilePolicy compiles every version and picks per participation", () => {
    const compiled = compilePolicy(policyVersions(list));
    expect(compiled.versions.versions).toHaveLength(3);
    const early = compiled.evaluate(selected("2026-01-10T10:00:00+09:00"), { asOf });
    const late = compiled.evaluate(selected("2026-03-20T10:00:00+09:00"), {
      asOf: "2026-04-05T00:00:00Z",
    });
    expect([early.policy.version, late.policy.version]).toEqual(["2026-01", "2026-03"]);
  });

  it("accepts the set's JSON form (stored sets), checking it again", () => {
    const stored = JSON.parse(JSON.stringify(policyVersions(list)));
    const verdict = evaluateSync(selected("2026-02-25T10:00:00+09:00"), stored, { asOf });
    expect(verdict.policy.version).toBe("2026-02");
    stored.versions.reverse();
    expect(
      issuesOf(() => evaluateSync(selected("2026-02-25T10:00:00+09:00"), stored, { asOf })).code,
    ).toBe("INVALID_POLICY");
  });

  it("a participation before the first version is a facts error, not a verdict", () => {
    const set = policyVersions(list);
    expect(
      issuesOf(() => evaluateSync(selected("2025-12-31T10:00:00+09:00"), set, { asOf })),
    ).toEqual({
      code: "INVALID_FACTS",
      issues: [
        {
          code: "refused",
          path: "participation.selectedAt",
          message:
            "is 2025-12-31T01:00:00.000Z, before the first policy version (mediance 2026-01, in force from 2025-12-31T15:00:00.000Z): no policy version was in force",
        },
      ],
    });
    // Picking by asOf: the options are at fault.
    expect(
      issuesOf(() =>
        evaluateSync(selected("2025-12-20T10:00:00+09:00"), policyVersions(list, { by: "asOf" }), {
          asOf: "2025-12-30T00:00:00Z",
        }),
      ),
    ).toMatchObject({ code: "INVALID_OPTIONS", issues: [{ code: "refused", path: "asOf" }] });
  });

  it("a participation after a version's effectiveUntil and before the next one is refused too", () => {
    const set = policyVersions([
      { effectiveFrom: "2026-01-01T00:00:00Z", effectiveUntil: "2026-02-01T00:00:00Z", policy: v1 },
      { effectiveFrom: "2026-03-01T00:00:00Z", policy: v2 },
    ]);
    expect(evaluateSync(selected("2026-01-31T23:00:00Z"), set, { asOf }).policy.version).toBe(
      "2026-01",
    );
    expect(
      issuesOf(() => evaluateSync(selected("2026-02-01T00:00:00Z"), set, { asOf })).issues[0],
    ).toMatchObject({
      path: "participation.selectedAt",
      message: expect.stringContaining(
        "after version 2026-01 (mediance) ended at 2026-02-01T00:00:00.000Z",
      ),
    });
  });

  propTest.prop(
    [
      fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 8 }),
      fc.integer({ min: -10, max: 1010 }),
    ],
    { numRuns: 100 },
  )(
    "the version picked is the last one in force at or before the instant",
    (days, selectionDay) => {
      const sorted = [...days].sort((a, b) => a - b);
      const dayAt = (day: number) =>
        new Date(Date.UTC(2024, 0, 1) + day * 86_400_000).toISOString();
      const versions = sorted.map((day) => ({
        effectiveFrom: dayAt(day),
        policy: tiny(`d${day}`),
      }));
      const set = policyVersions(versions, { by: "asOf" });
      const expected = [...sorted].reverse().find((day) => day <= selectionDay);
      const facts = selected("2023-01-01T00:00:00Z");
      const run = () => evaluateSync(facts, set, { asOf: dayAt(selectionDay) }).policy.version;
      if (expected === undefined) expect(() => run()).toThrow(/no policy version was in force/);
      else expect(run()).toBe(`d${expected}`);
    },
  );
});

describe("policyVersions: refused lists", () => {
  it("unordered versions", () => {
    expect(issuesOf(() => policyVersions([list[1], list[0], list[2]] as typeof list))).toEqual({
      code: "INVALID_POLICY",
      issues: [
        {
          code: "invalid_value",
          path: "versions[1].effectiveFrom",
          message:
            "is 2025-12-31T15:00:00.000Z, before versions[0].effectiveFrom 2026-02-19T15:00:00.000Z: list the versions in the order they come into force",
        },
      ],
    });
  }, 30_000);

  it("two versions from the same instant (written with different offsets)", () => {
    const found = issuesOf(() =>
      policyVersions([
        { effectiveFrom: "2026-01-01T00:00:00+09:00", policy: v1 },
        { effectiveFrom: "2025-12-31T15:00:00Z", policy: v2 },
      ]),
    );
    expect(found.issues).toEqual([
      {
        code: "duplicate_id",
        path: "versions[1].effectiveFrom",
        message:
          "is 2025-12-31T15:00:00.000Z, the effectiveFrom of versions[0] too: two versions cannot come into force at the same instant",
      },
    ]);
  });

  it("overlapping versions", () => {
    const found = issuesOf(() =>
      policyVersions([
        {
          effectiveFrom: "2026-01-01T00:00:00Z",
          effectiveUntil: "2026-03-01T00:00:00Z",
          policy: v1,
        },
        { effectiveFrom: "2026-02-01T00:00:00Z", policy: v2 },
      ]),
    );
    expect(found.issues).toEqual([
      {
        code: "contradiction",
        path: "versions[0].effectiveUntil",
        message:
          "is 2026-03-01T00:00:00.000Z, after versions[1].effectiveFrom 2026-02-01T00:00:00.000Z: the two versions overlap",
      },
    ]);
  });

  it("the same id and version twice, an empty list, bad instants and policies, an unknown pick — all listed", () => {
    expect(
      issuesOf(() =>
        policyVersions([
          { effectiveFrom: "2026-01-01T00:00:00Z", policy: v1 },
          { effectiveFrom: "2026-02-01T00:00:00Z", policy: v1 },
        ]),
      ).issues,
    ).toEqual([
      {
        code: "duplicate_id",
        path: "versions[1].policy.version",
        message: 'policy "mediance" version "2026-01" is listed already, as versions[0]',
      },
    ]);
    expect(issuesOf(() => policyVersions([])).issues[0]).toMatchObject({
      path: "versions",
      code: "too_small",
    });
    const found = issuesOf(() =>
      policyVersions(
        [
          { effectiveFrom: "2026-01-01T00:00:00", policy: v1 },
          {
            effectiveFrom: "2026-02-01T00:00:00Z",
            effectiveUntil: "2026-01-01T00:00:00Z",
            policy: { id: "x" },
          },
        ],
        // @ts-expect-error the point: a misspelt `by`
        { by: "selectedat" },
      ),
    );
    const paths = found.issues.map((issue) => issue.path);
    expect(paths).toContain("options.by");
    expect(paths).toContain("versions[0].effectiveFrom");
    expect(paths).toContain("versions[1].effectiveUntil");
    expect(paths.some((path) => path.startsWith("versions[1].policy."))).toBe(true);
  });

  it("a version without a policy is named at versions[i].policy (no trailing dot)", () => {
    const found = issuesOf(() =>
      policyVersions([
        { effectiveFrom: "2026-01-01T00:00:00Z", policy: v1 },
        // @ts-expect-error the point: the policy is missing
        { effectiveFrom: "2026-03-01T00:00:00Z" },
      ]),
    );
    expect(found.issues.map((issue) => issue.path)).toContain("versions[1].policy");
    expect(found.issues.every((issue) => !issue.path.endsWith("."))).toBe(true);
  });

  it("a version with an invalid policy is still checked for order and overlaps", () => {
    const paths = issuesOf(() =>
      policyVersions([
        { effectiveFrom: "2026-03-01T00:00:00Z", policy: { ...v1, rules: 5 } },
        { effectiveFrom: "2026-02-01T00:00:00Z", policy: v2 },
      ]),
    ).issues.map((issue) => `${issue.path}: ${issue.code}`);
    expect(paths).toContain("versions[1].effectiveFrom: invalid_value");
    expect(paths.some((path) => path.startsWith("versions[0].policy.rules"))).toBe(true);
  });

  it("the JSON form lists every problem: unknown keys, its own `by`, and the versions'", () => {
    const stored = JSON.parse(JSON.stringify(policyVersions(list)));
    const found = issuesOf(() =>
      compilePolicy({
        ...stored,
        extra: 1,
        by: "selectedat",
        versions: [stored.versions[1], { ...stored.versions[0], junk: true }],
      }),
    );
    expect(found.code).toBe("INVALID_POLICY");
    const paths = found.issues.map((issue) => `${issue.path}: ${issue.code}`);
    expect(paths).toContain("extra: unknown_key");
    expect(paths).toContain("by: invalid_value");
    expect(paths).toContain("versions[1].junk: unknown_key");
    expect(paths).toContain("versions[1].effectiveFrom: invalid_value");
    expect(paths.some((path) => path.startsWith("options."))).toBe(false);
  });

  it("a `by` of null is a wrong pick, not the default (JSON form and options alike)", () => {
    const stored = JSON.parse(JSON.stringify(policyVersions(list)));
    const json = issuesOf(() => compilePolicy({ ...stored, by: null }));
    expect(json.issues.map((issue) => `${issue.path}: ${issue.code}`)).toEqual([
      "by: invalid_value",
    ]);
    // @ts-expect-error the point: null where a pick or nothing belongs
    const options = issuesOf(() => policyVersions(list, { by: null }));
    expect(options.issues.map((issue) => `${issue.path}: ${issue.code}`)).toEqual([
      "options.by: invalid_value",
    ]);
    // Absent (or undefined) is the documented default.
    const { by: _by, ...withoutBy } = stored;
    expect(compilePolicy(withoutBy)).toBeDefined();
    expect(policyVersions(list, { by: undefined }).by).toBe("selectedAt");
  });

  it("never changes its input", () => {
    const input = structuredClone(
      list.map((item) => ({ ...item, policy: JSON.parse(JSON.stringify(item.policy)) })),
    );
    const before = JSON.stringify(input);
    policyVersions(input);
    expect(JSON.stringify(input)).toBe(before);
  });
});
