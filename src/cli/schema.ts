/**
 * `noshow-policy schema`: the JSON Schemas of facts, policies, policy sets, standings and verdicts.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { type JsonSchemaName, jsonSchemas } from "../index.js";
import { JSON_SCHEMA_IDS } from "../policy-entry.js";
import {
  type Command,
  EXIT,
  errorCode,
  parseCommandArgs,
  resolveIn,
  UsageError,
  write,
} from "./common.js";

const HELP = `Usage: noshow-policy schema [--out DIR]

Prints the JSON Schemas (draft 2020-12) of facts, policy, policy versions (a policy set:
{ "kind": "policy_versions", "by"?, "versions": [...] }), standing and verdict as one JSON
object { "facts": …, "policy": …, "policyVersions": …, "standing": …, "verdict": … } on
stdout, or, with --out, writes facts.schema.json, policy.schema.json,
policy-versions.schema.json, standing.schema.json and verdict.schema.json into DIR (created
if missing) and lists the files on stdout.

Cross-field checks (references, contradictions, the policy checker, the order of policy
versions) cannot be said in JSON Schema: run "noshow-policy validate" for the complete check.

Options:
  --out DIR   write one file per schema into DIR
  -h, --help  this help

Exit codes: 0 written, 2 bad arguments or DIR not writable, 1 internal error.`;

/**
 * Creates a folder and its missing parents, as `mkdir -p` does. Not `mkdir(dir, { recursive:
 * true })`: Node's walk spins forever where a parent exists but cannot hold the child (procfs
 * answers ENOENT for `/proc/x`, as a dangling symlink's target does), so here a child still not
 * found once its parent exists is final. At most two mkdir calls per segment of the path.
 */
async function makeDirectory(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let at = dir; ; at = dirname(at)) {
    try {
      await mkdir(at);
    } catch (error) {
      const code = errorCode(error);
      if (code === "ENOENT" && dirname(at) !== at) {
        missing.push(at);
        continue;
      }
      if (code !== "EEXIST") throw error;
    }
    break;
  }
  for (const child of missing.reverse()) {
    try {
      await mkdir(child);
    } catch (error) {
      // Made meanwhile by another process, as `mkdir -p` allows; a file there fails the writes.
      if (errorCode(error) !== "EEXIST") throw error;
    }
  }
}

/** The file a schema is written to: the last segment of its `$id` (`policy-versions.schema.json`). */
function fileName(name: JsonSchemaName): string {
  return JSON_SCHEMA_IDS[name].slice(JSON_SCHEMA_IDS[name].lastIndexOf("/") + 1);
}

/** The `schema` command. */
export const schemaCommand: Command = {
  name: "schema",
  summary:
    "print the JSON Schemas (facts, policy, policy sets, standing, verdict) or write them to a folder",
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs("schema", args, { out: { type: "string" } });
    if (values.help) {
      await write(io.stdout, `${HELP}\n`);
      return EXIT.ok;
    }
    if (positionals.length > 0) {
      throw new UsageError(`schema: unexpected argument "${positionals[0]}" (use --out DIR)`);
    }
    const schemas = jsonSchemas();
    if (values.out === undefined) {
      await write(io.stdout, `${JSON.stringify(schemas, null, 2)}\n`);
      return EXIT.ok;
    }
    if (values.out === "") throw new UsageError("--out: give a folder (an empty path names none)");
    const dir = resolveIn(io, values.out);
    try {
      await makeDirectory(dir);
      for (const [name, schema] of Object.entries(schemas)) {
        const file = fileName(name as JsonSchemaName);
        await writeFile(join(dir, file), `${JSON.stringify(schema, null, 2)}\n`);
        await write(io.stdout, `${join(values.out, file)}\n`);
      }
    } catch (error) {
      throw new UsageError(`--out ${values.out}: cannot write (${errorCode(error)})`);
    }
    return EXIT.ok;
  },
};
