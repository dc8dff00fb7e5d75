import { ValidationError } from "../errors.js";
import { type CampaignFacts, checkFacts } from "./schema.js";

/**
 * Validates and normalises campaign facts; instants come back in UTC. Type errors and
 * contradictions between fields are reported together, each with its path and code.
 *
 * @param input - Untrusted facts, e.g. parsed JSON from a request.
 * @returns The validated facts, a new object (the input is never mutated).
 * @throws {@link ValidationError} with code `INVALID_FACTS` listing every problem with its path.
 * @example
 * const facts = parseFacts(JSON.parse(body));
 */
export function parseFacts(input: unknown): CampaignFacts {
  const result = checkFacts(input);
  if (result.success) return result.data;
  throw new ValidationError("INVALID_FACTS", result.issues);
}
