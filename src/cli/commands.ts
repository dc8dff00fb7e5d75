/**
 * The command table of the `noshow-policy` CLI: each export is one command, named as it is
 * typed. Registering a command is one line here, e.g.
 * `export { testCommand as test } from "./test.js";`.
 */
export { batchCommand as batch } from "./batch.js";
export { evaluateCommand as evaluate } from "./evaluate.js";
export { schemaCommand as schema } from "./schema.js";
export { testCommand as test } from "./test.js";
export { validateCommand as validate } from "./validate.js";
