/**
 * Errors thrown by noshow-policy. Every error is data: a literal `code` and readonly fields.
 */

/**
 * What kind of problem a {@link ValidationIssue} is, as a stable literal (zod's style), so that
 * callers can branch on it without parsing the message.
 */
export type ValidationIssueCode =
  /** A value of the wrong type (a number where a string belongs, an array for an object…). */
  | "invalid_type"
  /** A required field is absent. */
  | "required"
  /** A value outside the allowed set (an enum member, a literal). */
  | "invalid_value"
  /** A string in the wrong format (an instant without an offset, an unknown zone or currency…). */
  | "invalid_format"
  /** A key the schema does not know; the message carries a "did you mean" hint when one is close. */
  | "unknown_key"
  /** A key that is never allowed: `__proto__`, `constructor`, `prototype`. */
  | "reserved_key"
  /** A number below its minimum, an empty string or list where one is required. */
  | "too_small"
  /** A number above its maximum, or a duration longer than the documented cap. */
  | "too_big"
  /** A string longer than its documented cap. */
  | "too_long"
  /** A list longer than its documented cap. */
  | "too_many"
  /** Conditions nested deeper than the documented cap. */
  | "too_deep"
  /** Two records of one list share an id. */
  | "duplicate_id"
  /** A reference to something that does not exist (a deliverable id, a fact, a rule id). */
  | "unknown_reference"
  /** Fields that contradict each other (an answer before its contact, an end before its start). */
  | "contradiction"
  /** An operator, fact, parameter or value that cannot be used where it is. */
  | "invalid_policy"
  /** An input that is valid on its own but refused in this context (another influencer's verdict). */
  | "refused"
  /** More problems than one error lists; the last issue says how many were left out. */
  | "too_many_issues";

/** One problem found in an input, with the dotted path where it was found. */
export interface ValidationIssue {
  /** What kind of problem this is. */
  readonly code: ValidationIssueCode;
  /** Where the problem is, e.g. `deliverables.0.post.publishedAt`; empty for the whole input. */
  readonly path: string;
  /** What is wrong, in one sentence. */
  readonly message: string;
}

/** Which input a {@link ValidationError} is about. */
export type ValidationErrorCode =
  | "INVALID_FACTS"
  | "INVALID_POLICY"
  | "INVALID_OPTIONS"
  | "INVALID_STANDING"
  | "INVALID_VERDICT";

/** Every error code the library throws. */
export type NoShowPolicyErrorCode = ValidationErrorCode;

/** The most issues one {@link ValidationError} lists; past it, one last issue counts the rest. */
export const MAX_ISSUES = 100;

/** The longest path or message an issue keeps (a hostile key must not become a huge message). */
const MAX_ISSUE_TEXT = 1000;

const ERROR_BRAND = Symbol.for("noshow-policy.error");

/** Base class of every error the library throws; check with {@link isNoShowPolicyError}. */
export class NoShowPolicyError extends Error {
  override name = "NoShowPolicyError";
  /** A stable, machine-readable code. */
  readonly code: NoShowPolicyErrorCode;

  constructor(code: NoShowPolicyErrorCode, message: string) {
    super(message);
    this.code = code;
    Object.defineProperty(this, ERROR_BRAND, { value: true });
  }
}

function clip(text: string): string {
  return text.length > MAX_ISSUE_TEXT
    ? `${text.slice(0, MAX_ISSUE_TEXT)}… (${text.length} characters)`
    : text;
}

function capIssues(issues: readonly ValidationIssue[]): ValidationIssue[] {
  const kept = issues
    .slice(0, MAX_ISSUES)
    .map((issue) =>
      Object.freeze({ code: issue.code, path: clip(issue.path), message: clip(issue.message) }),
    );
  if (issues.length > MAX_ISSUES) {
    kept.push(
      Object.freeze({
        code: "too_many_issues" as const,
        path: "",
        message: `and ${issues.length - MAX_ISSUES} more problems (an error lists at most ${MAX_ISSUES})`,
      }),
    );
  }
  return kept;
}

/**
 * Thrown when facts, a policy, options, a standing or a verdict are malformed; lists every
 * problem with its path and code (at most {@link MAX_ISSUES}, then a count of the rest).
 */
export class ValidationError extends NoShowPolicyError {
  override name = "ValidationError";
  declare readonly code: ValidationErrorCode;
  /** Every problem found, in input order. */
  readonly issues: readonly ValidationIssue[];

  constructor(code: ValidationErrorCode, issues: readonly ValidationIssue[]) {
    const capped = capIssues(issues);
    super(code, formatMessage(code, capped, issues.length));
    this.issues = Object.freeze(capped);
  }
}

const SUBJECT: Record<ValidationErrorCode, string> = {
  INVALID_FACTS: "facts",
  INVALID_POLICY: "policy",
  INVALID_OPTIONS: "options",
  INVALID_STANDING: "standing",
  INVALID_VERDICT: "verdict",
};

function formatMessage(
  code: ValidationErrorCode,
  issues: readonly ValidationIssue[],
  total: number,
): string {
  const lines = issues.map((issue) => `  - ${issue.path || "(root)"}: ${issue.message}`);
  const count = total === 1 ? "1 problem" : `${total} problems`;
  return `Invalid ${SUBJECT[code]} (${count}):\n${lines.join("\n")}`;
}

/**
 * Tells whether a value is an error thrown by noshow-policy, across ESM and CJS copies.
 *
 * @param error - Any caught value.
 * @returns `true` when `error` came from this library (any copy of it).
 * @example
 * try { parseFacts(input) } catch (e) { if (isNoShowPolicyError(e)) console.log(e.code) }
 */
export function isNoShowPolicyError(error: unknown): error is NoShowPolicyError {
  return typeof error === "object" && error !== null && ERROR_BRAND in error;
}

/**
 * Tells whether a value is a {@link ValidationError}, across ESM and CJS copies.
 *
 * @param error - Any caught value.
 * @returns `true` for a validation error of facts, a policy, options, a standing or a verdict.
 * @example
 * try { applyVerdict(standing, verdict) } catch (e) { if (isValidationError(e)) console.log(e.issues) }
 */
export function isValidationError(error: unknown): error is ValidationError {
  return isNoShowPolicyError(error) && error.code in SUBJECT;
}
