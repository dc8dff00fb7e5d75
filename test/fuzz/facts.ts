/**
 * The facts fuzz domain: seeds from every example scenario and test fixture, the enums and graft
 * material they hold, and arbitraries of mutated facts, `asOf` and standings.
 */
import fc from "fast-check";
import { examples } from "../../examples/index.js";
import {
  ainfluencer,
  emptyStanding,
  flinque,
  mediance,
  type Policy,
  refluenced,
  type Standing,
} from "../../src/index.js";
import {
  CAMPAIGN_KINDS,
  DELIVERABLE_KINDS,
  EXCEPTION_TYPES,
  OBSERVATION_CAUSES,
  OBSERVATION_STATES,
} from "../../src/policy-entry.js";
import {
  deliverable,
  goodPost,
  nyFacts,
  standingWith,
  withDeliverable,
} from "../ainfluencer.fixtures.js";
import { seoulFacts, withPost } from "../fixtures.js";
import {
  applyStep,
  graftPool,
  type MutationDomain,
  NASTY,
  type Step,
  set,
  stepsArbitrary,
  tree,
} from "./mutate.js";

/** One valid starting point: facts, the instant they are judged at, a policy and a standing. */
export interface FactsSeed {
  name: string;
  facts: unknown;
  asOf: string;
  policy: Policy;
  standing?: Standing;
}

/** The seeds: every example scenario, then facts built from the fixtures. */
export const FACTS_SEEDS: readonly FactsSeed[] = [
  ...examples.flatMap(([preset, scenarios]) =>
    scenarios.map((scenario) => ({
      name: `example ${preset}: ${scenario.title}`,
      facts: scenario.facts,
      asOf: scenario.asOf,
      policy: scenario.policy,
      ...(scenario.standing ? { standing: scenario.standing } : {}),
    })),
  ),
  {
    name: "fixture seoulFacts()",
    facts: seoulFacts(),
    asOf: "2026-04-10T00:00:00Z",
    policy: mediance(),
  },
  {
    name: "fixture withPost(live, removed)",
    facts: withPost("2026-03-20T19:30:00+09:00", [
      { at: "2026-03-21T09:00:00+09:00", state: "live" },
      { at: "2026-03-25T09:00:00+09:00", state: "deleted", cause: "influencer" },
      { at: "2026-03-26T09:00:00+09:00", state: "unavailable", cause: "outage" },
    ]),
    asOf: "2026-04-25T00:00:00+09:00",
    policy: mediance(),
  },
  {
    name: "fixture seoulFacts(claims, contacts, cancellation)",
    facts: seoulFacts({
      contacts: [
        { id: "c1", at: "2026-03-05T10:00:00+09:00", from: "platform", channel: "call" },
        {
          id: "c2",
          at: "2026-03-06T10:00:00+09:00",
          from: "advertiser",
          channel: "sms",
          respondedAt: "2026-03-08T10:00:00+09:00",
        },
      ],
      exceptions: [
        {
          id: "x1",
          type: "illness",
          reportedAt: "2026-03-30T10:00:00+09:00",
          from: "2026-03-28T00:00:00+09:00",
          until: "2026-04-05T00:00:00+09:00",
          evidence: [{ kind: "medical_certificate", issuedAt: "2026-03-29T10:00:00+09:00" }],
          decision: "accepted",
          appliesTo: ["feed"],
        },
      ],
      participation: {
        selectedAt: "2026-02-25T10:00:00+09:00",
        cancelledAt: "2026-03-20T10:00:00+09:00",
        cancelledBy: "influencer",
      },
    }),
    asOf: "2026-04-10T00:00:00Z",
    policy: refluenced(),
  },
  {
    name: "fixture nyFacts()",
    facts: nyFacts(),
    asOf: "2026-04-25T00:00:00-04:00",
    policy: ainfluencer(),
  },
  {
    name: "fixture withDeliverable(no post)",
    facts: withDeliverable({ post: undefined }),
    asOf: "2026-05-02T00:00:00-04:00",
    policy: ainfluencer(),
    standing: standingWith([{ at: "2026-01-10T00:00:00Z", campaignId: "camp-0" }]),
  },
  {
    name: "fixture nyFacts(two deliverables, mismatching post, edits, voucher)",
    facts: nyFacts({
      deliverables: [
        deliverable("feed"),
        deliverable("reel", {
          kind: "reel",
          post: goodPost({ caption: "no label", mediaIds: ["img-9"] }),
          editRequests: [
            { id: "e1", requestedAt: "2026-04-11T10:00:00-04:00", reason: "disclosure" },
          ],
          extensions: [
            { grantedAt: "2026-04-09T10:00:00-04:00", newDueAt: "2026-04-12T10:00:00-04:00" },
          ],
        }),
      ],
      voucher: { value: { amount: 5000, currency: "USD" }, issuedAt: "2026-04-03T10:00:00-04:00" },
      product: {
        value: { amount: 1999, currency: "USD" },
        deliveredAt: "2026-04-04T10:00:00-04:00",
        returnRequestedAt: "2026-04-20T10:00:00-04:00",
      },
    }),
    asOf: "2026-05-10T00:00:00-04:00",
    policy: flinque(),
  },
];

/** The presets every input is judged by (one per run, drawn at random). */
export const PRESETS: ReadonlyArray<[string, Policy]> = [
  ["mediance", mediance()],
  ["refluenced", refluenced()],
  ["ainfluencer", ainfluencer()],
  ["flinque", flinque()],
];

const STANDING_SEEDS: readonly unknown[] = [
  emptyStanding("inf-1"),
  emptyStanding("inf-mia"),
  standingWith([
    { at: "2026-01-10T00:00:00Z", campaignId: "camp-0" },
    { at: "2026-02-10T00:00:00Z", campaignId: "camp-00", expiresAt: "2026-08-10T00:00:00Z" },
    { at: "2026-02-11T00:00:00Z", campaignId: "camp-000", revokedAt: "2026-02-12T00:00:00Z" },
  ]),
  ...FACTS_SEEDS.flatMap((seed) => (seed.standing ? [seed.standing] : [])),
];

/** The facts domain of the mutator. */
export const FACTS_DOMAIN: MutationDomain = {
  enums: [
    OBSERVATION_STATES,
    OBSERVATION_CAUSES,
    CAMPAIGN_KINDS,
    DELIVERABLE_KINDS,
    EXCEPTION_TYPES,
    ["platform", "advertiser"],
    ["call", "sms", "email", "chat"],
    ["influencer", "advertiser", "platform", "mutual"],
    ["accepted", "rejected", "needs_review"],
    ["guideline_mismatch", "disclosure", "other"],
    ["active", "restricted", "hidden", "suspended", "excluded"],
    [
      "Asia/Seoul",
      "America/New_York",
      "UTC",
      "Pacific/Chatham",
      "Asia/Kolkata",
      "Australia/Lord_Howe",
      "America/St_Johns",
      "Pacific/Kiritimati",
      "Antarctica/Troll",
      "Etc/GMT+12",
      "Not/AZone",
    ],
    ["KRW", "USD", "EUR", "JPY", "BHD", "XXX", "usd", "X!"],
    ["inf-1", "inf-mia", "inf-jiyoon", "feed", "reel", "camp-1", "x1", "c1"],
  ],
  grafts: graftPool([...FACTS_SEEDS.map((seed) => seed.facts), ...STANDING_SEEDS]),
  steps: {
    extremeInstant: (node, step) => {
      // Valid instants at the edges: the first and last representable years, DST changes in
      // zones with half-hour shifts, the epoch.
      const value = (node.parent as Record<string | number, unknown>)[node.key];
      if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return;
      const edges = [
        "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999Z",
        "1970-01-01T00:00:00Z",
        "2026-03-08T07:00:00Z",
        "2026-11-01T05:59:59.999Z",
        "2026-04-05T02:45:00+13:45",
        "2026-10-04T02:00:00+11:00",
        "2026-03-31T14:59:59Z",
        "2026-02-28T15:00:00Z",
      ];
      set(node, edges[step.a % edges.length]);
    },
    longDuration: (node, step) => {
      // Durations as long as the cap allows, in every unit.
      const value = (node.parent as Record<string | number, unknown>)[node.key];
      const durations = [
        { years: 999 },
        { months: 11_999 },
        { weeks: 52_000 },
        { days: 365_000 },
        { hours: 8_000_000 },
        { seconds: 31_000_000_000 },
        { minutes: 1 },
        { days: 1, hours: 23, minutes: 59, seconds: 59 },
      ];
      if (typeof value !== "object" || value === null || Array.isArray(value)) return;
      const duration = { ...durations[step.a % durations.length] };
      const units = ["years", "months", "weeks", "days", "hours", "minutes", "seconds"];
      const keys = Object.keys(value);
      // A duration is replaced; a deliverable gets a minimum, agreed terms a tolerance.
      if (keys.length > 0 && keys.every((key) => units.includes(key))) set(node, duration);
      else if ("publishAt" in value) Object.assign(value, { publishTolerance: duration });
      else if ("kind" in value && "id" in value && !("timezone" in value))
        Object.assign(value, { minLiveDuration: duration });
    },
  },
};

const FACTS_STEP_KINDS = [
  { weight: 4, kind: "extremeInstant" },
  { weight: 3, kind: "longDuration" },
];

/** Applies a mutation plan to a clone of `seed` (the seed itself is never touched). */
export function mutated(seed: unknown, steps: readonly Step[]): unknown {
  const t = tree(seed);
  for (const step of steps) applyStep(t, step, FACTS_DOMAIN);
  return t.holder.value;
}

const DAY = 86_400_000;

/** `asOf`: mostly the seed's instant moved by −20 to +60 days (a string or a Date), or a nasty one. */
function asOfArbitrary(base: string): fc.Arbitrary<unknown> {
  const time = Date.parse(base);
  const near = fc.integer({ min: -20 * DAY, max: 60 * DAY }).map((ms) => time + ms);
  return fc.oneof(
    { weight: 6, arbitrary: near.map((ms) => new Date(ms).toISOString()) },
    { weight: 2, arbitrary: near.map((ms) => new Date(ms)) },
    {
      weight: 1,
      arbitrary: near.map((ms) =>
        new Date(ms + 9 * 3_600_000).toISOString().replace("Z", "+09:00"),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        new Date(8.64e15),
        new Date(-8.64e15),
        new Date(Number.NaN),
        "+275760-09-13T00:00:00.000Z",
        "9999-12-31T23:59:59.999Z",
        "2026-02-30T00:00:00Z",
        "2026-03-10T00:00:00",
        "2026-03-10",
        "",
        1_700_000_000_000,
        null,
      ),
    },
  );
}

/**
 * One facts-fuzz case: the seed and mutation plan, the mutated facts and options, and the policy
 * by name (a counterexample prints this whole value: the policy itself would drown it).
 */
export interface FactsCase {
  seed: string;
  steps: Step[];
  facts: unknown;
  policy: string;
  options: unknown;
}

/** The policy a case names: a preset, or its seed's own. */
export function policyOf(testCase: FactsCase): Policy {
  const preset = PRESETS.find(([name]) => name === testCase.policy);
  if (preset) return preset[1];
  const seed = FACTS_SEEDS.find((candidate) => candidate.name === testCase.seed);
  if (!seed) throw new Error(`no seed ${testCase.seed}`);
  return seed.policy;
}

/** The policy name a case gives for its seed's own policy (see {@link policyOf}). */
export const OWN_POLICY = "the seed's own";

/**
 * Facts mutated from a seed, with an `asOf`, maybe a (maybe mutated) standing, and a preset
 * (or the seed's own policy).
 */
export const factsCaseArbitrary: fc.Arbitrary<FactsCase> = fc
  .nat({ max: FACTS_SEEDS.length - 1 })
  .chain((index) => {
    const seed = FACTS_SEEDS[index] as FactsSeed;
    const standing = fc.oneof(
      { weight: 5, arbitrary: fc.constant(undefined) },
      { weight: 3, arbitrary: fc.constantFrom(...STANDING_SEEDS) },
      {
        weight: 2,
        arbitrary: fc
          .tuple(fc.constantFrom(...STANDING_SEEDS), stepsArbitrary([], 2))
          .map(([standing, steps]) => mutated(standing, steps)),
      },
    );
    const policy = fc.constantFrom(...PRESETS.map(([name]) => name), OWN_POLICY);
    return fc
      .record({
        seed: fc.constant(seed.name),
        steps: stepsArbitrary(FACTS_STEP_KINDS),
        asOf: asOfArbitrary(seed.asOf),
        standing,
        policy,
        trace: fc.boolean(),
        nastyOption: fc.oneof(
          { weight: 30, arbitrary: fc.constant(null) },
          { weight: 1, arbitrary: fc.nat({ max: NASTY.length - 1 }) },
        ),
      })
      .map(({ seed: name, steps, asOf, standing, policy, trace, nastyOption }) => ({
        seed: name,
        steps,
        facts: mutated(seed.facts, steps),
        policy,
        options: {
          asOf,
          ...(standing === undefined ? {} : { standing }),
          ...(trace ? { trace } : {}),
          // Now and then an option that does not exist, or a nasty `trace`.
          ...(nastyOption === null ? {} : { trace: (NASTY[nastyOption] as () => unknown)() }),
        },
      }));
  });
