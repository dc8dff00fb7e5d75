/**
 * JSON Schemas of the library's inputs, generated from the zod schemas (for storage, APIs and
 * editors). Refinements that JSON Schema cannot express (cross-field checks, rule references) are
 * still enforced by `parseFacts`, `parsePolicy` and `evaluate`.
 */
import { z } from "zod";
import { campaignFactsSchema } from "./facts/schema.js";
import { standingSchema } from "./facts/standing.js";
import { policySchema } from "./policy/schema.js";
import { verdictSchema } from "./verdict/schema.js";

/** A JSON Schema document (draft 2020-12). */
export type JsonSchema = z.core.JSONSchema.JSONSchema;

/**
 * The JSON Schemas of campaign facts, policies and standings as accepted on input, and of the
 * verdict as `evaluate` writes it.
 *
 * @returns One schema per input, generated with `z.toJSONSchema`.
 * @example
 * const { facts } = jsonSchemas();
 * writeFileSync("campaign-facts.schema.json", JSON.stringify(facts, null, 2));
 */
export function jsonSchemas(): {
  facts: JsonSchema;
  policy: JsonSchema;
  standing: JsonSchema;
  verdict: JsonSchema;
} {
  const options = { io: "input", unrepresentable: "any" } as const;
  return {
    facts: z.toJSONSchema(campaignFactsSchema, options),
    policy: z.toJSONSchema(policySchema, options),
    standing: z.toJSONSchema(standingSchema, options),
    // A verdict is produced, not accepted: describe it as it is written.
    verdict: z.toJSONSchema(verdictSchema, { io: "output", unrepresentable: "any" }),
  };
}
