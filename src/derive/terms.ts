/**
 * Matching a post against agreed terms: hashtags, mentions, caption phrases, media, link in bio
 * and publish time. Hashtags and mentions match ignoring case and a leading `#`/`@`, and may
 * appear either in the post's tag lists or in its caption.
 */
import type { Duration } from "date-fns";
import { joinBounded } from "../core/bounded.js";
import { mapList } from "../core/lists.js";
import {
  addDuration,
  compareInstants,
  formatInstant,
  type Instant,
  latest,
  subtractDuration,
} from "../core/time.js";
import { type Deliverable, durationSchema } from "../facts/schema.js";
import { s } from "./shape.js";

/** Which agreed element a mismatch is about. */
export type TermElement =
  | "publishTime"
  | "hashtag"
  | "mention"
  | "captionPhrase"
  | "mediaId"
  | "linkInBio";

/** One difference between the agreed terms and the post. */
export interface TermMismatch {
  element: TermElement;
  expected: string;
  actual: string;
}

/** The derived terms fact of one deliverable. */
export interface TermsCheck {
  /** The agreed publish time, if any. */
  publishAt: Instant | null;
  /** The window around it in which publication counts as on time. */
  publishWindowStart: Instant | null;
  publishWindowEnd: Instant | null;
  /** Every mismatch, in a stable order. */
  mismatches: TermMismatch[];
  /** Null when the post cannot be judged (published before the selection). */
  mismatchCount: number | null;
  /** Agreed elements the post's captured data cannot show (no caption, tags, media or link). */
  uncaptured: TermElement[];
  /** Null when the post cannot be judged (published before the selection). */
  uncapturedCount: number | null;
  /** Mismatches of hashtags, mentions and caption phrases only (content guidelines). */
  guidelineMismatches: TermMismatch[];
  /** Null when the post cannot be judged (published before the selection). */
  guidelineMismatchCount: number | null;
  /** Each mismatch as `expected vs actual`, joined for explanations. */
  summary: string;
  guidelineSummary: string;
}

const GUIDELINE_ELEMENTS = new Set<TermElement>(["hashtag", "mention", "captionPhrase"]);

/** Normalises a hashtag or mention for comparison: lower case, no leading `#` or `@`. */
export function normaliseTag(tag: string): string {
  // Most tags are already normal (lower-case ASCII letters, digits, `_`): trim, the sigils and
  // lower-casing leave such a tag as it is.
  let plain = tag.length > 0;
  for (let i = 0; plain && i < tag.length; i++) {
    const code = tag.charCodeAt(i);
    plain = (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95;
  }
  if (plain) return tag;
  return tag
    .trim()
    .replace(/^[#@]+/, "")
    .toLowerCase();
}

/** The distinct tags a caption carries, normalised, in the order they first appear. */
// A handle may contain dots but does not end with one ("thanks @brand." mentions "brand").
// Shared: matchAll scans a copy of the expression, so these never carry a lastIndex.
const HASHTAG = /#([\p{L}\p{N}_]+)/gu;
const MENTION = /@([\p{L}\p{N}_]+(?:\.[\p{L}\p{N}_]+)*)/gu;

function tagsIn(caption: string, sigil: "#" | "@"): string[] {
  const pattern = sigil === "#" ? HASHTAG : MENTION;
  // Each distinct spelling is normalised once (a caption may repeat one tag 250,000 times).
  const spellings = new Set<string>();
  for (const match of caption.matchAll(pattern)) spellings.add(match[1] ?? "");
  return mapList([...spellings], normaliseTag);
}

/**
 * Which phrases occur in a text, ignoring case exactly as `text.toLowerCase().includes(
 * phrase.toLowerCase())` does, in time linear in the text and the phrases: an Aho–Corasick scan
 * (over UTF-16 code units of the lower-cased strings) instead of one search per phrase, which a
 * caption of 1 MB and thousands of crafted phrases made cost seconds. The phrases are taken in
 * batches of at most `max(text length, 65,536)` characters, so memory stays linear in the text
 * and each batch's scan is paid for by its own phrases.
 *
 * @param text - The text searched (a caption).
 * @param phrases - The phrases looked for.
 * @returns The phrases (as given) that occur in the text.
 * @example
 * phrasesInText("Loving the Vitamin C serum", ["vitamin c", "retinol"]); // Set { "vitamin c" }
 */
export function phrasesInText(text: string, phrases: readonly string[]): Set<string> {
  const haystack = text.toLowerCase();
  const found = new Set<string>();
  const batchLimit = Math.max(haystack.length, 65_536);
  let batch: Array<{ phrase: string; lower: string }> = [];
  let batchChars = 0;
  const flush = () => {
    if (batch.length > 0) scanBatch(haystack, batch, found);
    batch = [];
    batchChars = 0;
  };
  for (const phrase of phrases) {
    const lower = phrase.toLowerCase();
    // Longer than the text: it cannot occur (and so never overflows a batch).
    if (lower.length > haystack.length) continue;
    if (batchChars + lower.length > batchLimit) flush();
    batch.push({ phrase, lower });
    batchChars += lower.length;
  }
  flush();
  return found;
}

/** One Aho–Corasick pass: marks the states the scan reaches, then their suffix states. */
function scanBatch(
  haystack: string,
  batch: ReadonlyArray<{ phrase: string; lower: string }>,
  found: Set<string>,
): void {
  // The trie: node 0 is the root; edges live in one map keyed by node and code unit.
  const edges = new Map<number, number>();
  const parent: number[] = [0];
  const unit: number[] = [0];
  const depth: number[] = [0];
  const terminal: number[] = [];
  for (const { lower } of batch) {
    let node = 0;
    for (let index = 0; index < lower.length; index++) {
      const code = lower.charCodeAt(index);
      const key = node * 65_536 + code;
      let next = edges.get(key);
      if (next === undefined) {
        next = parent.length;
        edges.set(key, next);
        parent.push(node);
        unit.push(code);
        depth.push(index + 1);
      }
      node = next;
    }
    terminal.push(node);
  }
  const size = parent.length;
  // Nodes by depth (a counting sort): a node's failure link is shallower, so it is ready first.
  const depths = Int32Array.from(depth);
  let deepest = 0;
  for (const level of depths) if (level > deepest) deepest = level;
  const next = new Int32Array(deepest + 2);
  for (const level of depths) next[level + 1] = (next[level + 1] ?? 0) + 1;
  for (let level = 1; level < next.length; level++)
    next[level] = (next[level] ?? 0) + (next[level - 1] ?? 0);
  const byDepth = new Int32Array(size);
  for (let node = 0; node < size; node++) {
    const level = depths[node] ?? 0;
    const position = next[level] ?? 0;
    byDepth[position] = node;
    next[level] = position + 1;
  }
  const fail = new Int32Array(size);
  const step = (from: number, code: number): number => {
    let state = from;
    for (;;) {
      const next = edges.get(state * 65_536 + code);
      if (next !== undefined) return next;
      if (state === 0) return 0;
      state = fail[state] ?? 0;
    }
  };
  for (const node of byDepth) {
    if ((depths[node] ?? 0) < 2) continue;
    fail[node] = step(fail[parent[node] ?? 0] ?? 0, unit[node] ?? 0);
  }
  const reached = new Uint8Array(size);
  reached[0] = 1;
  let state = 0;
  for (let index = 0; index < haystack.length; index++) {
    state = step(state, haystack.charCodeAt(index));
    reached[state] = 1;
  }
  // A state's suffix states occur wherever it does; deepest first, so one pass suffices.
  for (let position = size - 1; position > 0; position--) {
    const node = byDepth[position] ?? 0;
    if (reached[node]) reached[fail[node] ?? 0] = 1;
  }
  for (const [index, { phrase }] of batch.entries())
    if (reached[terminal[index] ?? 0]) found.add(phrase);
}

/** A captured list in words: at most `MAX_LISTED_ITEMS` values, then "and N more"; or `none`. */
function describeList(values: Iterable<string>, sigil = ""): string {
  const list = Array.isArray(values) ? (values as string[]) : [...values];
  return list.length === 0
    ? "none"
    : joinBounded(list, " ", (value) => `${sigil}${normaliseTag(value)}`);
}

/**
 * Formats mismatches as `hashtag expected #a, actual #b #c; …`: at most `MAX_LISTED_ITEMS` of
 * them, then "and N more".
 *
 * @param mismatches - The mismatches, in order.
 * @returns The summary (empty for none).
 */
export function describeMismatches(mismatches: readonly TermMismatch[]): string {
  return joinBounded(
    mismatches,
    "; ",
    (m) => `${m.element} expected ${m.expected}, actual ${m.actual}`,
  );
}

/**
 * Compares a deliverable's post with its agreed terms.
 *
 * @param deliverable - The deliverable, with `terms` and `post`.
 * @param context - The tolerance when the terms give none, the campaign zone, the latest extension
 *   and the deadline after extensions (a post after it is late when no time was agreed).
 * @returns The terms fact, or `null` when there are no terms or no post.
 */
export function checkTerms(
  deliverable: Deliverable,
  context: {
    defaultTolerance: Duration | null;
    timeZone: string;
    /** The latest granted extension's new deadline, if any: it moves the window's end later. */
    extendedUntil: Instant | null;
    /** The deadline after extensions (the window's end when no time was agreed), if usable. */
    dueAt: Instant | null;
  },
): TermsCheck | null {
  const { terms, post } = deliverable;
  const { timeZone } = context;
  if (!terms) return null;
  const tolerance = terms.publishTolerance ?? context.defaultTolerance ?? {};
  const publishAt = terms.publishAt ?? null;
  const publishWindowStart = publishAt ? subtractDuration(publishAt, tolerance, timeZone) : null;
  const publishWindowEnd = publishAt
    ? latest(addDuration(publishAt, tolerance, timeZone), context.extendedUntil)
    : null;
  const mismatches: TermMismatch[] = [];

  const uncaptured: TermElement[] = [];
  if (post) {
    const caption = post.caption ?? "";
    // Absent data is not a mismatch: it is reported as uncaptured, for review.
    const tagsCaptured = post.caption !== undefined || post.hashtags !== undefined;
    const mentionsCaptured = post.caption !== undefined || post.mentions !== undefined;
    const uncapturedIf = (
      agreed: readonly unknown[] | string | undefined,
      captured: boolean,
      element: TermElement,
    ) => {
      const isAgreed = typeof agreed === "string" || (agreed !== undefined && agreed.length > 0);
      if (isAgreed && !captured) uncaptured.push(element);
      return isAgreed && captured;
    };
    if (publishWindowStart && publishWindowEnd) {
      const early = compareInstants(post.publishedAt, publishWindowStart) < 0;
      const late = compareInstants(post.publishedAt, publishWindowEnd) > 0;
      if (early || late) {
        mismatches.push({
          element: "publishTime",
          expected: `between ${formatInstant(publishWindowStart, timeZone)} and ${formatInstant(publishWindowEnd, timeZone)}`,
          actual: formatInstant(post.publishedAt, timeZone),
        });
      }
    } else if (context.dueAt && compareInstants(post.publishedAt, context.dueAt) > 0) {
      // No time agreed: the agreed date is the deadline.
      mismatches.push({
        element: "publishTime",
        expected: `by ${formatInstant(context.dueAt, timeZone)}`,
        actual: formatInstant(post.publishedAt, timeZone),
      });
    }
    const checkHashtags = uncapturedIf(terms.hashtags, tagsCaptured, "hashtag");
    const checkMentions = uncapturedIf(terms.mentions, mentionsCaptured, "mention");
    const checkPhrases = uncapturedIf(
      terms.captionIncludes,
      post.caption !== undefined,
      "captionPhrase",
    );
    const checkMedia = uncapturedIf(terms.mediaIds, post.mediaIds !== undefined, "mediaId");
    const checkLink = uncapturedIf(terms.linkInBio, post.linkInBio !== undefined, "linkInBio");
    // The caption is scanned for tags only when tags were agreed. Each captured list is described
    // once, not once per missing element (3,000 missing media ids against 3,000 present ones made
    // a 311 MB verdict).
    const hashtags = checkHashtags
      ? new Set([...(post.hashtags ?? []).map(normaliseTag), ...tagsIn(caption, "#")])
      : new Set<string>();
    let actualHashtags: string | undefined;
    for (const tag of checkHashtags ? (terms.hashtags ?? []) : []) {
      if (!hashtags.has(normaliseTag(tag))) {
        actualHashtags ??= describeList(hashtags, "#");
        mismatches.push({
          element: "hashtag",
          expected: `#${normaliseTag(tag)}`,
          actual: actualHashtags,
        });
      }
    }
    const mentions = checkMentions
      ? new Set([...(post.mentions ?? []).map(normaliseTag), ...tagsIn(caption, "@")])
      : new Set<string>();
    let actualMentions: string | undefined;
    for (const mention of checkMentions ? (terms.mentions ?? []) : []) {
      if (!mentions.has(normaliseTag(mention))) {
        actualMentions ??= describeList(mentions, "@");
        mismatches.push({
          element: "mention",
          expected: `@${normaliseTag(mention)}`,
          actual: actualMentions,
        });
      }
    }
    const phrases = checkPhrases ? (terms.captionIncludes ?? []) : [];
    const found = phrasesInText(caption, phrases);
    for (const phrase of phrases) {
      if (!found.has(phrase)) {
        mismatches.push({
          element: "captionPhrase",
          expected: `"${phrase}"`,
          actual: "not in caption",
        });
      }
    }
    const media = new Set(post.mediaIds ?? []);
    let actualMedia: string | undefined;
    for (const mediaId of checkMedia ? (terms.mediaIds ?? []) : []) {
      if (!media.has(mediaId)) {
        actualMedia ??= describeList(post.mediaIds ?? []);
        mismatches.push({ element: "mediaId", expected: mediaId, actual: actualMedia });
      }
    }
    if (checkLink && terms.linkInBio !== undefined && terms.linkInBio !== post.linkInBio) {
      mismatches.push({
        element: "linkInBio",
        expected: terms.linkInBio,
        actual: post.linkInBio ?? "none",
      });
    }
  }
  const guidelineMismatches = mismatches.filter((mismatch) =>
    GUIDELINE_ELEMENTS.has(mismatch.element),
  );
  return {
    publishAt,
    publishWindowStart,
    publishWindowEnd,
    mismatches,
    mismatchCount: mismatches.length,
    uncaptured,
    uncapturedCount: uncaptured.length,
    guidelineMismatches,
    guidelineMismatchCount: guidelineMismatches.length,
    summary: describeMismatches(mismatches),
    guidelineSummary: describeMismatches(guidelineMismatches),
  };
}

const TERM_ELEMENTS = [
  "publishTime",
  "hashtag",
  "mention",
  "captionPhrase",
  "mediaId",
  "linkInBio",
] as const satisfies readonly TermElement[];

const mismatchShape = s.object({
  element: s.enum(TERM_ELEMENTS),
  expected: s.string(),
  actual: s.string(),
});

/** The shape of a {@link TermsCheck}, for the fact registry. */
export const termsShape = s.object({
  publishAt: s.nullable(s.instant()),
  publishWindowStart: s.nullable(s.instant()),
  publishWindowEnd: s.nullable(s.instant()),
  mismatches: s.array(mismatchShape),
  mismatchCount: s.nullable(s.integer()),
  uncaptured: s.array(s.enum(TERM_ELEMENTS)),
  uncapturedCount: s.nullable(s.integer()),
  guidelineMismatches: s.array(mismatchShape),
  guidelineMismatchCount: s.nullable(s.integer()),
  summary: s.string(),
  guidelineSummary: s.string(),
});

/** The parameters the terms check reads. */
export const termsParameters = {
  /** Tolerance around an agreed publish time, when the terms give none. */
  publishTolerance: durationSchema.optional(),
};
