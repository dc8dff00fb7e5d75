import { parseWith } from "../validation.js";
import { type CampaignFacts, campaignFactsSchema } from "./schema.js";

/**
 * Validates and normalises campaign facts; instants come back in UTC.
 *
 * @param input - Untrusted facts, e.g. parsed JSON from a request.
 * @returns The validated facts, a new object (the input is never mutated).
 * @throws {@link ValidationError} with code `INVALID_FACTS` listing every problem with its path.
 * @example
 * const facts = parseFacts(JSON.parse(body));
 */
export function parseFacts(input: unknown): CampaignFacts {
  return parseWith(campaignFactsSchema, input, "INVALID_FACTS");
}
