/**
 * The zod schema of a {@link Verdict}, for verdicts that come back from storage or a queue
 * (`applyVerdict` validates its input with it). It matches `types.ts` exactly: objects are strict
 * (an unknown key is an error), instants carry an offset and are normalised to UTC, and every
 * string and list is capped, so a hand-edited verdict is a `ValidationError`, never a `TypeError`.
 */
import { z } from "zod";
import { instantSchema, moneySchema } from "../facts/schema.js";
import { recordIdSchema, STANDING_LIMITS } from "../facts/standing.js";
import { POLICY_LIMITS } from "../policy/schema.js";
import { parseWith } from "../validation.js";
import {
  ACTION_TYPES,
  FINDING_KINDS,
  FINDING_ROLES,
  OUTCOMES,
  SANCTION_TYPES,
  type Verdict,
} from "./types.js";

/**
 * The documented caps on a verdict. Each is enforced as a `ValidationError` (code `too_long` or
 * `too_many`) at its path. They are generous: a verdict from `evaluate` on facts and a policy
 * within their own caps always fits.
 */
export const VERDICT_LIMITS = {
  /** Characters in an id: campaign, influencer, policy id and version, rule, deliverable, exception and its type. */
  idLength: STANDING_LIMITS.idLength,
  /** Characters in a finding key (`rule@deliverableId`) or a `standing:<campaignId>` reference. */
  keyLength: 512,
  /** Characters in an explanation, a reason or a note. */
  textLength: 100_000,
  /** Items in one list: findings, violations, exceptions, sanctions, actions, keys, trace. */
  listItems: 100_000,
  /** Rule ids in the strike (a standing keeps at most as many per record). */
  rulesPerStrike: STANDING_LIMITS.rulesPerRecord,
} as const;

const EXCEPTION_STATUSES = ["accepted", "rejected", "needs_review"] as const;

/** Caps of the trace beyond those of the policy it traces. */
const TRACE_LIMITS = {
  /** Characters in a condition's place (`conditions.all[1].any[0]`): depth 32 of `.all[999]`. */
  atLength: 512,
} as const;

function text(max: number, min = 0) {
  const schema = z.string().max(max, `must be at most ${max} characters`);
  return min > 0 ? schema.min(min, "must not be empty") : schema;
}

function list<T extends z.ZodType>(item: T, max: number) {
  return z.array(item).max(max, `must have at most ${max} items`);
}

export { recordIdSchema };

const keySchema = text(VERDICT_LIMITS.keyLength, 1);
const noteSchema = text(VERDICT_LIMITS.textLength);

const findingSchema = z.strictObject({
  rule: recordIdSchema.describe("The finding rule's stable id (its event.type)."),
  kind: z.enum(FINDING_KINDS),
  // Optional: verdicts stored before roles existed stay readable.
  role: z.enum(FINDING_ROLES).optional(),
  outcome: z.enum(OUTCOMES),
  deliverableId: recordIdSchema.optional(),
  since: instantSchema.optional().describe("When it became a violation."),
  explanation: noteSchema.describe("Why, in one sentence with the actual values."),
  // Evidence is whatever the rule used; the preflight walk still caps its depth, size and keys.
  evidence: z.record(z.string(), z.unknown()).describe("The values the rule used, by name."),
  excusedBy: list(recordIdSchema, VERDICT_LIMITS.listItems).optional().describe("Exception ids."),
  checkAt: instantSchema.optional().describe("When this finding can next change."),
});

const exceptionDecisionSchema = z.strictObject({
  id: recordIdSchema,
  type: recordIdSchema,
  status: z.enum(EXCEPTION_STATUSES),
  covers: list(keySchema, VERDICT_LIMITS.listItems).describe("The findings it excuses."),
  reason: noteSchema,
});

const sanctionSchema = z.strictObject({
  type: z.enum(SANCTION_TYPES),
  because: list(keySchema, VERDICT_LIMITS.listItems).describe("The findings it follows from."),
  amount: moneySchema.optional(),
  scoreDelta: z.number().optional(),
  until: instantSchema.optional(),
  requiresHumanReview: z.boolean().optional(),
  note: noteSchema.optional(),
});

const actionSchema = z.strictObject({
  type: z.enum(ACTION_TYPES),
  at: instantSchema,
  note: noteSchema,
  deliverableId: recordIdSchema.optional(),
});

const strikeRecordSchema = z.strictObject({
  at: instantSchema,
  rules: list(recordIdSchema, VERDICT_LIMITS.rulesPerStrike),
  expiresAt: instantSchema.optional(),
});

// The trace (`trace: true`), as `engine/jre.ts` writes it. Values seen are free JSON (already
// bounded when written); everything else is as strict as the rest of the verdict.
const traceAtSchema = text(TRACE_LIMITS.atLength, 1);
const traceRefSchema = text(POLICY_LIMITS.refLength, 1);
const traceResultSchema = z.union([z.boolean(), z.literal("skipped")]);

const traceConditionSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    at: traceAtSchema,
    kind: z.enum(["all", "any", "not"]),
    result: traceResultSchema,
  }),
  z.strictObject({
    at: traceAtSchema,
    kind: z.literal("leaf"),
    fact: traceRefSchema,
    path: text(POLICY_LIMITS.refLength).optional(),
    operator: text(POLICY_LIMITS.idLength, 1),
    value: z.unknown().optional(),
    valueFrom: z
      .strictObject({ fact: traceRefSchema, path: text(POLICY_LIMITS.refLength).optional() })
      .optional(),
    factValue: z.unknown().optional(),
    result: traceResultSchema,
    clipped: z.literal(true).optional(),
  }),
]);

const traceEntrySchema = z.strictObject({
  phase: z.enum(["violations", "exceptions", "sanctions"]),
  rule: recordIdSchema,
  deliverableId: recordIdSchema.optional(),
  claimId: recordIdSchema.optional(),
  result: z.boolean(),
  conditions: list(traceConditionSchema, POLICY_LIMITS.conditionsPerRule).min(
    1,
    "must not be empty",
  ),
});

/** The zod schema of a {@link Verdict}; its output type is exactly `Verdict`. */
export const verdictSchema = z.strictObject({
  policy: z.strictObject({
    id: recordIdSchema,
    version: recordIdSchema,
    // Optional: verdicts stored before digests existed stay readable.
    digest: z
      .string()
      .regex(/^[0-9a-f]{64}$/, "must be a SHA-256 digest: 64 lower-case hex digits")
      .optional(),
    effectiveFrom: instantSchema.optional(),
  }),
  campaignId: recordIdSchema,
  influencerId: recordIdSchema,
  asOf: instantSchema.describe("The instant the facts were judged at."),
  status: z.enum(OUTCOMES).describe("The outcome of the findings, the most severe first."),
  noShow: z.boolean().describe("A no-show rule is violated and not excused."),
  findings: list(findingSchema, VERDICT_LIMITS.listItems).describe("Every rule that applied."),
  violations: list(findingSchema, VERDICT_LIMITS.listItems).describe(
    "Findings that are violations.",
  ),
  exceptions: list(exceptionDecisionSchema, VERDICT_LIMITS.listItems).describe("Claims decided."),
  sanctions: list(sanctionSchema, VERDICT_LIMITS.listItems).describe("Sanctions and remedies."),
  actions: list(actionSchema, VERDICT_LIMITS.listItems).describe("Next steps, with times."),
  nextCheckAt: instantSchema
    .nullable()
    .describe("The earliest instant this verdict can change with no new facts, or null."),
  strike: strikeRecordSchema.nullable().describe("The strike this verdict records, or null."),
  trace: list(traceEntrySchema, VERDICT_LIMITS.listItems)
    .optional()
    .describe("Condition-level trace (evaluate with trace: true)."),
});

// Compile-time guard: the schema and `types.ts` must describe the same shape, both ways, so a
// field added to `Verdict` without the schema (which would refuse genuine verdicts) fails `tsc`.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesVerdict: Same<z.output<typeof verdictSchema>, Verdict> = true;
void schemaMatchesVerdict;

/**
 * Validates a verdict that comes back from storage, a queue or a hand edit.
 *
 * @param input - The untrusted verdict.
 * @returns The verdict, with its instants normalised to UTC (a new object; the input is untouched).
 * @throws {@link ValidationError} with code `INVALID_VERDICT`, listing every problem with its path and issue code.
 * @example
 * const verdict = parseVerdict(JSON.parse(stored));
 */
export function parseVerdict(input: unknown): Verdict {
  return parseWith(verdictSchema, input, "INVALID_VERDICT");
}
