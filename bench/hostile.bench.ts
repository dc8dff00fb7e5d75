/**
 * Times `evaluate` on the hostile inputs of issue 8 (`npx tsx bench/hostile.bench.ts`): 10,000
 * alternating unavailable/live observations, a 1 MiB caption of "#ad " and 10,000 missing against
 * 10,000 present media ids. Prints, per input, the facts' size, the first (cold) run, the median
 * of the warm runs (wall clock, and this process's CPU time, which a busy machine disturbs less)
 * and the verdict's JSON size. The target: each under 1 s with a verdict under 1 MB; the exit
 * code is 1 when a cold or warm run misses it. Everything runs in this one thread, one evaluation
 * at a time; pin it to one core with `taskset -c 0 npx tsx bench/hostile.bench.ts`.
 */
import { performance } from "node:perf_hooks";
import { ainfluencer, evaluate, flinque, mediance, type Policy } from "../src/index.js";

const RUNS = 5;
const SECOND_MS = 1000;
const MEGABYTE = 1_000_000;

interface Hostile {
  name: string;
  facts: unknown;
  policy: Policy;
  asOf: string;
}

/** A Seoul post seen `count` times a minute apart, alternately unavailable and live (Mediance). */
function alternatingObservations(count: number): Hostile {
  const first = Date.parse("2026-03-05T01:00:00Z");
  const observations = Array.from({ length: count }, (_, index) => ({
    at: new Date(first + (index + 1) * 60_000).toISOString(),
    state: index % 2 === 0 ? "unavailable" : "live",
    ...(index % 2 === 0 ? { cause: "token_expired" } : {}),
  }));
  return {
    name: `${count} alternating observations (mediance)`,
    policy: mediance(),
    asOf: "2026-03-20T00:00:00Z",
    facts: {
      campaign: {
        id: "camp-1",
        kind: "paid",
        timezone: "Asia/Seoul",
        startsAt: "2026-03-01T00:00:00+09:00",
        endsAt: "2026-03-31T23:59:59+09:00",
      },
      influencer: { id: "inf-1" },
      participation: { selectedAt: "2026-02-25T10:00:00+09:00" },
      deliverables: [
        {
          id: "feed",
          kind: "post",
          post: { publishedAt: "2026-03-05T10:00:00+09:00", observations },
        },
      ],
    },
  };
}

/** A Kolkata reel whose caption is `bytes` of "#ad ", with a disclosure and guidelines agreed. */
function adCaption(bytes: number): Hostile {
  return {
    name: `${bytes}-byte caption of "#ad " (flinque, us-ftc)`,
    policy: flinque({ disclosureProfile: "us-ftc" }),
    asOf: "2026-05-20T00:00:00Z",
    facts: {
      campaign: {
        id: "glow",
        kind: "paid",
        timezone: "Asia/Kolkata",
        startsAt: "2026-04-01T00:00:00+05:30",
        endsAt: "2026-04-30T23:59:59+05:30",
      },
      influencer: { id: "inf-aarav" },
      participation: { selectedAt: "2026-03-25T10:00:00+05:30" },
      deliverables: [
        {
          id: "reel",
          kind: "reel",
          dueAt: "2026-04-10T23:59:59+05:30",
          terms: {
            disclosureRequired: true,
            hashtags: ["#glowserum"],
            captionIncludes: ["vitamin C serum"],
          },
          post: {
            publishedAt: "2026-04-08T18:00:00+05:30",
            caption: "#ad ".repeat(bytes / 4),
            observations: [{ at: "2026-05-15T00:00:00Z", state: "live" }],
          },
        },
      ],
    },
  };
}

/** A New York post whose `count` agreed media ids are all missing among `count` others. */
function missingMedia(count: number): Hostile {
  return {
    name: `${count} missing against ${count} present media ids (ainfluencer)`,
    policy: ainfluencer(),
    asOf: "2026-04-20T00:00:00Z",
    facts: {
      campaign: {
        id: "camp-1",
        kind: "paid",
        timezone: "America/New_York",
        startsAt: "2026-04-01T00:00:00-04:00",
        endsAt: "2026-04-30T23:59:59-04:00",
      },
      influencer: { id: "inf-mia" },
      participation: { selectedAt: "2026-04-02T10:00:00-04:00" },
      deliverables: [
        {
          id: "feed",
          kind: "post",
          terms: { mediaIds: Array.from({ length: count }, (_, index) => `agreed-${index}`) },
          post: {
            publishedAt: "2026-04-10T18:30:00-04:00",
            mediaIds: Array.from({ length: count }, (_, index) => `posted-${index}`),
          },
        },
      ],
    },
  };
}

interface Timed {
  ms: number;
  cpuMs: number;
  bytes: number;
  status: string;
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function timeOne(input: Hostile): Promise<Timed> {
  const cpuStart = cpuMs();
  const start = performance.now();
  const verdict = await evaluate(input.facts, input.policy, { asOf: input.asOf });
  const ms = performance.now() - start;
  return {
    ms,
    cpuMs: cpuMs() - cpuStart,
    bytes: JSON.stringify(verdict).length,
    status: verdict.status,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

let failed = false;
for (const input of [alternatingObservations(10_000), adCaption(1_048_576), missingMedia(10_000)]) {
  const cold = await timeOne(input);
  const warm: Timed[] = [];
  for (let run = 0; run < RUNS; run++) warm.push(await timeOne(input));
  const factsBytes = JSON.stringify(input.facts).length;
  const worst = Math.max(cold.ms, ...warm.map((run) => run.ms));
  const ok = worst < SECOND_MS && cold.bytes < MEGABYTE;
  failed ||= !ok;
  const warmMs = median(warm.map((run) => run.ms));
  const warmCpu = median(warm.map((run) => run.cpuMs));
  console.log(
    `${ok ? "ok  " : "SLOW"} ${input.name}: facts ${factsBytes} B; ` +
      `cold ${cold.ms.toFixed(0)} ms (${cold.cpuMs.toFixed(0)} ms CPU), ` +
      `warm median ${warmMs.toFixed(0)} ms (${warmCpu.toFixed(0)} ms CPU, of ${RUNS}); ` +
      `verdict ${cold.bytes} B (${cold.status})`,
  );
}
if (failed) {
  console.log("target missed: every input under 1 s with a verdict under 1 MB");
  process.exitCode = 1;
}
