/**
 * The influencer's standing across campaigns: status, quality score, strikes and no-shows.
 */
import { z } from "zod";
import { instantSchema } from "../facts/schema.js";

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

const strikeSchema = z.strictObject({
  at: instantSchema,
  campaignId: z.string().min(1),
  policyId: z.string().min(1),
  rules: z.array(z.string()),
  expiresAt: instantSchema.optional(),
  revokedAt: instantSchema.optional(),
  /** The quality-score change this strike applied (kept so a re-evaluation can replace it). */
  scoreDelta: z.number().int().optional(),
});

/** The zod schema of a {@link Standing}. */
export const standingSchema = z.strictObject({
  influencerId: z.string().min(1),
  status: z.enum(STANDING_STATUSES),
  qualityScore: z.number().min(0).max(100),
  strikes: z.array(strikeSchema),
  noShows: z.array(
    z.strictObject({
      at: instantSchema,
      campaignId: z.string().min(1),
      policyId: z.string().min(1),
      rules: z.array(z.string()),
    }),
  ),
  /**
   * The campaigns whose latest verdict restricts applications ("until this campaign is complete");
   * the `restricted` status lifts when the last of them no longer does.
   */
  restrictedBy: z.array(z.string().min(1)).optional(),
  /** When the status was last set back to active by `reinstate` (strikes stay on record). */
  reinstatedAt: instantSchema.optional(),
});

/** An influencer's standing across campaigns. */
export type Standing = z.output<typeof standingSchema>;
/** One strike in a standing. */
export type Strike = Standing["strikes"][number];
