import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Readable, Writable } from "node:stream";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChunkRunner, lineChunks, runPool } from "../src/cli/batch.js";
import { EXIT } from "../src/cli/common.js";
import { type BatchChunk, type BatchResult, chunkOf, createJudge } from "../src/cli/judge.js";
import { Progress } from "../src/cli/progress.js";
import { evaluateSync, isValidationError, mediance } from "../src/index.js";
import { participation, participationLines, piecesOf } from "./batch-lines.js";
import { buildCliInto, runBuiltCli } from "./cli-harness.js";

const root = resolve(import.meta.dirname, "..");
// Inside the repository (the CLI's self-reference resolves there), apart from cli.test.ts's.
const outDir = join(root, ".cli-test-records");
const bin = join(outDir, "cli.js");
let work: string;
const decoder = new TextDecoder();

beforeAll(async () => {
  await buildCliInto(outDir);
  work = mkdtempSync(join(tmpdir(), "noshow-records-"));
}, 120_000);

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
  if (work) rmSync(work, { recursive: true, force: true });
});

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runBuiltCli(bin, args, work);
}

/** A non-terminal stream that keeps each write, and `at()` (what the output held then) with it. */
function stderrOf(at: () => number): Writable & { lines: Array<{ text: string; at: number }> } {
  const lines: Array<{ text: string; at: number }> = [];
  const stream = new Writable({
    decodeStrings: false,
    write(text: string, _encoding, done) {
      lines.push({ text, at: at() });
      done();
    },
  });
  return Object.assign(stream, { lines });
}

/** `batch: P% (N lines, …)` or `batch: N lines (…)`, read back. */
function parsed(line: string): { percent?: number; lines: number } {
  const known = /^batch: (\d+)% \((\d+) lines, \d+ lines\/s, ETA \w+\)\n$/.exec(line);
  if (known) return { percent: Number(known[1]), lines: Number(known[2]) };
  const unknown = /^batch: (\d+) lines \(\d+ lines\/s\)\n$/.exec(line);
  if (unknown) return { lines: Number(unknown[1]) };
  throw new Error(`not a progress line: ${JSON.stringify(line)}`);
}

describe("progress lines (stderr not a terminal)", () => {
  it("prints one line for the last 10% step an update reaches, not one per step crossed", () => {
    let clock = 0;
    const stream = stderrOf(() => 0);
    const progress = new Progress({ stream, totalBytes: 1000, every: 10, now: () => clock });
    clock = 1000;
    progress.update(4, 950);
    progress.update(5, 960);
    clock = 2000;
    progress.update(6, 1000);
    expect(stream.lines.map((line) => line.text)).toEqual([
      "batch: 90% (4 lines, 4 lines/s, ETA 0s)\n",
    ]);
    const steps = stderrOf(() => 0);
    const stepwise = new Progress({ stream: steps, totalBytes: 1000, every: 10, now: () => clock });
    for (const [index, bytes] of [50, 100, 199, 350, 351, 999].entries()) {
      stepwise.update(index + 1, bytes);
    }
    expect(steps.lines.map((line) => parsed(line.text))).toEqual([
      { percent: 10, lines: 2 },
      { percent: 30, lines: 4 },
      { percent: 90, lines: 6 },
    ]);
  });

  it("runPool: each line once, further on than the last, never ahead of the output", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.string({ unit: fc.constantFrom("a", "é", "😀", "\r", " ", "{") }), {
          maxLength: 60,
        }),
        fc.constantFrom("\n", "\r\n"),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        fc.option(fc.integer({ min: 1, max: 7 }), { nil: undefined }),
        async (s, lines, newline, trailing, cuts, size, window, ordered, every) => {
          const text = lines.join(newline) + (trailing && lines.length > 0 ? newline : "");
          const bytes = Buffer.from(text, "utf8");
          const pieces = piecesOf(bytes, cuts);
          // Each chunk's output is its own input bytes, so the output's size is the bytes done;
          // the scheduler finishes the chunks in flight in any order.
          let written = 0;
          const output = new Writable({
            write(chunk: Buffer, _encoding, done) {
              written += chunk.byteLength;
              done();
            },
          });
          const runner: ChunkRunner = {
            run: (chunk: BatchChunk) =>
              s.schedule(
                Promise.resolve<BatchResult>({
                  out: new Uint8Array(chunk.text),
                  judged: chunk.count,
                  statuses: {},
                  errors: 0,
                  internal: 0,
                  blank: 0,
                  otherShard: 0,
                }),
              ),
          };
          let clock = 0;
          const stderr = stderrOf(() => written);
          const known = every === undefined;
          const progress = new Progress({
            stream: stderr,
            every: every ?? 10,
            ...(known ? { totalBytes: bytes.length } : {}),
            now: () => (clock += 250),
          });
          const totals = await s.waitFor(
            runPool(runner, lineChunks(Readable.from(pieces), size), output, {
              window,
              ordered,
              progress,
            }),
          );
          expect(written).toBe(bytes.length);
          const printed = stderr.lines.map((line) => ({ ...parsed(line.text), at: line.at }));
          for (const [index, line] of printed.entries()) {
            const before = printed[index - 1];
            expect(stderr.lines[index]?.text).not.toBe(stderr.lines[index - 1]?.text);
            // At most one line per chunk written: the line count moves on between two lines.
            if (before) expect(line.lines).toBeGreaterThan(before.lines);
            if (known) {
              // The last 10% step the bytes written reach (at most 90%: the summary says 100%).
              const step = Math.min(9, Math.floor((line.at * 10) / bytes.length));
              expect(line.percent).toBe(step * 10);
              if (before) expect(line.percent).toBeGreaterThan(before.percent as number);
            } else {
              expect(Math.floor(line.lines / every)).toBeGreaterThan(
                Math.floor((before?.lines ?? 0) / every),
              );
            }
          }
          // Every step reached is reported: the run ends at 90%, or at its last multiple.
          if (known && totals.lines > 0) expect(printed.at(-1)?.percent).toBe(90);
          if (!known && totals.lines >= every) {
            expect(Math.floor((printed.at(-1)?.lines ?? 0) / every)).toBe(
              Math.floor(totals.lines / every),
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

const policy = mediance();
const bare = participation("mediance", 3);
const standingLine = participationLines("mediance", 40).find((line) => line.includes('"standing"'));
if (!standingLine) throw new Error("no mediance seed with a standing");
const withStanding = JSON.parse(standingLine);
const TYPO_LINES = [
  JSON.stringify({ facts: bare.facts, asof: bare.asOf }),
  JSON.stringify({ fact: bare.facts, asOf: bare.asOf }),
  JSON.stringify({
    facts: withStanding.facts,
    asOf: withStanding.asOf,
    standng: withStanding.standing,
  }),
];
const SUFFIX = " (a line is { facts, asOf, standing? } or bare facts)";
/** The records of TYPO_LINES (as lines 1-3) with no --as-of. */
const TYPO_RECORDS = [
  {
    line: 1,
    error: {
      code: "INVALID_LINE",
      issues: [
        {
          code: "unknown_key",
          path: "asof",
          message: `unknown key "asof"; did you mean "asOf"?${SUFFIX}`,
        },
        {
          code: "required",
          path: "asOf",
          message: "the line has no asOf and no --as-of was given",
        },
      ],
    },
  },
  {
    line: 2,
    error: {
      code: "INVALID_LINE",
      issues: [
        {
          code: "unknown_key",
          path: "fact",
          message: `unknown key "fact"; did you mean "facts"?${SUFFIX}`,
        },
        { code: "required", path: "facts", message: "the line has asOf or standing but no facts" },
      ],
    },
  },
  {
    line: 3,
    error: {
      code: "INVALID_LINE",
      issues: [
        {
          code: "unknown_key",
          path: "standng",
          message: `unknown key "standng"; did you mean "standing"?${SUFFIX}`,
        },
      ],
    },
  },
];

function records(out: Uint8Array | string): unknown[] {
  const text = typeof out === "string" ? out : decoder.decode(out);
  return text
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line));
}

describe("wrapper lines with a mistyped key", () => {
  it("get an INVALID_LINE record naming each unknown key with a hint, not a facts error", () => {
    const result = createJudge({ policy })(chunkOf(1, TYPO_LINES));
    expect(records(result.out)).toEqual(TYPO_RECORDS);
    expect(result).toMatchObject({ judged: 3, errors: 3, internal: 0 });
    // With --as-of, `asof` is still an unknown key (not dropped for the default instant).
    const withAsOf = createJudge({ policy, asOf: bare.asOf })(chunkOf(1, TYPO_LINES));
    expect(records(withAsOf.out)).toEqual([
      { line: 1, error: { code: "INVALID_LINE", issues: [TYPO_RECORDS[0]?.error.issues[0]] } },
      ...TYPO_RECORDS.slice(1),
    ]);
    // A key near none of facts, asOf, standing gets no hint; a line of asOf alone has no facts.
    const far = createJudge({ policy })(
      chunkOf(7, [
        JSON.stringify({ facts: bare.facts, asOf: bare.asOf, zzzzzz: 1 }),
        JSON.stringify({ asOf: bare.asOf }),
      ]),
    );
    expect(records(far.out)).toEqual([
      {
        line: 7,
        error: {
          code: "INVALID_LINE",
          issues: [
            { code: "unknown_key", path: "zzzzzz", message: `unknown key "zzzzzz"${SUFFIX}` },
          ],
        },
      },
      {
        line: 8,
        error: {
          code: "INVALID_LINE",
          issues: [
            {
              code: "required",
              path: "facts",
              message: "the line has asOf or standing but no facts",
            },
          ],
        },
      },
    ]);
    // A line with no facts has no ids to shard by: shard 0 answers it, every other skips it.
    const shard = (index: number) =>
      createJudge({ policy, shard: { index, count: 3 } })(chunkOf(2, [TYPO_LINES[1] as string]));
    expect(records(shard(0).out)).toEqual([TYPO_RECORDS[1]]);
    expect([shard(1), shard(2)].map(({ otherShard, judged }) => ({ otherShard, judged }))).toEqual([
      { otherShard: 1, judged: 0 },
      { otherShard: 1, judged: 0 },
    ]);
  });

  it("leave bare facts and valid wrappers as they were: the verdict, or the facts' own error", () => {
    const judge = createJudge({ policy, asOf: bare.asOf });
    const typo = { ...bare.facts, campain: bare.facts.campaign };
    const result = judge(
      chunkOf(1, [JSON.stringify(bare.facts), JSON.stringify(typo), JSON.stringify(withStanding)]),
    );
    let factsError: unknown;
    try {
      evaluateSync(typo, policy, { asOf: bare.asOf });
    } catch (error) {
      if (isValidationError(error)) {
        factsError = { line: 2, error: { code: error.code, issues: [...error.issues] } };
      }
    }
    expect(factsError).toMatchObject({ error: { code: "INVALID_FACTS" } });
    expect(decoder.decode(result.out)).toBe(
      [
        JSON.stringify(evaluateSync(bare.facts, policy, { asOf: bare.asOf })),
        JSON.stringify(factsError),
        JSON.stringify(
          evaluateSync(withStanding.facts, policy, {
            asOf: withStanding.asOf,
            standing: withStanding.standing,
          }),
        ),
        "",
      ].join("\n"),
    );
  });
});

describe("the built CLI, 2 workers", { timeout: 90_000 }, () => {
  it("gives the same records for mistyped wrapper lines, among valid ones", async () => {
    const good = participationLines("mediance", 6);
    const lines = [good[0], ...TYPO_LINES, good[1], good[2]] as string[];
    writeFileSync(join(work, "typos.ndjson"), `${lines.join("\n")}\n`);
    const run = await cli([
      "batch",
      "typos.ndjson",
      "--policy",
      "mediance",
      "--workers",
      "2",
      "--chunk",
      "1",
      "--quiet",
    ]);
    expect(run.code).toBe(EXIT.invalid);
    const expected = decoder.decode(createJudge({ policy })(chunkOf(1, lines)).out);
    expect(run.stdout).toBe(expected);
    expect(records(run.stdout).slice(1, 4)).toEqual(
      TYPO_RECORDS.map((record) => ({ ...record, line: record.line + 1 })),
    );
    expect(run.stderr).toMatch(/^batch: 6 lines, 3 verdicts \(.+\), 3 errors, 0 blank;/);
  });

  it("prints each progress line once, further on than the last, for a file read in one go", async () => {
    // 60 lines, under 64 KiB: the whole file is read before the first chunk is judged.
    const lines = participationLines("mediance", 60);
    writeFileSync(join(work, "small.ndjson"), `${lines.join("\n")}\n`);
    const run = await cli([
      "batch",
      "small.ndjson",
      "--policy",
      "mediance",
      "--workers",
      "2",
      "--chunk",
      "4",
      "--out",
      "small.out",
    ]);
    expect(run.code).toBe(EXIT.ok);
    const [summary, ...rest] = run.stderr.trimEnd().split("\n").reverse();
    expect(summary).toMatch(/^batch: 60 lines, 60 verdicts/);
    const printed = rest.reverse().map((line) => parsed(`${line}\n`));
    expect(printed.length).toBeGreaterThan(0);
    expect(printed.at(-1)?.percent).toBe(90);
    const total = Buffer.byteLength(`${lines.join("\n")}\n`);
    const through = (count: number) => Buffer.byteLength(`${lines.slice(0, count).join("\n")}\n`);
    for (const [index, line] of printed.entries()) {
      const before = printed[index - 1];
      // A line per chunk (of 4 lines) at most, at the step of the bytes of the lines written.
      expect(line.lines % 4).toBe(0);
      expect(line.percent).toBe(Math.min(90, Math.floor((through(line.lines) * 10) / total) * 10));
      if (before) {
        expect(line.lines).toBeGreaterThan(before.lines);
        expect(line.percent).toBeGreaterThan(before.percent as number);
      }
    }
  });
});
