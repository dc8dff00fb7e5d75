/**
 * The batch pipeline in this process: the judge of a chunk (what each worker runs), and runPool
 * over a fake pool whose chunks finish in any order, against an output that drains slowly. The
 * built CLI with real worker threads is tested in cli.test.ts.
 */
import { Readable, Writable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ChunkRunner, lineChunks, runPool } from "../src/cli/batch.js";
import {
  type BatchChunk,
  type BatchResult,
  chunkLines,
  chunkOf,
  createJudge,
} from "../src/cli/judge.js";
import { evaluateSync, mediance } from "../src/index.js";
import { participation, participationLines, piecesOf } from "./batch-lines.js";

const policy = mediance();
const judge = createJudge({ policy });
const GOOD = participationLines("mediance", 12);
const BAD = [
  "{oops",
  JSON.stringify({ facts: {} }),
  JSON.stringify({ facts: { campaign: 1 }, asOf: "x" }),
  "",
  " ",
];
const decoder = new TextDecoder();

/** The output batch must give: each line judged on its own, numbered, blank lines dropped. */
function expected(lines: readonly string[]): string {
  return lines.map((line, index) => decoder.decode(judge(chunkOf(index + 1, [line])).out)).join("");
}

/** A pool that judges in this thread and finishes chunks after random delays (any order). */
function shuffledPool(delays: readonly number[], window: number): ChunkRunner & { peak: number } {
  let calls = 0;
  let running = 0;
  const pool = {
    peak: 0,
    run(chunk: BatchChunk): Promise<BatchResult> {
      running++;
      pool.peak = Math.max(pool.peak, running);
      expect(running).toBeLessThanOrEqual(window);
      const delay = delays[calls++ % delays.length] ?? 0;
      return new Promise((resolve) =>
        setTimeout(() => {
          running--;
          resolve(judge(chunk));
        }, delay),
      );
    },
  };
  return pool;
}

/** A writable that takes at most `highWaterMark` bytes before asking to wait, and drains late. */
function slowSink(): Writable & { text: () => string } {
  const parts: Buffer[] = [];
  const sink = new Writable({
    highWaterMark: 64,
    write(chunk: Buffer, _encoding, done) {
      parts.push(Buffer.from(chunk));
      setImmediate(done);
    },
  });
  return Object.assign(sink, { text: () => Buffer.concat(parts).toString("utf8") });
}

describe("judge (a worker's chunk)", () => {
  it("gives evaluateSync's verdict per good line and an error record per bad one", () => {
    const bare = participation("mediance", 3);
    const lines = [
      GOOD[0] as string,
      "{oops",
      "",
      JSON.stringify(bare.facts),
      JSON.stringify({ facts: bare.facts, asOf: bare.asOf, who: 1 }),
    ];
    const result = judge(chunkOf(10, lines));
    const out = decoder
      .decode(result.out)
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    const first = JSON.parse(GOOD[0] as string);
    expect(out[0]).toEqual(
      JSON.parse(
        JSON.stringify(
          evaluateSync(first.facts, policy, {
            asOf: first.asOf,
            ...(first.standing ? { standing: first.standing } : {}),
          }),
        ),
      ),
    );
    expect(out.slice(1)).toEqual([
      {
        line: 11,
        error: {
          code: "INVALID_JSON",
          issues: [expect.objectContaining({ code: "invalid_format", path: "" })],
        },
      },
      {
        line: 13,
        error: {
          code: "INVALID_LINE",
          issues: [expect.objectContaining({ code: "required", path: "asOf" })],
        },
      },
      {
        line: 14,
        error: {
          code: "INVALID_LINE",
          issues: [expect.objectContaining({ code: "unknown_key", path: "who" })],
        },
      },
    ]);
    expect(result).toMatchObject({ judged: 4, errors: 3, internal: 0, blank: 1, otherShard: 0 });
    expect(Object.values(result.statuses)).toEqual([1]);
  });

  it("skips only lines of JSON white space; a line of other white space is INVALID_JSON", () => {
    // chunkOf adds "\n"; chunkLines drops one "\r" before it, so "\r\r" leaves a line "\r".
    const blank = ["", " ", "\t", " \t ", "\r\r"];
    const notJson = ["\ufeff", "\u00a0", "\u2028", "\u3000", "\f", "\v", " \u00a0 "];
    const result = judge(chunkOf(1, [...blank, ...notJson]));
    const records = decoder
      .decode(result.out)
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(records).toEqual(
      notJson.map((_, index) => ({
        line: blank.length + index + 1,
        error: {
          code: "INVALID_JSON",
          issues: [expect.objectContaining({ code: "invalid_format", path: "" })],
        },
      })),
    );
    expect(result).toMatchObject({ blank: blank.length, errors: notJson.length });
  });

  it("with --trace and --as-of, bare facts get the traced verdict", () => {
    const bare = participation("mediance", 5);
    const traced = createJudge({ policy, asOf: bare.asOf, trace: true });
    const out = decoder.decode(traced(chunkOf(1, [JSON.stringify(bare.facts)])).out);
    expect(out).toBe(
      `${JSON.stringify(evaluateSync(bare.facts, policy, { asOf: bare.asOf, trace: true }))}\n`,
    );
  });

  it("a shard judges exactly its lines; unreadable lines are shard 0's", () => {
    const lines = [...GOOD, "{oops", JSON.stringify({ facts: { influencer: { id: 2 } } })];
    const whole = judge(chunkOf(1, lines));
    const parts = [0, 1, 2].map((index) =>
      createJudge({ policy, shard: { index, count: 3 } })(chunkOf(1, lines)),
    );
    expect(parts.reduce((sum, part) => sum + part.judged, 0)).toBe(whole.judged);
    for (const part of parts) expect(part.judged + part.otherShard).toBe(lines.length);
    const records = parts.flatMap((part) =>
      decoder.decode(part.out).trimEnd().split("\n").filter(Boolean),
    );
    expect(records.sort()).toEqual(decoder.decode(whole.out).trimEnd().split("\n").sort());
    expect(decoder.decode(parts[0]?.out).match(/"line":/g)).toHaveLength(2);
  });
});

describe("lineChunks (the main thread's cutting)", () => {
  /** The input's lines as NDJSON reads them: split at \n, a \r before it dropped. */
  const reference = (input: string) => {
    // A BOM at byte 0 is no content; any other is.
    const text = input.startsWith("\ufeff") ? input.slice(1) : input;
    if (text === "") return [];
    const lines = text.split("\n");
    // The empty text after a final newline is no line.
    if (text.endsWith("\n")) lines.pop();
    return lines.map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line));
  };
  const collect = async (input: Readable, size: number) => {
    const chunks: Array<BatchChunk & { bytes: number }> = [];
    for await (const chunk of lineChunks(input, size)) chunks.push(chunk);
    return chunks;
  };

  it("cuts any bytes, in any pieces, into numbered chunks of whole lines", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: fc.constantFrom("a", "é", "😀", "\r", " ", "{", "\ufeff") })),
        fc.constantFrom("\n", "\r\n"),
        fc.boolean(),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 5 }),
        async (lines, newline, trailing, size, cuts) => {
          const text = lines.join(newline) + (trailing && lines.length > 0 ? newline : "");
          const bytes = Buffer.from(text, "utf8");
          // Pieces of any size, cutting through multi-byte characters.
          const pieces = piecesOf(bytes, cuts);
          const chunks = await collect(Readable.from(pieces), size);
          const got = chunks.flatMap((chunk) => chunkLines(chunk));
          expect(got).toEqual(reference(text));
          let first = 1;
          for (const [index, chunk] of chunks.entries()) {
            expect(chunk.first).toBe(first);
            expect(chunkLines(chunk)).toHaveLength(chunk.count);
            if (index < chunks.length - 1) expect(chunk.count).toBe(size);
            // A buffer of its own, so that moving it to a worker detaches nothing else.
            expect(chunk.text.byteOffset).toBe(0);
            expect(chunk.text.buffer.byteLength).toBe(chunk.text.byteLength);
            first += chunk.count;
          }
          // The last chunk read the whole input (a BOM at its start included); no chunk at all
          // for an input without a line (empty, or a BOM alone).
          expect(chunks.at(-1)?.bytes ?? 0).toBe(chunks.length > 0 ? bytes.length : 0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("skips a BOM at byte 0, in any pieces, and keeps one that starts a later line", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: fc.constantFrom("a", "é", "\r", " ", "{", "\ufeff") })),
        fc.boolean(),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 5 }),
        async (lines, trailing, size, cuts) => {
          const text = lines.join("\n") + (trailing && lines.length > 0 ? "\n" : "");
          const pieces = (bytes: Buffer) => piecesOf(bytes, cuts);
          const plain = Buffer.from(text, "utf8");
          const led = Buffer.concat([Buffer.of(0xef, 0xbb, 0xbf), plain]);
          const without = await collect(Readable.from(pieces(plain)), size);
          const withBom = await collect(Readable.from(pieces(led)), size);
          // Line 1 starts after the BOM; a BOM that text itself starts with is content.
          expect(withBom.flatMap((chunk) => chunkLines(chunk))).toEqual(reference(`\ufeff${text}`));
          if (withBom.length > 0) expect(withBom.at(-1)?.bytes).toBe(led.length);
          // Otherwise the same chunks as without the BOM, byte for byte; only the bytes read differ.
          if (!text.startsWith("\ufeff")) {
            expect(withBom.map(({ bytes: _, ...chunk }) => chunk)).toEqual(
              without.map(({ bytes: _, ...chunk }) => chunk),
            );
          }
        },
      ),
      { numRuns: 300 },
    );
    // A later line's BOM stays in it.
    const [chunk] = await collect(Readable.from([Buffer.from("\ufeff{}\n\ufeff{}\n")]), 5);
    expect(chunk && chunkLines(chunk)).toEqual(["{}", "\ufeff{}"]);
  });

  it("reads one or two bytes that only begin a BOM as content", async () => {
    for (const bytes of [[0xef], [0xef, 0xbb], [0xef, 0xbb, 0x0a], [0xef, 0x0a]]) {
      const input = Readable.from(bytes.map((byte) => Buffer.of(byte)));
      const chunks = await collect(input, 5);
      expect(chunks.map((chunk) => [...chunk.text])).toEqual([bytes]);
      expect(chunks[0]?.count).toBe(1);
    }
  });

  it("cuts a chunk at the byte cap, and keeps only the length of a line over the line cap", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: fc.constantFrom("a", "é", "😀"), maxLength: 12 }), {
          maxLength: 30,
        }),
        fc.constantFrom("\n", "\r\n"),
        fc.boolean(),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 9 }),
        async (lines, newline, trailing, maxChunkBytes, maxLineBytes, piece) => {
          const text = lines.join(newline) + (trailing && lines.length > 0 ? newline : "");
          const bytes = Buffer.from(text, "utf8");
          const pieces: Buffer[] = [];
          for (let at = 0; at < bytes.length; at += piece)
            pieces.push(bytes.subarray(at, at + piece));
          const chunks: Array<BatchChunk & { bytes: number }> = [];
          for await (const chunk of lineChunks(Readable.from(pieces), 1000, {
            maxChunkBytes,
            maxLineBytes,
          }))
            chunks.push(chunk);
          const expectedLines = reference(text);
          const got: string[] = [];
          const tooLong: number[] = [];
          for (const chunk of chunks) {
            // Over the byte cap only by its last line (and its newline, if any).
            const endsInNewline = chunk.text[chunk.text.byteLength - 1] === 0x0a;
            const body = chunk.text.subarray(0, chunk.text.byteLength - (endsInNewline ? 1 : 0));
            const lastBytes =
              body.byteLength - (body.lastIndexOf(0x0a) + 1) + (endsInNewline ? 1 : 0);
            expect(chunk.text.byteLength - lastBytes).toBeLessThan(maxChunkBytes);
            const chunkText = chunkLines(chunk);
            for (const entry of chunk.oversized ?? []) {
              expect(chunkText[entry.index]).toBe("");
              expect(entry.limit).toBe(maxLineBytes);
              tooLong.push(chunk.first + entry.index - 1);
            }
            got.push(...chunkText);
          }
          expect(got).toHaveLength(expectedLines.length);
          expectedLines.forEach((line, index) => {
            const length = Buffer.byteLength(line);
            if (length > maxLineBytes) expect(tooLong).toContain(index);
            else expect(got[index]).toBe(line);
          });
          expect(tooLong.length).toBe(
            expectedLines.filter((line) => Buffer.byteLength(line) > maxLineBytes).length,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it("caps a line's content, so a CRLF line gets the same cap as a LF line", async () => {
    const cap = 8;
    // The lines as a worker gets them, a line over the cap as "too_long BYTES".
    const lines = async (input: string, piece: number) => {
      const bytes = Buffer.from(input);
      const pieces: Buffer[] = [];
      for (let at = 0; at < bytes.length; at += piece) pieces.push(bytes.subarray(at, at + piece));
      const limits = { maxChunkBytes: 1 << 20, maxLineBytes: cap };
      const got: string[] = [];
      for await (const chunk of lineChunks(Readable.from(pieces), 100, limits)) {
        const text = chunkLines(chunk);
        for (const entry of chunk.oversized ?? []) text[entry.index] = `too_long ${entry.bytes}`;
        got.push(...text);
      }
      return got;
    };
    const atCap = "x".repeat(cap);
    const overCap = "x".repeat(cap + 1);
    // Every piece size, so the "\r" and the "\n" also arrive apart (the streamed, dropped path).
    for (let piece = 1; piece <= 2 * cap + 6; piece++) {
      for (const newline of ["\n", "\r\n"]) {
        const input = `${atCap}${newline}${overCap}${newline}a${newline}`;
        expect(await lines(input, piece)).toEqual([atCap, `too_long ${cap + 1}`, "a"]);
      }
      // The input's last line, without a newline: a "\r" it ends with does not count either.
      expect(await lines(`a\n${atCap}\r`, piece)).toEqual(["a", atCap]);
      expect(await lines(`a\n${overCap}\r`, piece)).toEqual(["a", `too_long ${cap + 1}`]);
    }
  });

  it("answers a line over the cap with a too_long error record, in its place", async () => {
    const [good, other] = [GOOD[0] as string, GOOD[1] as string];
    const cap = Math.max(good.length, other.length) + 10;
    const long = "x".repeat(cap + 1);
    const input = Readable.from([Buffer.from(`${good}\n${long}\n${other}`)]);
    const chunks: BatchChunk[] = [];
    for await (const each of lineChunks(input, 10, { maxChunkBytes: 1 << 20, maxLineBytes: cap }))
      chunks.push(each);
    expect(chunks).toHaveLength(1);
    const out = decoder.decode(judge(chunks[0] as BatchChunk).out);
    expect(out).toBe(
      [
        expected([good]),
        `${JSON.stringify({
          line: 2,
          error: {
            code: "INVALID_LINE",
            issues: [
              {
                code: "too_long",
                path: "",
                message: `the line is ${cap + 1} bytes; a line is at most ${cap} bytes`,
              },
            ],
          },
        })}\n`,
        decoder.decode(judge(chunkOf(3, [other])).out),
      ].join(""),
    );
  });

  it("gives nothing for an empty input, and one line for text without a newline", async () => {
    expect(await collect(Readable.from([]), 3)).toEqual([]);
    const [only, ...rest] = await collect(Readable.from([Buffer.from("{}")]), 3);
    expect(rest).toEqual([]);
    expect(only && chunkLines(only)).toEqual(["{}"]);
  });
});

describe("runPool", () => {
  it("writes every chunk in input order whatever order they finish in, never over the window", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...GOOD, ...BAD), { minLength: 0, maxLength: 40 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        async (lines, chunkSize, window, delays, ordered) => {
          const input = Readable.from(lines.length > 0 ? [`${lines.join("\n")}\n`] : []);
          const pool = shuffledPool(delays, window);
          const sink = slowSink();
          const totals = await runPool(pool, lineChunks(input, chunkSize), sink, {
            window,
            ordered,
            progress: undefined,
          });
          const want = expected(lines);
          if (ordered) expect(sink.text()).toBe(want);
          else expect(sink.text().split("\n").sort()).toEqual(want.split("\n").sort());
          expect(totals.lines).toBe(lines.length);
          expect(totals.judged + totals.blank).toBe(lines.length);
          expect(pool.peak).toBeLessThanOrEqual(window);
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);

  it("judges input with a leading BOM as without it, and a BOM-led later line as INVALID_JSON", async () => {
    const ledLine = `\ufeff${GOOD[1]}`;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...GOOD, ...BAD, ledLine), { minLength: 0, maxLength: 30 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 4 }),
        async (lines, chunkSize, piece) => {
          const output = async (bytes: Buffer) => {
            const pieces: Buffer[] = [];
            for (let at = 0; at < bytes.length; at += piece)
              pieces.push(bytes.subarray(at, at + piece));
            const sink = slowSink();
            await runPool(
              shuffledPool([0, 1], 3),
              lineChunks(Readable.from(pieces), chunkSize),
              sink,
              {
                window: 3,
                ordered: true,
                progress: undefined,
              },
            );
            return sink.text();
          };
          const text = Buffer.from(lines.length > 0 ? `${lines.join("\n")}\n` : "", "utf8");
          // With a BOM at byte 0, every line is judged as given (a first line that starts with
          // a BOM of its own included: only one is skipped), numbered as given.
          const led = await output(Buffer.concat([Buffer.of(0xef, 0xbb, 0xbf), text]));
          expect(led).toBe(expected(lines));
          // And without it, the same output (unless the first line's own BOM is now at byte 0).
          if (!lines[0]?.startsWith("\ufeff")) expect(await output(text)).toBe(led);
        },
      ),
      { numRuns: 40 },
    );
    const lines = [GOOD[0], GOOD[1], GOOD[2], GOOD[3], ledLine] as string[];
    const input = Readable.from([Buffer.from(`\ufeff${lines.join("\n")}\n`, "utf8")]);
    const sink = slowSink();
    const totals = await runPool(shuffledPool([0], 2), lineChunks(input, 2), sink, {
      window: 2,
      ordered: true,
      progress: undefined,
    });
    const records = sink
      .text()
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(records.slice(0, 4)).toEqual(
      lines.slice(0, 4).map((line) => JSON.parse(expected([line]))),
    );
    expect(records[4]).toEqual({
      line: 5,
      error: {
        code: "INVALID_JSON",
        issues: [expect.objectContaining({ code: "invalid_format", path: "" })],
      },
    });
    expect(totals).toMatchObject({ lines: 5, judged: 5, errors: 1 });
  });

  it("stops with the pool's error", async () => {
    const failing: ChunkRunner = { run: () => Promise.reject(new Error("worker died")) };
    const input = Readable.from([`${GOOD.join("\n")}\n`]);
    await expect(
      runPool(failing, lineChunks(input, 2), slowSink(), {
        window: 2,
        ordered: true,
        progress: undefined,
      }),
    ).rejects.toThrow("worker died");
  });
});
