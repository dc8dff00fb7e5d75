/**
 * Issue 8, point 5: `applyVerdict` and `reinstate` validate their inputs, refuse another
 * influencer's verdict and an older verdict of a campaign, keep within their caps, and stay pure.
 * Verdicts are real ones, from `evaluate` on the examples and the test fixtures.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { examples } from "../examples/index.js";
import { compareCodeUnits } from "../src/core/order.js";
import { STANDING_LIMITS } from "../src/facts/standing.js";
import {
  applyVerdict,
  emptyStanding,
  evaluate,
  isValidationError,
  mediance,
  reinstate,
  type Standing,
  standingSchema,
  type ValidationError,
  type Verdict,
} from "../src/index.js";
import { parseVerdict, VERDICT_LIMITS } from "../src/verdict/schema.js";
import { deepFreeze, seoulFacts, withPost } from "./fixtures.js";
import { fuzzRuns, fuzzSeed } from "./fuzz/runs.js";

/** Property runs: the full count in CI, `NOSHOW_FUZZ_RUNS` for a quick local pass. */
const RUNS = fuzzRuns(300);

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

function validationError(run: () => unknown): ValidationError {
  const error = thrown(run);
  if (!isValidationError(error)) throw error;
  return error;
}

/** Strips messages, for comparing issue codes and paths only. */
function codesAndPaths(error: ValidationError): Array<{ code: string; path: string }> {
  return error.issues.map(({ code, path }) => ({ code, path }));
}

// biome-ignore lint/suspicious/noExplicitAny: hand edits reach into any shape on purpose
type Loose = Record<string, any>;

/** A mutable deep copy, typed loosely, for hand edits. */
function edit<T>(value: T): Loose {
  return structuredClone(value) as Loose;
}

const asVerdict = (value: unknown) => value as Verdict;
const asStanding = (value: unknown) => value as Standing;

interface Examples {
  /** The four Mediance examples: one campaign (`spring-serum-2026`) of one influencer. */
  pending: Verdict;
  excused: Verdict;
  noShow: Verdict;
  compliant: Verdict;
  /** Every example's verdict, all presets. */
  all: Verdict[];
  /** A verdict with a quality-score change (Ainfluencer). */
  scored: Verdict;
}

let ex: Examples;
/** The fixture campaign `camp-1` of `inf-1`: a no-show (excluded) after the deadline. */
let fixtureNoShow: Verdict;

beforeAll(async () => {
  const all: Verdict[] = [];
  for (const [, scenarios] of examples) {
    for (const scenario of scenarios) {
      all.push(
        await evaluate(scenario.facts, scenario.policy, {
          asOf: scenario.asOf,
          ...(scenario.standing ? { standing: scenario.standing } : {}),
        }),
      );
    }
  }
  const mediance4 = all.filter((verdict) => verdict.campaignId === "spring-serum-2026");
  const byStatus = (status: string) => {
    const found = mediance4.find((verdict) => verdict.status === status);
    if (!found) throw new Error(`no Mediance example is ${status}`);
    return found;
  };
  const scored = all.find((verdict) =>
    verdict.sanctions.some((sanction) => sanction.scoreDelta !== undefined),
  );
  if (!scored) throw new Error("no example changes the quality score");
  ex = deepFreeze({
    pending: byStatus("pending"),
    excused: byStatus("excused"),
    noShow: byStatus("violation"),
    compliant: byStatus("compliant"),
    all,
    scored,
  });
  fixtureNoShow = deepFreeze(
    await evaluate(seoulFacts(), mediance(), { asOf: "2026-04-20T00:00:00Z" }),
  );
});

const JIYOON = "inf-jiyoon";

describe("the example verdicts used here", () => {
  it("are one campaign judged four times, in this order of asOf", () => {
    const order = [ex.pending, ex.excused, ex.noShow, ex.compliant].map((verdict) => verdict.asOf);
    expect([...order].sort()).toEqual(order);
    expect(ex.noShow).toMatchObject({ noShow: true, strike: expect.any(Object) });
    expect(ex.noShow.sanctions.map((sanction) => sanction.type)).toContain(
      "exclude_from_future_campaigns",
    );
    expect(ex.compliant.sanctions).toEqual([]);
  });

  it("all parse with the verdict schema, which changes nothing in them", () => {
    for (const verdict of [...ex.all, fixtureNoShow])
      expect(parseVerdict(verdict)).toEqual(verdict);
  });
});

describe("applyVerdict: a malformed verdict is INVALID_VERDICT, never a TypeError", () => {
  it("a string scoreDelta (it used to store a null score)", () => {
    const verdict = edit(ex.scored);
    const index = verdict.sanctions.findIndex(
      (sanction: { scoreDelta?: number }) => sanction.scoreDelta !== undefined,
    );
    verdict.sanctions[index].scoreDelta = "-50";
    const error = validationError(() =>
      applyVerdict(emptyStanding(ex.scored.influencerId), asVerdict(verdict)),
    );
    expect(error.code).toBe("INVALID_VERDICT");
    expect(codesAndPaths(error)).toEqual([
      { code: "invalid_type", path: `sanctions.${index}.scoreDelta` },
    ]);
  });

  it.each([
    ["sanctions: {}", (v: Loose) => ({ ...v, sanctions: {} }), "invalid_type", "sanctions"],
    ["no policy", ({ policy: _, ...v }: Loose) => v, "required", "policy"],
    ["null", () => null, "invalid_type", ""],
    ["an array", () => [], "invalid_type", ""],
    ["a string", () => "violation", "invalid_type", ""],
    ["strike: {}", (v: Loose) => ({ ...v, strike: {} }), "required", "strike.at"],
    ["noShow: 'true'", (v: Loose) => ({ ...v, noShow: "true" }), "invalid_type", "noShow"],
    ["status unknown", (v: Loose) => ({ ...v, status: "fine" }), "invalid_value", "status"],
    ["asOf as a Date", (v: Loose) => ({ ...v, asOf: new Date(0) }), "invalid_type", "asOf"],
    [
      "asOf without offset",
      (v: Loose) => ({ ...v, asOf: "2026-04-20T00:00:00" }),
      "invalid_format",
      "asOf",
    ],
    [
      "asOf leaving year 9999 in UTC",
      (v: Loose) => ({ ...v, asOf: "9999-12-31T23:59:59-14:00" }),
      "too_big",
      "asOf",
    ],
    ["nextCheckAt: 0", (v: Loose) => ({ ...v, nextCheckAt: 0 }), "invalid_type", "nextCheckAt"],
    ["findings: null", (v: Loose) => ({ ...v, findings: null }), "invalid_type", "findings"],
    ["an empty campaign id", (v: Loose) => ({ ...v, campaignId: "" }), "too_small", "campaignId"],
  ] as const)("%s", (_, mutate, code, path) => {
    const error = validationError(() =>
      applyVerdict(emptyStanding(JIYOON), asVerdict(mutate(edit(ex.noShow)))),
    );
    expect(error.code).toBe("INVALID_VERDICT");
    expect(codesAndPaths(error)).toContainEqual({ code, path });
  });

  it("lists every problem at once, an unknown key with a did-you-mean hint", () => {
    const { policy: _, noShow, ...rest } = edit(ex.noShow);
    const verdict = {
      ...rest,
      noshow: noShow,
      sanctions: [
        { ...rest.sanctions[0], scoreDelat: -5 },
        { type: "ban", because: [] },
      ],
    };
    const error = validationError(() => applyVerdict(emptyStanding(JIYOON), asVerdict(verdict)));
    expect(error.code).toBe("INVALID_VERDICT");
    expect(codesAndPaths(error)).toEqual(
      expect.arrayContaining([
        { code: "required", path: "policy" },
        { code: "required", path: "noShow" },
        { code: "unknown_key", path: "noshow" },
        { code: "unknown_key", path: "sanctions.0.scoreDelat" },
        { code: "invalid_value", path: "sanctions.1.type" },
      ]),
    );
    const messages = error.issues.map((issue) => issue.message);
    expect(messages).toContain('unknown key "noshow"; did you mean "noShow"?');
    expect(messages).toContain('unknown key "scoreDelat"; did you mean "scoreDelta"?');
  });

  it("refuses a __proto__ key even inside evidence, and pollutes nothing", () => {
    const json = JSON.stringify(ex.noShow).replace(
      '"evidence":{',
      '"evidence":{"__proto__":{"polluted":true},',
    );
    const error = validationError(() =>
      applyVerdict(emptyStanding(JIYOON), asVerdict(JSON.parse(json))),
    );
    expect(error.code).toBe("INVALID_VERDICT");
    expect(error.issues[0]).toMatchObject({ code: "reserved_key" });
    expect(error.issues[0]?.path).toMatch(/^findings\.0\.evidence\.__proto__$/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("non-finite numbers are refused", () => {
    for (const scoreDelta of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const verdict = edit(ex.scored);
      verdict.sanctions[0].scoreDelta = scoreDelta;
      const error = validationError(() =>
        applyVerdict(emptyStanding(ex.scored.influencerId), asVerdict(verdict)),
      );
      expect(error.issues[0]).toMatchObject({ path: "sanctions.0.scoreDelta" });
    }
  });
});

describe("applyVerdict: a malformed standing is INVALID_STANDING", () => {
  const good = () => edit(applyVerdict(emptyStanding(JIYOON), ex.noShow));

  it.each([
    [
      "qualityScore: '90'",
      (s: Loose) => ({ ...s, qualityScore: "90" }),
      "invalid_type",
      "qualityScore",
    ],
    ["qualityScore: 101", (s: Loose) => ({ ...s, qualityScore: 101 }), "too_big", "qualityScore"],
    [
      "qualityScore: NaN",
      (s: Loose) => ({ ...s, qualityScore: Number.NaN }),
      "invalid_type",
      "qualityScore",
    ],
    ["strikes: {}", (s: Loose) => ({ ...s, strikes: {} }), "invalid_type", "strikes"],
    ["no status", ({ status: _, ...s }: Loose) => s, "required", "status"],
    ["status unknown", (s: Loose) => ({ ...s, status: "banned" }), "invalid_value", "status"],
    ["null", () => null, "invalid_type", ""],
    [
      "a strike without rules",
      (s: Loose) => ({ ...s, strikes: [{ ...s.strikes[0], rules: undefined }] }),
      "required",
      "strikes.0.rules",
    ],
    [
      "an evaluation without asOf",
      (s: Loose) => ({ ...s, evaluations: [{ campaignId: "c" }] }),
      "required",
      "evaluations.0.asOf",
    ],
    [
      "an unknown imposed status",
      (s: Loose) => ({
        ...s,
        evaluations: [{ ...s.evaluations[0], imposes: "active" }],
      }),
      "invalid_value",
      "evaluations.0.imposes",
    ],
    [
      "statusFloor: 'active'",
      (s: Loose) => ({ ...s, statusFloor: "active" }),
      "invalid_value",
      "statusFloor",
    ],
  ] as const)("%s", (_, mutate, code, path) => {
    const error = validationError(() => applyVerdict(asStanding(mutate(good())), ex.compliant));
    expect(error.code).toBe("INVALID_STANDING");
    expect(codesAndPaths(error)).toContainEqual({ code, path });
  });

  it("reports a duplicate together with type errors and unknown keys (with hints)", () => {
    const { strikes, ...rest } = good();
    const standing = {
      ...rest,
      strike: strikes,
      qualityScore: "high",
      evaluations: [
        { campaignId: "a", asOf: "2026-01-01T00:00:00Z" },
        { campaignId: "a", asOf: 5 },
      ],
    };
    const error = validationError(() => applyVerdict(asStanding(standing), ex.compliant));
    expect(codesAndPaths(error)).toEqual(
      expect.arrayContaining([
        { code: "required", path: "strikes" },
        { code: "unknown_key", path: "strike" },
        { code: "invalid_type", path: "qualityScore" },
        { code: "invalid_type", path: "evaluations.1.asOf" },
        { code: "duplicate_id", path: "evaluations.1.campaignId" },
      ]),
    );
    expect(error.issues.map((issue) => issue.message)).toContain(
      'unknown key "strike"; did you mean "strikes"?',
    );
  });

  it("checks the standing before the verdict: both bad is INVALID_STANDING", () => {
    const error = validationError(() => applyVerdict(asStanding(null), asVerdict(null)));
    expect(error.code).toBe("INVALID_STANDING");
  });

  it("accepts a standing from before evaluations were kept, and starts keeping them", () => {
    const { evaluations: _, ...legacy } = good();
    const next = applyVerdict(asStanding(legacy), ex.compliant);
    expect(next.evaluations).toEqual([
      { campaignId: "spring-serum-2026", asOf: ex.compliant.asOf },
    ]);
  });
});

describe("applyVerdict: refusals (INVALID_VERDICT, issue code refused)", () => {
  it("refuses another influencer's verdict", () => {
    const error = validationError(() => applyVerdict(emptyStanding("someone-else"), ex.noShow));
    expect(error.code).toBe("INVALID_VERDICT");
    expect(codesAndPaths(error)).toEqual([{ code: "refused", path: "influencerId" }]);
  });

  it("refuses an older verdict after a newer one, keeping the record (the reported bug)", () => {
    const standing = deepFreeze(applyVerdict(emptyStanding(JIYOON), ex.noShow));
    const before = structuredClone(standing);
    for (const older of [ex.excused, ex.pending]) {
      const error = validationError(() => applyVerdict(standing, older));
      expect(error.code).toBe("INVALID_VERDICT");
      expect(error.issues).toEqual([
        {
          code: "refused",
          path: "asOf",
          message: `is ${older.asOf}, older than the verdict of campaign "spring-serum-2026" already applied (as of ${ex.noShow.asOf}); an older verdict never replaces a newer one`,
        },
      ]);
    }
    expect(standing).toEqual(before);
    expect(standing).toMatchObject({ status: "excluded" });
    expect(standing.strikes).toHaveLength(1);
    expect(standing.noShows).toHaveLength(1);
  });

  it("a compliant newer verdict also blocks an older violating one", () => {
    const standing = applyVerdict(emptyStanding(JIYOON), ex.compliant);
    expect(standing.evaluations).toEqual([
      { campaignId: "spring-serum-2026", asOf: ex.compliant.asOf },
    ]);
    const error = validationError(() => applyVerdict(standing, ex.noShow));
    expect(codesAndPaths(error)).toEqual([{ code: "refused", path: "asOf" }]);
  });

  it("still refuses an older verdict after a reinstatement", () => {
    const standing = reinstate(applyVerdict(emptyStanding(JIYOON), ex.noShow), ex.compliant.asOf);
    expect(codesAndPaths(validationError(() => applyVerdict(standing, ex.excused)))).toEqual([
      { code: "refused", path: "asOf" },
    ]);
  });

  it("compares instants, not strings: an older asOf written with a later-looking offset", () => {
    const standing = applyVerdict(emptyStanding(JIYOON), ex.noShow); // 2026-04-19T15:00:00Z
    const older = { ...edit(ex.noShow), asOf: "2026-04-20T00:59:59+10:00" }; // 14:59:59Z
    expect(codesAndPaths(validationError(() => applyVerdict(standing, asVerdict(older))))).toEqual([
      { code: "refused", path: "asOf" },
    ]);
  });
});

describe("applyVerdict: one record per campaign", () => {
  it("the same verdict twice is recorded once", () => {
    const once = applyVerdict(emptyStanding(JIYOON), ex.noShow);
    expect(applyVerdict(once, ex.noShow)).toEqual(once);
    expect(once.strikes).toHaveLength(1);
    expect(once.evaluations).toEqual([
      { campaignId: "spring-serum-2026", asOf: ex.noShow.asOf, imposes: "excluded" },
    ]);
  });

  it("a later verdict replaces the record, and takes back the status it imposed", () => {
    const excluded = applyVerdict(emptyStanding(JIYOON), ex.noShow);
    expect(excluded.status).toBe("excluded");
    const later = applyVerdict(excluded, ex.compliant);
    expect(later).toEqual({
      influencerId: JIYOON,
      status: "active",
      qualityScore: 100,
      strikes: [],
      noShows: [],
      evaluations: [{ campaignId: "spring-serum-2026", asOf: ex.compliant.asOf }],
    });
    expect(later).toEqual(applyVerdict(emptyStanding(JIYOON), ex.compliant));
  });

  it("a verdict with the same asOf replaces too (a corrected verdict)", () => {
    const excluded = applyVerdict(emptyStanding(JIYOON), ex.noShow);
    const corrected = { ...edit(ex.excused), asOf: ex.noShow.asOf };
    const next = applyVerdict(excluded, asVerdict(corrected));
    expect(next).toMatchObject({ status: "active", strikes: [], noShows: [] });
  });

  it("restores the score exactly when a scored failure is re-evaluated as compliant", () => {
    const id = ex.scored.influencerId;
    const failed = applyVerdict(emptyStanding(id, 95), ex.scored);
    expect(failed.qualityScore).toBeLessThan(95);
    const cleared = {
      ...edit(ex.scored),
      asOf: "2030-01-01T00:00:00.000Z",
      strike: null,
      sanctions: [],
    };
    expect(applyVerdict(failed, asVerdict(cleared)).qualityScore).toBe(95);
  });

  it("never lowers a status no campaign explains (set by hand), kept as statusFloor", () => {
    const hand = { ...emptyStanding(JIYOON), status: "suspended" as const };
    const excluded = applyVerdict(hand, ex.noShow);
    expect(excluded).toMatchObject({ status: "excluded", statusFloor: "suspended" });
    const later = applyVerdict(excluded, ex.compliant);
    expect(later).toMatchObject({ status: "suspended", statusFloor: "suspended", strikes: [] });
    // reinstate forgives it, and the records stay
    const active = reinstate(later, "2030-01-01T00:00:00Z");
    expect(active.status).toBe("active");
    expect(active.statusFloor).toBeUndefined();
    expect(active.evaluations).toEqual(later.evaluations);
  });
});

describe("the status follows the records", () => {
  it("a status lowered by hand below the records is raised back by the next verdict", () => {
    const excluded = applyVerdict(emptyStanding(JIYOON), ex.noShow);
    const lowered = { ...excluded, status: "active" as const };
    const other = { ...edit(ex.compliant), campaignId: "another" };
    expect(applyVerdict(lowered, asVerdict(other)).status).toBe("excluded");
  });

  it("a backdated reinstatement leaves the later failures holding the status", () => {
    const excluded = applyVerdict(emptyStanding(JIYOON), ex.noShow);
    const strikeAt = excluded.strikes[0]?.at as string;
    expect(reinstate(excluded, strikeAt).status).toBe("active"); // at the failure: forgiven
    const before = new Date(Date.parse(strikeAt) - 1);
    expect(reinstate(excluded, before)).toMatchObject({
      status: "excluded",
      reinstatedAt: before.toISOString(),
    });
  });
});

describe("caps (STANDING_LIMITS, VERDICT_LIMITS)", () => {
  const long = (length: number) => "x".repeat(length);

  it("exports the documented values", () => {
    expect(STANDING_LIMITS).toEqual({ idLength: 200, records: 10_000, rulesPerRecord: 10_000 });
    expect(VERDICT_LIMITS).toEqual({
      idLength: 200,
      keyLength: 512,
      textLength: 100_000,
      listItems: 100_000,
      rulesPerStrike: 10_000,
    });
  });

  it("ids of 200 characters pass, 201 are too_long", () => {
    const at200 = { ...edit(ex.noShow), campaignId: long(200) };
    expect(applyVerdict(emptyStanding(JIYOON), asVerdict(at200)).strikes[0]?.campaignId).toBe(
      long(200),
    );
    const at201 = { ...edit(ex.noShow), campaignId: long(201) };
    const error = validationError(() => applyVerdict(emptyStanding(JIYOON), asVerdict(at201)));
    expect(error.code).toBe("INVALID_VERDICT");
    expect(codesAndPaths(error)).toEqual([{ code: "too_long", path: "campaignId" }]);
    expect(codesAndPaths(validationError(() => emptyStanding(long(201))))).toEqual([
      { code: "too_long", path: "influencerId" },
    ]);
  });

  it("a strike with more rules than the cap is too_many", () => {
    const verdict = edit(ex.noShow);
    verdict.strike.rules = Array.from(
      { length: VERDICT_LIMITS.rulesPerStrike + 1 },
      (_, i) => `r${i}`,
    );
    const error = validationError(() => applyVerdict(emptyStanding(JIYOON), asVerdict(verdict)));
    expect(codesAndPaths(error)).toEqual([{ code: "too_many", path: "strike.rules" }]);
  });

  it("a standing with more strikes than the cap is too_many", () => {
    const strike = { at: "2026-01-01T00:00:00Z", campaignId: "c", policyId: "p", rules: ["r"] };
    const standing = {
      ...emptyStanding(JIYOON),
      strikes: Array.from({ length: STANDING_LIMITS.records + 1 }, () => strike),
    };
    const error = validationError(() => applyVerdict(asStanding(standing), ex.noShow));
    expect(error.code).toBe("INVALID_STANDING");
    expect(error.issues[0]).toEqual({
      code: "too_many",
      path: "strikes",
      message: `must have at most ${STANDING_LIMITS.records} records`,
    });
  });

  it("a full standing takes a re-evaluation but refuses a new campaign", () => {
    const evaluations = Array.from({ length: STANDING_LIMITS.records }, (_, i) => ({
      campaignId: `c${String(i).padStart(5, "0")}`,
      asOf: "2026-01-01T00:00:00.000Z",
    }));
    const full = { ...emptyStanding(JIYOON), evaluations };
    const again = { ...edit(ex.compliant), campaignId: "c00042" };
    expect(applyVerdict(full, asVerdict(again)).evaluations).toHaveLength(STANDING_LIMITS.records);
    const error = validationError(() => applyVerdict(full, ex.compliant));
    expect(error.code).toBe("INVALID_STANDING");
    expect(error.issues).toEqual([
      {
        code: "too_many",
        path: "evaluations",
        message: `after applying the verdict, must have at most ${STANDING_LIMITS.records} records`,
      },
    ]);
  });
});

describe("canonical, deterministic output", () => {
  it("evaluations are sorted by campaign id in code-unit order, whatever the order applied", () => {
    const ids = ["zoom-1", "Äpfel", "text-1", "apple", "Zed"];
    let standing = emptyStanding(JIYOON);
    for (const campaignId of ids)
      standing = applyVerdict(standing, asVerdict({ ...edit(ex.compliant), campaignId }));
    expect(standing.evaluations?.map((entry) => entry.campaignId)).toEqual([
      "Zed",
      "apple",
      "text-1",
      "zoom-1",
      "Äpfel",
    ]);
    expect(standing.evaluations?.map((entry) => entry.campaignId)).toEqual(
      [...ids].sort(compareCodeUnits),
    );
  });

  it("normalises instants to UTC and survives a JSON round trip", () => {
    const verdict = { ...edit(ex.noShow), asOf: "2026-04-20T00:00:00+09:00" };
    const standing = applyVerdict(emptyStanding(JIYOON), asVerdict(verdict));
    expect(standing.evaluations?.[0]?.asOf).toBe("2026-04-19T15:00:00.000Z");
    const copy = JSON.parse(JSON.stringify(standing));
    expect(standingSchema.parse(copy)).toEqual(standing);
    expect(applyVerdict(copy, ex.compliant)).toEqual(applyVerdict(standing, ex.compliant));
  });
});

describe("purity: deep-frozen inputs, fresh outputs", () => {
  it("applyVerdict and reinstate neither mutate nor share their inputs", () => {
    const standing = deepFreeze(
      applyVerdict({ ...emptyStanding(JIYOON), restrictedBy: ["other"] }, ex.noShow),
    );
    const verdict = deepFreeze(structuredClone(ex.compliant));
    const [beforeStanding, beforeVerdict] = [structuredClone(standing), structuredClone(verdict)];
    const next = applyVerdict(standing, verdict);
    const active = reinstate(standing, new Date("2030-01-01T00:00:00Z"));
    expect(standing).toEqual(beforeStanding);
    expect(verdict).toEqual(beforeVerdict);
    for (const output of [next, active]) {
      expect(Object.isFrozen(output)).toBe(false);
      expect(output.strikes).not.toBe(standing.strikes);
      expect(output.noShows).not.toBe(standing.noShows);
    }
    expect(active.evaluations).not.toBe(standing.evaluations);
    expect(active.strikes[0]?.rules).not.toBe(standing.strikes[0]?.rules);
  });
});

describe("reinstate validates", () => {
  it.each([
    ["without offset", "2026-04-20T10:00:00", "invalid_format"],
    ["an invalid Date", new Date(Number.NaN), "invalid_type"],
    ["the largest Date (8.64e15)", new Date(8.64e15), "too_big"],
    ["the smallest Date (-8.64e15)", new Date(-8.64e15), "too_small"],
    ["a string that leaves year 0000 in UTC", "0000-01-01T00:00:00+14:00", "too_small"],
    ["a string that leaves year 9999 in UTC", "9999-12-31T23:59:59-14:00", "too_big"],
    ["a number", 42, "invalid_type"],
  ] as const)("`at` %s is INVALID_OPTIONS at path at", (_, at, code) => {
    // @ts-expect-error the table holds a number too: refused at run time like the rest
    const error = validationError(() => reinstate(emptyStanding(JIYOON), at));
    expect(error.code).toBe("INVALID_OPTIONS");
    expect(codesAndPaths(error)).toEqual([{ code, path: "at" }]);
  });

  it("a malformed standing is INVALID_STANDING", () => {
    const error = validationError(() =>
      reinstate(asStanding({ influencerId: 1 }), "2026-01-01T00:00:00Z"),
    );
    expect(error.code).toBe("INVALID_STANDING");
    expect(codesAndPaths(error)).toEqual(
      expect.arrayContaining([
        { code: "invalid_type", path: "influencerId" },
        { code: "required", path: "status" },
      ]),
    );
  });

  it("the year 9999 in UTC is fine, and what reinstate stores parses again", () => {
    const active = reinstate(emptyStanding(JIYOON), new Date("9999-12-31T23:59:59.999Z"));
    expect(standingSchema.parse(active)).toEqual(active);
  });
});

describe("emptyStanding validates", () => {
  it("an empty id or a score that is not a number is INVALID_STANDING", () => {
    expect(codesAndPaths(validationError(() => emptyStanding("")))).toEqual([
      { code: "too_small", path: "influencerId" },
    ]);
    expect(validationError(() => emptyStanding(JIYOON, Number.NaN)).code).toBe("INVALID_STANDING");
    expect(emptyStanding(JIYOON, 150).qualityScore).toBe(100);
  });
});

describe("evaluate reads a v2 standing through the same schema", () => {
  it("accepts one with evaluations and statusFloor, and refuses a malformed one", async () => {
    const standing = applyVerdict({ ...emptyStanding("inf-1"), status: "hidden" }, fixtureNoShow);
    expect(standing).toMatchObject({ statusFloor: "hidden", evaluations: [expect.any(Object)] });
    const facts = withPost(
      "2026-03-10T12:00:00+09:00",
      [{ at: "2026-04-10T00:00:00Z", state: "live" }],
      {
        campaign: { ...seoulFacts().campaign, id: "camp-2" },
      },
    );
    const verdict = await evaluate(facts, mediance(), { asOf: "2026-04-20T00:00:00Z", standing });
    expect(verdict.sanctions[0]).toMatchObject({
      type: "exclude_from_future_campaigns",
      because: ["standing:camp-1"],
    });
    const bad = { ...standing, evaluations: [{ campaignId: "camp-1", asof: "x" }] };
    const error = await evaluate(facts, mediance(), {
      asOf: "2026-04-20T00:00:00Z",
      standing: asStanding(bad),
    }).catch((caught: unknown) => caught);
    expect(isValidationError(error) && error.code).toBe("INVALID_OPTIONS");
    expect(isValidationError(error) && codesAndPaths(error)).toEqual(
      expect.arrayContaining([
        { code: "required", path: "standing.evaluations.0.asOf" },
        { code: "unknown_key", path: "standing.evaluations.0.asof" },
      ]),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

const CAMPAIGN = "camp-p";
const INFLUENCER = "inf-p";
const BASE_MS = Date.parse("2026-01-01T00:00:00.000Z");

/** Every example verdict, re-labelled as one campaign of one influencer, at a given asOf. */
function asOne(verdict: Verdict, minutes: number, campaignId = CAMPAIGN): Verdict {
  return {
    ...structuredClone(verdict),
    campaignId,
    influencerId: INFLUENCER,
    asOf: new Date(BASE_MS + minutes * 60_000).toISOString(),
  };
}

/**
 * Starting standings: empty; another campaign on record; a status set by hand; a backdated
 * reinstatement; a status lowered by hand below the records.
 */
function bases(): Standing[] {
  const other = applyVerdict(emptyStanding(INFLUENCER), asOne(ex.noShow, 0, "camp-other"));
  return [
    emptyStanding(INFLUENCER, 80),
    other,
    { ...emptyStanding(INFLUENCER), status: "hidden" },
    reinstate(other, new Date(BASE_MS + 5_000 * 60_000)),
    { ...other, status: "active" },
  ];
}

/** Folds verdicts, skipping refused ones; checks that exactly the older ones are refused. */
function fold(start: Standing, verdicts: readonly Verdict[]): Standing {
  let standing = start;
  let latest = Number.NEGATIVE_INFINITY;
  for (const verdict of verdicts) {
    const at = Date.parse(verdict.asOf);
    if (at < latest) {
      const error = validationError(() => applyVerdict(standing, verdict));
      expect(codesAndPaths(error)).toEqual([{ code: "refused", path: "asOf" }]);
      continue;
    }
    standing = applyVerdict(standing, verdict);
    latest = at;
  }
  return standing;
}

describe("properties", () => {
  it("any sequence of one campaign's verdicts, in any order, ends as the latest alone", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 4 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 7 }),
        fc.array(fc.nat(), { minLength: 7, maxLength: 7 }),
        (baseIndex, minutes, picks) => {
          const start = bases()[baseIndex] as Standing;
          const verdicts = minutes.map((minute, index) =>
            asOne(ex.all[(picks[index] ?? 0) % ex.all.length] as Verdict, minute),
          );
          const latest = verdicts.reduce((a, b) =>
            Date.parse(b.asOf) > Date.parse(a.asOf) ? b : a,
          );
          expect(fold(start, verdicts)).toEqual(applyVerdict(start, latest));
        },
      ),
      { numRuns: RUNS, ...fuzzSeed() },
    );
  });

  it("applying a verdict is idempotent, from any starting standing", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 4 }),
        fc.nat(),
        fc.integer({ min: 0, max: 10_000 }),
        (baseIndex, pick, minute) => {
          const start = bases()[baseIndex] as Standing;
          const verdict = asOne(ex.all[pick % ex.all.length] as Verdict, minute);
          const once = applyVerdict(start, verdict);
          expect(applyVerdict(once, verdict)).toEqual(once);
          expect(standingSchema.parse(once)).toEqual(once);
        },
      ),
      { numRuns: RUNS, ...fuzzSeed() },
    );
  });
});

// Hand mutations: drop a field, swap its type, add an unknown key.

type Path = Array<string | number>;

function pathsOf(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      out.push([...path, index]);
      pathsOf(item, [...path, index], out);
    });
  } else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      out.push([...path, key]);
      pathsOf(item, [...path, key], out);
    }
  }
  return out;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (value instanceof Date) return "date";
  return typeof value;
}

const REPLACEMENTS: unknown[] = [
  null,
  0,
  -1,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  "",
  "x",
  "-50",
  "2026-13-45T00:00:00Z",
  true,
  [],
  {},
  new Date(0),
  undefined,
];

function getAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root);
}

function setAt(root: unknown, path: Path, value: unknown, drop: boolean): void {
  const parent = getAt(root, path.slice(0, -1)) as Record<string | number, unknown> | unknown[];
  const key = path[path.length - 1] as string | number;
  if (drop && Array.isArray(parent)) parent.splice(key as number, 1);
  else if (drop) delete (parent as Record<string | number, unknown>)[key];
  else (parent as Record<string | number, unknown>)[key] = value;
}

/** Where anything goes: evidence and trace hold unknown values. */
function isFreeVerdictPath(path: Path): boolean {
  const inside = path.slice(0, -1);
  return inside.includes("evidence") || (path[0] === "trace" && path.length > 1);
}

const OPTIONAL_VERDICT_KEYS: Record<string, ReadonlySet<string>> = {
  "": new Set(["trace"]),
  // Optional on read: verdicts stored before 0.2 have no digest and no roles.
  policy: new Set(["digest", "effectiveFrom"]),
  findings: new Set(["role", "deliverableId", "since", "excusedBy", "checkAt"]),
  violations: new Set(["role", "deliverableId", "since", "excusedBy", "checkAt"]),
  sanctions: new Set(["amount", "scoreDelta", "until", "requiresHumanReview", "note"]),
  actions: new Set(["deliverableId"]),
  strike: new Set(["expiresAt"]),
};
const NULLABLE_VERDICT_KEYS = new Set(["nextCheckAt", "strike"]);

const OPTIONAL_STANDING_KEYS: Record<string, ReadonlySet<string>> = {
  "": new Set(["restrictedBy", "reinstatedAt", "statusFloor", "evaluations"]),
  // policyVersion: optional on read (records made before 0.2 have none).
  strikes: new Set(["policyVersion", "expiresAt", "revokedAt", "scoreDelta"]),
  noShows: new Set(["policyVersion"]),
  evaluations: new Set(["imposes"]),
};

/** Whether a mutation at `path` must make the input invalid. */
function mustFail(
  original: unknown,
  path: Path,
  replacement: unknown,
  drop: boolean,
  optional: Record<string, ReadonlySet<string>>,
  nullable: ReadonlySet<string>,
): boolean {
  const key = path[path.length - 1];
  if (typeof key === "number") return !drop && kindOf(replacement) !== kindOf(original);
  // The object the key belongs to: the root, or an item of a top-level list, or a top-level object.
  const owner = path.length === 1 ? "" : String(path[0]);
  const isOptional = optional[owner]?.has(key as string) ?? false;
  if (drop || replacement === undefined) return !isOptional;
  if (replacement === null) return !(path.length === 1 && nullable.has(key as string));
  return kindOf(replacement) !== kindOf(original);
}

const mutationArbitrary = fc.record({
  pick: fc.nat(),
  pathPick: fc.nat(),
  replacement: fc.constantFrom(...REPLACEMENTS),
  kind: fc.constantFrom("drop", "swap", "unknown_key", "reserved_key"),
});

/** Applies one mutation; returns the mutated copy and whether it must be refused. */
function mutate(
  input: unknown,
  mutation: { pathPick: number; replacement: unknown; kind: string },
  isFree: (path: Path) => boolean,
  optional: Record<string, ReadonlySet<string>>,
  nullable: ReadonlySet<string>,
): { mutated: unknown; mustFail: boolean } {
  const copy = structuredClone(input);
  const paths = pathsOf(copy);
  const path = paths[mutation.pathPick % paths.length] as Path;
  if (mutation.kind === "unknown_key" || mutation.kind === "reserved_key") {
    const objects = [[], ...paths].filter(
      (candidate) => kindOf(getAt(copy, candidate)) === "object",
    );
    const target = objects[mutation.pathPick % objects.length] as Path;
    const node = getAt(copy, target) as Record<string, unknown>;
    const key = mutation.kind === "reserved_key" ? "__proto__" : "unexpectedKey";
    Object.defineProperty(node, key, {
      value: 1,
      enumerable: true,
      configurable: true,
      writable: true,
    });
    return {
      mutated: copy,
      mustFail: mutation.kind === "reserved_key" || !isFree([...target, key]),
    };
  }
  const drop = mutation.kind === "drop";
  const original = getAt(copy, path);
  setAt(copy, path, mutation.replacement, drop);
  return {
    mutated: copy,
    mustFail:
      !isFree(path) && mustFail(original, path, mutation.replacement, drop, optional, nullable),
  };
}

describe("properties: hand-mutated inputs give a ValidationError or a valid standing, nothing else", () => {
  it("mutated verdicts (drop fields, swap types, unknown and reserved keys)", () => {
    const seen = { runs: 0, refused: 0, hadToBe: 0, accepted: 0 };
    fc.assert(
      fc.property(mutationArbitrary, fc.boolean(), (mutation, whole) => {
        const verdict = asOne(ex.all[mutation.pick % ex.all.length] as Verdict, 100);
        const { mutated, mustFail: expectFail } = whole
          ? { mutated: mutation.replacement, mustFail: true }
          : mutate(
              verdict,
              mutation,
              isFreeVerdictPath,
              OPTIONAL_VERDICT_KEYS,
              NULLABLE_VERDICT_KEYS,
            );
        let result: Standing | undefined;
        let error: unknown;
        seen.runs++;
        if (expectFail) seen.hadToBe++;
        try {
          result = applyVerdict(emptyStanding(INFLUENCER), mutated as Verdict);
          seen.accepted++;
        } catch (caught) {
          error = caught;
          seen.refused++;
        }
        if (error !== undefined) {
          expect(isValidationError(error), String(error)).toBe(true);
          expect((error as ValidationError).code).toBe("INVALID_VERDICT");
        } else {
          expect(expectFail, "a mutation that must be refused was accepted").toBe(false);
          expect(standingSchema.parse(result)).toEqual(result);
        }
      }),
      { numRuns: RUNS * 4, ...fuzzSeed() },
    );
    console.info(
      `standing fuzz, mutated verdicts: ${seen.runs} runs; ValidationError ${seen.refused} (${seen.hadToBe} had to be); accepted ${seen.accepted}`,
    );
    expect(seen.hadToBe).toBeGreaterThan(0);
    expect(seen.accepted).toBeGreaterThan(0);
  });

  it("mutated standings, through applyVerdict and reinstate", () => {
    const seen = { runs: 0, refused: 0, hadToBe: 0, accepted: 0 };
    fc.assert(
      fc.property(mutationArbitrary, fc.boolean(), (mutation, viaReinstate) => {
        let standing = emptyStanding(INFLUENCER);
        standing = applyVerdict(standing, asOne(ex.noShow, 0, "camp-a"));
        standing = applyVerdict(
          { ...standing, restrictedBy: ["camp-a"], reinstatedAt: "2025-01-01T00:00:00.000Z" },
          asOne(ex.scored, 1, "camp-b"),
        );
        const { mutated, mustFail: expectFail } = mutate(
          standing,
          mutation,
          () => false,
          OPTIONAL_STANDING_KEYS,
          new Set(),
        );
        let error: unknown;
        let result: Standing | undefined;
        seen.runs++;
        if (expectFail) seen.hadToBe++;
        try {
          result = viaReinstate
            ? reinstate(mutated as Standing, "2030-01-01T00:00:00Z")
            : applyVerdict(mutated as Standing, asOne(ex.compliant, 2, "camp-c"));
          seen.accepted++;
        } catch (caught) {
          error = caught;
          seen.refused++;
        }
        if (isValidationError(error) && error.code === "INVALID_VERDICT") {
          // A string swapped for another string may name another influencer: a refusal.
          expect(codesAndPaths(error)).toEqual([{ code: "refused", path: "influencerId" }]);
          expect(expectFail).toBe(false);
        } else if (error !== undefined) {
          expect(isValidationError(error), String(error)).toBe(true);
          expect((error as ValidationError).code).toBe("INVALID_STANDING");
        } else {
          expect(expectFail, "a mutation that must be refused was accepted").toBe(false);
          expect(standingSchema.parse(result)).toEqual(result);
        }
      }),
      { numRuns: RUNS * 4, ...fuzzSeed() },
    );
    console.info(
      `standing fuzz, mutated standings: ${seen.runs} runs; ValidationError ${seen.refused} (${seen.hadToBe} had to be); accepted ${seen.accepted}`,
    );
    expect(seen.hadToBe).toBeGreaterThan(0);
    expect(seen.accepted).toBeGreaterThan(0);
  });
});
