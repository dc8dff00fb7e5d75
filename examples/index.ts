/**
 * Every example scenario, by preset. Keyed by the preset registry's ids, so a new preset without
 * examples is a compile error.
 */
import { PRESETS, type PresetId } from "../src/index.js";
import { scenarios as ainfluencer } from "./ainfluencer.js";
import { scenarios as composed } from "./composed.js";
import { scenarios as flinque } from "./flinque.js";
import { scenarios as mediance } from "./mediance.js";
import { scenarios as refluenced } from "./refluenced.js";
import { scenarios as reviewNote } from "./reviewnote.js";
import type { Scenario } from "./scenario.js";
import { scenarios as socialLouder } from "./social-louder.js";

const byPreset: Record<PresetId, Scenario[]> = {
  mediance,
  refluenced,
  ainfluencer,
  flinque,
  "social-louder": socialLouder,
};

const TITLES: Record<PresetId, string> = {
  mediance: "Mediance",
  refluenced: "Refluenced",
  ainfluencer: "Ainfluencer",
  flinque: "Flinque",
  "social-louder": "Social Louder",
};

/** The scenarios of every preset, in registry order, with the platform's name. */
export const examples: Array<[preset: string, scenarios: Scenario[]]> = (
  Object.keys(PRESETS) as PresetId[]
).map((id) => [TITLES[id], byPreset[id]]);

/**
 * Custom policies a platform writes itself from a preset (`extendPolicy` and its own
 * `sanctionRule`s), beyond the presets and the preset compositions.
 */
export const customPolicies: Array<[title: string, scenarios: Scenario[]]> = [
  ["ReviewNote (from Mediance)", reviewNote],
];

/** Scenarios of composed policies (`extendPolicy`), beyond the presets. */
export const compositions: Array<[title: string, scenarios: Scenario[]]> = [
  ["Mediance cases with Refluenced remedies", composed],
];
