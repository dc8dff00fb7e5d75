/**
 * noshow-policy: decide whether an influencer was a no-show, whether an exception excuses it,
 * and what follows — policies as data on json-rules-engine.
 */

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
export type { CompiledPolicy, EvaluateOptions } from "./evaluate.js";
export { compilePolicy, evaluate, evaluateSync, MAX_FINDINGS } from "./evaluate.js";
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
export type { JsonSchema } from "./json-schema.js";
export { jsonSchemas } from "./json-schema.js";
export type { AinfluencerParameters } from "./policies/ainfluencer.js";
export {
  AINFLUENCER_DEFAULTS,
  AINFLUENCER_RULES,
  ainfluencer,
  ainfluencerParametersSchema,
} from "./policies/ainfluencer.js";
export type { OutcomeBranch } from "./policies/builders.js";
export {
  all,
  any,
  exceptionRule,
  findingRule,
  not,
  ref,
  sanctionRule,
  when,
} from "./policies/builders.js";
export type { DeadlineWording, ResponseWording, RetentionWording } from "./policies/common.js";
export {
  DEADLINE_EVIDENCE,
  deadlineBranches,
  decidedClaimRules,
  RETENTION_EVIDENCE,
  responseBranches,
  retentionBranches,
} from "./policies/common.js";
export type { FlinqueParameters } from "./policies/flinque.js";
export {
  FLINQUE_DEFAULTS,
  FLINQUE_RULES,
  flinque,
  flinqueParametersSchema,
} from "./policies/flinque.js";
export type { MedianceParameters } from "./policies/mediance.js";
export {
  MEDIANCE_DEFAULTS,
  MEDIANCE_RULES,
  mediance,
  medianceParametersSchema,
} from "./policies/mediance.js";
export type { RefluencedParameters } from "./policies/refluenced.js";
export {
  REFLUENCED_DEFAULTS,
  REFLUENCED_RULES,
  refluenced,
  refluencedParametersSchema,
} from "./policies/refluenced.js";
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
} from "./policies/schema.js";
export { POLICY_LIMITS, parsePolicy, policySchema } from "./policies/schema.js";
export type { Phase, Scope } from "./rules/catalogue.js";
export { COMMON_FACTS, SCOPED_FACTS } from "./rules/catalogue.js";
export type { CommonFacts, DerivedDeliverable } from "./rules/derive.js";
export type {
  DisclosureCheck,
  DisclosureProfile,
  DisclosureProfileParameter,
  DisclosureStatus,
  LabelMatch,
} from "./rules/disclosure.js";
export {
  checkDisclosure,
  DISCLOSURE_PROFILE_IDS,
  DISCLOSURE_PROFILES,
  disclosureProfileSchema,
  findLabels,
  resolveDisclosureProfile,
} from "./rules/disclosure.js";
export type { Interval } from "./rules/operators.js";
export {
  customOperators,
  durationOperators,
  guardedBuiltInOperators,
  guardedDecorators,
} from "./rules/operators.js";
export type { CatalogueParameters } from "./rules/parameters.js";
export { catalogueParametersSchema } from "./rules/parameters.js";
export type { ResponseBreach, ResponseSummary } from "./rules/responses.js";
export type { Retention, RetentionStatus } from "./rules/retention.js";
export type { TermElement, TermMismatch, TermsCheck } from "./rules/terms.js";
export { applyVerdict, emptyStanding, initialStanding, reinstate } from "./standing/standing.js";
export type {
  Evaluation,
  ImposedStatus,
  NoShowRecord,
  Standing,
  StandingStatus,
  Strike,
} from "./standing/types.js";
export { STANDING_LIMITS, STANDING_STATUSES, standingSchema } from "./standing/types.js";
export type { EscalationCase, EscalationFacts } from "./verdict/escalation.js";
export type { DerivedClaim } from "./verdict/exceptions.js";
export { formatVerdict } from "./verdict/format.js";
export type { FindingsFact } from "./verdict/sanctions.js";
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
