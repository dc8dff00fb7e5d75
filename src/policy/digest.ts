/**
 * A policy's identity: the SHA-256 of the canonical JSON of its rules and parameters, so that a
 * stored verdict names exactly what judged it. Canonical JSON: object keys sorted by UTF-16 code
 * unit, no whitespace, strings and numbers as `JSON.stringify` writes them, keys whose value is
 * `undefined` left out (as `JSON.stringify` does). Names, descriptions, the id and the version
 * are not part of it: they label a policy, the digest says what it decides.
 */
import { compareCodeUnits } from "../core/order.js";
import { sha256Hex } from "../core/sha256.js";
import type { Policy } from "./schema.js";

/**
 * The canonical JSON text of a JSON value: keys sorted by code unit, no whitespace.
 *
 * @param value - Plain JSON data (a validated policy, its rules or parameters).
 * @returns The text; the same for equal data whatever the order its keys were written in.
 * @example
 * canonicalJson({ b: 1, a: [true, null] }); // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) {
    let text = "[";
    for (let index = 0; index < value.length; index++) {
      if (index > 0) text += ",";
      const item: unknown = value[index];
      // As JSON.stringify: an undefined array item is null.
      text += item === undefined ? "null" : canonicalJson(item);
    }
    return `${text}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort(compareCodeUnits);
  let text = "{";
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    if (!first) text += ",";
    first = false;
    text += `${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `${text}}`;
}

// A validated policy is deep-frozen: its digest is computed once.
const DIGESTS = new WeakMap<object, string>();

/**
 * The digest of a policy: SHA-256 (lower-case hex) of the canonical JSON of
 * `{ "parameters": …, "rules": … }`. Equal rules and parameters give the same digest on any host,
 * whatever the key order; any change to a rule or a parameter gives another.
 *
 * @param policy - A policy (validated or not; only `rules` and `parameters` are read).
 * @returns 64 hex digits.
 * @example
 * policyDigest(mediance()) === policyDigest(JSON.parse(JSON.stringify(mediance()))); // true
 */
export function policyDigest(policy: Pick<Policy, "rules" | "parameters">): string {
  const known = DIGESTS.get(policy);
  if (known) return known;
  const digest = sha256Hex(canonicalJson({ parameters: policy.parameters, rules: policy.rules }));
  if (
    Object.isFrozen(policy) &&
    Object.isFrozen(policy.rules) &&
    Object.isFrozen(policy.parameters)
  )
    DIGESTS.set(policy, digest);
  return digest;
}
