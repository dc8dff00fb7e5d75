/**
 * Every example scenario, by preset.
 */
import { scenarios as ainfluencer } from "./ainfluencer.js";
import { scenarios as flinque } from "./flinque.js";
import { scenarios as mediance } from "./mediance.js";
import { scenarios as refluenced } from "./refluenced.js";
import type { Scenario } from "./scenario.js";

export const examples: Array<[preset: string, scenarios: Scenario[]]> = [
  ["Mediance", mediance],
  ["Refluenced", refluenced],
  ["Ainfluencer", ainfluencer],
  ["Flinque", flinque],
];
