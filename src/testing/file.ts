/**
 * Policy test files: their schema, and loading one (YAML or JSON) into runnable cases with
 * every problem listed by path.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { invalidUtf8Lines, strictUtf8 } from "../core/utf8.js";
import { ACTION_TYPES, OUTCOMES, SANCTION_TYPES } from "../core/vocabulary.js";
import { isValidationError, type ValidationIssue } from "../errors.js";
import { checkFacts } from "../facts/schema.js";
import { standingSchema as factsStandingSchema, type Standing } from "../facts/standing.js";
import { extendPolicy } from "../policy/extend.js";
import { type Policy, parsePolicy } from "../policy/schema.js";
import {
  isPolicySet,
  isPolicySetDocument,
  type PolicySet,
  parsePolicySet,
  versionInForce,
} from "../policy/versions.js";
import { isPresetId, PRESET_IDS, PRESETS } from "../presets/registry.js";
import { closestKey, toValidationIssues } from "../validation.js";
import { type ParticipationSpec, participation } from "./builders.js";
import { type FindingAddress, readFindingKey } from "./matchers.js";
import { wallTime } from "./time.js";

const name = z.string().min(1).max(200);
/** The error codes a case can expect: what evaluating a loaded case can throw. */
const EXPECTABLE_ERRORS = ["INVALID_FACTS", "INVALID_OPTIONS"] as const;
const money = z.strictObject({ amount: z.number().int().nonnegative(), currency: z.string() });
const specSchema = z.strictObject({
  zone: z.string().optional(),
  kind: z.string().optional(),
  startsAt: z.string().optional(),
  endsAt: z.string().optional(),
  selectedAt: z.string().optional(),
  campaign: z.record(z.string(), z.unknown()).optional(),
  influencer: z.record(z.string(), z.unknown()).optional(),
  participation: z.record(z.string(), z.unknown()).optional(),
  deliverables: z.array(z.record(z.string(), z.unknown())).optional(),
  contacts: z.array(z.record(z.string(), z.unknown())).nullable().optional(),
  product: z.record(z.string(), z.unknown()).nullable().optional(),
  voucher: z.record(z.string(), z.unknown()).nullable().optional(),
  payment: z.record(z.string(), z.unknown()).nullable().optional(),
  exceptions: z.array(z.record(z.string(), z.unknown())).nullable().optional(),
});
const standingSchema = z.record(z.string(), z.unknown());

const expectSchema = z.strictObject({
  status: z.enum(OUTCOMES).optional(),
  noShow: z.boolean().optional(),
  findings: z.record(z.string(), z.enum([...OUTCOMES, "absent"])).optional(),
  exceptions: z.record(z.string(), z.enum(["accepted", "rejected", "needs_review"])).optional(),
  sanctions: z
    .array(
      z.union([
        z.enum(SANCTION_TYPES),
        z.strictObject({
          type: z.enum(SANCTION_TYPES),
          amount: z.union([z.number().int().nonnegative(), money]).optional(),
          requiresHumanReview: z.boolean().optional(),
        }),
      ]),
    )
    .optional(),
  actions: z
    .array(
      z.union([
        z.enum(ACTION_TYPES),
        z.strictObject({ type: z.enum(ACTION_TYPES), at: z.string().optional() }),
      ]),
    )
    .optional(),
  nextCheckAt: z.string().nullable().optional(),
  strike: z.boolean().optional(),
  /**
   * The code of the `ValidationError` judging the case must throw (its facts or options are
   * refused): then the case passes on that throw, and fails on a verdict or any other error.
   */
  error: z.enum(EXPECTABLE_ERRORS).optional(),
});

const caseSchema = z.strictObject({
  name,
  asOf: z.string().optional(),
  build: specSchema.optional(),
  facts: z.record(z.string(), z.unknown()).optional(),
  standing: standingSchema.optional(),
  expect: expectSchema,
});

/** The schema of a policy test file (YAML or JSON). */
export const policyTestFileSchema = z.strictObject({
  policy: z.union([
    z.strictObject({
      preset: z.string(),
      parameters: z.record(z.string(), z.unknown()).optional(),
      /** The preset composed with `extendPolicy` (id, version, parameters, rules dropped). */
      extend: z
        .strictObject({
          id: z.string().min(1),
          version: z.string().min(1),
          parameters: z.record(z.string(), z.unknown()).optional(),
          drop: z.array(z.string()).optional(),
        })
        .optional(),
    }),
    /** A policy JSON file, or a policy-set file (the JSON form of `policyVersions`). */
    z.strictObject({ file: z.string().min(1) }),
  ]),
  defaults: z
    .strictObject({
      zone: z.string().optional(),
      asOf: z.string().optional(),
      build: specSchema.optional(),
      standing: standingSchema.optional(),
    })
    .optional(),
  unreachable: z.record(z.string(), z.string().min(1)).optional(),
  cases: z.array(caseSchema).min(1),
});

/** A policy test file as written. */
export type PolicyTestFileInput = z.input<typeof policyTestFileSchema>;
/** What one case expects of its verdict. */
export type CaseExpectation = z.output<typeof expectSchema>;

/** One runnable case: facts, instant, standing and what is expected. */
export interface PolicyTestCase {
  name: string;
  /** Where the case is in its file (`cases.2`), for the issues found when it is judged. */
  path?: string;
  /** Where its facts are in the file (`cases.2.facts`, or `cases.2.build` for built facts). */
  factsPath?: string;
  facts: unknown;
  asOf: string;
  standing?: Standing;
  /** The campaign zone (the facts' `campaign.timezone`), in which the case's wall times are read. */
  zone: string;
  expect: CaseExpectation;
  /** What each `expect.findings` key names, read against the policy's rules and the facts. */
  findingAddresses?: Record<string, FindingAddress>;
}

/**
 * A loaded policy test file: its policy (or policy set: each case is judged by the version in
 * force for it), the rules declared unreachable, and its cases.
 */
export interface PolicyTestSuite {
  file: string;
  policy: Policy | PolicySet;
  unreachable: Record<string, string>;
  cases: PolicyTestCase[];
}

/** A test file that could not be loaded, with every problem found in it. */
export interface InvalidTestFile {
  file: string;
  issues: ValidationIssue[];
}

const issue = (path: string, message: string, code: ValidationIssue["code"] = "invalid_value") =>
  ({ code, path, message }) as ValidationIssue;

const under = (prefix: string, issues: readonly ValidationIssue[]) =>
  issues.map((item) => ({ ...item, path: item.path ? `${prefix}.${item.path}` : prefix }));

/**
 * A file's UTF-8 text (bytes that are not UTF-8 are an error naming the line) without a byte-order mark at its very start (Windows editors write one):
 * it is no content, and `JSON.parse` would refuse it. The CLI skips it from every input by the
 * same rule (`withoutBom` in src/cli/common.ts, which imports only the public entries).
 */
function readText(path: string): string {
  const bytes = readFileSync(path);
  const text = strictUtf8(bytes);
  if (text === undefined) throw new Error(`${NOT_UTF8} (line ${invalidUtf8Lines(bytes)[0]})`);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const NOT_UTF8 = "not valid UTF-8";

/** Whether readText failed on bytes that are not UTF-8 (an invalid file, not a missing one). */
const isNotUtf8 = (reason: string) => reason.startsWith(NOT_UTF8);

function loadPolicy(
  spec: PolicyTestFileInput["policy"],
  file: string,
  issues: ValidationIssue[],
): Policy | PolicySet | undefined {
  let stage = "file" in spec ? "policy.file" : "policy.parameters";
  try {
    if ("file" in spec) {
      const path = resolve(dirname(file), spec.file);
      let text: string;
      try {
        text = readText(path);
      } catch (error) {
        const reason = (error as Error).message;
        issues.push(
          isNotUtf8(reason)
            ? issue("policy.file", `${spec.file}: ${reason}`, "invalid_format")
            : issue("policy.file", `cannot read ${spec.file} (${path})`, "unknown_reference"),
        );
        return undefined;
      }
      const document: unknown = JSON.parse(text);
      // Read as `evaluate --policy FILE` reads it: the one rule of every policy reader.
      return isPolicySetDocument(document) ? parsePolicySet(document) : parsePolicy(document);
    }
    if (!isPresetId(spec.preset)) {
      const hint = closestKey(spec.preset, PRESET_IDS);
      issues.push(
        issue(
          "policy.preset",
          `unknown preset "${spec.preset}"${hint ? `; did you mean "${hint}"?` : ""} (known: ${PRESET_IDS.join(", ")})`,
          "unknown_reference",
        ),
      );
      return undefined;
    }
    const create = PRESETS[spec.preset].create as (parameters?: object) => Policy;
    const preset = create(spec.parameters);
    if (!spec.extend) return preset;
    stage = "policy.extend";
    return extendPolicy(preset, spec.extend);
  } catch (error) {
    if (isValidationError(error)) issues.push(...under(stage, error.issues));
    else issues.push(issue("policy.file", `is not JSON: ${(error as Error).message}`));
    return undefined;
  }
}

/**
 * The case's build spec over the defaults': top-level keys replaced (`null` removes a part the
 * defaults give, e.g. `product: null`), `campaign`, `influencer` and `participation` merged.
 */
function mergeSpecs(
  base: ParticipationSpec | undefined,
  own: Record<string, unknown> | undefined,
): ParticipationSpec {
  const merged: Record<string, unknown> = { ...base, ...own };
  for (const key of Object.keys(merged)) if (merged[key] === null) delete merged[key];
  for (const key of ["campaign", "influencer", "participation"] as const) {
    if (base?.[key] && own?.[key])
      merged[key] = { ...base[key], ...(own[key] as Record<string, unknown>) };
  }
  return merged as ParticipationSpec;
}

/**
 * A standing from a test file: the influencer and absent lists filled in, wall times read. A list
 * or record that is not one is kept as it is, for the standing schema to report at its path.
 */
function standingOf(
  raw: Record<string, unknown>,
  influencerId: string,
  zone: string,
  path: string,
): Standing {
  const at = (value: unknown, where: string) =>
    typeof value === "string" ? wallTime(value, zone, where) : value;
  const records = (key: "strikes" | "noShows") => {
    const list = raw[key];
    if (list === undefined) return [];
    if (!Array.isArray(list)) return list;
    return list.map((record: unknown, index) => {
      if (typeof record !== "object" || record === null || Array.isArray(record)) return record;
      const copy: Record<string, unknown> = { ...record };
      for (const field of ["at", "expiresAt", "revokedAt"])
        if (field in copy) copy[field] = at(copy[field], `${path}.${key}.${index}.${field}`);
      return copy;
    });
  };
  return {
    influencerId,
    status: "active",
    qualityScore: 100,
    ...raw,
    strikes: records("strikes"),
    noShows: records("noShows"),
  } as Standing;
}

/**
 * Checks a policy test file's data and turns it into runnable cases. Problems come back as
 * issues with their paths (`cases.2.expect.status`, `cases.0.build.deliverables.0.dueAt`…), every
 * one at once: the file's shape, the policy (an unknown preset, bad parameters, an invalid policy
 * file), rule ids the policy does not have, times that cannot be read and facts that do not parse.
 *
 * @param data - The parsed file (from YAML or JSON).
 * @param file - Its path, for relative `policy.file` references and for messages.
 * @returns The suite, or the issues.
 * @example
 * const loaded = checkPolicyTestFile(YAML.parse(text), "mediance.test.yaml");
 */
export function checkPolicyTestFile(
  data: unknown,
  file: string,
): { success: true; suite: PolicyTestSuite } | { success: false; issues: ValidationIssue[] } {
  const parsed = policyTestFileSchema.safeParse(data);
  if (!parsed.success)
    return {
      success: false,
      issues: toValidationIssues(policyTestFileSchema, parsed.error, data),
    };
  const input = parsed.data;
  const issues: ValidationIssue[] = [];
  const policy = loadPolicy(input.policy, file, issues);
  // A set's versions each have their rules: a case's finding keys are read against the version
  // in force for it, a rule declared unreachable must be in some version.
  const versions = policiesOf(policy);
  const ruleNames = new Set(versions.flatMap((version) => version.rules.map((rule) => rule.name)));
  if (policy) {
    for (const ruleName of Object.keys(input.unreachable ?? {}))
      if (!ruleNames.has(ruleName))
        issues.push(
          issue(
            `unreachable.${ruleName}`,
            `the policy has no rule named "${ruleName}"${hintFor(ruleName, [...ruleNames])}`,
            "unknown_reference",
          ),
        );
  }
  const cases: PolicyTestCase[] = [];
  const names = new Set<string>();
  input.cases.forEach((entry, index) => {
    const path = `cases.${index}`;
    if (names.has(entry.name))
      issues.push(issue(`${path}.name`, `duplicate case name "${entry.name}"`, "duplicate_id"));
    names.add(entry.name);
    if (entry.facts && entry.build)
      issues.push(issue(path, "give either facts or build, not both", "contradiction"));
    let facts: unknown;
    try {
      facts = entry.facts
        ? entry.facts
        : participation(
            mergeSpecs(
              {
                ...(input.defaults?.zone ? { zone: input.defaults.zone } : {}),
                ...(input.defaults?.build as ParticipationSpec | undefined),
              },
              entry.build,
            ),
          );
    } catch (error) {
      if (!isValidationError(error)) throw error;
      issues.push(...under(`${path}.build`, error.issues));
      return;
    }
    const factsPath = `${path}.${entry.facts ? "facts" : "build"}`;
    const expectsError = entry.expect.error !== undefined;
    if (expectsError && Object.keys(entry.expect).length > 1)
      issues.push(
        issue(
          `${path}.expect`,
          "expects an error: it can expect nothing of a verdict",
          "contradiction",
        ),
      );
    const checked = checkFacts(facts);
    // Facts that do not parse are the point of a case that expects INVALID_FACTS: it runs.
    if (!checked.success && !expectsError) {
      issues.push(...under(factsPath, checked.issues));
      return;
    }
    const raw = facts as { campaign?: { timezone?: unknown }; influencer?: { id?: unknown } };
    const zone = checked.success
      ? checked.data.campaign.timezone
      : typeof raw.campaign?.timezone === "string"
        ? raw.campaign.timezone
        : "UTC";
    const influencerId = checked.success
      ? checked.data.influencer.id
      : typeof raw.influencer?.id === "string"
        ? raw.influencer.id
        : "";
    const asOfText = entry.asOf ?? input.defaults?.asOf;
    if (asOfText === undefined) {
      issues.push(issue(`${path}.asOf`, "is required (here or in defaults.asOf)", "required"));
      return;
    }
    // Read now (a set may pick its version by asOf); a problem is listed after the keys'.
    const asOfIssues: ValidationIssue[] = [];
    let asOf: string | undefined;
    try {
      asOf = wallTime(asOfText, zone, `${path}.asOf`);
    } catch (error) {
      if (!isValidationError(error)) throw error;
      // Facts that do not parse may name no real zone ("Mars/Olympus"): their times read in UTC.
      if (checked.success) asOfIssues.push(...error.issues);
      else asOf = wallTime(asOfText, "UTC", `${path}.asOf`);
    }
    let casePolicy: Policy | undefined;
    if (policy !== undefined && !isPolicySet(policy)) casePolicy = policy;
    // Facts that do not parse (a case expecting INVALID_FACTS) pick no version: judging refuses them.
    else if (policy !== undefined && asOf !== undefined && checked.success) {
      try {
        casePolicy = versionInForce(policy, checked.data, asOf).policy;
      } catch (error) {
        if (!isValidationError(error)) throw error;
        // No version in force: the pick's instant is the case's asOf, or a fact of its facts.
        // A case expecting that error runs: judging throws it again (and the case passes).
        if (entry.expect.error !== error.code) {
          const where =
            error.code === "INVALID_OPTIONS" ? path : `${path}.${entry.facts ? "facts" : "build"}`;
          issues.push(...under(where, error.issues));
          return;
        }
      }
    }
    // Rule and deliverable ids may contain "@": each key is read against the ids that exist.
    const deliverables = new Set(
      checked.success ? checked.data.deliverables.map((item) => item.id) : [],
    );
    const { findingRules, deliverableRules } = findingRulesOf(casePolicy);
    const findingAddresses: Record<string, FindingAddress> = {};
    for (const key of casePolicy ? Object.keys(entry.expect.findings ?? {}) : []) {
      const read = readFindingKey(key, { rules: findingRules, deliverables, allRules: true });
      if ("address" in read) {
        findingAddresses[key] = read.address;
        continue;
      }
      const keys = [...findingRules];
      for (const rule of deliverableRules)
        for (const id of deliverables) keys.push(`${rule}@${id}`);
      issues.push(
        issue(
          `${path}.expect.findings.${key}`,
          `${read.problem}${read.ambiguous ? "" : hintFor(key, keys)}`,
          "unknown_reference",
        ),
      );
    }
    if (asOf === undefined) {
      issues.push(...asOfIssues);
      return;
    }
    try {
      // Read every expected time now, so a bad one is a file problem, not a failed test.
      if (entry.expect.nextCheckAt)
        wallTime(entry.expect.nextCheckAt, zone, `${path}.expect.nextCheckAt`);
      entry.expect.actions?.forEach((action, position) => {
        if (typeof action !== "string" && action.at)
          wallTime(action.at, zone, `${path}.expect.actions.${position}.at`);
      });
      const rawStanding = entry.standing ?? input.defaults?.standing;
      const standing = rawStanding
        ? standingOf(rawStanding, influencerId, zone, `${path}.standing`)
        : undefined;
      if (standing) {
        const parsedStanding = factsStandingSchema.safeParse(standing);
        if (!parsedStanding.success) {
          issues.push(
            ...under(
              `${path}.standing`,
              toValidationIssues(factsStandingSchema, parsedStanding.error, standing),
            ),
          );
          return;
        }
      }
      cases.push({
        name: entry.name,
        path,
        factsPath,
        facts,
        asOf,
        zone,
        expect: entry.expect,
        ...(Object.keys(findingAddresses).length > 0 ? { findingAddresses } : {}),
        ...(standing ? { standing } : {}),
      });
    } catch (error) {
      if (!isValidationError(error)) throw error;
      issues.push(...error.issues);
    }
  });
  if (issues.length > 0 || !policy) return { success: false, issues };
  return {
    success: true,
    suite: { file, policy, unreachable: { ...input.unreachable }, cases },
  };
}

/** The policies a suite's cases may be judged by: the policy, or each version's of a set. */
export function policiesOf(policy: Policy | PolicySet | undefined): Policy[] {
  if (policy === undefined) return [];
  return isPolicySet(policy) ? policy.versions.map((version) => version.policy) : [policy];
}

/** The ids of a policy's finding rules, and of those among them scoped to a deliverable. */
function findingRulesOf(policy: Policy | undefined) {
  const findingRules = new Set<string>();
  const deliverableRules = new Set<string>();
  for (const rule of policy?.rules ?? []) {
    if (rule.event.params.phase !== "violations") continue;
    findingRules.add(rule.event.type);
    if (rule.event.params.scope === "deliverable") deliverableRules.add(rule.event.type);
  }
  return { findingRules, deliverableRules };
}

function hintFor(value: string, known: readonly string[]): string {
  const hint = closestKey(value, known);
  return hint ? `; did you mean "${hint}"?` : "";
}

/**
 * Reads and checks a policy test file: `.json` as JSON, anything else as YAML.
 *
 * @param file - The file's path.
 * @returns The suite, or every problem found (a file that cannot be read or parsed included).
 * @example
 * const loaded = loadPolicyTestFile("policies-tests/mediance.test.yaml");
 */
export function loadPolicyTestFile(
  file: string,
): { success: true; suite: PolicyTestSuite } | { success: false; issues: ValidationIssue[] } {
  let text: string;
  try {
    text = readText(file);
  } catch (error) {
    const reason = (error as Error).message;
    return {
      success: false,
      issues: [
        isNotUtf8(reason)
          ? issue("", reason, "invalid_format")
          : issue("", `cannot read the file: ${reason}`, "unknown_reference"),
      ],
    };
  }
  let data: unknown;
  try {
    data = file.endsWith(".json") ? JSON.parse(text) : parseYaml(text, { merge: true });
  } catch (error) {
    return {
      success: false,
      issues: [
        issue(
          "",
          `is not valid ${file.endsWith(".json") ? "JSON" : "YAML"}: ${(error as Error).message}`,
          "invalid_format",
        ),
      ],
    };
  }
  return checkPolicyTestFile(data, file);
}
