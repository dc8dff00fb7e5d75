/**
 * `noshow-policy batch`: NDJSON participations in → NDJSON verdicts out, on a pool of worker
 * threads, in constant memory.
 *
 * The main thread only cuts the input's bytes into chunks of lines and writes results: the
 * workers decode, parse, shard and judge. At most `workers × WINDOW_PER_WORKER` chunks are in flight
 * (sent, judged, or waiting for their turn to be written); reading pauses while the window is
 * full and a slot frees only once its chunk is written and the output has drained, so memory
 * stays flat whatever the input's length.
 */
import { once } from "node:events";
import { createReadStream, createWriteStream, fstatSync, readFileSync } from "node:fs";
import { stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import type { Readable, Writable } from "node:stream";
import { Piscina } from "piscina";
import { compilePolicy } from "../index.js";
import { instantSchema } from "../policy-entry.js";
import {
  type Command,
  EXIT,
  type ExitCode,
  errorCode,
  loadPolicy,
  PRESET_NAMES,
  parseCommandArgs,
  resolveIn,
  UsageError,
  UTF8_BOM,
  withoutBom,
  write,
} from "./common.js";
import type { BatchChunk, BatchResult, BatchSetup } from "./judge.js";
import { Progress } from "./progress.js";
import { parseShard, type Shard } from "./shard.js";

/** Lines per message to a worker (amortises messaging; `--chunk` overrides). */
export const DEFAULT_CHUNK = 256;
/** Chunks in flight per worker: enough that no worker waits while the main thread writes. */
export const WINDOW_PER_WORKER = 4;
/** A chunk is cut once it holds this many bytes, whatever `--chunk` says (V8 caps a string). */
export const MAX_CHUNK_BYTES = 16 * 1024 * 1024;
/**
 * The longest line judged, in bytes (64 MiB) of its content: the `\n` or `\r\n` that ends it does
 * not count. A longer one gets a `too_long` error record.
 */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;
/** Without a known input size, a progress line per this many lines (`--progress-every`). */
export const DEFAULT_PROGRESS_EVERY = 10_000;

const STATUS_ORDER = ["violation", "needs_review", "excused", "pending", "compliant"];

const HELP = `Usage: noshow-policy batch IN.ndjson|- --policy POLICY [options]

Judges one participation per input line and writes one NDJSON record per line, in input order.
A line is { "facts": …, "asOf": "…", "standing": … } (asOf defaults to --as-of, standing is
optional) or bare facts (judged at --as-of). An invalid line gives, in its place,
  { "line": N, "error": { "code": "INVALID_FACTS" | "INVALID_JSON" | "INVALID_LINE" | …, "issues": [ { code, path, message } ] } }
and the run goes on. Blank lines (empty, or only spaces, tabs and "\\r") are skipped; a line of
other white space (U+00A0, U+FEFF, U+2028…) is INVALID_JSON. A line ends at "\\n" (a "\\r"
before it is dropped; a lone "\\r" does not end a line); a line whose content (without its
"\\n" or "\\r\\n") is over 64 MiB is not read: its record is INVALID_LINE, too_long. A UTF-8
byte-order mark at the very start of the input is skipped; any other is content (a JSON line
it starts is INVALID_JSON). A line that is not UTF-8 is INVALID_LINE, invalid_format.

Options:
  --policy POLICY        a preset (${PRESET_NAMES.join(", ")}),
                         a policy JSON file, or a policy-set file ({ "kind": "policy_versions",
                         "versions": [...] }: each participation is judged by the version in
                         force for it) (required)
  --params JSON          parameters (as for evaluate): JSON text or @FILE
  --as-of INSTANT        the instant for lines that carry no asOf
  --out FILE             write the output to FILE (default: stdout); never the input file
  --workers N            worker threads (default: the available parallelism, here ${availableParallelism()})
  --shard i/n            judge only shard i of n (see below)
  --unordered            write each chunk as soon as it is judged, not in input order
  --chunk N              lines per message to a worker (default ${DEFAULT_CHUNK})
  --trace                include the condition-level trace in each verdict
  --progress-every N     without a known input size (stdin), a progress line per N lines
                         (default ${DEFAULT_PROGRESS_EVERY})
  --quiet                no progress (the summary is still written)
  -h, --help             this help

Progress goes to stderr: a bar with rate and ETA on a terminal, else a line per 10% of the
input file (or per N lines on stdin). A summary follows on stderr: lines, verdicts by status,
errors, time, rate and peak RSS.

Sharding: --shard i/n keeps the lines whose facts hash to i:
  fnv1a32(utf8(facts.campaign.id + "\\u0000" + facts.influencer.id)) mod n == i
(FNV-1a 32-bit, offset basis 2166136261, prime 16777619). A line whose ids cannot be read
(not JSON, over 64 MiB, ids missing or not strings) belongs to shard 0. n machines running
shards 0..n-1 over the same input judge every line exactly once. Error records keep the input line number.

Joining output to input: error records carry their line, verdicts do not. In input order (no
--unordered, no --shard), the N-th record answers the N-th non-blank line. With --unordered or
--shard, join a verdict on its campaignId and influencerId (and its asOf, in UTC, when a
participation appears more than once).

Exit codes: 0 every line judged, 2 some line invalid (its error record is in the output; the run
completed) or bad arguments, 1 internal error.`;

/** Parses a positive integer option. */
function positive(name: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > max) {
    throw new UsageError(`--${name}: must be an integer between 1 and ${max}, not "${text}"`);
  }
  return value;
}

/**
 * Opens `--out` for writing. Refused, before anything is opened (so before it is truncated),
 * when it is the input itself, by another path, a symlink or a hard link (same device and inode).
 * An open error (a missing folder, a directory, no permission) is the user's: a usage error.
 */
async function openOut(
  path: string,
  name: string,
  input: { dev: number; ino: number } | undefined,
): Promise<Writable> {
  const existing = await stat(path).catch(() => undefined);
  if (existing && input && existing.dev === input.dev && existing.ino === input.ino) {
    throw new UsageError(`--out ${name}: is the input file (writing it would truncate the input)`);
  }
  const file = createWriteStream(path);
  try {
    // once() rejects with the stream's "error" event (ENOENT, EISDIR, EACCES…).
    await once(file, "open");
  } catch (error) {
    throw new UsageError(`--out ${name}: cannot write (${errorCode(error)})`);
  }
  return file;
}

/** The worker module next to this one: the built `cli-worker.js`, or `worker.ts` from source. */
function workerFile(): string {
  const fromSource = import.meta.url.endsWith(".ts");
  return new URL(fromSource ? "./worker.ts" : "./cli-worker.js", import.meta.url).href;
}

/**
 * The input cut into chunks of at most `size` lines and about `maxChunkBytes` bytes (a longer
 * line is a chunk of its own), each with the number of its first line and `bytes`, its end in the
 * input (the bytes through its last line, not those read ahead when it was cut). Only newlines
 * are looked for (a native byte search); the bytes are copied once into a buffer of the chunk's
 * own, which the pool moves to a worker. A line whose content (without its `\n` or `\r\n`) is
 * over `maxLineBytes` is not kept (only that length, in `oversized`: it becomes an error record),
 * so memory stays bounded whatever the input. A UTF-8 BOM at the input's byte 0 is skipped (line
 * 1 starts after it; `bytes` still counts it); any other BOM is left in its line. The input is
 * read only as fast as chunks are taken.
 */
export async function* lineChunks(
  input: Readable,
  size: number,
  limits: { maxChunkBytes: number; maxLineBytes: number } = {
    maxChunkBytes: MAX_CHUNK_BYTES,
    maxLineBytes: MAX_LINE_BYTES,
  },
): AsyncGenerator<BatchChunk & { bytes: number }> {
  const { maxChunkBytes, maxLineBytes } = limits;
  const NEWLINE = 0x0a;
  const RETURN = 0x0d;
  const EMPTY_LINE = Uint8Array.of(NEWLINE);
  // The chunk's complete lines so far, and the line in progress (its bytes, while kept).
  let parts: Uint8Array[] = [];
  let partBytes = 0;
  let lineParts: Uint8Array[] = [];
  let lineBytes = 0;
  // The last byte of the line in progress before `piece` (to tell a "\r" before its newline).
  let lastByte: number | undefined;
  let oversized: Array<{ index: number; bytes: number; limit: number }> = [];
  let first = 1;
  let count = 0;
  // The input's bytes through the last complete line (a BOM at byte 0 included).
  let through = 0;
  const cut = (): BatchChunk & { bytes: number } => {
    const text = new Uint8Array(partBytes);
    let offset = 0;
    for (const part of parts) {
      text.set(part, offset);
      offset += part.byteLength;
    }
    const chunk = {
      first,
      count,
      text,
      ...(oversized.length > 0 ? { oversized } : {}),
      bytes: through,
    };
    first += count;
    count = 0;
    parts = [];
    partBytes = 0;
    oversized = [];
    return chunk;
  };
  // Ends the line in progress with `piece` (its last bytes, the newline included if any).
  const endLine = (piece: Uint8Array, newline: boolean) => {
    lineBytes += piece.byteLength;
    // The cap is on the line's content, as a worker reads it: neither the "\n" nor a "\r"
    // before it (or at the input's end) counts, so CRLF and LF lines get the same cap.
    const contentEnd = piece.byteLength - (newline ? 1 : 0);
    const last = contentEnd > 0 ? piece[contentEnd - 1] : lastByte;
    const length = lineBytes - (newline ? 1 : 0) - (last === RETURN ? 1 : 0);
    through += lineBytes;
    lastByte = undefined;
    if (length > maxLineBytes) {
      oversized.push({ index: count, bytes: length, limit: maxLineBytes });
      parts.push(EMPTY_LINE);
      partBytes += 1;
    } else {
      for (const part of lineParts) parts.push(part);
      parts.push(piece);
      partBytes += lineBytes;
    }
    lineParts = [];
    lineBytes = 0;
    count++;
  };
  // The input's first bytes, held until they tell whether it starts with a BOM (it may come in
  // pieces shorter than one); `undefined` once that is settled.
  let head: Buffer | undefined = Buffer.alloc(0);
  for await (const data of input) {
    let buffer: Buffer = typeof data === "string" ? Buffer.from(data) : (data as Buffer);
    if (head !== undefined) {
      head = head.byteLength === 0 ? buffer : Buffer.concat([head, buffer]);
      if (
        head.byteLength < UTF8_BOM.byteLength &&
        head.equals(UTF8_BOM.subarray(0, head.byteLength))
      )
        continue;
      // Only here, at byte 0, is a BOM skipped (no worker knows where byte 0 is); a BOM that
      // starts a later line stays, and that line is INVALID_JSON.
      buffer = withoutBom(head);
      through += head.byteLength - buffer.byteLength;
      head = undefined;
    }
    let start = 0;
    for (let end = buffer.indexOf(NEWLINE); end !== -1; end = buffer.indexOf(NEWLINE, end + 1)) {
      endLine(buffer.subarray(start, end + 1), true);
      start = end + 1;
      if (count === size || partBytes >= maxChunkBytes) yield cut();
    }
    if (start < buffer.byteLength) {
      const tail = buffer.subarray(start);
      lineBytes += tail.byteLength;
      lastByte = tail[tail.byteLength - 1];
      // Past the cap, the line's bytes are dropped as they come: only its length is kept. One
      // byte over it is still kept: it may be the "\r" of a line exactly at the cap.
      if (lineBytes <= maxLineBytes + 1) lineParts.push(tail);
      else lineParts = [];
    }
  }
  // An input of one or two bytes that begin a BOM but are none: content, a line of its own.
  if (head !== undefined && head.byteLength > 0) {
    lineBytes = head.byteLength;
    lastByte = head[head.byteLength - 1];
    if (lineBytes <= maxLineBytes + 1) lineParts.push(head);
  }
  // What follows the last newline is one more line (an input need not end in a newline).
  if (lineBytes > 0) endLine(new Uint8Array(0), false);
  if (count > 0) yield cut();
}

/** Counts across the run, for the summary. */
export interface Totals {
  lines: number;
  judged: number;
  statuses: Record<string, number>;
  errors: number;
  internal: number;
  blank: number;
  otherShard: number;
}

function add(totals: Totals, chunk: BatchChunk, result: BatchResult): void {
  totals.lines += chunk.count;
  totals.judged += result.judged;
  totals.errors += result.errors;
  totals.internal += result.internal;
  totals.blank += result.blank;
  totals.otherShard += result.otherShard;
  for (const [status, n] of Object.entries(result.statuses)) {
    totals.statuses[status] = (totals.statuses[status] ?? 0) + n;
  }
}

/**
 * This thread's CPU seconds, from /proc (Linux; `undefined` elsewhere): the summary's "main
 * thread" figure, which tells whether reading and writing could hold the workers back.
 */
function threadCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync("/proc/thread-self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime, in clock ticks (USER_HZ, 100 on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** CPU seconds of the whole process (every thread) and of the main thread. */
interface CpuMark {
  process: number;
  main: number | undefined;
}

function cpuMark(): CpuMark {
  const { user, system } = process.cpuUsage();
  return { process: (user + system) / 1e6, main: threadCpuSeconds() };
}

function summary(
  totals: Totals,
  seconds: number,
  shard: Shard | undefined,
  cpu: { start: CpuMark; end: CpuMark },
): string {
  const statuses = Object.keys(totals.statuses).sort(
    (a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0),
  );
  const verdicts = totals.judged - totals.errors;
  const byStatus = statuses.map((status) => `${status} ${totals.statuses[status]}`).join(", ");
  const rss = process.resourceUsage().maxRSS / 1024;
  const parts = [
    `${totals.lines} lines`,
    `${verdicts} verdicts${byStatus ? ` (${byStatus})` : ""}`,
    `${totals.errors} errors${totals.internal > 0 ? ` (${totals.internal} internal)` : ""}`,
    `${totals.blank} blank`,
  ];
  if (shard)
    parts.push(`${totals.otherShard} in other shards (this is ${shard.index}/${shard.count})`);
  const processCpu = cpu.end.process - cpu.start.process;
  const mainCpu =
    cpu.end.main !== undefined && cpu.start.main !== undefined
      ? ` (main thread ${(cpu.end.main - cpu.start.main).toFixed(2)} s)`
      : "";
  return `batch: ${parts.join(", ")}; ${seconds.toFixed(2)} s, ${Math.round(totals.lines / Math.max(seconds, 1e-6))} lines/s, cpu ${processCpu.toFixed(2)} s${mainCpu}, peak RSS ${rss.toFixed(0)} MB`;
}

function rank(status: string): number {
  const index = STATUS_ORDER.indexOf(status);
  return index < 0 ? STATUS_ORDER.length : index;
}

/** The `batch` command. */
export const batchCommand: Command = {
  name: "batch",
  summary: "NDJSON participations → NDJSON verdicts, on worker threads, with --shard i/n",
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs("batch", args, {
      policy: { type: "string" },
      params: { type: "string" },
      "as-of": { type: "string" },
      out: { type: "string" },
      workers: { type: "string" },
      shard: { type: "string" },
      unordered: { type: "boolean", default: false },
      chunk: { type: "string" },
      trace: { type: "boolean", default: false },
      "progress-every": { type: "string" },
      quiet: { type: "boolean", default: false },
    });
    if (values.help) {
      await write(io.stdout, `${HELP}\n`);
      return EXIT.ok;
    }
    if (positionals.length !== 1) {
      throw new UsageError(
        `batch: expected one input file (or - for stdin), got ${positionals.length}`,
      );
    }
    const workers = positive("workers", values.workers, availableParallelism(), 256);
    const chunkSize = positive("chunk", values.chunk, DEFAULT_CHUNK, 100_000);
    const every = positive("progress-every", values["progress-every"], DEFAULT_PROGRESS_EVERY, 1e9);
    let shard: Shard | undefined;
    if (values.shard !== undefined) {
      const parsed = parseShard(values.shard);
      if (typeof parsed === "string") throw new UsageError(parsed);
      shard = parsed;
    }
    const asOf = values["as-of"];
    if (asOf !== undefined && !instantSchema.safeParse(asOf).success) {
      throw new UsageError(
        `--as-of: "${asOf}" is not an ISO-8601 instant with an offset (e.g. 2026-04-02T00:00:00Z)`,
      );
    }
    const policy = await loadPolicy(values.policy, values.params, io);
    compilePolicy(policy);

    const inputFile = positionals[0] as string;
    let input: Readable;
    let inputInfo: { dev: number; ino: number } | undefined;
    let totalBytes: number | undefined;
    if (inputFile === "-") {
      input = io.stdin;
      // stdin redirected from a file (`< in.ndjson`): that file must not be --out either.
      const fd = (io.stdin as { fd?: unknown }).fd;
      try {
        const info = typeof fd === "number" ? fstatSync(fd) : undefined;
        if (info?.isFile()) inputInfo = info;
      } catch {
        // Not a descriptor we can stat: there is no file to compare --out with.
      }
    } else {
      const path = resolveIn(io, inputFile);
      try {
        const info = await stat(path);
        if (!info.isFile()) throw new UsageError(`${inputFile}: not a file`);
        totalBytes = info.size;
        inputInfo = info;
      } catch (error) {
        if (error instanceof UsageError) throw error;
        throw new UsageError(`${inputFile}: cannot read (${errorCode(error)})`);
      }
      input = createReadStream(path, { highWaterMark: 1 << 16 });
      // An open error (EACCES) is the input's, not a bug: await it here, not mid-run.
      try {
        await once(input, "open");
      } catch (error) {
        throw new UsageError(`${inputFile}: cannot read (${errorCode(error)})`);
      }
    }
    let output: Writable = io.stdout;
    if (values.out !== undefined) {
      try {
        output = await openOut(resolveIn(io, values.out), values.out, inputInfo);
      } catch (error) {
        input.destroy();
        throw error;
      }
    }

    const setup: BatchSetup = {
      policy,
      ...(asOf === undefined ? {} : { asOf }),
      ...(values.trace ? { trace: true } : {}),
      ...(shard ? { shard } : {}),
    };
    const pool = new Piscina({
      filename: workerFile(),
      minThreads: workers,
      maxThreads: workers,
      idleTimeout: Number.POSITIVE_INFINITY,
      workerData: setup,
    });
    const progress = values.quiet
      ? undefined
      : new Progress({
          stream: io.stderr,
          every,
          ...(totalBytes === undefined ? {} : { totalBytes }),
        });
    const started = performance.now();
    const cpuStart = cpuMark();
    try {
      // The chunk's bytes are moved to the worker, not copied.
      const runner: ChunkRunner = {
        run: (chunk) => pool.run(chunk, { transferList: [chunk.text.buffer] }),
      };
      const totals = await runPool(runner, lineChunks(input, chunkSize), output, {
        window: workers * WINDOW_PER_WORKER,
        ordered: !values.unordered,
        progress,
      });
      if (output !== io.stdout) {
        output.end();
        await once(output, "finish");
      }
      progress?.done();
      const seconds = (performance.now() - started) / 1000;
      const cpu = { start: cpuStart, end: cpuMark() };
      await write(io.stderr, `${summary(totals, seconds, shard, cpu)}\n`);
      const code: ExitCode =
        totals.internal > 0 ? EXIT.internal : totals.errors > 0 ? EXIT.invalid : EXIT.ok;
      return code;
    } finally {
      input.destroy();
      await pool.destroy();
    }
  },
};

/** A chunk sent to the pool, with `span`: its own input bytes (from the previous chunk's end). */
type SentChunk = BatchChunk & { bytes: number; span: number };

/** What {@link runPool} needs of a pool: run a chunk (which it may move: the caller is done with its text). */
export interface ChunkRunner {
  run(chunk: BatchChunk): Promise<BatchResult>;
}

/**
 * Sends chunks to the pool with at most `window` in flight, and writes their results in input
 * order (or as they come), waiting for the output to drain.
 *
 * @param pool - Runs a chunk (piscina, or any runner).
 * @param chunks - The input's chunks, e.g. {@link lineChunks}.
 * @param output - Where the NDJSON goes.
 * @param options - The window (chunks in flight), order, progress.
 * @returns The run's counts.
 */
export async function runPool(
  pool: ChunkRunner,
  chunks: AsyncIterable<BatchChunk & { bytes: number }>,
  output: Writable,
  options: { window: number; ordered: boolean; progress: Progress | undefined },
): Promise<Totals> {
  const totals: Totals = {
    lines: 0,
    judged: 0,
    statuses: {},
    errors: 0,
    internal: 0,
    blank: 0,
    otherShard: 0,
  };
  let inFlight = 0;
  let freed: (() => void) | undefined;
  let failure: unknown;
  let sent = 0;
  let nextToWrite = 0;
  // Progress counts the input bytes of the chunks written (each chunk's own span), so that it
  // never runs ahead of the output, in either order.
  let cutAt = 0;
  let bytesDone = 0;
  const finished = new Map<number, { chunk: SentChunk; result: BatchResult }>();
  // Writes are chained, so output order is the chain's order and each waits for drain.
  let writing: Promise<void> = Promise.resolve();

  const release = () => {
    inFlight--;
    freed?.();
  };
  const emit = async (chunk: SentChunk, result: BatchResult) => {
    if (result.out.byteLength > 0) await write(output, result.out);
    add(totals, chunk, result);
    bytesDone += chunk.span;
    options.progress?.update(totals.lines, bytesDone);
    release();
  };
  const onResult = (id: number, chunk: SentChunk, result: BatchResult) => {
    if (!options.ordered) {
      writing = writing.then(() => emit(chunk, result));
    } else {
      finished.set(id, { chunk, result });
      writing = writing.then(async () => {
        for (let next = finished.get(nextToWrite); next; next = finished.get(nextToWrite)) {
          finished.delete(nextToWrite);
          nextToWrite++;
          await emit(next.chunk, next.result);
        }
      });
    }
    writing = writing.catch((error) => {
      failure ??= error;
      freed?.();
    });
  };

  for await (const cut of chunks) {
    const chunk: SentChunk = { ...cut, span: cut.bytes - cutAt };
    cutAt = cut.bytes;
    while (inFlight >= options.window && failure === undefined) {
      await new Promise<void>((resolve) => {
        freed = resolve;
      });
      freed = undefined;
    }
    if (failure !== undefined) break;
    const id = sent++;
    inFlight++;
    const { bytes: _bytes, span: _span, ...task } = chunk;
    pool.run(task satisfies BatchChunk).then(
      (result: BatchResult) => onResult(id, chunk, result),
      (error: unknown) => {
        failure ??= error;
        freed?.();
      },
    );
  }
  while (inFlight > 0 && failure === undefined) {
    await new Promise<void>((resolve) => {
      freed = resolve;
    });
    freed = undefined;
  }
  await writing;
  if (failure !== undefined) throw failure;
  return totals;
}
