/**
 * `noshow-policy validate`: checks facts, policy, standing and verdict files, listing every
 * problem with its path and issue code.
 */
import {
  compilePolicy,
  isValidationError,
  parseFacts,
  parsePolicy,
  parseVerdict,
  reinstate,
  type Standing,
  type ValidationIssue,
} from "../index.js";
import { isPolicySetDocument, parsePolicySet } from "../policy-entry.js";
import {
  type Command,
  EXIT,
  type Io,
  issueLines,
  parseCommandArgs,
  parseJson,
  readText,
  UsageError,
  write,
} from "./common.js";

/** What `validate` can check. */
export const KINDS = ["facts", "policy", "policy_versions", "standing", "verdict"] as const;
/** One of {@link KINDS}. */
export type Kind = (typeof KINDS)[number];

/** The top-level keys facts must have (see parseFacts). */
const FACTS_KEYS = ["campaign", "influencer", "participation", "deliverables"] as const;

/**
 * How each kind is told apart, checked in this order: a policy set is what every policy reader
 * reads as one (`isPolicySetDocument`: `kind` "policy_versions", or `versions` without `rules`);
 * a verdict names `findings` and `campaignId`; a policy has `rules`; a standing has
 * `influencerId` and `strikes`; facts have `campaign` and `participation`, or three of their four
 * required keys (so that the missing one is reported at its path). Each test gives the keys that
 * told the kind, or `undefined`.
 */
const SIGNATURES: ReadonlyArray<{
  kind: Kind;
  keys: string;
  test: (value: Record<string, unknown>) => readonly string[] | undefined;
}> = [
  // First: evaluate and batch read such a document as a set, whatever else it has.
  {
    kind: "policy_versions",
    keys: 'kind "policy_versions", or versions without rules',
    test: (value) =>
      isPolicySetDocument(value)
        ? ["kind", "versions"].filter((key) => Object.hasOwn(value, key))
        : undefined,
  },
  { kind: "verdict", keys: "findings+campaignId", test: has("findings", "campaignId") },
  { kind: "policy", keys: "rules", test: has("rules") },
  { kind: "standing", keys: "influencerId+strikes", test: has("influencerId", "strikes") },
  {
    kind: "facts",
    keys: `campaign+participation, or three of ${FACTS_KEYS.join("+")}`,
    test: (value) => {
      const found = FACTS_KEYS.filter((key) => Object.hasOwn(value, key));
      return (
        has("campaign", "participation")(value) ??
        (found.length === FACTS_KEYS.length - 1 ? found : undefined)
      );
    },
  },
];

function has(...keys: string[]) {
  return (value: Record<string, unknown>) =>
    keys.every((key) => Object.hasOwn(value, key)) ? keys : undefined;
}

/**
 * The kind of a parsed JSON document, told by its top-level keys (see {@link SIGNATURES}).
 *
 * @param value - Parsed JSON.
 * @returns The kind and the keys that told it, or `undefined` when no signature matches.
 */
export function detectKind(value: unknown): { kind: Kind; by: readonly string[] } | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  for (const { kind, test } of SIGNATURES) {
    const by = test(value as Record<string, unknown>);
    if (by) return { kind, by };
  }
  return undefined;
}

// Any valid instant: `reinstate` validates the standing before it reads this one.
const ANY_INSTANT = "2000-01-01T00:00:00Z";

const VALIDATORS: Record<Kind, (value: unknown) => unknown> = {
  facts: parseFacts,
  policy: parsePolicy,
  // Every version checked, and the set's order and overlaps, as evaluate checks them.
  policy_versions: (value) => compilePolicy(parsePolicySet(value)),
  // The root API has no parseStanding; `reinstate` validates its standing first and throws
  // INVALID_STANDING with every problem, exactly as applyVerdict would.
  standing: (value) => reinstate(value as Standing, ANY_INSTANT),
  verdict: parseVerdict,
};

/** What `validate` found in one file. */
interface FileReport {
  file: string;
  kind: Kind | null;
  /** The keys the kind was told by, or `null` when `--kind` gave it. */
  detectedBy: readonly string[] | null;
  valid: boolean;
  issues: ValidationIssue[];
}

const HELP = `Usage: noshow-policy validate FILE... [--kind facts|policy|policy_versions|standing|verdict] [--format text|json]

Checks each file (or stdin with "-") and lists every problem with its path and issue code.

Without --kind, the kind is told from the top-level keys, first match wins:
  policy_versions
            has "kind": "policy_versions", or "versions" and no "rules" (a policy set:
            { "kind": "policy_versions", "by"?, "versions": [{ effectiveFrom,
            effectiveUntil?, policy }] }), as evaluate and batch read --policy FILE
  verdict   has "findings" and "campaignId"
  policy    has "rules"
  standing  has "influencerId" and "strikes"
  facts     has "campaign" and "participation", or three of "campaign", "influencer",
            "participation" and "deliverables"

Options:
  --kind KIND         check every file as this kind
  --format text|json  text (default): "FILE: valid KIND" on stdout, problems on stderr as
                      "FILE: path: code: message"; json: one report array on stdout
  -h, --help          this help

Exit codes: 0 every file is valid, 2 any file is invalid or unreadable (or bad arguments), 1 internal error.`;

/** The `validate` command. */
export const validateCommand: Command = {
  name: "validate",
  summary: "check facts, policy, standing or verdict files; every problem with path and code",
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs("validate", args, {
      kind: { type: "string" },
      format: { type: "string", default: "text" },
    });
    if (values.help) {
      await write(io.stdout, `${HELP}\n`);
      return EXIT.ok;
    }
    const kind = values.kind;
    if (kind !== undefined && !(KINDS as readonly string[]).includes(kind)) {
      throw new UsageError(`--kind: must be one of ${KINDS.join(", ")}, not "${kind}"`);
    }
    if (values.format !== "text" && values.format !== "json") {
      throw new UsageError(`--format: must be text or json, not "${values.format}"`);
    }
    if (positionals.length === 0) throw new UsageError("validate: expected at least one FILE");
    if (positionals.filter((file) => file === "-").length > 1) {
      throw new UsageError("validate: stdin (-) can be given once");
    }
    const reports: FileReport[] = [];
    for (const file of positionals) {
      reports.push(await validateFile(file, kind as Kind | undefined, io));
    }
    if (values.format === "json") {
      await write(io.stdout, `${JSON.stringify(reports, null, 2)}\n`);
    } else {
      for (const report of reports) {
        const name = report.file === "-" ? "stdin" : report.file;
        const how = report.detectedBy
          ? ` (detected: has ${report.detectedBy.map((key) => `"${key}"`).join(" and ")})`
          : "";
        if (report.valid) await write(io.stdout, `${name}: valid ${report.kind}${how}\n`);
        else {
          const header = `${name}: invalid${report.kind ? ` ${report.kind}${how}` : ""}: ${report.issues.length} problem(s)`;
          await write(io.stderr, `${[header, ...issueLines(name, report.issues)].join("\n")}\n`);
        }
      }
    }
    return reports.every((report) => report.valid) ? EXIT.ok : EXIT.invalid;
  },
};

async function validateFile(file: string, given: Kind | undefined, io: Io) {
  const report = (
    kind: Kind | null,
    detectedBy: readonly string[] | null,
    issues: ValidationIssue[],
  ): FileReport => ({
    file,
    kind,
    detectedBy,
    valid: issues.length === 0,
    issues,
  });
  let value: unknown;
  try {
    value = parseJson(file === "-" ? "stdin" : file, await readText(file, io));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return report(given ?? null, null, [
      { code: "invalid_format", path: "", message: error.lines.join("; ") },
    ]);
  }
  const detected = given === undefined ? detectKind(value) : undefined;
  const kind = given ?? detected?.kind;
  if (kind === undefined) {
    return report(null, null, [
      {
        code: "invalid_value",
        path: "",
        message: `cannot tell the kind from the top-level keys (${SIGNATURES.map(({ kind: k, keys }) => `${k}: ${keys}`).join("; ")}); pass --kind`,
      },
    ]);
  }
  try {
    VALIDATORS[kind](value);
    return report(kind, detected?.by ?? null, []);
  } catch (error) {
    if (!isValidationError(error)) throw error;
    return report(kind, detected?.by ?? null, [...error.issues]);
  }
}
