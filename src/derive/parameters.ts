/**
 * Catalogue parameters: the policy parameters the derived facts read (windows and durations).
 * Any policy may set them; a parameter that is absent switches the derived fact off (`null`).
 */
import { z } from "zod";
import { durationSchema, positiveDurationSchema } from "../facts/schema.js";
import { disclosureProfileParameterSchema } from "./disclosure.js";

/** The parameters the fact catalogue reads, with their types. */
export const catalogueParametersSchema = z.object({
  /**
   * How long a post must stay live, from publication (a deliverable may override it). Longer
   * than zero: a zero minimum would silently pass every removal.
   */
  minLiveDuration: positiveDurationSchema.optional(),
  /** A private account counts as removal until the campaign ends, not only the live minimum. */
  privateCountsUntilCampaignEnd: z.boolean().optional(),
  /** How long after publication the tracker's observations count (e.g. 48 hours). */
  validationHorizon: durationSchema.optional(),
  /** Time to answer an edit request. */
  editResponseWindow: durationSchema.optional(),
  /** Time to answer a contact from the platform. */
  contactResponseWindow: durationSchema.optional(),
  /** Time to answer a call or text after the product was delivered. */
  productContactResponseWindow: durationSchema.optional(),
  /** Time to answer any contact (platform or advertiser). */
  responseWindow: durationSchema.optional(),
  /** How long after a violation an exception may still be reported. */
  postHocNoticeWindow: durationSchema.optional(),
  /** How long before a deadline reminders start. */
  reminderLead: durationSchema.optional(),
  /** Time to send a product back once its return was requested. */
  returnWindow: durationSchema.optional(),
  /** Time the platform takes to verify a publication. */
  verifyWithin: durationSchema.optional(),
  /** Time from verification to payout release. */
  releaseWithin: durationSchema.optional(),
  /** Tolerance around an agreed publish time, when the terms give none. */
  publishTolerance: durationSchema.optional(),
  /** Time after which an unresolved breach is escalated. */
  escalateAfter: durationSchema.optional(),
  /** How long a strike counts towards repeat-offence rules. */
  strikeExpiry: durationSchema.optional(),
  /** The disclosure profile: a built-in jurisdiction ("us-ftc", "uk-asa") or a custom one. */
  disclosureProfile: disclosureProfileParameterSchema.optional(),
  /** The quality score (0–100) of an influencer evaluated without a standing (100 unless set). */
  initialQualityScore: z.number().min(0).max(100).optional(),
});

/** The catalogue parameters, typed. */
export type CatalogueParameters = z.infer<typeof catalogueParametersSchema>;

/** The names of every catalogue parameter. */
export const CATALOGUE_PARAMETER_NAMES: readonly string[] = Object.keys(
  catalogueParametersSchema.shape,
);
