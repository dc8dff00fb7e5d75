/**
 * Bounded lists and texts: what a verdict shows of a long list or text, so that its size stays
 * linear in the facts' size however lists multiply (claims × findings, missing × present ids).
 */

import { mapList } from "./lists.js";

/**
 * The most items any list in a verdict shows: evidence arrays, the ids and keys an explanation,
 * exception or sanction lists, and the summaries of derived facts. Longer lists show their
 * first `MAX_LISTED_ITEMS` items and then "and N more", so a verdict's size stays linear in
 * its facts' size however the lists multiply (claims × findings, missing × present media ids).
 */
export const MAX_LISTED_ITEMS = 20;

/**
 * The most characters an evidence text shows (a caption may be 1 MiB); a longer one shows its
 * start, then how long it is in all.
 */
export const MAX_EVIDENCE_TEXT = 1000;

/**
 * The most characters one placeholder of an explanation renders (derived descriptions are
 * already bounded lists; this only stops a huge free text from being repeated in a sentence).
 */
export const MAX_RENDERED_TEXT = 10_000;

/**
 * A text cut to `limit` characters, never inside a surrogate pair, then its full length.
 *
 * @param text - Any text.
 * @param limit - The most characters kept ({@link MAX_EVIDENCE_TEXT} unless given).
 * @returns `text` itself when short enough, else its start and `… (N characters)`.
 * @example
 * boundText("a".repeat(5000)).length; // 1018
 */
export function boundText(text: string, limit: number = MAX_EVIDENCE_TEXT): string {
  if (text.length <= limit) return text;
  const last = text.charCodeAt(limit - 1);
  const cut = last >= 0xd800 && last <= 0xdbff ? limit - 1 : limit;
  return `${text.slice(0, cut)}… (${text.length} characters)`;
}

/** The marker that ends a cut list: `and 9980 more`. */
export function moreItems(count: number): string {
  return `and ${count} more`;
}

/**
 * A list cut to {@link MAX_LISTED_ITEMS} items, then the {@link moreItems} marker.
 *
 * @param items - The full list (not copied when short enough).
 * @returns `items` itself when short enough, else a new list of the first items and the marker.
 * @example
 * boundList(["a", "b"]); // ["a", "b"]
 */
export function boundList<T>(items: readonly T[]): ReadonlyArray<T | string> {
  if (items.length <= MAX_LISTED_ITEMS) return items;
  return [...items.slice(0, MAX_LISTED_ITEMS), moreItems(items.length - MAX_LISTED_ITEMS)];
}

/**
 * Joins at most {@link MAX_LISTED_ITEMS} rendered items, then `and N more`; only the items
 * shown are rendered.
 *
 * @param items - The full list.
 * @param separator - Between items (and before the marker), e.g. `", "`.
 * @param render - How one item reads (given its 0-based index too).
 * @returns The joined text (empty for an empty list).
 * @example
 * joinBounded(["#a", "#b"], " "); // "#a #b"
 */
export function joinBounded<T>(
  items: readonly T[],
  separator: string,
  render: (item: T, index: number) => string = String,
): string {
  // A short list is rendered as it is (the copy only cut a long one).
  if (items.length <= MAX_LISTED_ITEMS) return items.map(render).join(separator);
  const shown = items.slice(0, MAX_LISTED_ITEMS).map(render);
  shown.push(moreItems(items.length - MAX_LISTED_ITEMS));
  return shown.join(separator);
}

/**
 * An evidence value with every array in it (at any depth) cut to {@link MAX_LISTED_ITEMS} items
 * and every text to {@link MAX_EVIDENCE_TEXT} characters; other values are kept. It copies what
 * it walks, and walks only what is shown, so its cost and size are bounded by what is shown.
 *
 * @param value - A value resolved from the run's facts.
 * @param depth - The nesting so far (internal).
 * @returns The bounded value.
 */
export function boundEvidence(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return boundText(value);
  // Facts are shallow trees; the depth guard only keeps a hand-made cycle from recursing forever.
  if (typeof value !== "object" || value === null || depth > 16) return value;
  if (Array.isArray(value)) {
    const shown = mapList(value.slice(0, MAX_LISTED_ITEMS), (item) =>
      boundEvidence(item, depth + 1),
    );

    if (value.length > MAX_LISTED_ITEMS) shown.push(moreItems(value.length - MAX_LISTED_ITEMS));
    return shown;
  }
  const copy: Record<string, unknown> = {};
  // Object.entries's keys, in its order, without an array per entry.
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    copy[key] = boundEvidence((value as Record<string, unknown>)[key], depth + 1);
  }
  return copy;
}
