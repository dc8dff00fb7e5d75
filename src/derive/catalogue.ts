/**
 * The fact catalogue: the names of the facts every engine run receives, by phase and scope.
 * Joined from the fact families by `registry.ts`; kept here under its first names.
 */
export { PHASES, type Phase, type Scope } from "./family.js";
export { COMMON_FACTS, factNamesFor, factShapesFor, SCOPED_FACTS } from "./registry.js";
