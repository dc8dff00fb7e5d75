import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Deliverable, evaluate, flinque, parseFacts } from "../src/index.js";
import { checkDisclosure, FLINQUE_RULES, resolveDisclosureProfile } from "../src/policy-entry.js";

const HOUR = 3_600_000;
const START = Date.parse("2026-04-01T00:00:00Z");

function deliverableWith(caption: string): Deliverable {
  return parseFacts({
    campaign: {
      id: "c",
      kind: "paid",
      timezone: "UTC",
      startsAt: "2026-04-01T00:00:00Z",
      endsAt: "2026-04-30T00:00:00Z",
    },
    influencer: { id: "i" },
    participation: { selectedAt: "2026-03-01T00:00:00Z" },
    deliverables: [
      {
        id: "d",
        kind: "post",
        terms: { disclosureRequired: true },
        post: { publishedAt: "2026-04-02T00:00:00Z", caption },
      },
    ],
  }).deliverables[0] as Deliverable;
}

/** Filler that can never form a label: `x`, spaces and an emoji (one character, two UTF-16 units). */
const filler = fc
  .array(fc.constantFrom("x", " ", "🌿"), { maxLength: 200 })
  .map((parts) => parts.join(""));

describe("flinque properties", () => {
  it("#ad is disclosed iff its last character is within the first 125 (both profiles)", () => {
    fc.assert(
      fc.property(filler, filler, (before, after) => {
        const caption = `${before} #ad ${after}`;
        const end = Array.from(before).length + 4; // " #ad" ends here, 1-based
        for (const id of ["us-ftc", "uk-asa"] as const) {
          const check = checkDisclosure(deliverableWith(caption), resolveDisclosureProfile(id));
          expect(check.label?.end).toBe(end);
          expect(check.status).toBe(end <= 125 ? "disclosed" : "too_late");
        }
      }),
      { numRuns: 150 },
    );
  });

  it("the steps keep their offsets from the breach: answer due, then escalation", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 20 * 24 }),
        fc.integer({ min: 1, max: 72 }),
        fc.integer({ min: 1, max: 240 }),
        fc.integer({ min: 0, max: 400 }),
        async (dueHours, responseHours, escalateHours, asOfHours) => {
          const dueAt = new Date(START + dueHours * HOUR).toISOString();
          const asOf = new Date(START + (dueHours + 1) * HOUR + asOfHours * HOUR).toISOString();
          const verdict = await evaluate(
            {
              campaign: {
                id: "c",
                kind: "paid",
                timezone: "Asia/Kolkata",
                startsAt: "2026-04-01T00:00:00Z",
                endsAt: "2026-05-30T00:00:00Z",
              },
              influencer: { id: "i" },
              participation: { selectedAt: "2026-03-01T00:00:00Z" },
              deliverables: [{ id: "d", kind: "post", dueAt }],
            },
            flinque({
              responseWindow: { hours: responseHours },
              escalateAfter: { hours: escalateHours },
            }),
            { asOf },
          );
          expect(verdict.violations.map((finding) => finding.rule)).toEqual([
            FLINQUE_RULES.deliverableMissing,
          ]);
          const at = (type: string) =>
            verdict.actions.filter((action) => action.type === type).map((a) => a.at);
          const plus = (hours: number) => new Date(START + hours * HOUR).toISOString();
          expect(at("message_influencer")).toEqual([plus(dueHours)]);
          expect(at("collect_evidence")).toEqual([plus(dueHours + responseHours)]);
          expect(at("review_contract")).toEqual([plus(dueHours + responseHours)]);
          expect(at("report_to_support")).toEqual([plus(dueHours + escalateHours)]);
          expect(at("recheck")).toEqual([plus(dueHours + escalateHours)]);
          // Future steps count; a recheck at exactly asOf (an inclusive bound) counts 1 ms later.
          const now = Date.parse(asOf);
          const future = verdict.actions
            .map((action) =>
              action.type === "recheck" && Date.parse(action.at) === now
                ? new Date(now + 1).toISOString()
                : action.at,
            )
            .filter((time) => Date.parse(time) > now)
            .sort();
          expect(verdict.nextCheckAt).toBe(future[0] ?? null);
        },
      ),
      { numRuns: 60 },
    );
  });
});
