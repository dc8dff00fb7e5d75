/**
 * Claims: the `claim` fact of the exceptions phase (one claimed exception, against the findings
 * it covers and the notice window). Its values are derived by the exceptions phase, which needs
 * the findings first (`deriveClaims` in `evaluate/exceptions.ts`); this module declares its shape
 * and reads its parameter.
 */
import type { Duration } from "date-fns";
import { durationSchema, EXCEPTION_TYPES } from "../facts/schema.js";
import { defineFamily, type ParametersOf } from "./family.js";
import { s } from "./shape.js";

/** The parameters the `claim` fact reads. */
export const claimParameters = {
  /** How long after a violation an exception may still be reported. */
  postHocNoticeWindow: durationSchema.optional(),
};

/**
 * The notice window of a policy, read once from its parsed parameters.
 *
 * @param params - The parsed catalogue parameters.
 * @returns `postHocNoticeWindow`, or null for no limit.
 */
export function noticeWindowOf(params: ParametersOf<typeof claimParameters>): Duration | null {
  return params.postHocNoticeWindow ?? null;
}

/** The shape of the `claim` fact. */
export const claimShape = s.object({
  id: s.string(),
  type: s.enum(EXCEPTION_TYPES),
  reportedAt: s.instant(),
  from: s.nullable(s.instant()),
  until: s.nullable(s.instant()),
  decision: s.nullable(s.enum(["accepted", "rejected"])),
  decided: s.boolean(),
  appliesTo: s.nullable(s.array(s.string())),
  covers: s.array(s.findingKey()),
  coversCount: s.integer(),
  violationSince: s.nullable(s.instant()),
  noticeDeadline: s.nullable(s.instant()),
  timing: s.enum(["advance", "within_window", "too_late"]),
  reportedInTime: s.boolean(),
  timingText: s.string(),
  evidenceCount: s.integer(),
  evidenceBeforeSelection: s.boolean(),
});

/** Claimed exceptions, for the exceptions phase. */
export const claimsFamily = defineFamily({
  name: "claims",
  facts: {
    claim: {
      shape: claimShape,
      doc: "The exception claim being decided (exceptions phase).",
      in: { phases: ["exceptions"], scopes: ["campaign"] },
    },
  },
  parameters: claimParameters,
  derive: noticeWindowOf,
});
