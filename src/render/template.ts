/**
 * Explanation templates: `{fact.path}` placeholders filled with the actual values, rendered for
 * people (instants in the campaign zone, durations in words, money with its currency).
 */
import { boundEvidence, boundText, joinBounded, MAX_RENDERED_TEXT } from "../core/bounded.js";
import { parsePropertyPath, readPath } from "../core/path.js";
import { type FactRef, PLACEHOLDER, templateRefs } from "../core/placeholders.js";
import { describeDuration, formatInstant, isCanonicalInstant } from "../core/time.js";

export { type FactRef, templateRefs };

const DURATION_UNITS = new Set(["years", "months", "weeks", "days", "hours", "minutes", "seconds"]);

/** Resolves a `fact.path` reference against the facts of one engine run. */
export function resolveRef(facts: Readonly<Record<string, unknown>>, ref: FactRef): unknown {
  const [factName = "", ...rest] = ref.split(".");
  const segments = rest.length > 0 ? parsePropertyPath(rest.join(".")) : [];
  if (!segments || !Object.hasOwn(facts, factName)) return undefined;
  return readPath(facts[factName], segments);
}

function isDuration(value: object): boolean {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => DURATION_UNITS.has(key));
}

function isMoney(value: object): value is { amount: number; currency: string } {
  const record = value as Record<string, unknown>;
  return typeof record.amount === "number" && typeof record.currency === "string";
}

/** Formats integer minor units with the currency's own number of decimals, e.g. `USD 120.00`. */
export function formatMoney(money: { amount: number; currency: string }): string {
  const digits =
    new Intl.NumberFormat("en-US", {
      style: "currency",
      currency: money.currency,
    }).resolvedOptions().maximumFractionDigits ?? 2;
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
  if (typeof value === "string")
    return isCanonicalInstant(value)
      ? formatInstant(value, timeZone)
      : boundText(value, MAX_RENDERED_TEXT);
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
  return template.replace(PLACEHOLDER, (_, ref: string) =>
    renderValue(resolveRef(facts, ref.trim()), timeZone),
  );
}
