/**
 * The fact registry: every fact family joined into the catalogue (which facts a rule of each
 * phase and scope may read, with their shapes), the catalogue parameters, and the typed
 * `FactPath`. Adding a derived fact is one family module and a line here.
 */
import { basicsFamily } from "./basics.js";
import { claimsFamily } from "./claims.js";
import { contactsFamily } from "./contacts.js";
import { deadlinesFamily } from "./deadlines.js";
import { escalationFamily } from "./escalation.js";
import type { FactDeclaration, FactFamily, Phase, Scope } from "./family.js";
import { findingsFamily } from "./findings.js";
import { goodsFamily } from "./goods.js";
import type { FactPathsOf, Shape } from "./shape.js";
import { standingFamily } from "./standing.js";

/** Every fact family, in the order their facts are listed. */
export const FACT_FAMILIES = [
  basicsFamily,
  contactsFamily,
  goodsFamily,
  standingFamily,
  deadlinesFamily,
  claimsFamily,
  findingsFamily,
  escalationFamily,
] as const satisfies readonly FactFamily[];

type Families = (typeof FACT_FAMILIES)[number];
type FactsOf<F> = F extends { facts: infer Facts } ? Facts : never;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (
  x: infer I,
) => void
  ? I
  : never;
/** Every fact of the registry, by name, with its declaration. */
export type FactDeclarations = UnionToIntersection<FactsOf<Families>>;
type ShapeMap = {
  [K in keyof FactDeclarations]: FactDeclarations[K] extends { shape: infer S } ? S : never;
};

/**
 * A `fact.path` reference a rule may read: a fact name, then the fields of its shape
 * (`deliverable.retention.requiredUntil`); any `params.…` path (typed per policy).
 */
export type FactPath = Exclude<FactPathsOf<ShapeMap>, `params.${string}`> | `params.${string}`;
/** The name of a fact of the registry. */
export type FactName = keyof FactDeclarations & string;

/** Every fact, by name. */
export const FACTS: Readonly<Record<string, FactDeclaration>> = Object.freeze(
  Object.assign({}, ...FACT_FAMILIES.map((family) => family.facts)),
);

/** Facts available to every rule, with what each holds. */
export const COMMON_FACTS: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(
    Object.entries(FACTS)
      .filter(([, fact]) => fact.in === "common")
      .map(([name, fact]) => [name, fact.doc]),
  ),
);

/** Facts added in one phase and scope. */
export const SCOPED_FACTS: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(
    Object.entries(FACTS)
      .filter(([, fact]) => fact.in !== "common")
      .map(([name, fact]) => [name, fact.doc]),
  ),
);

function available(fact: FactDeclaration, phase: Phase, scope: Scope): boolean {
  return fact.in === "common" || (fact.in.phases.includes(phase) && fact.in.scopes.includes(scope));
}

// Six phase × scope pairs, each computed once: the static check asks for every condition.
const BY_PHASE = new Map<string, Readonly<Record<string, Shape>>>();

/**
 * The facts a rule of the given phase and scope may read, with their shapes.
 *
 * @param phase - The rule's phase.
 * @param scope - The rule's scope (`campaign` for exception rules).
 * @returns The shapes, by fact name (common facts first).
 */
export function factShapesFor(phase: Phase, scope: Scope): Readonly<Record<string, Shape>> {
  const key = `${phase}/${scope}`;
  const known = BY_PHASE.get(key);
  if (known) return known;
  const shapes = Object.freeze(
    Object.fromEntries(
      Object.entries(FACTS)
        .filter(([, fact]) => available(fact, phase, scope))
        .map(([name, fact]) => [name, fact.shape]),
    ),
  );
  BY_PHASE.set(key, shapes);
  return shapes;
}

const NAMES = new Map<string, readonly string[]>();

/**
 * The fact names a rule of the given phase and scope may use.
 *
 * @param phase - The rule's phase.
 * @param scope - The rule's scope.
 * @returns The names.
 */
export function factNamesFor(phase: Phase, scope: Scope): readonly string[] {
  const key = `${phase}/${scope}`;
  const known = NAMES.get(key);
  if (known) return known;
  const names = Object.freeze(Object.keys(factShapesFor(phase, scope)));
  NAMES.set(key, names);
  return names;
}
