/**
 * noshow-policy: decide whether an influencer was a no-show, whether an exception excuses it,
 * and what follows — policies as data on json-rules-engine.
 *
 * The root entry is the everyday API. Lower-level pieces (the fact catalogue, operators, shared
 * rule pieces, limits, the presets' parameter schemas) are in `noshow-policy/policy`.
 *
 * @module noshow-policy
 */

export type { FactPath } from "./derive/registry.js";
export type {
  NoShowPolicyErrorCode,
  ValidationErrorCode,
  ValidationIssue,
  ValidationIssueCode,
} from "./errors.js";
export {
  isNoShowPolicyError,
  isValidationError,
  NoShowPolicyError,
  ValidationError,
} from "./errors.js";
export type {
  CompiledPolicy,
  CompiledPolicyVersions,
  EvaluateOptions,
} from "./evaluate/evaluate.js";
export { compilePolicy, evaluate, evaluateSync } from "./evaluate/evaluate.js";
export { parseFacts } from "./facts/parse.js";
export type {
  CampaignFacts,
  CampaignFactsInput,
  Contact,
  Deliverable,
  Duration,
  ExceptionClaim,
  Money,
  Observation,
} from "./facts/schema.js";
export { campaignFactsSchema } from "./facts/schema.js";
export type { NoShowRecord, Standing, StandingStatus, Strike } from "./facts/standing.js";
export { standingSchema } from "./facts/standing.js";
export type { JsonSchema, JsonSchemaName } from "./json-schema.js";
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
export type { ExtendOptions, RuleAddition, RulesFrom } from "./policy/extend.js";
export { extendPolicy } from "./policy/extend.js";
export type { Condition, Policy, PolicyRule, TopLevelCondition } from "./policy/schema.js";
export { parsePolicy, policySchema } from "./policy/schema.js";
export type {
  PolicySet,
  PolicyVersion,
  PolicyVersionInput,
  VersionPick,
} from "./policy/versions.js";
export { policyVersions } from "./policy/versions.js";
export type { AinfluencerParameters } from "./presets/ainfluencer.js";
export { ainfluencer } from "./presets/ainfluencer.js";
export type { FlinqueParameters } from "./presets/flinque.js";
export { flinque } from "./presets/flinque.js";
export type { MedianceParameters } from "./presets/mediance.js";
export { mediance } from "./presets/mediance.js";
export type { PolicyMeta } from "./presets/preset.js";
export type { RefluencedParameters } from "./presets/refluenced.js";
export { refluenced } from "./presets/refluenced.js";
export type { Preset, PresetId } from "./presets/registry.js";
export { PRESETS } from "./presets/registry.js";
export type { SocialLouderParameters } from "./presets/social-louder.js";
export { socialLouder, socialLouderVersions } from "./presets/social-louder.js";
export { formatVerdict } from "./render/format.js";
export type {
  ReplayAmount,
  ReplayError,
  ReplayExample,
  ReplayFindingChange,
  ReplayMoney,
  ReplayOptions,
  ReplayPolicy,
  ReplayRecord,
  ReplayReport,
  ReplaySanctionChange,
  ReplayStatusChange,
} from "./replay/replay.js";
export { replay } from "./replay/replay.js";
export { applyVerdict, emptyStanding, initialStanding, reinstate } from "./standing/standing.js";
export { parseVerdict, verdictSchema } from "./verdict/schema.js";
export type {
  Action,
  ActionType,
  ExceptionDecision,
  Finding,
  FindingKind,
  FindingRole,
  Outcome,
  Sanction,
  SanctionType,
  StrikeRecord,
  TraceCondition,
  TraceEntry,
  TraceGroupCondition,
  TraceLeafCondition,
  TracePhase,
  TraceResult,
  Verdict,
  VerdictStatus,
} from "./verdict/types.js";
