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
  ainfluencerParametersSchema,
} from "./ainfluencer.js";
import { FLINQUE_DEFAULTS, FLINQUE_RULES, flinque, flinqueParametersSchema } from "./flinque.js";
import {
  MEDIANCE_DEFAULTS,
  MEDIANCE_RULES,
  mediance,
  medianceParametersSchema,
} from "./mediance.js";
import type { PolicyMeta } from "./preset.js";
import {
  REFLUENCED_DEFAULTS,
  REFLUENCED_RULES,
  refluenced,
  refluencedParametersSchema,
} from "./refluenced.js";
import {
  SOCIAL_LOUDER_DEFAULTS,
  SOCIAL_LOUDER_RULES,
  socialLouder,
  socialLouderParametersSchema,
} from "./social-louder.js";

/** One shipped preset: its factory, parameters and rule ids. */
export interface Preset<P extends object = Record<string, unknown>> {
  /** The policy id the factory gives, e.g. `"mediance"`. */
  readonly id: string;
  /** Builds the policy, with a partial override of the defaults (validated). */
  readonly create: (params?: Partial<P>, meta?: PolicyMeta) => Policy;
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
    defaults: MEDIANCE_DEFAULTS,
    parametersSchema: medianceParametersSchema,
    rules: MEDIANCE_RULES,
  }),
  refluenced: preset({
    id: "refluenced",
    create: refluenced,
    defaults: REFLUENCED_DEFAULTS,
    parametersSchema: refluencedParametersSchema,
    rules: REFLUENCED_RULES,
  }),
  ainfluencer: preset({
    id: "ainfluencer",
    create: ainfluencer,
    defaults: AINFLUENCER_DEFAULTS,
    parametersSchema: ainfluencerParametersSchema,
    rules: AINFLUENCER_RULES,
  }),
  flinque: preset({
    id: "flinque",
    create: flinque,
    defaults: FLINQUE_DEFAULTS,
    parametersSchema: flinqueParametersSchema,
    rules: FLINQUE_RULES,
  }),
  "social-louder": preset({
    id: "social-louder",
    create: socialLouder,
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
