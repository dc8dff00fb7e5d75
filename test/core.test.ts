import { describe, expect, it } from "vitest";
import { describeDuration, subtractDuration } from "../src/core/time.js";
import { analyseRetention } from "../src/derive/retention.js";
import { evaluate, formatVerdict, mediance } from "../src/index.js";
import { aggregateStatus, customOperators } from "../src/policy-entry.js";
import { formatMoney, renderTemplate, renderValue } from "../src/render/template.js";
import { seoulFacts } from "./fixtures.js";

describe("instant operators", () => {
  const a = "2026-03-10T09:00:00+09:00"; // 00:00Z
  const b = "2026-03-10T00:00:00Z";
  const later = "2026-03-10T00:00:01Z";
  it("compare instants across offsets, not as text", () => {
    expect(customOperators.instantOnOrBefore(a, b)).toBe(true);
    expect(customOperators.instantOnOrAfter(a, b)).toBe(true);
    expect(customOperators.instantBefore(a, b)).toBe(false);
    expect(customOperators.instantAfter(a, b)).toBe(false);
    expect(customOperators.instantBefore(a, later)).toBe(true);
    expect(customOperators.instantAfter(later, a)).toBe(true);
  });
  it("are false when either side is missing or not an instant", () => {
    expect(customOperators.instantBefore(null, b)).toBe(false);
    expect(customOperators.instantAfter(b, undefined)).toBe(false);
    expect(customOperators.instantOnOrBefore("soon", b)).toBe(false);
    expect(customOperators.instantOnOrAfter(b, 42)).toBe(false);
  });
  it("test presence, length and intersection", () => {
    expect(customOperators.isPresent(null, false)).toBe(true);
    expect(customOperators.isPresent(0, true)).toBe(true);
    expect(customOperators.lengthAtLeast([1, 2], 2)).toBe(true);
    expect(customOperators.lengthAtLeast("ab", 1)).toBe(false);
    expect(customOperators.intersects(["a", "b"], ["c", "b"])).toBe(true);
    expect(customOperators.intersects(["a"], ["c"])).toBe(false);
    expect(customOperators.intersects("a", ["a"])).toBe(false);
  });
});

describe("templates", () => {
  it("render instants in the campaign zone, durations in words and money in minor units", () => {
    const facts = {
      x: {
        at: "2026-03-31T15:00:00.000Z",
        window: { days: 3 },
        price: { amount: 12050, currency: "USD" },
      },
    };
    expect(
      renderTemplate("{x.at} / {x.window} / {x.price} / {x.missing}", facts, "Asia/Seoul"),
    ).toBe("2026-04-01 00:00 +09:00 / 3 days / USD 120.50 / unknown");
    expect(formatMoney({ amount: 45000, currency: "KRW" })).toBe("KRW 45000");
    expect(formatMoney({ amount: 1999, currency: "EUR" })).toBe("EUR 19.99");
  });
  it("render lists, empty lists, numbers and other objects", () => {
    expect(renderValue(["a", "b"], "UTC")).toBe("a, b");
    expect(renderValue([], "UTC")).toBe("none");
    expect(renderValue(3, "UTC")).toBe("3");
    expect(renderValue({ k: 1 }, "UTC")).toBe('{"k":1}');
    expect(renderTemplate("{nofact.x}", {}, "UTC")).toBe("unknown");
  });
});

describe("time", () => {
  it("subtracts calendar days in the zone across a DST change", () => {
    // 2026-03-10 12:00 EDT minus 3 days is 2026-03-07 12:00 EST.
    expect(subtractDuration("2026-03-10T16:00:00Z", { days: 3 }, "America/New_York")).toBe(
      "2026-03-07T17:00:00.000Z",
    );
    expect(subtractDuration("2026-03-10T16:00:00Z", { hours: 72 }, "America/New_York")).toBe(
      "2026-03-07T16:00:00.000Z",
    );
  });
  it("describes an empty duration", () => {
    expect(describeDuration({})).toBe("0 seconds");
  });
});

describe("retention analysis", () => {
  const base = {
    publishedAt: "2026-03-01T00:00:00.000Z",
    minLiveDuration: { days: 30 },
    validationHorizon: null,
    privateCountsUntil: null,
    timeZone: "UTC",
    asOf: "2026-05-01T00:00:00.000Z",
  };
  it("ignores observations before publication and orders the rest", () => {
    const result = analyseRetention({
      ...base,
      observations: [
        { at: "2026-04-05T00:00:00.000Z", state: "live" },
        { at: "2026-02-01T00:00:00.000Z", state: "deleted" },
        { at: "2026-03-05T00:00:00.000Z", state: "live" },
      ],
    });
    expect(result).toMatchObject({
      status: "kept",
      lastLiveAt: "2026-04-05T00:00:00.000Z",
      knownLiveFor: "1 month 4 days",
    });
  });
  it("judges only the validation horizon when one is set", () => {
    const result = analyseRetention({
      ...base,
      validationHorizon: { hours: 48 },
      observations: [
        { at: "2026-03-03T00:00:00.000Z", state: "live" },
        { at: "2026-03-10T00:00:00.000Z", state: "deleted", cause: "influencer" },
      ],
    });
    expect(result).toMatchObject({ status: "kept", requiredUntil: "2026-03-03T00:00:00.000Z" });
  });
  it("calls an unknown cause a tracking gap", () => {
    const result = analyseRetention({
      ...base,
      observations: [{ at: "2026-03-05T00:00:00.000Z", state: "deleted", cause: "unknown" }],
    });
    expect(result.status).toBe("tracking_gap");
  });
});

describe("status aggregation", () => {
  it("follows violation > needs_review > excused > pending > compliant", () => {
    expect(aggregateStatus([])).toBe("compliant");
    expect(aggregateStatus(["compliant", "pending"])).toBe("pending");
    expect(aggregateStatus(["pending", "excused"])).toBe("excused");
    expect(aggregateStatus(["excused", "needs_review"])).toBe("needs_review");
    expect(aggregateStatus(["needs_review", "violation", "compliant"])).toBe("violation");
  });
});

describe("formatVerdict", () => {
  it("prints status, findings, exceptions, sanctions and next check", async () => {
    const facts = seoulFacts({
      campaign: { ...seoulFacts().campaign, impact: { serious: true } },
      deliverables: [
        {
          id: "feed",
          kind: "post",
          editRequests: [{ id: "e1", requestedAt: "2026-03-05T00:00:00Z", reason: "disclosure" }],
        },
      ],
      exceptions: [{ id: "x", type: "other", reportedAt: "2026-04-02T00:00:00Z" }],
    });
    const text = formatVerdict(await evaluate(facts, mediance(), { asOf: "2026-04-10T00:00:00Z" }));
    expect(text).toContain("status: violation (no-show)");
    expect(text).toContain("[violation] mediance.post-not-registered@feed: No post was registered");
    expect(text).toContain("[rejected] x (other):");
    expect(text).toContain(
      "withhold_payout (KRW 100000) because mediance.edit-request-ignored@feed",
    );
    expect(text).toContain("legal_review (requires human review) because");
    expect(text).toContain("next check: none");
  });
  it("says none when there is nothing", async () => {
    const verdict = await evaluate(seoulFacts(), mediance(), { asOf: "2026-04-10T00:00:00Z" });
    const text = formatVerdict({
      ...verdict,
      status: "compliant",
      findings: [],
      violations: [],
      sanctions: [],
      actions: [],
    });
    expect(text).toContain("status: compliant");
    expect(text).toContain("findings:\n  (none)");
    expect(text).toContain("sanctions:\n  (none)");
  });
});

describe("jsonSchemas", () => {
  it("describes facts, policies, standings and verdicts with their ids, rejecting unknown keys, offset-less instants and years out of range", async () => {
    const { jsonSchemas } = await import("../src/index.js");
    const { facts, policy, standing, verdict } = jsonSchemas();
    for (const [name, schema] of Object.entries({ facts, policy, standing, verdict })) {
      expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
      expect(schema.$id).toBe(`https://noshow-policy.dev/schemas/0.2/${name}.schema.json`);
      expect(typeof schema.title).toBe("string");
      expect(schema.description).toContain("Checked by the library but not by this schema:");
    }
    const campaign = (
      facts.properties as Record<
        string,
        { additionalProperties?: unknown; properties: Record<string, { pattern?: string }> }
      >
    ).campaign;
    expect(campaign?.additionalProperties).toBe(false);
    const pattern = new RegExp(campaign?.properties.startsAt?.pattern ?? "^$");
    expect(pattern.test("2026-03-01T00:00:00+09:00")).toBe(true);
    expect(pattern.test("2026-03-01T00:00:00")).toBe(false);
    // The facts' year range is a second pattern beside the ISO-8601 one.
    const years = new RegExp(
      (campaign?.properties.startsAt as { allOf?: Array<{ pattern: string }> } | undefined)
        ?.allOf?.[0]?.pattern ?? "^$",
    );
    expect(years.test("2026-03-01T00:00:00+09:00")).toBe(true);
    expect(years.test("0999-06-01T00:00:00Z")).toBe(false);
    expect(policy.required).toEqual(["id", "version", "parameters", "rules"]);
    expect(standing.required).toEqual([
      "influencerId",
      "status",
      "qualityScore",
      "strikes",
      "noShows",
    ]);
  });
});

describe("retention analysis: removals after the minimum", () => {
  const base = {
    publishedAt: "2026-03-02T01:00:00.000Z",
    minLiveDuration: { days: 30 },
    validationHorizon: null,
    privateCountsUntil: "2026-05-31T14:59:59.000Z",
    timeZone: "Asia/Seoul",
    asOf: "2026-06-10T00:00:00.000Z",
  };
  it("a post deleted after its minimum was kept, even while private still counts", () => {
    const result = analyseRetention({
      ...base,
      observations: [
        { at: "2026-04-01T01:00:00.000Z", state: "live" },
        { at: "2026-04-05T01:00:00.000Z", state: "deleted", cause: "influencer" },
      ],
    });
    expect(result.status).toBe("kept");
  });
  it("going private after the minimum but within the campaign is still early", () => {
    const result = analyseRetention({
      ...base,
      observations: [
        { at: "2026-04-01T01:00:00.000Z", state: "live" },
        { at: "2026-04-05T01:00:00.000Z", state: "private", cause: "influencer" },
      ],
    });
    expect(result).toMatchObject({ status: "removed_early", removalState: "private" });
  });
  it("a live sighting after the validation horizon proves it was live through the horizon", () => {
    const result = analyseRetention({
      ...base,
      privateCountsUntil: null,
      minLiveDuration: { hours: 48 },
      validationHorizon: { hours: 48 },
      observations: [
        { at: "2026-03-02T02:00:00.000Z", state: "live" },
        { at: "2026-03-05T01:00:00.000Z", state: "live" },
      ],
    });
    expect(result.status).toBe("kept");
  });
});

describe("sanction merging", () => {
  it("keeps requiresHumanReview when any merged rule asks for it", async () => {
    const { sanctionRule, all, when } = await import("../src/index.js");
    const policy = structuredClone(mediance());
    const spec = {
      type: "warning" as const,
      because: { kinds: ["no_show" as const] },
      note: "Warn.",
    };
    policy.rules.push(
      sanctionRule("x.warn/plain", {
        scope: "campaign",
        when: all(when("findings.noShow", "equal", true)),
        sanction: spec,
      }),
      sanctionRule("x.warn/review", {
        scope: "campaign",
        when: all(when("findings.noShow", "equal", true)),
        sanction: { ...spec, requiresHumanReview: true },
      }),
    );
    const verdict = await evaluate(seoulFacts(), policy, { asOf: "2026-04-10T00:00:00Z" });
    expect(verdict.sanctions.filter((sanction) => sanction.type === "warning")).toEqual([
      {
        type: "warning",
        because: ["mediance.post-not-registered@feed"],
        requiresHumanReview: true,
        note: "Warn.",
      },
    ]);
  });
});

describe("duration operators", () => {
  it("count calendar days in the campaign zone across a DST change", async () => {
    const { durationOperators } = await import("../src/engine/operators.js");
    const newYork = durationOperators("America/New_York");
    // 2026-03-07 12:00 EST to 2026-03-10 12:00 EDT is three calendar days but only 71 hours.
    const interval = { start: "2026-03-07T17:00:00Z", end: "2026-03-10T16:00:00Z" };
    expect(newYork.elapsedAtLeast(interval, { days: 3 })).toBe(true);
    expect(newYork.elapsedAtLeast(interval, { hours: 72 })).toBe(false);
    expect(newYork.elapsedAtMost(interval, { days: 3 })).toBe(true);
    expect(durationOperators("UTC").elapsedAtLeast(interval, { days: 3 })).toBe(false);
  });
  it("are false for a missing interval or a malformed duration", async () => {
    const { durationOperators } = await import("../src/engine/operators.js");
    const utc = durationOperators("UTC");
    expect(utc.elapsedAtLeast(null, { days: 1 })).toBe(false);
    expect(utc.elapsedAtMost({ start: "x", end: "y" }, { days: 1 })).toBe(false);
    expect(
      utc.elapsedAtLeast(
        { start: "2026-01-01T00:00:00Z", end: "2026-02-01T00:00:00Z" },
        { fortnights: 1 },
      ),
    ).toBe(false);
    expect(
      utc.elapsedAtLeast(
        { start: "2026-01-01T00:00:00Z", end: "2026-02-01T00:00:00Z" },
        { days: -1 },
      ),
    ).toBe(false);
  });
  it("let a custom policy express a grace period after the deadline", async () => {
    const { findingRule, all, when, ref, parsePolicy } = await import("../src/index.js");
    const grace = parsePolicy({
      id: "acme",
      version: "1",
      parameters: { gracePeriod: { days: 10 } },
      rules: findingRule("acme.no-post-after-grace", {
        kind: "no_show",
        role: "other",
        scope: "deliverable",
        branches: [
          {
            outcome: "compliant",
            when: all(when("deliverable.posted", "equal", true)),
            explanation: "Posted at {deliverable.publishedAt}.",
          },
          {
            outcome: "violation",
            when: all(
              when("deliverable.posted", "equal", false),
              when("deliverable.sinceDue", "elapsedAtLeast", ref("params.gracePeriod")),
            ),
            explanation: "No post {params.gracePeriod} after the deadline {deliverable.dueAt}.",
          },
          {
            outcome: "pending",
            when: all(
              when("deliverable.posted", "equal", false),
              when("deliverable.sinceDue", "elapsedAtMost", ref("params.gracePeriod")),
            ),
            explanation: "Within the grace period after {deliverable.dueAt}.",
          },
        ],
      }),
    });
    const facts = {
      ...seoulFacts(),
      campaign: { ...seoulFacts().campaign, kind: "paid" as const },
    };
    const within = await evaluate(facts, grace, { asOf: "2026-04-10T14:59:58Z" });
    expect(within.findings[0]?.outcome).toBe("pending");
    const after = await evaluate(facts, grace, { asOf: "2026-04-10T14:59:59Z" });
    expect(after.findings[0]).toMatchObject({
      outcome: "violation",
      explanation: "No post 10 days after the deadline 2026-03-31 23:59:59 +09:00.",
    });
  });
});

describe("disclosure labels", () => {
  it("do not match inside URLs or after a negation", async () => {
    const { DISCLOSURE_PROFILES, findLabels } = await import("../src/policy-entry.js");
    const accepted = (caption: string, profile: "us-ftc" | "uk-asa") =>
      findLabels(caption, DISCLOSURE_PROFILES[profile])
        .filter((match) => match.accepted)
        .map((match) => match.text);
    expect(accepted("This is NOT sponsored, I just love it", "us-ftc")).toEqual([]);
    expect(accepted("non-sponsored post", "us-ftc")).toEqual([]);
    expect(accepted("isn't an #ad", "uk-asa")).toEqual(["#ad"]);
    expect(accepted("Love it or not #ad", "uk-asa")).toEqual(["#ad"]);
    expect(accepted("yes or no\nAd: serum", "uk-asa")).toEqual(["Ad"]);
    expect(accepted("https://lumi.example/#ad", "uk-asa")).toEqual([]);
    expect(accepted("shop at lumi.example/ad-deals", "uk-asa")).toEqual([]);
    expect(accepted("Sponsored by Lumi", "us-ftc")).toEqual(["Sponsored"]);
    expect(accepted("Ad: my new serum", "uk-asa")).toEqual(["Ad"]);
  });
});

describe("describeElapsed", () => {
  it("says less than a second for a sub-second gap, not 0 seconds", async () => {
    const { describeElapsed } = await import("../src/core/time.js");
    expect(describeElapsed("2026-03-31T14:59:59.000Z", "2026-03-31T14:59:59.001Z", "UTC")).toBe(
      "less than a second",
    );
    expect(describeElapsed("2026-03-31T14:59:59.000Z", "2026-03-31T14:59:59.000Z", "UTC")).toBe(
      "0 seconds",
    );
    expect(describeElapsed("2026-04-01T00:00:00Z", "2026-03-30T00:00:00Z", "UTC")).toBe("2 days");
  });
});

describe("retention analysis: conflicting and later observations", () => {
  const base = {
    publishedAt: "2026-03-01T00:00:00.000Z",
    minLiveDuration: { days: 30 },
    validationHorizon: null,
    privateCountsUntil: null,
    timeZone: "UTC",
    asOf: "2026-05-01T00:00:00.000Z",
  };
  it("same-instant observations that disagree on the cause give the same verdict in any order", () => {
    const platform = { at: "2026-03-10T00:00:00.000Z", state: "removed_by_platform" as const };
    const deleted = { at: "2026-03-10T00:00:00.000Z", state: "deleted" as const };
    const one = analyseRetention({ ...base, observations: [platform, deleted] });
    const other = analyseRetention({ ...base, observations: [deleted, platform] });
    expect(one.status).toBe("tracking_gap");
    expect(other).toEqual(one);
  });
  it("a tracking gap followed by a removal by the influencer is a removal", () => {
    const result = analyseRetention({
      ...base,
      observations: [
        { at: "2026-03-10T00:00:00.000Z", state: "unavailable", cause: "outage" },
        { at: "2026-03-12T00:00:00.000Z", state: "deleted" },
      ],
    });
    expect(result).toMatchObject({
      status: "removed_early",
      removalSeenAt: "2026-03-12T00:00:00.000Z",
    });
  });
});

describe("disclosure label positions", () => {
  it("report the line a label starts on", async () => {
    const { DISCLOSURE_PROFILES, findLabels } = await import("../src/policy-entry.js");
    const [match] = findLabels("Paid\npartnership with brand", DISCLOSURE_PROFILES["us-ftc"]);
    expect(match).toMatchObject({
      text: "Paid\npartnership",
      position: 1,
      end: 16,
      line: 1,
      visible: true,
    });
  });
});

describe("retention analysis: private until the campaign ends", () => {
  it("a post seen kept past its minimum, with no private sighting, is kept once the campaign ended", () => {
    const result = analyseRetention({
      publishedAt: "2026-03-05T00:00:00.000Z",
      minLiveDuration: { days: 30 },
      validationHorizon: null,
      privateCountsUntil: "2026-06-30T00:00:00.000Z",
      timeZone: "UTC",
      asOf: "2026-07-05T00:00:00.000Z",
      observations: [{ at: "2026-04-20T00:00:00.000Z", state: "live" }],
    });
    expect(result.status).toBe("kept");
    const during = analyseRetention({
      publishedAt: "2026-03-05T00:00:00.000Z",
      minLiveDuration: { days: 30 },
      validationHorizon: null,
      privateCountsUntil: "2026-06-30T00:00:00.000Z",
      timeZone: "UTC",
      asOf: "2026-05-01T00:00:00.000Z",
      observations: [{ at: "2026-04-20T00:00:00.000Z", state: "live" }],
    });
    expect(during).toMatchObject({ status: "in_progress", openUntil: "2026-06-30T00:00:00.000Z" });
  });
});
