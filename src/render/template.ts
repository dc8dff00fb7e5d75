/**
 * Explanation templates: `{fact.path}` placeholders filled with the actual values, rendered for
 * people (instants in the campaign zone, durations in words, money with its currency).
 */
import { boundEvidence, boundText, joinBounded, MAX_RENDERED_TEXT } from "../core/bounded.js";
import { type PathSegment, parseFactRef, readFactPath } from "../core/path.js";
import {
  type FactRef,
  type ScannedTemplate,
  scanTemplate,
  templateRefs,
} from "../core/placeholders.js";
import { describeDuration, formatCanonical } from "../core/time.js";

export { type FactRef, templateRefs };

const DURATION_UNITS = new Set(["years", "months", "weeks", "days", "hours", "minutes", "seconds"]);

/** The most templates and references whose parsed form is kept (they come from policies). */
const MAX_CACHED = 10_000;

/** A reference split once: its fact name and the path after it (`null`: not a plain path). */
type ParsedRef = readonly [factName: string, segments: PathSegment[] | null];
const REFS = new Map<string, ParsedRef>();

function parseRef(ref: FactRef): ParsedRef {
  let parsed = REFS.get(ref);
  if (parsed === undefined) {
    const split = parseFactRef(ref);
    parsed = split ? [split.fact, split.segments] : ["", null];
    if (REFS.size >= MAX_CACHED) REFS.clear();
    REFS.set(ref, parsed);
  }
  return parsed;
}

/** Resolves a `fact.path` reference against the facts of one engine run. */
export function resolveRef(facts: Readonly<Record<string, unknown>>, ref: FactRef): unknown {
  const parsed = parseRef(ref);
  const factName = parsed[0];
  const segments = parsed[1];
  if (!segments || !Object.hasOwn(facts, factName)) return undefined;
  return readFactPath(facts[factName], segments);
}

function isDuration(value: object): boolean {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => DURATION_UNITS.has(key));
}

function isMoney(value: object): value is { amount: number; currency: string } {
  const record = value as Record<string, unknown>;
  return typeof record.amount === "number" && typeof record.currency === "string";
}

// Building an Intl.NumberFormat is slow; a currency's number of decimals never changes.
const CURRENCY_DIGITS = new Map<string, number>();

/** Formats integer minor units with the currency's own number of decimals, e.g. `USD 120.00`. */
export function formatMoney(money: { amount: number; currency: string }): string {
  let digits = CURRENCY_DIGITS.get(money.currency);
  if (digits === undefined) {
    // Throws a RangeError for a code Intl does not know (not cached: it throws every time).
    digits =
      new Intl.NumberFormat("en-US", {
        style: "currency",
        currency: money.currency,
      }).resolvedOptions().maximumFractionDigits ?? 2;
    if (CURRENCY_DIGITS.size >= MAX_CACHED) CURRENCY_DIGITS.clear();
    CURRENCY_DIGITS.set(money.currency, digits);
  }
  const major = (money.amount / 10 ** digits).toFixed(digits);
  return `${money.currency} ${major}`;
}

/**
 * Renders one value for a sentence. A string is shown as an instant in the campaign zone only
 * when it is in the canonical UTC form every parsed or derived instant has
 * (`2026-03-01T01:00:00.000Z`); any other text, such as a note reading "2026-03-01T10:00 call",
 * is quoted as given, since without an offset it would be read in the host's zone.
 *
 * @param value - A fact value: instant, duration, money, list, text, number, boolean or absent.
 * @param timeZone - The campaign zone, for instants.
 * @returns The value for people: `2026-03-01 10:00 +09:00`, `3 days`, `KRW 45000`, `a, b`, `unknown`.
 * @example
 * renderValue("2026-03-01T01:00:00.000Z", "Asia/Seoul"); // "2026-03-01 10:00 +09:00"
 * renderValue("2026-03-01T10:00 call", "Asia/Seoul"); // "2026-03-01T10:00 call"
 */
export function renderValue(value: unknown, timeZone: string): string {
  if (value === null || value === undefined) return "unknown";
  // Lists show their first items and texts their start: a placeholder over a 1 MiB caption or a
  // list of 10,000 ids must not multiply into a huge sentence.
  if (typeof value === "string") {
    return formatCanonical(value, timeZone) ?? boundText(value, MAX_RENDERED_TEXT);
  }
  if (Array.isArray(value)) {
    return value.length === 0
      ? "none"
      : joinBounded(value, ", ", (item) => renderValue(item, timeZone));
  }
  if (typeof value === "object") {
    if (isMoney(value)) return formatMoney(value);
    if (isDuration(value)) return describeDuration(value);
    return boundText(JSON.stringify(boundEvidence(value)), MAX_RENDERED_TEXT);
  }
  return String(value);
}

/**
 * Fills a template's `{fact.path}` placeholders from the facts of one engine run.
 *
 * @param template - Text with placeholders, e.g. `No post by {deliverable.dueAt}.`
 * @param facts - The run's facts by name.
 * @param timeZone - The campaign zone, for instants.
 * @returns The sentence with the actual values.
 */
export function renderTemplate(
  template: string,
  facts: Readonly<Record<string, unknown>>,
  timeZone: string,
): string {
  const { texts, parsedRefs } = parseTemplate(template);
  let text = texts[0] ?? "";
  for (let index = 0; index < parsedRefs.length; index++)
    text +=
      renderValue(readRef(facts, parsedRefs[index] as ParsedRef), timeZone) +
      (texts[index + 1] ?? "");
  return text;
}

/** {@link resolveRef} of a reference already split (by {@link parseRef}). */
function readRef(facts: Readonly<Record<string, unknown>>, parsed: ParsedRef): unknown {
  const factName = parsed[0];
  const segments = parsed[1];
  if (!segments || !Object.hasOwn(facts, factName)) return undefined;
  return readFactPath(facts[factName], segments);
}

/**
 * References split once, for reading them again and again (a policy's evidence list): what
 * {@link resolveRef} does with each, without looking its parsed form up per read.
 *
 * @param refs - The references.
 * @returns A reader: the value of the reference at `index` in `facts` (as `resolveRef` reads it).
 */
export function refReader(
  refs: readonly FactRef[],
): (facts: Readonly<Record<string, unknown>>, index: number) => unknown {
  const parsed = refs.map(parseRef);
  return (facts, index) => readRef(facts, parsed[index] as ParsedRef);
}

/**
 * A template split once at its placeholders: `texts` around them, `refs` (trimmed) in them,
 * and each reference split into its fact name and path.
 */
type ParsedTemplate = Pick<ScannedTemplate, "texts" | "refs"> & { parsedRefs: ParsedRef[] };
const TEMPLATES = new Map<string, ParsedTemplate>();

/** Splits a template at its placeholders (malformed ones stay text), cached per text. */
function parseTemplate(template: string): ParsedTemplate {
  let parsed = TEMPLATES.get(template);
  if (parsed === undefined) {
    const { texts, refs } = scanTemplate(template);
    parsed = { texts, refs, parsedRefs: refs.map((ref) => parseRef(ref ?? "")) };
    if (TEMPLATES.size >= MAX_CACHED) TEMPLATES.clear();
    TEMPLATES.set(template, parsed);
  }
  return parsed;
}
