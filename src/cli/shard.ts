/**
 * Sharding for `batch --shard i/n`: every line belongs to exactly one of n shards, so n machines
 * given the same input partition it exactly (their outputs are disjoint and together complete).
 *
 * A line's shard is `fnv1a32(utf8(campaign.id + "\u0000" + influencer.id)) mod n`, over the
 * raw ids of its facts (`facts.campaign.id` and `facts.influencer.id` of a `{ facts, asOf }`
 * line, or of bare facts). A line whose ids cannot be read (not UTF-8, not JSON, too long to
 * read, or no string ids) belongs to shard 0, which reports it: its error record appears exactly
 * once across the shards.
 */

/** A shard of `--shard i/n`: `index` in `[0, count)`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/**
 * Parses `i/n` (0 ≤ i < n, n ≤ 65536).
 *
 * @param text - The `--shard` argument, e.g. `"2/8"`.
 * @returns The shard, or an error message.
 * @example
 * parseShard("2/8"); // { index: 2, count: 8 }
 */
export function parseShard(text: string): Shard | string {
  const match = /^(\d{1,5})\/(\d{1,5})$/.exec(text);
  if (!match) return `--shard: expected i/n (e.g. 0/4), not "${text}"`;
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || count > 65_536) return `--shard: n must be between 1 and 65536, not ${count}`;
  if (index >= count) return `--shard: i must be below n (0 ≤ i < ${count}), not ${index}`;
  return { index, count };
}

/**
 * FNV-1a, 32 bits, over the UTF-8 bytes of `text` (written out so that any language can repeat
 * it: offset basis 2166136261, prime 16777619).
 *
 * @param text - Any string (lone surrogates are encoded as U+FFFD, as UTF-8 encoders do).
 * @returns The hash, an unsigned 32-bit integer.
 * @example
 * fnv1a32(""); // 2166136261
 * fnv1a32("a"); // 3826002220
 */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  const byte = (b: number) => {
    hash ^= b;
    hash = Math.imul(hash, 0x01000193);
  };
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else code = 0xfffd;
    } else if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
    if (code < 0x80) byte(code);
    else if (code < 0x800) {
      byte(0xc0 | (code >> 6));
      byte(0x80 | (code & 0x3f));
    } else if (code < 0x10000) {
      byte(0xe0 | (code >> 12));
      byte(0x80 | ((code >> 6) & 0x3f));
      byte(0x80 | (code & 0x3f));
    } else {
      byte(0xf0 | (code >> 18));
      byte(0x80 | ((code >> 12) & 0x3f));
      byte(0x80 | ((code >> 6) & 0x3f));
      byte(0x80 | (code & 0x3f));
    }
  }
  return hash >>> 0;
}

/**
 * The shard a line's facts belong to.
 *
 * @param facts - The line's facts as parsed JSON (unvalidated), or `undefined` when the line is
 *   not JSON.
 * @param count - The number of shards.
 * @returns The shard index: by the ids' hash, or 0 when the ids cannot be read.
 * @example
 * shardOf({ campaign: { id: "c" }, influencer: { id: "i" } }, 4);
 */
export function shardOf(facts: unknown, count: number): number {
  const campaign = field(field(facts, "campaign"), "id");
  const influencer = field(field(facts, "influencer"), "id");
  if (typeof campaign !== "string" || typeof influencer !== "string") return 0;
  return fnv1a32(`${campaign}\u0000${influencer}`) % count;
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && Object.hasOwn(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}
