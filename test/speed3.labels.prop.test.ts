// The two-step label search (words first, then the whole pattern at each start) against the
// one global pattern it replaces: the same matches, in the same order, for any caption.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildLabelPattern, labelMatches } from "../src/derive/disclosure.js";
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

const profiles = ["uk-asa", "us-ftc"].flatMap((id) => {
  try {
    const p = resolveDisclosureProfile(id as never);
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

describe("label search by words, then the whole pattern", () => {
  it("finds exactly what the global pattern finds, for every label", () => {
    fc.assert(
      fc.property(caption, fc.constantFrom(...labels), (text, label) => {
        expect(viaScan(text, label)).toEqual(viaMatchAll(text, label));
      }),
      { numRuns: runs(20_000) },
    );
  });

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
  });

  it("finds a negated, a URL and a plain label as the global pattern does", () => {
    const text = "NOT sponsored; lumi.example/ad-deals; Ad – gifted; #ad #AD";
    for (const label of ["Sponsored", "Ad", "#ad", "Ad - gifted"])
      expect(viaScan(text, label)).toEqual(viaMatchAll(text, label));
    expect(viaScan(text, "#ad").length).toBe(2);
  });
});
