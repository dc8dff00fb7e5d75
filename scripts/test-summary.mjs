#!/usr/bin/env node
// Reads vitest's JSON report and prints the plain closing line `N passed, N failed`
// as the LAST line of output. Exits non-zero when the report is missing or unreadable,
// or when any test (or any test file, e.g. one that failed to load) failed.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const reportPath = resolve(root, process.argv[2] ?? "reports/vitest.json");

let report;
try {
  report = JSON.parse(readFileSync(reportPath, "utf8"));
} catch (error) {
  console.error(`test-summary: cannot read ${reportPath}: ${error.message}`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}

const passed = Number(report.numPassedTests ?? 0);
let failed = Number(report.numFailedTests ?? 0);

// A test file that fails to load (syntax error, throwing import, ...) has no failed test
// of its own; count each such file as one failure so the closing line never reads clean.
const brokenFiles = (report.testResults ?? []).filter(
  (file) =>
    file.status === "failed" &&
    !(file.assertionResults ?? []).some((test) => test.status === "failed"),
);
for (const file of brokenFiles) {
  console.error(`test-summary: test file failed: ${file.name}\n${file.message ?? ""}`.trimEnd());
}
failed += brokenFiles.length;

if (passed + failed === 0) {
  console.error("test-summary: no test was executed");
  console.log("0 passed, 1 failed");
  process.exit(1);
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
