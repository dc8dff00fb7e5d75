import { describe, expect, it } from "vitest";
import {
  evaluate,
  isNoShowPolicyError,
  isValidationError,
  mediance,
  NoShowPolicyError,
  parseFacts,
  parsePolicy,
  ValidationError,
} from "../src/index.js";
import { seoulFacts } from "./fixtures.js";

function issuesOf(run: () => unknown): {
  code: string;
  issues: readonly { code: string; path: string; message: string }[];
} {
  try {
    run();
  } catch (error) {
    if (isValidationError(error)) return { code: error.code, issues: error.issues };
    throw error;
  }
  throw new Error("expected a ValidationError");
}

describe("parseFacts", () => {
  it("normalises every instant to UTC", () => {
    const facts = parseFacts(seoulFacts());
    expect(facts.campaign.endsAt).toBe("2026-03-31T14:59:59.000Z");
    expect(facts.participation.selectedAt).toBe("2026-02-25T01:00:00.000Z");
  });

  it("rejects an instant without an offset, with its path", () => {
    const input = seoulFacts({ participation: { selectedAt: "2026-02-25T10:00:00" } });
    const { code, issues } = issuesOf(() => parseFacts(input));
    expect(code).toBe("INVALID_FACTS");
    expect(issues).toEqual([
      {
        code: "invalid_format",
        path: "participation.selectedAt",
        message: "must be an ISO-8601 instant with an offset (Z or ±hh:mm)",
      },
    ]);
  });

  it("rejects a typo'd key with a did-you-mean hint instead of ignoring it", () => {
    const input = {
      ...seoulFacts(),
      deliverables: [{ id: "feed", kind: "post", dueAT: "2026-04-01T00:00:00Z" }],
    };
    expect(issuesOf(() => parseFacts(input)).issues).toEqual([
      {
        code: "unknown_key",
        path: "deliverables.0.dueAT",
        message: 'unknown key "dueAT"; did you mean "dueAt"?',
      },
    ]);
  });

  it("names an unknown key with no close match plainly", () => {
    const input = { ...seoulFacts(), weather: "sunny" };
    expect(issuesOf(() => parseFacts(input)).issues).toEqual([
      { code: "unknown_key", path: "weather", message: 'unknown key "weather"' },
    ]);
  });

  it("lists every problem at once", () => {
    const input = {
      ...seoulFacts(),
      campaign: {
        ...seoulFacts().campaign,
        timezone: "Mars/Olympus",
        endsAt: "2026-02-01T00:00:00Z",
      },
      product: { value: { amount: 12.5, currency: "usd" } },
    };
    const paths = issuesOf(() => parseFacts(input)).issues.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "campaign.timezone",
        "campaign.endsAt",
        "product.value.amount",
        "product.value.currency",
      ]),
    );
    // The contradiction in campaign dates is reported beside the type errors, not hidden by them.
    expect(paths).toHaveLength(4);
  });

  it("checks cross-field consistency", () => {
    const input = seoulFacts({
      campaign: { ...seoulFacts().campaign, endsAt: "2026-02-01T00:00:00Z" },
      deliverables: [
        { id: "feed", kind: "post" },
        { id: "feed", kind: "story" },
      ],
      exceptions: [
        { id: "x", type: "illness", reportedAt: "2026-03-01T00:00:00Z", appliesTo: ["reel"] },
      ],
      participation: { selectedAt: "2026-02-25T10:00:00+09:00", cancelledBy: "mutual" },
    });
    expect(issuesOf(() => parseFacts(input)).issues.map((issue) => issue.path)).toEqual([
      "campaign.endsAt",
      "deliverables.1.id",
      "exceptions.0.appliesTo.0",
      "participation.cancelledAt",
    ]);
  });

  it("does not mutate its input", () => {
    const input = seoulFacts();
    const copy = structuredClone(input);
    parseFacts(input);
    expect(input).toEqual(copy);
  });
});

describe("policy validation", () => {
  it("accepts a preset round-tripped through JSON", () => {
    const policy = JSON.parse(JSON.stringify(mediance()));
    expect(parsePolicy(policy)).toEqual(mediance());
  });

  it("rejects unknown facts and operators with hints", () => {
    const policy = structuredClone(mediance());
    const rule = policy.rules[0];
    if (!rule || !("all" in rule.conditions)) throw new Error("fixture");
    rule.conditions.all[0] = { fact: "deliverabel", operator: "equall", value: 1 };
    const { code, issues } = issuesOf(() => parsePolicy(policy));
    expect(code).toBe("INVALID_POLICY");
    expect(issues).toEqual([
      {
        code: "unknown_reference",
        path: 'rules["mediance.post-not-registered/cancelled"].conditions.all[0].fact',
        message:
          'unknown fact "deliverabel" for a violations rule of deliverable scope; did you mean "deliverable"?',
      },
      {
        code: "invalid_policy",
        path: 'rules["mediance.post-not-registered/cancelled"].conditions.all[0].operator',
        message: 'unknown operator "equall"; did you mean "equal"?',
      },
    ]);
  });

  it("rejects a reference to an undefined parameter and an unused (misspelt) parameter", () => {
    const policy = structuredClone(mediance());
    policy.parameters.excusableTypez = policy.parameters.excusableTypes ?? [];
    delete policy.parameters.excusableTypes;
    const messages = issuesOf(() => parsePolicy(policy)).issues.map((issue) => issue.message);
    expect(messages).toContain(
      'parameter "excusableTypes" is not defined; did you mean "excusableTypez"?',
    );
    expect(messages).toContain(
      'parameter "excusableTypez" is not used by any rule or by the fact catalogue; did you mean "excusableTypes"?',
    );
  });

  it("rejects a catalogue parameter of the wrong type", () => {
    const policy = {
      ...mediance(),
      parameters: { ...mediance().parameters, minLiveDuration: "30 days" },
    };
    expect(issuesOf(() => parsePolicy(policy)).issues[0]?.path).toBe("parameters.minLiveDuration");
  });

  it("rejects empty any/all (json-rules-engine treats `any: []` as true)", () => {
    const policy = structuredClone(mediance());
    const rule = policy.rules[0];
    if (!rule) throw new Error("fixture");
    rule.conditions = { any: [] };
    expect(issuesOf(() => parsePolicy(policy)).issues[0]?.path).toBe(
      'rules["mediance.post-not-registered/cancelled"].conditions.any',
    );
  });

  it("rejects duplicate rule names and conflicting finding declarations", () => {
    const policy = structuredClone(mediance());
    const [first] = policy.rules;
    if (first?.event.params.phase !== "violations") throw new Error("fixture");
    policy.rules.push({
      ...first,
      event: { ...first.event, params: { ...first.event.params, kind: "breach" } },
    });
    const messages = issuesOf(() => parsePolicy(policy)).issues.map((issue) => issue.message);
    expect(messages).toContain(`duplicate rule name "${first.name}"`);
    expect(
      messages.some((message) =>
        message.includes(
          "is declared as no_show/deliverable elsewhere, here as breach/deliverable",
        ),
      ),
    ).toBe(true);
  });
});

describe("evaluate options", () => {
  it("requires asOf", async () => {
    // @ts-expect-error the point: options without the required asOf
    await expect(evaluate(seoulFacts(), mediance(), {})).rejects.toMatchObject({
      code: "INVALID_OPTIONS",
      issues: [
        { path: "asOf", message: "is required: a Date or an ISO-8601 instant with an offset" },
      ],
    });
  });

  it("rejects an asOf without offset, an invalid Date, and unknown options", async () => {
    await expect(evaluate(seoulFacts(), mediance(), { asOf: "2026-03-10" })).rejects.toMatchObject({
      code: "INVALID_OPTIONS",
    });
    await expect(
      evaluate(seoulFacts(), mediance(), { asOf: new Date("nope") }),
    ).rejects.toMatchObject({ code: "INVALID_OPTIONS" });
    await expect(
      // @ts-expect-error the point: an unknown option, a typo of trace
      evaluate(seoulFacts(), mediance(), { asOf: "2026-03-10T00:00:00Z", tracing: true }),
    ).rejects.toMatchObject({
      issues: [{ path: "tracing", message: 'unknown key "tracing"; did you mean "trace"?' }],
    });
  });

  it("accepts a Date and reports asOf in UTC", async () => {
    const verdict = await evaluate(seoulFacts(), mediance(), {
      asOf: new Date("2026-03-10T09:00:00+09:00"),
    });
    expect(verdict.asOf).toBe("2026-03-10T00:00:00.000Z");
  });

  it("includes a rule trace only when asked", async () => {
    const plain = await evaluate(seoulFacts(), mediance(), { asOf: "2026-03-10T00:00:00Z" });
    expect(plain.trace).toBeUndefined();
    const traced = await evaluate(seoulFacts(), mediance(), {
      asOf: "2026-03-10T00:00:00Z",
      trace: true,
    });
    expect(traced.trace).toContainEqual(
      expect.objectContaining({
        phase: "violations",
        rule: "mediance.post-not-registered/pending",
        deliverableId: "feed",
        result: true,
      }),
    );
  });
});

describe("errors", () => {
  it("ValidationError is a NoShowPolicyError with a readable message", () => {
    const error = new ValidationError("INVALID_FACTS", [
      { code: "invalid_type", path: "a.b", message: "is wrong" },
      { code: "too_small", path: "", message: "is empty" },
    ]);
    expect(error).toBeInstanceOf(NoShowPolicyError);
    expect(error.name).toBe("ValidationError");
    expect(error.message).toBe(
      "Invalid facts (2 problems):\n  - a.b: is wrong\n  - (root): is empty",
    );
    expect(Object.isFrozen(error.issues)).toBe(true);
  });

  it("the guards recognise library errors only", () => {
    const error = new ValidationError("INVALID_POLICY", [
      { code: "invalid_type", path: "x", message: "y" },
    ]);
    expect(isNoShowPolicyError(error)).toBe(true);
    expect(isValidationError(error)).toBe(true);
    expect(isNoShowPolicyError(new Error("x"))).toBe(false);
    expect(isNoShowPolicyError({ code: "INVALID_FACTS" })).toBe(false);
    expect(isValidationError(null)).toBe(false);
  });
});

describe("contradictory records", () => {
  it("are input errors, each with its path", () => {
    const input = seoulFacts({
      deliverables: [
        {
          id: "feed",
          kind: "post",
          editRequests: [
            {
              id: "e1",
              requestedAt: "2026-03-10T00:00:00Z",
              reason: "other",
              respondedAt: "2026-03-09T00:00:00Z",
              resolvedAt: "2026-03-08T00:00:00Z",
            },
          ],
        },
      ],
      contacts: [
        {
          id: "c1",
          at: "2026-03-10T00:00:00Z",
          from: "platform",
          channel: "sms",
          respondedAt: "2026-03-09T23:59:59Z",
        },
      ],
      product: {
        value: { amount: 1, currency: "KRW" },
        shippedAt: "2026-03-05T00:00:00Z",
        deliveredAt: "2026-03-04T00:00:00Z",
        returnedAt: "2026-03-03T00:00:00Z",
      },
      voucher: {
        value: { amount: 1, currency: "KRW" },
        issuedAt: "2026-03-05T00:00:00Z",
        redeemedAt: "2026-03-04T00:00:00Z",
        deactivatedAt: "2026-03-04T00:00:00Z",
      },
      payment: {
        amount: { amount: 1, currency: "KRW" },
        escrow: {
          fundedAt: "2026-03-05T00:00:00Z",
          releasedAt: "2026-03-04T00:00:00Z",
          refundedAt: "2026-03-06T00:00:00Z",
        },
      },
      participation: {
        selectedAt: "2026-02-25T10:00:00+09:00",
        cancelledAt: "2026-02-20T00:00:00Z",
        cancelledBy: "influencer",
      },
    });
    expect(issuesOf(() => parseFacts(input)).issues.map((issue) => issue.path)).toEqual([
      "deliverables.0.editRequests.0.respondedAt",
      "deliverables.0.editRequests.0.resolvedAt",
      "contacts.0.respondedAt",
      "product.deliveredAt",
      "product.returnedAt",
      "voucher.redeemedAt",
      "voucher.deactivatedAt",
      "payment.escrow.releasedAt",
      "payment.escrow.refundedAt",
      "participation.cancelledAt",
    ]);
  });
});

describe("durations", () => {
  it("are bounded, so date arithmetic can never overflow into a non-validation error", async () => {
    const input = seoulFacts({
      deliverables: [{ id: "feed", kind: "post", minLiveDuration: { years: 1e9 } }],
    });
    expect(issuesOf(() => parseFacts(input)).issues).toEqual([
      {
        code: "too_big",
        path: "deliverables.0.minLiveDuration",
        message: "must not exceed 1000 years",
      },
    ]);
    expect(() => mediance({ contactResponseWindow: { hours: Number.MAX_SAFE_INTEGER } })).toThrow(
      ValidationError,
    );
    expect(() => mediance({ contactResponseWindow: { days: 365 * 999 } })).not.toThrow();
  });
});

describe("validated policies", () => {
  it("are deep-frozen and returned as-is when validated again", () => {
    const policy = mediance();
    expect(Object.isFrozen(policy)).toBe(true);
    expect(Object.isFrozen(policy.rules[0]?.conditions)).toBe(true);
    expect(parsePolicy(policy)).toBe(policy);
    expect(() => {
      (policy.parameters as Record<string, unknown>).minLiveDuration = { days: 1 };
    }).toThrow(TypeError);
  });

  it("a copy is validated afresh, so an edit cannot skip the checks", () => {
    const copy = structuredClone(mediance());
    expect(Object.isFrozen(copy)).toBe(false);
    copy.parameters.minLiveDuration = "thirty days";
    expect(() => parsePolicy(copy)).toThrow(ValidationError);
  });
});

describe("selection and deadlines", () => {
  it("refuses to evaluate before the influencer was selected", async () => {
    await expect(
      evaluate(seoulFacts(), mediance(), { asOf: "2026-02-20T00:00:00Z" }),
    ).rejects.toMatchObject({
      code: "INVALID_OPTIONS",
      issues: [
        { path: "asOf", message: expect.stringContaining("the influencer was not selected yet") },
      ],
    });
  });

  it("a deadline before the selection contradicts the facts: needs review, no sanction", async () => {
    const facts = seoulFacts({
      deliverables: [{ id: "feed", kind: "post", dueAt: "2026-02-20T00:00:00Z" }],
    });
    const verdict = await evaluate(facts, mediance(), { asOf: "2026-03-10T00:00:00Z" });
    expect(verdict.findings[0]).toMatchObject({
      rule: "mediance.post-not-registered",
      outcome: "needs_review",
      explanation:
        "The deadline 2026-02-20 09:00 +09:00 of deliverable feed is before the influencer was selected at 2026-02-25 10:00 +09:00, so the facts contradict each other.",
    });
    expect(verdict.sanctions).toEqual([]);
  });
});

describe("a deadline before the selection, with a post", () => {
  it("is never punished by any preset", async () => {
    const { refluenced, ainfluencer, flinque } = await import("../src/index.js");
    const facts = seoulFacts({
      campaign: { ...seoulFacts().campaign, kind: "paid" },
      product: undefined,
      deliverables: [
        {
          id: "feed",
          kind: "post",
          dueAt: "2026-02-20T00:00:00Z",
          terms: { hashtags: ["ad"] },
          post: {
            publishedAt: "2026-03-01T00:00:00Z",
            caption: "#ad new serum",
            observations: [{ at: "2026-04-30T00:00:00Z", state: "live" }],
          },
        },
      ],
    });
    for (const policy of [mediance(), refluenced(), ainfluencer(), flinque()]) {
      const verdict = await evaluate(facts, policy, { asOf: "2026-05-01T00:00:00Z" });
      expect({
        policy: policy.id,
        violations: verdict.violations.map((finding) => finding.rule),
        sanctions: verdict.sanctions,
      }).toEqual({
        policy: policy.id,
        violations: [],
        sanctions: [],
      });
      expect(verdict.status).toBe("needs_review");
    }
  });
});

describe("clearer input errors", () => {
  it("says what is wrong with a given asOf, and that a missing one is required", async () => {
    await expect(
      evaluate(seoulFacts(), mediance(), { asOf: "2026-04-01T00:00:00" }),
    ).rejects.toMatchObject({
      issues: [
        {
          path: "asOf",
          message: "must be a valid Date or an ISO-8601 instant with an offset (Z or ±hh:mm)",
        },
      ],
    });
    await expect(
      // @ts-expect-error the point: asOf given as undefined is as missing as no asOf
      evaluate(seoulFacts(), mediance(), { asOf: undefined }),
    ).rejects.toMatchObject({
      issues: [
        { path: "asOf", message: "is required: a Date or an ISO-8601 instant with an offset" },
      ],
    });
  });

  it("accepts only real ISO-4217 currency codes", () => {
    const money = (currency: string) =>
      seoulFacts({ payment: { amount: { amount: 100, currency } } });
    expect(() => parseFacts(money("KRW"))).not.toThrow();
    expect(issuesOf(() => parseFacts(money("XYZ"))).issues).toEqual([
      {
        code: "invalid_format",
        path: "payment.amount.currency",
        message: "must be an ISO-4217 code such as USD",
      },
    ]);
  });
});
