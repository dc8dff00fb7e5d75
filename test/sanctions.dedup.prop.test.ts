/**
 * Sanctions and actions are de-duplicated by `${parts.join("|")}|${note}` without building that
 * string (NoteKeyed). It must find exactly what a Map keyed by the joined string finds, in the
 * same order — also when a part or a note holds the separator itself.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NoteKeyed } from "../src/evaluate/sanctions.js";

const text = fc.string({ unit: fc.constantFrom("a", "|", "b"), maxLength: 3 });

describe("NoteKeyed", () => {
  it("finds what a Map keyed by the joined string finds, in first-added order (20,000 runs)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }).chain((n) =>
          fc.array(fc.tuple(fc.array(text, { minLength: n, maxLength: n }), text), {
            maxLength: 12,
          }),
        ),
        (items) => {
          const reference = new Map<string, number>();
          const keyed = new NoteKeyed<number>();
          items.forEach(([parts, note], index) => {
            const key = `${parts.join("|")}|${note}`;
            const expected = reference.get(key);
            expect(keyed.get(parts, note)).toBe(expected);
            if (expected === undefined) {
              reference.set(key, index);
              keyed.add(parts, note, index);
            }
          });
          expect(keyed.values()).toEqual([...reference.values()]);
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it("treats keys that join to the same string as one, separator or not", () => {
    const keyed = new NoteKeyed<string>();
    keyed.add(["invoice", "a|b"], "note", "first");
    expect(keyed.get(["invoice|a", "b"], "note")).toBe("first");
    expect(keyed.get(["invoice", "a"], "b|note")).toBe("first");
    expect(keyed.get(["invoice", "a|b"], "other")).toBeUndefined();
    keyed.add(["warning", ""], "", "second");
    expect(keyed.values()).toEqual(["first", "second"]);
  });
});
