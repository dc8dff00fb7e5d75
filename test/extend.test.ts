/**
 * extendPolicy: drop, add (rules, by id, by role, by phase), override, parameters; checked like
 * any policy, every problem named by rule; inputs never mutated.
 */
import { describe, expect, it } from "vitest";
import {
  all,
  evaluate,
  evaluateSync,
  extendPolicy,
  findingRule,
  flinque,
  isValidationError,
  mediance,
  type Policy,
  parsePolicy,
  refluenced,
  sanctionRule,
  when,
} from "../src/index.js";
import { policyDigest } from "../src/policy-entry.js";
import { deepFreeze, seoulFacts } from "./fixtures.js";

function issuesOf(run: () => unknown) {
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

const meta = { id: "acme", version: "2026-04" };

/** Mediance's five cases with Refluenced's remedies. */
const composed = () =>
  extendPolicy(mediance(), {
    ...meta,
    drop: ["mediance.sanction"],
    add: [{ from: refluenced(), phases: ["sanctions"] }],
  });

describe("extendPolicy: Mediance's five cases with Refluenced's remedies", () => {
  it("keeps Mediance's findings and exceptions, takes Refluenced's remedies and the parameters they use", () => {
    const policy = composed();
    expect(policy).toMatchObject(meta);
    const types = new Set(policy.rules.map((rule) => rule.event.type));
    expect(types.has("mediance.post-not-registered")).toBe(true);
    expect(types.has("mediance.exception")).toBe(true);
    expect(types.has("mediance.sanction")).toBe(false);
    expect(types.has("refluenced.remedy")).toBe(true);
    expect(types.has("refluenced.content-not-synced")).toBe(false);
    // Named by the remedies (returnAddress) or read by their derived facts (returnWindow, reminderLead).
    expect(policy.parameters).toMatchObject({
      returnAddress: null,
      returnWindow: { days: 14 },
      reminderLead: { days: 2 },
      excusableTypes: mediance().parameters.excusableTypes,
    });
    // Only Refluenced's exception rules named it, and they were not taken.
    expect(policy.parameters).not.toHaveProperty("requestBeforeDeadline");
  });

  it("fires Refluenced's withhold, return and invoice remedies on a Mediance content_missing finding", async () => {
    const facts = seoulFacts({
      product: {
        value: { amount: 45000, currency: "KRW" },
        shippedAt: "2026-03-02T09:00:00+09:00",
        deliveredAt: "2026-03-03T14:00:00+09:00",
        returnRequestedAt: "2026-04-01T10:00:00+09:00",
      },
    });
    const asOf = "2026-04-20T00:00:00Z";
    const verdict = await evaluate(facts, composed(), { asOf });
    expect(verdict.policy).toEqual({ ...meta, digest: policyDigest(composed()) });
    expect(verdict.violations.map((item) => [item.rule, item.role])).toEqual([
      ["mediance.post-not-registered", "content_missing"],
    ]);
    expect(verdict.sanctions.map((item) => [item.type, item.because, item.amount])).toEqual([
      [
        "withhold_payout",
        ["mediance.post-not-registered@feed"],
        { amount: 100000, currency: "KRW" },
      ],
      ["restrict_applications", ["mediance.post-not-registered@feed"], undefined],
      ["invoice", ["mediance.post-not-registered@feed"], { amount: 45000, currency: "KRW" }],
    ]);
    expect(JSON.stringify(evaluateSync(facts, composed(), { asOf }))).toBe(JSON.stringify(verdict));
  });

  it("works the same on JSON policies, and never changes its inputs", () => {
    const base = deepFreeze(JSON.parse(JSON.stringify(mediance())));
    const source = deepFreeze(JSON.parse(JSON.stringify(refluenced())));
    const before = JSON.stringify([base, source]);
    const fromJson = extendPolicy(base, {
      ...meta,
      drop: ["mediance.sanction"],
      add: [{ from: source, phases: ["sanctions"] }],
    });
    expect(JSON.stringify([base, source])).toBe(before);
    expect(policyDigest(fromJson)).toBe(policyDigest(composed()));
    expect(policyDigest(fromJson)).not.toBe(policyDigest(mediance()));
    // The result is a policy like any other.
    expect(parsePolicy(JSON.parse(JSON.stringify(fromJson)))).toEqual(fromJson);
  });
});

describe("extendPolicy: drop", () => {
  it("drops every branch of a rule id, or one rule by name, and the parameters only they used", () => {
    const noExceptions = extendPolicy(mediance(), { ...meta, drop: ["mediance.exception"] });
    expect(noExceptions.rules.some((rule) => rule.event.type === "mediance.exception")).toBe(false);
    expect(noExceptions.parameters).not.toHaveProperty("excusableTypes");
    // A catalogue parameter stays: the derived facts read it.
    expect(noExceptions.parameters).toHaveProperty("postHocNoticeWindow");
    const one = extendPolicy(mediance(), { ...meta, drop: ["mediance.sanction/legal-review"] });
    expect(one.rules.length).toBe(mediance().rules.length - 1);
  });

  it("refuses dropping a rule another rule needs, naming both", () => {
    const found = issuesOf(() =>
      extendPolicy(mediance(), {
        ...meta,
        drop: ["mediance.tracking-unavailable", "mediance.edit-request-ignored"],
      }),
    );
    expect(found).toHaveLength(4);
    expect(found[0]).toEqual({
      code: "unknown_reference",
      path: 'rules["mediance.sanction/no-reward"].conditions.all[0].value',
      message:
        'no finding rule of this policy has the role "removed_early", so findings.violatedRoles never holds it (the roles declared: content_missing, unresponsive, silent_after_product); it needs rule "mediance.tracking-unavailable" (drop[0]), which was dropped',
    });
    expect(found[3]?.path).toBe(
      'rules["mediance.sanction/no-reward"].event.params.sanction.because.roles[1]',
    );
    expect(found[3]?.message).toContain('it needs rule "mediance.edit-request-ignored" (drop[1])');
  });

  it("names the dropped rule a rule-id reference needs", () => {
    const base = extendPolicy(mediance(), {
      ...meta,
      add: [
        sanctionRule("acme.sanction/warn", {
          scope: "campaign",
          when: all(when("findings.violatedRules", "contains", "mediance.unresponsive")),
          sanction: { type: "warning", because: { rules: ["mediance.unresponsive"] } },
        }),
      ],
    });
    const found = issuesOf(() => extendPolicy(base, { ...meta, drop: ["mediance.unresponsive"] }));
    expect(found.map((issue) => issue.path)).toEqual([
      'rules["acme.sanction/warn"].conditions.all[0].value',
      'rules["acme.sanction/warn"].event.params.sanction.because.rules[0]',
    ]);
    for (const issue of found) {
      expect(issue.message).toContain('"mediance.unresponsive" is not a finding rule');
      expect(issue.message).toContain(
        'it needs rule "mediance.unresponsive" (drop[0]), which was dropped',
      );
    }
  });

  it("refuses an unknown rule id with a hint", () => {
    expect(
      issuesOf(() => extendPolicy(mediance(), { ...meta, drop: ["mediance.post-not-registerd"] })),
    ).toEqual([
      {
        code: "unknown_reference",
        path: "drop[0]",
        message:
          'no rule of the base has the id or name "mediance.post-not-registerd"; did you mean "mediance.post-not-registered"?',
      },
    ]);
  });
});

describe("extendPolicy: add", () => {
  it("adds another policy's finding rules by role, with their parameters", () => {
    const policy = extendPolicy(refluenced(), {
      ...meta,
      add: [{ from: mediance(), roles: ["edit_ignored"] }],
    });
    expect(
      policy.rules.filter((rule) => rule.event.type === "mediance.edit-request-ignored").length,
    ).toBeGreaterThan(1);
    expect(policy.parameters).toMatchObject({ editResponseWindow: { days: 3 } });
  });

  it("adds rules by id and plain rule objects", () => {
    const custom = findingRule("acme.story-missing", {
      kind: "no_show",
      role: "content_missing",
      scope: "deliverable",
      branches: [
        {
          outcome: "violation",
          when: all(when("deliverable.posted", "equal", false)),
          explanation: "No post.",
        },
        {
          outcome: "compliant",
          when: all(when("deliverable.posted", "equal", true)),
          explanation: "Posted.",
        },
      ],
    });
    const policy = extendPolicy(refluenced(), {
      ...meta,
      drop: ["refluenced.content-not-synced"],
      add: [custom, { from: mediance(), rules: ["mediance.unresponsive"] }],
    });
    // Refluenced's remedies now follow the custom content_missing rule.
    expect(policy.rules.some((rule) => rule.event.type === "acme.story-missing")).toBe(true);
    expect(policy.rules.some((rule) => rule.event.type === "mediance.unresponsive")).toBe(true);
  });

  it("refuses unknown ids and roles in an addition, with hints", () => {
    const found = issuesOf(() =>
      extendPolicy(refluenced(), {
        ...meta,
        add: [
          // @ts-expect-error the point: a misspelt role, refused with a hint
          {
            from: mediance(),
            rules: ["mediance.unresponsiv"],
            roles: ["content_mising", "disclosure_missing"],
          },
        ],
      }),
    );
    expect(found).toEqual([
      {
        code: "unknown_reference",
        path: "add[0].rules[0]",
        message:
          'policy "mediance" has no rule with the id or name "mediance.unresponsiv"; did you mean "mediance.unresponsive"?',
      },
      {
        code: "unknown_reference",
        path: "add[0].roles[0]",
        message: '"content_mising" is not a finding role; did you mean "content_missing"?',
      },
      {
        code: "unknown_reference",
        path: "add[0].roles[1]",
        message:
          'policy "mediance" has no finding rule of role "disclosure_missing" (its roles: content_missing, removed_early, edit_ignored, unresponsive, silent_after_product)',
      },
    ]);
  });

  it("refuses two sources disagreeing on a parameter, unless options.parameters settles it", () => {
    const stricter = mediance({ minLiveDuration: { days: 60 } });
    const add = [{ from: stricter, roles: ["removed_early" as const] }];
    const base = extendPolicy(mediance(), {
      ...meta,
      drop: ["mediance.tracking-unavailable", "mediance.sanction/no-reward"],
    });
    const found = issuesOf(() => extendPolicy(base, { ...meta, add }));
    expect(found).toEqual([
      {
        code: "contradiction",
        path: "add[0].from.parameters.minLiveDuration",
        message:
          'policy "mediance" sets parameter "minLiveDuration" to {"days":60}, but the policy it is added to sets {"days":30}; set it in options.parameters to choose',
      },
    ]);
    const settled = extendPolicy(base, {
      ...meta,
      add,
      parameters: { minLiveDuration: { days: 60 } },
    });
    expect(settled.parameters.minLiveDuration).toEqual({ days: 60 });
  });

  it("refuses an invalid added policy, at its path", () => {
    const found = issuesOf(() =>
      extendPolicy(mediance(), { ...meta, add: [{ from: { id: "x" }, phases: ["sanctions"] }] }),
    );
    expect(found.every((issue) => issue.path.startsWith("add[0].from."))).toBe(true);
  });
});

describe("extendPolicy: override", () => {
  it("replaces one sanction by name, in place", () => {
    const base = mediance();
    const index = base.rules.findIndex((rule) => rule.name === "mediance.sanction/legal-review");
    const policy = extendPolicy(base, {
      ...meta,
      override: {
        "mediance.sanction/legal-review": sanctionRule("mediance.sanction/legal-review", {
          scope: "campaign",
          when: all(when("findings.noShow", "equal", true)),
          sanction: {
            type: "legal_review",
            because: { kinds: ["no_show"] },
            requiresHumanReview: true,
          },
        }),
      },
    });
    expect(policy.rules[index]?.conditions).toEqual(all(when("findings.noShow", "equal", true)));
    expect(policy.rules.length).toBe(base.rules.length);
  });

  it("replaces every branch of a finding rule by its id, which the replacement keeps", async () => {
    const branches = findingRule("mediance.unresponsive", {
      kind: "no_show",
      role: "unresponsive",
      scope: "campaign",
      branches: [
        {
          outcome: "compliant",
          when: all(when("asOf", "isPresent", true)),
          explanation: "Not judged here.",
        },
      ],
    });
    const policy = extendPolicy(mediance(), {
      ...meta,
      override: { "mediance.unresponsive": branches },
    });
    expect(policy.rules.filter((rule) => rule.event.type === "mediance.unresponsive")).toHaveLength(
      1,
    );
    const verdict = await evaluate(seoulFacts(), policy, { asOf: "2026-04-05T00:00:00Z" });
    expect(
      verdict.findings.find((item) => item.rule === "mediance.unresponsive")?.explanation,
    ).toBe("Not judged here.");
  });

  it("refuses an unknown rule, and a replacement under another id", () => {
    const other = sanctionRule("acme.x/y", {
      scope: "campaign",
      when: all(when("findings.noShow", "equal", true)),
      sanction: { type: "warning", because: { kinds: ["no_show"] } },
    });
    expect(
      issuesOf(() =>
        extendPolicy(mediance(), { ...meta, override: { "mediance.sanctoin": other } }),
      ),
    ).toEqual([
      {
        code: "unknown_reference",
        path: 'override["mediance.sanctoin"]',
        message:
          'no rule of the base has the id or name "mediance.sanctoin"; did you mean "mediance.sanction"?',
      },
    ]);
    expect(
      issuesOf(() =>
        extendPolicy(mediance(), { ...meta, override: { "mediance.sanction": [other] } }),
      ),
    ).toEqual([
      {
        code: "invalid_policy",
        path: 'override["mediance.sanction"][0].event.type',
        message:
          'an override of rule "mediance.sanction" keeps its id, but this rule is "acme.x" (drop the rule and add the new one instead)',
      },
    ]);
  });

  it("refuses unknown option keys and an invalid base", () => {
    // @ts-expect-error the point: a misspelt option key
    expect(issuesOf(() => extendPolicy(mediance(), { ...meta, dorp: [] }))).toEqual([
      { code: "unknown_key", path: "dorp", message: 'unknown key "dorp"; did you mean "drop"?' },
    ]);
    expect(
      issuesOf(() =>
        // @ts-expect-error the point: parameters and drop of the wrong type
        extendPolicy(mediance(), { ...meta, parameters: [1], drop: "x" }),
      ),
    ).toEqual([
      { code: "invalid_type", path: "drop", message: "must be a list of rule ids" },
      {
        code: "invalid_type",
        path: "parameters",
        message: "must be an object of parameter values",
      },
    ]);
    const found = issuesOf(() => extendPolicy({ id: "x", version: "1" }, meta));
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((issue) => issue.path.startsWith("base."))).toBe(true);
  });

  it("the result is checked like any policy (a flinque rule on a missing parameter)", () => {
    const found = issuesOf(() =>
      extendPolicy(flinque(), {
        ...meta,
        add: [
          sanctionRule("acme.s/x", {
            scope: "campaign",
            when: all(when("findings.anyViolation", "equal", true)),
            sanction: {
              type: "warning",
              because: { kinds: ["breach"] },
              scoreDelta: "params.penalty",
            },
          }),
        ],
      }),
    );
    expect(found).toEqual([
      expect.objectContaining({
        code: "unknown_reference",
        path: 'rules["acme.s/x"].event.params.sanction.scoreDelta',
      }),
    ]);
  });
});

// The type of the result is a Policy.
const _typed: Policy = composed();
void _typed;
