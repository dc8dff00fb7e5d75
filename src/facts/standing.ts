/**
 * The influencer's standing across campaigns: status, quality score, strikes and no-shows, and
 * per campaign the verdict last applied. Objects are strict (an unknown key is an error), instants
 * are normalised to UTC, and every list and id is capped ({@link STANDING_LIMITS}).
 */
import { z } from "zod";
import { instantSchema } from "./schema.js";

/** The standing statuses, from least to most severe. */
export const STANDING_STATUSES = [
  "active",
  "restricted",
  "hidden",
  "suspended",
  "excluded",
] as const;
/** A standing status. */
export type StandingStatus = (typeof STANDING_STATUSES)[number];

/** The statuses a campaign's verdict can impose (every one but `active`). */
const IMPOSED_STATUSES = ["restricted", "hidden", "suspended", "excluded"] as const;

/**
 * The documented caps on a standing. Each is enforced as a `ValidationError` (code `too_long` or
 * `too_many`) at its path, on input and when `applyVerdict` would grow a list past its cap.
 */
export const STANDING_LIMITS = {
  /** Characters in an id: influencer, campaign, policy, rule. */
  idLength: 200,
  /** Records in each list: strikes, no-shows, evaluations (one per campaign), restrictedBy. */
  records: 10_000,
  /** Rule ids in one strike or no-show (as many as a verdict's strike may carry). */
  rulesPerRecord: 10_000,
} as const;

/** A non-empty id of at most {@link STANDING_LIMITS.idLength} characters (verdicts use it too). */
export const recordIdSchema = z
  .string()
  .max(STANDING_LIMITS.idLength, `must be at most ${STANDING_LIMITS.idLength} characters`)
  .min(1, "must not be empty");

function records<T extends z.ZodType>(item: T) {
  return z
    .array(item)
    .max(STANDING_LIMITS.records, `must have at most ${STANDING_LIMITS.records} records`);
}

const rulesSchema = z
  .array(recordIdSchema)
  .max(STANDING_LIMITS.rulesPerRecord, `must have at most ${STANDING_LIMITS.rulesPerRecord} rules`);

/**
 * Refuses two items with the same id. It runs even when some item has a type error (zod skips
 * ordinary refinements then), so a duplicate is reported together with every other problem.
 */
function unique<T extends z.ZodType>(
  schema: T,
  idOf: (item: unknown) => unknown,
  idPath: readonly PropertyKey[],
) {
  return schema.check(
    z.superRefine(
      (items, context) => {
        if (!Array.isArray(items)) return;
        const seen = new Set<string>();
        items.forEach((item, index) => {
          const id = idOf(item);
          if (typeof id !== "string") return;
          if (seen.has(id)) {
            context.addIssue({
              code: "custom",
              input: item,
              path: [index, ...idPath],
              message: `"${id}" is listed more than once`,
              params: { code: "duplicate_id" },
            });
          }
          seen.add(id);
        });
      },
      { when: () => true },
    ),
  );
}

const campaignIdOf = (item: unknown): unknown =>
  typeof item === "object" && item !== null
    ? (item as { campaignId?: unknown }).campaignId
    : undefined;

const strikeSchema = z.strictObject({
  at: instantSchema,
  campaignId: recordIdSchema,
  policyId: recordIdSchema,
  /** The version of the policy that judged it (absent in records made before 0.2). */
  policyVersion: recordIdSchema.optional(),
  rules: rulesSchema,
  expiresAt: instantSchema.optional(),
  revokedAt: instantSchema.optional(),
  /** The quality-score change this strike applied (kept so a re-evaluation can replace it). */
  scoreDelta: z.number().optional(),
});

const noShowSchema = z.strictObject({
  at: instantSchema,
  campaignId: recordIdSchema,
  policyId: recordIdSchema,
  /** The version of the policy that judged it (absent in records made before 0.2). */
  policyVersion: recordIdSchema.optional(),
  rules: rulesSchema,
});

const evaluationSchema = z.strictObject({
  campaignId: recordIdSchema,
  /** The `asOf` of the campaign's verdict last applied; an older verdict is refused. */
  asOf: instantSchema,
  /**
   * The status that verdict's sanctions impose, when they impose one (a reinstatement after the
   * failure forgives it); a re-evaluation that no longer imposes it takes it back.
   */
  imposes: z.enum(IMPOSED_STATUSES).optional(),
});

/** The zod schema of a {@link Standing}. */
export const standingSchema = z.strictObject({
  influencerId: recordIdSchema,
  status: z.enum(STANDING_STATUSES),
  qualityScore: z.number().min(0).max(100).describe("0 to 100."),
  strikes: records(strikeSchema).describe("Strikes on record, expired and revoked ones too."),
  noShows: records(noShowSchema).describe("No-shows on record, one per campaign."),
  /**
   * The campaigns whose latest verdict restricts applications ("until this campaign is complete");
   * the `restricted` status lifts when the last of them no longer does.
   */
  restrictedBy: unique(records(recordIdSchema), (id) => id, [])
    .optional()
    .describe("The campaigns whose latest verdict restricts applications."),
  /** When the status was last set back to active by `reinstate` (strikes stay on record). */
  reinstatedAt: instantSchema.optional().describe("When reinstate last set the status back."),
  /**
   * A status that no campaign on record explains (set by hand, or reached by verdicts applied
   * before evaluations were kept), recorded by `applyVerdict` the first time it meets one: a
   * re-evaluation never lowers the status below it. `reinstate` clears it.
   */
  statusFloor: z
    .enum(IMPOSED_STATUSES)
    .optional()
    .describe("A status no campaign on record explains; re-evaluations never go below it."),
  /**
   * Per campaign, the verdict last applied: its `asOf` (so that an older verdict never replaces a
   * newer one, even a compliant newer one) and the status it imposes. Sorted by campaign id (code
   * unit order), one entry per campaign. Absent from standings made before 0.2.0 and from empty
   * ones; a campaign without an entry accepts any verdict.
   */
  evaluations: unique(records(evaluationSchema), campaignIdOf, ["campaignId"])
    .optional()
    .describe("Per campaign, the asOf and imposed status of the verdict last applied."),
});

/** An influencer's standing across campaigns. */
export type Standing = z.output<typeof standingSchema>;
/** One strike in a standing. */
export type Strike = Standing["strikes"][number];
/** One no-show in a standing. */
export type NoShowRecord = Standing["noShows"][number];
/** Per campaign, the verdict last applied to a standing. */
export type Evaluation = NonNullable<Standing["evaluations"]>[number];
/** A status a campaign's verdict imposes on a standing. */
export type ImposedStatus = (typeof IMPOSED_STATUSES)[number];
