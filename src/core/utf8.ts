/**
 * Strict UTF-8 for the text of files and lines: bytes that are not UTF-8 are refused and named
 * by line, never read as U+FFFD (which would judge text its author never wrote).
 */

const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * The text of `bytes` if they are valid UTF-8 (a byte-order mark kept as U+FEFF).
 *
 * @param bytes - The bytes.
 * @returns The text, or `undefined` if the bytes are not UTF-8.
 * @example
 * strictUtf8(new Uint8Array([0x68, 0x69])); // "hi"
 * strictUtf8(new Uint8Array([0xff])); // undefined
 */
export function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strict.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * The numbers (1-based) of the lines of `bytes` that are not valid UTF-8, a line ending at each
 * `\n` byte (0x0A is never part of a longer UTF-8 sequence, so bytes split there as text does).
 *
 * @param bytes - The bytes.
 * @returns The line numbers, ascending; empty if the bytes are UTF-8.
 * @example
 * invalidUtf8Lines(new Uint8Array([0x7b, 0x7d, 0x0a, 0xc3, 0x0a])); // [2]
 */
export function invalidUtf8Lines(bytes: Uint8Array): number[] {
  const invalid: number[] = [];
  let start = 0;
  for (let line = 1; start <= bytes.length; line++) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline === -1 ? bytes.length : newline;
    if (strictUtf8(bytes.subarray(start, end)) === undefined) invalid.push(line);
    start = end + 1;
  }
  return invalid;
}
