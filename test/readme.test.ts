/**
 * The README's quick start runs as written: its ```ts blocks, with `noshow-policy` pointed at this
 * checkout's source, run under tsx in a temporary file, and every `console.log(...) // → text`
 * prints that text (a multi-line print: one of its lines equals it).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  againstSource,
  expectations,
  mismatches,
  ROOT,
  run,
  section,
  tsBlocks,
} from "./support/snippets.js";

describe("README quick start", () => {
  const quickStart = section(readFileSync(join(ROOT, "README.md"), "utf8"), "Quick start");
  const blocks = tsBlocks(quickStart);

  it("has a ts block that imports the package and says what it prints", () => {
    expect(blocks.length).toBeGreaterThan(0);
    const code = blocks.join("\n");
    expect(code).toMatch(/from "noshow-policy"/);
    expect(expectations(code).length).toBeGreaterThan(3);
    // The specifiers are rewritten, nothing else.
    expect(againstSource(code).replaceAll(/from "file:[^"]+"/g, 'from "noshow-policy"')).toBe(code);
  });

  it("runs as written and prints what its comments say", () => {
    const code = blocks.join("\n");
    expect(mismatches(code, run(code))).toEqual([]);
  }, 120_000);

  it("a snippet that prints something else than it says is caught", () => {
    const code = "const n = 1 + 1;\nconsole.log(n); // → 3\nconsole.log(`a\\nb`); // → b\n";
    expect(mismatches(code, run(code))).toEqual(["console.log(n) printed 2, not 3"]);
  }, 120_000);
});
