#!/usr/bin/env node
// Runs vitest once (coverage on, default + JSON reporters), then always prints the
// summary line via test-summary.mjs, whatever vitest's exit code. Exits non-zero if
// vitest failed (tests, coverage thresholds, ...) or the summary found a failure.
// Extra arguments are passed on to vitest.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const report = resolve(root, "reports/vitest.json");
const vitestCli = resolve(root, "node_modules/vitest/vitest.mjs");

rmSync(report, { force: true });
mkdirSync(dirname(report), { recursive: true });

let vitestCode = 1;
if (existsSync(vitestCli)) {
  const run = spawnSync(
    process.execPath,
    [
      vitestCli,
      "run",
      "--coverage",
      "--reporter=default",
      "--reporter=json",
      "--outputFile.json=reports/vitest.json",
      ...process.argv.slice(2),
    ],
    { cwd: root, stdio: "inherit" },
  );
  if (run.error) console.error(`run-tests: cannot start vitest: ${run.error.message}`);
  vitestCode = run.status ?? 1;
  if (vitestCode !== 0) console.error(`run-tests: vitest exited with code ${vitestCode}`);
} else {
  console.error(`run-tests: ${vitestCli} not found (run npm ci first)`);
}

const summary = spawnSync(process.execPath, [resolve(root, "scripts/test-summary.mjs")], {
  cwd: root,
  stdio: "inherit",
});
const summaryCode = summary.status ?? 1;

process.exit(vitestCode !== 0 ? vitestCode : summaryCode);
