/**
 * Errors thrown by noshow-policy. Every error is data: a literal `code` and readonly fields.
 */

/** One problem found in an input, with the dotted path where it was found. */
export interface ValidationIssue {
  /** Where the problem is, e.g. `deliverables.0.post.publishedAt`; empty for the whole input. */
  readonly path: string;
  /** What is wrong, in one sentence. */
  readonly message: string;
}

/** Which input a {@link ValidationError} is about. */
export type ValidationErrorCode = "INVALID_FACTS" | "INVALID_POLICY" | "INVALID_OPTIONS";

/** Every error code the library throws. */
export type NoShowPolicyErrorCode = ValidationErrorCode;

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

/** Thrown when facts, a policy or options are malformed; lists every problem with its path. */
export class ValidationError extends NoShowPolicyError {
  override name = "ValidationError";
  declare readonly code: ValidationErrorCode;
  /** Every problem found, in input order. */
  readonly issues: readonly ValidationIssue[];

  constructor(code: ValidationErrorCode, issues: readonly ValidationIssue[]) {
    super(code, formatMessage(code, issues));
    this.issues = Object.freeze(issues.map((issue) => Object.freeze({ ...issue })));
  }
}

const SUBJECT: Record<ValidationErrorCode, string> = {
  INVALID_FACTS: "facts",
  INVALID_POLICY: "policy",
  INVALID_OPTIONS: "options",
};

function formatMessage(code: ValidationErrorCode, issues: readonly ValidationIssue[]): string {
  const lines = issues.map((issue) => `  - ${issue.path || "(root)"}: ${issue.message}`);
  const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
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
 * @returns `true` for a validation error of facts, policy or options.
 */
export function isValidationError(error: unknown): error is ValidationError {
  return (
    isNoShowPolicyError(error) &&
    (error.code === "INVALID_FACTS" ||
      error.code === "INVALID_POLICY" ||
      error.code === "INVALID_OPTIONS")
  );
}
