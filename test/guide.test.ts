/**
 * The custom-policy guide (docs/guide.md) holds: every ```ts block runs as written and prints
 * what its comments say, and the fact catalogue it ends with is the registry's, as generated.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BEGIN, END, factCatalogue, withCatalogue } from "../scripts/fact-catalogue.js";
import { expectations, mismatches, ROOT, run, tsBlocks } from "./support/snippets.js";

const GUIDE = readFileSync(join(ROOT, "docs", "guide.md"), "utf8");
const blocks = tsBlocks(GUIDE);

describe("docs/guide.md", () => {
  it("has runnable blocks, each saying what it prints", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    for (const block of blocks) expect(expectations(block).length).toBeGreaterThan(0);
  });

  it.each(blocks.map((code, index) => [index + 1, code] as const))(
    "block %i runs as written and prints what its comments say",
    (_index, code) => {
      expect(mismatches(code, run(code))).toEqual([]);
    },
    120_000,
  );

  it("ends with the fact catalogue the registry generates (npx tsx scripts/fact-catalogue.ts --write)", () => {
    expect(GUIDE).toContain(BEGIN);
    expect(GUIDE).toContain(END);
    expect(withCatalogue(GUIDE)).toBe(GUIDE);
    // Not vacuous: the catalogue names the deliverable's deadline with its type.
    expect(factCatalogue()).toContain("| `deliverable.dueAt` | an instant or null |");
  });

  it("a stale catalogue is caught", () => {
    const stale = GUIDE.replace(
      "| `deliverable.dueAt` | an instant or null |",
      "| `deliverable.dueAt` | an instant |",
    );
    expect(stale).not.toBe(GUIDE);
    expect(withCatalogue(stale)).not.toBe(stale);
  });
});
