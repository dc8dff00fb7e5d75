/**
 * Hardening of the facts input: caps, every problem at once, unique ids, durations that are
 * durations, and structural checks that run before any schema recurses.
 */
import { describe, expect, it } from "vitest";
import {
  evaluate,
  isValidationError,
  mediance,
  parseFacts,
  type ValidationIssue,
} from "../src/index.js";
import { FACTS_LIMITS, MAX_ISSUES } from "../src/policy-entry.js";
import { seoulFacts } from "./fixtures.js";

function issuesOf(run: () => unknown): readonly ValidationIssue[] {
  try {
    run();
  } catch (error) {
    if (isValidationError(error)) return error.issues;
    throw error;
  }
  throw new Error("expected a ValidationError");
}

const post = (extra: Record<string, unknown> = {}) => ({
  id: "feed",
  kind: "post" as const,
  post: { publishedAt: "2026-03-05T12:00:00+09:00", ...extra },
});

describe("every problem at once", () => {
  it("reports type errors and cross-field errors together", () => {
    const input = {
      ...seoulFacts(),
      campaign: { ...seoulFacts().campaign, endsAt: "2026-02-01T00:00:00Z" },
      influencer: { id: "inf-1", handle: 42 },
      deliverables: [
        { id: "feed", kind: "post" },
        { id: "feed", kind: "story" },
      ],
    };
    expect(issuesOf(() => parseFacts(input))).toEqual([
      {
        code: "invalid_type",
        path: "influencer.handle",
        message: "Invalid input: expected string, received number",
      },
      {
        code: "contradiction",
        path: "campaign.endsAt",
        message: "must not be before campaign.startsAt",
      },
      {
        code: "duplicate_id",
        path: "deliverables.1.id",
        message: 'duplicate deliverable id "feed"',
      },
    ]);
  });

  it("tells a missing field from a mistyped one", () => {
    const { influencer: _, ...rest } = seoulFacts();
    expect(issuesOf(() => parseFacts(rest))[0]).toMatchObject({
      code: "required",
      path: "influencer",
    });
  });

  it("skips a cross-field check whose fields are themselves invalid (their own issue says why)", () => {
    const input = seoulFacts({
      campaign: { ...seoulFacts().campaign, endsAt: "not a date" },
    });
    expect(issuesOf(() => parseFacts(input)).map((issue) => issue.path)).toEqual([
      "campaign.endsAt",
    ]);
  });
});

describe("unique ids", () => {
  const at = "2026-03-04T10:00:00+09:00";
  it.each([
    [
      "contacts",
      { contacts: [0, 1].map(() => ({ id: "c1", at, from: "platform", channel: "sms" })) },
      "contacts.1.id",
      'duplicate contact id "c1"',
    ],
    [
      "exception claims",
      {
        exceptions: [
          { id: "x", type: "illness", reportedAt: at, decision: "rejected" },
          { id: "x", type: "illness", reportedAt: at, decision: "accepted" },
        ],
      },
      "exceptions.1.id",
      'duplicate exception claim id "x"',
    ],
    [
      "edit requests of one deliverable",
      {
        deliverables: [
          {
            id: "feed",
            kind: "post",
            editRequests: [0, 1].map(() => ({ id: "e1", requestedAt: at, reason: "other" })),
          },
        ],
      },
      "deliverables.0.editRequests.1.id",
      'duplicate edit request id "e1"',
    ],
  ])("are required for %s", (_, overrides, path, message) => {
    expect(issuesOf(() => parseFacts({ ...seoulFacts(), ...overrides }))).toEqual([
      { code: "duplicate_id", path, message },
    ]);
  });

  it("allow the same edit request id on two deliverables (ids are per deliverable)", () => {
    const request = { id: "e1", requestedAt: at, reason: "other" as const };
    const input = seoulFacts({
      deliverables: [
        { id: "a", kind: "post", editRequests: [request] },
        { id: "b", kind: "post", editRequests: [request] },
      ],
    });
    expect(() => parseFacts(input)).not.toThrow();
  });
});

describe("no silent compliant from the shape of the facts", () => {
  it("rejects an empty deliverable list under every preset's evaluation", async () => {
    const input = seoulFacts({ deliverables: [] });
    expect(issuesOf(() => parseFacts(input))).toEqual([
      {
        code: "too_small",
        path: "deliverables",
        message:
          "must list at least one deliverable: with none, nothing could ever be owed or judged",
      },
    ]);
    await expect(evaluate(input, mediance(), { asOf: "2026-04-10T00:00:00Z" })).rejects.toSatisfy(
      isValidationError,
    );
  });

  it("rejects an empty duration anywhere a duration goes", () => {
    const input = seoulFacts({
      deliverables: [
        { id: "feed", kind: "post", minLiveDuration: {}, terms: { publishTolerance: {} } },
      ],
    });
    expect(issuesOf(() => parseFacts(input)).map(({ code, path }) => ({ code, path }))).toEqual([
      { code: "too_small", path: "deliverables.0.minLiveDuration" },
      { code: "too_small", path: "deliverables.0.terms.publishTolerance" },
    ]);
  });

  it("rejects a zero minimum live duration, and accepts a zero publish tolerance", () => {
    const input = seoulFacts({
      deliverables: [
        {
          id: "feed",
          kind: "post",
          minLiveDuration: { days: 0, hours: 0 },
          terms: { publishTolerance: { hours: 0 } },
        },
      ],
    });
    expect(issuesOf(() => parseFacts(input))).toEqual([
      {
        code: "too_small",
        path: "deliverables.0.minLiveDuration",
        message: "must be longer than zero",
      },
    ]);
  });

  it("rejects a zero minimum as a preset parameter too", () => {
    expect(() => mediance({ minLiveDuration: { days: 0 } })).toThrow(/minLiveDuration/);
    expect(() => mediance({ minLiveDuration: {} })).toThrow(/minLiveDuration/);
  });
});

describe("caps", { timeout: 60_000 }, () => {
  it.each([
    [
      "an id",
      { influencer: { id: "x".repeat(FACTS_LIMITS.idLength + 1) } },
      "influencer.id",
      "too_long",
    ],
    [
      "a caption",
      { deliverables: [post({ caption: "#ad ".repeat(FACTS_LIMITS.captionLength / 4 + 1) })] },
      "deliverables.0.post.caption",
      "too_long",
    ],
    [
      "a note",
      {
        campaign: {
          ...seoulFacts().campaign,
          impact: { serious: true, note: "n".repeat(FACTS_LIMITS.noteLength + 1) },
        },
      },
      "campaign.impact.note",
      "too_long",
    ],
    [
      "the observations of a post",
      {
        deliverables: [
          post({
            observations: Array.from({ length: FACTS_LIMITS.observations + 1 }, () => ({
              at: "2026-03-06T00:00:00Z",
              state: "live",
            })),
          }),
        ],
      },
      "deliverables.0.post.observations",
      "too_many",
    ],
    [
      "a hashtag list",
      {
        deliverables: [
          post({
            hashtags: Array.from({ length: FACTS_LIMITS.listItems + 1 }, (_, i) => `#t${i}`),
          }),
        ],
      },
      "deliverables.0.post.hashtags",
      "too_many",
    ],
    [
      "the deliverables",
      {
        deliverables: Array.from({ length: FACTS_LIMITS.deliverables + 1 }, (_, i) => ({
          id: `d${i}`,
          kind: "post",
        })),
      },
      "deliverables",
      "too_many",
    ],
  ])("bound %s", (_, overrides, path, code) => {
    expect(issuesOf(() => parseFacts({ ...seoulFacts(), ...overrides }))).toEqual([
      expect.objectContaining({ code, path }),
    ]);
  });

  it("accept inputs exactly at the cap", () => {
    const input = seoulFacts({
      influencer: { id: "x".repeat(FACTS_LIMITS.idLength) },
      deliverables: [
        post({ hashtags: Array.from({ length: FACTS_LIMITS.listItems }, (_, i) => `#t${i}`) }),
      ],
    });
    expect(() => parseFacts(input)).not.toThrow();
  });

  it("list at most MAX_ISSUES issues, then count the rest", () => {
    const deliverables = Array.from({ length: 300 }, (_, i) => ({ id: `d${i}`, kind: "poster" }));
    const issues = issuesOf(() => parseFacts({ ...seoulFacts(), deliverables }));
    expect(issues).toHaveLength(MAX_ISSUES + 1);
    expect(issues[MAX_ISSUES]).toEqual({
      code: "too_many_issues",
      path: "",
      message: `and 200 more problems (an error lists at most ${MAX_ISSUES})`,
    });
  });
});

describe("structure checked before any schema recurses", { timeout: 60_000 }, () => {
  it("answers a million array holes with one short issue", () => {
    const holes = new Array(1_000_000);
    const error = (() => {
      try {
        parseFacts(seoulFacts({ contacts: holes }));
      } catch (caught) {
        return caught;
      }
    })();
    expect(isValidationError(error) && error.issues).toEqual([
      {
        code: "too_many",
        path: "contacts",
        message: "must have at most 100000 items (has 1000000)",
      },
    ]);
    expect(isValidationError(error) && error.message.length).toBeLessThan(200);
  });

  it("gives no edit-distance hint for a huge unknown key, and clips it in the issue", () => {
    const key = "k".repeat(1_000_000);
    const issues = issuesOf(() => parseFacts({ ...seoulFacts(), [key]: 1 }));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.code).toBe("unknown_key");
    expect(issues[0]?.message).not.toContain("did you mean");
    expect(issues[0]?.path.length).toBeLessThan(1100);
  });

  it("still hints for a short typo", () => {
    const issues = issuesOf(() => parseFacts({ ...seoulFacts(), contact: [] }));
    expect(issues[0]?.message).toBe('unknown key "contact"; did you mean "contacts"?');
  });

  it("rejects cyclic and deeply nested input as too deep, not with a stack overflow", () => {
    const cyclic = seoulFacts();
    Object.assign(cyclic.campaign, { self: cyclic });
    expect(issuesOf(() => parseFacts(cyclic))[0]?.code).toBe("too_deep");
    let nested: unknown = {};
    for (let depth = 0; depth < 100_000; depth++) nested = { a: nested };
    expect(issuesOf(() => parseFacts({ ...seoulFacts(), product: nested }))[0]?.code).toBe(
      "too_deep",
    );
  });

  it.each(["__proto__", "constructor", "prototype"])("rejects the reserved key %s", (key) => {
    const input = JSON.parse(`{"campaign":{"${key}":{"polluted":true}}}`);
    const issues = issuesOf(() =>
      parseFacts({ ...seoulFacts(), campaign: { ...seoulFacts().campaign, ...input.campaign } }),
    );
    expect(issues).toContainEqual({
      code: "reserved_key",
      path: `campaign.${key}`,
      message: `"${key}" is a reserved key and is never accepted`,
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("extreme asOf", () => {
  it.each([new Date(8.64e15), new Date(-8.64e15), new Date(253402300800000)])(
    "refuses %s as an option error, never a RangeError",
    async (asOf) => {
      const error = await evaluate(seoulFacts(), mediance(), { asOf }).catch((caught) => caught);
      expect(isValidationError(error) && error.code).toBe("INVALID_OPTIONS");
      expect(isValidationError(error) && error.issues[0]?.path).toBe("asOf");
    },
  );

  it("accepts the last millisecond of year 9999 and gives a verdict", async () => {
    const verdict = await evaluate(seoulFacts(), mediance(), {
      asOf: new Date("9999-12-31T23:59:59.999Z"),
    });
    expect(verdict.asOf).toBe("9999-12-31T23:59:59.999Z");
    expect(JSON.parse(JSON.stringify(verdict)).asOf).toBe(verdict.asOf);
  });
});

describe("review findings", () => {
  it("refuses facts instants whose windows would leave four year digits", () => {
    const input = seoulFacts({
      participation: { selectedAt: "9999-01-01T00:00:00Z" },
    });
    expect(issuesOf(() => parseFacts(input))).toContainEqual(
      expect.objectContaining({ code: "too_big", path: "participation.selectedAt" }),
    );
    const early = seoulFacts({ participation: { selectedAt: "0999-12-31T00:00:00Z" } });
    expect(issuesOf(() => parseFacts(early))).toContainEqual(
      expect.objectContaining({ code: "too_small", path: "participation.selectedAt" }),
    );
  });

  it("refuses another influencer's standing in evaluate", async () => {
    const { emptyStanding } = await import("../src/index.js");
    const error = await evaluate(seoulFacts(), mediance(), {
      asOf: "2026-04-10T00:00:00Z",
      standing: emptyStanding("someone-else"),
    }).catch((caught) => caught);
    expect(isValidationError(error) && error.issues).toEqual([
      {
        code: "refused",
        path: "standing.influencerId",
        message: 'is "someone-else", but the facts are of influencer "inf-1"',
      },
    ]);
  });

  it("counts every problem in the message header, not only the ones listed", () => {
    const deliverables = Array.from({ length: 300 }, (_, i) => ({ id: `d${i}`, kind: "poster" }));
    try {
      parseFacts({ ...seoulFacts(), deliverables });
    } catch (error) {
      expect(isValidationError(error) && error.message).toMatch(/^Invalid facts \(300 problems\):/);
    }
    expect.assertions(1);
  });

  it("says too_big for an asOf after year 9999 and too_small before year 0001", async () => {
    for (const [asOf, code] of [
      [new Date(8.64e15), "too_big"],
      [new Date(-8.64e15), "too_small"],
    ] as const) {
      const error = await evaluate(seoulFacts(), mediance(), { asOf }).catch((caught) => caught);
      expect(isValidationError(error) && error.issues[0]?.code).toBe(code);
    }
  });
});

describe("findings per verdict", { timeout: 60_000 }, () => {
  it("caps finding rules × deliverables, the one product a verdict's size follows", async () => {
    const { all, findingRule, parsePolicy, when } = await import("../src/index.js");
    const { MAX_FINDINGS } = await import("../src/policy-entry.js");
    const rules = Array.from({ length: 30 }, (_, i) =>
      findingRule(`r${i}`, {
        kind: "breach",
        role: "other",
        scope: "deliverable",
        branches: [
          {
            outcome: "compliant",
            when: all(when("deliverable.posted", "equal", false)),
            explanation: "Nothing posted yet for {deliverable.id}.",
          },
        ],
      }),
    ).flat();
    const policy = parsePolicy({ id: "wide", version: "1", parameters: {}, rules });
    const deliverables = (count: number) =>
      seoulFacts({
        deliverables: Array.from({ length: count }, (_, i) => ({
          id: `d${i}`,
          kind: "post" as const,
        })),
      });
    const atCap = Math.floor(MAX_FINDINGS / 30);
    const verdict = await evaluate(deliverables(atCap), policy, { asOf: "2026-03-10T00:00:00Z" });
    expect(verdict.findings).toHaveLength(atCap * 30);
    const error = await evaluate(deliverables(atCap + 1), policy, {
      asOf: "2026-03-10T00:00:00Z",
    }).catch((caught) => caught);
    expect(isValidationError(error) && error.issues[0]).toMatchObject({
      code: "too_many",
      path: "deliverables",
    });
  });
});
