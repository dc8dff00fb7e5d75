/**
 * What one fact family declares: the facts it provides (name, shape, where rules may read them),
 * the parameters it reads (with their zod schemas) and its derive function. `registry.ts` joins
 * the families into the catalogue.
 */
import type { z } from "zod";
import type { ParameterSchema, Shape } from "./shape.js";

/** The evaluation phases, in the order they run. */
export const PHASES = ["violations", "exceptions", "sanctions"] as const;
/** One evaluation phase. */
export type Phase = (typeof PHASES)[number];
/** Whether a rule runs once per campaign or once per deliverable. */
export type Scope = "campaign" | "deliverable";

/** One fact a family provides. */
export interface FactDeclaration<S extends Shape = Shape> {
  /** What its value holds. */
  readonly shape: S;
  /** What it is, in one line (the catalogue's description). */
  readonly doc: string;
  /** Where rules may read it: every run (`common`), or only some phases and scopes. */
  readonly in: "common" | { readonly phases: readonly Phase[]; readonly scopes: readonly Scope[] };
}

/** One fact family: its facts, the parameters it reads, and its derive function. */
export interface FactFamily<
  Facts extends Readonly<Record<string, FactDeclaration>> = Readonly<
    Record<string, FactDeclaration>
  >,
  Parameters extends Readonly<Record<string, ParameterSchema>> = Readonly<
    Record<string, ParameterSchema>
  >,
  Derive extends (...args: never[]) => unknown = (...args: never[]) => unknown,
> {
  /** The family's name, e.g. `deadlines`. */
  readonly name: string;
  readonly facts: Facts;
  /** The policy parameters it reads, by name (all optional: an absent one switches a fact off). */
  readonly parameters: Parameters;
  /** Computes its facts from the validated facts (the signature varies by phase). */
  readonly derive: Derive;
}

/**
 * Declares a fact family, keeping its literal types (for `FactPath`).
 *
 * @param family - The declaration.
 * @returns The same declaration.
 */
export function defineFamily<
  const Facts extends Readonly<Record<string, FactDeclaration>>,
  const Parameters extends Readonly<Record<string, ParameterSchema>>,
  Derive extends (...args: never[]) => unknown,
>(family: FactFamily<Facts, Parameters, Derive>): FactFamily<Facts, Parameters, Derive> {
  return family;
}

/** The parsed parameters of a family's parameter declarations (each optional). */
export type ParametersOf<P extends Readonly<Record<string, ParameterSchema>>> = z.infer<
  z.ZodObject<{ -readonly [K in keyof P]: P[K] }>
>;
