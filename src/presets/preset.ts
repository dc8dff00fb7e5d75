/**
 * Shared plumbing of the preset factories: validate the override, merge it over the defaults,
 * and check the resulting policy.
 */
import type { z } from "zod";
import { ValidationError } from "../errors.js";
import { type Policy, type PolicyRule, parsePolicy } from "../policy/schema.js";
import { parseWith } from "../validation.js";

const META_KEYS: ReadonlyArray<keyof PolicyMeta> = ["id", "version", "name", "description"];

/**
 * What a preset factory's second argument may relabel: the policy's id and version (so that a
 * platform's own edition of a preset is told apart in verdicts and standings), its name and
 * description. The digest still follows the rules and parameters alone.
 */
export interface PolicyMeta {
  /** The policy id, e.g. `"acme-mediance"` (default: the preset's). */
  id?: string;
  /** The policy version, e.g. `"2026-03"` (default: the preset's). */
  version?: string;
  name?: string;
  description?: string;
}

/**
 * Builds a preset's policy from its parameter schema, defaults and rule builder.
 *
 * @param meta - The policy id, version, name and description.
 * @param schema - The strict zod schema of the preset's parameters.
 * @param defaults - The default parameters.
 * @param overrides - The user's partial override (validated; an unknown key throws).
 * @param rules - Builds the rules from the merged parameters.
 * @param override - The user's id, version, name or description (validated with the policy).
 * @returns The validated policy.
 */
export function buildPreset<P extends Record<string, unknown>>(
  meta: { id: string; version: string; name: string; description: string },
  schema: z.ZodType<P>,
  defaults: P,
  overrides: unknown,
  rules: (parameters: P) => PolicyRule[],
  override?: PolicyMeta,
): Policy {
  const relabel: PolicyMeta = {};
  // Only the four labels, each only when given: any other key is refused, not silently dropped.
  if (override !== undefined) {
    if (typeof override !== "object" || override === null || Array.isArray(override))
      throw new ValidationError("INVALID_POLICY", [
        { code: "invalid_type", path: "meta", message: "must be an object { id, version }" },
      ]);
    for (const key of Object.keys(override)) {
      if (!META_KEYS.includes(key as keyof PolicyMeta))
        throw new ValidationError("INVALID_POLICY", [
          {
            code: "unknown_key",
            path: `meta.${key}`,
            message: `unknown key "${key}" (a preset's meta takes ${META_KEYS.join(", ")})`,
          },
        ]);
      const value = override[key as keyof PolicyMeta];
      if (value !== undefined) relabel[key as keyof PolicyMeta] = value;
    }
  }
  const partial = parseWith(
    (schema as unknown as z.ZodObject).partial(),
    overrides ?? {},
    "INVALID_POLICY",
  ) as Partial<P>;
  const parameters = { ...defaults, ...partial } as P;
  return parsePolicy({
    ...meta,
    ...relabel,
    parameters: structuredClone(parameters),
    rules: rules(parameters),
  });
}
