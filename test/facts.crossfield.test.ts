/**
 * Cross-field checks of the facts that run as a second pass over what parsed: an extension due
 * before it was granted, a product returned before its return was requested, and a post observed
 * before it was published are contradictions, each with its path and code, all listed at once
 * (with any type error elsewhere).
 */
import { describe, expect, it } from "vitest";
import { isValidationError, parseFacts, type ValidationIssue } from "../src/index.js";
import { seoulFacts } from "./fixtures.js";

function issuesOf(input: unknown): readonly ValidationIssue[] {
  try {
    parseFacts(input);
    return [];
  } catch (error) {
    if (isValidationError(error)) return error.issues;
    throw error;
  }
}

const published = "2026-03-05T12:00:00+09:00";
function facts(times: {
  grantedAt: string;
  newDueAt: string;
  observedAt: string;
  returnRequestedAt: string;
  returnedAt: string;
}) {
  const base = seoulFacts();
  return seoulFacts({
    deliverables: [
      {
        id: "feed",
        kind: "post",
        dueAt: "2026-03-06T23:59:59+09:00",
        extensions: [{ grantedAt: times.grantedAt, newDueAt: times.newDueAt }],
        post: {
          publishedAt: published,
          observations: [
            { at: "2026-03-06T12:00:00+09:00", state: "live" },
            { at: times.observedAt, state: "live" },
          ],
        },
      },
    ],
    product: {
      ...base.product,
      value: { amount: 45000, currency: "KRW" },
      returnRequestedAt: times.returnRequestedAt,
      returnedAt: times.returnedAt,
    },
  });
}

const good = {
  grantedAt: "2026-03-04T10:00:00+09:00",
  newDueAt: "2026-03-08T23:59:59+09:00",
  observedAt: published,
  returnRequestedAt: "2026-03-20T10:00:00+09:00",
  returnedAt: "2026-03-20T10:00:00+09:00",
};

describe("cross-field checks of extensions, returns and observations", () => {
  it("accepts equal instants (the checks are 'not before')", () => {
    expect(issuesOf(facts(good))).toEqual([]);
  });

  it("lists every contradiction at once, with a type error elsewhere", () => {
    const input = facts({
      grantedAt: "2026-03-04T10:00:00+09:00",
      newDueAt: "2026-03-04T09:59:59+09:00",
      observedAt: "2026-03-05T11:59:59+09:00",
      returnRequestedAt: "2026-03-20T10:00:00+09:00",
      returnedAt: "2026-03-19T10:00:00+09:00",
    });
    (input.influencer as { handle: unknown }).handle = 42;
    expect(issuesOf(input)).toEqual([
      {
        code: "invalid_type",
        path: "influencer.handle",
        message: "Invalid input: expected string, received number",
      },
      {
        code: "contradiction",
        path: "deliverables.0.extensions.0.newDueAt",
        message: "must not be before grantedAt",
      },
      {
        code: "contradiction",
        path: "deliverables.0.post.observations.1.at",
        message: "must not be before the post's publishedAt",
      },
      {
        code: "contradiction",
        path: "product.returnedAt",
        message: "must not be before returnRequestedAt",
      },
    ]);
  });

  it("compares instants, not their text: offsets are read", () => {
    // 09:00 in Seoul is 00:00 UTC: the same instant as the grant written in UTC.
    expect(
      issuesOf(
        facts({
          ...good,
          grantedAt: "2026-03-04T00:00:00Z",
          newDueAt: "2026-03-04T09:00:00+09:00",
        }),
      ),
    ).toEqual([]);
    expect(
      issuesOf(
        facts({
          ...good,
          grantedAt: "2026-03-04T00:00:01Z",
          newDueAt: "2026-03-04T09:00:00+09:00",
        }),
      ),
    ).toMatchObject([{ path: "deliverables.0.extensions.0.newDueAt" }]);
  });
});
