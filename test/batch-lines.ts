/**
 * NDJSON input for `batch` tests and the bench: the facts seeds of one preset (every example
 * scenario and fixture judged by it), cycled, with campaign and influencer ids varied per line so
 * that lines shard differently.
 */
import { FACTS_SEEDS } from "./fuzz/facts.js";

/** One participation line's parts. */
export interface Participation {
  facts: Record<string, unknown>;
  asOf: string;
  standing?: Record<string, unknown>;
}

/**
 * The `k`-th participation judged by preset `policyId`.
 *
 * @param policyId - A preset id, e.g. `"mediance"`.
 * @param k - Any non-negative integer.
 * @returns A fresh participation (ids `…-k`).
 */
export function participation(policyId: string, k: number): Participation {
  const seeds = FACTS_SEEDS.filter((seed) => seed.policy.id === policyId);
  if (seeds.length === 0) throw new Error(`no seeds for ${policyId}`);
  const seed = seeds[k % seeds.length] as (typeof seeds)[number];
  const facts = structuredClone(seed.facts) as Record<string, Record<string, unknown>>;
  const influencerId = `inf-${k}`;
  (facts.campaign as Record<string, unknown>).id = `camp-${k % 997}-${k}`;
  (facts.influencer as Record<string, unknown>).id = influencerId;
  const standing = seed.standing
    ? { ...(seed.standing as Record<string, unknown>), influencerId }
    : undefined;
  return { facts, asOf: seed.asOf, ...(standing ? { standing } : {}) };
}

/**
 * `count` NDJSON lines (no trailing newline per line) of preset `policyId`.
 *
 * @param policyId - A preset id.
 * @param count - How many lines.
 * @returns The lines.
 */
export function participationLines(policyId: string, count: number): string[] {
  const lines: string[] = [];
  for (let k = 0; k < count; k++) lines.push(JSON.stringify(participation(policyId, k)));
  return lines;
}

/**
 * Bytes cut into pieces of the given sizes, taken in turn (cutting through multi-byte
 * characters and lines alike), as a stream may deliver them.
 *
 * @param bytes - The input.
 * @param cuts - Piece sizes (at least one, each at least 1), repeated until the input ends.
 * @returns The pieces, which together are `bytes`.
 */
export function piecesOf(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const pieces: Buffer[] = [];
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const next = Math.min(bytes.length, at + (cuts[k % cuts.length] as number));
    pieces.push(bytes.subarray(at, next));
    at = next;
  }
  return pieces;
}
