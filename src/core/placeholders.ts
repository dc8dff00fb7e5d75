/**
 * The template syntax: `{fact.path}` placeholders. Parsed here, below every layer that needs it:
 * the static policy check reads the references, the renderer fills them in.
 */

/** A reference to a value among the run's facts: the fact name, then a plain property path. */
export type FactRef = string;

/** One `{…}` placeholder (global: use with `matchAll`/`replace`). */
export const PLACEHOLDER = /\{([^{}]+)\}/g;

/** The fact names and paths a template refers to (for static policy checks). */
export function templateRefs(template: string): FactRef[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => (match[1] ?? "").trim());
}
