/**
 * `noshow-policy test PATH… [--coverage] [--format text|json]`: runs policy test files (a
 * directory is searched for `*.test.yaml`, `*.test.yml` and `*.test.json`), like `opa test`.
 * Exit codes: 0 every case passed, 4 a case failed, 2 a test file (or the command line) is
 * invalid.
 */
import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { formatTestRun, formatTestRunJson, runPolicyTests } from "../testing/index.js";

/** Where the command writes, and the directory relative paths start from. */
export interface TestCommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  cwd: string;
}

/** The exit codes of `noshow-policy test`. */
export const TEST_EXIT = { passed: 0, invalid: 2, failed: 4 } as const;

const TEST_FILE = /\.test\.(ya?ml|json)$/;

const USAGE = "usage: noshow-policy test PATH... [--coverage] [--format text|json]\n";

function collect(path: string, found: string[]): void {
  if (!statSync(path).isDirectory()) {
    found.push(path);
    return;
  }
  // Code-unit order, so that every host lists the files alike.
  const entries = readdirSync(path).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const entry of entries) {
    const child = join(path, entry);
    if (statSync(child).isDirectory()) collect(child, found);
    else if (TEST_FILE.test(entry)) found.push(child);
  }
}

/**
 * Runs `noshow-policy test`.
 *
 * @param argv - The arguments after `test`.
 * @param io - Output streams and the working directory.
 * @returns The exit code ({@link TEST_EXIT}).
 * @example
 * process.exitCode = await testCommand(["policies-tests", "--coverage"], {
 *   stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(),
 * });
 */
export async function testCommand(argv: string[], io: TestCommandIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.stderr.write(`noshow-policy test: ${(error as Error).message}\n${USAGE}`);
    return TEST_EXIT.invalid;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(USAGE);
    return TEST_EXIT.passed;
  }
  const format = values.format ?? "text";
  if (format !== "text" && format !== "json") {
    io.stderr.write(`noshow-policy test: --format must be text or json, not "${format}"\n`);
    return TEST_EXIT.invalid;
  }
  if (positionals.length === 0) {
    io.stderr.write(`noshow-policy test: give at least one test file or directory\n${USAGE}`);
    return TEST_EXIT.invalid;
  }
  const files: string[] = [];
  for (const path of positionals) {
    const absolute = resolve(io.cwd, path);
    try {
      collect(absolute, files);
    } catch {
      io.stderr.write(`noshow-policy test: cannot read ${path}\n`);
      return TEST_EXIT.invalid;
    }
  }
  if (files.length === 0) {
    io.stderr.write(`noshow-policy test: no *.test.yaml, *.test.yml or *.test.json files found\n`);
    return TEST_EXIT.invalid;
  }
  const run = runPolicyTests(files);
  io.stdout.write(
    format === "json"
      ? formatTestRunJson(run)
      : formatTestRun(run, { coverage: values.coverage === true }),
  );
  if (run.invalid.length > 0) return TEST_EXIT.invalid;
  return run.failed > 0 ? TEST_EXIT.failed : TEST_EXIT.passed;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      coverage: { type: "boolean" },
      format: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}
