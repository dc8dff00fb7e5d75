/**
 * The complexity test of issue 8: for each dimension of the input, 10× the input costs at most
 * 20× the time, and the verdict's JSON size is linear in the size of the input that grew.
 *
 * Time: a ratio measured in this one process (never an absolute time). After a warm-up, the
 * size-1, small (n) and large (10n) inputs are evaluated in interleaved rounds and their fastest
 * samples compared: 10n at most 20× n, where n is large enough that the size-1 time (a fixed
 * cost, which would dilute a quadratic term) is under 3/4 of n's. Time is this process's CPU time
 * (`process.cpuUsage`), which other processes on a busy machine barely disturb. Noise (a
 * collection of another test's garbage, a descheduled GC thread) only ever adds time, so the
 * fastest sample is the closest to the true cost; under a loaded CI run most large samples were
 * slowed, and a median of three failed a linear path at ×20.4. A quadratic path shows as a ratio
 * near 100, a linear one near 10.
 *
 * Size: the bytes the verdict gains per byte the input gains must not grow with the input: from
 * n to 10n at most 1.2× (plus 0.01) what they are from 1 to n. Comparing growth rather than
 * totals keeps fixed parts (a preset's constant findings, a hundred claims beside the
 * deliverables that grow) from hiding or faking a trend; a verdict quadratic in its input gains
 * about 10× more per byte from n to 10n. The figures are printed, so the test output carries them.
 */
import { describe, expect, it } from "vitest";
import {
  ainfluencer,
  evaluate,
  flinque,
  mediance,
  type Policy,
  type PolicyRule,
  parsePolicy,
  refluenced,
  type Standing,
} from "../src/index.js";
import { medianceWithSanctionLeaf } from "./fixtures.js";

/** 10× the input… */
const SCALE = 10;
/** …costs at most this many times the time… */
const MAX_TIME_RATIO = 20;
/** The verdict's bytes per input byte, from n to 10n, are at most this times those from 1 to n… */
const MAX_SLOPE_RATIO = 1.2;
/** …plus this (verdicts that barely grow: a count's extra digit). */
const SLOPE_TOLERANCE = 0.01;
/** …where the size-1 input takes less than this share of the size-n time ({@link timeProblems}). */
const MAX_FIXED_SHARE = 0.75;
/** Interleaved measuring rounds (after one warm-up of each input). */
const ROUNDS = 5;
/** A sample of a small input repeats it until it takes this long, so timer noise is small. */
const MIN_SAMPLE_MS = 15;

interface Input {
  facts: Record<string, unknown>;
  policy: Policy;
  asOf: string;
  standing?: Standing;
}

interface Dimension {
  name: string;
  /** The input at size `n`. */
  build: (n: number) => Input;
  small: number;
  /** The part of the input that grows with `n` (its JSON size is compared with the verdict's). */
  grows: "facts" | "policy" | "standing";
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function run(input: Input): Promise<string> {
  const verdict = await evaluate(input.facts, input.policy, {
    asOf: input.asOf,
    ...(input.standing ? { standing: input.standing } : {}),
  });
  return JSON.stringify(verdict);
}

/** CPU milliseconds of one evaluation, from a sample of `repeat` evaluations. */
/** What is timed: the evaluation and its verdict's JSON (a self-test passes a workload of its own). */
type Runner = (input: Input) => Promise<string>;

async function sample(input: Input, repeat: number, runner: Runner = run): Promise<number> {
  const start = cpuMs();
  for (let index = 0; index < repeat; index++) await runner(input);
  return (cpuMs() - start) / repeat;
}

/** The fastest sample: noise only adds time, so it is the closest to the true cost. */
function fastest(values: readonly number[]): number {
  return Math.min(...values);
}

function sizeOf(input: Input, part: Dimension["grows"]): number {
  return JSON.stringify(input[part] ?? null).length;
}

interface Measured {
  /** The time at 10n over the time at n. */
  timeRatio: number;
  /** The size-1 time over the size-n time: the fixed cost's share of the size-n time. */
  fixedShare: number;
  /** Verdict bytes gained per input byte gained, from 1 to n and from n to 10n. */
  smallSlope: number;
  largeSlope: number;
}

/**
 * What a measure breaks: the time ratio's bound, and n too small. A fixed cost f (the fixed
 * share) dilutes the ratio: a quadratic part shows as f + (1 − f)·100, which is above 20 only
 * while f is under 0.8, so n must be large enough that the fixed cost is under 3/4 of its time.
 */
function timeProblems(measured: Measured): string[] {
  const problems: string[] = [];
  if (measured.fixedShare >= MAX_FIXED_SHARE)
    problems.push(
      `n too small: the size-1 time is ${(100 * measured.fixedShare).toFixed(0)}% of it, so the fixed cost could hide a trend`,
    );
  if (!(measured.timeRatio <= MAX_TIME_RATIO))
    problems.push(`10× the input took ×${measured.timeRatio.toFixed(1)} the time`);
  return problems;
}

async function measure(dimension: Dimension, runner: Runner = run): Promise<Measured> {
  const base = dimension.build(1);
  const small = dimension.build(dimension.small);
  const large = dimension.build(dimension.small * SCALE);
  // Warm-up: compile, fill caches, and learn how long one evaluation takes.
  const baseVerdict = await runner(base);
  const smallVerdict = await runner(small);
  const largeVerdict = await runner(large);
  const repeatFor = async (input: Input) =>
    Math.max(1, Math.ceil(MIN_SAMPLE_MS / Math.max(await sample(input, 1, runner), 0.01)));
  const [baseRepeat, smallRepeat] = [await repeatFor(base), await repeatFor(small)];
  // Interleaved, so that a slow spell falls on every size alike; size 1 after size n, not after
  // 10n, whose garbage would land on it.
  const baseTimes: number[] = [];
  const smallTimes: number[] = [];
  const largeTimes: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    smallTimes.push(await sample(small, smallRepeat, runner));
    baseTimes.push(await sample(base, baseRepeat, runner));
    largeTimes.push(await sample(large, 1, runner));
  }
  const baseMs = fastest(baseTimes);
  const smallMs = fastest(smallTimes);
  const largeMs = fastest(largeTimes);
  const [baseIn, smallIn, largeIn] = [base, small, large].map((input) =>
    sizeOf(input, dimension.grows),
  ) as [number, number, number];
  const measured = {
    timeRatio: largeMs / smallMs,
    fixedShare: baseMs / smallMs,
    smallSlope: (smallVerdict.length - baseVerdict.length) / (smallIn - baseIn),
    largeSlope: (largeVerdict.length - smallVerdict.length) / (largeIn - smallIn),
  };
  console.log(
    `complexity ${dimension.name}: n ${dimension.small} → ${dimension.small * SCALE}: ` +
      `time ×${measured.timeRatio.toFixed(1)} (${smallMs.toFixed(1)} → ${largeMs.toFixed(1)} ms CPU; size 1: ${baseMs.toFixed(2)} ms, ${(100 * measured.fixedShare).toFixed(0)}% of size n); ` +
      `${dimension.grows} ${baseIn} → ${smallIn} → ${largeIn} B, verdict ${baseVerdict.length} → ` +
      `${smallVerdict.length} → ${largeVerdict.length} B (×${(largeVerdict.length / smallVerdict.length).toFixed(1)}), ` +
      `verdict bytes per input byte ${measured.smallSlope.toFixed(3)} → ${measured.largeSlope.toFixed(3)}`,
  );
  return measured;
}

// --- Inputs, built from the fixtures' campaigns (test/fixtures.ts, test/ainfluencer.fixtures.ts,
// test/flinque.test.ts) and scaled along one dimension each.

const SEOUL = {
  campaign: {
    id: "camp-1",
    kind: "product_sponsorship",
    timezone: "Asia/Seoul",
    startsAt: "2026-03-01T00:00:00+09:00",
    endsAt: "2026-03-31T23:59:59+09:00",
  },
  influencer: { id: "inf-1", handle: "@jiyoon" },
  participation: { selectedAt: "2026-02-25T10:00:00+09:00" },
  product: {
    value: { amount: 45000, currency: "KRW" },
    shippedAt: "2026-03-02T09:00:00+09:00",
    deliveredAt: "2026-03-03T14:00:00+09:00",
  },
  payment: { amount: { amount: 100000, currency: "KRW" } },
};

const KOLKATA = {
  campaign: {
    id: "glow",
    kind: "paid",
    timezone: "Asia/Kolkata",
    startsAt: "2026-04-01T00:00:00+05:30",
    endsAt: "2026-04-30T23:59:59+05:30",
  },
  influencer: { id: "inf-aarav", handle: "@aarav" },
  participation: { selectedAt: "2026-03-25T10:00:00+05:30" },
  payment: { amount: { amount: 4500000, currency: "INR" } },
};

const NEW_YORK = {
  campaign: {
    id: "camp-1",
    kind: "paid",
    timezone: "America/New_York",
    startsAt: "2026-04-01T00:00:00-04:00",
    endsAt: "2026-04-30T23:59:59-04:00",
  },
  influencer: { id: "inf-mia", platform: "instagram", handle: "@mia.glow" },
  participation: { selectedAt: "2026-04-02T10:00:00-04:00" },
  payment: {
    amount: { amount: 25000, currency: "USD" },
    escrow: { fundedAt: "2026-04-03T09:00:00-04:00" },
  },
};

const MINUTE = 60_000;
const at = (base: string, minutes: number) =>
  new Date(Date.parse(base) + minutes * MINUTE).toISOString();
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

const dimensions: Dimension[] = [
  {
    // On 4 posts: with one, the rest of the evaluation is over half the time of 1,000
    // observations, and 10,000 is a post's most.
    name: "observations (alternating unavailable/live, on 4 posts)",
    small: 1_000,
    grows: "facts",
    build: (n) => ({
      policy: mediance(),
      asOf: "2026-03-20T00:00:00Z",
      facts: {
        ...SEOUL,
        deliverables: Array.from({ length: 4 }, (_, post) => ({
          id: `feed-${post}`,
          kind: "post",
          post: {
            publishedAt: "2026-03-05T10:00:00+09:00",
            observations: Array.from({ length: n }, (_, i) => ({
              at: at("2026-03-05T01:00:00Z", i + 1),
              state: i % 2 === 0 ? "unavailable" : "live",
            })),
          },
        })),
      },
    }),
  },
  {
    name: "caption length (words, labels and tags agreed)",
    small: 100_000,
    grows: "facts",
    build: (bytes) => ({
      policy: flinque({ disclosureProfile: "uk-asa" }),
      asOf: "2026-05-20T00:00:00Z",
      facts: {
        ...KOLKATA,
        deliverables: [
          {
            id: "reel",
            kind: "reel",
            dueAt: "2026-04-10T23:59:59+05:30",
            terms: {
              disclosureRequired: true,
              hashtags: ["#glowserum"],
              mentions: ["@glowlabs"],
              captionIncludes: ["vitamin C serum"],
            },
            post: {
              publishedAt: "2026-04-08T18:00:00+05:30",
              caption: "Morning routine, not sponsored - \n".repeat(bytes / 34),
            },
          },
        ],
      },
    }),
  },
  {
    name: 'label matches (a caption of "#ad Ad ")',
    small: 50_000,
    grows: "facts",
    build: (bytes) => ({
      policy: flinque({ disclosureProfile: "uk-asa" }),
      asOf: "2026-05-20T00:00:00Z",
      facts: {
        ...KOLKATA,
        deliverables: [
          {
            id: "reel",
            kind: "reel",
            dueAt: "2026-04-10T23:59:59+05:30",
            terms: { disclosureRequired: true, hashtags: ["#glowserum"] },
            post: {
              publishedAt: "2026-04-08T18:00:00+05:30",
              caption: "#ad Ad ".repeat(bytes / 7),
            },
          },
        ],
      },
    }),
  },
  {
    name: "terms lists (missing against present hashtags, mentions, media ids)",
    small: 1_000,
    grows: "facts",
    build: (n) => ({
      policy: ainfluencer(),
      asOf: "2026-04-20T00:00:00Z",
      facts: {
        ...NEW_YORK,
        deliverables: [
          {
            id: "feed",
            kind: "post",
            terms: {
              hashtags: ids("#agreed", n),
              mentions: ids("@agreed", n),
              mediaIds: ids("agreed", n),
            },
            post: {
              publishedAt: "2026-04-10T18:30:00-04:00",
              hashtags: ids("#posted", n),
              mentions: ids("@posted", n),
              mediaIds: ids("posted", n),
            },
          },
        ],
      },
    }),
  },
  {
    name: "caption phrases × caption (crafted near-misses)",
    small: 1_000,
    grows: "facts",
    build: (n) => ({
      policy: ainfluencer(),
      asOf: "2026-04-20T00:00:00Z",
      facts: {
        ...NEW_YORK,
        deliverables: [
          {
            id: "feed",
            kind: "post",
            terms: { captionIncludes: Array.from({ length: n }, (_, i) => `#ad #ad #ad x${i}`) },
            post: { publishedAt: "2026-04-10T18:30:00-04:00", caption: "#ad ".repeat(n * 25) },
          },
        ],
      },
    }),
  },
  {
    name: "contacts (unanswered and late)",
    small: 200,
    grows: "facts",
    build: (n) => ({
      policy: mediance(),
      asOf: "2026-03-31T00:00:00Z",
      facts: {
        ...SEOUL,
        deliverables: [{ id: "feed", kind: "post" }],
        contacts: Array.from({ length: n }, (_, i) => ({
          id: `contact-${i}`,
          at: at("2026-03-04T00:00:00Z", i),
          from: i % 3 === 0 ? "advertiser" : "platform",
          channel: (["call", "sms", "email", "chat"] as const)[i % 4],
          ...(i % 2 === 0 ? { respondedAt: at("2026-03-10T00:00:00Z", i) } : {}),
        })),
      },
    }),
  },
  {
    // On 10 deliverables, not more: their fixed cost must leave the claims most of the time.
    name: "claims (on 10 deliverables)",
    small: 100,
    grows: "facts",
    build: (n) => claimsInput(n, 10),
  },
  {
    name: "deliverables (with 100 claims)",
    small: 50,
    grows: "facts",
    build: (n) => claimsInput(100, n),
  },
  {
    // Both grow √10×, so the claim-deliverable pairs grow 10×: each claim covers what it applies
    // to, and a verdict that listed every covered finding per claim would grow with the pairs.
    name: "claims × deliverables (claim-deliverable pairs)",
    small: 5_000,
    grows: "facts",
    build: (pairs) =>
      claimsInput(Math.round(Math.sqrt(2 * pairs)), Math.max(1, Math.round(Math.sqrt(pairs / 2)))),
  },
  {
    name: "finding rules (custom, campaign scope)",
    small: 300,
    grows: "policy",
    // Parsed once: a policy parsed again is served by content from a cache (up to 1 MB of JSON),
    // which the small size would hit and the large one miss; the check's own cost is linear too
    // (the last test of this file).
    build: (n) => ({
      policy: parsePolicy(withRules(refluenced(), n)),
      asOf: "2026-03-20T00:00:00Z",
      facts: { ...SEOUL, deliverables: [{ id: "feed", kind: "post" }] },
    }),
  },
  {
    name: "strikes in the standing",
    small: 1_000,
    grows: "standing",
    build: (n) => ({
      policy: ainfluencer(),
      asOf: "2026-04-20T00:00:00Z",
      facts: {
        ...NEW_YORK,
        deliverables: [{ id: "feed", kind: "post", dueAt: "2026-04-10T23:59:59-04:00" }],
      },
      standing: {
        influencerId: "inf-mia",
        status: "hidden",
        qualityScore: 50,
        strikes: Array.from({ length: n }, (_, i) => ({
          at: at("2025-01-01T00:00:00Z", i * 30),
          campaignId: `past-${i}`,
          policyId: "ainfluencer",
          rules: ["ainfluencer.not-published"],
          scoreDelta: -10,
          ...(i % 5 === 0 ? { revokedAt: at("2026-01-01T00:00:00Z", i) } : {}),
          ...(i % 7 === 0 ? { expiresAt: at("2026-04-25T00:00:00Z", i) } : {}),
        })),
        noShows: Array.from({ length: n }, (_, i) => ({
          at: at("2025-01-01T00:00:00Z", i * 30),
          campaignId: `past-${i}`,
          policyId: "ainfluencer",
          rules: ["ainfluencer.not-published"],
        })),
      },
    }),
  },
];

/**
 * `claims` exception claims on `deliverables` missing deliverables (Mediance, Seoul). Deadlines
 * fall on 10 days and claims come every 36 hours over 30 days, so whatever the counts, claims
 * come in advance of some deadlines, within the notice window of others and too late for the
 * rest in the same proportions (how many parts a claim splits into does not drift with n). A
 * third are accepted and a third undecided, so already at the small size more claims cover each
 * finding than a verdict lists (the lists are full, and do not grow from there).
 */
function claimsInput(claims: number, deliverables: number): Input {
  // Fixed-width ids, so that longer numbers do not make the verdict grow faster than the facts.
  const deliverableId = (index: number) => `d-${String(index).padStart(4, "0")}`;
  const types = ["illness", "shipping_delay", "other", "death"] as const;
  return {
    policy: mediance(),
    asOf: "2026-04-20T00:00:00Z",
    facts: {
      ...SEOUL,
      deliverables: Array.from({ length: deliverables }, (_, i) => ({
        id: deliverableId(i),
        kind: "post",
        dueAt: at("2026-03-10T00:00:00Z", (i % 10) * 24 * 60),
      })),
      exceptions: Array.from({ length: claims }, (_, i) => ({
        id: `claim-${String(i).padStart(4, "0")}`,
        type: types[i % types.length],
        reportedAt: at("2026-03-05T00:00:00Z", (i % 20) * 36 * 60),
        ...(i % 3 === 2 ? {} : { decision: i % 3 === 0 ? "accepted" : "rejected" }),
        ...(i % 7 === 0
          ? {
              appliesTo: Array.from({ length: 10 }, (_, k) =>
                deliverableId((i + k) % deliverables),
              ),
            }
          : {}),
      })),
    },
  };
}

/** A policy with `count` more campaign-scope finding rules, alternately violated and kept. */
function withRules(policy: Policy, count: number): Policy {
  const extra = Array.from(
    { length: count },
    (_, i): PolicyRule => ({
      name: `custom.rule-${i}/outcome`,
      conditions: {
        all: [
          {
            fact: "deliverables",
            path: "missingCount",
            operator: "greaterThanInclusive",
            value: 0,
          },
        ],
      },
      event: {
        type: `custom.rule-${i}`,
        params: {
          phase: "violations",
          scope: "campaign",
          kind: "breach",
          role: "other",
          outcome: i % 2 === 0 ? "violation" : "compliant",
          ...(i % 2 === 0 ? { since: "participation.selectedAt" } : {}),
          explanation: `Rule ${i} read {deliverables.missingCount} missing deliverable(s): {deliverables.missingIds}.`,
          evidence: { missing: "deliverables.missingIds", count: "deliverables.missingCount" },
        },
      },
    }),
  );
  return { ...policy, rules: [...policy.rules, ...extra] };
}

describe("complexity: 10× the input costs at most 20× the time, and the verdict grows linearly", () => {
  for (const dimension of dimensions) {
    it(dimension.name, { timeout: 60_000 }, async () => {
      // Noise only adds time, so a trend is real only if a second measure shows it too.
      let measured = await measure(dimension);
      if (timeProblems(measured).length > 0) measured = await measure(dimension);
      expect(timeProblems(measured)).toEqual([]);
      expect(measured.largeSlope).toBeLessThanOrEqual(
        MAX_SLOPE_RATIO * measured.smallSlope + SLOPE_TOLERANCE,
      );
    });
  }
});

describe("the complexity measure itself", () => {
  /** Spins for about `ms` of CPU time (a workload whose cost is known). */
  const spin = (ms: number) => {
    const until = cpuMs() + ms;
    while (cpuMs() < until);
  };
  /** A workload of `fixed` ms plus a part that grows with the facts' `n` as `grow(n)` ms. */
  const workload =
    (fixed: number, grow: (n: number) => number): Runner =>
    async (input) => {
      spin(fixed + grow(input.facts.n as number));
      return "{}";
    };
  const synthetic = (name: string): Dimension => ({
    name,
    small: 10,
    grows: "facts",
    build: (n) => ({ facts: { n }, policy: mediance(), asOf: "2026-03-01T00:00:00Z" }),
  });

  it("a quadratic part is caught by the ratio, and under a large fixed cost as n too small", async () => {
    // 1 ms of fixed cost, 1 ms at n = 10, 100 ms at n = 100: (1 + 100) / (1 + 1) ≈ 50.
    const plain = await measure(
      synthetic("synthetic quadratic, small fixed cost"),
      workload(1, (n) => (n * n) / 100),
    );
    expect(timeProblems(plain)).toEqual([expect.stringContaining("10× the input took")]);
    // 4 ms fixed, 0.5 ms at n = 10, 50 ms at n = 100: the ratio is only (4 + 50) / 4.5 ≈ 12.
    const diluted = await measure(
      synthetic("synthetic quadratic under a large fixed cost"),
      workload(4, (n) => (n * n) / 200),
    );
    expect(diluted.timeRatio).toBeLessThanOrEqual(MAX_TIME_RATIO);
    expect(timeProblems(diluted)).toEqual([expect.stringContaining("n too small")]);
  }, 30_000);

  it("a linear part beside a fixed cost passes", async () => {
    // 4 ms fixed, 4 ms at n = 10, 40 ms at n = 100: (4 + 40) / 8 = 5.5, fixed share 0.5.
    const linear = await measure(
      synthetic("synthetic linear beside a fixed cost"),
      workload(4, (n) => n / 2.5),
    );
    expect(timeProblems(linear)).toEqual([]);
  }, 30_000);
});

describe("complexity of the static check", () => {
  it("10× longer finding keys (of many @) cost at most 20× the time of parsePolicy", () => {
    // A sanctions rule compares findings.violationKeys with keys of nothing but "@": each "@" is
    // a possible cut between rule and deliverable id, so the check must not slice at every one.
    const withKeys = (length: number, id: string) =>
      medianceWithSanctionLeaf(id, {
        fact: "findings",
        path: "$.violationKeys",
        operator: "intersects",
        value: Array.from({ length: 20 }, (_, i) => `${"@".repeat(length - 1)}${i % 10}`),
      });
    let fresh = 0;
    const check = (length: number) => {
      const policy = withKeys(length, `complexity-keys-${fresh++}`);
      const start = cpuMs();
      try {
        parsePolicy(policy);
      } catch {
        // Refused (no key names a rule): the time is what counts.
      }
      return cpuMs() - start;
    };
    check(1_000);
    check(10_000);
    const smallTimes: number[] = [];
    const largeTimes: number[] = [];
    for (let round = 0; round < 5; round++) {
      smallTimes.push(check(1_000));
      largeTimes.push(check(10_000));
    }
    const ratio = fastest(largeTimes) / fastest(smallTimes);
    console.log(
      `complexity finding keys of "@" 1000 → 10000 characters: time ×${ratio.toFixed(1)} (${fastest(smallTimes).toFixed(1)} → ${fastest(largeTimes).toFixed(1)} ms CPU)`,
    );
    expect(ratio).toBeLessThanOrEqual(MAX_TIME_RATIO);
  }, 60_000);

  it("10× the rules cost at most 20× the time of parsePolicy, content cache missed", () => {
    const small = withRules(refluenced(), 300);
    const large = withRules(refluenced(), 3000);
    let fresh = 0;
    // A new id per call: an equal policy would be served from the content cache instead.
    const check = (policy: Policy) => {
      const start = cpuMs();
      parsePolicy({ ...policy, id: `complexity-${fresh++}` });
      return cpuMs() - start;
    };
    check(small);
    check(large);
    const smallTimes: number[] = [];
    const largeTimes: number[] = [];
    for (let round = 0; round < 5; round++) {
      smallTimes.push((check(small) + check(small) + check(small)) / 3);
      largeTimes.push(check(large));
    }
    const ratio = fastest(largeTimes) / fastest(smallTimes);
    console.log(
      `complexity parsePolicy rules 300 → 3000: time ×${ratio.toFixed(1)} (${fastest(smallTimes).toFixed(1)} → ${fastest(largeTimes).toFixed(1)} ms CPU)`,
    );
    expect(ratio).toBeLessThanOrEqual(MAX_TIME_RATIO);
  }, 60_000);
});
