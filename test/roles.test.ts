/**
 * Finding roles: every finding rule declares one from a fixed vocabulary, findings carry it, the
 * sanctions phase sees findings by role, and remedies written against roles fire on any policy's
 * findings of that role (Mediance's five cases with Refluenced's remedies).
 */
import { fc, test as propTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { findingsFact } from "../src/derive/findings.js";
import {
  ainfluencer,
  evaluate,
  evaluateSync,
  flinque,
  isValidationError,
  mediance,
  type Policy,
  parsePolicy,
  refluenced,
} from "../src/index.js";
import { FINDING_ROLES, OUTCOMES } from "../src/policy-entry.js";
import { seoulFacts } from "./fixtures.js";

function issuesOf(input: unknown) {
  try {
    parsePolicy(input);
  } catch (error) {
    if (isValidationError(error)) return error.issues;
    throw error;
  }
  throw new Error("expected a ValidationError");
}

/** A one-finding-rule policy, its role as given (or absent), plus an optional sanction rule. */
function policyWithRole(role: unknown, sanctions: unknown[] = []) {
  const params: Record<string, unknown> = {
    phase: "violations",
    scope: "deliverable",
    kind: "no_show",
    outcome: "violation",
    explanation: "Missing.",
  };
  if (role !== undefined) params.role = role;
  return {
    id: "t",
    version: "1",
    parameters: {},
    rules: [
      {
        name: "t.missing/violation",
        conditions: {
          all: [{ fact: "deliverable", path: "$.posted", operator: "equal", value: false }],
        },
        event: { type: "t.missing", params },
      },
      {
        name: "t.missing/compliant",
        conditions: {
          all: [{ fact: "deliverable", path: "$.posted", operator: "equal", value: true }],
        },
        event: { type: "t.missing", params: { ...params, outcome: "compliant" } },
      },
      ...sanctions,
    ],
  };
}

function sanction(name: string, condition: unknown, because: unknown = { kinds: ["no_show"] }) {
  return {
    name,
    conditions: { all: [condition] },
    event: {
      type: name.split("/")[0],
      params: { phase: "sanctions", scope: "campaign", sanction: { type: "warning", because } },
    },
  };
}

describe("a finding rule declares its role", () => {
  it("a known role passes", () => {
    expect(() => parsePolicy(policyWithRole("content_missing"))).not.toThrow();
  });

  it("a missing role is refused at the rule, listing the roles", () => {
    const found = issuesOf(policyWithRole(undefined));
    expect(found).toContainEqual({
      code: "required",
      path: 'rules["t.missing/violation"].event.params.role',
      message: expect.stringMatching(
        /^is required: every finding rule declares its role, one of content_missing, /,
      ),
    });
  });

  it("an unknown role is refused with a did-you-mean hint", () => {
    const found = issuesOf(policyWithRole("content_mising"));
    expect(found[0]).toMatchObject({
      path: 'rules["t.missing/violation"].event.params.role',
      message: expect.stringContaining(
        'unknown role "content_mising"; did you mean "content_missing"?',
      ),
    });
  });

  it("the branches of one finding rule must agree on the role", () => {
    const policy = policyWithRole("content_missing");
    (policy.rules[1] as { event: { params: Record<string, unknown> } }).event.params.role =
      "content_late";
    expect(issuesOf(policy)).toEqual([
      {
        code: "contradiction",
        path: 'rules["t.missing/compliant"].event.params.role',
        message:
          'rule "t.missing" has the role "content_missing" in its branch "t.missing/violation", here "content_late": every branch of a finding rule declares the same role',
      },
    ]);
  });

  it("every preset rule declares a role, and every finding in a verdict carries its rule's role", async () => {
    for (const policy of [mediance(), refluenced(), ainfluencer(), flinque()]) {
      const roles = new Map<string, string>();
      for (const rule of policy.rules) {
        const params = rule.event.params;
        if (params.phase !== "violations") continue;
        expect(FINDING_ROLES).toContain(params.role);
        roles.set(rule.event.type, params.role);
      }
      const verdict = await evaluate(seoulFacts(), policy, { asOf: "2026-04-05T00:00:00Z" });
      expect(verdict.findings.length).toBeGreaterThan(0);
      for (const finding of verdict.findings) expect(finding.role).toBe(roles.get(finding.rule));
    }
  });
});

describe("conditions and reasons on roles", () => {
  const violated = (role: string) => ({
    fact: "findings",
    path: "$.violatedRoles",
    operator: "contains",
    value: role,
  });

  it("passes for a role a finding rule declares (violatedRoles, byRole, because.roles)", () => {
    expect(() =>
      parsePolicy(
        policyWithRole("content_missing", [
          sanction("t.s/a", violated("content_missing"), { roles: ["content_missing"] }),
          sanction("t.s/b", {
            fact: "findings",
            path: "$.byRole.content_missing",
            operator: "equal",
            value: "violation",
          }),
        ]),
      ),
    ).not.toThrow();
  });

  it("refuses a condition on a role no rule of the policy produces, naming the rule", () => {
    const found = issuesOf(
      policyWithRole("content_missing", [
        sanction("t.s/a", violated("edit_ignored"), { roles: ["edit_ignored"] }),
        sanction("t.s/b", {
          fact: "findings",
          path: "$.byRole.removed_early",
          operator: "equal",
          value: "violation",
        }),
      ]),
    );
    expect(found).toEqual([
      {
        code: "unknown_reference",
        path: 'rules["t.s/a"].conditions.all[0].value',
        message:
          'no finding rule of this policy has the role "edit_ignored", so findings.violatedRoles never holds it (the roles declared: content_missing)',
      },
      {
        code: "unknown_reference",
        path: 'rules["t.s/a"].event.params.sanction.because.roles[0]',
        message:
          'no finding rule of this policy has the role "edit_ignored", so no finding is ever one (the roles declared: content_missing)',
      },
      {
        code: "unknown_reference",
        path: 'rules["t.s/b"].conditions.all[0].path',
        message:
          'no finding rule of this policy has the role "removed_early", so findings.byRole.removed_early is never set (the roles declared: content_missing)',
      },
    ]);
  });

  it("refuses a misspelt role with a hint", () => {
    const found = issuesOf(
      policyWithRole("content_missing", [
        sanction("t.s/a", violated("content_mising")),
        sanction("t.s/b", {
          fact: "findings",
          path: "$.byRole.contentmissing",
          operator: "equal",
          value: "violation",
        }),
      ]),
    );
    expect(found[0]).toMatchObject({
      path: 'rules["t.s/a"].conditions.all[0].value',
      message: expect.stringContaining('did you mean "content_missing"?'),
    });
    expect(found[1]).toMatchObject({
      path: 'rules["t.s/b"].conditions.all[0].path',
      message: expect.stringContaining(
        '"contentmissing" is not a finding role; did you mean "content_missing"?',
      ),
    });
  });
});

describe("the findings fact by role", () => {
  const SEVERITY = ["violation", "needs_review", "excused", "pending", "compliant"] as const;
  const finding = fc.record({
    rule: fc.constantFrom("a", "b", "c"),
    kind: fc.constantFrom("no_show" as const, "breach" as const),
    role: fc.constantFrom(...FINDING_ROLES.slice(0, 4)),
    outcome: fc.constantFrom(...OUTCOMES),
    explanation: fc.constant("x"),
  });

  propTest.prop([fc.array(finding, { maxLength: 30 })])(
    "violatedRoles lists each violated role once, first seen first; byRole holds the most severe outcome",
    (findings) => {
      const fact = findingsFact(findings, 0);
      const expectedRoles = [
        ...new Set(
          findings.filter((item) => item.outcome === "violation").map((item) => item.role),
        ),
      ];
      expect(fact.violatedRoles).toEqual(expectedRoles);
      const expectedByRole: Record<string, string> = {};
      for (const item of findings) {
        const current = expectedByRole[item.role] as (typeof SEVERITY)[number] | undefined;
        if (!current || SEVERITY.indexOf(item.outcome) < SEVERITY.indexOf(current))
          expectedByRole[item.role] = item.outcome;
      }
      expect(fact.byRole).toEqual(expectedByRole);
    },
  );
});

/** Mediance's five cases with Refluenced's remedies, composed by hand (extendPolicy does it too). */
function medianceWithRefluencedRemedies(): Policy {
  const { requestBeforeDeadline: _unused, ...remedyParameters } = refluenced().parameters;
  const { excusableTypes: _excusable, ...caseParameters } = mediance().parameters;
  return parsePolicy({
    id: "mediance-refluenced",
    version: "1",
    parameters: { ...remedyParameters, ...caseParameters },
    rules: [
      ...mediance().rules.filter((rule) => rule.event.params.phase === "violations"),
      ...refluenced().rules.filter((rule) => rule.event.params.phase === "sanctions"),
    ],
  });
}

describe("Mediance's five cases with Refluenced's remedies", () => {
  const returnRequested = seoulFacts({
    product: {
      value: { amount: 45000, currency: "KRW" },
      shippedAt: "2026-03-02T09:00:00+09:00",
      deliveredAt: "2026-03-03T14:00:00+09:00",
      returnRequestedAt: "2026-04-01T10:00:00+09:00",
    },
  });

  it("a Mediance content_missing finding fires Refluenced's withhold, return and invoice remedies", async () => {
    const policy = medianceWithRefluencedRemedies();
    const asOf = "2026-04-20T00:00:00Z"; // the 14-day return window ran out on 2026-04-15
    const verdict = await evaluate(returnRequested, policy, { asOf });
    const missing = verdict.violations.find((item) => item.rule === "mediance.post-not-registered");
    expect(missing).toMatchObject({ role: "content_missing", deliverableId: "feed" });
    const byType = (type: string) => verdict.sanctions.filter((item) => item.type === type);
    expect(byType("withhold_payout")).toEqual([
      expect.objectContaining({
        because: ["mediance.post-not-registered@feed"],
        amount: { amount: 100000, currency: "KRW" },
      }),
    ]);
    expect(byType("invoice")).toEqual([
      expect.objectContaining({
        because: ["mediance.post-not-registered@feed"],
        amount: { amount: 45000, currency: "KRW" },
      }),
    ]);
    expect(byType("restrict_applications")).toHaveLength(1);
    expect(JSON.stringify(evaluateSync(returnRequested, policy, { asOf }))).toBe(
      JSON.stringify(verdict),
    );

    // Before the return was requested: the return request itself.
    const fresh = await evaluate(seoulFacts(), policy, { asOf: "2026-04-02T00:00:00Z" });
    expect(fresh.sanctions.map((item) => item.type)).toEqual(
      expect.arrayContaining([
        "withhold_payout",
        "restrict_applications",
        "request_product_return",
      ]),
    );
  });

  it("no remedy while the post is registered in time", async () => {
    const policy = medianceWithRefluencedRemedies();
    const posted = seoulFacts({
      deliverables: [
        {
          id: "feed",
          kind: "post",
          post: {
            publishedAt: "2026-03-10T10:00:00+09:00",
            observations: [{ at: "2026-04-19T10:00:00+09:00", state: "live" }],
          },
        },
      ],
    });
    const verdict = await evaluate(posted, policy, { asOf: "2026-04-20T00:00:00Z" });
    expect(verdict.violations).toEqual([]);
    expect(verdict.sanctions).toEqual([]);
  });
});
