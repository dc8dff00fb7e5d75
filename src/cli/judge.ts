/**
 * What a `batch` worker does with a chunk of input lines: parse, shard and judge each line with
 * the policy compiled once, giving the chunk's NDJSON output — one verdict, or one error record,
 * per non-blank line of its shard, in line order.
 */
import { invalidUtf8Lines, strictUtf8 } from "../core/utf8.js";
import {
  type CompiledPolicy,
  compilePolicy,
  isValidationError,
  type Standing,
  type ValidationIssue,
} from "../index.js";
import { closestKey } from "../validation.js";
import { type Shard, shardOf } from "./shard.js";

/** What every worker is started with. */
export interface BatchSetup {
  /** The policy, already validated by the main thread (plain JSON). */
  policy: unknown;
  /** `--as-of`: the instant for lines that carry none. */
  asOf?: string;
  trace?: boolean;
  shard?: Shard;
}

/**
 * One task: consecutive input lines as UTF-8 bytes, each ending in `\n` (or `\r\n`; the input's
 * last line may end without one), the first of them numbered `first` (1-based). Bytes rather
 * than strings so that the main thread only cuts the input at newlines and moves each chunk to
 * a worker (no decoding, no copy into the message): the workers decode and split.
 */
export interface BatchChunk {
  first: number;
  /** How many lines `text` holds. */
  count: number;
  text: Uint8Array<ArrayBuffer>;
  /**
   * Lines too long to judge (over batch's `MAX_LINE_BYTES`): their index in the chunk and length in
   * bytes. `text` holds an empty line in their place; each gets an error record.
   */
  oversized?: ReadonlyArray<{ index: number; bytes: number; limit: number }>;
}

/** What a task gives back. */
export interface BatchResult {
  /**
   * The chunk's output, UTF-8: one JSON record and a newline per judged line. Bytes, moved to the
   * main thread rather than copied, so that it only hands them to the output.
   */
  out: Uint8Array;
  /** Lines judged (a verdict or an error record). */
  judged: number;
  /** Verdicts by status. */
  statuses: Record<string, number>;
  /** Error records (the line was invalid). */
  errors: number;
  /** Error records from an unexpected error (a bug). */
  internal: number;
  /** Blank lines, skipped. */
  blank: number;
  /** Lines of other shards, skipped. */
  otherShard: number;
}

/** The error record that stands in for a line that could not be judged. */
export interface ErrorRecord {
  line: number;
  /**
   * `code`: the library's ValidationError code (`INVALID_FACTS`, `INVALID_OPTIONS`…), or
   * `INVALID_JSON`, `INVALID_LINE` (the line's own shape), `INTERNAL_ERROR` (a bug).
   */
  error: { code: string; issues: RecordIssue[] };
}

/** An issue of an error record: a library issue, or `internal_error` for a bug. */
type RecordIssue = ValidationIssue | { code: "internal_error"; path: string; message: string };

const WRAPPER_KEYS = ["facts", "asOf", "standing"];
// JSON's own white space only (a line holds no "\n"): a line of U+FEFF, U+00A0, U+2028… is no
// JSON and gets an INVALID_JSON record, not skipped as `\s` would.
const BLANK = /^[ \t\r]*$/;

function errorRecord(line: number, code: string, issues: RecordIssue[]): string {
  const record: ErrorRecord = { line, error: { code, issues } };
  return JSON.stringify(record);
}

const encoder = new TextEncoder();
// A BOM is kept: a chunk may start anywhere in the input, not only at its first byte, and a
// BOM-led line must read the same wherever it falls (the BOM is content: JSON.parse refuses it).
// The one BOM that is no content, at the input's byte 0, never reaches a worker: lineChunks
// skips it.
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * The chunk of `lines` (each without its newline), numbered from `first`.
 *
 * @param first - The number of the first line (1-based).
 * @param lines - The lines.
 * @returns The chunk, in a buffer of its own (so it can be moved).
 * @example
 * judge(chunkOf(1, ['{"facts":{}}']));
 */
export function chunkOf(first: number, lines: readonly string[]): BatchChunk {
  const bytes = encoder.encode(lines.map((line) => `${line}\n`).join(""));
  return { first, count: lines.length, text: bytes };
}

/**
 * The lines of a chunk: split at `\n`, one trailing `\r` dropped from each, and the empty text
 * after a final newline not counted.
 */
export function chunkLines(chunk: BatchChunk): string[] {
  return readChunk(chunk).lines;
}

/**
 * The lines of a chunk (as {@link chunkLines}) and the indexes of those that are not valid UTF-8
 * (their text holds U+FFFD in place of the bad bytes; they are answered by an error record).
 */
function readChunk(chunk: BatchChunk): { lines: string[]; notUtf8: ReadonlySet<number> } {
  let text = strictUtf8(chunk.text);
  let notUtf8: ReadonlySet<number> = NONE;
  if (text === undefined) {
    text = decoder.decode(chunk.text);
    notUtf8 = new Set(invalidUtf8Lines(chunk.text).map((line) => line - 1));
  }
  const lines = text.split("\n");
  if (lines.length > chunk.count) lines.length = chunk.count;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.endsWith("\r")) lines[i] = line.slice(0, -1);
  }
  return { lines, notUtf8 };
}

const NONE: ReadonlySet<number> = new Set();
/**
 * Compiles the policy once and returns the judge of chunks: in line order, one verdict or one
 * error record per non-blank line of the shard.
 *
 * @param setup - The policy (validated), `--as-of`, `--trace` and `--shard`.
 * @returns A function from a chunk to its output and counts.
 * @example
 * const judge = createJudge({ policy: mediance(), asOf: "2026-04-02T00:00:00Z" });
 * const { out, errors } = judge(chunkOf(1, ['{"facts":{}}']));
 */
export function createJudge(setup: BatchSetup): (chunk: BatchChunk) => BatchResult {
  const compiled = compilePolicy(setup.policy);
  return (chunk) => judge(chunk, setup, compiled);
}

function judge(chunk: BatchChunk, setup: BatchSetup, compiled: CompiledPolicy): BatchResult {
  const result: BatchResult = {
    out: new Uint8Array(0),
    judged: 0,
    statuses: {},
    errors: 0,
    internal: 0,
    blank: 0,
    otherShard: 0,
  };
  const records: string[] = [];
  const shard = setup.shard;
  const { lines, notUtf8 } = readChunk(chunk);
  const oversized = new Map(chunk.oversized?.map((entry) => [entry.index, entry]));
  // A line whose ids cannot be read (not UTF-8, not JSON, too long to read) belongs to shard 0 (see
  // shard.ts): it is answered there, and skipped in every other shard.
  const unreadable = (line: number, code: string, issue: ValidationIssue) => {
    if (shard && shard.index !== 0) {
      result.otherShard++;
      return;
    }
    result.errors++;
    result.judged++;
    records.push(errorRecord(line, code, [issue]));
  };
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] as string;
    const line = chunk.first + i;
    const tooLong = oversized.get(i);
    if (tooLong !== undefined) {
      unreadable(line, "INVALID_LINE", {
        code: "too_long",
        path: "",
        message: `the line is ${tooLong.bytes} bytes; a line is at most ${tooLong.limit} bytes`,
      });
      continue;
    }
    if (notUtf8.has(i)) {
      unreadable(line, "INVALID_LINE", {
        code: "invalid_format",
        path: "",
        message: "not valid UTF-8",
      });
      continue;
    }
    if (BLANK.test(text)) {
      result.blank++;
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      unreadable(line, "INVALID_JSON", {
        code: "invalid_format",
        path: "",
        message: `not valid JSON (${(error as Error).message})`,
      });
      continue;
    }
    // A wrapper is an object with any wrapper key (no facts object has one): then a typo beside
    // it (`asof`, `fact`, `standng`) is an unknown key of the line, not the line read as facts.
    const wrapped =
      typeof value === "object" &&
      value !== null &&
      !Array.isArray(value) &&
      WRAPPER_KEYS.some((key) => Object.hasOwn(value, key));
    const record = value as Record<string, unknown>;
    const facts = wrapped ? record.facts : value;
    if (shard && shardOf(facts, shard.count) !== shard.index) {
      result.otherShard++;
      continue;
    }
    result.judged++;
    const lineIssues: ValidationIssue[] = [];
    if (wrapped) {
      for (const key of Object.keys(record)) {
        if (!WRAPPER_KEYS.includes(key)) {
          const near = closestKey(key, WRAPPER_KEYS);
          lineIssues.push({
            code: "unknown_key",
            path: key,
            message: `unknown key "${key}"${near ? `; did you mean "${near}"?` : ""} (a line is { facts, asOf, standing? } or bare facts)`,
          });
        }
      }
      if (!Object.hasOwn(record, "facts")) {
        lineIssues.push({
          code: "required",
          path: "facts",
          message: "the line has asOf or standing but no facts",
        });
      }
    }
    const asOf = wrapped && record.asOf !== undefined ? record.asOf : setup.asOf;
    if (asOf === undefined) {
      lineIssues.push({
        code: "required",
        path: "asOf",
        message: "the line has no asOf and no --as-of was given",
      });
    }
    if (lineIssues.length > 0) {
      result.errors++;
      records.push(errorRecord(line, "INVALID_LINE", lineIssues));
      continue;
    }
    try {
      const verdict = compiled.evaluate(facts, {
        asOf: asOf as string,
        ...(wrapped && record.standing !== undefined
          ? { standing: record.standing as Standing }
          : {}),
        ...(setup.trace ? { trace: true } : {}),
      });
      result.statuses[verdict.status] = (result.statuses[verdict.status] ?? 0) + 1;
      records.push(JSON.stringify(verdict));
    } catch (error) {
      result.errors++;
      if (isValidationError(error)) {
        records.push(errorRecord(line, error.code, [...error.issues]));
      } else {
        result.internal++;
        records.push(
          errorRecord(line, "INTERNAL_ERROR", [
            {
              code: "internal_error",
              path: "",
              message: `internal error: ${(error as Error)?.message ?? String(error)}`,
            },
          ]),
        );
      }
    }
  }
  // A fresh buffer of its own (never a slice of a pool), so it can be moved.
  result.out = encoder.encode(records.length > 0 ? `${records.join("\n")}\n` : "");
  return result;
}
