/**
 * The preset registry: every shipped platform policy, by id. Examples, tests, the bench and the
 * CLI iterate it, so a new preset is one module and one line here.
 */
import type { z } from "zod";
import type { Policy } from "../policy/schema.js";
import {
  AINFLUENCER_DEFAULTS,
  AINFLUENCER_RULES,
  ainfluencer,
  ainfluencerFromParameters,
  ainfluencerParametersSchema,
} from "./ainfluencer.js";
import {
  FLINQUE_DEFAULTS,
  FLINQUE_RULES,
  flinque,
  flinqueFromParameters,
  flinqueParametersSchema,
} from "./flinque.js";
import {
  MEDIANCE_DEFAULTS,
  MEDIANCE_RULES,
  mediance,
  medianceFromParameters,
  medianceParametersSchema,
} from "./mediance.js";
import type { PolicyMeta } from "./preset.js";
import {
  REFLUENCED_DEFAULTS,
  REFLUENCED_RULES,
  refluenced,
  refluencedFromParameters,
  refluencedParametersSchema,
} from "./refluenced.js";
import {
  SOCIAL_LOUDER_DEFAULTS,
  SOCIAL_LOUDER_RULES,
  socialLouder,
  socialLouderFromParameters,
  socialLouderParametersSchema,
} from "./social-louder.js";

/** One shipped preset: its factory, parameters and rule ids. */
export interface Preset<P extends object = Record<string, unknown>> {
  /** The policy id the factory gives, e.g. `"mediance"`. */
  readonly id: string;
  /** Builds the policy, with a partial override of the defaults (validated). */
  readonly create: (params?: Partial<P>, meta?: PolicyMeta) => Policy;
  /**
   * Builds the policy from overrides of no static type (parsed JSON, a CLI argument, generated
   * cases), validating them as {@link Preset.create} does: a bad or unknown parameter throws.
   *
   * @param params - Any value: an object of parameter overrides, or `undefined` for the defaults.
   * @param meta - Optional `{ id, version }` (and `name`, `description`) for a platform's own edition.
   * @returns The validated policy, as `create` would build it from the same overrides.
   * @throws {@link ValidationError} with code `INVALID_POLICY`, listing each bad parameter's path
   *   and code.
   * @example
   * const params: unknown = JSON.parse('{"minLiveDuration":{"days":60}}');
   * const policy = PRESETS.mediance.fromParameters(params);
   * PRESETS.mediance.fromParameters({ minLiveDays: 3 }); // throws: unknown_key at minLiveDays
   */
  readonly fromParameters: (params: unknown, meta?: PolicyMeta) => Policy;
  /** The default parameters. */
  readonly defaults: Readonly<P>;
  /** The strict zod schema of the parameters. */
  readonly parametersSchema: z.ZodType<P>;
  /** The rule ids, by short name. */
  readonly rules: Readonly<Record<string, string>>;
}

function preset<P extends object>(entry: Preset<P>): Preset<P> {
  return Object.freeze(entry);
}

/**
 * Every shipped preset, by id, in a fixed order.
 *
 * @example
 * for (const [id, { create }] of Object.entries(PRESETS)) console.log(id, create().version);
 */
export const PRESETS = Object.freeze({
  mediance: preset({
    id: "mediance",
    create: mediance,
    fromParameters: medianceFromParameters,
    defaults: MEDIANCE_DEFAULTS,
    parametersSchema: medianceParametersSchema,
    rules: MEDIANCE_RULES,
  }),
  refluenced: preset({
    id: "refluenced",
    create: refluenced,
    fromParameters: refluencedFromParameters,
    defaults: REFLUENCED_DEFAULTS,
    parametersSchema: refluencedParametersSchema,
    rules: REFLUENCED_RULES,
  }),
  ainfluencer: preset({
    id: "ainfluencer",
    create: ainfluencer,
    fromParameters: ainfluencerFromParameters,
    defaults: AINFLUENCER_DEFAULTS,
    parametersSchema: ainfluencerParametersSchema,
    rules: AINFLUENCER_RULES,
  }),
  flinque: preset({
    id: "flinque",
    create: flinque,
    fromParameters: flinqueFromParameters,
    defaults: FLINQUE_DEFAULTS,
    parametersSchema: flinqueParametersSchema,
    rules: FLINQUE_RULES,
  }),
  "social-louder": preset({
    id: "social-louder",
    create: socialLouder,
    fromParameters: socialLouderFromParameters,
    defaults: SOCIAL_LOUDER_DEFAULTS,
    parametersSchema: socialLouderParametersSchema,
    rules: SOCIAL_LOUDER_RULES,
  }),
});

/** The id of a shipped preset. */
export type PresetId = keyof typeof PRESETS;

/** The shipped presets' ids, in registry order. */
export const PRESET_IDS = Object.freeze(Object.keys(PRESETS) as PresetId[]);

/**
 * Whether `id` names a shipped preset.
 *
 * @param id - Any string, e.g. a CLI argument.
 * @returns `true` when {@link PRESETS} has it.
 * @example
 * isPresetId("mediance"); // true
 */
export function isPresetId(id: string): id is PresetId {
  return Object.hasOwn(PRESETS, id);
}
