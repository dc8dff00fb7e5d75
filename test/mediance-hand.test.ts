/**
 * The hand-written Mediance evaluator (the benchmark anchor) gives the library's outcomes: on
 * every Mediance example, on the Mediance cases of the host corpus, and on generated
 * participations judged at instants around their deadlines.
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { type HandOutcome, medianceByHand, outcomeOf } from "../bench/mediance-hand.js";
import { examples } from "../examples/index.js";
import {
  type CampaignFacts,
  evaluate,
  type MedianceParameters,
  mediance,
  type Policy,
  parseFacts,
  type Standing,
} from "../src/index.js";
import {
  contact,
  deliverable,
  money,
  observation,
  type ParticipationSpec,
  participation,
  post,
  product,
} from "../src/testing/index.js";
import { deepFreeze, SEOUL } from "./fixtures.js";
import { factsCaseArbitrary } from "./fuzz/facts.js";
import { generateCorpus } from "./host/corpus.js";

const DEFAULT = mediance();
const counts = { examples: 0, corpus: 0, edges: 0, generated: 0 };
// Every rule × outcome, status and sanction the comparisons met: the generators must reach them.
const seen = new Set<string>();

afterAll(() => {
  const total = counts.examples + counts.corpus + counts.edges + counts.generated;
  console.log(
    `mediance-hand: ${total} cases compared (examples ${counts.examples}, corpus ${counts.corpus}, edge cases ${counts.edges}, generated ${counts.generated})`,
  );
});

function record(outcome: HandOutcome): void {
  seen.add(`status:${outcome.status}`);
  for (const finding of outcome.findings) seen.add(`${finding.rule}:${finding.outcome}`);
  for (const sanction of outcome.sanctions) seen.add(`sanction:${sanction.type}`);
  if (outcome.nextCheckAt !== null) seen.add("nextCheckAt");
}

/**
 * The library's outcomes and the hand evaluator's for one case. The facts are parsed once and
 * frozen, so the hand evaluator is also shown never to write to them.
 */
async function both(
  input: unknown,
  asOf: string,
  policy: Policy = DEFAULT,
  standing?: Standing,
): Promise<{ library: HandOutcome; hand: HandOutcome }> {
  const verdict = await evaluate(input, policy, { asOf, ...(standing ? { standing } : {}) });
  const facts = deepFreeze(parseFacts(input));
  const hand = medianceByHand(facts, asOf, policy.parameters as MedianceParameters);
  return { library: outcomeOf(verdict), hand };
}

const mediances = examples.find(([preset]) => preset === "Mediance")?.[1] ?? [];

describe("medianceByHand on the Mediance examples", () => {
  it("has examples to compare", () => {
    expect(mediances.length).toBeGreaterThanOrEqual(4);
  });
  for (const scenario of mediances) {
    it(scenario.title, async () => {
      const { library, hand } = await both(
        scenario.facts,
        scenario.asOf,
        scenario.policy,
        scenario.standing,
      );
      expect(hand).toStrictEqual(library);
      expect({ status: hand.status, noShow: hand.noShow }).toEqual(scenario.expected);
      counts.examples++;
      record(hand);
    });
  }

  it("computes the no-show example's outcomes as written out by hand", () => {
    const scenario = mediances.find(({ title }) => title.startsWith("no-show"));
    if (!scenario) throw new Error("the no-show example is missing");
    // Deleted after 12 of 30 days (case 2); a text unanswered after 3 days, which is also a text
    // after the product's delivery (cases 4 and 5); serious harm reported.
    expect(medianceByHand(parseFacts(scenario.facts), scenario.asOf)).toStrictEqual({
      status: "violation",
      noShow: true,
      findings: [
        { rule: "mediance.post-not-registered", deliverableId: "feed-1", outcome: "compliant" },
        { rule: "mediance.tracking-unavailable", deliverableId: "feed-1", outcome: "violation" },
        { rule: "mediance.unresponsive", outcome: "violation" },
        { rule: "mediance.silent-after-product", outcome: "violation" },
      ],
      sanctions: [
        { type: "exclude_from_future_campaigns" },
        { type: "withhold_payout", amount: { amount: 100000, currency: "KRW" } },
        { type: "legal_review" },
      ],
      nextCheckAt: null,
    });
  });

  it("reads its parameters: a 60-day minimum leaves the clean example pending, unlike the default", async () => {
    const scenario = mediances.find(({ title }) => title.startsWith("clean"));
    if (!scenario) throw new Error("the clean example is missing");
    const longer = { ...(DEFAULT.parameters as MedianceParameters), minLiveDuration: { days: 60 } };
    const hand = medianceByHand(parseFacts(scenario.facts), scenario.asOf, longer);
    const { library } = await both(scenario.facts, scenario.asOf);
    expect(library.status).toBe("compliant");
    expect(hand.status).toBe("pending");
    // Published 2026-03-20 19:30 KST: 60 calendar days later, in Seoul.
    expect(hand.nextCheckAt).toBe("2026-05-19T10:30:00.000Z");
    expect(hand).not.toEqual(library);
  });
});

describe("medianceByHand on the host corpus", { timeout: 120_000 }, () => {
  const cases = generateCorpus().filter((entry) => entry.preset === "mediance");

  it("has Mediance cases, some with non-default parameters", () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
    expect(cases.some((entry) => entry.policy.parameters.minLiveDuration !== undefined)).toBe(true);
    expect(cases.some((entry) => entry.policy !== cases[0]?.policy)).toBe(true);
  });

  it("agrees with the library on every Mediance case", async () => {
    for (const entry of cases) {
      // The corpus's standings hold strikes only: Mediance reads prior no-shows, so the hand
      // evaluator (which reads no standing) must still agree with the library given them.
      expect(entry.standing?.noShows ?? []).toEqual([]);
      const { library, hand } = await both(entry.facts, entry.asOf, entry.policy, entry.standing);
      expect({ name: entry.name, ...hand }).toStrictEqual({ name: entry.name, ...library });
      counts.corpus++;
      record(hand);
    }
  });
});

/**
 * The Seoul participation's influencer, product and payment in a paid campaign of its own. The
 * product's times are instants (KST), so they stay put whatever zone an edge case is in.
 */
const EDGE = {
  kind: "paid",
  campaign: { id: "camp-edge" },
  influencer: SEOUL.influencer,
  product: product({
    value: money(45_000, "KRW"),
    shippedAt: "2026-03-02T09:00:00+09:00",
    deliveredAt: "2026-03-03T14:00:00+09:00",
  }),
  payment: SEOUL.payment,
} as const satisfies ParticipationSpec;

/**
 * Calendar and observation edge cases the generators reach rarely or never, each judged at
 * instants just around the one it turns on (a pending finding's `nextCheckAt` shows that instant
 * exactly, so an offset or a clamp that is off by anything shows). Each campaign starts when the
 * influencer is selected and has one post deliverable, `feed`.
 */
const EDGES: ReadonlyArray<{ name: string; facts: unknown; asOfs: string[] }> = [
  {
    name: "a month's minimum from 31 January ends on 28 February (clamped)",
    facts: participation({
      ...EDGE,
      zone: "Asia/Seoul",
      startsAt: "2026-01-20T00:00:00+09:00",
      selectedAt: "2026-01-20T00:00:00+09:00",
      endsAt: "2026-01-31T23:59:59+09:00",
      deliverables: [
        deliverable({
          id: "feed",
          minLiveDuration: { months: 1 },
          post: post("2026-01-31T10:00:00+09:00", {
            observations: [observation("2026-02-28T10:00:00+09:00", "live")],
          }),
        }),
      ],
    }),
    asOfs: ["2026-02-28T00:59:59.999Z", "2026-02-28T01:00:00.000Z", "2026-03-03T01:00:00.000Z"],
  },
  {
    name: "a year's minimum from 29 February 2028 ends on 28 February 2029",
    facts: participation({
      ...EDGE,
      zone: "Asia/Seoul",
      startsAt: "2028-02-20T00:00:00+09:00",
      selectedAt: "2028-02-20T00:00:00+09:00",
      endsAt: "2028-02-29T23:59:59+09:00",
      deliverables: [
        deliverable({
          id: "feed",
          minLiveDuration: { years: 1 },
          post: post("2028-02-29T10:00:00+09:00", {
            observations: [observation("2029-02-28T10:00:00+09:00", "live")],
          }),
        }),
      ],
    }),
    asOfs: ["2029-02-28T00:59:59.999Z", "2029-02-28T01:00:00.000Z"],
  },
  ...(
    [
      [
        "deleted by the influencer and unavailable at once (disputed)",
        "deleted",
        "influencer",
        "unavailable",
        "outage",
      ],
      [
        "deleted and removed by the platform at once (disputed)",
        "deleted",
        undefined,
        "removed_by_platform",
        undefined,
      ],
      [
        "deleted and made private at once (both the influencer's)",
        "deleted",
        "influencer",
        "private",
        undefined,
      ],
    ] as const
  ).flatMap(([name, a, causeA, b, causeB]) =>
    [false, true].map((seenAgain) => ({
      name: `${name}${seenAgain ? ", then seen live again" : ""}`,
      facts: participation({
        ...EDGE,
        zone: "Asia/Seoul",
        startsAt: "2026-03-01T00:00:00+09:00",
        selectedAt: "2026-03-01T00:00:00+09:00",
        endsAt: "2026-03-31T23:59:59+09:00",
        deliverables: [
          deliverable({
            id: "feed",
            post: post("2026-03-10T12:00:00+09:00", {
              observations: [
                observation("2026-03-12T12:00:00+09:00", "live"),
                observation("2026-03-15T12:00:00+09:00", b, causeB),
                observation("2026-03-15T12:00:00+09:00", a, causeA),
                ...(seenAgain ? [observation("2026-03-20T12:00:00+09:00", "live")] : []),
              ],
            }),
          }),
        ],
      }),
      asOfs: ["2026-03-15T03:00:00.000Z", "2026-03-25T00:00:00.000Z", "2026-04-20T00:00:00.000Z"],
    })),
  ),
  {
    name: "30 days ending in the hour New York repeats (the earlier instant)",
    facts: participation({
      ...EDGE,
      zone: "America/New_York",
      startsAt: "2026-09-25T00:00:00-04:00",
      selectedAt: "2026-09-25T00:00:00-04:00",
      endsAt: "2026-10-20T00:00:00-04:00",
      deliverables: [
        deliverable({
          id: "feed",
          post: post("2026-10-02T01:30:00-04:00", {
            observations: [observation("2026-11-01T05:30:00.000Z", "live")],
          }),
        }),
      ],
    }),
    asOfs: ["2026-11-01T05:29:59.999Z", "2026-11-01T05:30:00.000Z", "2026-11-01T06:30:00.000Z"],
  },
  {
    name: "30 days ending in the hour New York skips, and a 3-day answer window across it",
    facts: participation({
      ...EDGE,
      zone: "America/New_York",
      startsAt: "2026-02-01T00:00:00-05:00",
      selectedAt: "2026-02-01T00:00:00-05:00",
      endsAt: "2026-02-20T00:00:00-05:00",
      deliverables: [
        deliverable({ id: "feed", post: post("2026-02-06T02:30:00-05:00", { observations: [] }) }),
      ],
      contacts: [contact("2026-03-05T02:30:00-05:00")],
    }),
    asOfs: ["2026-03-08T07:29:59.999Z", "2026-03-08T07:30:00.000Z", "2026-03-08T07:30:00.001Z"],
  },
  {
    name: "30 days ending in the half hour Lord Howe repeats",
    facts: participation({
      ...EDGE,
      zone: "Australia/Lord_Howe",
      startsAt: "2026-03-01T00:00:00+11:00",
      selectedAt: "2026-03-01T00:00:00+11:00",
      endsAt: "2026-03-20T00:00:00+11:00",
      deliverables: [
        deliverable({ id: "feed", post: post("2026-03-06T01:45:00+11:00", { observations: [] }) }),
      ],
    }),
    asOfs: ["2026-04-04T14:00:00.000Z", "2026-04-04T14:45:00.000Z", "2026-04-04T15:15:00.000Z"],
  },
  {
    name: "30 days across Seoul's change from local mean time (+08:27:52) in 1908",
    facts: participation({
      ...EDGE,
      zone: "Asia/Seoul",
      startsAt: "1908-03-01T00:00:00Z",
      selectedAt: "1908-03-01T00:00:00Z",
      endsAt: "1908-03-05T00:00:00Z",
      deliverables: [
        deliverable({ id: "feed", post: post("1908-03-10T00:00:00Z", { observations: [] }) }),
      ],
    }),
    asOfs: ["1908-03-11T00:00:00.000Z", "1908-04-09T00:00:00.000Z"],
  },
];

describe("medianceByHand on calendar and observation edge cases", () => {
  for (const edge of EDGES) {
    it(edge.name, async () => {
      for (const asOf of edge.asOfs) {
        const { library, hand } = await both(edge.facts, asOf);
        expect({ asOf, ...hand }).toStrictEqual({ asOf, ...library });
        counts.edges++;
        record(hand);
      }
    });
  }

  it("agrees on a zone west of Greenwich by less than an hour (@date-fns/tz drops that sign)", async () => {
    // Lisbon kept local mean time, 36 min 45 s behind UTC ("GMT-00:36:45"), until 1912-01-01.
    // @date-fns/tz's tzOffset reads "-00:mm" offsets as positive; the library corrects the sign,
    // so 30 days from 1911-12-10 12:00 UTC end at 11:23:15 UTC on 1912-01-09 (11:23:15 local,
    // WET = UTC after the change), not 12:36:45.
    const facts = participation({
      ...EDGE,
      zone: "Europe/Lisbon",
      startsAt: "1911-12-01T00:00:00Z",
      selectedAt: "1911-12-01T00:00:00Z",
      endsAt: "1911-12-05T00:00:00Z",
      deliverables: [
        deliverable({ id: "feed", post: post("1911-12-10T12:00:00Z", { observations: [] }) }),
      ],
    });
    const { library, hand } = await both(facts, "1911-12-20T00:00:00Z");
    expect(hand.nextCheckAt).toBe("1912-01-09T11:23:15.000Z");
    expect(library).toStrictEqual(hand);
  });
});

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The instants a verdict turns on, roughly: selection, campaign end, deadlines and extensions,
 * publications and their 30-day minimum, sightings, contacts and edit requests with their
 * 3-day windows, delivery, cancellation, claims and the 14-day notice window after a deadline.
 */
function turningPoints(facts: CampaignFacts): number[] {
  const points = [facts.participation.selectedAt, facts.campaign.endsAt].map(Date.parse);
  const add = (instant: string | undefined, ...after: number[]) => {
    if (instant === undefined) return;
    const ms = Date.parse(instant);
    points.push(ms, ...after.map((gap) => ms + gap));
  };
  add(facts.campaign.endsAt, 14 * DAY);
  add(facts.participation.cancelledAt);
  for (const deliverable of facts.deliverables) {
    add(deliverable.dueAt, 14 * DAY);
    for (const extension of deliverable.extensions ?? []) {
      add(extension.grantedAt);
      add(extension.newDueAt, 14 * DAY);
    }
    add(deliverable.post?.publishedAt, 30 * DAY, 36 * HOUR, 47 * HOUR);
    for (const observation of deliverable.post?.observations ?? []) add(observation.at);
    for (const request of deliverable.editRequests ?? []) {
      add(request.requestedAt, 3 * DAY);
      add(request.respondedAt);
    }
  }
  for (const contact of facts.contacts ?? []) {
    add(contact.at, 3 * DAY);
    add(contact.respondedAt);
  }
  add(facts.product?.deliveredAt);
  for (const claim of facts.exceptions ?? []) add(claim.reportedAt);
  return points;
}

/** An `asOf` at, just around, or within a few days of one of the facts' turning points. */
function asOfAround(facts: CampaignFacts): fc.Arbitrary<string> {
  const points = turningPoints(facts);
  const selectedAt = Date.parse(facts.participation.selectedAt);
  return fc
    .tuple(
      fc.nat({ max: points.length - 1 }),
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(0, -1, 1, -HOUR, HOUR, -DAY, DAY) },
        { weight: 2, arbitrary: fc.integer({ min: -3 * DAY, max: 3 * DAY }) },
      ),
    )
    .map(([index, delta]) =>
      new Date(Math.max(selectedAt, (points[index] as number) + delta)).toISOString(),
    );
}

interface Generated {
  origin: string;
  facts: unknown;
  asOf: string;
  parameters: MedianceParameters;
}

/** Corpus-shaped Mediance participations from fresh corpus seeds (zones with DST, many parts). */
const fromCorpusSeeds: fc.Arbitrary<Generated> = fc
  .integer({ min: 1, max: 2 ** 31 - 1 })
  .chain((seed) => {
    const entry = generateCorpus(seed, 1)[0];
    // The corpus deals presets in turn, Mediance first.
    if (entry?.preset !== "mediance") throw new Error("the corpus's first case is not Mediance");
    return asOfAround(parseFacts(entry.facts)).map((asOf) => ({
      origin: `corpus seed ${seed}`,
      facts: entry.facts,
      asOf,
      parameters: entry.policy.parameters as MedianceParameters,
    }));
  });

/** The facts fuzzer's mutated seeds (every preset's examples and fixtures), where they are valid. */
const fromMutatedSeeds: fc.Arbitrary<Generated> = factsCaseArbitrary
  .map((testCase) => {
    try {
      return { testCase, facts: parseFacts(testCase.facts) };
    } catch {
      return null;
    }
  })
  .filter((parsed) => parsed !== null)
  .chain(({ testCase, facts }) =>
    asOfAround(facts).map((asOf) => ({
      origin: `mutated ${testCase.seed} ${JSON.stringify(testCase.steps)}`,
      facts: testCase.facts,
      asOf,
      parameters: DEFAULT.parameters as MedianceParameters,
    })),
  );

describe("medianceByHand on generated participations", { timeout: 120_000 }, () => {
  const policies = new Map<string, Policy>();
  const policyFor = (parameters: MedianceParameters): Policy => {
    const key = JSON.stringify(parameters);
    let policy = policies.get(key);
    if (!policy) {
      policy = mediance(parameters);
      policies.set(key, policy);
    }
    return policy;
  };

  for (const [name, arbitrary] of [
    ["corpus seeds", fromCorpusSeeds],
    ["mutated fuzz seeds", fromMutatedSeeds],
  ] as const) {
    it(`agrees with the library on 1,200 participations from ${name}`, async () => {
      await fc.assert(
        fc.asyncProperty(arbitrary, async (generated) => {
          const { library, hand } = await both(
            generated.facts,
            generated.asOf,
            policyFor(generated.parameters),
          );
          expect(hand).toStrictEqual(library);
          counts.generated++;
          record(hand);
        }),
        { numRuns: 1_200 },
      );
    });
  }

  it("reached every outcome of every rule, every status and every sanction", () => {
    expect(counts.generated).toBeGreaterThanOrEqual(2_000);
    const expected = [
      ...["violation", "needs_review", "excused", "pending", "compliant"].map(
        (status) => `status:${status}`,
      ),
      ...["violation", "needs_review", "excused", "pending", "compliant"].map(
        (outcome) => `mediance.post-not-registered:${outcome}`,
      ),
      ...["violation", "needs_review", "pending", "compliant"].map(
        (outcome) => `mediance.tracking-unavailable:${outcome}`,
      ),
      ...["violation", "pending", "compliant"].flatMap((outcome) => [
        `mediance.edit-request-ignored:${outcome}`,
        `mediance.unresponsive:${outcome}`,
        `mediance.silent-after-product:${outcome}`,
      ]),
      "mediance.silent-after-product:needs_review",
      "sanction:exclude_from_future_campaigns",
      "sanction:withhold_payout",
      "sanction:legal_review",
      "nextCheckAt",
    ];
    expect(expected.filter((key) => !seen.has(key))).toEqual([]);
  });
});
