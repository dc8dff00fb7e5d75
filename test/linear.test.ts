/**
 * Regression tests of issue 8, points 1–3: the linear paths give the answers the quadratic ones
 * gave (checked against the 0.1.0 code, kept here as reference implementations), the lists a
 * verdict carries are bounded ("and N more"), and a post published before the selection is
 * never silently compliant under any preset.
 */
import type { Duration } from "date-fns";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  boundEvidence,
  boundList,
  joinBounded,
  MAX_EVIDENCE_TEXT,
  MAX_LISTED_ITEMS,
} from "../src/core/bounded.js";
import { compareCodeUnits } from "../src/core/order.js";
import {
  addDuration,
  compareInstants,
  describeElapsed,
  earliest,
  latest,
} from "../src/core/time.js";
import { deriveClaims } from "../src/derive/claims.js";
import { deriveFacts } from "../src/derive/derive.js";
import { escalationFacts } from "../src/derive/escalation.js";
import { type Request, summariseResponses } from "../src/derive/responses.js";
import { analyseRetention, type RetentionInput } from "../src/derive/retention.js";
import { phrasesInText } from "../src/derive/terms.js";
import { findingKey } from "../src/evaluate/findings.js";
import {
  ainfluencer,
  type CampaignFacts,
  type CampaignFactsInput,
  evaluate,
  flinque,
  mediance,
  type Policy,
  parseFacts,
  refluenced,
  type Standing,
  type Verdict,
} from "../src/index.js";
import {
  DISCLOSURE_PROFILES,
  findLabels,
  MEDIANCE_RULES,
  REFLUENCED_RULES,
} from "../src/policy-entry.js";
import {
  type DeliverableSpec,
  deliverable,
  observation,
  participation,
  post,
} from "../src/testing/index.js";
import type { Finding } from "../src/verdict/types.js";
import { TERMS, withDeliverable } from "./ainfluencer.fixtures.js";
import { BERLIN, KOLKATA, seoulFacts, withPost } from "./fixtures.js";

const finding = (verdict: Verdict, rule: string, deliverableId?: string) =>
  verdict.findings.find((item) => item.rule === rule && item.deliverableId === deliverableId);

// --- Point 3: a post published before the selection.

/** The Kolkata campaign of the fixtures (selected 2026-03-25 10:00 +05:30). */
const kolkataFacts = (deliverables: DeliverableSpec[]) =>
  participation({ ...KOLKATA, deliverables });

/** The Berlin campaign of the fixtures (selected 2026-03-02 10:00 +01:00). */
const berlinFacts = (deliverables: DeliverableSpec[]) => participation({ ...BERLIN, deliverables });

interface EarlyPostCase {
  preset: string;
  policy: Policy;
  facts: unknown;
  asOf: string;
  /** The rule whose finding names the contradiction, and its explanation. */
  rule: string;
  deliverableId: string;
  explanation: string;
}

const RETENTION_TEXT = (id: string, publishedAt: string, selectedAt: string) =>
  `The post of deliverable ${id} was published at ${publishedAt}, before the influencer was selected at ${selectedAt}, so the facts contradict each other: the minimum live period cannot be counted from that publication, and a person must review it.`;
const DEADLINE_TEXT = (id: string, publishedAt: string, selectedAt: string) =>
  `The post of deliverable ${id} was published at ${publishedAt}, before the influencer was selected at ${selectedAt}, so the facts contradict each other and whether the deliverable was delivered cannot be judged from that post; a person must review it.`;

// Each: published 60 days before the selection, deleted by the influencer 5 days after it. Under
// 0.1.0 every one was `compliant` (the minimum was counted from the old publication).
const earlyPosts: EarlyPostCase[] = [
  {
    preset: "mediance",
    policy: mediance(),
    facts: withPost("2025-12-27T10:00:00+09:00", [
      { at: "2026-02-26T10:00:00+09:00", state: "live" },
      { at: "2026-03-02T10:00:00+09:00", state: "deleted" },
    ]),
    asOf: "2026-04-05T00:00:00Z",
    rule: MEDIANCE_RULES.trackingUnavailable,
    deliverableId: "feed",
    explanation: RETENTION_TEXT("feed", "2025-12-27 10:00 +09:00", "2026-02-25 10:00 +09:00"),
  },
  {
    preset: "flinque",
    policy: flinque(),
    facts: kolkataFacts([
      deliverable({
        id: "reel",
        kind: "reel",
        dueAt: "2026-04-10 23:59:59",
        post: post("2026-01-24 10:00", {
          observations: [
            observation("2026-03-26 10:00"),
            observation("2026-03-30 10:00", "deleted"),
          ],
        }),
      }),
    ]),
    asOf: "2026-05-10T00:00:00Z",
    rule: "flinque.removed-before-minimum",
    deliverableId: "reel",
    explanation: RETENTION_TEXT("reel", "2026-01-24 10:00 +05:30", "2026-03-25 10:00 +05:30"),
  },
  {
    preset: "ainfluencer",
    policy: ainfluencer(),
    // No agreed publish time (terms-mismatch then judges nothing but the captured terms).
    facts: withDeliverable({
      dueAt: "2026-04-15T23:59:59-04:00",
      terms: { ...TERMS, publishAt: undefined },
      post: {
        publishedAt: "2026-02-01T10:00:00-05:00",
        caption: "My new vitamin C serum from @lumi.skin #glowup #AD",
        mediaIds: ["img-1", "img-2"],
        linkInBio: "https://lumi.example/serum",
        observations: [
          { at: "2026-04-03T10:00:00-04:00", state: "live" },
          { at: "2026-04-07T10:00:00-04:00", state: "deleted" },
        ],
      },
    }),
    asOf: "2026-04-20T00:00:00Z",
    rule: "ainfluencer.removed-early",
    deliverableId: "feed",
    explanation: RETENTION_TEXT("feed", "2026-02-01 10:00 -05:00", "2026-04-02 10:00 -04:00"),
  },
  {
    preset: "refluenced",
    policy: refluenced(),
    facts: berlinFacts([
      deliverable({
        id: "reel-1",
        kind: "reel",
        dueAt: "2026-03-30 12:00",
        post: post("2026-01-01 10:00", {
          observations: [observation("2026-03-07 10:00", "deleted")],
        }),
      }),
    ]),
    asOf: "2026-04-02T12:00:00+02:00",
    rule: REFLUENCED_RULES.contentNotSynced,
    deliverableId: "reel-1",
    explanation: DEADLINE_TEXT("reel-1", "2026-01-01 10:00 +01:00", "2026-03-02 10:00 +01:00"),
  },
];

describe("a post published before the selection is never silently compliant", () => {
  for (const example of earlyPosts) {
    it(`${example.preset}: published 60 days before the selection, deleted 5 days after it`, async () => {
      const verdict = await evaluate(example.facts, example.policy, { asOf: example.asOf });
      expect(verdict.status).toBe("needs_review");
      expect(finding(verdict, example.rule, example.deliverableId)).toMatchObject({
        outcome: "needs_review",
        explanation: example.explanation,
        evidence: { selectedAt: expect.any(String), publishedAt: expect.any(String) },
      });
      // A contradiction is reviewed, never sanctioned.
      expect(verdict.violations).toEqual([]);
      expect(verdict.sanctions).toEqual([]);
      expect(verdict.strike).toBeNull();
    });
  }

  it("every preset with a deadline rule names it there too (mediance, flinque, ainfluencer)", async () => {
    const rules = [
      "mediance.post-not-registered",
      "flinque.deliverable-missing",
      "ainfluencer.not-published",
    ];
    for (const [index, example] of earlyPosts.slice(0, 3).entries()) {
      const verdict = await evaluate(example.facts, example.policy, { asOf: example.asOf });
      const deadline = finding(verdict, rules[index] as string, example.deliverableId);
      expect(deadline?.outcome).toBe("needs_review");
      expect(deadline?.explanation).toContain("before the influencer was selected at");
    }
  });

  it("mediance: a post removed early after the selection is reviewed, not a violation", async () => {
    // Published 10 days before the selection, deleted 5 days after it: 15 of the 30 days.
    const facts = withPost("2026-02-15T10:00:00+09:00", [
      { at: "2026-02-26T10:00:00+09:00", state: "live" },
      { at: "2026-03-02T10:00:00+09:00", state: "deleted" },
    ]);
    const verdict = await evaluate(facts, mediance(), { asOf: "2026-04-05T00:00:00Z" });
    expect(finding(verdict, MEDIANCE_RULES.trackingUnavailable, "feed")?.outcome).toBe(
      "needs_review",
    );
    expect(verdict.noShow).toBe(false);
    expect(verdict.sanctions).toEqual([]);
  });

  it("a post published exactly at the selection is judged as usual", async () => {
    const facts = withPost("2026-02-25T10:00:00+09:00", [
      { at: "2026-03-28T10:00:00+09:00", state: "live" },
    ]);
    const verdict = await evaluate(facts, mediance(), { asOf: "2026-04-05T00:00:00Z" });
    expect(finding(verdict, MEDIANCE_RULES.trackingUnavailable, "feed")?.outcome).toBe("compliant");
    expect(finding(verdict, MEDIANCE_RULES.postNotRegistered, "feed")?.outcome).toBe("compliant");
  });

  it("the same post one second earlier is reviewed (the bound is exclusive)", async () => {
    const facts = withPost("2026-02-25T09:59:59+09:00", [
      { at: "2026-03-28T10:00:00+09:00", state: "live" },
    ]);
    const verdict = await evaluate(facts, mediance(), { asOf: "2026-04-05T00:00:00Z" });
    expect(finding(verdict, MEDIANCE_RULES.trackingUnavailable, "feed")?.outcome).toBe(
      "needs_review",
    );
  });

  it("a participation the advertiser cancelled stays not applicable", async () => {
    const facts = withPost("2025-12-27T10:00:00+09:00", [], {
      participation: {
        selectedAt: "2026-02-25T10:00:00+09:00",
        cancelledAt: "2026-03-01T10:00:00+09:00",
        cancelledBy: "advertiser",
      },
    });
    const verdict = await evaluate(facts, mediance(), { asOf: "2026-04-05T00:00:00Z" });
    expect(finding(verdict, MEDIANCE_RULES.trackingUnavailable, "feed")).toBeUndefined();
    expect(finding(verdict, MEDIANCE_RULES.postNotRegistered, "feed")).toBeUndefined();
  });

  it("derives deliverable.publishedBeforeSelection (false without a post)", () => {
    const derive = (input: CampaignFactsInput) =>
      deriveFacts(parseFacts(input), mediance().parameters, "2026-04-05T00:00:00.000Z")
        .deliverables[0]?.publishedBeforeSelection;
    expect(derive(withPost("2026-02-25T09:59:59+09:00"))).toBe(true);
    expect(derive(withPost("2026-02-25T10:00:00+09:00"))).toBe(false);
    expect(derive(seoulFacts())).toBe(false);
  });
});

// --- Point 2: bounded lists.

describe("lists in a verdict are bounded", () => {
  it(`boundList and joinBounded keep ${MAX_LISTED_ITEMS} items, then count the rest`, () => {
    const items = (n: number) => Array.from({ length: n }, (_, i) => `k${i}`);
    expect(boundList(items(MAX_LISTED_ITEMS))).toEqual(items(MAX_LISTED_ITEMS));
    expect(boundList(items(MAX_LISTED_ITEMS + 1))).toEqual([
      ...items(MAX_LISTED_ITEMS),
      "and 1 more",
    ]);
    expect(joinBounded(items(2), ", ")).toBe("k0, k1");
    expect(joinBounded(items(MAX_LISTED_ITEMS + 5), " ")).toBe(
      `${items(MAX_LISTED_ITEMS).join(" ")} and 5 more`,
    );
    expect(joinBounded([], "; ")).toBe("");
  });

  it("boundEvidence cuts arrays at every depth and long texts, never inside a surrogate pair", () => {
    const long = Array.from({ length: 30 }, (_, i) => ({ id: i, tags: Array(25).fill("t") }));
    const bounded = boundEvidence({ list: long, n: 3, none: null }) as {
      list: unknown[];
      n: number;
    };
    expect(bounded.list).toHaveLength(MAX_LISTED_ITEMS + 1);
    expect(bounded.list.at(-1)).toBe("and 10 more");
    expect((bounded.list[0] as { tags: unknown[] }).tags.at(-1)).toBe("and 5 more");
    expect(bounded).toMatchObject({ n: 3, none: null });
    const text = `x${"🌿".repeat(MAX_EVIDENCE_TEXT)}`;
    const cut = boundEvidence(text) as string;
    // Unit MAX_EVIDENCE_TEXT - 1 is a high surrogate here: the cut moves one unit earlier.
    expect(cut).toBe(`${text.slice(0, MAX_EVIDENCE_TEXT - 1)}… (${text.length} characters)`);
    expect(boundEvidence("short")).toBe("short");
  });

  it("10,000 missing against 10,000 present media ids: a verdict well under 1 MB", async () => {
    const facts = withDeliverable({
      terms: { mediaIds: Array.from({ length: 10_000 }, (_, i) => `agreed-${i}`) },
      post: {
        publishedAt: "2026-04-10T18:30:00-04:00",
        mediaIds: Array.from({ length: 10_000 }, (_, i) => `posted-${i}`),
      },
    });
    const verdict = await evaluate(facts, ainfluencer(), { asOf: "2026-04-20T00:00:00Z" });
    expect(JSON.stringify(verdict).length).toBeLessThan(100_000);
    const mismatch = finding(verdict, "ainfluencer.terms-mismatch", "feed");
    expect(mismatch?.outcome).toBe("violation");
    const listed = mismatch?.evidence.mismatches as Array<{ actual: string } | string>;
    expect(listed).toHaveLength(MAX_LISTED_ITEMS + 1);
    expect(listed.at(-1)).toBe("and 9980 more");
    const actual = Array.from({ length: MAX_LISTED_ITEMS }, (_, i) => `posted-${i}`).join(" ");
    expect(listed[0]).toEqual({
      element: "mediaId",
      expected: "agreed-0",
      actual: `${actual} and 9980 more`,
    });
    expect(mismatch?.explanation).toContain("in 10000 point(s): mediaId expected agreed-0, actual");
    expect(mismatch?.explanation).toMatch(/; and 9980 more\.$/);
  });

  it("exactly as many mismatches as listed: no marker", async () => {
    const facts = withDeliverable({
      terms: { mediaIds: Array.from({ length: MAX_LISTED_ITEMS }, (_, i) => `agreed-${i}`) },
      post: { publishedAt: "2026-04-10T18:30:00-04:00", mediaIds: ["posted-0"] },
    });
    const verdict = await evaluate(facts, ainfluencer(), { asOf: "2026-04-20T00:00:00Z" });
    const mismatch = finding(verdict, "ainfluencer.terms-mismatch", "feed");
    expect(mismatch?.evidence.mismatches).toHaveLength(MAX_LISTED_ITEMS);
    expect(mismatch?.explanation).not.toContain("more");
  });

  it("one accepted claim over 30 deliverables excuses all 30, listing 20 of them", async () => {
    const deliverables = Array.from({ length: 30 }, (_, i) => ({
      id: `d-${i}`,
      kind: "post" as const,
    }));
    const facts = seoulFacts({
      deliverables,
      exceptions: [
        {
          id: "flood",
          type: "force_majeure",
          reportedAt: "2026-04-02T10:00:00+09:00",
          decision: "accepted",
        },
      ],
    });
    const verdict = await evaluate(facts, mediance(), { asOf: "2026-04-05T00:00:00Z" });
    const missed = verdict.findings.filter(
      (item) => item.rule === MEDIANCE_RULES.postNotRegistered,
    );
    expect(missed).toHaveLength(30);
    expect(missed.every((item) => item.outcome === "excused")).toBe(true);
    expect(verdict.status).toBe("excused");
    const [decision] = verdict.exceptions;
    expect(decision?.covers).toHaveLength(MAX_LISTED_ITEMS + 1);
    expect(decision?.covers.at(-1)).toMatch(/^and \d+ more$/);
  });

  it("25 accepted claims on one deliverable: excusedBy and the explanation list 20", async () => {
    const claims = Array.from({ length: 25 }, (_, i) => ({
      id: `c-${String(i).padStart(2, "0")}`,
      type: "illness" as const,
      reportedAt: "2026-04-02T10:00:00+09:00",
      decision: "accepted" as const,
    }));
    const verdict = await evaluate(seoulFacts({ exceptions: claims }), mediance(), {
      asOf: "2026-04-05T00:00:00Z",
    });
    const excused = finding(verdict, MEDIANCE_RULES.postNotRegistered, "feed");
    expect(excused?.outcome).toBe("excused");
    expect(excused?.excusedBy).toHaveLength(MAX_LISTED_ITEMS + 1);
    expect(excused?.excusedBy?.at(-1)).toBe("and 5 more");
    expect(excused?.explanation).toMatch(
      /Excused by accepted exception c-00, c-01, .*c-19, and 5 more\.$/,
    );
  });

  it("a sanction lists 20 of its 30 reasons", async () => {
    const deliverables = Array.from({ length: 30 }, (_, i) => ({
      id: `d-${i}`,
      kind: "post" as const,
    }));
    const verdict = await evaluate(seoulFacts({ deliverables }), mediance(), {
      asOf: "2026-04-05T00:00:00Z",
    });
    const exclude = verdict.sanctions.find((item) => item.type === "exclude_from_future_campaigns");
    expect(exclude?.because).toHaveLength(MAX_LISTED_ITEMS + 1);
    expect(exclude?.because[0]).toBe("mediance.post-not-registered@d-0");
    expect(exclude?.because.at(-1)).toBe("and 10 more");
    // The strike still records every rule.
    expect(verdict.strike?.rules).toEqual([MEDIANCE_RULES.postNotRegistered]);
  });

  it("the escalation evidence lists 20 violations; its facts keep them all", () => {
    const findings: Finding[] = Array.from({ length: 25 }, (_, i) => ({
      rule: "r",
      kind: "breach",
      outcome: "violation",
      deliverableId: `d-${String(i).padStart(2, "0")}`,
      since: `2026-04-${String(1 + (i % 9)).padStart(2, "0")}T00:00:00.000Z`,
      explanation: `Breach ${i}.`,
      evidence: {},
    }));
    const facts = escalationFacts(findings, { timeZone: "UTC" });
    expect(facts.count).toBe(25);
    expect(facts.keys).toHaveLength(25);
    expect(facts.evidence).toContain("(20) ");
    expect(facts.evidence).not.toContain("(21) ");
    expect(facts.evidence).toMatch(/ and 5 more$/);
  });

  it("a 1 MiB caption shows 1,000 characters in evidence, and the rejected labels 20", async () => {
    const caption = "#spon ".repeat(174_762);
    const facts = kolkataFacts([
      deliverable({
        id: "reel",
        kind: "reel",
        dueAt: "2026-04-10 23:59:59",
        terms: { disclosureRequired: true, hashtags: ["#glowserum"] },
        post: post("2026-04-08 18:00", { caption }),
      }),
    ]);
    const verdict = await evaluate(facts, flinque(), { asOf: "2026-05-10T00:00:00Z" });
    expect(JSON.stringify(verdict).length).toBeLessThan(100_000);
    const disclosure = finding(verdict, "flinque.disclosure-missing", "reel");
    expect(disclosure?.outcome).toBe("violation");
    expect(disclosure?.evidence.caption).toBe(
      `${caption.slice(0, MAX_EVIDENCE_TEXT)}… (${caption.length} characters)`,
    );
    expect(disclosure?.evidence.rejected).toHaveLength(MAX_LISTED_ITEMS + 1);
    expect(disclosure?.explanation).toContain(
      `"#spon" at characters 115–119 (line 1), and ${174_762 - MAX_LISTED_ITEMS} more, which the profile rejects.`,
    );
  });
});

// --- Point 1: the linear paths give the answers of the 0.1.0 (quadratic) code.

/** analyseRetention as 0.1.0 had it (re-scanning per gap, re-parsing per comparison). */
function referenceRetention(input: RetentionInput) {
  const { publishedAt, minLiveDuration, timeZone, asOf } = input;
  const minimumEnd = addDuration(publishedAt, minLiveDuration, timeZone);
  const horizonEnd = input.validationHorizon
    ? addDuration(publishedAt, input.validationHorizon, timeZone)
    : null;
  const requiredUntil = earliest(minimumEnd, horizonEnd) ?? minimumEnd;
  const privateRequiredUntil = latest(requiredUntil, input.privateCountsUntil) ?? requiredUntil;
  const watchUntil = latest(requiredUntil, privateRequiredUntil) ?? requiredUntil;
  const NOT_INFLUENCER = new Set(["platform", "token_expired", "outage", "unknown"]);
  type Seen = (typeof input.observations)[number];
  const attribution = (o: Seen) =>
    o.state === "removed_by_platform" || o.cause === "platform"
      ? "platform"
      : o.state === "unavailable" || (o.cause && NOT_INFLUENCER.has(o.cause))
        ? "gap"
        : "influencer";
  const observations = input.observations
    .filter((o) => compareInstants(o.at, publishedAt) >= 0)
    .filter((o) => !horizonEnd || o.state === "live" || compareInstants(o.at, horizonEnd) <= 0)
    .slice()
    .sort(
      (a, b) =>
        compareInstants(a.at, b.at) ||
        Number(a.state !== "live") - Number(b.state !== "live") ||
        compareCodeUnits(a.state, b.state) ||
        compareCodeUnits(a.cause ?? "", b.cause ?? ""),
    );
  let lastLiveAt = publishedAt;
  const result = (status: string, removal: Seen | null, openUntil: string | null) => ({
    status,
    minLiveDuration,
    requiredUntil,
    privateRequiredUntil,
    lastLiveAt,
    removalSeenAt: removal?.at ?? null,
    removalState: removal?.state ?? null,
    removalCause: removal?.cause ?? null,
    knownLiveFor: describeElapsed(publishedAt, lastLiveAt, timeZone),
    openUntil,
  });
  for (const [index, o] of observations.entries()) {
    if (o.state === "live") {
      lastLiveAt = o.at;
      continue;
    }
    const threshold = o.state === "private" ? privateRequiredUntil : requiredUntil;
    if (compareInstants(lastLiveAt, threshold) >= 0) {
      if (o.state === "private") continue;
      return result("kept", null, null);
    }
    const sources = new Set(
      observations
        .filter((other) => other.state !== "live" && compareInstants(other.at, o.at) === 0)
        .map(attribution),
    );
    const source = sources.size > 1 ? "gap" : attribution(o);
    if (source === "gap") {
      const later = observations
        .slice(index + 1)
        .filter((other) => compareInstants(other.at, o.at) > 0);
      if (later.some((other) => other.state === "live" || attribution(other) === "influencer"))
        continue;
      return result("tracking_gap", o, null);
    }
    if (source === "platform") return result("removed_by_platform", o, null);
    return result(compareInstants(o.at, threshold) < 0 ? "removed_early" : "straddles", o, null);
  }
  if (compareInstants(lastLiveAt, watchUntil) >= 0) return result("kept", null, null);
  if (compareInstants(asOf, watchUntil) < 0) return result("in_progress", null, watchUntil);
  if (compareInstants(lastLiveAt, requiredUntil) >= 0) return result("kept", null, null);
  return result("unverified", null, null);
}

/** summariseResponses as 0.1.0 had it. */
function referenceResponses(
  requests: readonly Request[],
  window: Duration,
  timeZone: string,
  asOf: string,
  obligationEndsAt: string | null,
) {
  const answeredLate: unknown[] = [];
  const overdue: unknown[] = [];
  const awaiting: Array<{ id: string; at: string; respondBy: string }> = [];
  let answeredInTime = 0;
  let count = 0;
  const breaches: Array<{ id: string; respondBy: string }> = [];
  const late: typeof breaches = [];
  const missing: typeof breaches = [];
  for (const request of requests
    .slice()
    .sort((a, b) => compareInstants(a.at, b.at) || compareCodeUnits(a.id, b.id))) {
    const respondBy = addDuration(request.at, window, timeZone);
    if (obligationEndsAt && compareInstants(respondBy, obligationEndsAt) > 0) {
      if (!(request.respondedAt && compareInstants(request.respondedAt, respondBy) <= 0)) continue;
    }
    count++;
    if (request.respondedAt) {
      if (compareInstants(request.respondedAt, respondBy) <= 0) answeredInTime++;
      else {
        const breach = {
          id: request.id,
          at: request.at,
          respondBy,
          respondedAt: request.respondedAt,
          lateBy: describeElapsed(respondBy, request.respondedAt, timeZone),
        };
        answeredLate.push(breach);
        late.push(breach);
      }
    } else if (compareInstants(asOf, respondBy) > 0) {
      const breach = {
        id: request.id,
        at: request.at,
        respondBy,
        respondedAt: null,
        lateBy: describeElapsed(respondBy, asOf, timeZone),
      };
      overdue.push(breach);
      missing.push(breach);
    } else awaiting.push({ id: request.id, at: request.at, respondBy });
  }
  breaches.push(...[...late, ...missing].sort((a, b) => compareInstants(a.respondBy, b.respondBy)));
  return {
    window,
    count,
    answeredInTime,
    answeredLate,
    overdue,
    awaiting,
    awaitingIds: awaiting.map((item) => item.id),
    breachCount: breaches.length,
    breachIds: breaches.map((item) => item.id),
    firstBreachAt: breaches[0]?.respondBy ?? null,
    nextRespondBy: earliest(...awaiting.map((item) => item.respondBy)),
  };
}

const HOUR = 3_600_000;
const BASE = Date.parse("2026-03-01T00:00:00Z");
/** An instant on a coarse grid (many ties), around a DST change in Europe/Berlin. */
const gridInstant = fc
  .integer({ min: 0, max: 60 })
  .map((step) => new Date(BASE + step * 12 * HOUR).toISOString());
const ZONES = ["UTC", "Europe/Berlin", "Asia/Seoul", "America/New_York"] as const;

describe("the linear paths give the 0.1.0 answers", () => {
  it("analyseRetention (sorted once, indexed gaps) equals the re-scanning reference", () => {
    // 30 February passes a shape check but is no instant: it must be left out, never loop.
    const observation = fc.record(
      {
        at: fc.oneof(
          { weight: 9, arbitrary: gridInstant },
          fc.constant("2026-02-30T00:00:00.000Z"),
        ),
        state: fc.constantFrom("live", "deleted", "private", "unavailable", "removed_by_platform"),
        cause: fc.constantFrom("influencer", "platform", "token_expired", "outage", "unknown"),
      },
      { requiredKeys: ["at", "state"] },
    );
    fc.assert(
      fc.property(
        gridInstant,
        fc.array(observation, { maxLength: 14 }),
        fc.record({ days: fc.integer({ min: 1, max: 20 }) }),
        fc.option(fc.record({ days: fc.integer({ min: 1, max: 20 }) }), { nil: null }),
        fc.option(gridInstant, { nil: null }),
        fc.constantFrom(...ZONES),
        gridInstant,
        (
          publishedAt,
          observations,
          minLiveDuration,
          validationHorizon,
          privateCountsUntil,
          timeZone,
          asOf,
        ) => {
          const input = {
            publishedAt,
            observations: observations as RetentionInput["observations"],
            minLiveDuration,
            validationHorizon,
            privateCountsUntil,
            timeZone,
            asOf,
          };
          expect(analyseRetention(input)).toEqual(referenceRetention(input));
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("summariseResponses (each instant parsed once) equals the reference", () => {
    const request = fc.record(
      { id: fc.constantFrom("a", "b", "c", "d"), at: gridInstant, respondedAt: gridInstant },
      { requiredKeys: ["id", "at"] },
    );
    fc.assert(
      fc.property(
        fc.array(request, { maxLength: 12 }),
        fc.record({ days: fc.integer({ min: 0, max: 5 }), hours: fc.integer({ min: 0, max: 30 }) }),
        fc.constantFrom(...ZONES),
        gridInstant,
        fc.option(gridInstant, { nil: null }),
        (requests, window, timeZone, asOf, obligationEndsAt) => {
          expect(summariseResponses(requests, window, timeZone, asOf, obligationEndsAt)).toEqual(
            referenceResponses(requests, window, timeZone, asOf, obligationEndsAt),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("phrasesInText (Aho–Corasick) finds what lower-cased includes finds", () => {
    // A small alphabet makes many near-misses; İ and ß change length when lower-cased, the
    // emoji and the lone surrogate are two and one UTF-16 units.
    const text = fc
      .array(fc.constantFrom("a", "b", "A", "İ", "ß", "🌿", " ", "\uD800"), { maxLength: 40 })
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 12 }), (caption, phrases) => {
        const found = phrasesInText(caption, phrases);
        for (const phrase of phrases)
          expect(found.has(phrase)).toBe(caption.toLowerCase().includes(phrase.toLowerCase()));
        for (const phrase of found) expect(phrases).toContain(phrase);
      }),
      { numRuns: 3000 },
    );
  });

  it("phrasesInText works across batches (phrases longer in all than the text)", () => {
    const caption = "#ad ".repeat(20_000);
    const phrases = [
      ...Array.from({ length: 3_000 }, (_, i) => `#ad #ad #ad x${i}`),
      "#AD #ad",
      ...Array.from({ length: 3_000 }, (_, i) => `${"#ad ".repeat(8)}${i}`),
      "ad #",
    ];
    expect([...phrasesInText(caption, phrases)]).toEqual(["#AD #ad", "ad #"]);
    expect(phrasesInText("", ["", "a"])).toEqual(new Set([""]));
  });

  it("findLabels positions and lines are the code points and lines before each label", () => {
    const caption = fc
      .array(
        fc.constantFrom("#ad", " ", "Ad", "\n", "\r\n", "\r", "🌿", "x", "#spon", "-", "not "),
        {
          maxLength: 40,
        },
      )
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(caption, fc.constantFrom("us-ftc", "uk-asa"), (text, id) => {
        const profile = DISCLOSURE_PROFILES[id];
        const points = Array.from(text);
        const lines = (upTo: number) =>
          points
            .slice(0, upTo)
            .join("")
            .split(/\r\n|\r|\n/).length;
        let previousEnd = 0;
        for (const match of findLabels(text, profile)) {
          expect(points.slice(match.position - 1, match.end).join("")).toBe(match.text);
          expect(match.line).toBe(lines(match.position - 1));
          expect(match.visible).toBe(
            match.end <= profile.visibleChars && lines(match.end) <= profile.visibleLines,
          );
          // In caption order, never overlapping.
          expect(match.position).toBeGreaterThan(previousEnd);
          previousEnd = match.end;
        }
      }),
      { numRuns: 1500 },
    );
  });

  it("deriveClaims (keys and deadlines computed once) equals the 0.1.0 derivation", () => {
    const findingArb = fc.record({
      rule: fc.constantFrom("r1", "r2"),
      kind: fc.constantFrom("no_show", "breach"),
      outcome: fc.constantFrom("violation", "needs_review", "pending", "compliant"),
      deliverableId: fc.option(fc.constantFrom("d1", "d2", "d3"), { nil: undefined }),
      since: fc.option(gridInstant, { nil: undefined }),
    });
    const claimArb = fc.record(
      {
        id: fc.constantFrom("c1", "c2", "c3"),
        type: fc.constantFrom("illness", "other"),
        reportedAt: gridInstant,
        decision: fc.constantFrom("accepted", "rejected"),
        appliesTo: fc.subarray(["d1", "d2", "d3"]),
        evidence: fc.array(fc.record({ kind: fc.constant("note"), issuedAt: gridInstant }), {
          maxLength: 2,
        }),
      },
      { requiredKeys: ["id", "type", "reportedAt"] },
    );
    fc.assert(
      fc.property(
        fc.array(findingArb, { maxLength: 8 }),
        fc.array(claimArb, { maxLength: 4 }),
        fc.option(fc.record({ days: fc.integer({ min: 1, max: 10 }) }), { nil: null }),
        fc.constantFrom(...ZONES),
        (rawFindings, claims, noticeWindow, timeZone) => {
          const findings = rawFindings.map((item) => {
            const { deliverableId, since, ...rest } = item;
            return {
              ...rest,
              ...(deliverableId ? { deliverableId } : {}),
              ...(since ? { since } : {}),
              explanation: "",
              evidence: {},
            } as Finding;
          });
          const facts = {
            campaign: { timezone: timeZone },
            participation: { selectedAt: "2026-03-10T00:00:00.000Z" },
            exceptions: claims,
          } as unknown as CampaignFacts;
          expect(deriveClaims(facts, findings, noticeWindow)).toEqual(
            referenceClaims(facts, findings, noticeWindow),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("the standing facts (one pass per list) equal the 0.1.0 derivation", () => {
    const record = fc.record(
      {
        at: gridInstant,
        campaignId: fc.constantFrom("camp-1", "past-1", "past-2", "past-3"),
        expiresAt: gridInstant,
        revokedAt: gridInstant,
      },
      { requiredKeys: ["at", "campaignId"] },
    );
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 10 }),
        fc.array(record, { maxLength: 6 }),
        fc.option(fc.record({ days: fc.integer({ min: 1, max: 20 }) }), { nil: undefined }),
        gridInstant,
        (strikes, noShows, strikeExpiry, asOf) => {
          const standing = {
            influencerId: "inf-1",
            status: "hidden",
            qualityScore: 70,
            strikes: strikes.map((strike) => ({
              ...strike,
              policyId: "p",
              rules: ["r"],
              scoreDelta: -10,
            })),
            noShows: noShows.map(({ at, campaignId }) => ({
              at,
              campaignId,
              policyId: "p",
              rules: ["r"],
            })),
          } as unknown as Standing;
          const facts = parseFacts(seoulFacts());
          const params = strikeExpiry ? { strikeExpiry } : {};
          const derived = deriveFacts(facts, params, asOf, standing).common.standing;
          expect(derived).toEqual(
            referenceStanding(standing, "camp-1", asOf, strikeExpiry, "Asia/Seoul"),
          );
        },
      ),
      { numRuns: 800 },
    );
  });
});

/** deriveClaims as 0.1.0 had it (claims × findings × timings). */
function referenceClaims(
  facts: CampaignFacts,
  findings: readonly Finding[],
  noticeWindow: Duration | null,
) {
  const TIMING_TEXT = {
    advance: "in advance",
    within_window: "within the notice window",
    too_late: "too late",
  } as const;
  return (facts.exceptions ?? []).flatMap((claim) => {
    const timingFor = (since: string | null): keyof typeof TIMING_TEXT => {
      if (!since || compareInstants(claim.reportedAt, since) <= 0) return "advance";
      const deadline = noticeWindow
        ? addDuration(since, noticeWindow, facts.campaign.timezone)
        : null;
      return !deadline || compareInstants(claim.reportedAt, deadline) <= 0
        ? "within_window"
        : "too_late";
    };
    const eligible = findings.filter(
      (finding) =>
        finding.outcome !== "compliant" &&
        (!claim.appliesTo ||
          (finding.deliverableId !== undefined && claim.appliesTo.includes(finding.deliverableId))),
    );
    const parts =
      claim.decision !== undefined || eligible.length === 0
        ? [eligible]
        : (["advance", "within_window", "too_late"] as const)
            .map((timing) =>
              eligible.filter((finding) => timingFor(finding.since ?? null) === timing),
            )
            .filter((part) => part.length > 0);
    const evidence = claim.evidence ?? [];
    return parts.map((covered) => {
      const violationSince = earliest(...covered.map((finding) => finding.since));
      const timing = timingFor(violationSince);
      return {
        id: claim.id,
        type: claim.type,
        reportedAt: claim.reportedAt,
        from: claim.from ?? null,
        until: claim.until ?? null,
        decision: claim.decision ?? null,
        decided: claim.decision !== undefined,
        appliesTo: claim.appliesTo ?? null,
        covers: covered.map(findingKey),
        coversCount: covered.length,
        violationSince,
        noticeDeadline:
          violationSince && noticeWindow
            ? addDuration(violationSince, noticeWindow, facts.campaign.timezone)
            : null,
        timing,
        reportedInTime: timing !== "too_late",
        timingText: TIMING_TEXT[timing],
        evidenceCount: evidence.length,
        evidenceBeforeSelection: evidence.some(
          (item) =>
            item.issuedAt !== undefined &&
            compareInstants(item.issuedAt, facts.participation.selectedAt) < 0,
        ),
      };
    });
  });
}

/** The standing facts as 0.1.0 derived them. */
function referenceStanding(
  standing: Standing,
  campaignId: string,
  asOf: string,
  strikeExpiry: Duration | undefined,
  timeZone: string,
) {
  const priorNoShows = standing.noShows.filter(
    (record) => record.campaignId !== campaignId && compareInstants(record.at, asOf) <= 0,
  );
  const otherStrikes = standing.strikes
    .filter((strike) => strike.campaignId !== campaignId && !strike.revokedAt)
    .map((strike) => ({
      ...strike,
      expiresAt:
        earliest(
          strike.expiresAt,
          strikeExpiry ? addDuration(strike.at, strikeExpiry, timeZone) : null,
        ) ?? undefined,
    }));
  const activeStrikes = otherStrikes.filter(
    (strike) =>
      compareInstants(strike.at, asOf) <= 0 &&
      (!strike.expiresAt || compareInstants(strike.expiresAt, asOf) > 0),
  );
  const futureStrikes = otherStrikes.filter((strike) => compareInstants(strike.at, asOf) > 0);
  return {
    present: true,
    status: standing.status,
    qualityScore: standing.qualityScore,
    priorNoShowCount: priorNoShows.length,
    priorNoShowRefs: priorNoShows.map((record) => `standing:${record.campaignId}`),
    activeStrikeCount: activeStrikes.length,
    activeStrikeRefs: activeStrikes.map((strike) => `standing:${strike.campaignId}`),
    nextChangeAt: earliest(
      ...activeStrikes.map((strike) => strike.expiresAt),
      ...futureStrikes.map((strike) => strike.at),
      ...standing.noShows
        .filter((r) => r.campaignId !== campaignId && compareInstants(r.at, asOf) > 0)
        .map((r) => r.at),
    ),
  };
}
