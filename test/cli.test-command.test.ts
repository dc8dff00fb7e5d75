/**
 * `noshow-policy test`, run in this process (src/cli/run.ts): the CLI's usage-error conventions
 * (prefix, unreadable PATHs, --help and its exit codes), a case refused when judged (invalid
 * input, exit 2) or expecting that error (`expect.error`), and `--threshold` on the coverage.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../src/cli/common.js";
import { PRESETS } from "../src/index.js";
import { runInProcess } from "./cli-harness.js";

const POLICIES = resolve(import.meta.dirname, "policies");
// The files that test the presets themselves (the *-relative-deadline files test composed
// policies, and only their deadline rules).
const PRESET_FILES = [
  "ainfluencer.test.yaml",
  "flinque-refund.test.yaml",
  "flinque.test.yaml",
  "mediance.test.yaml",
  "refluenced-return-address.test.yaml",
  "refluenced.test.yaml",
  "social-louder.test.yaml",
].map((name) => join(POLICIES, name));

let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "nsp-test-command-"));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[]): Promise<Run> {
  return runInProcess(args, work);
}

function file(name: string, text: string): string {
  writeFileSync(join(work, name), text);
  return name;
}

const HEAD = 'policy: { preset: mediance }\ndefaults: { asOf: "2026-04-20 00:00" }\ncases:\n';
const FINE = "  - name: fine\n    expect: { status: violation }\n";
// Another influencer's standing: evaluate refuses the options (INVALID_OPTIONS).
const OTHER_STANDING = (expect: string) =>
  `  - name: another influencer's standing\n    asOf: "2026-03-01 00:00"\n    standing: { influencerId: someone-else }\n    expect: ${expect}\n`;

describe("noshow-policy test: the CLI's conventions", () => {
  it("a usage error is one line prefixed noshow-policy:, exit 2", async () => {
    const cases: Array<[string[], string]> = [
      [["test"], "noshow-policy: test: expected at least one PATH (a test file or a directory)\n"],
      [
        ["test", "x.test.yaml", "--format", "xml"],
        'noshow-policy: --format: must be text or json, not "xml"\n',
      ],
    ];
    for (const [args, stderr] of cases) {
      expect(await cli(args)).toEqual({ code: EXIT.invalid, stdout: "", stderr });
    }
    // Node's own parseArgs message, named and pointed to the help as every command does.
    const unknown = await cli(["test", "x.test.yaml", "--nope"]);
    expect(unknown.code).toBe(EXIT.invalid);
    expect(unknown.stderr).toMatch(
      /^noshow-policy: test: Unknown option '--nope'\..* \(see noshow-policy test --help\)\n$/,
    );
  });

  it("a PATH that cannot be read is refused naming it, before any file runs", async () => {
    const ok = file("ok.test.yaml", `${HEAD}${FINE}`);
    expect(await cli(["test", ok, "missing-dir"])).toEqual({
      code: EXIT.invalid,
      stdout: "",
      stderr: "noshow-policy: missing-dir: cannot read (ENOENT)\n",
    });
    expect((await cli(["test", ok])).code).toBe(EXIT.ok);
  });

  it("a directory with no test file is refused naming it, even beside one that has some", async () => {
    mkdirSync(join(work, "empty"));
    writeFileSync(join(work, "empty", "notes.txt"), "");
    mkdirSync(join(work, "full"));
    writeFileSync(join(work, "full", "ok.test.yaml"), `${HEAD}${FINE}`);
    const stderr =
      "noshow-policy: empty: no *.test.yaml, *.test.yml or *.test.json file in this directory\n";
    expect(await cli(["test", "empty"])).toEqual({ code: EXIT.invalid, stdout: "", stderr });
    expect(await cli(["test", "full", "empty"])).toEqual({
      code: EXIT.invalid,
      stdout: "",
      stderr,
    });
    expect((await cli(["test", "full"])).code).toBe(EXIT.ok);
  });

  it("skips unreadable entries that are no test files, and searches a symlink loop once", async () => {
    mkdirSync(join(work, "linked"));
    writeFileSync(join(work, "linked", "ok.test.yaml"), `${HEAD}${FINE}`);
    // An editor's lock file (a dangling symlink) and a loop back to the folder itself.
    symlinkSync(join(work, "nowhere"), join(work, "linked", ".#ok.test.yaml~"));
    symlinkSync(".", join(work, "linked", "self"));
    const run = await cli(["test", "linked"]);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    expect(run.stdout.match(/ok\.test\.yaml/g)).toHaveLength(1);
    // A test file that cannot be read is still refused, naming it.
    symlinkSync(join(work, "nowhere"), join(work, "linked", "gone.test.yaml"));
    expect(await cli(["test", "linked"])).toMatchObject({
      code: EXIT.invalid,
      stderr: "noshow-policy: linked/gone.test.yaml: cannot read (ENOENT)\n",
    });
  });

  it("--help (and -h) prints the help with the exit-code table, like every command", async () => {
    const help = await cli(["test", "--help"]);
    expect(help.code).toBe(EXIT.ok);
    expect(help.stderr).toBe("");
    expect(help.stdout).toMatch(/^Usage: noshow-policy test PATH\.\.\. /);
    expect(help.stdout).toContain("--threshold PCT");
    expect(help.stdout.replace(/\s+/g, " ")).toContain(
      "Exit codes: 0 every case passed (and the coverage reached --threshold), 4 a case failed or the coverage is below --threshold, 2 an invalid test file or case, an unreadable PATH or bad arguments, 1 internal error.",
    );
    expect(await cli(["test", "-h"])).toEqual(help);
    // The top-level help lists the command's summary.
    expect((await cli(["--help"])).stdout).toContain("--threshold PCT");
  });
});

describe("noshow-policy test: a case whose judging throws", () => {
  it("is invalid input of the file, at the case's path: exit 2, not a failed case", async () => {
    const name = file("refused.test.yaml", `${HEAD}${FINE}${OTHER_STANDING("{}")}`);
    const result = await cli(["test", name]);
    expect(result.code).toBe(EXIT.invalid);
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe(
      [
        `${join(work, name)} (mediance@1.0.0)`,
        "  ok   fine",
        "  INVALID another influencer's standing",
        '       cases.1.standing.influencerId: is "someone-else", but the facts are of influencer "influencer-1" [refused]',
        "",
        "1 passed, 0 failed, 1 invalid files",
        "",
      ].join("\n"),
    );
    const json = JSON.parse((await cli(["test", name, "--format", "json"])).stdout);
    expect(json.failed).toBe(0);
    expect(json.invalid).toEqual([
      {
        file: join(work, name),
        issues: [
          {
            code: "refused",
            path: "cases.1.standing.influencerId",
            message: 'is "someone-else", but the facts are of influencer "influencer-1"',
          },
        ],
      },
    ]);
  });

  it("passes when the case expects that error code, and fails on another or on a verdict", async () => {
    const expected = file(
      "expected.test.yaml",
      `${HEAD}${FINE}${OTHER_STANDING("{ error: INVALID_OPTIONS }")}`,
    );
    const passed = await cli(["test", expected]);
    expect(passed.stdout).toContain("  ok   another influencer's standing\n");
    expect(passed.stdout).toContain("2 passed, 0 failed\n");
    expect(passed.code).toBe(EXIT.ok);

    const other = file("other.test.yaml", `${HEAD}${OTHER_STANDING("{ error: INVALID_FACTS }")}`);
    const wrongCode = await cli(["test", other]);
    expect(wrongCode.code).toBe(EXIT.testsFailed);
    expect(wrongCode.stdout).toContain(
      '  FAIL another influencer\'s standing\n       error: expected "INVALID_FACTS", got "INVALID_OPTIONS"\n',
    );

    const none = file(
      "none.test.yaml",
      `${HEAD}  - name: fine\n    expect: { error: INVALID_FACTS }\n`,
    );
    const verdict = await cli(["test", none]);
    expect(verdict.code).toBe(EXIT.testsFailed);
    expect(verdict.stdout).toContain(
      '  FAIL fine\n       error: expected "INVALID_FACTS", got "none (a verdict: violation)"\n',
    );
  });

  it("facts that do not parse run when the case expects INVALID_FACTS, else the file is invalid", async () => {
    const facts = '    asOf: "2026-03-01T00:00:00Z"\n    facts: { campaign: { timezone: UTC } }\n';
    const expects = file(
      "bad-facts.test.yaml",
      `${HEAD}  - name: bad facts\n${facts}    expect: { error: INVALID_FACTS }\n`,
    );
    const passed = await cli(["test", expects]);
    expect(passed.stdout).toContain("  ok   bad facts\n");
    expect(passed.code).toBe(EXIT.ok);

    const plain = file(
      "bad-facts-plain.test.yaml",
      `${HEAD}  - name: bad facts\n${facts}    expect: {}\n`,
    );
    const invalid = await cli(["test", plain]);
    expect(invalid.code).toBe(EXIT.invalid);
    expect(invalid.stdout).toContain(`${join(work, plain)}: invalid test file\n  cases.0.facts.`);
  });

  it("facts that name no real time zone read their wall times in UTC when INVALID_FACTS is expected", async () => {
    const name = file(
      "mars.test.yaml",
      `${HEAD}  - name: on Mars\n    asOf: "2026-05-20 00:00"\n    facts: { campaign: { timezone: Mars/Olympus } }\n    expect: { error: INVALID_FACTS }\n`,
    );
    const result = await cli(["test", name]);
    expect(result.stdout).toContain("  ok   on Mars\n");
    expect(result.code).toBe(EXIT.ok);
  });

  it("an expected error with expectations of a verdict is a contradiction of the file", async () => {
    const name = file(
      "both.test.yaml",
      `${HEAD}  - name: both\n    expect: { error: INVALID_FACTS, status: violation }\n`,
    );
    const result = await cli(["test", name]);
    expect(result.code).toBe(EXIT.invalid);
    expect(result.stdout).toContain(
      "  cases.0.expect: expects an error: it can expect nothing of a verdict [contradiction]\n",
    );
  });
});

describe("noshow-policy test --threshold", () => {
  it("the presets' own test files reach 100% (every rule not declared unreachable fired)", async () => {
    const result = await cli(["test", ...PRESET_FILES, "--threshold", "100"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(EXIT.ok);
    // --threshold implies --coverage: the report lists the coverage and its total.
    expect(result.stdout).toContain("\ncoverage\n");
    expect(result.stdout).toMatch(/\n {2}total: (\d+)\/\1 reachable rules exercised \(100%\)\n/);
    const json = JSON.parse(
      (await cli(["test", ...PRESET_FILES, "--threshold", "100", "--format", "json"])).stdout,
    );
    expect(
      json.coverage.map((item: { policy: string }) => item.policy.split("@")[0]).sort(),
    ).toEqual(Object.keys(PRESETS).sort());
    expect(json.coverageTotal.percent).toBe(100);
  });

  it("a file that leaves branches unexercised fails at 100 and passes at its own coverage", async () => {
    const name = file("one-case.test.yaml", `${HEAD}${FINE}`);
    const json = JSON.parse((await cli(["test", name, "--format", "json"])).stdout);
    const { exercised, reachable, percent } = json.coverageTotal;
    expect(exercised).toBeGreaterThan(0);
    expect(exercised).toBeLessThan(reachable);
    expect(percent).toBe(Math.floor((10_000 * exercised) / reachable) / 100);
    const below = (threshold: string) =>
      `noshow-policy: test: coverage ${percent}% (${exercised}/${reachable} reachable rules exercised) is below --threshold ${threshold}%\n`;

    const strict = await cli(["test", name, "--threshold", "100"]);
    expect(strict.code).toBe(EXIT.testsFailed);
    expect(strict.stderr).toBe(below("100"));
    expect(strict.stdout).toContain("1 passed, 0 failed\n");

    const justAbove = ((Math.round(percent * 100) + 1) / 100).toString();
    const above = await cli(["test", name, `--threshold=${justAbove}`]);
    expect(above.code).toBe(EXIT.testsFailed);
    expect(above.stderr).toBe(below(justAbove));

    for (const threshold of [String(percent), "0", String(Math.floor(percent))]) {
      const ok = await cli(["test", name, "--threshold", threshold]);
      expect(ok.stderr, threshold).toBe("");
      expect(ok.code, threshold).toBe(EXIT.ok);
    }
    // JSON output stays JSON; the line goes to stderr.
    const asJson = await cli(["test", name, "--threshold", "100", "--format", "json"]);
    expect(asJson.code).toBe(EXIT.testsFailed);
    expect(JSON.parse(asJson.stdout).coverageTotal).toEqual(json.coverageTotal);
    expect(asJson.stderr).toBe(below("100"));
  });

  it("counts a rule declared unreachable only when a case exercised it", async () => {
    const name = file(
      "declared.test.yaml",
      `policy: { preset: mediance }\nunreachable:\n  mediance.post-not-registered/pending: claimed\n  mediance.post-not-registered/late: claimed\ndefaults: { zone: Asia/Seoul, asOf: "2026-03-05 00:00" }\ncases:\n  - name: pending\n    expect: { status: pending }\n`,
    );
    const json = JSON.parse((await cli(["test", name, "--format", "json"])).stdout);
    const [coverage] = json.coverage;
    expect(coverage.unreachableButExercised).toEqual(["mediance.post-not-registered/pending"]);
    // Every rule but the one declared unreachable that did not fire.
    expect(coverage.reachable).toBe(coverage.total - 1);
    expect(json.coverageTotal.reachable).toBe(coverage.total - 1);
  });

  it("refuses a threshold that is not a percentage from 0 to 100", async () => {
    for (const value of ["-1", "101", "abc", "100.5", "1e2", "50.125", "", " 50"]) {
      expect(await cli(["test", "x.test.yaml", `--threshold=${value}`]), value).toEqual({
        code: EXIT.invalid,
        stdout: "",
        stderr: `noshow-policy: --threshold: must be a percentage from 0 to 100 (at most two decimals), not "${value}"\n`,
      });
    }
    // Without "=", "-1" reads as an option: still a usage error.
    const dash = await cli(["test", "x.test.yaml", "--threshold", "-1"]);
    expect(dash.code).toBe(EXIT.invalid);
    expect(dash.stderr).toMatch(/^noshow-policy: test: .*--threshold/);
  });
});
