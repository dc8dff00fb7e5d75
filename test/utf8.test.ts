/**
 * Strict UTF-8 (src/core/utf8.ts): the decoder of every CLI input and policy test file. Checked
 * against Node's Buffer, whose lenient decoding changes exactly the bytes that are not UTF-8.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { invalidUtf8Lines, strictUtf8 } from "../src/core/utf8.js";

/** True when `bytes` survive a lenient decode and re-encode unchanged: valid UTF-8. */
const roundTrips = (bytes: Uint8Array) =>
  Buffer.from(Buffer.from(bytes).toString("utf8"), "utf8").equals(Buffer.from(bytes));

// Bytes biased to UTF-8's edges: continuation bytes, lead bytes, surrogates, overlongs, 0x0A.
const byte = fc.oneof(
  fc.integer({ min: 0, max: 255 }),
  fc.constantFrom(0x0a, 0x80, 0xbf, 0xc0, 0xc2, 0xe0, 0xed, 0xa0, 0xef, 0xbb, 0xf0, 0xf4, 0x90),
);
const utf8Text = fc.string({ unit: "binary" }).map((text) => new Uint8Array(Buffer.from(text)));

describe("strictUtf8", () => {
  it("decodes valid UTF-8 as Buffer does, a BOM kept", () => {
    fc.assert(
      fc.property(utf8Text, (bytes) => {
        expect(strictUtf8(bytes)).toBe(Buffer.from(bytes).toString("utf8"));
      }),
    );
    expect(strictUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toBe("\ufeffA");
    // U+FFFD written as UTF-8 is text like any other.
    expect(strictUtf8(new Uint8Array([0xef, 0xbf, 0xbd]))).toBe("\ufffd");
  });

  it("refuses exactly the bytes that are not UTF-8", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.array(byte, { maxLength: 40 }), (a, b) => {
        for (const bytes of [a, new Uint8Array(b)]) {
          expect(strictUtf8(bytes) !== undefined).toBe(roundTrips(bytes));
        }
      }),
    );
    for (const bad of [
      [0xff],
      [0xe2, 0x82],
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
    ]) {
      expect(strictUtf8(new Uint8Array(bad))).toBeUndefined();
    }
  });
});

describe("invalidUtf8Lines", () => {
  it("names exactly the lines, split at 0x0A, that are not UTF-8", () => {
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 80 }), (list) => {
        const bytes = new Uint8Array(list);
        const want: number[] = [];
        let start = 0;
        let line = 1;
        for (let i = 0; i <= bytes.length; i++) {
          if (i === bytes.length || bytes[i] === 0x0a) {
            if (!roundTrips(bytes.subarray(start, i))) want.push(line);
            start = i + 1;
            line++;
          }
        }
        expect(invalidUtf8Lines(bytes)).toEqual(want);
        expect(invalidUtf8Lines(bytes).length === 0).toBe(strictUtf8(bytes) !== undefined);
      }),
    );
    expect(invalidUtf8Lines(new Uint8Array([0x7b, 0x7d, 0x0a, 0xc3, 0x0a]))).toEqual([2]);
    expect(invalidUtf8Lines(new Uint8Array())).toEqual([]);
  });
});
