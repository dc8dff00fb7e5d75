/**
 * Templates and evidence cannot amplify a large fact into a huge verdict, and describing a
 * duration never hangs (both were found by the fuzz suites).
 */
import { describe, expect, it } from "vitest";
import { describeElapsed } from "../src/core/time.js";
import { all, evaluate, findingRule, parsePolicy, when } from "../src/index.js";
import { renderValue } from "../src/render/template.js";
import { seoulFacts } from "./fixtures.js";

const caption = "#ad ".repeat(262_144); // 1 MiB, the caption cap

function amplifyingPolicy() {
  const placeholders = Array.from({ length: 100 }, () => "{deliverable.facts.post.caption}");
  return parsePolicy({
    id: "amplifier",
    version: "1.0.0",
    parameters: {},
    rules: findingRule("amplifier.caption", {
      kind: "breach",
      role: "other",
      scope: "deliverable",
      evidence: Object.fromEntries(
        Array.from({ length: 100 }, (_, i) => [`copy${i}`, "deliverable.facts"]),
      ),
      branches: [
        {
          outcome: "compliant",
          when: all(when("deliverable.posted", "equal", true)),
          explanation: `Caption: ${placeholders.join(" / ")}`,
        },
      ],
    }),
  });
}

describe("bounded rendering", { timeout: 60_000 }, () => {
  it("a rule quoting a 1 MiB caption 100 times, with 100 evidence copies, gives a small verdict", async () => {
    const facts = seoulFacts({
      deliverables: [
        { id: "feed", kind: "post", post: { publishedAt: "2026-03-05T12:00:00+09:00", caption } },
      ],
    });
    const verdict = await evaluate(facts, amplifyingPolicy(), { asOf: "2026-03-06T00:00:00Z" });
    const size = JSON.stringify(verdict).length;
    // 100 × 10,000 rendered characters plus 100 × 1,000 evidence characters, far below 100 MiB.
    expect(size).toBeLessThan(1_300_000);
    expect(verdict.findings[0]?.explanation).toContain("… (1048576 characters)");
  });

  it("renders at most 20 items of a list, then counts the rest", () => {
    const ids = Array.from({ length: 25 }, (_, i) => `c${i}`);
    expect(renderValue(ids, "UTC")).toBe(`${ids.slice(0, 20).join(", ")}, and 5 more`);
  });

  it("renders free text shaped like an instant as text, and a canonical instant in the zone", () => {
    expect(renderValue("2026-03-01T10:00 call", "Asia/Seoul")).toBe("2026-03-01T10:00 call");
    expect(renderValue("2026-03-01T01:00:00.000Z", "Asia/Seoul")).toBe("2026-03-01 10:00 +09:00");
  });
});

describe("describeElapsed terminates", () => {
  it.each([
    ["2026-03-31T14:59:59.000Z", "2026-04-15T00:00:00.000Z"],
    ["2026-03-31T14:59:59.000Z", "2026-04-29T15:00:00.000Z"],
    ["2026-03-31T14:59:59.000Z", "2026-04-29T14:59:59.000Z"],
  ])("from the last second of a month in Seoul: %s → %s", (start, end) => {
    expect(describeElapsed(start, end, "Asia/Seoul")).toMatch(/^\d+ (day|days)( \d+ \w+)*$/);
  });

  it("gives a verdict for the fixture past its deadline (it used to hang)", async () => {
    const { mediance } = await import("../src/index.js");
    const verdict = await evaluate(seoulFacts(), mediance(), { asOf: "2026-04-29T20:18:27Z" });
    expect(verdict.status).toBe("violation");
  });
});
