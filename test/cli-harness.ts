/**
 * What the CLI tests share: the CLI built as the package builds it (ESM, no types) into a folder
 * of the test's own, and a command run in this process (src/cli/run.ts) with its output caught.
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { PassThrough, Readable } from "node:stream";
import { build, type Options } from "tsup";
import { run } from "../src/cli/run.js";
import tsupConfigs from "../tsup.config.js";

/** What a command gave: its exit code and everything it wrote. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Builds the CLI (every entry of tsup.config.ts) into `outDir`, emptied first.
 *
 * @param outDir - The folder; its `cli.js` is then the `noshow-policy` bin.
 */
export async function buildCliInto(outDir: string): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  const configs = (Array.isArray(tsupConfigs) ? tsupConfigs : [tsupConfigs]) as Options[];
  for (const config of configs) {
    await build({
      ...config,
      config: false,
      outDir,
      format: ["esm"],
      dts: false,
      sourcemap: false,
      clean: false,
      silent: true,
    });
  }
}

/**
 * Runs a command in this process (no process start-up), in `cwd`, with `input` on stdin.
 *
 * @param args - The arguments after `noshow-policy`.
 * @param cwd - The working directory relative paths start from.
 * @param input - Stdin's bytes or text.
 * @returns The exit code and the text written to stdout and stderr.
 */
export async function runInProcess(
  args: string[],
  cwd: string,
  input: string | Uint8Array = "",
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.setEncoding("utf8").on("data", (text: string) => {
    out += text;
  });
  stderr.setEncoding("utf8").on("data", (text: string) => {
    err += text;
  });
  const code = await run(args, { stdin: Readable.from([input]), stdout, stderr, cwd });
  return { code, stdout: out, stderr: err };
}

/**
 * Runs the built CLI in a child process (TZ=UTC), in `cwd`, with `input` on stdin.
 *
 * @param bin - The built `cli.js` ({@link buildCliInto}).
 * @param args - The arguments after `noshow-policy`.
 * @param cwd - The working directory.
 * @param input - Stdin's bytes or text.
 * @returns The exit code (`null` if a signal ended it) and the text written to stdout and stderr.
 */
export function runBuiltCli(
  bin: string,
  args: string[],
  cwd: string,
  input: string | Uint8Array = "",
): Promise<Omit<CliRun, "code"> & { code: number | null }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd,
      env: { ...process.env, TZ: "UTC" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (text) => {
      stdout += text;
    });
    child.stderr.setEncoding("utf8").on("data", (text) => {
      stderr += text;
    });
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
