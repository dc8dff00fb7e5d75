/**
 * `noshow-policy evaluate`: one participation's facts (a file or stdin) → its verdict, as JSON or
 * readable text. Runs the reference evaluator (json-rules-engine).
 */
import {
  evaluate,
  formatVerdict,
  isValidationError,
  type Standing,
  type ValidationError,
  type ValidationIssue,
} from "../index.js";
import {
  asUsageError,
  type Command,
  EXIT,
  loadPolicy,
  PRESET_NAMES,
  parseCommandArgs,
  readJson,
  UsageError,
  usageErrorByInput,
  write,
} from "./common.js";

const HELP = `Usage: noshow-policy evaluate FACTS.json|- --policy POLICY --as-of INSTANT [options]

Evaluates one participation's facts (a JSON file, or stdin with "-") and prints its verdict.

Options:
  --policy POLICY     a preset (${PRESET_NAMES.join(", ")}),
                      a policy JSON file, or a policy-set file ({ "kind": "policy_versions",
                      "versions": [...] }: each participation is judged by the version in force
                      for it) (required)
  --params JSON       parameters: a preset's typed override, or merged over a policy file's
                      parameters; JSON text, or @FILE to read it from a file
  --as-of INSTANT     the instant the facts are judged at, ISO-8601 with an offset (required)
  --standing FILE     the influencer's standing before this campaign (JSON)
  --format json|text  json (default): the verdict as JSON; text: formatVerdict's lines
  --trace             include the condition-level trace in the verdict (JSON only: refused
                      with --format text, whose lines have no place for it)
  -h, --help          this help

Exit codes: 0 a verdict was printed (whatever its status), 2 invalid arguments or input, 1 internal error.

Example:
  noshow-policy evaluate facts.json --policy mediance --as-of 2026-04-02T00:00:00Z --format text`;

/** The `evaluate` command. */
export const evaluateCommand: Command = {
  name: "evaluate",
  summary: "evaluate one participation's facts (file or stdin) → verdict JSON or text",
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs("evaluate", args, {
      policy: { type: "string" },
      params: { type: "string" },
      "as-of": { type: "string" },
      standing: { type: "string" },
      format: { type: "string", default: "json" },
      trace: { type: "boolean", default: false },
    });
    if (values.help) {
      await write(io.stdout, `${HELP}\n`);
      return EXIT.ok;
    }
    if (positionals.length !== 1) {
      throw new UsageError(
        `evaluate: expected one FACTS file (or - for stdin), got ${positionals.length}`,
      );
    }
    const format = values.format;
    if (format !== "json" && format !== "text") {
      throw new UsageError(`--format: must be json or text, not "${format}"`);
    }
    // formatVerdict's text has no trace: refused rather than silently dropped.
    if (values.trace && format === "text") {
      throw new UsageError(
        "--trace: the text format shows no trace; use --format json with --trace",
      );
    }
    const asOf = values["as-of"];
    if (asOf === undefined) throw new UsageError("--as-of is required (an ISO-8601 instant)");
    const factsFile = positionals[0] as string;
    // Stdin is read whole by the first input that names it: a second would read nothing.
    const fromStdin = [
      factsFile === "-" ? "FACTS" : undefined,
      values.standing === "-" ? "--standing" : undefined,
      values.params === "@-" ? "--params" : undefined,
    ].filter((name) => name !== undefined);
    if (fromStdin.length > 1) {
      throw new UsageError(
        `evaluate: stdin (-) can feed one input only, not ${fromStdin.join(" and ")}`,
      );
    }
    const policy = await loadPolicy(values.policy, values.params, io);
    const facts = await readJson(factsFile, io);
    const standing =
      values.standing === undefined ? undefined : await readJson(values.standing, io);
    const what = factsFile === "-" ? "stdin" : factsFile;
    const standingWhat = values.standing === "-" ? "stdin" : values.standing;
    // Facts, options and standing problems are all ValidationErrors: list them like any input's.
    let verdict: Awaited<ReturnType<typeof evaluate>>;
    try {
      verdict = await evaluate(facts, policy, {
        asOf,
        ...(standing === undefined ? {} : { standing: standing as Standing }),
        ...(values.trace ? { trace: true } : {}),
      });
    } catch (error) {
      if (isValidationError(error) && error.code === "INVALID_OPTIONS") {
        throw optionsUsageError(error, standingWhat);
      }
      const code = isValidationError(error) ? error.code : undefined;
      throw asUsageError(code === "INVALID_POLICY" ? (values.policy ?? "--policy") : what, error);
    }
    await write(
      io.stdout,
      format === "text" ? `${formatVerdict(verdict)}\n` : `${JSON.stringify(verdict, null, 2)}\n`,
    );
    return EXIT.ok;
  },
};

/** The option an issue of the evaluate options is about, and its path within that input. */
function optionOf(
  issue: ValidationIssue,
  standing: string | undefined,
): { what: string; path: string } {
  for (const [option, what] of [
    ["asOf", "--as-of"],
    ["standing", standing ?? "--standing"],
    ["trace", "--trace"],
  ] as const) {
    if (issue.path === option) return { what, path: "" };
    if (issue.path.startsWith(`${option}.`)) {
      return { what, path: issue.path.slice(option.length + 1) };
    }
  }
  return { what: "options", path: issue.path };
}

/**
 * An `INVALID_OPTIONS` error as a usage error whose every issue names its input: `--as-of`, the
 * `--standing` file (paths within it), or `--trace`.
 */
function optionsUsageError(error: ValidationError, standing: string | undefined): UsageError {
  return usageErrorByInput(
    error.code,
    error.issues.map((issue) => {
      const { what, path } = optionOf(issue, standing);
      return { what, issue: { ...issue, path } };
    }),
  );
}
