/**
 * A condition comparing two facts is checked by their precise kinds, not only by scalar class:
 * two enums with no member in common, or an instant and an enum, never hold the same value.
 */
import { describe, expect, it } from "vitest";
import { isValidationError, parsePolicy } from "../src/index.js";

function issuesOf(fact: string, path: string, value: { fact: string; path: string }) {
  try {
    parsePolicy({
      id: "acme",
      version: "1",
      parameters: {},
      rules: [
        {
          name: "acme.check/rule",
          conditions: { all: [{ fact, path, operator: "equal", value }] },
          event: {
            type: "acme.check",
            params: {
              phase: "violations",
              kind: "breach",
              role: "other",
              scope: "deliverable",
              outcome: "violation",
              explanation: "Checked.",
            },
          },
        },
      ],
    });
    return [];
  } catch (error) {
    if (!isValidationError(error)) throw error;
    return error.issues;
  }
}

describe("fact-to-fact equality by precise kind", () => {
  it("refuses two enums with no member in common", () => {
    expect(
      issuesOf("deliverable", "$.retention.status", {
        fact: "participation",
        path: "$.cancelledBy",
      }),
    ).toEqual([
      {
        code: "invalid_policy",
        path: 'rules["acme.check/rule"].conditions.all[0].value',
        message: expect.stringMatching(
          /^operator "equal" compares deliverable\.retention\.status \(one of .*\) with participation\.cancelledBy \(one of "influencer", .*\): they never match$/,
        ),
      },
    ]);
  });

  it("refuses an instant against an enum", () => {
    expect(
      issuesOf("deliverable", "$.publishedAt", { fact: "participation", path: "$.cancelledBy" }),
    ).toMatchObject([{ code: "invalid_policy", message: expect.stringContaining("never match") }]);
  });

  it("accepts enums that share members, instants with instants, and text with an instant", () => {
    expect(
      issuesOf("deliverable", "$.retention.removalState", {
        fact: "deliverable",
        path: "$.facts.post.observations[0].state",
      }),
    ).toEqual([]);
    expect(
      issuesOf("deliverable", "$.publishedAt", { fact: "deliverable", path: "$.dueAt" }),
    ).toEqual([]);
    expect(issuesOf("deliverable", "$.postUrl", { fact: "deliverable", path: "$.dueAt" })).toEqual(
      [],
    );
  });
});
