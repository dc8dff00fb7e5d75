#!/usr/bin/env node
/**
 * The `noshow-policy` bin: runs the CLI on this process's arguments and streams. The exit code is
 * set, not forced, so that stdout drains before the process ends.
 */
import { run } from "./run.js";

// A reader that stops early (`| head`) closes the pipe: stop quietly, as other commands do.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await run(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
});
