/**
 * `noshow-policy test`: the policy test-file runner of `noshow-policy/testing` as a command,
 * like `opa test`, with `--threshold` to fail a run whose coverage is too low.
 */
import { formatTestRun, formatTestRunJson, runPolicyTests } from "../testing/index.js";
import { type Command, EXIT, parseCommandArgs, UsageError, write } from "./common.js";
import { testFilesOf, thresholdOf } from "./test-command.js";

const HELP = `Usage: noshow-policy test PATH... [--coverage] [--threshold PCT] [--format text|json]

Runs policy test files (YAML or JSON; a directory is searched for *.test.yaml, *.test.yml and
*.test.json): each case's facts are judged under the file's policy at its asOf, and every
expectation (status, noShow, findings by rule, exceptions, sanctions, actions, nextCheckAt, or
the error code judging must throw) is compared. Each failure prints the expected and the actual
value. A case whose facts or options are refused when it is judged, and that does not expect
that error, makes its file invalid: its issues are listed at their paths in the file.

Options:
  --coverage      per policy, which rule branches, exception decisions and sanctions the cases
                  exercised, and which none did (or the file declares unreachable, with why),
                  then the total: the rules exercised of all that are reachable (every rule but
                  those declared unreachable that no case exercised), in percent
  --threshold PCT fail (exit 4) when that total is below PCT, a number from 0 to 100 (at most
                  two decimals; the coverage is rounded down to hundredths); implies --coverage
  --format F      text (default) or json
  -h, --help      this help

A PATH that cannot be read, or a directory with no test file, is refused (exit 2, naming it).

Exit codes: 0 every case passed (and the coverage reached --threshold), 4 a case failed or the
coverage is below --threshold, 2 an invalid test file or case, an unreadable PATH or bad
arguments, 1 internal error.`;

/** The `test` command. */
export const testCommand: Command = {
  name: "test",
  summary:
    "run policy test files (YAML or JSON), with --coverage per rule branch and --threshold PCT",
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs("test", args, {
      coverage: { type: "boolean", default: false },
      threshold: { type: "string" },
      format: { type: "string", default: "text" },
    });
    if (values.help) {
      await write(io.stdout, `${HELP}\n`);
      return EXIT.ok;
    }
    if (values.format !== "text" && values.format !== "json") {
      throw new UsageError(`--format: must be text or json, not "${values.format}"`);
    }
    const threshold = values.threshold === undefined ? undefined : thresholdOf(values.threshold);
    if (positionals.length === 0) {
      throw new UsageError("test: expected at least one PATH (a test file or a directory)");
    }
    const run = runPolicyTests(testFilesOf(positionals, io));
    const coverage = values.coverage || threshold !== undefined;
    await write(
      io.stdout,
      values.format === "json" ? formatTestRunJson(run) : formatTestRun(run, { coverage }),
    );
    const total = run.coverageTotal;
    const below = threshold !== undefined && Math.round(total.percent * 100) < threshold;
    if (below) {
      await write(
        io.stderr,
        `noshow-policy: test: coverage ${total.percent}% (${total.exercised}/${total.reachable} reachable rules exercised) is below --threshold ${threshold / 100}%\n`,
      );
    }
    if (run.invalid.length > 0) return EXIT.invalid;
    return run.failed > 0 || below ? EXIT.testsFailed : EXIT.ok;
  },
};
