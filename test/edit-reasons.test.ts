/**
 * `editRequestReasons`: which edit-request reasons the `deliverable.edits` summary counts. The
 * default is what every preset had before the parameter (guideline and disclosure requests), so
 * presets judge the same; a policy may widen or narrow it; an unknown reason is a policy error
 * with a hint.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EDIT_REQUEST_REASONS } from "../src/facts/schema.js";
import {
  evaluateSync,
  isValidationError,
  mediance,
  type Policy,
  parsePolicy,
} from "../src/index.js";
import {
  deliverable,
  type EditRequestSpec,
  editRequest,
  participation,
  post,
} from "../src/testing/index.js";
import { SEOUL } from "./fixtures.js";

/** A reason an edit request may give. */
type EditReason = NonNullable<EditRequestSpec["reason"]>;

const RULE = "mediance.edit-request-ignored";
const asOf = "2026-03-20T00:00:00+09:00";

/** A posted deliverable with one unanswered edit request of `reason`, well past its window. */
function factsWith(reason: EditReason) {
  return participation({
    ...SEOUL,
    deliverables: [
      deliverable({
        id: "feed",
        post: post("2026-03-05 10:00"),
        editRequests: [editRequest("2026-03-06 10:00", { id: "edit-1", reason })],
      }),
    ],
  });
}

function withReasons(reasons: unknown): Policy {
  const base = mediance();
  return parsePolicy({ ...base, parameters: { ...base.parameters, editRequestReasons: reasons } });
}

function editFinding(policy: Policy, reason: EditReason) {
  const verdict = evaluateSync(factsWith(reason), policy, { asOf });
  return verdict.findings.find((finding) => finding.rule === RULE);
}

describe("editRequestReasons", () => {
  it("defaults to guideline and disclosure requests: an 'other' request asks for no answer", () => {
    expect(editFinding(mediance(), "guideline_mismatch")?.outcome).toBe("violation");
    expect(editFinding(mediance(), "disclosure")?.outcome).toBe("violation");
    // Not counted: the rule's "no edit request" branch leaves no finding.
    expect(editFinding(mediance(), "other")).toBeUndefined();
  });

  it("the default list given explicitly judges exactly as the preset does", () => {
    const explicit = withReasons(["guideline_mismatch", "disclosure"]);
    fc.assert(
      fc.property(fc.constantFrom(...EDIT_REQUEST_REASONS), (reason) => {
        const a = evaluateSync(factsWith(reason), mediance(), { asOf });
        const b = evaluateSync(factsWith(reason), explicit, { asOf });
        expect(b.findings).toEqual(a.findings);
        expect(b.sanctions).toEqual(a.sanctions);
      }),
    );
  });

  it("a policy can count 'other' requests too", () => {
    const policy = withReasons(["guideline_mismatch", "disclosure", "other"]);
    const finding = editFinding(policy, "other");
    expect(finding?.outcome).toBe("violation");
    expect(finding?.evidence.overdue).toEqual([
      expect.objectContaining({ id: "edit-1", respondedAt: null }),
    ]);
  });

  it("a policy can narrow the list: a disclosure request no longer counts", () => {
    const policy = withReasons(["guideline_mismatch"]);
    expect(editFinding(policy, "disclosure")).toBeUndefined();
    expect(editFinding(policy, "guideline_mismatch")?.outcome).toBe("violation");
  });

  it("for every subset of reasons, a request counts exactly when its reason is listed", () => {
    fc.assert(
      fc.property(
        fc.subarray([...EDIT_REQUEST_REASONS], { minLength: 1 }),
        fc.constantFrom(...EDIT_REQUEST_REASONS),
        (reasons, reason) => {
          const finding = editFinding(withReasons(reasons), reason);
          if (reasons.includes(reason)) expect(finding?.outcome).toBe("violation");
          else expect(finding).toBeUndefined();
        },
      ),
      { numRuns: 40 },
    );
  });

  it("an unknown reason is a ValidationError naming it, with a did-you-mean hint", () => {
    let error: unknown;
    try {
      withReasons(["guidline_mismatch", "disclosure"]);
    } catch (caught) {
      error = caught;
    }
    expect(isValidationError(error)).toBe(true);
    if (!isValidationError(error)) return;
    expect(error.code).toBe("INVALID_POLICY");
    expect(error.issues).toEqual([
      expect.objectContaining({
        path: "parameters.editRequestReasons.0",
        message: expect.stringContaining('did you mean "guideline_mismatch"?'),
      }),
    ]);
  });

  it("an empty list, or one that is not a list, is refused", () => {
    for (const bad of [[], "disclosure", [42]]) {
      let error: unknown;
      try {
        withReasons(bad);
      } catch (caught) {
        error = caught;
      }
      expect(isValidationError(error), JSON.stringify(bad)).toBe(true);
      if (isValidationError(error))
        expect(error.issues[0]?.path).toMatch(/^parameters\.editRequestReasons/);
    }
  });
});
