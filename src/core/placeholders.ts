/**
 * The template syntax: `{fact.path}` placeholders. Parsed here, below every layer that needs it:
 * the static policy check reads the references (and refuses malformed placeholders), the
 * renderer fills them in.
 */

/**
 * A reference to a value among the run's facts: the fact name, then a plain property path
 * (`deliverable.dueAt`, `findings.byRule["mediance.content-missing"].outcome`).
 */
export type FactRef = string;

/** A brace that opens or closes no placeholder, or an empty one: printed as written. */
export interface MalformedPlaceholder {
  /** The index of the brace in the template. */
  at: number;
  /** What is wrong, in words. */
  message: string;
}

/** A template split at its placeholders: `texts` around them, `refs` (trimmed) in them. */
export interface ScannedTemplate {
  /** One more than `refs`: the text before, between and after the placeholders. */
  texts: string[];
  refs: FactRef[];
  malformed: MalformedPlaceholder[];
}

/**
 * Splits a template at its `{…}` placeholders. Inside a placeholder, a bracket key may be quoted
 * (`{findings.byRule["a}b"].outcome}`), so a brace in a quoted key does not end it. Anything
 * malformed (an unclosed `{`, a `{` inside a placeholder, an empty `{}`, a `}` that closes
 * nothing) stays in the text as written and is listed in `malformed`, so rendering is total and
 * the static check can refuse it. Linear in the template's length.
 *
 * @param template - The template text.
 * @returns The texts, the references, and the malformed braces.
 * @example
 * scanTemplate("Due {deliverable.dueAt}."); // { texts: ["Due ", "."], refs: ["deliverable.dueAt"], malformed: [] }
 */
export function scanTemplate(template: string): ScannedTemplate {
  const texts: string[] = [];
  const refs: FactRef[] = [];
  const malformed: MalformedPlaceholder[] = [];
  // The text since the last placeholder is template[textStart, index): cut once per placeholder,
  // never built a character at a time (a long text of stray braces made that superlinear).
  let textStart = 0;
  let index = 0;
  while (index < template.length) {
    const char = template[index] as string;
    if (char === "}") {
      malformed.push({ at: index, message: `"}" at ${index} closes no placeholder` });
      index++;
      continue;
    }
    if (char !== "{") {
      index++;
      continue;
    }
    const end = placeholderEnd(template, index);
    if (end.at === -1) {
      malformed.push({
        at: index,
        message: end.nested
          ? `placeholder at ${index} holds another "{" before its "}"`
          : `placeholder at ${index} is never closed with "}" (within ${MAX_PLACEHOLDER_LENGTH} characters)`,
      });
      // The brace is text; scanning goes on after it (a nested `{` may open a good one).
      index++;
      continue;
    }
    const ref = template.slice(index + 1, end.at).trim();
    if (ref.length === 0) {
      // The empty `{}` stays in the text.
      malformed.push({ at: index, message: `placeholder at ${index} is empty` });
    } else {
      texts.push(template.slice(textStart, index));
      refs.push(ref);
      textStart = end.at + 1;
    }
    index = end.at + 1;
  }
  texts.push(template.slice(textStart));
  return { texts, refs, malformed };
}

/**
 * The most characters between a placeholder's braces (a fact reference with a quoted rule id of 200 characters fits): past it,
 * the `{` is malformed, so scanning stays linear however many unclosed braces a text holds.
 */
export const MAX_PLACEHOLDER_LENGTH = 2_000;

/** The index of the `}` closing the placeholder opened at `start`, or -1 (and why). */
function placeholderEnd(template: string, start: number): { at: number; nested: boolean } {
  let quote: string | null = null;
  const last = Math.min(template.length, start + 2 + MAX_PLACEHOLDER_LENGTH);
  for (let index = start + 1; index < last; index++) {
    const char = template[index] as string;
    if (quote !== null) {
      if (char === "\\") index++;
      else if (char === quote) quote = null;
      continue;
    }
    // A quote opens a bracket key only right after its `[`.
    if ((char === '"' || char === "'") && template[index - 1] === "[") quote = char;
    else if (char === "}") return { at: index, nested: false };
    else if (char === "{") return { at: -1, nested: true };
  }
  return { at: -1, nested: false };
}

/**
 * The fact references a template's placeholders hold (for static policy checks).
 *
 * @param template - The template text.
 * @returns The references, trimmed, in order.
 * @example
 * templateRefs("No post by {deliverable.dueAt}."); // ["deliverable.dueAt"]
 */
export function templateRefs(template: string): FactRef[] {
  return scanTemplate(template).refs;
}
