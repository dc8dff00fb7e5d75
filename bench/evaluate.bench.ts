/**
 * Evaluation speed per preset, on the example scenarios (`npm run bench`). Anchors run side by
 * side in one process, in interleaved rounds, and each line gives medians and ratios:
 *
 * - `evaluateSync`: validation, derived facts, compiled rules, explanations — the whole verdict;
 * - `evaluate`: the same pipeline on json-rules-engine (the reference interpreter);
 * - `jre bare`: json-rules-engine alone running the same rules (every phase's rules, as the
 *   verdict runs them) on the same derived facts, engines prepared once;
 * - `hand` (Mediance): `bench/mediance-hand.ts`, a hand-written evaluator giving the same
 *   outcomes, on facts already parsed (it validates nothing and renders no explanation);
 * - `0.1.0`: 0.1.0's `evaluate` with its own preset, on the same facts, read from git history
 *   (`bench/release.ts`); without that history, the figures issue 9 measured stand in.
 *
 * Then the phases of `evaluateSync` (`bench/phases.ts`). Times are this process's CPU time per
 * verdict (`process.cpuUsage`), which other processes on a busy machine disturb far less than
 * the wall clock. Pin it to one core: `taskset -c 0 npm run bench`. `BENCH_ROUNDS`,
 * `BENCH_PER_ROUND` and `BENCH_WARMUP` (passes per preset before any timing) scale it.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Engine } from "json-rules-engine";
import { examples } from "../examples/index.js";
import { engineOperators } from "../src/engine/compile.js";
import { referenceEngine } from "../src/engine/jre.js";
import { type EvaluateOptions, evaluationSteps } from "../src/evaluate/evaluate.js";
import { evaluate, evaluateSync, parseFacts, parsePolicy, type Verdict } from "../src/index.js";
import { measurePhases, PHASES } from "./phases.js";
import { loadRelease } from "./release.js";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const PER_ROUND = Number(process.env.BENCH_PER_ROUND ?? 60);

/**
 * 0.1.0's `evaluate`, µs per verdict, as issue 9 measured it (Mediance ≈ 950/s, Flinque ≈ 540/s):
 * only used when 0.1.0 cannot be run side by side (see `bench/release.ts`).
 */
const EVALUATE_0_1_0: Record<string, number> = { Mediance: 1_050, Flinque: 1_850 };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** A json-rules-engine Engine configured as the library configures it, with the given rules. */
function bareEngine(rules: readonly unknown[], timeZone: string): Engine {
  const engine = referenceEngine(engineOperators(timeZone));
  for (const rule of rules) engine.addRule(structuredClone(rule) as never);
  return engine;
}

type HandFn = (facts: never, asOf: string, parameters?: never) => unknown;
const handPath = fileURLToPath(new URL("./mediance-hand.ts", import.meta.url));
const hand: HandFn | undefined = existsSync(handPath)
  ? ((await import("./mediance-hand.js")) as { medianceByHand: HandFn }).medianceByHand
  : undefined;

/**
 * 0.1.0's `evaluate` per preset, µs per verdict, timed the same way in a child process: in this
 * one, 0.1.0's copies of the pipeline would share zod, date-fns and json-rules-engine with ours
 * and change how the JIT compiles them (it slowed evaluateSync by up to 1.6×).
 */
function releaseTimes(): Record<string, number> | undefined {
  if (process.env.BENCH_NO_RELEASE) return undefined;
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    env: { ...process.env, BENCH_RELEASE_CHILD: "1" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = child.stdout?.trim().split("\n").pop();
  try {
    return line ? (JSON.parse(line) as Record<string, number>) : undefined;
  } catch {
    return undefined;
  }
}

if (process.env.BENCH_RELEASE_CHILD) {
  const release = await loadRelease();
  const times: Record<string, number> = {};
  if (release) {
    for (const [preset, scenarios] of examples) {
      const policy = release.presets[preset]?.();
      if (policy === undefined) continue;
      const cases = scenarios.map((scenario) => ({
        facts: scenario.facts,
        options: {
          asOf: scenario.asOf,
          ...(scenario.standing ? { standing: scenario.standing } : {}),
        },
      }));
      const run = async () => {
        for (const item of cases) await release.evaluate(item.facts, policy, item.options);
      };
      try {
        for (let i = 0; i < 300; i++) await run();
      } catch (error) {
        console.error(`(0.1.0 refuses a ${preset} example: ${String(error).split("\n")[0]})`);
        continue;
      }
      const samples: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const start = cpuMs();
        for (let i = 0; i < PER_ROUND; i++) await run();
        samples.push(((cpuMs() - start) * 1000) / (PER_ROUND * cases.length));
      }
      times[preset] = median(samples);
    }
  }
  console.log(JSON.stringify(times));
  process.exit(0);
}

const us = (value: number) => `${value.toFixed(1).padStart(7)} µs`;
const perSecond = (value: number) =>
  `${Math.round(1e6 / value)
    .toString()
    .padStart(6)}/s`;
const ratio = (value: number) => `${value.toFixed(1).padStart(5)}×`;

console.log(
  `CPU time per verdict, medians of ${ROUNDS} interleaved rounds × ${PER_ROUND} passes over each preset's example scenarios`,
);
console.log(
  "preset        evaluateSync              evaluate      jre bare      hand       sync÷jre  sync÷hand  evaluate vs 0.1.0",
);
// Every preset's verdicts first: the pipeline is shared, so the JIT settles only once it has seen
// all presets (and both evaluators); without this the first preset timed paid for the compiles
// (on one core, the compiler threads' CPU time is this process's too) and read ~1.6× slow.
const WARM_UP = Number(process.env.BENCH_WARMUP ?? 600);
for (const [, scenarios] of examples) {
  const cases = scenarios.map((scenario) => ({
    facts: scenario.facts,
    policy: parsePolicy(scenario.policy),
    options: { asOf: scenario.asOf, ...(scenario.standing ? { standing: scenario.standing } : {}) },
  }));
  for (let i = 0; i < WARM_UP; i++) {
    for (const item of cases) evaluateSync(item.facts, item.policy, item.options);
  }
  for (let i = 0; i < WARM_UP / 6; i++) {
    for (const item of cases) await evaluate(item.facts, item.policy, item.options);
  }
}
const phaseRows: string[] = [];
const rows: Array<{
  preset: string;
  sync: number;
  reference: number;
  jre: number;
  byHand: number | undefined;
}> = [];
for (const [preset, scenarios] of examples) {
  const cases = scenarios.map((scenario) => ({
    facts: scenario.facts,
    policy: parsePolicy(scenario.policy),
    options: { asOf: scenario.asOf, ...(scenario.standing ? { standing: scenario.standing } : {}) },
  }));
  // The bare anchor: every rule batch of each case's verdict, on the facts the verdict's own
  // pipeline gave each batch (captured from one traced-free run), engines prepared once.
  const bare = cases.map((item) => {
    const batches: Array<{ engine: Engine; facts: Array<Record<string, unknown>> }> = [];
    captureBatches(item, (rules, facts, timeZone) => {
      if (rules.length > 0) batches.push({ engine: bareEngine(rules, timeZone), facts });
    });
    return batches;
  });
  const handCases =
    hand && preset === "Mediance"
      ? cases.map((item) => ({
          facts: parseFacts(item.facts),
          asOf: String(item.options.asOf),
          parameters: item.policy.parameters,
        }))
      : undefined;
  const anchors: Record<string, () => Promise<void> | void> = {
    sync: () => {
      for (const item of cases) evaluateSync(item.facts, item.policy, item.options);
    },
    evaluate: async () => {
      for (const item of cases) await evaluate(item.facts, item.policy, item.options);
    },
    bare: async () => {
      for (const batches of bare)
        for (const { engine, facts } of batches) for (const one of facts) await engine.run(one);
    },
  };
  if (handCases && hand)
    anchors.hand = () => {
      for (const item of handCases) hand(item.facts as never, item.asOf, item.parameters as never);
    };
  const times: Record<string, number[]> = Object.fromEntries(
    Object.keys(anchors).map((name) => [name, []]),
  );
  // Warm-up: long enough for the JIT to settle (a short one leaves the first rounds slow).
  for (const run of Object.values(anchors)) for (let i = 0; i < 300; i++) await run();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(anchors)) {
      const start = cpuMs();
      for (let i = 0; i < PER_ROUND; i++) await run();
      times[name]?.push(((cpuMs() - start) * 1000) / (PER_ROUND * cases.length));
    }
  }
  const sync = median(times.sync ?? []);
  const reference = median(times.evaluate ?? []);
  const jre = median(times.bare ?? []);
  const byHand = times.hand ? median(times.hand) : undefined;
  rows.push({ preset, sync, reference, jre, byHand });
  const { phases, total } = measurePhases(cases, ROUNDS, Math.max(5, Math.round(PER_ROUND / 3)));
  phaseRows.push(
    `${preset.padEnd(12)} ${PHASES.map((phase) => phases[phase].toFixed(1).padStart(Math.max(7, phase.length))).join("  ")}  ${total.toFixed(1).padStart(7)}`,
  );
}
// 0.1.0 is timed after ours, in its own process (see releaseTimes).
const released = releaseTimes();
for (const { preset, sync, reference, jre, byHand } of rows) {
  const measured = released?.[preset];
  const old = measured ?? EVALUATE_0_1_0[preset];
  const oldSource = measured === undefined ? "0.1.0 ≈" : "0.1.0 here:";
  console.log(
    [
      preset.padEnd(12),
      `${us(sync)} (${perSecond(sync)})`,
      us(reference),
      us(jre),
      byHand === undefined ? "      —   " : us(byHand),
      `  ${ratio(jre / sync)} faster`,
      byHand === undefined ? "   —    " : `${ratio(sync / byHand)} slower`,
      old === undefined
        ? "  —"
        : `  ${ratio(old / reference)} faster (${oldSource} ${Math.round(old)} µs)`,
    ].join(" "),
  );
}
if (!hand) console.log("(hand: bench/mediance-hand.ts is not there yet; its column is skipped)");
console.log(
  released && Object.keys(released).length > 0
    ? "evaluate vs 0.1.0: 0.1.0's evaluate and preset on the same facts (from git history), timed the same way in a child process"
    : `evaluate vs 0.1.0: issue 9's figures (${Object.entries(EVALUATE_0_1_0)
        .map(([preset, value]) => `${preset} ${value} µs`)
        .join(", ")}): 0.1.0 could not be run here`,
);
console.log(
  "hand: on facts already parsed, no explanations; sync÷jre: bare json-rules-engine µs per evaluateSync µs",
);
console.log("");
console.log("evaluateSync by phase, µs per verdict (wall clock inside the evaluations, medians):");
console.log(
  `${"preset".padEnd(12)} ${PHASES.map((phase) => phase.padStart(7)).join("  ")}    total`,
);
for (const row of phaseRows) console.log(row);

/**
 * Runs one evaluation through its steps and hands each batch of rules, with the facts of its
 * runs, to `onBatch` (the rules are the policy's own, validated and frozen).
 */
function captureBatches(
  item: { facts: unknown; policy: unknown; options: EvaluateOptions },
  onBatch: (
    rules: readonly unknown[],
    facts: Array<Record<string, unknown>>,
    timeZone: string,
  ) => void,
): Verdict {
  const { steps, runRules } = evaluationSteps(item.facts, item.policy, item.options);
  const timeZone = (parseFacts(item.facts) as { campaign: { timezone: string } }).campaign.timezone;
  let step = steps.next();
  while (!step.done) {
    onBatch(
      step.value.rules,
      step.value.runs.map((run) => run.facts),
      timeZone,
    );
    step = steps.next(runRules(step.value));
  }
  return step.value;
}
