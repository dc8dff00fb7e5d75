/**
 * `noshow-policy test`: the policy test-file runner of `noshow-policy/testing` as a command.
 */
import { type Command, write } from "./common.js";
import { testCommand as runTests } from "./test-command.js";

const HELP = `Usage: noshow-policy test PATH... [--coverage] [--format text|json]

Runs policy test files (YAML or JSON; a directory is searched for *.test.yaml, *.test.yml and
*.test.json): each case's facts are judged under the file's policy at its asOf, and every
expectation (status, noShow, findings by rule, exceptions, sanctions, actions, nextCheckAt) is
compared. Each failure prints the expected and the actual value.

Options:
  --coverage      per policy, which rule branches, exception decisions and sanctions the cases
                  exercised, and which none did (or the file declares unreachable, with why)
  --format F      text (default) or json
  -h, --help      this help

Exit codes: 0 every case passed, 4 a case failed, 2 an invalid test file or bad arguments,
1 internal error.`;

/** The `test` command. */
export const testCommand: Command = {
  name: "test",
  summary: "run policy test files (YAML or JSON), with --coverage per rule branch",
  help: HELP,
  async run(args, io) {
    if (args.includes("--help") || args.includes("-h")) {
      await write(io.stdout, `${HELP}\n`);
      return 0;
    }
    return (await runTests([...args], io)) as 0 | 2 | 4;
  },
};
