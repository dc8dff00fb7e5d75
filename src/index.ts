/**
 * noshow-policy: decide whether an influencer was a no-show, whether an exception excuses it,
 * and what follows — policies as data on json-rules-engine.
 */

export type { Phase, Scope } from "./derive/catalogue.js";
export { COMMON_FACTS, SCOPED_FACTS } from "./derive/catalogue.js";
export type { CommonFacts, DerivedDeliverable } from "./derive/derive.js";
export type {
  DisclosureCheck,
  DisclosureProfile,
  DisclosureProfileParameter,
  DisclosureStatus,
  LabelMatch,
} from "./derive/disclosure.js";
export {
  checkDisclosure,
  DISCLOSURE_PROFILE_IDS,
  DISCLOSURE_PROFILES,
  disclosureProfileSchema,
  findLabels,
  resolveDisclosureProfile,
} from "./derive/disclosure.js";
export type { CatalogueParameters } from "./derive/parameters.js";
export { catalogueParametersSchema } from "./derive/parameters.js";
export type { ResponseBreach, ResponseSummary } from "./derive/responses.js";
export type { Retention, RetentionStatus } from "./derive/retention.js";
export type { TermElement, TermMismatch, TermsCheck } from "./derive/terms.js";
export type { Interval } from "./engine/operators.js";
export {
  customOperators,
  durationOperators,
  guardedBuiltInOperators,
  guardedDecorators,
} from "./engine/operators.js";
export type {
  NoShowPolicyErrorCode,
  ValidationErrorCode,
  ValidationIssue,
  ValidationIssueCode,
} from "./errors.js";
export {
  isNoShowPolicyError,
  isValidationError,
  MAX_ISSUES,
  NoShowPolicyError,
  ValidationError,
} from "./errors.js";
export type { EscalationCase, EscalationFacts } from "./evaluate/escalation.js";
export type { CompiledPolicy, EvaluateOptions } from "./evaluate/evaluate.js";
export { compilePolicy, evaluate, evaluateSync, MAX_FINDINGS } from "./evaluate/evaluate.js";
export type { DerivedClaim } from "./evaluate/exceptions.js";
export type { FindingsFact } from "./evaluate/sanctions.js";
export { parseFacts } from "./facts/parse.js";
export type {
  CampaignFacts,
  CampaignFactsInput,
  Contact,
  Deliverable,
  Duration,
  ExceptionClaim,
  ExceptionType,
  Money,
  Observation,
} from "./facts/schema.js";
export {
  CAMPAIGN_KINDS,
  campaignFactsSchema,
  DELIVERABLE_KINDS,
  durationSchema,
  EXCEPTION_TYPES,
  FACTS_LIMITS,
  FACTS_YEARS,
  instantSchema,
  MAX_DURATION_YEARS,
  moneySchema,
  OBSERVATION_CAUSES,
  OBSERVATION_STATES,
  positiveDurationSchema,
} from "./facts/schema.js";
export type {
  Evaluation,
  ImposedStatus,
  NoShowRecord,
  Standing,
  StandingStatus,
  Strike,
} from "./facts/standing.js";
export { STANDING_LIMITS, STANDING_STATUSES, standingSchema } from "./facts/standing.js";
export type { JsonSchema } from "./json-schema.js";
export { jsonSchemas } from "./json-schema.js";
export type { OutcomeBranch } from "./policy/builders.js";
export {
  all,
  any,
  exceptionRule,
  findingRule,
  not,
  ref,
  sanctionRule,
  when,
} from "./policy/builders.js";
export type { DeadlineWording, ResponseWording, RetentionWording } from "./policy/pieces.js";
export {
  DEADLINE_EVIDENCE,
  deadlineBranches,
  decidedClaimRules,
  RETENTION_EVIDENCE,
  responseBranches,
  retentionBranches,
} from "./policy/pieces.js";
export type {
  ActionSpec,
  Condition,
  ExceptionEventParams,
  LeafCondition,
  Policy,
  PolicyRule,
  SanctionEventParams,
  SanctionSpec,
  TopLevelCondition,
  ViolationEventParams,
} from "./policy/schema.js";
export { POLICY_LIMITS, parsePolicy, policySchema } from "./policy/schema.js";
export type { AinfluencerParameters } from "./presets/ainfluencer.js";
export {
  AINFLUENCER_DEFAULTS,
  AINFLUENCER_RULES,
  ainfluencer,
  ainfluencerParametersSchema,
} from "./presets/ainfluencer.js";
export type { FlinqueParameters } from "./presets/flinque.js";
export {
  FLINQUE_DEFAULTS,
  FLINQUE_RULES,
  flinque,
  flinqueParametersSchema,
} from "./presets/flinque.js";
export type { MedianceParameters } from "./presets/mediance.js";
export {
  MEDIANCE_DEFAULTS,
  MEDIANCE_RULES,
  mediance,
  medianceParametersSchema,
} from "./presets/mediance.js";
export type { RefluencedParameters } from "./presets/refluenced.js";
export {
  REFLUENCED_DEFAULTS,
  REFLUENCED_RULES,
  refluenced,
  refluencedParametersSchema,
} from "./presets/refluenced.js";
export { formatVerdict } from "./render/format.js";
export { applyVerdict, emptyStanding, initialStanding, reinstate } from "./standing/standing.js";
export { parseVerdict, VERDICT_LIMITS, verdictSchema } from "./verdict/schema.js";
export { aggregateStatus } from "./verdict/status.js";
export type {
  Action,
  ActionType,
  ExceptionDecision,
  Finding,
  FindingKind,
  Outcome,
  Sanction,
  SanctionType,
  StrikeRecord,
  Verdict,
  VerdictStatus,
} from "./verdict/types.js";
export { ACTION_TYPES, FINDING_KINDS, OUTCOMES, SANCTION_TYPES } from "./verdict/types.js";
