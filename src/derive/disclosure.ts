/**
 * Advertising disclosure (#ad) checks by jurisdiction profile (DOMAIN.md §7): which labels a
 * regulator accepts, which it rejects, and how much of the caption is visible without a click.
 * A label counts only when it ends within the visible start (the first `visibleChars` characters
 * and, when set, the first `visibleLines` lines); positions are 1-based character (code point)
 * positions in the caption.
 */
import { z } from "zod";
import { joinBounded } from "../core/bounded.js";
import { mapList } from "../core/lists.js";
import type { Deliverable } from "../facts/schema.js";
import { s } from "./shape.js";

/** A jurisdiction's disclosure rules: accepted and rejected labels and the visible start. */
export interface DisclosureProfile {
  /** The profile's id, e.g. `us-ftc`. */
  id: string;
  /** Labels that disclose the advertising (case-insensitive, whole words or whole hashtags). */
  acceptedLabels: string[];
  /** Labels the regulator finds insufficient; reported when no accepted label is present. */
  rejectedLabels: string[];
  /** How many characters of the caption are seen without a click ("… more"). */
  visibleChars: number;
  /** How many lines of the caption are seen without a click, when the platform cuts by lines. */
  visibleLines?: number | undefined;
}

/**
 * The built-in profiles. `us-ftc`: FTC Endorsement Guides as applied to Instagram (#ad and
 * #sponsored adequate; #sp, #spon, #partner not; the first 125 characters and three lines).
 * `uk-asa`: CAP Code §2 and the ASA's influencer guidance (Ad, Advert, Advertising,
 * Advertisement, Advertisement feature, "Ad – gifted"; sp/spon, collab, gifted alone, PR, aff and
 * "sponsored by" advised against), with the same Instagram visible start.
 */
export const DISCLOSURE_PROFILES = {
  "us-ftc": {
    id: "us-ftc",
    acceptedLabels: [
      "#ad",
      "#advertisement",
      "#sponsored",
      "Ad",
      "Advertisement",
      "Sponsored",
      "Paid partnership",
      "Paid ad",
    ],
    rejectedLabels: ["#sp", "#spon", "#partner", "#collab", "#ambassador", "#thanks"],
    visibleChars: 125,
    visibleLines: 3,
  },
  "uk-asa": {
    id: "uk-asa",
    acceptedLabels: [
      "#ad",
      "Ad",
      "Advert",
      "Advertising",
      "Advertisement",
      "Advertisement feature",
      "Ad - gifted",
      "#advert",
      "#advertisement",
    ],
    rejectedLabels: [
      "#sp",
      "#spon",
      "#sponsored",
      "sponsored by",
      "in partnership with",
      "thanks to",
      "#collab",
      "collab",
      "gifted",
      "#gifted",
      "#aff",
      "#affiliate",
      "#pr",
      "PR",
      "brand ambassador",
      "#ambassador",
    ],
    visibleChars: 125,
    visibleLines: 3,
  },
} as const satisfies Record<string, DisclosureProfile>;

/** The ids of the built-in disclosure profiles. */
export const DISCLOSURE_PROFILE_IDS = Object.keys(DISCLOSURE_PROFILES) as Array<
  keyof typeof DISCLOSURE_PROFILES
>;

/** A custom disclosure profile, as a policy parameter. */
export const disclosureProfileSchema = z.strictObject({
  id: z.string().min(1),
  acceptedLabels: z.array(z.string().trim().min(1)).min(1),
  rejectedLabels: z.array(z.string().trim().min(1)),
  visibleChars: z.number().int().positive(),
  visibleLines: z.number().int().positive().optional(),
});

/** The `disclosureProfile` parameter: a built-in profile id, or a custom profile. */
export const disclosureProfileParameterSchema = z.union([
  z.enum(DISCLOSURE_PROFILE_IDS as [keyof typeof DISCLOSURE_PROFILES]),
  disclosureProfileSchema,
]);

/** The `disclosureProfile` parameter's type. */
export type DisclosureProfileParameter = z.infer<typeof disclosureProfileParameterSchema>;

/** Resolves the `disclosureProfile` parameter to a profile. */
export function resolveDisclosureProfile(parameter: DisclosureProfileParameter): DisclosureProfile {
  if (typeof parameter === "string") {
    const profile: DisclosureProfile = DISCLOSURE_PROFILES[parameter];
    return {
      ...profile,
      acceptedLabels: [...profile.acceptedLabels],
      rejectedLabels: [...profile.rejectedLabels],
    };
  }
  return parameter;
}

/** One label found in a caption. */
export interface LabelMatch {
  /** The profile's label it matched, as the profile spells it. */
  label: string;
  /** The text as written in the caption. */
  text: string;
  /** 1-based character position of its first character. */
  position: number;
  /** 1-based character position of its last character. */
  end: number;
  /** 1-based line it starts on. */
  line: number;
  /** Whether it ends within the visible start. */
  visible: boolean;
  accepted: boolean;
}

/** What the disclosure check concluded. */
export type DisclosureStatus =
  /** The terms do not require a disclosure. */
  | "not_required"
  /** Required, but there is no post yet. */
  | "no_post"
  /** Required, but the post's caption was not captured. */
  | "no_caption"
  /** An accepted label ends within the visible start. */
  | "disclosed"
  /** Accepted labels appear only after the visible start. */
  | "too_late"
  /** No accepted label; only labels the profile rejects. */
  | "rejected_only"
  /** No label of the profile at all. */
  | "missing";

/** The derived disclosure fact of one deliverable (`deliverable.disclosure`). */
export interface DisclosureCheck {
  status: DisclosureStatus;
  required: boolean;
  /** The profile id, e.g. `us-ftc`. */
  profile: string;
  visibleChars: number;
  visibleLines: number | null;
  /** The visible start in words, e.g. `the first 125 characters and 3 lines`. */
  visibleStart: string;
  acceptedLabels: string[];
  /** The decisive accepted label: the first visible one, else the first one, else null. */
  label: LabelMatch | null;
  /** `"#ad" at characters 1–3 (line 1)` for the decisive label, or null. */
  labelSummary: string | null;
  /** Every accepted label found, in caption order. */
  accepted: LabelMatch[];
  /** Every rejected label found (not part of an accepted one), in caption order. */
  rejected: LabelMatch[];
  /** The rejected labels found, as `"#spon" at characters 1–5 (line 1)`, joined; or null. */
  rejectedSummary: string | null;
}

const WORD = "[\\p{L}\\p{N}_]";

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A case-insensitive pattern for a label: whole words or hashtags, flexible spaces and dashes. */
/** A negation right before a plain-word label on the same line: "not", "no", "never", "isn't", "non-". */
const NEGATED = "(?<![\\p{L}])(?:not|no|never|isn['’]?t|wasn['’]?t|non)[ \\t-]+";

/**
 * A label's pattern twice: `scan`, its words alone (global), finds where a match may start;
 * `full`, the whole pattern (sticky), decides at such a start. A pattern that opens with
 * lookbehinds runs them at every position of the caption (30 µs for 16 labels on a 60-character
 * caption); the words alone let the engine skip ahead. Same matches as `full` made global: a
 * match of `full` at a position needs a match of its words there, and the positions are tried
 * left to right by code point, restarting at each match's end, as a global scan does.
 */
interface LabelPattern {
  scan: RegExp;
  full: RegExp;
  /**
   * The label's first word lower-cased, when it is ASCII: no match can start in an ASCII caption
   * whose lower-cased text lacks it (on ASCII text, `/iu` folds case exactly as `toLowerCase`
   * does; only other characters, such as the Kelvin sign or the long s, fold to ASCII letters).
   */
  prefix: string | undefined;
}

// Labels come from policies (a handful per profile), so compiled patterns are kept, boundedly.
// Both regexes are shared: every use sets lastIndex first, and nothing runs in between.
const LABEL_PATTERNS = new Map<string, LabelPattern>();
const MAX_LABEL_PATTERNS = 1024;

function labelPattern(label: string): LabelPattern {
  let pattern = LABEL_PATTERNS.get(label);
  if (pattern === undefined) {
    if (LABEL_PATTERNS.size >= MAX_LABEL_PATTERNS) LABEL_PATTERNS.clear();
    const first =
      label
        .trim()
        .split(/\s*[-–—]\s*/u)[0]
        ?.split(/\s+/u)[0] ?? "";
    pattern = {
      scan: new RegExp(labelBody(label), "giu"),
      full: new RegExp(buildLabelPattern(label).source, "iuy"),
      prefix: first.length > 0 && isAscii(first) ? first.toLowerCase() : undefined,
    };
    LABEL_PATTERNS.set(label, pattern);
  }
  return pattern;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

// The last caption searched and its lower-cased text when it is ASCII (else null): every label
// of a profile searches the same caption, one after the other.
let lastCaption: string | undefined;
let lastAsciiLower: string | null = null;

function asciiLower(caption: string): string | null {
  if (caption !== lastCaption) {
    lastAsciiLower = isAscii(caption) ? caption.toLowerCase() : null;
    lastCaption = caption;
  }
  return lastAsciiLower;
}

function labelBody(label: string): string {
  return label
    .trim()
    .split(/\s*[-–—]\s*/u)
    .map((part) => part.split(/\s+/u).map(escapeRegExp).join("\\s+"))
    .join("\\s*[-–—]\\s*");
}

/**
 * The matches of a label in a caption, as `caption.matchAll(buildLabelPattern(label))` gives
 * them (index and text), found through {@link LabelPattern}.
 */
export function labelMatches(
  caption: string,
  label: string,
  found: (index: number, text: string) => void,
): void {
  const { scan, full, prefix } = labelPattern(label);
  if (prefix !== undefined) {
    const lower = asciiLower(caption);
    if (lower !== null && !lower.includes(prefix)) return;
  }
  let from = 0;
  while (from <= caption.length) {
    scan.lastIndex = from;
    const start = scan.exec(caption);
    if (start === null) return;
    const at = start.index;
    full.lastIndex = at;
    const match = full.exec(caption);
    if (match !== null && match[0].length > 0) {
      found(at, match[0]);
      from = at + match[0].length;
    } else {
      if (match !== null) found(at, match[0]);
      // The next code point, as a global scan advances past a position without a match.
      const code = caption.charCodeAt(at);
      const next = caption.charCodeAt(at + 1);
      from = code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? at + 2 : at + 1;
    }
  }
}

export function buildLabelPattern(label: string): RegExp {
  const body = labelBody(label);
  // A plain word ("Ad", "Sponsored") must stand on its own: not inside a URL or path such as
  // lumi.example/ad-deals, and not right after a negation ("NOT sponsored"). A hashtag must
  // not follow a slash (a URL fragment such as lumi.example/#ad).
  const plainWord = !label.trim().startsWith("#");
  const before = plainWord
    ? `(?<![\\p{L}\\p{N}_#@/.=:-])(?<!${NEGATED})`
    : "(?<![\\p{L}\\p{N}_#@/])";
  const after = plainWord ? `(?!${WORD})(?![-/.][\\p{L}\\p{N}])` : `(?!${WORD})`;
  return new RegExp(`${before}${body}${after}`, "giu");
}

/**
 * Code-point positions and line numbers of increasing UTF-16 indexes in one text, found by
 * walking it once (slicing the text per label made a caption of 100 KB of "#ad " cost 30 s).
 * Counts as `Array.from(text.slice(0, index)).length` and `text.slice(0, index).split(
 * /\r\n|\r|\n/).length` do: a surrogate pair is one code point, `\r\n` one line break.
 */
function textCursor(text: string) {
  let index = 0;
  let codePoints = 0;
  let breaks = 0;
  const advance = (to: number) => {
    for (; index < to; index++) {
      const code = text.charCodeAt(index);
      const previous = index > 0 ? text.charCodeAt(index - 1) : 0;
      // A low surrogate right after a high one completes a code point already counted.
      const low = code >= 0xdc00 && code <= 0xdfff && previous >= 0xd800 && previous <= 0xdbff;
      if (!low) codePoints++;
      // "\n" right after "\r" completes a line break already counted.
      if (code === 0x0d || (code === 0x0a && previous !== 0x0d)) breaks++;
    }
  };
  return {
    /** The 1-based code-point position and the 1-based line of `at` (never before the last). */
    at(to: number): { position: number; line: number } {
      advance(to);
      return { position: codePoints + 1, line: breaks + 1 };
    },
  };
}

function describeMatch(match: LabelMatch): string {
  const range =
    match.position === match.end
      ? `character ${match.position}`
      : `characters ${match.position}–${match.end}`;
  return `"${match.text}" at ${range} (line ${match.line})`;
}

/**
 * The candidates' positions in caption order: by start, then longest first, then accepted before
 * rejected, then as found — the order of a stable sort with that comparator, but by a counting
 * sort on the start (linear: a caption of "#ad " repeated holds a quarter million candidates).
 */
function captionOrder(
  candidates: ReadonlyArray<{ index: number; text: string; accepted: boolean }>,
  textLength: number,
): Int32Array {
  const count = candidates.length;
  if (count <= SMALL_SORT) return smallCaptionOrder(candidates);
  const next = new Int32Array(textLength + 2);
  for (const { index } of candidates) next[index + 1] = (next[index + 1] ?? 0) + 1;
  for (let start = 1; start < next.length; start++)
    next[start] = (next[start] ?? 0) + (next[start - 1] ?? 0);
  const order = new Int32Array(count);
  for (let position = 0; position < count; position++) {
    const start = (candidates[position] as (typeof candidates)[number]).index;
    const slot = next[start] ?? 0;
    order[slot] = position;
    next[start] = slot + 1;
  }
  // Candidates of one start (at most one per label) by length, then acceptance; stable.
  const at = (slot: number) => candidates[order[slot] ?? 0] as (typeof candidates)[number];
  for (let from = 0; from < count; ) {
    let to = from + 1;
    while (to < count && at(to).index === at(from).index) to++;
    if (to - from > 1) {
      const group = Array.from(order.subarray(from, to)).sort((a, b) => {
        const left = candidates[a] as (typeof candidates)[number];
        const right = candidates[b] as (typeof candidates)[number];
        return (
          right.text.length - left.text.length || Number(right.accepted) - Number(left.accepted)
        );
      });
      order.set(group, from);
    }
    from = to;
  }
  return order;
}

/** Up to this many candidates (a usual caption has a few), an insertion sort orders them. */
const SMALL_SORT = 16;

/**
 * {@link captionOrder} for a few candidates: a stable insertion sort by start, then longest
 * first, then accepted first (the same order; no buffer as long as the caption).
 */
function smallCaptionOrder(
  candidates: ReadonlyArray<{ index: number; text: string; accepted: boolean }>,
): Int32Array {
  const order = new Int32Array(candidates.length);
  for (let position = 0; position < candidates.length; position++) {
    const candidate = candidates[position] as (typeof candidates)[number];
    let slot = position;
    while (slot > 0) {
      const before = candidates[order[slot - 1] as number] as (typeof candidates)[number];
      const after =
        before.index - candidate.index ||
        candidate.text.length - before.text.length ||
        Number(candidate.accepted) - Number(before.accepted);
      if (after <= 0) break;
      order[slot] = order[slot - 1] as number;
      slot--;
    }
    order[slot] = position;
  }
  return order;
}

/**
 * Finds a profile's accepted and rejected labels in a caption. Overlapping matches resolve
 * leftmost-longest, so `Ad - gifted` is one accepted label, not a rejected `gifted`.
 *
 * @param caption - The caption text.
 * @param profile - The disclosure profile.
 * @returns The labels found, in caption order.
 */
export function findLabels(caption: string, profile: DisclosureProfile): LabelMatch[] {
  const candidates: Array<{ label: string; index: number; text: string; accepted: boolean }> = [];
  const collect = (labels: readonly string[], accepted: boolean) => {
    for (const label of labels) {
      labelMatches(caption, label, (index, text) => {
        candidates.push({ label, index, text, accepted });
      });
    }
  };
  collect(profile.acceptedLabels, true);
  collect(profile.rejectedLabels, false);
  const kept: typeof candidates = [];
  let coveredUntil = 0;
  for (const position of captionOrder(candidates, caption.length)) {
    const candidate = candidates[position] as (typeof candidates)[number];
    if (candidate.index < coveredUntil) continue;
    kept.push(candidate);
    coveredUntil = candidate.index + candidate.text.length;
  }
  // Kept labels do not overlap and come in caption order, so one cursor serves them all.
  const cursor = textCursor(caption);
  return mapList(kept, (candidate) => {
    const endIndex = candidate.index + candidate.text.length;
    // Where the label starts is what a reader looks for; whether it ends within the visible
    // lines decides whether it is seen.
    const start = cursor.at(candidate.index);
    const after = cursor.at(endIndex);
    const end = after.position - 1;
    return {
      label: candidate.label,
      text: candidate.text,
      position: start.position,
      end,
      line: start.line,
      visible:
        end <= profile.visibleChars &&
        (profile.visibleLines === undefined || after.line <= profile.visibleLines),
      accepted: candidate.accepted,
    };
  });
}

/**
 * Checks a deliverable's post for the disclosure its terms require, under a profile.
 *
 * @param deliverable - The deliverable, with `terms.disclosureRequired` and `post.caption`.
 * @param profile - The jurisdiction profile.
 * @returns The disclosure fact.
 * @example
 * checkDisclosure(deliverable, resolveDisclosureProfile("uk-asa")).status; // "disclosed"
 */
export function checkDisclosure(
  deliverable: Deliverable,
  profile: DisclosureProfile,
): DisclosureCheck {
  const required = deliverable.terms?.disclosureRequired === true;
  const caption = deliverable.post?.caption;
  const matches = required && caption !== undefined ? findLabels(caption, profile) : [];
  const accepted = matches.filter((match) => match.accepted);
  const rejected = matches.filter((match) => !match.accepted);
  const label = accepted.find((match) => match.visible) ?? accepted[0] ?? null;
  const status: DisclosureStatus = !required
    ? "not_required"
    : !deliverable.post
      ? "no_post"
      : caption === undefined
        ? "no_caption"
        : label?.visible
          ? "disclosed"
          : label
            ? "too_late"
            : rejected.length > 0
              ? "rejected_only"
              : "missing";
  const visibleLines = profile.visibleLines ?? null;
  return {
    status,
    required,
    profile: profile.id,
    visibleChars: profile.visibleChars,
    visibleLines,
    visibleStart: `the first ${profile.visibleChars} characters${visibleLines ? ` and ${visibleLines} lines` : ""}`,
    acceptedLabels: [...profile.acceptedLabels],
    label,
    labelSummary: label ? describeMatch(label) : null,
    accepted,
    rejected,
    rejectedSummary: rejected.length > 0 ? joinBounded(rejected, ", ", describeMatch) : null,
  };
}

const labelShape = s.object({
  label: s.string(),
  text: s.string(),
  position: s.integer(),
  end: s.integer(),
  line: s.integer(),
  visible: s.boolean(),
  accepted: s.boolean(),
});

/** The shape of a {@link DisclosureCheck}, for the fact registry. */
export const disclosureShape = s.object({
  status: s.enum([
    "not_required",
    "no_post",
    "no_caption",
    "disclosed",
    "too_late",
    "rejected_only",
    "missing",
  ] as const satisfies readonly DisclosureStatus[]),
  required: s.boolean(),
  profile: s.string(),
  visibleChars: s.integer(),
  visibleLines: s.nullable(s.integer()),
  visibleStart: s.string(),
  acceptedLabels: s.array(s.string()),
  label: s.nullable(labelShape),
  labelSummary: s.nullable(s.string()),
  accepted: s.array(labelShape),
  rejected: s.array(labelShape),
  rejectedSummary: s.nullable(s.string()),
});

/** The parameters the disclosure check reads. */
export const disclosureParameters = {
  /** The disclosure profile: a built-in jurisdiction ("us-ftc", "uk-asa") or a custom one. */
  disclosureProfile: disclosureProfileParameterSchema.optional(),
};
