/**
 * Catalogue parameters: the policy parameters the derived facts read (windows and durations),
 * joined from every fact family's declaration. Any policy may set them; a parameter that is
 * absent switches the derived fact off (`null`).
 */
import { z } from "zod";
import { claimParameters } from "./claims.js";
import { contactParameters } from "./contacts.js";
import { deadlineParameters } from "./deadlines.js";
import { escalationParameters } from "./escalation.js";
import { goodsParameters } from "./goods.js";
import { standingParameters } from "./standing.js";

/** The parameters the fact catalogue reads, with their types. */
export const catalogueParametersSchema = z.object({
  ...deadlineParameters,
  ...contactParameters,
  ...claimParameters,
  ...goodsParameters,
  ...escalationParameters,
  ...standingParameters,
});

/** The catalogue parameters, typed. */
export type CatalogueParameters = z.infer<typeof catalogueParametersSchema>;

/** The names of every catalogue parameter. */
export const CATALOGUE_PARAMETER_NAMES: readonly string[] = Object.keys(
  catalogueParametersSchema.shape,
);

// A validated policy is deep-frozen, so its parameters object never changes: parse it once.
const PARSED = new WeakMap<object, CatalogueParameters>();

/**
 * The catalogue parameters of a policy, parsed once per parameters object (typed: no cast
 * anywhere in the evaluation).
 *
 * @param parameters - A policy's parameters.
 * @returns The catalogue parameters.
 * @throws ZodError when a catalogue parameter is malformed (`parsePolicy` rejects such policies).
 */
export function catalogueParameters(parameters: Record<string, unknown>): CatalogueParameters {
  const known = PARSED.get(parameters);
  if (known) return known;
  const parsed = catalogueParametersSchema.parse(parameters);
  if (Object.isFrozen(parameters)) PARSED.set(parameters, parsed);
  return parsed;
}
