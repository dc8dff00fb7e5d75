#!/usr/bin/env node
/**
 * The `noshow-policy` bin: runs the CLI on this process's arguments and streams. The exit code is
 * set, not forced, so that stdout drains before the process ends.
 */
import { run } from "./run.js";

process.exitCode = await run(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
});
