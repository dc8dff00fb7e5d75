/**
 * The README's quick start runs as written: its ```ts blocks, with `noshow-policy` pointed at this
 * checkout's source, run under tsx in a temporary file, and every `console.log(...) // → text`
 * prints that text (a multi-line print: one of its lines equals it). Its policy test file
 * example passes as written, and what it says of the presets' coverage is what the run reports.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PRESETS } from "../src/index.js";
import { formatTestRun, runPolicyTests } from "../src/testing/index.js";
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

describe("README policy test files", () => {
  const testing = section(readFileSync(join(ROOT, "README.md"), "utf8"), "Testing your policy");

  it("the test file example passes as written", () => {
    const blocks = [...testing.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? "");
    const example = blocks.find((block) => block.startsWith("# mediance.test.yaml\n"));
    expect(example, "a ```yaml block starting # mediance.test.yaml").toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), "noshow-readme-"));
    try {
      const file = join(dir, "mediance.test.yaml");
      writeFileSync(file, example ?? "");
      const run = runPolicyTests([file]);
      expect(run.invalid).toEqual([]);
      expect(run.failed, formatTestRun(run)).toBe(0);
      expect(run.passed).toBeGreaterThan(0);
      // What it declares unreachable is a real rule that no case reaches.
      expect(run.coverage[0]?.unreachableButExercised).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("states each preset's coverage as --coverage reports it", () => {
    const dir = join(ROOT, "test", "policies");
    const files = readdirSync(dir)
      .filter((name) => name.endsWith(".test.yaml"))
      .map((name) => join(dir, name));
    const report = formatTestRun(runPolicyTests(files), { coverage: true })
      .split("\n")
      .map((line) => line.trim());
    const claimed = [...testing.matchAll(/^(\S+@\S+): \d+\/\d+ rules exercised.*$/gm)];
    const presets = Object.values(PRESETS).map((preset) => {
      const policy = preset.create();
      return `${policy.id}@${policy.version}`;
    });
    expect(claimed.map((match) => match[1]).sort()).toEqual(presets.sort());
    for (const [line] of claimed) expect(report).toContain(line);
  });
});
