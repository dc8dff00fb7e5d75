/**
 * The differential property test of the two evaluators: `evaluateSync` (and
 * `compilePolicy(...).evaluate`), compiled closures, against `evaluate`, json-rules-engine, the
 * reference. Each case must give byte-identical verdicts (`JSON.stringify`), or the same
 * `ValidationError` (code and issues), or the same error. Rule-level agreement (condition by
 * condition, on random rules) is `compile.diff.test.ts`'s; this file owns whole verdicts.
 *
 * Groups, each printing one `differential:` line with its counts:
 * - every preset of the registry on generated (facts, asOf, standing): facts of the host
 *   corpus generator (seeded by fast-check), example and fixture facts, and mutated facts (often
 *   invalid); `asOf` around the instants of the facts plus the policy's windows (deadlines,
 *   retention minimums, response windows), in several forms; standings built by the standing
 *   reducers; the preset's parameters overridden now and then; the trace on now and then;
 * - custom policies generated from scratch over the fact registry's paths (with the values the
 *   engine really receives there), each on a few generated cases, also through `compilePolicy`;
 * - preset and custom policies the policy fuzzer mutated and `parsePolicy` accepted;
 * - every example scenario, and the 520 cases of the host corpus.
 *
 * Runs: `NOSHOW_FUZZ_RUNS` scales the counts (test/fuzz/runs.ts), `NOSHOW_FUZZ_SEED` replays a
 * seed. A mismatch prints the seed, the policy, the facts, the options and the first differing
 * path of the verdict JSON.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { examples } from "../examples/index.js";
import {
  compilePolicy,
  type EvaluateOptions,
  evaluate,
  evaluateSync,
  isValidationError,
  mediance,
  type Policy,
  PRESETS,
  type PresetId,
  parsePolicy,
  type Standing,
  type Verdict,
} from "../src/index.js";
import { seoulFacts } from "./fixtures.js";
import {
  customPolicyArbitrary,
  registryCatalogue,
  sampleFactCatalogue,
} from "./fuzz/custom-policies.js";
import { FACTS_SEEDS, factsCaseArbitrary } from "./fuzz/facts.js";
import { policyCaseArbitrary } from "./fuzz/policies.js";
import { fuzzRuns, fuzzSeed } from "./fuzz/runs.js";
import { approximateMs, standingArbitrary } from "./fuzz/standings.js";
import { generateCorpus } from "./host/corpus.js";

const PRESET_RUNS = fuzzRuns(5_000);
const CUSTOM_RUNS = fuzzRuns(2_000);
const FACTS_PER_CUSTOM_POLICY = 3;
const MUTATED_POLICY_RUNS = fuzzRuns(1_000);
// One seed for every group, printed with every count line and mismatch, so a run replays whole.
const SEED = fuzzSeed().seed ?? Math.floor(Math.random() * 2 ** 31);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const PRESET_IDS = Object.keys(PRESETS) as PresetId[];

// ---------------------------------------------------------------------------------------------
// Outcomes and mismatches

/** What an evaluation gave: the verdict's JSON, or the error. */
interface Outcome {
  text: string;
  /** `verdict`, the ValidationError's code, or the error's name. */
  kind: string;
  status?: string;
  /** What the verdict holds, for the counts (`sanctions`, `a strike`…). */
  has?: string[];
}

function errorOutcome(error: unknown): Outcome {
  if (isValidationError(error))
    return {
      text: `ValidationError ${error.code} ${JSON.stringify(error.issues)}`,
      kind: error.code,
    };
  const { name, message } = error as Error;
  return { text: `${name}: ${message}`, kind: String(name) };
}

function verdictOutcome(verdict: Verdict): Outcome {
  const has: string[] = [];
  if (verdict.sanctions.length > 0) has.push("sanctions");
  if (verdict.actions.length > 0) has.push("actions");
  if (verdict.exceptions.length > 0) has.push("exception decisions");
  if (verdict.strike) has.push("a strike");
  if (verdict.trace) has.push("a trace");
  return { text: JSON.stringify(verdict), kind: "verdict", status: verdict.status, has };
}

async function reference(facts: unknown, policy: unknown, options: unknown): Promise<Outcome> {
  try {
    // @ts-expect-error the options are any generated value, mostly valid: both entries check them
    return verdictOutcome(await evaluate(facts, policy, options));
  } catch (error) {
    return errorOutcome(error);
  }
}

function synchronous(run: () => Verdict): Outcome {
  try {
    return verdictOutcome(run());
  } catch (error) {
    return errorOutcome(error);
  }
}

/** Where two JSON texts first differ: a path such as `findings[2].outcome`, and both values. */
interface Difference {
  path: string;
  reference: unknown;
  compiled: unknown;
}

function firstDifference(a: string, b: string): Difference | null {
  if (a === b) return null;
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  };
  const walk = (x: unknown, y: unknown, path: string): Difference | null => {
    if (Object.is(x, y)) return null;
    const bothObjects =
      typeof x === "object" &&
      typeof y === "object" &&
      x !== null &&
      y !== null &&
      Array.isArray(x) === Array.isArray(y);
    if (!bothObjects) return { path: path || "(whole)", reference: x, compiled: y };
    const left = x as Record<string, unknown>;
    const right = y as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])];
    for (const key of keys) {
      const at = Array.isArray(x) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      if (!Object.hasOwn(left, key) || !Object.hasOwn(right, key))
        return { path: at, reference: left[key], compiled: right[key] };
      const found = walk(left[key], right[key], at);
      if (found) return found;
    }
    // Equal values, different bytes: the keys come in another order.
    const order = Object.keys(left);
    if (order.join("\u0000") === Object.keys(right).join("\u0000")) return null;
    return {
      path: `${path || "(whole)"} (key order)`,
      reference: order,
      compiled: Object.keys(right),
    };
  };
  return walk(parse(a), parse(b), "");
}

const clip = (text: string, max = 6_000) =>
  text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;

/** JSON for a report, with a Date shown as one (an `asOf` may be a Date). */
function show(value: unknown): string {
  return clip(
    JSON.stringify(value, function (key, item) {
      const raw = (this as Record<string, unknown>)[key];
      return raw instanceof Date ? `Date(${Number.isNaN(raw.getTime()) ? "invalid" : item})` : item;
    }) ?? String(value),
  );
}

/** Counts of one group, printed as its `differential:` line. */
class Tally {
  cases = 0;
  mismatches = 0;
  readonly kinds = new Map<string, number>();
  readonly statuses = new Map<string, number>();
  /** Verdicts with sanctions, actions, exception decisions, a strike, a trace. */
  readonly holding = new Map<string, number>();
  constructor(readonly group: string) {}

  add(outcome: Outcome): void {
    this.cases += 1;
    this.kinds.set(outcome.kind, (this.kinds.get(outcome.kind) ?? 0) + 1);
    if (outcome.status)
      this.statuses.set(outcome.status, (this.statuses.get(outcome.status) ?? 0) + 1);
    for (const item of outcome.has ?? []) this.holding.set(item, (this.holding.get(item) ?? 0) + 1);
  }

  get verdicts(): number {
    return this.kinds.get("verdict") ?? 0;
  }

  line(extra = ""): string {
    const list = (map: Map<string, number>) =>
      [...map.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, count]) => `${key} ${count}`)
        .join(", ");
    // A failing case is replayed while fast-check shrinks it: count the runs that failed.
    const mismatches =
      this.mismatches === 0
        ? "0 mismatches"
        : `MISMATCH (${this.mismatches} failing runs, shrinking included)`;
    return `differential: ${this.group} ${this.cases} cases${extra}, ${mismatches} (${list(this.kinds)}; statuses ${list(this.statuses) || "none"}; verdicts with ${list(this.holding) || "nothing"}; seed ${SEED})`;
  }
}

/** A case, described for a mismatch report. */
interface Described {
  policy: string;
  facts: unknown;
  options: unknown;
  source: string;
}

/** Holds the compiled outcomes to the reference one; on a mismatch, throws a reproducible report. */
function expectSame(
  tally: Tally,
  described: () => Described,
  expected: Outcome,
  actual: ReadonlyArray<[string, Outcome]>,
): void {
  tally.add(expected);
  for (const [name, outcome] of actual) {
    const difference = firstDifference(expected.text, outcome.text);
    if (!difference) continue;
    tally.mismatches += 1;
    const { policy, facts, options, source } = described();
    throw new Error(
      [
        `${name} differs from evaluate in group "${tally.group}" (replay: NOSHOW_FUZZ_SEED=${SEED}; case from ${source})`,
        `  first difference at ${difference.path}: evaluate ${show(difference.reference)}, ${name} ${show(difference.compiled)}`,
        `  policy: ${policy}`,
        `  options: ${show(options)}`,
        `  facts: ${show(facts)}`,
      ].join("\n"),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Policies: presets with parameter overrides

const policies = new Map<string, Policy>();

/** A preset with overrides, built once (building validates, a few ms). */
function presetPolicy(id: PresetId, overrides: Record<string, unknown>): Policy {
  const key = `${id} ${JSON.stringify(overrides)}`;
  let policy = policies.get(key);
  if (!policy) {
    policy = PRESETS[id].fromParameters(overrides);
    policies.set(key, policy);
  }
  return policy;
}

function scaled(duration: Record<string, number>, factor: number): Record<string, number> {
  return Object.fromEntries(
    Object.entries(duration).map(([unit, amount]) => [
      unit,
      Math.max(1, Math.round(amount * factor)),
    ]),
  );
}

const STRING_ALTERNATIVES = ["us-ftc", "uk-asa", "repost", "refund", "Dock 2026-03-01T10:00 B"];

/** One-parameter overrides of a preset that build: windows doubled, halved or an hour shorter, flags flipped… */
const variantPools = new Map<PresetId, Array<Record<string, unknown>>>();
function variants(id: PresetId): Array<Record<string, unknown>> {
  const known = variantPools.get(id);
  if (known) return known;
  const candidates: Array<Record<string, unknown>> = [
    { strikeExpiry: { days: 90 } },
    { strikeExpiry: { days: 30 } },
  ];
  for (const [name, value] of Object.entries(PRESETS[id].defaults as Record<string, unknown>)) {
    const ms = approximateMs(value);
    if (ms !== undefined) {
      const duration = value as Record<string, number>;
      candidates.push(
        { [name]: scaled(duration, 2) },
        { [name]: scaled(duration, 0.5) },
        { [name]: { hours: Math.max(1, Math.round(ms / HOUR) - 1) } },
      );
    } else if (typeof value === "number")
      candidates.push({ [name]: value + 1 }, { [name]: value - 1 });
    else if (typeof value === "boolean") candidates.push({ [name]: !value });
    else if (Array.isArray(value)) candidates.push({ [name]: value.slice(1) });
    else if (typeof value === "string" || value === null)
      for (const alternative of STRING_ALTERNATIVES) candidates.push({ [name]: alternative });
  }
  const built = candidates.filter((overrides) => {
    try {
      presetPolicy(id, overrides);
      return true;
    } catch (error) {
      if (isValidationError(error)) return false;
      throw error;
    }
  });
  variantPools.set(id, built);
  return built;
}

/** The parameters of `policy` that differ from the preset's defaults (the corpus sets some). */
function overridesOf(id: PresetId, policy: Policy): Record<string, unknown> {
  const defaults = presetPolicy(id, {}).parameters;
  return Object.fromEntries(
    Object.entries(policy.parameters).filter(
      ([name, value]) => JSON.stringify(value) !== JSON.stringify(defaults[name]),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Facts, asOf and standings

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Every instant in the facts (deadlines, publications, sightings, answers…), in ms. */
function instantsIn(facts: unknown): number[] {
  const found = new Set<number>();
  const visit = (value: unknown) => {
    if (typeof value === "string" && INSTANT.test(value)) found.add(Date.parse(value));
    else if (typeof value === "object" && value !== null) Object.values(value).forEach(visit);
  };
  visit(facts);
  return [...found].filter(Number.isFinite).sort((a, b) => a - b);
}

/** Every duration in the parameters and the facts (windows, minimums, tolerances), in ms. */
function durationsIn(...values: unknown[]): number[] {
  const found = new Set<number>([0]);
  const visit = (value: unknown) => {
    const ms = approximateMs(value);
    if (ms !== undefined) found.add(ms);
    else if (typeof value === "object" && value !== null) Object.values(value).forEach(visit);
  };
  values.forEach(visit);
  return [...found].sort((a, b) => a - b);
}

const NEAR = [0, 1, -1, 1000, -1000, MINUTE, -MINUTE, HOUR, -HOUR, DAY, -DAY];

/** An ISO string for `ms` at a fixed offset (minutes east of UTC), from `toISOString` only. */
function isoAt(ms: number, offsetMinutes: number): string {
  if (offsetMinutes === 0) return new Date(ms).toISOString();
  const local = new Date(ms + offsetMinutes * MINUTE).toISOString().slice(0, 23);
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  return `${local}${offsetMinutes < 0 ? "-" : "+"}${hh}:${mm}`;
}

/** `asOf`: around an instant of the facts plus one of the windows, or the source's own. */
function asOfArbitrary(
  facts: unknown,
  own: string,
  durations: readonly number[],
): fc.Arbitrary<{ ms: number; value: string | Date }> {
  const instants = instantsIn(facts);
  const selected = Date.parse(
    (facts as { participation?: { selectedAt?: string } }).participation?.selectedAt ?? own,
  );
  const around = fc
    .tuple(
      fc.nat({ max: Math.max(0, instants.length - 1) }),
      fc.nat({ max: durations.length - 1 }),
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...NEAR) },
        { weight: 1, arbitrary: fc.integer({ min: -3 * DAY, max: 3 * DAY }) },
      ),
    )
    .map(([i, j, delta]) => (instants[i] ?? selected) + (durations[j] ?? 0) + delta)
    // Before selection the evaluation is refused: keep most cases after it.
    .map((ms) => (ms >= selected ? ms : selected + ((selected - ms) % (3 * DAY))));
  return fc
    .tuple(
      fc.oneof(
        { weight: 1, arbitrary: fc.constant(Date.parse(own)) },
        { weight: 4, arbitrary: around },
      ),
      fc.constantFrom(0, 0, 0, 540, -300, 345, "date" as const),
    )
    .map(([ms, form]) => ({ ms, value: form === "date" ? new Date(ms) : isoAt(ms, form) }));
}

/** A source of facts, before `asOf`, standing and parameters are drawn. */
interface Base {
  source: string;
  facts: unknown;
  asOf: string;
  standing?: Standing | undefined;
  preset: PresetId;
  overrides: Record<string, unknown>;
}

function corpusBase(id: PresetId): fc.Arbitrary<Base> {
  // The corpus generator makes one case per preset in turn (registry order): this preset's
  // comes at its index, so only that many cases are generated.
  const count = Math.max(0, PRESET_IDS.indexOf(id)) + 1;
  return fc.integer({ min: 0, max: 2 ** 31 - 1 }).map((seed) => {
    const found = generateCorpus(seed, count).at(-1) as ReturnType<typeof generateCorpus>[number];
    return {
      source: `generateCorpus(${seed}, ${count}) case ${found.name}`,
      facts: found.facts,
      asOf: found.asOf,
      standing: found.standing,
      preset: id,
      overrides: found.preset === id ? overridesOf(id, found.policy) : {},
    };
  });
}

const seedBase = (id: PresetId): fc.Arbitrary<Base> =>
  fc.constantFrom(...FACTS_SEEDS).map((seed) => ({
    source: `facts seed "${seed.name}"`,
    facts: seed.facts,
    asOf: seed.asOf,
    standing: seed.standing as Standing | undefined,
    preset: id,
    overrides: {},
  }));

/** A generated (facts, options) with where it came from, and the preset's overrides. */
interface FactsCase {
  source: string;
  facts: unknown;
  options: { asOf: unknown; standing?: unknown; trace?: unknown };
  overrides: Record<string, unknown>;
}

/** A case built from valid facts: its options are valid options. */
interface ValidCase extends FactsCase {
  options: EvaluateOptions;
}

/** What strikes are measured by: the strike expiries the presets and the corpus use. */
const EXPIRIES = [30 * DAY, 90 * DAY];

/**
 * Valid facts with an `asOf` around their thresholds, a standing built by the reducers (or
 * none, or the source's), maybe an override of the preset's parameters, maybe the trace.
 */
function validCase(id: PresetId, durations: readonly number[]): fc.Arbitrary<ValidCase> {
  return fc
    .oneof({ weight: 6, arbitrary: corpusBase(id) }, { weight: 1, arbitrary: seedBase(id) })
    .chain((base) =>
      fc
        .record({
          asOf: asOfArbitrary(base.facts, base.asOf, durations),
          overrides: fc.oneof(
            { weight: 7, arbitrary: fc.constant(base.overrides) },
            { weight: 3, arbitrary: fc.constantFrom(...variants(id)) },
          ),
          standing: fc.constantFrom("none", "own", "reduced", "reduced"),
          trace: fc.oneof({ weight: 7, arbitrary: fc.constant(false) }, fc.constant(true)),
        })
        .chain(({ asOf, overrides, standing, trace }) => {
          const facts = base.facts as { influencer: { id: string }; campaign: { id: string } };
          const standingOf =
            standing === "reduced"
              ? standingArbitrary({
                  influencerId: facts.influencer.id,
                  campaignId: facts.campaign.id,
                  asOfMs: asOf.ms,
                  expiriesMs: EXPIRIES,
                })
              : fc.constant(standing === "own" ? base.standing : undefined);
          return standingOf.map((drawn) => ({
            source: base.source,
            facts: base.facts,
            overrides,
            options: {
              asOf: asOf.value,
              ...(drawn ? { standing: drawn } : {}),
              ...(trace ? { trace: true } : {}),
            },
          }));
        }),
    );
}

/** Mutated facts and options from the facts fuzzer: mostly refused, the same way by both. */
const mutatedCase: fc.Arbitrary<FactsCase> = factsCaseArbitrary.map((item) => ({
  source: `facts fuzz seed "${item.seed}" steps ${JSON.stringify(item.steps)}`,
  facts: item.facts,
  options: item.options as FactsCase["options"],
  overrides: {},
}));

function presetCase(id: PresetId): fc.Arbitrary<FactsCase> {
  const durations = durationsIn(
    PRESETS[id].defaults,
    ...variants(id),
    ...FACTS_SEEDS.map((seed) => seed.facts),
  );
  return fc.oneof(
    { weight: 9, arbitrary: validCase(id, durations) },
    { weight: 1, arbitrary: mutatedCase },
  );
}

// ---------------------------------------------------------------------------------------------

// Tens of thousands of evaluations: far past vitest's 5 s default on a loaded 2-core machine.
describe("evaluateSync = evaluate on generated cases", { timeout: 600_000 }, () => {
  for (const id of PRESET_IDS) {
    it(`for the ${id} preset on ${PRESET_RUNS} generated (facts, asOf, standing)`, async () => {
      const tally = new Tally(id);
      try {
        await fc.assert(
          fc.asyncProperty(presetCase(id), async (testCase) => {
            const policy = presetPolicy(id, testCase.overrides);
            const expected = await reference(testCase.facts, policy, testCase.options);
            const actual = synchronous(() =>
              // @ts-expect-error the options are generated, some mutated into invalid ones
              evaluateSync(testCase.facts, policy, testCase.options),
            );
            expectSame(
              tally,
              () => ({
                policy: `${id}(${JSON.stringify(testCase.overrides)})`,
                facts: testCase.facts,
                options: testCase.options,
                source: testCase.source,
              }),
              expected,
              [["evaluateSync", actual]],
            );
          }),
          { numRuns: PRESET_RUNS, seed: SEED },
        );
      } finally {
        console.log(tally.line());
      }
      // Not vacuous: mostly verdicts, of several statuses; some refusals too.
      if (PRESET_RUNS >= 1_000) {
        expect(tally.verdicts).toBeGreaterThan(PRESET_RUNS * 0.75);
        expect(tally.statuses.size).toBeGreaterThanOrEqual(3);
        expect(tally.cases - tally.verdicts).toBeGreaterThan(PRESET_RUNS * 0.02);
        // Actions only where the preset schedules any (Mediance does not).
        const schedules = presetPolicy(id, {}).rules.some(
          (rule) => rule.event.params.phase === "sanctions" && rule.event.params.action,
        );
        for (const item of ["sanctions", "a strike", "a trace", ...(schedules ? ["actions"] : [])])
          expect(tally.holding.get(item) ?? 0, item).toBeGreaterThan(PRESET_RUNS * 0.02);
      }
    });
  }

  it(`for ${CUSTOM_RUNS} generated custom policies, each on ${FACTS_PER_CUSTOM_POLICY} generated cases`, async () => {
    const tally = new Tally("custom policies");
    // The registry's fact paths, with the values rules really see there (examples, part of
    // the corpus).
    const catalogue = registryCatalogue(
      await sampleFactCatalogue([
        ...FACTS_SEEDS.map((seed) => ({
          facts: seed.facts,
          policy: seed.policy,
          options: { asOf: seed.asOf, ...(seed.standing ? { standing: seed.standing } : {}) },
        })),
        ...generateCorpus(7, 48).map((item) => ({
          facts: item.facts,
          policy: item.policy,
          options: { asOf: item.asOf, ...(item.standing ? { standing: item.standing } : {}) },
        })),
      ]),
    );
    expect(catalogue.size).toBeGreaterThan(100);
    const presetParameters = PRESET_IDS.map((id) => PRESETS[id].create().parameters);
    const durations = durationsIn(...presetParameters);
    const cases = fc.array(
      fc.constantFrom(...PRESET_IDS).chain((id) => validCase(id, durations)),
      { minLength: FACTS_PER_CUSTOM_POLICY, maxLength: FACTS_PER_CUSTOM_POLICY },
    );
    let generated = 0;
    let rejected = 0;
    const rejections = new Map<string, number>();
    try {
      await fc.assert(
        fc.asyncProperty(
          customPolicyArbitrary(catalogue, presetParameters),
          cases,
          async (policy, factsCases) => {
            generated += 1;
            try {
              parsePolicy(policy);
            } catch (error) {
              if (!isValidationError(error)) throw error;
              rejected += 1;
              const first = error.issues[0]?.message.replace(/"[^"]*"/g, "…") ?? "";
              rejections.set(first, (rejections.get(first) ?? 0) + 1);
              fc.pre(false);
            }
            const compiled = compilePolicy(policy);
            for (const [index, testCase] of factsCases.entries()) {
              const expected = await reference(testCase.facts, policy, testCase.options);
              const { options } = testCase;
              const actual: Array<[string, Outcome]> = [
                ["evaluateSync", synchronous(() => evaluateSync(testCase.facts, policy, options))],
              ];
              // evaluateSync compiles through the same cache: once per policy is enough here.
              if (index === 0)
                actual.push([
                  "compilePolicy().evaluate",
                  synchronous(() => compiled.evaluate(testCase.facts, options)),
                ]);
              expectSame(
                tally,
                () => ({
                  policy: JSON.stringify(policy),
                  facts: testCase.facts,
                  options: testCase.options,
                  source: testCase.source,
                }),
                expected,
                actual,
              );
            }
          },
        ),
        { numRuns: CUSTOM_RUNS, seed: SEED },
      );
    } finally {
      const accepted = generated - rejected;
      console.log(
        tally.line(
          ` (${accepted} accepted policies of ${generated} generated over ${catalogue.size} registry paths, ${FACTS_PER_CUSTOM_POLICY} cases each)`,
        ),
      );
      if (rejected > 0) {
        const top = [...rejections.entries()].sort(([, a], [, b]) => b - a).slice(0, 3);
        console.log(
          `differential: custom policies refused by parsePolicy, most often: ${show(top)}`,
        );
      }
    }
    if (CUSTOM_RUNS >= 1_000) {
      // Most generated policies are accepted, and their rules decide things.
      expect(rejected).toBeLessThan(generated * 0.5);
      expect(tally.verdicts).toBeGreaterThan(tally.cases * 0.75);
      expect(tally.statuses.size).toBeGreaterThanOrEqual(3);
      for (const item of ["sanctions", "actions", "exception decisions", "a strike"])
        expect(tally.holding.get(item) ?? 0, item).toBeGreaterThan(CUSTOM_RUNS * 0.02);
    }
  });

  it(`for ${MUTATED_POLICY_RUNS} policies the policy fuzzer mutated and parsePolicy accepted`, async () => {
    const tally = new Tally("mutated policies");
    let runs = 0;
    try {
      await fc.assert(
        fc.asyncProperty(policyCaseArbitrary(FACTS_SEEDS.length), async (policyCase) => {
          runs += 1;
          let policy: unknown;
          try {
            policy = parsePolicy(policyCase.policy);
          } catch (error) {
            if (isValidationError(error)) return;
            throw error;
          }
          for (const index of policyCase.facts) {
            const seed = FACTS_SEEDS[index] as (typeof FACTS_SEEDS)[number];
            const options = { asOf: seed.asOf, trace: true };
            expectSame(
              tally,
              () => ({
                policy: JSON.stringify(policyCase.policy),
                facts: seed.facts,
                options,
                source: `policy fuzz seed "${policyCase.seed}" steps ${JSON.stringify(policyCase.steps)}`,
              }),
              await reference(seed.facts, policy, options),
              [["evaluateSync", synchronous(() => evaluateSync(seed.facts, policy, options))]],
            );
          }
        }),
        { numRuns: MUTATED_POLICY_RUNS, seed: SEED },
      );
    } finally {
      console.log(tally.line(` (of ${runs} fuzzed policies)`));
    }
  });
});

describe("evaluateSync = evaluate on fixed cases", { timeout: 120_000 }, () => {
  it("on every example scenario, with and without the trace", async () => {
    const tally = new Tally("examples");
    for (const [preset, scenarios] of examples) {
      for (const scenario of scenarios) {
        for (const trace of [false, true]) {
          const options = {
            asOf: scenario.asOf,
            ...(scenario.standing ? { standing: scenario.standing } : {}),
            ...(trace ? { trace } : {}),
          };
          const expected = await reference(scenario.facts, scenario.policy, options);
          expect(expected.kind).toBe("verdict");
          expectSame(
            tally,
            () => ({
              policy: scenario.policy.id,
              facts: scenario.facts,
              options,
              source: `example ${preset}: ${scenario.title}`,
            }),
            expected,
            [
              [
                "evaluateSync",
                synchronous(() => evaluateSync(scenario.facts, scenario.policy, options)),
              ],
              [
                "compilePolicy().evaluate",
                synchronous(() => compilePolicy(scenario.policy).evaluate(scenario.facts, options)),
              ],
            ],
          );
        }
      }
    }
    console.log(tally.line());
  });

  it("on the 520 cases of the host corpus", async () => {
    const tally = new Tally("host corpus");
    const corpus = generateCorpus();
    expect(corpus).toHaveLength(520);
    for (const testCase of corpus) {
      const options = {
        asOf: testCase.asOf,
        ...(testCase.standing ? { standing: testCase.standing } : {}),
      };
      expectSame(
        tally,
        () => ({
          policy: testCase.policy.id,
          facts: testCase.facts,
          options,
          source: `host corpus ${testCase.name}`,
        }),
        await reference(testCase.facts, testCase.policy, options),
        [
          [
            "evaluateSync",
            synchronous(() => evaluateSync(testCase.facts, testCase.policy, options)),
          ],
        ],
      );
    }
    expect(tally.verdicts).toBe(corpus.length);
    console.log(tally.line());
  });

  it("refuses bad input the same way", async () => {
    const bad = { ...seoulFacts(), deliverables: [] };
    const options = { asOf: "2026-04-10T00:00:00Z" };
    const expected = await reference(bad, mediance(), options);
    expect(expected.kind).toBe("INVALID_FACTS");
    expect(synchronous(() => evaluateSync(bad, mediance(), options)).text).toBe(expected.text);
    expect(() => compilePolicy({ id: "x" })).toThrow(/Invalid policy/);
  });

  it("reports the first difference of two verdicts by path", () => {
    // The mismatch report must point at the field, or a failure is not reproducible by reading.
    expect(firstDifference('{"a":[1,{"b":2}]}', '{"a":[1,{"b":3}]}')).toEqual({
      path: "a[1].b",
      reference: 2,
      compiled: 3,
    });
    expect(firstDifference('{"a":1}', '{"a":1}')).toBeNull();
    expect(firstDifference('{"a":1,"b":2}', '{"b":2,"a":1}')?.path).toBe("(whole) (key order)");
    expect(firstDifference('{"a":1}', "ValidationError INVALID_FACTS []")?.path).toBe("(whole)");
    expect(firstDifference('{"a":{}}', '{"a":{"x":null}}')?.path).toBe("a.x");
    expect(firstDifference('{"p":{"i":1},"s":"v"}', '{"p":{"i":1},"s":"w"}')?.path).toBe("s");
  });
});
