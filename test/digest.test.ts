/**
 * Policy identity: the portable SHA-256 against node:crypto, canonical JSON, the digest in every
 * verdict, presets relabelled with `{ id, version }`, and the policy version in standings.
 */
import { createHash } from "node:crypto";
import { fc, test as propTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { sha256Hex, utf8 } from "../src/core/sha256.js";
import {
  applyVerdict,
  emptyStanding,
  evaluate,
  evaluateSync,
  isValidationError,
  mediance,
  type Policy,
  PRESETS,
  parseVerdict,
  refluenced,
  standingSchema,
} from "../src/index.js";
import { canonicalJson, policyDigest } from "../src/policy/digest.js";
import { seoulFacts } from "./fixtures.js";

const nodeSha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

describe("sha256Hex, portable", () => {
  it("gives the FIPS 180-4 test vectors", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("abc")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    expect(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
  });

  it("agrees with node:crypto at every padding boundary", () => {
    for (let length = 0; length <= 200; length++) {
      const text = "é".repeat(length % 7) + "x".repeat(length);
      expect(sha256Hex(text)).toBe(nodeSha256(text));
    }
  });

  propTest.prop([fc.string({ unit: "binary", maxLength: 300 })], { numRuns: 500 })(
    "agrees with node:crypto on any string (astral characters and lone surrogates included)",
    (text) => {
      expect(sha256Hex(text)).toBe(nodeSha256(text));
      expect(Buffer.from(utf8(text)).equals(Buffer.from(text, "utf8"))).toBe(true);
    },
  );
});

/** The same JSON value with every object's keys in another order. */
function shuffled(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((item, index) => shuffled(item, seed + index));
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value);
  const rotated = entries.map((_, index) => entries[(index + seed) % entries.length]);
  if (seed % 2 === 1) rotated.reverse();
  return Object.fromEntries(
    rotated.map((entry) => [entry?.[0], shuffled(entry?.[1], seed + 1)] as const),
  );
}

const MEDIANCE = mediance();
const MEDIANCE_DIGEST = policyDigest(MEDIANCE);

describe("canonicalJson and policyDigest", () => {
  it("sorts keys by code unit and writes no whitespace", () => {
    expect(canonicalJson({ b: 1, a: [true, null, { z: "é", Z: 2 }], "": -0 })).toBe(
      '{"":0,"a":[true,null,{"Z":2,"z":"é"}],"b":1}',
    );
    expect(canonicalJson({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
  });

  propTest.prop([fc.jsonValue(), fc.nat(50)])(
    "key order never changes the canonical text, and it parses back to the same value",
    (value, seed) => {
      const text = canonicalJson(value);
      expect(canonicalJson(shuffled(value, seed))).toBe(text);
      expect(canonicalJson(JSON.parse(text))).toBe(text);
    },
  );

  it("is the same for a preset, its JSON round trip and a key-shuffled copy", () => {
    for (const [id, preset] of Object.entries(PRESETS)) {
      const policy = preset.create();
      const digest = policyDigest(policy);
      expect(digest, id).toMatch(/^[0-9a-f]{64}$/);
      expect(policyDigest(JSON.parse(JSON.stringify(policy)))).toBe(digest);
      expect(policyDigest(shuffled(policy, 3) as typeof policy)).toBe(digest);
    }
    const digests = Object.values(PRESETS).map((preset) => policyDigest(preset.create()));
    expect(new Set(digests).size).toBe(digests.length);
  });

  propTest.prop(
    [
      fc.constantFrom(...Object.keys(mediance().parameters)),
      // Any JSON value, as a parameter holds it.
      fc.json().map((text): Policy["parameters"][string] => JSON.parse(text)),
    ],
    { numRuns: 100 },
  )("any change to a parameter changes the digest", (name, value) => {
    const policy = structuredClone(MEDIANCE);
    fc.pre(canonicalJson(value) !== canonicalJson(policy.parameters[name]));
    policy.parameters[name] = value;
    expect(policyDigest(policy)).not.toBe(MEDIANCE_DIGEST);
  });

  propTest.prop([fc.nat(), fc.string({ minLength: 1, maxLength: 20 })], { numRuns: 100 })(
    "any change to a rule's text changes the digest",
    (at, extra) => {
      const policy = structuredClone(MEDIANCE);
      const rule = policy.rules[at % policy.rules.length] as { name: string };
      rule.name = `${rule.name}${extra}`;
      expect(policyDigest(policy)).not.toBe(MEDIANCE_DIGEST);
    },
  );
});

describe("the digest in verdicts", () => {
  const asOf = "2026-04-05T00:00:00Z";

  it("names the policy that judged, the same from both evaluators", async () => {
    const policy = mediance();
    const verdict = await evaluate(seoulFacts(), policy, { asOf });
    expect(verdict.policy).toEqual({
      id: "mediance",
      version: "1.0.0",
      digest: policyDigest(policy),
    });
    expect(evaluateSync(seoulFacts(), policy, { asOf }).policy).toEqual(verdict.policy);
    expect(parseVerdict(JSON.parse(JSON.stringify(verdict)))).toEqual(verdict);
  });

  it("overriding a parameter changes it; relabelling the id and version does not", async () => {
    const base = policyDigest(mediance());
    expect(policyDigest(mediance({ minLiveDuration: { days: 60 } }))).not.toBe(base);
    expect(policyDigest(mediance({ minLiveDuration: { days: 30 } }))).toBe(base);
    const ours = mediance({}, { id: "acme-mediance", version: "2026-03" });
    expect(ours).toMatchObject({ id: "acme-mediance", version: "2026-03" });
    expect(policyDigest(ours)).toBe(base);
    const verdict = evaluateSync(seoulFacts(), ours, { asOf });
    expect(verdict.policy).toEqual({ id: "acme-mediance", version: "2026-03", digest: base });
  });

  it("a preset refuses an unknown meta key and a bad id", () => {
    for (const meta of [{ ids: "x" }, { id: "" }, { version: 3 }]) {
      let caught: unknown;
      try {
        // @ts-expect-error the point: an unknown meta key, an empty id, a numeric version
        refluenced({}, meta);
      } catch (error) {
        caught = error;
      }
      expect(isValidationError(caught), JSON.stringify(meta)).toBe(true);
      expect((caught as { code: string }).code).toBe("INVALID_POLICY");
    }
  });

  it("parseVerdict reads a verdict stored without a digest, and refuses a malformed one", async () => {
    const verdict = await evaluate(seoulFacts(), mediance(), { asOf });
    const stored = JSON.parse(JSON.stringify(verdict));
    delete stored.policy.digest;
    expect(parseVerdict(stored).policy).toEqual({ id: "mediance", version: "1.0.0" });
    stored.policy.digest = "ABC";
    expect(() => parseVerdict(stored)).toThrow(/policy\.digest: must be a SHA-256 digest/);
  });
});

describe("standings record the policy version", () => {
  it("on strikes and no-shows; an old record without it stays valid", async () => {
    const verdict = await evaluate(
      seoulFacts(),
      mediance({}, { id: "mediance", version: "2026-04" }),
      { asOf: "2026-04-05T00:00:00Z" },
    );
    expect(verdict.noShow).toBe(true);
    const standing = applyVerdict(emptyStanding("inf-1"), verdict);
    expect(standing.noShows).toEqual([
      expect.objectContaining({
        campaignId: "camp-1",
        policyId: "mediance",
        policyVersion: "2026-04",
      }),
    ]);
    for (const strike of standing.strikes) expect(strike.policyVersion).toBe("2026-04");
    const old = JSON.parse(JSON.stringify(standing));
    for (const record of [...old.noShows, ...old.strikes]) delete record.policyVersion;
    expect(() => standingSchema.parse(old)).not.toThrow();
    expect(() =>
      standingSchema.parse({ ...old, noShows: [{ ...old.noShows[0], policyVersion: "" }] }),
    ).toThrow();
  });
});
