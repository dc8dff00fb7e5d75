// The two-step label search (words first, then the whole pattern at each start) against the
// one global pattern it replaces: the same matches, in the same order, for any caption. The
// properties run thousands of cases: their timeouts leave room for a busy machine.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildLabelPattern,
  type DisclosureProfile,
  findLabels,
  labelMatches,
} from "../src/derive/disclosure.js";
import { resolveDisclosureProfile } from "../src/policy-entry.js";

const runs = (n: number) => {
  const scale = process.env.NOSHOW_FUZZ_RUNS;
  const factor = scale?.endsWith("x") ? Number(scale.slice(0, -1)) : 1;
  return Math.max(50, Math.round(n * (Number.isFinite(factor) ? factor : 1)));
};

function viaMatchAll(caption: string, label: string): Array<[number, string]> {
  return [...caption.matchAll(buildLabelPattern(label))].map((m) => [m.index, m[0]]);
}

function viaScan(caption: string, label: string): Array<[number, string]> {
  const found: Array<[number, string]> = [];
  labelMatches(caption, label, (index, text) => found.push([index, text]));
  return found;
}

const profiles = (["uk-asa", "us-ftc"] as const).flatMap((id) => {
  try {
    const p = resolveDisclosureProfile(id);
    return [...p.acceptedLabels, ...p.rejectedLabels];
  } catch {
    return [];
  }
});
const labels = [
  ...new Set([
    ...profiles,
    "Ad",
    "#ad",
    "Paid partnership",
    "Ad - gifted",
    "#sp",
    "K",
    "s",
    "😀",
    "😀 ad",
    "\ud83d",
  ]),
];

// Pieces that exercise the lookbehinds/lookaheads: negations, URLs, dashes, case variants,
// characters that fold to ASCII under /iu (Kelvin sign, long s), surrogate pairs, line breaks.
const pieces = [
  ...labels,
  "AD",
  "aD",
  "#AD",
  "not ",
  "NOT ",
  "no-",
  "isn't ",
  "non-",
  "never ",
  "wasn’t ",
  " ",
  "  ",
  "\t",
  "\n",
  "\r\n",
  "-",
  "–",
  "—",
  " - ",
  "/",
  ".",
  "=",
  ":",
  "@",
  "#",
  "_",
  "lumi.example/",
  "x",
  "é",
  "1",
  "\u212a",
  "\u017f",
  "ſponsored",
  "Sponſored",
  "😀",
  "\ud83d",
  "\ude00",
  "gifted",
  "sponsored",
  "Sponsored",
  "partnership",
  "paid",
  "ad",
  "ads",
];
const caption = fc.array(fc.constantFrom(...pieces), { maxLength: 24 }).map((p) => p.join(""));
// ASCII-only captions: where the search skips a label whose first word the caption lacks.
const asciiPieces = pieces.filter((piece) =>
  [...piece].every((char) => (char.codePointAt(0) ?? 0) <= 0x7f),
);
const asciiCaption = fc
  .array(fc.constantFrom(...asciiPieces), { maxLength: 24 })
  .map((p) => p.join(""));

/**
 * findLabels as first written: every match of every label (matchAll), a stable sort by start,
 * longest first, accepted first, then leftmost-longest without overlaps.
 */
function labelsBySort(text: string, profile: DisclosureProfile) {
  const candidates: Array<{ label: string; index: number; text: string; accepted: boolean }> = [];
  for (const [list, accepted] of [
    [profile.acceptedLabels, true],
    [profile.rejectedLabels, false],
  ] as const) {
    for (const label of list)
      for (const match of text.matchAll(buildLabelPattern(label)))
        candidates.push({ label, index: match.index, text: match[0], accepted });
  }
  const sorted = [...candidates].sort(
    (a, b) =>
      a.index - b.index || b.text.length - a.text.length || Number(b.accepted) - Number(a.accepted),
  );
  const kept: typeof candidates = [];
  let coveredUntil = 0;
  for (const candidate of sorted) {
    if (candidate.index < coveredUntil) continue;
    kept.push(candidate);
    coveredUntil = candidate.index + candidate.text.length;
  }
  return kept.map(({ label, text, accepted }) => ({ label, text, accepted }));
}

const profileArb = fc.constantFrom(
  ...(["uk-asa", "us-ftc"] as const).map((id) => resolveDisclosureProfile(id)),
);

describe("label search by words, then the whole pattern", () => {
  it("finds exactly what the global pattern finds, for every label", () => {
    fc.assert(
      fc.property(caption, fc.constantFrom(...labels), (text, label) => {
        expect(viaScan(text, label)).toEqual(viaMatchAll(text, label));
      }),
      { numRuns: runs(20_000) },
    );
  }, 60_000);

  it("agrees on free text too (any unicode string)", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 40 }),
        fc.constantFrom(...labels),
        (text, label) => {
          expect(viaScan(text, label)).toEqual(viaMatchAll(text, label));
        },
      ),
      { numRuns: runs(5_000) },
    );
  }, 60_000);

  it("skips labels exactly when an ASCII caption cannot hold them", () => {
    fc.assert(
      fc.property(asciiCaption, fc.constantFrom(...labels), (text, label) => {
        expect(viaScan(text, label)).toEqual(viaMatchAll(text, label));
      }),
      { numRuns: runs(10_000) },
    );
  }, 60_000);

  it("orders and keeps labels as a stable sort does, for few and for many candidates", () => {
    // Up to 24 pieces make a few candidates; 4 of them repeated make dozens (past the small sort).
    const captions = fc.oneof(
      caption,
      asciiCaption,
      fc.tuple(caption, fc.integer({ min: 2, max: 6 })).map(([text, n]) => text.repeat(n)),
    );
    fc.assert(
      fc.property(captions, profileArb, (text, profile) => {
        expect(
          findLabels(text, profile).map(({ label, text, accepted }) => ({ label, text, accepted })),
        ).toEqual(labelsBySort(text, profile));
      }),
      { numRuns: runs(5_000) },
    );
  }, 60_000);

  it("finds a negated, a URL and a plain label as the global pattern does", () => {
    const text = "NOT sponsored; lumi.example/ad-deals; Ad – gifted; #ad #AD";
    for (const label of ["Sponsored", "Ad", "#ad", "Ad - gifted"])
      expect(viaScan(text, label)).toEqual(viaMatchAll(text, label));
    expect(viaScan(text, "#ad").length).toBe(2);
  });
});
