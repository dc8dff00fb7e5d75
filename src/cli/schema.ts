/**
 * `noshow-policy schema`: the JSON Schemas of facts, policies, standings and verdicts.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { jsonSchemas } from "../index.js";
import { type Command, EXIT, parseCommandArgs, resolveIn, UsageError, write } from "./common.js";

const HELP = `Usage: noshow-policy schema [--out DIR]

Prints the JSON Schemas (draft 2020-12) of facts, policy, standing and verdict as one JSON
object { "facts": …, "policy": …, "standing": …, "verdict": … } on stdout, or, with --out,
writes facts.schema.json, policy.schema.json, standing.schema.json and verdict.schema.json
into DIR (created if missing) and lists the files on stdout.

Cross-field checks (references, contradictions, the policy checker) cannot be said in JSON
Schema: run "noshow-policy validate" for the complete check.

Options:
  --out DIR   write one file per schema into DIR
  -h, --help  this help

Exit codes: 0 written, 2 bad arguments or DIR not writable, 1 internal error.`;

/** The `schema` command. */
export const schemaCommand: Command = {
  name: "schema",
  summary: "print the JSON Schemas (facts, policy, standing, verdict) or write them to a folder",
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
    const dir = resolveIn(io, values.out);
    try {
      await mkdir(dir, { recursive: true });
      for (const [name, schema] of Object.entries(schemas)) {
        const file = join(dir, `${name}.schema.json`);
        await writeFile(file, `${JSON.stringify(schema, null, 2)}\n`);
        await write(io.stdout, `${join(values.out, `${name}.schema.json`)}\n`);
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new UsageError(`--out ${values.out}: cannot write (${code})`);
    }
    return EXIT.ok;
  },
};
