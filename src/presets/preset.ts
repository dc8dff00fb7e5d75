/**
 * Shared plumbing of the preset factories: validate the override, merge it over the defaults,
 * and check the resulting policy.
 */
import type { z } from "zod";
import { type Policy, type PolicyRule, parsePolicy } from "../policy/schema.js";
import { parseWith } from "../validation.js";

/**
 * Builds a preset's policy from its parameter schema, defaults and rule builder.
 *
 * @param meta - The policy id, version, name and description.
 * @param schema - The strict zod schema of the preset's parameters.
 * @param defaults - The default parameters.
 * @param overrides - The user's partial override (validated; an unknown key throws).
 * @param rules - Builds the rules from the merged parameters.
 * @returns The validated policy.
 */
export function buildPreset<P extends Record<string, unknown>>(
  meta: { id: string; version: string; name: string; description: string },
  schema: z.ZodType<P>,
  defaults: P,
  overrides: unknown,
  rules: (parameters: P) => PolicyRule[],
): Policy {
  const partial = parseWith(
    (schema as unknown as z.ZodObject).partial(),
    overrides ?? {},
    "INVALID_POLICY",
  ) as Partial<P>;
  const parameters = { ...defaults, ...partial } as P;
  return parsePolicy({
    ...meta,
    parameters: structuredClone(parameters),
    rules: rules(parameters),
  });
}
