/**
 * Effective-dated policy versions: a list of `{ effectiveFrom, policy }` (each optionally
 * `effectiveUntil`), checked once, from which each evaluation picks the version in force for the
 * participation: at `participation.selectedAt` by default (the terms the influencer accepted),
 * or at `campaign.startsAt`, or at `asOf`.
 */
import { compareCodeUnits } from "../core/order.js";
import { toMillis, toUtc } from "../core/time.js";
import { isValidationError, ValidationError, type ValidationIssue } from "../errors.js";
import type { CampaignFacts } from "../facts/schema.js";
import { instantSchema } from "../facts/schema.js";
import { policyDigest } from "./digest.js";
import { type Policy, parsePolicy } from "./schema.js";

/** Which instant picks the version in force. */
export type VersionPick = "selectedAt" | "campaignStartsAt" | "asOf";

/** The instants {@link policyVersions} may pick by, in the order of {@link VersionPick}. */
export const VERSION_PICKS: readonly VersionPick[] = ["selectedAt", "campaignStartsAt", "asOf"];

/** The most versions one set holds. */
export const MAX_POLICY_VERSIONS = 1_000;

/** One version as given to {@link policyVersions}. */
export interface PolicyVersionInput {
  /** From when it is in force (inclusive): an ISO-8601 instant with an offset, or a Date. */
  effectiveFrom: string | Date;
  /** Until when it is in force (exclusive); default: until the next version's `effectiveFrom`. */
  effectiveUntil?: string | Date;
  /** The policy: a preset or any policy `parsePolicy` accepts. */
  policy: unknown;
}

/** One version of a {@link PolicySet}: validated, instants in UTC. */
export interface PolicyVersion {
  readonly effectiveFrom: string;
  readonly effectiveUntil?: string;
  readonly policy: Policy;
}

/** Effective-dated versions of a policy, as {@link policyVersions} returns them. */
export interface PolicySet {
  readonly kind: "policy_versions";
  /** The instant that picks the version in force. */
  readonly by: VersionPick;
  /** The versions, ordered by `effectiveFrom`, none overlapping. */
  readonly versions: readonly PolicyVersion[];
}

// Sets this module built and froze: they need no second check.
const BUILT = new WeakSet<object>();

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function instantAt(value: unknown, path: string, issues: ValidationIssue[]): string | undefined {
  if (value instanceof Date) {
    if (!Number.isNaN(value.getTime())) return value.toISOString();
    issues.push({ code: "invalid_type", path, message: "must be a valid Date" });
    return undefined;
  }
  const result = instantSchema.safeParse(value);
  if (result.success) return result.data;
  issues.push({
    code: value === undefined ? "required" : "invalid_format",
    path,
    message:
      value === undefined
        ? "is required: an ISO-8601 instant with an offset, or a Date"
        : "must be an ISO-8601 instant with an offset (Z or ±hh:mm), or a Date",
  });
  return undefined;
}

/**
 * Checks effective-dated versions of a policy once, for `evaluate`, `evaluateSync` and
 * `compilePolicy`, which pick the version in force for each participation and name it in the
 * verdict (`policy.id`, `version`, `digest` and `effectiveFrom`).
 *
 * The versions must be listed in order of `effectiveFrom`, with no two from the same instant and
 * none overlapping the next (an `effectiveUntil` after the next one's `effectiveFrom`); no id and
 * version may be listed twice. A participation before the first version (or in a gap between an
 * `effectiveUntil` and the next version) is judged by no policy: evaluating it is a
 * `ValidationError` about the instant that picks (`participation.selectedAt`, `campaign.startsAt`
 * or `asOf`), never a verdict attributed to a policy that was not in force.
 *
 * @param list - The versions: `{ effectiveFrom, policy }`, optionally `effectiveUntil`.
 * @param options - `by`: the instant that picks the version (default `"selectedAt"`).
 * @returns The set: frozen, each policy validated, instants in UTC.
 * @throws {@link ValidationError} with code `INVALID_POLICY` listing every problem with its path
 *   (`versions[1].effectiveFrom`, `versions[0].policy.rules["…"]…`).
 * @example
 * const policies = policyVersions([
 *   { effectiveFrom: "2026-01-01T00:00:00+09:00", policy: mediance({}, { id: "mediance", version: "2026-01" }) },
 *   { effectiveFrom: "2026-04-01T00:00:00+09:00", policy: mediance({ minLiveDuration: { days: 60 } }, { id: "mediance", version: "2026-04" }) },
 * ]);
 * const verdict = evaluateSync(facts, policies, { asOf }); // verdict.policy.version: the one in force at selection
 */
export function policyVersions(
  list: readonly PolicyVersionInput[],
  options: { by?: VersionPick } = {},
): PolicySet {
  const issues: ValidationIssue[] = [];
  // Only an absent pick is the default: `null` is a wrong value, not "none given".
  const by = isRecord(options) && options.by !== undefined ? options.by : "selectedAt";
  if (!isRecord(options))
    issues.push({ code: "invalid_type", path: "options", message: "must be an object { by }" });
  else {
    for (const key of Object.keys(options))
      if (key !== "by")
        issues.push({
          code: "unknown_key",
          path: `options.${key}`,
          message: `unknown key "${key}"`,
        });
    if (!VERSION_PICKS.includes(by))
      issues.push({
        code: "invalid_value",
        path: "options.by",
        message: `must be one of ${VERSION_PICKS.map((pick) => `"${pick}"`).join(", ")}`,
      });
  }
  if (!Array.isArray(list) || list.length === 0) {
    issues.push({
      code: Array.isArray(list) ? "too_small" : "invalid_type",
      path: "versions",
      message: "must be a non-empty list of { effectiveFrom, policy }",
    });
    throw new ValidationError("INVALID_POLICY", issues);
  }
  if (list.length > MAX_POLICY_VERSIONS) {
    issues.push({
      code: "too_many",
      path: "versions",
      message: `must have at most ${MAX_POLICY_VERSIONS} versions (has ${list.length})`,
    });
    throw new ValidationError("INVALID_POLICY", issues);
  }
  const versions: Array<
    { effectiveFrom: string; effectiveUntil?: string; policy: Policy | undefined } | undefined
  > = list.map((item: unknown, index) => {
    const path = `versions[${index}]`;
    if (!isRecord(item)) {
      issues.push({ code: "invalid_type", path, message: "must be { effectiveFrom, policy }" });
      return undefined;
    }
    for (const key of Object.keys(item))
      if (!["effectiveFrom", "effectiveUntil", "policy"].includes(key))
        issues.push({
          code: "unknown_key",
          path: `${path}.${key}`,
          message: `unknown key "${key}"`,
        });
    const effectiveFrom = instantAt(item.effectiveFrom, `${path}.effectiveFrom`, issues);
    const effectiveUntil =
      item.effectiveUntil === undefined
        ? undefined
        : instantAt(item.effectiveUntil, `${path}.effectiveUntil`, issues);
    let policy: Policy | undefined;
    try {
      policy = parsePolicy(item.policy);
    } catch (error) {
      if (!isValidationError(error)) throw error;
      for (const issue of error.issues)
        issues.push({
          ...issue,
          path: issue.path ? `${path}.policy.${issue.path}` : `${path}.policy`,
        });
    }
    if (effectiveFrom && effectiveUntil && toMillis(effectiveUntil) <= toMillis(effectiveFrom))
      issues.push({
        code: "contradiction",
        path: `${path}.effectiveUntil`,
        message: `is ${effectiveUntil}, not after effectiveFrom ${effectiveFrom}`,
      });
    if (!effectiveFrom) return undefined;
    // Kept without its policy when that is invalid, so that order and overlaps are still checked.
    return { effectiveFrom, ...(effectiveUntil ? { effectiveUntil } : {}), policy };
  });
  // Order, duplicates, overlaps: between neighbours (the list must be ordered already).
  const identities = new Map<string, number>();
  versions.forEach((version, index) => {
    if (!version) return;
    if (version.policy) {
      const identity = `${version.policy.id}@${version.policy.version}`;
      const first = identities.get(identity);
      if (first !== undefined)
        issues.push({
          code: "duplicate_id",
          path: `versions[${index}].policy.version`,
          message: `policy "${version.policy.id}" version "${version.policy.version}" is listed already, as versions[${first}]`,
        });
      else identities.set(identity, index);
    }
    const previous = index > 0 ? versions[index - 1] : undefined;
    if (!previous) return;
    const gap = toMillis(version.effectiveFrom) - toMillis(previous.effectiveFrom);
    if (gap === 0)
      issues.push({
        code: "duplicate_id",
        path: `versions[${index}].effectiveFrom`,
        message: `is ${version.effectiveFrom}, the effectiveFrom of versions[${index - 1}] too: two versions cannot come into force at the same instant`,
      });
    else if (gap < 0)
      issues.push({
        code: "invalid_value",
        path: `versions[${index}].effectiveFrom`,
        message: `is ${version.effectiveFrom}, before versions[${index - 1}].effectiveFrom ${previous.effectiveFrom}: list the versions in the order they come into force`,
      });
    else if (
      previous.effectiveUntil &&
      toMillis(previous.effectiveUntil) > toMillis(version.effectiveFrom)
    )
      issues.push({
        code: "contradiction",
        path: `versions[${index - 1}].effectiveUntil`,
        message: `is ${previous.effectiveUntil}, after versions[${index}].effectiveFrom ${version.effectiveFrom}: the two versions overlap`,
      });
  });
  if (issues.length > 0) throw new ValidationError("INVALID_POLICY", issues);
  const set: PolicySet = Object.freeze({
    kind: "policy_versions",
    by,
    versions: Object.freeze(versions.map((version) => Object.freeze(version as PolicyVersion))),
  });
  BUILT.add(set);
  return set;
}

/**
 * Whether a value is a policy set: one {@link policyVersions} built, or its JSON form
 * (`{ kind: "policy_versions", by, versions }`), which the evaluators check again.
 *
 * @param value - Anything passed where a policy goes.
 * @returns `true` for a policy set.
 * @example
 * isPolicySet(policyVersions([{ effectiveFrom: "2026-01-01T00:00:00Z", policy: mediance() }])); // true
 */
export function isPolicySet(value: unknown): value is PolicySet {
  return isRecord(value) && value.kind === "policy_versions";
}

/**
 * Whether a parsed JSON document is meant as a policy set: the one rule of every reader of policy
 * documents (`validate`, `--policy FILE`, a policy test file's `policy.file`). A document whose
 * `kind` is `"policy_versions"` is one ({@link isPolicySet}, as the evaluators read it), and so is
 * one with `versions` and no `rules` (a set whose `kind` is missing or misspelt: a policy has
 * rules and never versions). No policy and no set is valid both ways, so the rule only decides
 * which problems a wrong document is told about.
 *
 * @param value - A parsed JSON document.
 * @returns `true` when it is to be read (and checked) as a policy set.
 * @example
 * isPolicySetDocument({ versions: [] }); // true: checked as a set, "kind" reported missing
 */
export function isPolicySetDocument(value: unknown): boolean {
  return (
    isPolicySet(value) ||
    (isRecord(value) && Object.hasOwn(value, "versions") && !Object.hasOwn(value, "rules"))
  );
}

/**
 * A policy set from its JSON form, checked in full: its `kind` (which must be
 * `"policy_versions"`), its `by`, every version, their order and overlaps.
 *
 * @param value - A parsed JSON document, e.g. one {@link isPolicySetDocument} accepted.
 * @returns The checked, frozen set.
 * @throws `ValidationError` `INVALID_POLICY` listing every problem with its path (`kind`,
 *   `versions[1].effectiveFrom`, `versions[0].policy.rules…`).
 * @example
 * const set = parsePolicySet(JSON.parse(readFileSync("policy-set.json", "utf8")));
 */
export function parsePolicySet(value: unknown): PolicySet {
  if (isPolicySet(value)) return asPolicySet(value);
  if (!isRecord(value))
    throw new ValidationError("INVALID_POLICY", [
      {
        code: "invalid_type",
        path: "",
        message: 'must be an object { "kind": "policy_versions", "by"?, "versions" }',
      },
    ]);
  const issues: ValidationIssue[] = [
    { code: "invalid_value", path: "kind", message: 'must be "policy_versions"' },
  ];
  try {
    asPolicySet({ ...value, kind: "policy_versions" } as unknown as PolicySet);
  } catch (error) {
    if (!isValidationError(error)) throw error;
    issues.push(...error.issues);
  }
  throw new ValidationError("INVALID_POLICY", issues);
}

/**
 * The checked policy set of a value {@link isPolicySet} accepted: itself when
 * {@link policyVersions} built it, else rebuilt from its JSON form (and so checked).
 *
 * @param value - A policy set.
 * @returns The checked set.
 */
export function asPolicySet(value: PolicySet): PolicySet {
  if (BUILT.has(value)) return value;
  const { kind: _kind, by, versions, ...rest } = value as unknown as Record<string, unknown>;
  const issues: ValidationIssue[] = Object.keys(rest)
    .sort(compareCodeUnits)
    .map((key) => ({ code: "unknown_key", path: key, message: `unknown key "${key}"` }));
  try {
    const set = policyVersions(
      versions as PolicyVersionInput[],
      by === undefined ? {} : { by: by as VersionPick },
    );
    if (issues.length === 0) return set;
  } catch (error) {
    if (!isValidationError(error)) throw error;
    // In the JSON form, the pick is the set's own `by` (policyVersions calls it options.by).
    for (const issue of error.issues)
      issues.push(issue.path === "options.by" ? { ...issue, path: "by" } : issue);
  }
  throw new ValidationError("INVALID_POLICY", issues);
}

/** Where each pick reads its instant, for issues. */
const PICK_PATHS: Record<VersionPick, string> = {
  selectedAt: "participation.selectedAt",
  campaignStartsAt: "campaign.startsAt",
  asOf: "asOf",
};

/**
 * The version in force for one participation (the last whose `effectiveFrom` is at or before
 * the picking instant, unless its `effectiveUntil` has passed by then).
 *
 * @param set - A checked policy set.
 * @param facts - The participation's validated facts.
 * @param asOf - The evaluation instant (UTC).
 * @returns The version in force.
 * @throws {@link ValidationError} `INVALID_FACTS` (or `INVALID_OPTIONS` when picking by `asOf`)
 *   when no version is in force at that instant.
 */
export function versionInForce(set: PolicySet, facts: CampaignFacts, asOf: string): PolicyVersion {
  const at =
    set.by === "asOf"
      ? asOf
      : set.by === "campaignStartsAt"
        ? facts.campaign.startsAt
        : facts.participation.selectedAt;
  const atMs = toMillis(toUtc(at));
  // Binary search: the last version from at or before the instant.
  let low = 0;
  let high = set.versions.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (toMillis((set.versions[middle] as PolicyVersion).effectiveFrom) <= atMs) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  const version = found === -1 ? undefined : set.versions[found];
  if (version && (!version.effectiveUntil || atMs < toMillis(version.effectiveUntil)))
    return version;
  const first = set.versions[0] as PolicyVersion;
  throw new ValidationError(set.by === "asOf" ? "INVALID_OPTIONS" : "INVALID_FACTS", [
    {
      code: "refused",
      path: PICK_PATHS[set.by],
      message: version
        ? `is ${toUtc(at)}, after version ${version.policy.version} (${version.policy.id}) ended at ${version.effectiveUntil} and before any later one: no policy version was in force`
        : `is ${toUtc(at)}, before the first policy version (${first.policy.id} ${first.policy.version}, in force from ${first.effectiveFrom}): no policy version was in force`,
    },
  ]);
}

/**
 * The `policy` field of a verdict: id, version, digest and, for a version of a set, its
 * `effectiveFrom`.
 *
 * @param policy - The policy that judged.
 * @param effectiveFrom - The picked version's `effectiveFrom`, if any.
 * @returns The field.
 */
export function verdictPolicy(
  policy: Policy,
  effectiveFrom?: string,
): { id: string; version: string; digest: string; effectiveFrom?: string } {
  return {
    id: policy.id,
    version: policy.version,
    digest: policyDigest(policy),
    ...(effectiveFrom ? { effectiveFrom } : {}),
  };
}
