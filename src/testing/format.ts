/**
 * Text and JSON reports of a policy test run.
 */
import type { PolicyTestRun } from "./runner.js";

const show = (value: unknown): string => JSON.stringify(value) ?? String(value);

/**
 * A readable report: each file's cases (a failure with every mismatch, expected vs actual; a
 * case whose input was refused when judged, `INVALID`, with its issues), the files that could
 * not be loaded with their issues, a closing `N passed, N failed` line, and, with `coverage`,
 * per policy the rules exercised and the ones no case reached, then the total percentage.
 *
 * @param run - What {@link runPolicyTests} returned.
 * @param options - `coverage: true` to add the coverage section.
 * @returns The report, ending with a newline.
 * @example
 * process.stdout.write(formatTestRun(runPolicyTests(files), { coverage: true }));
 */
export function formatTestRun(run: PolicyTestRun, options: { coverage?: boolean } = {}): string {
  const lines: string[] = [];
  const ran = new Set(run.files.map((file) => file.file));
  // A file that loaded but holds a case refused when judged shows those issues under the case.
  for (const invalid of run.invalid) {
    if (ran.has(invalid.file)) continue;
    lines.push(`${invalid.file}: invalid test file`);
    for (const issue of invalid.issues)
      lines.push(`  ${issue.path || "(file)"}: ${issue.message} [${issue.code}]`);
  }
  for (const file of run.files) {
    const policy =
      "versions" in file.policy
        ? `policy set: ${file.policy.versions.map((version) => `${version.id}@${version.version} from ${version.effectiveFrom}`).join(", ")}`
        : `${file.policy.id}@${file.policy.version}`;
    lines.push(`${file.file} (${policy})`);
    for (const result of file.cases) {
      const mark = result.passed ? "ok  " : result.issues ? "INVALID" : "FAIL";
      // A set's case names the version that judged it.
      const by = result.policy ? ` (${result.policy.id}@${result.policy.version})` : "";
      lines.push(`  ${mark} ${result.name}${by}`);
      for (const issue of result.issues ?? [])
        lines.push(`       ${issue.path}: ${issue.message} [${issue.code}]`);
      // An error message may span lines (a ValidationError lists its issues): each line is
      // indented under the first, so the case's block stays one block.
      if (result.error !== undefined)
        lines.push(`       error: ${result.error.split(/\r?\n/).join("\n              ")}`);
      for (const failure of result.failures)
        lines.push(
          `       ${failure.path}: expected ${show(failure.expected)}, got ${show(failure.actual)}`,
        );
    }
  }
  if (options.coverage) {
    lines.push("", "coverage");
    for (const policy of run.coverage) {
      const unreachable = policy.rules.filter((rule) => rule.unreachable !== undefined);
      lines.push(
        `  ${policy.policy}: ${policy.exercised}/${policy.total} rules exercised` +
          (unreachable.length > 0 ? `, ${unreachable.length} declared unreachable` : ""),
      );
      for (const name of policy.unexercised) {
        const rule = policy.rules.find((item) => item.name === name);
        lines.push(`    not exercised: ${name} (${rule?.phase}: ${rule?.decides})`);
      }
      for (const rule of unreachable)
        if (rule.exercisedBy.length === 0)
          lines.push(`    unreachable: ${rule.name}: ${rule.unreachable}`);
      for (const name of policy.unreachableButExercised)
        lines.push(`    declared unreachable but exercised: ${name}`);
    }
    const total = run.coverageTotal;
    lines.push(
      `  total: ${total.exercised}/${total.reachable} reachable rules exercised (${total.percent}%)`,
    );
  }
  const invalid = run.invalid.length > 0 ? `, ${run.invalid.length} invalid files` : "";
  lines.push("", `${run.passed} passed, ${run.failed} failed${invalid}`);
  return `${lines.join("\n")}\n`;
}

/**
 * The run as JSON (results, invalid files and coverage), two-space indented.
 *
 * @param run - What {@link runPolicyTests} returned.
 * @returns The JSON text, ending with a newline.
 * @example
 * writeFileSync("policy-tests.json", formatTestRunJson(run));
 */
export function formatTestRunJson(run: PolicyTestRun): string {
  return `${JSON.stringify(run, null, 2)}\n`;
}
