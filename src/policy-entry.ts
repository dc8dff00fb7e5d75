/**
 * `noshow-policy/policy`: the lower-level pieces for authoring and inspecting policies — the fact
 * catalogue, operators, shared rule pieces, schemas and limits, the presets' parameter schemas and
 * rule ids, and the derived-fact types. The everyday API is the root entry, `noshow-policy`.
 *
 * @module noshow-policy/policy
 */

export type { Phase, Scope } from "./derive/catalogue.js";
export { COMMON_FACTS, SCOPED_FACTS } from "./derive/catalogue.js";
export type { DerivedClaim } from "./derive/claims.js";
export type { DeadlineBasis, DeadlineEvent, RelativeDeadline } from "./derive/deadlines.js";
export {
  DEADLINE_EVENTS,
  DEFAULT_EDIT_REQUEST_REASONS,
  editRequestReasonsSchema,
  MAX_RELATIVE_DEADLINE_DAYS,
  relativeDeadlineSchema,
} from "./derive/deadlines.js";
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
export type { EscalationCase, EscalationFacts } from "./derive/escalation.js";
export type { FactDeclaration, FactFamily } from "./derive/family.js";
export type { FindingsFact } from "./derive/findings.js";
export type { CatalogueParameters } from "./derive/parameters.js";
export {
  CATALOGUE_PARAMETER_NAMES,
  catalogueParameters,
  catalogueParametersSchema,
} from "./derive/parameters.js";
export type { FactName } from "./derive/registry.js";
export { FACT_FAMILIES, FACTS, factShapesFor } from "./derive/registry.js";
export type { ResponseBreach, ResponseSummary } from "./derive/responses.js";
export type { Retention, RetentionStatus } from "./derive/retention.js";
export type { Shape } from "./derive/shape.js";
export { describeShape, resolveShape } from "./derive/shape.js";
export type { TermElement, TermMismatch, TermsCheck } from "./derive/terms.js";
export type { Interval } from "./engine/operators.js";
export {
  customOperators,
  durationOperators,
  guardedBuiltInOperators,
  guardedDecorators,
} from "./engine/operators.js";
export { MAX_ISSUES } from "./errors.js";
export { MAX_FINDINGS } from "./evaluate/evaluate.js";
export type { EditRequestReason, ExceptionType } from "./facts/schema.js";
export {
  CAMPAIGN_KINDS,
  DELIVERABLE_KINDS,
  durationSchema,
  EDIT_REQUEST_REASONS,
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
export type { Evaluation, ImposedStatus } from "./facts/standing.js";
export { STANDING_LIMITS, STANDING_STATUSES } from "./facts/standing.js";
export type { JsonSchemaGap } from "./json-schema.js";
export { JSON_SCHEMA_GAPS, JSON_SCHEMA_IDS, JSON_SCHEMA_VERSION } from "./json-schema.js";
export { canonicalJson, policyDigest } from "./policy/digest.js";
export { parametersOf } from "./policy/extend.js";
export type { CustomOperatorName } from "./policy/operators.js";
export {
  BUILT_IN_OPERATORS,
  CUSTOM_OPERATORS,
  KNOWN_OPERATORS,
  OPERANDS,
  OPERATOR_DECORATORS,
} from "./policy/operators.js";
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
  ExceptionEventParams,
  LeafCondition,
  SanctionEventParams,
  SanctionSpec,
  ViolationEventParams,
} from "./policy/schema.js";
export { POLICY_LIMITS } from "./policy/schema.js";
export {
  isPolicySet,
  isPolicySetDocument,
  MAX_POLICY_VERSIONS,
  parsePolicySet,
  VERSION_PICKS,
} from "./policy/versions.js";
export {
  AINFLUENCER_DEFAULTS,
  AINFLUENCER_RULES,
  ainfluencerParametersSchema,
} from "./presets/ainfluencer.js";
export {
  FLINQUE_DEFAULTS,
  FLINQUE_RULES,
  flinqueParametersSchema,
} from "./presets/flinque.js";
export {
  MEDIANCE_DEFAULTS,
  MEDIANCE_RULES,
  medianceParametersSchema,
} from "./presets/mediance.js";
export {
  REFLUENCED_DEFAULTS,
  REFLUENCED_RULES,
  refluencedParametersSchema,
} from "./presets/refluenced.js";
export { isPresetId, PRESET_IDS } from "./presets/registry.js";
export {
  SOCIAL_LOUDER_DEFAULTS,
  SOCIAL_LOUDER_EFFECTIVE_FROM,
  SOCIAL_LOUDER_RULES,
  socialLouderParametersSchema,
} from "./presets/social-louder.js";
export { MAX_REPLAY_ERROR_ISSUES, MAX_REPLAY_EXAMPLES } from "./replay/replay.js";
export { VERDICT_LIMITS } from "./verdict/schema.js";
export { aggregateStatus } from "./verdict/status.js";
export {
  ACTION_TYPES,
  FINDING_KINDS,
  FINDING_ROLES,
  OUTCOMES,
  SANCTION_TYPES,
} from "./verdict/types.js";
