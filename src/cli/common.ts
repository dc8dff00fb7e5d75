/**
 * What every command of the `noshow-policy` CLI shares: the exit codes, the streams a command
 * writes to (injected, so a command runs in a test without a process), usage errors, and reading
 * JSON inputs and policies. The CLI imports only the package's public entries, and the strict
 * UTF-8 reading it shares with policy test files (core/utf8.ts).
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import type { Readable, Writable } from "node:stream";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { invalidUtf8Lines, strictUtf8 } from "../core/utf8.js";
import {
  compilePolicy,
  isValidationError,
  type Policy,
  type PolicySet,
  PRESETS,
  parsePolicy,
  type ValidationIssue,
} from "../index.js";
import { isPolicySetDocument, parsePolicySet } from "../policy-entry.js";

/**
 * The exit codes, one meaning each: `0` success, `2` invalid input (a bad argument, file, fact,
 * policy or line), `4` failed policy tests (`test`), `1` an internal error (a bug: report it).
 */
export const EXIT = Object.freeze({ ok: 0, internal: 1, invalid: 2, testsFailed: 4 } as const);

/** One of {@link EXIT}'s codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The process a command runs in: its streams and working directory. */
export interface Io {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable & { isTTY?: boolean; columns?: number };
  readonly cwd: string;
}

/** One CLI command, as the dispatcher's table lists it. */
export interface Command {
  /** The word after `noshow-policy`, e.g. `"evaluate"`. */
  readonly name: string;
  /** One line for the top-level help. */
  readonly summary: string;
  /** The command's `--help` text. */
  readonly help: string;
  /**
   * Runs the command.
   *
   * @param args - The arguments after the command name.
   * @param io - Where to read and write.
   * @returns The exit code.
   */
  run(args: readonly string[], io: Io): Promise<ExitCode>;
}

/** A problem with the invocation or an input file: each line goes to stderr, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
  readonly lines: readonly string[];
  constructor(lines: string | readonly string[]) {
    const list = typeof lines === "string" ? [lines] : lines;
    super(list.join("\n"));
    this.lines = list;
  }
}

/** The package version, read from the package's own `package.json` (a self-reference). */
export function packageVersion(): string {
  const require = createRequire(import.meta.url);
  return (require("noshow-policy/package.json") as { version: string }).version;
}

/**
 * `util.parseArgs`, strict, with its errors turned into {@link UsageError}s that name the command.
 *
 * @param command - The command name, for messages.
 * @param args - The arguments.
 * @param options - The option declarations (`--help` is added).
 * @returns The parsed values and positionals.
 */
export function parseCommandArgs<O extends NonNullable<ParseArgsConfig["options"]>>(
  command: string,
  args: readonly string[],
  options: O,
) {
  try {
    return parseArgs({
      args: [...args],
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${command}: ${message} (see noshow-policy ${command} --help)`);
  }
}

/** `path: code: message`, one problem per line, `(root)` for the whole input. */
export function issueLines(prefix: string, issues: readonly ValidationIssue[]): string[] {
  return issues.map(
    (issue) =>
      `${prefix}: ${issue.path === "" ? "(root)" : issue.path}: ${issue.code}: ${issue.message}`,
  );
}

/**
 * A library `ValidationError` as a {@link UsageError} listing every issue, each prefixed with
 * `what` (the file or argument it came from); any other error unchanged.
 */
export function asUsageError(what: string, error: unknown): unknown {
  if (!isValidationError(error)) return error;
  return new UsageError([
    `${what}: ${error.code}: ${error.issues.length} problem(s)`,
    ...issueLines(what, error.issues),
  ]);
}

/**
 * The issues of one `ValidationError` listed by the input each is about (the file or argument,
 * and its path within it), one block per input as {@link asUsageError} lists them.
 */
export function usageErrorByInput(
  code: string,
  issues: ReadonlyArray<{ what: string; issue: ValidationIssue }>,
): UsageError {
  const groups = new Map<string, ValidationIssue[]>();
  for (const { what, issue } of issues) {
    const group = groups.get(what);
    if (group) group.push(issue);
    else groups.set(what, [issue]);
  }
  return new UsageError(
    [...groups].flatMap(([what, list]) => [
      `${what}: ${code}: ${list.length} problem(s)`,
      ...issueLines(what, list),
    ]),
  );
}

/** Runs `fn`, turning a `ValidationError` into a {@link UsageError} (see {@link asUsageError}). */
export function orUsage<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw asUsageError(what, error);
  }
}

/**
 * The UTF-8 byte-order mark, EF BB BF. Windows editors and some exporters start a file with one;
 * it says how the text is encoded and is not part of it.
 */
export const UTF8_BOM = Uint8Array.of(0xef, 0xbb, 0xbf);

/**
 * The bytes of an input without the UTF-8 BOM at their start, if any: the CLI's one rule for
 * every input it reads (files and stdin, `batch` included). Only byte 0 of the input can hold a
 * BOM; one anywhere else is content (U+FEFF), so a caller passes the input's first bytes.
 *
 * @param bytes - An input, from its byte 0.
 * @returns `bytes`, or a view of it after the BOM.
 */
export function withoutBom(bytes: Buffer): Buffer {
  const bom = UTF8_BOM.byteLength;
  return bytes.byteLength >= bom && bytes.subarray(0, bom).equals(UTF8_BOM)
    ? bytes.subarray(bom)
    : bytes;
}

/**
 * An error's errno code (`ENOENT`, `EACCES`…), or the error itself as text: what a usage error
 * says of a file the CLI cannot read or write.
 *
 * @param error - What a file operation threw.
 * @returns The code, or the error as text.
 * @example
 * errorCode(Object.assign(new Error("no"), { code: "ENOENT" })); // "ENOENT"
 */
export function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code || String(error);
}

/** Reads a whole file, or stdin for `-`, as UTF-8 text (a BOM at its start skipped). */
export async function readText(file: string, io: Io): Promise<string> {
  if (file === "-") {
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin) {
      chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
    }
    return utf8Text("stdin", withoutBom(Buffer.concat(chunks)));
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(resolveIn(io, file));
  } catch (error) {
    throw new UsageError(`${file}: cannot read (${errorCode(error)})`);
  }
  return utf8Text(file, withoutBom(bytes));
}

/** The text of an input's bytes; bytes that are not UTF-8 are a usage error naming the line. */
function utf8Text(label: string, bytes: Uint8Array): string {
  const text = strictUtf8(bytes);
  if (text === undefined) {
    throw new UsageError(`${label}: not valid UTF-8 (line ${invalidUtf8Lines(bytes)[0]})`);
  }
  return text;
}

/** A path relative to the command's working directory. */
export function resolveIn(io: Io, file: string): string {
  return resolve(io.cwd, file);
}

/** Parses JSON text, naming the source in the error. */
export function parseJson(what: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what}: not valid JSON (${(error as Error).message})`);
  }
}

/** Reads and parses a JSON file (or stdin for `-`). */
export async function readJson(file: string, io: Io): Promise<unknown> {
  return parseJson(file === "-" ? "stdin" : file, await readText(file, io));
}

/** The preset ids the `--policy` option accepts. */
export const PRESET_NAMES = Object.keys(PRESETS) as Array<keyof typeof PRESETS>;

/**
 * The policy of `--policy` (a preset id, a policy JSON file, or a policy-set file: the JSON form
 * of `policyVersions`, `{ "kind": "policy_versions", "by"?, "versions": [...] }`, told by
 * `isPolicySetDocument`) with `--params` (a JSON object: a preset's typed parameter override, or
 * parameters merged over a policy file's own, its problems then named `--params`; a set's
 * versions carry their own), validated.
 *
 * @param policyArg - `--policy`.
 * @param paramsArg - `--params`, JSON text, or `@FILE` to read it from a file.
 * @param io - For reading files.
 * @returns The validated policy.
 * @throws {@link UsageError} listing every problem.
 */
export async function loadPolicy(
  policyArg: string | undefined,
  paramsArg: string | undefined,
  io: Io,
): Promise<Policy | PolicySet> {
  if (policyArg === undefined) {
    throw new UsageError(
      `--policy is required: one of ${PRESET_NAMES.join(", ")}, or a policy (or policy-set) JSON file`,
    );
  }
  let params: Record<string, unknown> | undefined;
  if (paramsArg !== undefined) {
    const text = paramsArg.startsWith("@") ? await readText(paramsArg.slice(1), io) : paramsArg;
    const value = parseJson("--params", text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new UsageError("--params: must be a JSON object of parameters");
    }
    params = value as Record<string, unknown>;
  }
  if (Object.hasOwn(PRESETS, policyArg)) {
    const preset = PRESETS[policyArg as keyof typeof PRESETS];
    return orUsage("--params", () => preset.fromParameters(params));
  }
  if (!/[./\\]/.test(policyArg)) {
    throw new UsageError(
      `--policy: "${policyArg}" is no preset (${PRESET_NAMES.join(", ")}) and not a file path`,
    );
  }
  const policy = await readJson(policyArg, io);
  // The one rule of every policy reader (validate and policy test files too).
  if (isPolicySetDocument(policy)) {
    if (params) {
      throw new UsageError(
        `--params: ${policyArg} is a policy set; each of its versions carries its own parameters`,
      );
    }
    // Checked (every version, order, overlaps) and compiled once here, as evaluate would.
    return orUsage(policyArg, () => compilePolicy(parsePolicySet(policy)).versions);
  }
  const merged =
    params && typeof policy === "object" && policy !== null && !Array.isArray(policy)
      ? {
          ...policy,
          parameters: { ...((policy as { parameters?: object }).parameters ?? {}), ...params },
        }
      : policy;
  try {
    return parsePolicy(merged);
  } catch (error) {
    if (!isValidationError(error) || merged === policy || !params) {
      throw asUsageError(policyArg, error);
    }
    throw mergedPolicyError(policyArg, params, error.code, error.issues);
  }
}

/**
 * The problems of a policy file with `--params` merged over its parameters: a parameter
 * `--params` gave is its problem (at its path within `--params`), every other one the file's.
 */
function mergedPolicyError(
  policyArg: string,
  params: Record<string, unknown>,
  code: string,
  issues: readonly ValidationIssue[],
): UsageError {
  const given = Object.keys(params).flatMap((key) => [`.${key}`, `[${JSON.stringify(key)}]`]);
  const ofParams = (issue: ValidationIssue) => {
    if (!issue.path.startsWith("parameters")) return false;
    const rest = issue.path.slice("parameters".length);
    return given.some(
      (prefix) => rest === prefix || rest.startsWith(`${prefix}.`) || rest.startsWith(`${prefix}[`),
    );
  };
  return usageErrorByInput(
    code,
    issues.map((issue) =>
      ofParams(issue)
        ? {
            what: "--params",
            issue: { ...issue, path: issue.path.slice("parameters".length).replace(/^\./, "") },
          }
        : { what: policyArg, issue },
    ),
  );
}

/** Writes text or bytes and waits for the stream to take them (respects `drain`). */
export function write(stream: Writable, text: string | Uint8Array): Promise<void> | undefined {
  if (stream.write(text)) return undefined;
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      stream.off("error", onError);
      resolve();
    };
    const onError = (error: Error) => {
      stream.off("drain", onDrain);
      reject(error);
    };
    stream.once("drain", onDrain);
    stream.once("error", onError);
  });
}
