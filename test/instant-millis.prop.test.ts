/**
 * `instantMillis` (one parse, used by the instant operators) is `looksLikeInstant` and `toMillis`
 * together: the same milliseconds for every instant string, NaN for everything else.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { instantMillis, looksLikeInstant, toMillis } from "../src/core/time.js";

const instantText = fc
  .tuple(
    fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(8999, 11, 31) }),
    fc.constantFrom("Z", "+09:00", "-04:00", "+05:45", "-00:30", "+14:00"),
    fc.constantFrom(0, 1, 3, 6),
  )
  .map(([ms, offset, digits]) => {
    const iso = new Date(ms).toISOString();
    const seconds =
      digits === 0
        ? iso.slice(0, 19)
        : `${iso.slice(0, 19)}.${iso.slice(20, 23).padEnd(digits, "7").slice(0, digits)}`;
    return `${seconds}${offset}`;
  });

const anything = fc.oneof(
  instantText,
  fc.string(),
  instantText.map((text) => text.replace("T", " ")),
  instantText.map((text) => text.slice(0, -1)),
  fc.constantFrom("2026-02-30T10:00:00Z", "2026-03-01T24:00:00Z", "2026-03-01", "", null, 7, {}),
);

describe("instantMillis", () => {
  it("equals looksLikeInstant and toMillis together (5,000 runs)", () => {
    fc.assert(
      fc.property(anything, (value) => {
        const expected =
          typeof value === "string" && looksLikeInstant(value) ? toMillis(value) : Number.NaN;
        expect(instantMillis(value)).toBe(expected);
      }),
      { numRuns: 5_000 },
    );
  });

  it("reads offsets, and refuses what is not an instant with an offset", () => {
    expect(instantMillis("2026-03-01T09:00:00+09:00")).toBe(Date.UTC(2026, 2, 1));
    expect(instantMillis("2026-03-01T00:00:00")).toBeNaN();
    expect(instantMillis(Date.UTC(2026, 2, 1))).toBeNaN();
  });
});
