/**
 * Matching a post against agreed terms: hashtags, mentions, caption phrases, media, link in bio
 * and publish time. Hashtags and mentions match ignoring case and a leading `#`/`@`, and may
 * appear either in the post's tag lists or in its caption.
 */
import type { Duration } from "date-fns";
import type { Deliverable } from "../facts/schema.js";
import {
  addDuration,
  compareInstants,
  formatInstant,
  type Instant,
  latest,
  subtractDuration,
} from "../time.js";

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
  mismatchCount: number;
  /** Agreed elements the post's captured data cannot show (no caption, tags, media or link). */
  uncaptured: TermElement[];
  uncapturedCount: number;
  /** Mismatches of hashtags, mentions and caption phrases only (content guidelines). */
  guidelineMismatches: TermMismatch[];
  guidelineMismatchCount: number;
  /** Each mismatch as `expected vs actual`, joined for explanations. */
  summary: string;
  guidelineSummary: string;
}

const GUIDELINE_ELEMENTS = new Set<TermElement>(["hashtag", "mention", "captionPhrase"]);

/** Normalises a hashtag or mention for comparison: lower case, no leading `#` or `@`. */
export function normaliseTag(tag: string): string {
  return tag
    .trim()
    .replace(/^[#@]+/, "")
    .toLowerCase();
}

function tagsIn(caption: string, sigil: "#" | "@"): string[] {
  // A handle may contain dots but does not end with one ("thanks @brand." mentions "brand").
  const pattern =
    sigil === "#" ? /#([\p{L}\p{N}_]+)/gu : /@([\p{L}\p{N}_]+(?:\.[\p{L}\p{N}_]+)*)/gu;
  return [...caption.matchAll(pattern)].map((match) => normaliseTag(match[1] ?? ""));
}

function describeList(values: readonly string[], sigil = ""): string {
  return values.length === 0
    ? "none"
    : values.map((value) => `${sigil}${normaliseTag(value)}`).join(" ");
}

/** Formats mismatches as `hashtag: expected #a, actual #b none; …`. */
export function describeMismatches(mismatches: readonly TermMismatch[]): string {
  return mismatches
    .map((m) => `${m.element} expected ${m.expected}, actual ${m.actual}`)
    .join("; ");
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
    const hashtags = new Set([...(post.hashtags ?? []).map(normaliseTag), ...tagsIn(caption, "#")]);
    const checkHashtags = uncapturedIf(terms.hashtags, tagsCaptured, "hashtag");
    const checkMentions = uncapturedIf(terms.mentions, mentionsCaptured, "mention");
    const checkPhrases = uncapturedIf(
      terms.captionIncludes,
      post.caption !== undefined,
      "captionPhrase",
    );
    const checkMedia = uncapturedIf(terms.mediaIds, post.mediaIds !== undefined, "mediaId");
    const checkLink = uncapturedIf(terms.linkInBio, post.linkInBio !== undefined, "linkInBio");
    for (const tag of checkHashtags ? (terms.hashtags ?? []) : []) {
      if (!hashtags.has(normaliseTag(tag))) {
        mismatches.push({
          element: "hashtag",
          expected: `#${normaliseTag(tag)}`,
          actual: describeList([...hashtags], "#"),
        });
      }
    }
    const mentions = new Set([...(post.mentions ?? []).map(normaliseTag), ...tagsIn(caption, "@")]);
    for (const mention of checkMentions ? (terms.mentions ?? []) : []) {
      if (!mentions.has(normaliseTag(mention))) {
        mismatches.push({
          element: "mention",
          expected: `@${normaliseTag(mention)}`,
          actual: describeList([...mentions], "@"),
        });
      }
    }
    for (const phrase of checkPhrases ? (terms.captionIncludes ?? []) : []) {
      if (!caption.toLowerCase().includes(phrase.toLowerCase())) {
        mismatches.push({
          element: "captionPhrase",
          expected: `"${phrase}"`,
          actual: "not in caption",
        });
      }
    }
    const media = new Set(post.mediaIds ?? []);
    for (const mediaId of checkMedia ? (terms.mediaIds ?? []) : []) {
      if (!media.has(mediaId)) {
        mismatches.push({
          element: "mediaId",
          expected: mediaId,
          actual: describeList(post.mediaIds ?? []),
        });
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
