/**
 * `noshow-policy/testing`: typed fact builders, verdict matchers and the scenario runner behind
 * `noshow-policy test`. Nothing here imports vitest: install the matchers with
 * `import "noshow-policy/testing/vitest"` (or `expect.extend(noShowMatchers)`).
 *
 * @module noshow-policy/testing
 */
export type {
  CampaignKind,
  ClaimSpec,
  ContactSpec,
  DeliverableKind,
  DeliverableSpec,
  EditRequestSpec,
  ExceptionType,
  ObservationCause,
  ObservationSpec,
  ObservationState,
  ParticipationSpec,
  PaymentSpec,
  PostSpec,
  ProductSpec,
  VoucherSpec,
} from "./builders.js";
export {
  claim,
  contact,
  DEFAULT_VALUE,
  deliverable,
  editRequest,
  money,
  observation,
  PARTICIPATION_DEFAULTS,
  participation,
  payment,
  post,
  product,
  voucher,
} from "./builders.js";
export type {
  CaseExpectation,
  InvalidTestFile,
  PolicyTestCase,
  PolicyTestFileInput,
  PolicyTestSuite,
} from "./file.js";
export { checkPolicyTestFile, loadPolicyTestFile, policyTestFileSchema } from "./file.js";
export { formatTestRun, formatTestRunJson } from "./format.js";
export type { FindingAddress, MatcherResult, NoShowMatchers } from "./matchers.js";
export { noShowMatchers } from "./matchers.js";
export type {
  CaseResult,
  FileResult,
  Mismatch,
  PolicyCoverage,
  PolicyLabel,
  PolicyTestRun,
  RuleCoverage,
  RulePhase,
} from "./runner.js";
export { compareVerdict, runPolicyTests } from "./runner.js";
export type { WallTime } from "./time.js";
export { isWallTime, wallTime } from "./time.js";
