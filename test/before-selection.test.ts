/**
 * A post published before the influencer was selected is not this campaign's content: no rule
 * judges its timeliness or its terms (the derived `onTime`, `lateBy` and the terms' counts are
 * null), so the rules that would have judged it (Ainfluencer's terms-mismatch, Refluenced's
 * content-late, Flinque's guidelines) come out `needs_review`, naming the contradiction, and no
 * sanction follows from it. A post published after the selection is judged as before.
 */
import { describe, expect, it } from "vitest";
import { deriveFacts } from "../src/derive/derive.js";
import { parseFacts } from "../src/facts/parse.js";
import { ainfluencer, evaluateSync, refluenced } from "../src/index.js";
import { participation, post } from "../src/testing/index.js";
import { deliverable, goodPost, nyFacts } from "./ainfluencer.fixtures.js";
import { BERLIN } from "./fixtures.js";

function derivedDeliverable(facts: unknown, asOf: string) {
  return deriveFacts(parseFacts(facts), ainfluencer().parameters, asOf).deliverables[0];
}

describe("Ainfluencer's terms-mismatch on a post published before selection", () => {
  // Selected 2026-04-02 10:00 EDT; this post went up the day before, and differs from the terms.
  const early = goodPost({ publishedAt: "2026-04-01T18:30:00-04:00", caption: "no label" });
  const asOf = "2026-04-20T00:00:00Z";

  it("is needs_review naming the contradiction, and nothing is withheld or refunded", () => {
    const verdict = evaluateSync(
      nyFacts({ deliverables: [deliverable("feed", { post: early })] }),
      ainfluencer(),
      { asOf },
    );
    const terms = verdict.findings.find((finding) => finding.rule === "ainfluencer.terms-mismatch");
    expect(terms).toMatchObject({ outcome: "needs_review", deliverableId: "feed" });
    expect(terms?.explanation).toContain("before the influencer was selected at");
    expect(terms?.explanation).toContain("not this campaign's content");
    expect(verdict.violations.map((finding) => finding.rule)).not.toContain(
      "ainfluencer.terms-mismatch",
    );
    expect(verdict.sanctions.map((sanction) => sanction.type)).not.toContain("withhold_payout");
  });

  it("still judges the same mismatching post published after selection as a violation", () => {
    const late = goodPost({ caption: "no label" });
    const verdict = evaluateSync(
      nyFacts({ deliverables: [deliverable("feed", { post: late })] }),
      ainfluencer(),
      { asOf },
    );
    const terms = verdict.findings.find((finding) => finding.rule === "ainfluencer.terms-mismatch");
    expect(terms?.outcome).toBe("violation");
  });

  it("derives unknown terms counts and timeliness for it, known ones otherwise", () => {
    const before = derivedDeliverable(
      nyFacts({ deliverables: [deliverable("feed", { post: early })] }),
      asOf,
    );
    expect(before).toMatchObject({ publishedBeforeSelection: true, onTime: null, lateBy: null });
    expect(before?.terms).toMatchObject({
      mismatchCount: null,
      uncapturedCount: null,
      guidelineMismatchCount: null,
    });
    const after = derivedDeliverable(nyFacts(), asOf);
    expect(after).toMatchObject({ publishedBeforeSelection: false, onTime: true });
    expect(after?.terms?.mismatchCount).toBe(0);
    expect(after?.terms?.uncapturedCount).toEqual(expect.any(Number));
  });
});

describe("Refluenced's content-late on content synced before selection", () => {
  const facts = (publishedAt: string) =>
    participation({
      ...BERLIN,
      deliverables: [
        {
          id: "reel-1",
          kind: "reel",
          dueAt: "2026-03-31T23:59:59+02:00",
          post: post(publishedAt),
        },
      ],
    });
  const asOf = "2026-04-02T12:00:00+02:00";
  const contentLate = (publishedAt: string) =>
    evaluateSync(facts(publishedAt), refluenced(), { asOf }).findings.find(
      (finding) => finding.rule === "refluenced.content-late",
    );

  it("is needs_review (not compliant: it is not this campaign's content)", () => {
    const finding = contentLate("2026-03-01T10:00:00+01:00");
    expect(finding?.outcome).toBe("needs_review");
    expect(finding?.explanation).toContain("before the influencer was selected at");
  });

  it("content synced after selection and on time is still compliant", () => {
    expect(contentLate("2026-03-10T10:00:00+01:00")?.outcome).toBe("compliant");
  });
});
