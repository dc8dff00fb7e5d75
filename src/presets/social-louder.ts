/**
 * Social Louder (소셜라우더, Korea): a review platform whose influencers earn reward points for
 * a mission (visit or product, then a blog or Instagram post). Its published penalties, in won:
 * no points for a mission not completed within the period or a blog post under 500 characters,
 * −2,000 KRW for a blog post under 1,000 characters (−5,000 KRW from 2023-10-01), −5,000 KRW
 * for a cancellation after selection or a missing proof photo, a two-week suspension for a
 * no-show at a preview screening without notice, and content kept for 6 months (an early deletion
 * returns the points and a re-upload is requested).
 *
 * Built only from the package's public pieces (the root entry and `noshow-policy/policy`), as a
 * platform engineer outside the library would write it; test/social-louder.imports.test.ts holds
 * it to that.
 */
import { z } from "zod";
import { ValidationError, type ValidationIssue } from "../errors.js";
import { durationSchema, moneySchema, positiveDurationSchema } from "../facts/schema.js";
import {
  all,
  any,
  exceptionRule,
  findingRule,
  ref,
  sanctionRule,
  when,
} from "../policy/builders.js";
import { extendPolicy } from "../policy/extend.js";
import {
  DEADLINE_EVIDENCE,
  deadlineBranches,
  decidedClaimRules,
  RETENTION_EVIDENCE,
  retentionBranches,
} from "../policy/pieces.js";
import { type Policy, type PolicyRule, parsePolicy } from "../policy/schema.js";
import { type PolicySet, policyVersions } from "../policy/versions.js";
import type { PolicyMeta } from "./preset.js";

/** The parameters of the Social Louder preset. */
export const socialLouderParametersSchema = z.strictObject({
  /** How long content must stay up (the notice: 6 months). */
  minLiveDuration: positiveDurationSchema,
  /** A blog post shorter than this (in characters, as Social Louder counts them) is penalised. */
  minTextLength: z.number().int().min(1),
  /** A blog post shorter than this earns no points at all. */
  noPointsTextLength: z.number().int().min(1),
  /** The deduction for a blog post under `minTextLength` (2,000 KRW until 2023-09-30, 5,000 KRW since). */
  shortPostPenalty: moneySchema,
  /** The deduction for a missing proof photo. */
  missingPhotoPenalty: moneySchema,
  /** The deduction for cancelling after selection. */
  cancellationPenalty: moneySchema,
  /** How long a no-show at a preview screening (a visit campaign) suspends the account. */
  visitNoShowSuspension: durationSchema,
});

/** The parameters of the Social Louder preset. */
export type SocialLouderParameters = z.infer<typeof socialLouderParametersSchema>;

/** Social Louder's current terms (from 2023-10-01): the defaults of {@link socialLouder}. */
export const SOCIAL_LOUDER_DEFAULTS: SocialLouderParameters = {
  minLiveDuration: { months: 6 },
  minTextLength: 1000,
  noPointsTextLength: 500,
  shortPostPenalty: { amount: 5000, currency: "KRW" },
  missingPhotoPenalty: { amount: 5000, currency: "KRW" },
  cancellationPenalty: { amount: 5000, currency: "KRW" },
  visitNoShowSuspension: { weeks: 2 },
};

/** The short-post deduction before 2023-10-01 (the first version's). */
const SHORT_POST_PENALTY_BEFORE_2023_10: SocialLouderParameters["shortPostPenalty"] = {
  amount: 2000,
  currency: "KRW",
};

/** When each version takes effect (KST); the second raised the short-post deduction. */
export const SOCIAL_LOUDER_EFFECTIVE_FROM = {
  v1: "2023-01-01T00:00:00+09:00",
  v2: "2023-10-01T00:00:00+09:00",
} as const;

const META_KEYS: readonly string[] = ["id", "version", "name", "description"];

/** The ids of Social Louder's rules. */
export const SOCIAL_LOUDER_RULES = {
  missionNotCompleted: "social-louder.mission-not-completed",
  cancelledAfterSelection: "social-louder.cancelled-after-selection",
  shortPost: "social-louder.short-post",
  veryShortPost: "social-louder.very-short-post",
  proofPhotoMissing: "social-louder.proof-photo-missing",
  deletedEarly: "social-louder.deleted-early",
} as const;

const R = SOCIAL_LOUDER_RULES;

// An influencer's own cancellation is judged by its own rule (a −5,000 KRW deduction), not as a
// mission left undone: the influencer gave notice, which a no-show does not.
const cancelledByInfluencer = when("participation.cancelledBy", "equal", "influencer");
const notCancelledByInfluencer = when("participation.cancelledBy", "notEqual", "influencer");
const cancelled = when("participation.cancelled", "equal", true);
const cancellerUnknown = when("participation.cancelledBy", "isPresent", false);
const cancellerKnown = any(
  when("participation.cancelled", "equal", false),
  when("participation.cancelledBy", "isPresent", true),
);

function missionNotCompleted(): PolicyRule[] {
  const branches = deadlineBranches("deliverable.dueAt", {
    cancelled: "The participation was cancelled by {participation.cancelledBy}.",
    onTime:
      "Deliverable {deliverable.id} was published at {deliverable.publishedAt}, within the mission period (by {deliverable.dueAt}).",
    late: "Deliverable {deliverable.id} was published at {deliverable.publishedAt}, {deliverable.lateBy} after the mission period ended at {deliverable.dueAt}, so the mission was not completed within the period.",
    missing:
      "No post for deliverable {deliverable.id} by the end of the mission period {deliverable.dueAt}; it is {deliverable.overdueBy} overdue as of {asOf}.",
    pending:
      "Deliverable {deliverable.id} has no post yet; the mission period ends at {deliverable.dueAt}.",
  });
  return findingRule(R.missionNotCompleted, {
    kind: "no_show",
    role: "content_missing",
    scope: "deliverable",
    evidence: DEADLINE_EVIDENCE,
    branches: [
      {
        branch: "cancelled-by-influencer",
        outcome: "not_applicable",
        when: all(cancelledByInfluencer),
        explanation:
          "The influencer cancelled at {participation.cancelledAt}, after being selected; the cancellation is judged on its own.",
      },
      {
        // Who cancelled decides whether anything is owed: never guess it.
        branch: "canceller-unknown",
        outcome: "needs_review",
        when: all(cancelled, cancellerUnknown),
        explanation:
          "The participation was cancelled at {participation.cancelledAt}, but the facts do not say by whom, so whether the mission was owed cannot be judged.",
      },
      ...branches.map((branch) => ({
        ...branch,
        when: all(notCancelledByInfluencer, cancellerKnown, branch.when),
      })),
    ],
  });
}

function cancelledAfterSelection(): PolicyRule[] {
  return findingRule(R.cancelledAfterSelection, {
    kind: "breach",
    role: "cancelled_by_influencer",
    scope: "campaign",
    evidence: {
      selectedAt: "participation.selectedAt",
      cancelledAt: "participation.cancelledAt",
      cancelledBy: "participation.cancelledBy",
    },
    branches: [
      {
        branch: "none",
        outcome: "not_applicable",
        when: all(when("participation.cancelled", "equal", false)),
        explanation: "The participation was not cancelled.",
      },
      {
        outcome: "violation",
        when: all(cancelled, cancelledByInfluencer),
        since: "participation.cancelledAt",
        explanation:
          "The influencer cancelled at {participation.cancelledAt}, after being selected at {participation.selectedAt}.",
      },
      {
        branch: "by-others",
        outcome: "not_applicable",
        when: all(
          cancelled,
          when("participation.cancelledBy", "in", ["advertiser", "platform", "mutual"]),
        ),
        explanation:
          "The participation was cancelled by {participation.cancelledBy}, not by the influencer.",
      },
      {
        // Who cancelled decides the deduction: never guess it.
        branch: "canceller-unknown",
        outcome: "needs_review",
        when: all(cancelled, cancellerUnknown),
        explanation:
          "The participation was cancelled at {participation.cancelledAt}, but the facts do not say by whom.",
      },
    ],
  });
}

/** A text-length rule over blog posts: under `threshold` characters is a violation. */
function textLengthRule(
  id: string,
  threshold: "params.minTextLength" | "params.noPointsTextLength",
  under: string,
): PolicyRule[] {
  const blog = when("deliverable.kind", "equal", "blog");
  const known = when("deliverable.textLength", "isPresent", true);
  const limit = ref(threshold);
  return findingRule(id, {
    kind: "breach",
    role: "terms_mismatch",
    scope: "deliverable",
    evidence: { textLength: "deliverable.textLength", publishedAt: "deliverable.publishedAt" },
    branches: [
      {
        branch: "not-blog",
        outcome: "not_applicable",
        when: all(when("deliverable.kind", "notEqual", "blog")),
        explanation: "Deliverable {deliverable.id} is a {deliverable.kind}, not a blog post.",
      },
      {
        branch: "no-post",
        outcome: "not_applicable",
        when: all(blog, when("deliverable.posted", "equal", false)),
        explanation: "Deliverable {deliverable.id} has no post to measure.",
      },
      {
        // An unknown length is never penalised.
        branch: "length-unknown",
        outcome: "needs_review",
        when: all(
          blog,
          when("deliverable.posted", "equal", true),
          when("deliverable.textLength", "isPresent", false),
        ),
        explanation:
          "The blog post of deliverable {deliverable.id} has no known text length, so a person must check it.",
      },
      {
        outcome: "compliant",
        when: all(blog, known, when("deliverable.textLength", "greaterThanInclusive", limit)),
        explanation: `The blog post of deliverable {deliverable.id} has {deliverable.textLength} characters, at least {${threshold}}.`,
      },
      {
        outcome: "violation",
        when: all(blog, known, when("deliverable.textLength", "lessThan", limit)),
        since: "deliverable.publishedAt",
        explanation: `The blog post of deliverable {deliverable.id} has {deliverable.textLength} characters, under {${threshold}}: ${under}`,
      },
    ],
  });
}

function proofPhotoMissing(): PolicyRule[] {
  const posted = when("deliverable.posted", "equal", true);
  return findingRule(R.proofPhotoMissing, {
    kind: "breach",
    role: "terms_mismatch",
    scope: "deliverable",
    evidence: { proofPhoto: "deliverable.proofPhoto", publishedAt: "deliverable.publishedAt" },
    branches: [
      {
        branch: "no-post",
        outcome: "not_applicable",
        when: all(when("deliverable.posted", "equal", false)),
        explanation: "Deliverable {deliverable.id} has no post to check.",
      },
      {
        branch: "unknown",
        outcome: "needs_review",
        when: all(posted, when("deliverable.proofPhoto", "isPresent", false)),
        explanation:
          "Whether the post of deliverable {deliverable.id} includes the proof photo is not known, so a person must check it.",
      },
      {
        outcome: "compliant",
        when: all(posted, when("deliverable.proofPhoto", "equal", true)),
        explanation: "The post of deliverable {deliverable.id} includes the proof photo.",
      },
      {
        outcome: "violation",
        when: all(posted, when("deliverable.proofPhoto", "equal", false)),
        since: "deliverable.publishedAt",
        explanation: "The post of deliverable {deliverable.id} has no proof photo.",
      },
    ],
  });
}

function deletedEarly(): PolicyRule[] {
  return findingRule(R.deletedEarly, {
    kind: "breach",
    role: "removed_early",
    scope: "deliverable",
    evidence: RETENTION_EVIDENCE,
    branches: retentionBranches({
      noPost: "Deliverable {deliverable.id} has no post to keep.",
      kept: "The post of deliverable {deliverable.id}, published at {deliverable.publishedAt}, was seen live at {deliverable.retention.lastLiveAt}, at or after the required {deliverable.retention.requiredUntil} ({deliverable.retention.minLiveDuration}).",
      pending:
        "The post of deliverable {deliverable.id} must stay up until {deliverable.retention.openUntil}; it was last known live at {deliverable.retention.lastLiveAt}.",
      removed:
        "The post of deliverable {deliverable.id}, published at {deliverable.publishedAt}, was seen {deliverable.retention.removalState} at {deliverable.retention.removalSeenAt}, before the required {deliverable.retention.requiredUntil} ({deliverable.retention.minLiveDuration}).",
    }),
  });
}

function exceptionRules(): PolicyRule[] {
  // Notice given (an exception claim) is decided by Social Louder; until then, a person reviews it.
  return [
    ...decidedClaimRules("social-louder.exception", {
      accepted: "by Social Louder",
      rejected: "by Social Louder",
    }),
    exceptionRule("social-louder.exception/undecided", {
      when: all(when("claim.decided", "equal", false)),
      status: "needs_review",
      reason:
        "Exception {claim.id} ({claim.type}) was reported at {claim.reportedAt} and awaits Social Louder's decision.",
    }),
  ];
}

function sanctionRules(): PolicyRule[] {
  return [
    // "No points": the reward is never credited, so it is withheld (withhold_payout of the
    // reward's value), not deducted. points_deduction is for a fixed deduction from points
    // credited (a short post, a missing photo, a cancellation, points returned after a deletion).
    sanctionRule("social-louder.sanction/no-points", {
      scope: "campaign",
      when: any(
        when("findings.violatedRoles", "intersects", ["content_missing"]),
        when("findings.violatedRules", "contains", R.veryShortPost),
      ),
      sanction: {
        type: "withhold_payout",
        because: { roles: ["content_missing"], rules: [R.veryShortPost] },
        amount: "payment.amount",
        note: "No points ({payment.amount}) are credited for a mission not completed within the period or a blog post under {params.noPointsTextLength} characters.",
      },
    }),
    sanctionRule("social-louder.sanction/short-post", {
      scope: "deliverable",
      when: all(
        when("findings.violatedRules", "contains", R.shortPost),
        // Under 500 characters no points are credited at all: no deduction on top.
        when("findings.violatedRules", "doesNotContain", R.veryShortPost),
      ),
      sanction: {
        type: "points_deduction",
        because: { rules: [R.shortPost] },
        amount: "params.shortPostPenalty",
        note: "{params.shortPostPenalty} is deducted for a blog post under {params.minTextLength} characters.",
      },
    }),
    sanctionRule("social-louder.sanction/missing-photo", {
      scope: "deliverable",
      when: all(when("findings.violatedRules", "contains", R.proofPhotoMissing)),
      sanction: {
        type: "points_deduction",
        because: { rules: [R.proofPhotoMissing] },
        amount: "params.missingPhotoPenalty",
        note: "{params.missingPhotoPenalty} is deducted for a post without the proof photo.",
      },
    }),
    sanctionRule("social-louder.sanction/cancellation", {
      scope: "campaign",
      when: all(when("findings.violatedRoles", "intersects", ["cancelled_by_influencer"])),
      sanction: {
        type: "points_deduction",
        because: { roles: ["cancelled_by_influencer"] },
        amount: "params.cancellationPenalty",
        note: "{params.cancellationPenalty} is deducted for cancelling after selection.",
      },
    }),
    // Two weeks from the decision: no instant fact gives "the decision + 2 weeks" (`until` must
    // be one), so the suspension carries its duration in the note and a person sets its end.
    sanctionRule("social-louder.sanction/visit-no-show", {
      scope: "campaign",
      when: all(
        when("campaign.kind", "equal", "visit"),
        when("findings.violatedRoles", "intersects", ["content_missing"]),
      ),
      sanction: {
        type: "suspend_account",
        because: { roles: ["content_missing"] },
        requiresHumanReview: true,
        note: "A no-show at a preview screening without notice suspends the account for {params.visitNoShowSuspension}; set its end {params.visitNoShowSuspension} after this decision.",
      },
    }),
    // Points already credited are returned (a deduction of the reward), and a re-upload is asked.
    sanctionRule("social-louder.sanction/points-returned", {
      scope: "campaign",
      when: all(when("findings.violatedRoles", "intersects", ["removed_early"])),
      sanction: {
        type: "points_deduction",
        because: { roles: ["removed_early"] },
        amount: "payment.amount",
        note: "The points credited ({payment.amount}) are returned: the content was deleted before {params.minLiveDuration}.",
      },
    }),
    sanctionRule("social-louder.sanction/re-upload", {
      scope: "deliverable",
      when: all(when("findings.violatedRoles", "intersects", ["removed_early"])),
      sanction: {
        type: "request_correction",
        because: { roles: ["removed_early"] },
        note: "Re-upload the content of deliverable {deliverable.id} and keep it up for {params.minLiveDuration}.",
      },
    }),
  ];
}

/** Zod's issues as the library's issues (code, path, message), with the parameter named. */
function parameterIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.flatMap((issue): ValidationIssue[] => {
    const path = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys")
      return issue.keys.map((key) => ({
        code: "unknown_key",
        path: key,
        message: `unknown parameter "${key}" (Social Louder takes ${Object.keys(SOCIAL_LOUDER_DEFAULTS).join(", ")})`,
      }));
    const code =
      issue.code === "invalid_type" || issue.code === "too_small" || issue.code === "too_big"
        ? issue.code
        : "invalid_value";
    return [{ code, path, message: issue.message }];
  });
}

/** One version of the policy from its (validated) parameters. */
function build(parameters: SocialLouderParameters, meta: { id: string; version: string }): Policy {
  if (parameters.noPointsTextLength > parameters.minTextLength)
    throw new ValidationError("INVALID_POLICY", [
      {
        code: "contradiction",
        path: "noPointsTextLength",
        message: `must be at most minTextLength (${parameters.minTextLength})`,
      },
    ]);
  return parsePolicy({
    ...meta,
    name: "Social Louder mission policy",
    description:
      "Social Louder (소셜라우더) review missions: period, text length, proof photo, cancellation, preview no-shows, 6 months online.",
    parameters: structuredClone(parameters),
    rules: [
      ...missionNotCompleted(),
      ...cancelledAfterSelection(),
      ...textLengthRule(R.shortPost, "params.minTextLength", "a deduction applies."),
      ...textLengthRule(R.veryShortPost, "params.noPointsTextLength", "no points are credited."),
      ...proofPhotoMissing(),
      ...deletedEarly(),
      ...exceptionRules(),
      ...sanctionRules(),
    ],
  });
}

function parametersFrom(params: unknown): Partial<SocialLouderParameters> {
  const parsed = socialLouderParametersSchema.partial().safeParse(params ?? {});
  if (!parsed.success) throw new ValidationError("INVALID_POLICY", parameterIssues(parsed.error));
  return parsed.data;
}

/**
 * The two effective-dated versions of the Social Louder policy: `social-louder@2023-01` from
 * 2023-01-01 (KST, a short blog post −2,000 KRW) and `social-louder@2023-10`, built from it with
 * `extendPolicy`, from 2023-10-01 (KST, −5,000 KRW). The version in force is the one in force
 * when the influencer was selected.
 *
 * @param params - Overrides of {@link SOCIAL_LOUDER_DEFAULTS} for both versions (validated). A
 *   `shortPostPenalty` given here is the current version's: the 2023-10 change is that number,
 *   and the first version keeps the 2,000 KRW it published.
 * @returns The policy set, for `evaluate`, `evaluateSync` or `compilePolicy`.
 * @throws {@link ValidationError} with code `INVALID_POLICY` for a bad or unknown parameter.
 * @example
 * const versions = socialLouderVersions();
 * evaluateSync(facts, versions, { asOf }).policy.version; // "2023-10" for a selection since 2023-10-01
 */
export function socialLouderVersions(params?: Partial<SocialLouderParameters>): PolicySet {
  return versionsFrom(params);
}

/** {@link socialLouderVersions} for overrides of no static type (validated the same way). */
function versionsFrom(params: unknown): PolicySet {
  const given = parametersFrom(params);
  const v1 = build(
    { ...SOCIAL_LOUDER_DEFAULTS, ...given, shortPostPenalty: SHORT_POST_PENALTY_BEFORE_2023_10 },
    { id: "social-louder", version: "2023-01" },
  );
  const v2 = extendPolicy(v1, {
    id: "social-louder",
    version: "2023-10",
    parameters: {
      shortPostPenalty: given.shortPostPenalty ?? SOCIAL_LOUDER_DEFAULTS.shortPostPenalty,
    },
  });
  return policyVersions([
    { effectiveFrom: SOCIAL_LOUDER_EFFECTIVE_FROM.v1, policy: v1 },
    { effectiveFrom: SOCIAL_LOUDER_EFFECTIVE_FROM.v2, policy: v2 },
  ]);
}

/**
 * The Social Louder policy in force (from 2023-10-01): no points for a mission not completed in
 * the period or a blog post under 500 characters; deductions for a blog post under 1,000
 * characters, a missing proof photo or a cancellation after selection; a two-week suspension
 * for a preview no-show without notice; 6 months online, or the points are returned.
 *
 * @param params - Overrides of {@link SOCIAL_LOUDER_DEFAULTS} (validated; an unknown key throws).
 * @param meta - Optional `{ id, version }` (and `name`, `description`) for a platform's own edition.
 * @returns The policy, id `"social-louder"`, version `"2023-10"`.
 * @throws {@link ValidationError} with code `INVALID_POLICY` for a bad or unknown parameter.
 * @example
 * const policy = socialLouder();
 * const stricter = socialLouder({ minTextLength: 1500 }, { id: "acme-louder", version: "1" });
 */
export function socialLouder(params?: Partial<SocialLouderParameters>, meta?: PolicyMeta): Policy {
  return socialLouderFromParameters(params, meta);
}

/**
 * {@link socialLouder} for overrides of no static type (JSON, a CLI argument, generated cases):
 * they are validated exactly as the typed factory validates them. The registry's `fromParameters`.
 *
 * @param params - Any value; `undefined` means the defaults.
 * @param meta - Optional `{ id, version }` (and `name`, `description`).
 * @returns The policy, id `"social-louder"`, version `"2023-10"`.
 * @throws {@link ValidationError} with code `INVALID_POLICY` for a bad or unknown parameter.
 */
export function socialLouderFromParameters(params: unknown, meta?: PolicyMeta): Policy {
  const current = versionsFrom(params).versions[1]?.policy;
  if (!current) throw new Error("Social Louder has two versions");
  if (meta === undefined) return current;
  // Only the four labels: any other key is refused, not silently dropped (as every preset does).
  if (typeof meta !== "object" || meta === null || Array.isArray(meta))
    throw new ValidationError("INVALID_POLICY", [
      { code: "invalid_type", path: "meta", message: "must be an object { id, version }" },
    ]);
  const unknown = Object.keys(meta).filter((key) => !META_KEYS.includes(key));
  if (unknown.length > 0)
    throw new ValidationError(
      "INVALID_POLICY",
      unknown.map((key) => ({
        code: "unknown_key",
        path: `meta.${key}`,
        message: `unknown key "${key}" (a preset's meta takes ${META_KEYS.join(", ")})`,
      })),
    );
  const { id = current.id, version = current.version, name, description } = meta;
  return extendPolicy(current, {
    id,
    version,
    ...(name === undefined ? {} : { name }),
    ...(description === undefined ? {} : { description }),
  });
}
