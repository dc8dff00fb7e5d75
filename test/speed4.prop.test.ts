/**
 * Fast paths of the speed work held equal to what they replace, for all inputs: a tag's
 * normal form (`normaliseTag` skips trimming and lower-casing a tag that is already normal).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normaliseTag } from "../src/derive/terms.js";

/** normaliseTag as written first. */
function referenceTag(tag: string): string {
  return tag
    .trim()
    .replace(/^[#@]+/, "")
    .toLowerCase();
}

// Tags near the fast path's edges: ASCII letters of both cases, digits, `_`, sigils, spaces,
// characters whose lower case differs or is longer (İ, Σ, K), and the rest of Unicode.
const tagChar = fc.oneof(
  fc.constantFrom(..."abcxyz09_AZ#@ \t\u00a0\u3000.-`{[/:İΣKſ"),
  fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
);
const tag = fc.oneof(
  fc.array(tagChar, { maxLength: 12 }).map((chars) => chars.join("")),
  fc.stringMatching(/^[a-z0-9_]{0,10}$/),
);

describe("normaliseTag", () => {
  it("gives what trim, the sigil strip and toLowerCase give, for any text", () => {
    fc.assert(
      fc.property(tag, (text) => {
        expect(normaliseTag(text)).toBe(referenceTag(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it("normalises the edge cases", () => {
    for (const text of ["", "ad", "#Ad", " ad ", "@@brand", "AD", "a_1", "İ", "\u00a0ad"])
      expect(normaliseTag(text)).toBe(referenceTag(text));
    expect(normaliseTag("#Sponsored ")).toBe("sponsored");
  });
});
