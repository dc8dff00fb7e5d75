/**
 * `noshow-policy batch` throughput and memory (`npm run bench`): builds the CLI (as the package
 * does, without types) into .cli-bench/, writes N participation lines (Mediance's facts seeds
 * with varied ids; `BENCH_BATCH_LINES`, default 100,000) and runs the built CLI over them with 1
 * and 2 workers in interleaved rounds (`BENCH_BATCH_ROUNDS`, default 5; medians), then over N/10
 * lines with 2 workers: lines/s, the 2-worker/1-worker ratio and the peak RSS of each run (flat
 * memory: N/10 and N lines peak alike), then once each over 3N lines (`BENCH_BATCH_LONG`): the
 * steady rate of 1 and 2 workers (the lines the longer run adds over the time they add) apart
 * from the fixed cost of start-up and warm-up. `BENCH_BATCH_CHUNK` sets --chunk. Wall-clock
 * figures: on a shared machine, run it alone.
 */
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { participation } from "../test/batch-lines.js";
import { buildCliInto } from "../test/cli-harness.js";

const LINES = Number(process.env.BENCH_BATCH_LINES ?? 100_000);
const CHUNK = process.env.BENCH_BATCH_CHUNK;
const ROUNDS = Math.max(1, Number(process.env.BENCH_BATCH_ROUNDS ?? 5));
/** The long run's lines (`BENCH_BATCH_LONG`, default 3N; 0 skips it). */
const LONG = Number(process.env.BENCH_BATCH_LONG ?? 3 * LINES);
const root = resolve(import.meta.dirname, "..");
const outDir = join(root, ".cli-bench");

async function buildCli(): Promise<string> {
  await buildCliInto(outDir);
  return join(outDir, "cli.js");
}

async function writeLines(path: string, count: number, from = 0): Promise<void> {
  const out = createWriteStream(path);
  for (let k = from; k < from + count; k++) {
    if (!out.write(`${JSON.stringify(participation("mediance", k))}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

interface Result {
  workers: number;
  lines: number;
  seconds: number;
  rate: number;
  rssMb: number;
  cpu: number;
  mainCpu: number;
}

function batchArgs(bin: string, input: string, workers: number): string[] {
  const args = [
    bin,
    "batch",
    input,
    "--policy",
    "mediance",
    "--workers",
    String(workers),
    "--out",
    "/dev/null",
    "--quiet",
  ];
  if (CHUNK) args.push("--chunk", CHUNK);
  return args;
}

function runBatch(bin: string, input: string, workers: number, lines: number): Result {
  const started = performance.now();
  const run = spawnSync(process.execPath, batchArgs(bin, input, workers), { encoding: "utf8" });
  const seconds = (performance.now() - started) / 1000;
  const summary = /cpu ([\d.]+) s \(main thread ([\d.]+) s\), peak RSS (\d+) MB/.exec(run.stderr);
  if (run.status !== 0 || !summary) throw new Error(`batch failed (${run.status}): ${run.stderr}`);
  return {
    workers,
    lines,
    seconds,
    rate: lines / seconds,
    cpu: Number(summary[1]),
    mainCpu: Number(summary[2]),
    rssMb: Number(summary[3]),
  };
}

/**
 * The ceiling of any 2-worker pool here: two separate processes side by side, one worker each,
 * each given its own half of the lines (nothing shared: each pays its own start-up and warm-up,
 * as every worker must). Its rate is the lines of both over the time until both have ended.
 */
async function runPair(bin: string, halves: readonly [string, string], lines: number) {
  const started = performance.now();
  await Promise.all(
    halves.map(async (input) => {
      const child = spawn(process.execPath, batchArgs(bin, input, 1), { stdio: "ignore" });
      const [status] = (await once(child, "close")) as [number | null];
      if (status !== 0) throw new Error(`batch failed (${status}) on ${input}`);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { seconds, rate: lines / seconds };
}

/** The median of some numbers. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** The run of median rate. */
function medianRun(results: readonly Result[]): Result {
  const sorted = [...results].sort((a, b) => a.rate - b.rate);
  return sorted[Math.floor(sorted.length / 2)] as Result;
}

const bin = await buildCli();
const dir = mkdtempSync(join(tmpdir(), "noshow-batch-bench-"));
try {
  const big = join(dir, "big.ndjson");
  const small = join(dir, "small.ndjson");
  await writeLines(big, LINES);
  await writeLines(small, Math.ceil(LINES / 10));
  const halves = [join(dir, "first-half.ndjson"), join(dir, "second-half.ndjson")] as const;
  const firstHalf = Math.ceil(LINES / 2);
  await writeLines(halves[0], firstHalf);
  await writeLines(halves[1], LINES - firstHalf, firstHalf);
  const show = (r: Result) =>
    console.log(
      `batch ${String(r.lines).padStart(7)} lines, ${r.workers} worker(s): ${r.seconds.toFixed(2)} s, ${Math.round(r.rate)} lines/s, cpu ${r.cpu.toFixed(1)} s (main thread ${r.mainCpu.toFixed(1)} s), peak RSS ${r.rssMb} MB`,
    );
  // Interleaved, so that a slow spell of a shared machine falls on both alike.
  const ones: Result[] = [];
  const twos: Result[] = [];
  const pairs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    ones.push(runBatch(bin, big, 1, LINES));
    show(ones.at(-1) as Result);
    twos.push(runBatch(bin, big, 2, LINES));
    show(twos.at(-1) as Result);
    const pair = await runPair(bin, halves, LINES);
    pairs.push(pair.rate);
    console.log(
      `batch ${String(LINES).padStart(7)} lines, 2 processes of 1 worker, half each: ${pair.seconds.toFixed(2)} s, ${Math.round(pair.rate)} lines/s`,
    );
  }
  const one = medianRun(ones);
  const two = medianRun(twos);
  const smallTwo = runBatch(bin, small, 2, Math.ceil(LINES / 10));
  show(smallTwo);
  console.log(
    `2 workers / 1 worker (medians of ${ROUNDS}: ${Math.round(one.rate)} → ${Math.round(two.rate)} lines/s): ${(two.rate / one.rate).toFixed(2)}× (target ≥ 1.6× on 2 idle cores)`,
  );
  const pairRate = median(pairs);
  console.log(
    `2 processes of 1 worker, half the lines each / 1 worker (the no-sharing ceiling, median of ${ROUNDS}: ${Math.round(pairRate)} lines/s): ${(pairRate / one.rate).toFixed(2)}×; 2 workers reach ${((100 * two.rate) / pairRate).toFixed(0)}% of it`,
  );
  // What 2 idle cores would give, from the 1-worker run's CPU split: the workers' CPU per line
  // (w) is spread over two cores that the main thread (m per line) shares: 2w / (w + m).
  const w = (one.cpu - one.mainCpu) / one.lines;
  const m = one.mainCpu / one.lines;
  console.log(
    `CPU per line, 1 worker: worker side ${(w * 1e6).toFixed(0)} µs, main thread ${(m * 1e6).toFixed(0)} µs → on 2 idle cores at most ${Math.min(2, (2 * w) / (w + m)).toFixed(2)}×; CPU per line 2 workers / 1 worker: ${(two.cpu / one.cpu).toFixed(2)}`,
  );
  console.log(
    `peak RSS ${smallTwo.lines} → ${two.lines} lines: ${smallTwo.rssMb} → ${two.rssMb} MB`,
  );
  if (LONG > LINES) {
    // Each run pays process start-up and each worker's warm-up (V8 optimising the evaluator,
    // on background threads that one worker leaves an idle core for, and two do not) once; the
    // lines a longer run adds cost only the steady rate. Marginal rate: (LONG − N) lines over
    // the time they added; fixed cost: what the N-line run took beyond N lines at that rate. The
    // long runs are single runs (not medians): the fixed cost is a difference of large numbers
    // and moves by a second when one run is 5% slow; read it as an estimate.
    const long = join(dir, "long.ndjson");
    await writeLines(long, LONG);
    const longOne = runBatch(bin, long, 1, LONG);
    show(longOne);
    const longTwo = runBatch(bin, long, 2, LONG);
    show(longTwo);
    const marginal = (longRun: Result, run: Result) =>
      (LONG - LINES) / (longRun.seconds - run.seconds);
    const [rateOne, rateTwo] = [marginal(longOne, one), marginal(longTwo, two)];
    const fixed = (run: Result, rate: number) => run.seconds - LINES / rate;
    if (!(rateOne > 0 && rateTwo > 0 && Number.isFinite(rateOne) && Number.isFinite(rateTwo))) {
      console.log(
        `on ${LONG} lines: the longer runs were not slower (a noisy machine); no steady rate`,
      );
    } else
      console.log(
        `on ${LONG} lines: 2 workers / 1 worker ${(longTwo.rate / longOne.rate).toFixed(2)}×; steady rate (lines ${LINES}→${LONG}): 1 worker ${Math.round(rateOne)}/s, 2 workers ${Math.round(rateTwo)}/s (${(rateTwo / rateOne).toFixed(2)}×); fixed cost (start-up and warm-up): 1 worker ${fixed(one, rateOne).toFixed(2)} s, 2 workers ${fixed(two, rateTwo).toFixed(2)} s`,
      );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
}
