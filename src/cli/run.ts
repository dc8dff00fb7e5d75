/**
 * The dispatcher of the `noshow-policy` CLI: top-level `--help` and `--version`, then the
 * command from the table in `commands.ts`. Every failure ends as lines on stderr and an exit code.
 */
import * as commands from "./commands.js";
import {
  type Command,
  EXIT,
  type ExitCode,
  type Io,
  packageVersion,
  UsageError,
  write,
} from "./common.js";

const TABLE: ReadonlyMap<string, Command> = new Map(
  Object.values(commands as Record<string, Command>).map((command) => [command.name, command]),
);

function topHelp(): string {
  const width = Math.max(...[...TABLE.keys()].map((name) => name.length));
  const rows = [...TABLE.values()].map(
    (command) => `  ${command.name.padEnd(width)}  ${command.summary}`,
  );
  return `Usage: noshow-policy <command> [options]

Judges influencer participations against no-show policies.

Commands:
${rows.join("\n")}

Options:
  -h, --help     this help (and "noshow-policy <command> --help")
  -v, --version  the package version

Exit codes: 0 success, 2 invalid input or arguments, 4 failed policy tests, 1 internal error.`;
}

/**
 * Runs the CLI.
 *
 * @param argv - The arguments after `node cli.js`.
 * @param io - Streams and working directory.
 * @returns The exit code.
 * @example
 * process.exitCode = await run(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() });
 */
export async function run(argv: readonly string[], io: Io): Promise<ExitCode> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      await write(name === undefined ? io.stderr : io.stdout, `${topHelp()}\n`);
      return name === undefined ? EXIT.invalid : EXIT.ok;
    }
    if (name === "--version" || name === "-v") {
      await write(io.stdout, `${packageVersion()}\n`);
      return EXIT.ok;
    }
    const command = TABLE.get(name);
    if (!command) {
      const known = [...TABLE.keys()].join(", ");
      throw new UsageError(
        name.startsWith("-")
          ? `unknown option "${name}" (commands: ${known}; see noshow-policy --help)`
          : `unknown command "${name}" (commands: ${known}; see noshow-policy --help)`,
      );
    }
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      await write(io.stderr, `${error.lines.map((line) => `noshow-policy: ${line}`).join("\n")}\n`);
      return EXIT.invalid;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    await write(io.stderr, `noshow-policy: internal error (please report it): ${detail}\n`);
    return EXIT.internal;
  }
}
