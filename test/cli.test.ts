/**
 * The `noshow-policy` CLI, built once (the same tsup configs as the package, without types) into
 * .cli-test/ and run as a process: every command's success and failure paths and exit codes,
 * stdin, batch order, error records, shard partitions and batch = evaluateSync per line.
 */
import { spawn } from "node:child_process";
import {
  chmodSync,
  closeSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Writable } from "node:stream";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../src/cli/common.js";
import { Progress } from "../src/cli/progress.js";
import { fnv1a32, parseShard, shardOf } from "../src/cli/shard.js";
import { detectKind } from "../src/cli/validate.js";
import {
  emptyStanding,
  evaluate,
  evaluateSync,
  formatVerdict,
  jsonSchemas,
  mediance,
  parseFacts,
  parsePolicy,
  policyVersions,
} from "../src/index.js";
import { participation, participationLines } from "./batch-lines.js";
import { buildCliInto, runBuiltCli, runInProcess } from "./cli-harness.js";
import { seoulFacts } from "./fixtures.js";

const root = resolve(import.meta.dirname, "..");
// Inside the repository, so the CLI's self-reference (noshow-policy/package.json) and its
// dependencies resolve as they do for an installed package.
const outDir = join(root, ".cli-test");
const bin = join(outDir, "cli.js");
let work: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], input?: string | Uint8Array): Promise<Run> {
  return runBuiltCli(bin, args, work, input);
}

/** The same commands run in this process (src/cli/run.ts): no process start-up per case. */
function inProcess(args: string[], input?: string | Uint8Array): Promise<Run> {
  return runInProcess(args, work, input);
}

function file(name: string, value: unknown): string {
  const path = join(work, name);
  writeFileSync(
    path,
    typeof value === "string" || value instanceof Uint8Array ? value : JSON.stringify(value),
  );
  return name;
}

const AS_OF = "2026-04-02T00:00:00Z";
// Process start-up on a loaded 2-core machine can take a second per run.
const SLOW = { timeout: 90_000 };

beforeAll(async () => {
  await buildCliInto(outDir);
  work = mkdtempSync(join(tmpdir(), "noshow-cli-"));
}, 120_000);

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("top level", SLOW, () => {
  it("prints help, the version, and refuses unknown commands and options", async () => {
    const help = await cli(["--help"]);
    expect(help.code).toBe(EXIT.ok);
    for (const name of ["evaluate", "validate", "schema", "batch"]) {
      expect(help.stdout).toMatch(new RegExp(`^  ${name} `, "m"));
    }
    const version = await cli(["--version"]);
    expect(version.code).toBe(EXIT.ok);
    expect(version.stdout.trim()).toBe(
      JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version,
    );
    const none = await inProcess([]);
    expect(none.code).toBe(EXIT.invalid);
    expect(none.stderr).toContain("Usage: noshow-policy <command>");
    const unknown = await cli(["tset", "x.yaml"]);
    expect(unknown.code).toBe(EXIT.invalid);
    expect(unknown.stderr).toBe(
      'noshow-policy: unknown command "tset" (commands: batch, evaluate, schema, test, validate; see noshow-policy --help)\n',
    );
    const option = await inProcess(["--frob"]);
    expect(option.code).toBe(EXIT.invalid);
    expect(option.stderr).toContain('unknown option "--frob"');
  });

  it.each(["evaluate", "validate", "schema", "batch", "test"])(
    "%s --help holds no control character but its newlines",
    async (name) => {
      const { stdout } = await inProcess([name, "--help"]);
      // A template literal's "\n" or "\r" meant as text prints a real one (a garbled line).
      const controls = [...stdout].filter((c) => c !== "\n" && (c < " " || c === "\u007f"));
      expect(controls).toEqual([]);
      if (name === "batch") expect(stdout).toContain('A line ends at "\\n" (a "\\r"');
    },
  );

  it.each(["evaluate", "validate", "schema", "batch"])("%s --help", async (name) => {
    const run = await inProcess([name, "--help"]);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toMatch(new RegExp(`^Usage: noshow-policy ${name}`));
    expect(run.stdout).toContain("Exit codes:");
    const bad = await inProcess([name, "--no-such-option"]);
    expect(bad.code).toBe(EXIT.invalid);
    expect(bad.stderr).toMatch(
      new RegExp(`^noshow-policy: ${name}: Unknown option '--no-such-option'`),
    );
  });
});

describe("evaluate", SLOW, () => {
  it("prints the verdict of evaluate, as JSON or text, from a file or stdin", async () => {
    const facts = seoulFacts();
    const expected = await evaluate(facts, mediance(), { asOf: AS_OF });
    const json = await cli([
      "evaluate",
      file("facts.json", facts),
      "--policy",
      "mediance",
      "--as-of",
      AS_OF,
    ]);
    expect(json.code).toBe(EXIT.ok);
    expect(json.stderr).toBe("");
    expect(json.stdout).toBe(`${JSON.stringify(expected, null, 2)}\n`);
    const text = await cli(
      ["evaluate", "-", "--policy", "mediance", "--as-of", AS_OF, "--format", "text"],
      JSON.stringify(facts),
    );
    expect(text.code).toBe(EXIT.ok);
    expect(text.stdout).toBe(`${formatVerdict(expected)}\n`);
  });

  it("takes --params, a policy file, a standing and --trace", async () => {
    const facts = seoulFacts();
    const params = { minLiveDuration: { days: 7 } };
    const withParams = await inProcess([
      "evaluate",
      file("facts.json", facts),
      "--policy",
      "mediance",
      "--params",
      JSON.stringify(params),
      "--as-of",
      AS_OF,
    ]);
    expect(withParams.code).toBe(EXIT.ok);
    expect(JSON.parse(withParams.stdout)).toEqual(
      JSON.parse(JSON.stringify(await evaluate(facts, mediance(params), { asOf: AS_OF }))),
    );
    const standing = emptyStanding("inf-1");
    const fromFile = await inProcess([
      "evaluate",
      "facts.json",
      "--policy",
      file("policy.json", mediance()),
      "--as-of",
      AS_OF,
      "--standing",
      file("standing.json", standing),
      "--trace",
    ]);
    expect(fromFile.code).toBe(EXIT.ok);
    const expected = await evaluate(facts, mediance(), { asOf: AS_OF, standing, trace: true });
    expect(fromFile.stdout).toBe(`${JSON.stringify(expected, null, 2)}\n`);
    expect(expected.trace?.length).toBeGreaterThan(0);
  });

  it("lists every facts problem with its path and code, exit 2", async () => {
    const facts = { ...seoulFacts(), campaign: { id: "", kind: "paid" }, deliverables: "x" };
    let issues: Array<{ path: string; code: string }> = [];
    try {
      parseFacts(facts);
    } catch (error) {
      issues = [...(error as { issues: typeof issues }).issues];
    }
    expect(issues.length).toBeGreaterThan(2);
    const run = await inProcess([
      "evaluate",
      file("bad.json", facts),
      "--policy",
      "mediance",
      "--as-of",
      AS_OF,
    ]);
    expect(run.code).toBe(EXIT.invalid);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe(`noshow-policy: bad.json: INVALID_FACTS: ${issues.length} problem(s)`);
    expect(lines.slice(1)).toEqual(
      issues.map((issue) =>
        expect.stringContaining(`bad.json: ${issue.path || "(root)"}: ${issue.code}: `),
      ),
    );
  });

  it.each([
    [["--policy", "mediance"], "--as-of is required"],
    [["--policy", "mediance", "--as-of", "2026-04-02"], "--as-of: (root): invalid_type"],
    [["--policy", "medianse", "--as-of", AS_OF], '"medianse" is no preset'],
    [["--policy", "nope.json", "--as-of", AS_OF], "nope.json: cannot read (ENOENT)"],
    [
      ["--policy", "mediance", "--as-of", AS_OF, "--format", "yaml"],
      "--format: must be json or text",
    ],
    [["--policy", "mediance", "--as-of", AS_OF, "--params", "{"], "--params: not valid JSON"],
    [
      ["--policy", "mediance", "--as-of", AS_OF, "--format", "text", "--trace"],
      "--trace: the text format shows no trace; use --format json with --trace",
    ],
    [
      ["--policy", "mediance", "--as-of", AS_OF, "--params", '{"minLiveDays":3}'],
      "--params: INVALID_POLICY",
    ],
  ])("refuses %j with exit 2", async (args, message) => {
    const run = await inProcess(["evaluate", file("facts.json", seoulFacts()), ...args]);
    expect(run.code).toBe(EXIT.invalid);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(message);
    for (const line of run.stderr.trimEnd().split("\n")) expect(line).toMatch(/^noshow-policy: /);
  });

  it("refuses non-JSON facts and an invalid policy file, naming the rule", async () => {
    const notJson = await inProcess(
      ["evaluate", "-", "--policy", "mediance", "--as-of", AS_OF],
      "{nope",
    );
    expect(notJson.code).toBe(EXIT.invalid);
    expect(notJson.stderr).toMatch(/^noshow-policy: stdin: not valid JSON/);
    const policy = structuredClone(mediance()) as { rules: Array<{ conditions: unknown }> };
    (policy.rules[0] as { conditions: unknown }).conditions = {
      all: [{ fact: "deliverable", path: "$.postedd", operator: "equal", value: true }],
    };
    let issues: Array<{ path: string; code: string }> = [];
    try {
      parsePolicy(policy);
    } catch (error) {
      issues = [...(error as { issues: typeof issues }).issues];
    }
    expect(issues[0]?.path).toMatch(/^rules\["[^"]+"\]\.conditions/);
    const result = await inProcess([
      "evaluate",
      file("facts.json", seoulFacts()),
      "--policy",
      file("bad-policy.json", policy),
      "--as-of",
      AS_OF,
    ]);
    expect(result.code).toBe(EXIT.invalid);
    expect(result.stderr).toBe(
      [
        `noshow-policy: bad-policy.json: INVALID_POLICY: ${issues.length} problem(s)`,
        ...issues.map(
          (issue) =>
            expect.any(String) &&
            `noshow-policy: bad-policy.json: ${issue.path}: ${issue.code}: ${(issue as { message?: string }).message}`,
        ),
        "",
      ].join("\n"),
    );
  });
});

describe("validate", SLOW, () => {
  it("detects each kind and says so; every file valid → exit 0", async () => {
    const facts = seoulFacts();
    const verdict = evaluateSync(facts, mediance(), { asOf: AS_OF });
    const files = [
      file("v-facts.json", facts),
      file("v-policy.json", mediance()),
      file("v-standing.json", emptyStanding("inf-1")),
      file("v-verdict.json", verdict),
    ];
    const run = await inProcess(["validate", ...files]);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toBe(
      'v-facts.json: valid facts (detected: has "campaign" and "participation")\nv-policy.json: valid policy (detected: has "rules")\nv-standing.json: valid standing (detected: has "influencerId" and "strikes")\nv-verdict.json: valid verdict (detected: has "findings" and "campaignId")\n',
    );
    expect(detectKind({ rules: [], campaign: {} })?.kind).toBe("policy");
    expect(detectKind([1])).toBeUndefined();
    const stdin = await inProcess(["validate", "-", "--kind", "facts"], JSON.stringify(facts));
    expect(stdin).toMatchObject({ code: EXIT.ok, stdout: "stdin: valid facts\n" });
  });

  it("lists every problem of every invalid file, exit 2", async () => {
    const badFacts = { ...seoulFacts(), influencer: {}, deliverables: [] };
    const badPolicy = { ...mediance(), rules: [] };
    const run = await inProcess([
      "validate",
      file("b-facts.json", badFacts),
      file("b-policy.json", badPolicy),
      file("b-unknown.json", { hello: 1 }),
      file("b-text.json", "not json"),
      file("ok.json", seoulFacts()),
    ]);
    expect(run.code).toBe(EXIT.invalid);
    expect(run.stdout).toBe(
      'ok.json: valid facts (detected: has "campaign" and "participation")\n',
    );
    const issuesOf = (fn: () => unknown) => {
      try {
        fn();
        return [];
      } catch (error) {
        return [...(error as { issues: Array<{ path: string; code: string }> }).issues];
      }
    };
    const factsIssues = issuesOf(() => parseFacts(badFacts));
    const policyIssues = issuesOf(() => parsePolicy(badPolicy));
    expect(factsIssues.length).toBeGreaterThan(1);
    expect(run.stderr).toContain(
      `b-facts.json: invalid facts (detected: has "campaign" and "participation"): ${factsIssues.length} problem(s)\n`,
    );
    for (const issue of factsIssues) {
      expect(run.stderr).toContain(`b-facts.json: ${issue.path || "(root)"}: ${issue.code}: `);
    }
    expect(run.stderr).toContain(
      `b-policy.json: invalid policy (detected: has "rules"): ${policyIssues.length} problem(s)\n`,
    );
    expect(run.stderr).toContain("b-unknown.json: (root): invalid_value: cannot tell the kind");
    expect(run.stderr).toContain(
      "b-text.json: (root): invalid_format: b-text.json: not valid JSON",
    );
    const json = await inProcess(["validate", "b-facts.json", "ok.json", "--format", "json"]);
    expect(json.code).toBe(EXIT.invalid);
    expect(JSON.parse(json.stdout)).toEqual([
      {
        file: "b-facts.json",
        kind: "facts",
        detectedBy: ["campaign", "participation"],
        valid: false,
        issues: factsIssues,
      },
      {
        file: "ok.json",
        kind: "facts",
        detectedBy: ["campaign", "participation"],
        valid: true,
        issues: [],
      },
    ]);
  });

  it("checks as --kind says, and refuses bad arguments", async () => {
    const asPolicy = await inProcess([
      "validate",
      file("k-facts.json", seoulFacts()),
      "--kind",
      "policy",
    ]);
    expect(asPolicy.code).toBe(EXIT.invalid);
    expect(asPolicy.stderr).toMatch(/^k-facts\.json: invalid policy: \d+ problem\(s\)\n/);
    const badStanding = await inProcess([
      "validate",
      file("s.json", { ...emptyStanding("i"), qualityScore: 500 }),
      "--kind",
      "standing",
    ]);
    expect(badStanding.code).toBe(EXIT.invalid);
    expect(badStanding.stderr).toContain("s.json: qualityScore: too_big: ");
    expect((await inProcess(["validate"])).code).toBe(EXIT.invalid);
    const kind = await inProcess(["validate", "k-facts.json", "--kind", "fact"]);
    expect(kind).toMatchObject({
      code: EXIT.invalid,
      stderr: expect.stringContaining("--kind: must be one of"),
    });
  });
});

describe("policy sets (the JSON form of policyVersions)", SLOW, () => {
  const LINES = participationLines("mediance", 24);
  // Picked by asOf (the lines share one selection instant); the second version comes into force
  // at the middle line's asOf, so both versions judge.
  const asOfs = LINES.map((line) => new Date(JSON.parse(line).asOf as string).getTime()).sort(
    (a, b) => a - b,
  );
  const switchAt = new Date(asOfs[Math.floor(asOfs.length / 2)] as number).toISOString();
  const set = policyVersions(
    [
      {
        effectiveFrom: "2000-01-01T00:00:00Z",
        policy: mediance({}, { id: "mediance", version: "v1" }),
      },
      {
        effectiveFrom: switchAt,
        policy: mediance({ minLiveDuration: { days: 7 } }, { id: "mediance", version: "v2" }),
      },
    ],
    { by: "asOf" },
  );

  it("evaluate, validate and batch take a policy-set file; each line is judged by its version", async () => {
    const setFile = file("set.json", set);
    const facts = seoulFacts();
    const evaluated = await inProcess([
      "evaluate",
      file("s-facts.json", facts),
      "--policy",
      setFile,
      "--as-of",
      AS_OF,
    ]);
    expect(evaluated.code).toBe(EXIT.ok);
    expect(JSON.parse(evaluated.stdout)).toEqual(
      JSON.parse(JSON.stringify(evaluateSync(facts, set, { asOf: AS_OF }))),
    );
    const validated = await inProcess(["validate", setFile]);
    expect(validated).toMatchObject({
      code: EXIT.ok,
      stdout: 'set.json: valid policy_versions (detected: has "kind" and "versions")\n',
    });
    const batch = await cli([
      "batch",
      file("s-in.ndjson", `${LINES.join("\n")}\n`),
      "--policy",
      setFile,
      "--workers",
      "2",
      "--chunk",
      "5",
      "--quiet",
    ]);
    expect(batch.code).toBe(EXIT.ok);
    const want = LINES.map((line) => {
      const { facts: lineFacts, asOf, standing } = JSON.parse(line);
      return JSON.stringify(
        evaluateSync(lineFacts, set, { asOf, ...(standing ? { standing } : {}) }),
      );
    });
    expect(batch.stdout).toBe(`${want.join("\n")}\n`);
    const versions = new Set(
      batch.stdout
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line).policy.version),
    );
    expect([...versions].sort()).toEqual(["v1", "v2"]);
  });

  it("refuses --params with a set, and lists a bad set's problems with their paths", async () => {
    const withParams = await inProcess([
      "evaluate",
      file("s2-facts.json", seoulFacts()),
      "--policy",
      file("set2.json", set),
      "--params",
      "{}",
      "--as-of",
      AS_OF,
    ]);
    expect(withParams.code).toBe(EXIT.invalid);
    expect(withParams.stderr).toContain(
      "is a policy set; each of its versions carries its own parameters",
    );
    const json = JSON.parse(JSON.stringify(set));
    const outOfOrder = { ...json, versions: [...json.versions].reverse() };
    const bad = await inProcess(["validate", file("bad-set.json", outOfOrder)]);
    expect(bad.code).toBe(EXIT.invalid);
    expect(bad.stderr).toContain("versions[1].effectiveFrom: invalid_value:");
    const asKind = await inProcess(
      ["validate", "-", "--kind", "policy_versions"],
      JSON.stringify(mediance()),
    );
    expect(asKind.code).toBe(EXIT.invalid);
    expect(asKind.stderr).toContain('kind: invalid_value: must be "policy_versions"');
    const badBatch = await inProcess([
      "batch",
      file("s3-in.ndjson", `${LINES[0]}\n`),
      "--policy",
      "bad-set.json",
      "--quiet",
    ]);
    expect(badBatch.code).toBe(EXIT.invalid);
    expect(badBatch.stderr).toContain("versions[1].effectiveFrom");
  });
});

describe("schema", SLOW, () => {
  it("prints every schema as one object, or writes one file each", async () => {
    const expected = JSON.parse(JSON.stringify(jsonSchemas()));
    const run = await inProcess(["schema"]);
    expect(run.code).toBe(EXIT.ok);
    expect(JSON.parse(run.stdout)).toEqual(expected);
    expect(Object.keys(expected)).toEqual([
      "facts",
      "policy",
      "policyVersions",
      "standing",
      "verdict",
    ]);
    const out = await inProcess(["schema", "--out", "schemas/v2"]);
    expect(out.code).toBe(EXIT.ok);
    const files = {
      facts: "facts.schema.json",
      policy: "policy.schema.json",
      policyVersions: "policy-versions.schema.json",
      standing: "standing.schema.json",
      verdict: "verdict.schema.json",
    };
    expect(out.stdout).toBe(
      Object.values(files)
        .map((name) => `schemas/v2/${name}\n`)
        .join(""),
    );
    for (const [name, fileName] of Object.entries(files)) {
      const written = JSON.parse(readFileSync(join(work, "schemas/v2", fileName), "utf8"));
      expect(written).toEqual(expected[name]);
    }
    expect(readdirSync(join(work, "schemas/v2")).sort()).toEqual(Object.values(files).sort());
    // The policy-set schema stands alone: the policy schema is bundled in it.
    expect(
      JSON.parse(readFileSync(join(work, "schemas/v2", files.policyVersions), "utf8")).$defs.policy
        .title,
    ).toBe("noshow-policy policy");
    const help = await inProcess(["schema", "--help"]);
    expect(help.stdout).toContain("policy-versions.schema.json");
    expect((await inProcess(["schema", "extra"])).code).toBe(EXIT.invalid);
    mkdirSync(join(work, "blocked"));
    writeFileSync(join(work, "blocked", "facts.schema.json"), "");
    rmSync(join(work, "blocked"), { recursive: true });
    writeFileSync(join(work, "blocked"), "a file, not a folder");
    const blocked = await inProcess(["schema", "--out", "blocked"]);
    expect(blocked.code).toBe(EXIT.invalid);
    expect(blocked.stderr).toMatch(/^noshow-policy: --out blocked: cannot write \(E[A-Z]+\)\n$/);
  });

  it("makes missing parent folders, and refuses at once a folder that cannot be made", async () => {
    const nested = await inProcess(["schema", "--out", "made/a/b"]);
    expect(nested.code).toBe(EXIT.ok);
    expect(readdirSync(join(work, "made/a/b"))).toContain("facts.schema.json");
    // Node's own recursive mkdir spins forever on these two (a parent that exists but cannot
    // hold the child): a regression hangs this test until its timeout.
    symlinkSync(join(work, "nowhere"), join(work, "dangling"));
    const cases: Array<[string, string]> = [
      ["dangling/out", "ENOENT"],
      ["made/a/b/facts.schema.json/x", "ENOTDIR"],
    ];
    if (existsSync("/proc/self")) cases.push(["/proc/noshow-schemas/v2", "ENOENT"]);
    expect(await inProcess(["schema", "--out", ""])).toMatchObject({
      code: EXIT.invalid,
      stderr: "noshow-policy: --out: give a folder (an empty path names none)\n",
    });
    for (const [out, code] of cases) {
      const run = await inProcess(["schema", "--out", out]);
      expect(run.code, out).toBe(EXIT.invalid);
      expect(run.stderr).toBe(`noshow-policy: --out ${out}: cannot write (${code})\n`);
    }
  });
});

/** What batch must write for one line: evaluateSync's verdict, JSON, one line. */
function expectedLine(line: string): string {
  const { facts, asOf, standing } = JSON.parse(line);
  return JSON.stringify(
    evaluateSync(facts, mediance(), { asOf, ...(standing ? { standing } : {}) }),
  );
}

describe("batch", SLOW, () => {
  const LINES = participationLines("mediance", 240);

  it("writes evaluateSync's verdict per line, in input order, with 2 workers and small chunks", async () => {
    const run = await cli([
      "batch",
      file("in.ndjson", `${LINES.join("\n")}\n`),
      "--policy",
      "mediance",
      "--workers",
      "2",
      "--chunk",
      "7",
      "--out",
      "out.ndjson",
    ]);
    expect(run.code).toBe(EXIT.ok);
    expect(run.stdout).toBe("");
    const out = readFileSync(join(work, "out.ndjson"), "utf8");
    expect(out).toBe(`${LINES.map(expectedLine).join("\n")}\n`);
    expect(run.stderr).toMatch(
      /^batch: 240 lines, 240 verdicts \(.+\), 0 errors, 0 blank; [\d.]+ s, \d+ lines\/s, cpu [\d.]+ s \(main thread [\d.]+ s\), peak RSS \d+ MB\n$/m,
    );
    // Not a terminal: a line per 10% of the file.
    expect(run.stderr).toMatch(/^batch: 10% \(\d+ lines, \d+ lines\/s, ETA \w+\)$/m);
    const unordered = await cli([
      "batch",
      "in.ndjson",
      "--policy",
      "mediance",
      "--workers",
      "2",
      "--chunk",
      "5",
      "--unordered",
      "--quiet",
    ]);
    expect(unordered.code).toBe(EXIT.ok);
    expect(unordered.stdout.split("\n").sort()).toEqual(out.split("\n").sort());
    expect(unordered.stderr).not.toContain("%");
  });

  it("puts one error record in place of each bad line and judges every good one", async () => {
    const bare = participation("mediance", 1);
    const lines = [
      LINES[0],
      "{not json",
      JSON.stringify({ facts: { ...bare.facts, deliverables: "none" }, asOf: bare.asOf }),
      "",
      JSON.stringify({ facts: bare.facts }),
      JSON.stringify({ ...participation("mediance", 2), extra: 1 }),
      LINES[3],
      JSON.stringify(bare.facts),
      "   ",
      JSON.stringify({ facts: bare.facts, asOf: "yesterday" }),
      LINES[4],
    ] as string[];
    const run = await cli(
      ["batch", "-", "--policy", "mediance", "--workers", "2", "--chunk", "3"],
      `${lines.join("\n")}\n`,
    );
    expect(run.code).toBe(EXIT.invalid);
    const out = run.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(out).toHaveLength(9);
    expect(JSON.stringify(out[0])).toBe(expectedLine(lines[0] as string));
    expect(out[1]).toEqual({
      line: 2,
      error: {
        code: "INVALID_JSON",
        issues: [
          { code: "invalid_format", path: "", message: expect.stringMatching(/^not valid JSON/) },
        ],
      },
    });
    expect(out[2]).toMatchObject({
      line: 3,
      error: { code: "INVALID_FACTS", issues: [{ path: "deliverables" }] },
    });
    expect(out[3]).toEqual({
      line: 5,
      error: {
        code: "INVALID_LINE",
        issues: [
          {
            code: "required",
            path: "asOf",
            message: "the line has no asOf and no --as-of was given",
          },
        ],
      },
    });
    expect(out[4]).toMatchObject({
      line: 6,
      error: { code: "INVALID_LINE", issues: [{ code: "unknown_key", path: "extra" }] },
    });
    expect(JSON.stringify(out[5])).toBe(expectedLine(lines[6] as string));
    expect(out[6]).toMatchObject({
      line: 8,
      error: { code: "INVALID_LINE", issues: [{ path: "asOf" }] },
    });
    expect(out[7]).toMatchObject({
      line: 10,
      error: { code: "INVALID_OPTIONS", issues: [{ path: "asOf" }] },
    });
    expect(JSON.stringify(out[8])).toBe(expectedLine(lines[10] as string));
    expect(run.stderr).toMatch(/batch: 11 lines, 3 verdicts \(.+\), 6 errors, 2 blank;/);
    // Bare facts with --as-of are judged; stdin shows a progress line per N lines.
    const withAsOf = await cli(
      ["batch", "-", "--policy", "mediance", "--as-of", bare.asOf, "--progress-every", "2"],
      `${JSON.stringify(bare.facts)}\n${JSON.stringify({ facts: bare.facts })}\n`,
    );
    expect(withAsOf.code).toBe(EXIT.ok);
    const expected = JSON.stringify(evaluateSync(bare.facts, mediance(), { asOf: bare.asOf }));
    expect(withAsOf.stdout).toBe(`${expected}\n${expected}\n`);
    expect(withAsOf.stderr).toMatch(/^batch: 2 lines \(\d+ lines\/s\)$/m);
  });

  it("--shard i/n: the shards of any input are disjoint and together are the whole", async () => {
    const lines = [
      ...LINES.slice(0, 60),
      "{broken",
      JSON.stringify({ facts: { campaign: 1 } }),
      ...LINES.slice(60, 90),
    ];
    file("mixed.ndjson", `${lines.join("\n")}\n`);
    const whole = await cli([
      "batch",
      "mixed.ndjson",
      "--policy",
      "mediance",
      "--as-of",
      AS_OF,
      "--quiet",
    ]);
    expect(whole.code).toBe(EXIT.invalid);
    const wholeLines = whole.stdout.trimEnd().split("\n");
    expect(wholeLines).toHaveLength(lines.length);
    for (const count of [1, 3]) {
      const parts: string[][] = [];
      for (let index = 0; index < count; index++) {
        const run = await cli([
          "batch",
          "mixed.ndjson",
          "--policy",
          "mediance",
          "--as-of",
          AS_OF,
          "--shard",
          `${index}/${count}`,
          "--quiet",
          "--workers",
          "1",
        ]);
        expect(run.code).toBe(index === 0 ? EXIT.invalid : EXIT.ok);
        parts.push(run.stdout === "" ? [] : run.stdout.trimEnd().split("\n"));
        expect(run.stderr).toContain(`(this is ${index}/${count})`);
      }
      // Each shard keeps input order; together they are the whole output, each line once.
      expect(parts.flat().sort()).toEqual([...wholeLines].sort());
      for (const part of parts) {
        const positions = part.map((line) => wholeLines.indexOf(line));
        expect(positions).toEqual([...positions].sort((a, b) => a - b));
      }
      if (count > 1) for (const part of parts) expect(part.length).toBeLessThan(wholeLines.length);
      // The unreadable lines are shard 0's.
      expect(parts[0]?.filter((line) => line.startsWith('{"line":'))).toHaveLength(2);
    }
  });

  it.each([
    [["--shard", "3/2"], "--shard: i must be below n"],
    [["--shard", "1"], "--shard: expected i/n"],
    [["--workers", "0"], "--workers: must be an integer between 1 and 256"],
    [["--as-of", "soon"], '--as-of: "soon" is not an ISO-8601 instant'],
    [["--policy", "nobody"], '"nobody" is no preset'],
  ])("refuses %j with exit 2", async (args, message) => {
    const run = await inProcess([
      "batch",
      file("one.ndjson", `${LINES[0]}\n`),
      "--policy",
      "mediance",
      ...args,
    ]);
    expect(run.code).toBe(EXIT.invalid);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe("");
  });

  it("refuses an --out it cannot open for writing: exit 2, one line naming it and why", async () => {
    file("one.ndjson", `${LINES[0]}\n`);
    mkdirSync(join(work, "a-dir"), { recursive: true });
    for (const [out, code] of [
      ["missing-dir/out.ndjson", "ENOENT"],
      ["a-dir", "EISDIR"],
    ] as const) {
      const run = await inProcess(["batch", "one.ndjson", "--policy", "mediance", "--out", out]);
      expect(run).toEqual({
        code: EXIT.invalid,
        stdout: "",
        stderr: `noshow-policy: --out ${out}: cannot write (${code})\n`,
      });
    }
  });

  // Root reads and writes whatever the mode bits say.
  it.skipIf(process.getuid?.() === 0)(
    "refuses an input or --out it has no permission for",
    async () => {
      file("locked.ndjson", `${LINES[0]}\n`);
      chmodSync(join(work, "locked.ndjson"), 0o000);
      mkdirSync(join(work, "locked-dir"), { recursive: true });
      chmodSync(join(work, "locked-dir"), 0o500);
      try {
        const input = await inProcess(["batch", "locked.ndjson", "--policy", "mediance"]);
        expect(input).toMatchObject({
          code: EXIT.invalid,
          stderr: "noshow-policy: locked.ndjson: cannot read (EACCES)\n",
        });
        file("one.ndjson", `${LINES[0]}\n`);
        const out = await inProcess([
          "batch",
          "one.ndjson",
          "--policy",
          "mediance",
          "--out",
          "locked-dir/out.ndjson",
        ]);
        expect(out).toMatchObject({
          code: EXIT.invalid,
          stderr: "noshow-policy: --out locked-dir/out.ndjson: cannot write (EACCES)\n",
        });
      } finally {
        chmodSync(join(work, "locked.ndjson"), 0o600);
        chmodSync(join(work, "locked-dir"), 0o700);
      }
    },
  );

  it("refuses an --out that is the input, by any path, before writing anything", async () => {
    const input = `${LINES.slice(0, 3).join("\n")}\n`;
    file("same.ndjson", input);
    symlinkSync(join(work, "same.ndjson"), join(work, "same-link.ndjson"));
    linkSync(join(work, "same.ndjson"), join(work, "same-hard.ndjson"));
    for (const out of ["same.ndjson", "./same.ndjson", "same-link.ndjson", "same-hard.ndjson"]) {
      const run = await inProcess(["batch", "same.ndjson", "--policy", "mediance", "--out", out]);
      expect(run).toEqual({
        code: EXIT.invalid,
        stdout: "",
        stderr: `noshow-policy: --out ${out}: is the input file (writing it would truncate the input)\n`,
      });
      expect(readFileSync(join(work, "same.ndjson"), "utf8")).toBe(input);
    }
    // stdin redirected from the file (`batch - --out same.ndjson < same.ndjson`).
    const fd = openSync(join(work, "same.ndjson"), "r");
    try {
      const run = await new Promise<{ code: number | null; stderr: string }>((done, fail) => {
        const child = spawn(
          process.execPath,
          [bin, "batch", "-", "--policy", "mediance", "--out", "same.ndjson"],
          { cwd: work, stdio: [fd, "ignore", "pipe"] },
        );
        let stderr = "";
        child.stderr?.setEncoding("utf8").on("data", (text) => {
          stderr += text;
        });
        child.on("error", fail);
        child.on("close", (code) => done({ code, stderr }));
      });
      expect(run).toEqual({
        code: EXIT.invalid,
        stderr:
          "noshow-policy: --out same.ndjson: is the input file (writing it would truncate the input)\n",
      });
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(join(work, "same.ndjson"), "utf8")).toBe(input);
  });

  it("refuses a missing input file", async () => {
    const run = await inProcess(["batch", "missing.ndjson", "--policy", "mediance"]);
    expect(run).toMatchObject({
      code: EXIT.invalid,
      stderr: "noshow-policy: missing.ndjson: cannot read (ENOENT)\n",
    });
  });
});

describe("a byte-order mark at the start of an input", SLOW, () => {
  const BOM = "\ufeff";
  const LINES = participationLines("mediance", 12);
  const bomFile = (name: string, value: unknown) =>
    file(name, `${BOM}${typeof value === "string" ? value : JSON.stringify(value)}`);

  it("is skipped in evaluate's facts (file or stdin), --policy, --params @FILE and --standing", async () => {
    const facts = seoulFacts();
    const params = { minLiveDuration: { days: 7 } };
    const standing = emptyStanding("inf-1");
    const expected = await evaluate(facts, mediance(params), { asOf: AS_OF, standing });
    const want = `${JSON.stringify(expected, null, 2)}\n`;
    const fromFiles = await inProcess([
      "evaluate",
      bomFile("bom-facts.json", facts),
      "--policy",
      bomFile("bom-policy.json", mediance()),
      "--params",
      `@${bomFile("bom-params.json", params)}`,
      "--standing",
      bomFile("bom-standing.json", standing),
      "--as-of",
      AS_OF,
    ]);
    expect(fromFiles).toEqual({ code: EXIT.ok, stdout: want, stderr: "" });
    const fromStdin = await inProcess(
      [
        "evaluate",
        "-",
        "--policy",
        "mediance",
        "--params",
        JSON.stringify(params),
        "--standing",
        "bom-standing.json",
        "--as-of",
        AS_OF,
      ],
      `${BOM}${JSON.stringify(facts)}`,
    );
    expect(fromStdin).toEqual({ code: EXIT.ok, stdout: want, stderr: "" });
    // A second BOM is content: not JSON.
    const twice = await inProcess(
      ["evaluate", "-", "--policy", "mediance", "--as-of", AS_OF],
      `${BOM}${BOM}${JSON.stringify(facts)}`,
    );
    expect(twice.code).toBe(EXIT.invalid);
    expect(twice.stderr).toMatch(/^noshow-policy: stdin: not valid JSON/);
  });

  it("is skipped in validate's files and stdin", async () => {
    const run = await inProcess([
      "validate",
      bomFile("bv-facts.json", seoulFacts()),
      bomFile("bv-policy.json", mediance()),
    ]);
    expect(run).toEqual({
      code: EXIT.ok,
      stdout:
        'bv-facts.json: valid facts (detected: has "campaign" and "participation")\nbv-policy.json: valid policy (detected: has "rules")\n',
      stderr: "",
    });
    const stdin = await inProcess(["validate", "-"], `${BOM}${JSON.stringify(emptyStanding("i"))}`);
    expect(stdin).toMatchObject({
      code: EXIT.ok,
      stdout: expect.stringMatching(/^stdin: valid standing/),
    });
  });

  it("is skipped in test files (JSON or YAML) and the policy files they name", async () => {
    const tiny = readFileSync(join(root, "test/policies/fixtures/tiny-policy.json"), "utf8");
    bomFile("bom-tiny.json", tiny);
    const suite = {
      policy: { file: "./bom-tiny.json" },
      defaults: { zone: "America/New_York", asOf: "2026-04-02 00:00" },
      cases: [
        {
          name: "posted on time",
          build: { deliverables: [{ post: { publishedAt: "2026-03-10 12:00" } }] },
          expect: { status: "compliant", sanctions: [] },
        },
      ],
    };
    bomFile("bom.test.json", suite);
    // JSON is YAML: the same suite, as a YAML file.
    bomFile("bom.test.yaml", JSON.stringify(suite, null, 2));
    const run = await inProcess(["test", "bom.test.json", "bom.test.yaml", "--format", "json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(EXIT.ok);
    expect(JSON.parse(run.stdout)).toMatchObject({ passed: 2, failed: 0, invalid: [] });
  });

  it("is skipped at byte 0 of batch's input (file or stdin); one that starts a later line is content", async () => {
    const lines = [...LINES.slice(0, 4), `${BOM}${LINES[4]}`, ...LINES.slice(5)];
    const plain = `${lines.join("\n")}\n`;
    const args = ["--policy", "mediance", "--workers", "2", "--chunk", "3", "--quiet"];
    const without = await cli(["batch", file("nobom.ndjson", plain), ...args]);
    const fromFile = await cli(["batch", bomFile("bom.ndjson", plain), ...args]);
    const fromStdin = await cli(["batch", "-", ...args], `${BOM}${plain}`);
    expect(without.code).toBe(EXIT.invalid);
    const out = without.stdout.trimEnd().split("\n");
    expect(out).toHaveLength(lines.length);
    expect(out[0]).toBe(expectedLine(lines[0] as string));
    expect(JSON.parse(out[4] as string)).toMatchObject({
      line: 5,
      error: { code: "INVALID_JSON" },
    });
    for (const [index, line] of lines.entries()) {
      if (index !== 4) expect(out[index]).toBe(expectedLine(line));
    }
    for (const run of [fromFile, fromStdin]) {
      expect(run.code).toBe(EXIT.invalid);
      expect(run.stdout).toBe(without.stdout);
      expect(run.stderr).toMatch(/^batch: 12 lines, 11 verdicts \(.+\), 1 errors, 0 blank;/m);
    }
    // The shards of the BOM-led input still partition it exactly.
    const shards = await Promise.all(
      [0, 1].map((index) => cli(["batch", "bom.ndjson", ...args, "--shard", `${index}/2`])),
    );
    const parts = shards.flatMap((run) =>
      run.stdout === "" ? [] : run.stdout.trimEnd().split("\n"),
    );
    expect(parts.sort()).toEqual([...out].sort());
  });
});

describe("an input that is not UTF-8", SLOW, () => {
  const LINES = participationLines("mediance", 9);
  // Each is refused by a strict decoder; a lenient one reads each as U+FFFD.
  const NOT_UTF8 = [
    [0xff],
    [0xe2, 0x82],
    [0xc0, 0xaf],
    [0xed, 0xa0, 0x80],
    [0xf4, 0x90, 0x80, 0x80],
  ];
  /** `text` with `bytes` put just after the first `": "` of line `line` (1-based). */
  const spoil = (text: string, line: number, bytes: readonly number[]): Buffer => {
    const lines = text.split("\n");
    const at = lines.slice(0, line - 1).join("\n").length + (line > 1 ? 1 : 0);
    const cut = text.indexOf('": "', at) + 4;
    expect(text.slice(0, cut).split("\n")).toHaveLength(line);
    return Buffer.concat([
      Buffer.from(text.slice(0, cut)),
      Buffer.from(bytes),
      Buffer.from(text.slice(cut)),
    ]);
  };

  it("is a usage error naming the file and line, for evaluate's facts (file or stdin), --policy and --standing", async () => {
    const facts = spoil(JSON.stringify(seoulFacts(), null, 2), 3, [0xff]);
    file("nu-facts.json", facts);
    const args = ["--policy", "mediance", "--as-of", AS_OF];
    expect(await inProcess(["evaluate", "nu-facts.json", ...args])).toEqual({
      code: EXIT.invalid,
      stdout: "",
      stderr: "noshow-policy: nu-facts.json: not valid UTF-8 (line 3)\n",
    });
    expect(await inProcess(["evaluate", "-", ...args], facts)).toEqual({
      code: EXIT.invalid,
      stdout: "",
      stderr: "noshow-policy: stdin: not valid UTF-8 (line 3)\n",
    });
    file("nu-policy.json", spoil(JSON.stringify(mediance(), null, 2), 2, [0xc0, 0xaf]));
    file("ok-facts.json", seoulFacts());
    const policyRun = await inProcess([
      "evaluate",
      "ok-facts.json",
      "--policy",
      "nu-policy.json",
      "--as-of",
      AS_OF,
    ]);
    expect(policyRun).toMatchObject({ code: EXIT.invalid, stdout: "" });
    expect(policyRun.stderr).toContain("nu-policy.json: not valid UTF-8 (line 2)");
    file("nu-standing.json", spoil(JSON.stringify(emptyStanding("inf-1")), 1, [0xed, 0xa0, 0x80]));
    const standingRun = await inProcess([
      "evaluate",
      "ok-facts.json",
      ...args,
      "--standing",
      "nu-standing.json",
    ]);
    expect(standingRun).toMatchObject({ code: EXIT.invalid, stdout: "" });
    expect(standingRun.stderr).toContain("nu-standing.json: not valid UTF-8 (line 1)");
  });

  it("is an invalid test file, or an invalid policy file of one", async () => {
    const suite = {
      policy: { preset: "mediance" },
      defaults: { zone: "Europe/Berlin", asOf: "2026-04-02 00:00" },
      cases: [{ name: "nothing", build: {}, expect: { status: "pending" } }],
    };
    file("nu.test.json", spoil(JSON.stringify(suite, null, 2), 3, [0xe2, 0x82]));
    const tiny = readFileSync(join(root, "test/policies/fixtures/tiny-policy.json"), "utf8");
    file(
      "nu-tiny.json",
      spoil(tiny, tiny.split("\n").findIndex((line) => line.includes('": "')) + 1, [0xff]),
    );
    file("nu-policy.test.json", { ...suite, policy: { file: "./nu-tiny.json" } });
    const run = await inProcess([
      "test",
      "nu.test.json",
      "nu-policy.test.json",
      "--format",
      "json",
    ]);
    expect(run.code).toBe(EXIT.invalid);
    const report = JSON.parse(run.stdout);
    expect(report.invalid).toEqual([
      {
        file: join(work, "nu.test.json"),
        issues: [{ code: "invalid_format", path: "", message: "not valid UTF-8 (line 3)" }],
      },
      {
        file: join(work, "nu-policy.test.json"),
        issues: [
          expect.objectContaining({
            path: "policy.file",
            code: "invalid_format",
            message: expect.stringMatching(/^\.\/nu-tiny\.json: not valid UTF-8 \(line \d+\)$/),
          }),
        ],
      },
    ]);
  });

  it("gives batch one INVALID_LINE record per such line, and every other line's verdict", async () => {
    const bad = new Map(NOT_UTF8.map((bytes, index) => [index * 2, bytes] as const));
    const input = Buffer.concat(
      LINES.map((line, index) => {
        const bytes = bad.get(index);
        return bytes ? spoil(`${line}\n`, 1, bytes) : Buffer.from(`${line}\n`);
      }),
    );
    const args = ["--policy", "mediance", "--workers", "2", "--chunk", "2", "--quiet"];
    const runs = [
      await cli(["batch", file("nu.ndjson", input), ...args]),
      await cli(["batch", "-", ...args], input),
    ];
    for (const run of runs) {
      expect(run.code).toBe(EXIT.invalid);
      const out = run.stdout.trimEnd().split("\n");
      expect(out).toHaveLength(LINES.length);
      for (const [index, line] of LINES.entries()) {
        if (bad.has(index)) {
          expect(JSON.parse(out[index] as string)).toEqual({
            line: index + 1,
            error: {
              code: "INVALID_LINE",
              issues: [{ code: "invalid_format", path: "", message: "not valid UTF-8" }],
            },
          });
        } else expect(out[index]).toBe(expectedLine(line));
      }
      expect(run.stderr).toMatch(/^batch: 9 lines, 4 verdicts \(.+\), 5 errors, 0 blank;/m);
    }
  });
});

describe("shard and progress units", SLOW, () => {
  it("fnv1a32 hashes the UTF-8 bytes of any string (lone surrogates as U+FFFD)", () => {
    const reference = (text: string) => {
      let hash = 0x811c9dc5;
      for (const byte of Buffer.from(text, "utf8")) hash = Math.imul(hash ^ byte, 0x01000193);
      return hash >>> 0;
    };
    expect(fnv1a32("")).toBe(2166136261);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    fc.assert(
      fc.property(
        fc.string({ unit: "binary" }),
        fc.string({ unit: fc.constantFrom("a", "\ud800", "\udc00", "é", "😀") }),
        (a, b) => {
          expect(fnv1a32(a)).toBe(reference(a));
          expect(fnv1a32(b)).toBe(reference(b));
        },
      ),
    );
  });

  it("every line has exactly one shard in [0, n)", () => {
    fc.assert(
      fc.property(
        fc.anything(),
        fc.string(),
        fc.string(),
        fc.integer({ min: 1, max: 64 }),
        (junk, c, i, n) => {
          const shard = shardOf({ campaign: { id: c }, influencer: { id: i } }, n);
          expect(shard).toBe(fnv1a32(`${c}\u0000${i}`) % n);
          const other = shardOf(junk, n);
          expect(other >= 0 && other < n && Number.isInteger(other)).toBe(true);
        },
      ),
    );
    expect(shardOf({ campaign: { id: 1 }, influencer: { id: "i" } }, 7)).toBe(0);
    expect(parseShard("0/1")).toEqual({ index: 0, count: 1 });
    expect(parseShard("1/0")).toMatch(/n must be between 1 and 65536/);
  });

  it("draws a bar with rate and ETA on a terminal", () => {
    let clock = 0;
    const written: string[] = [];
    const stream = Object.assign(
      new Writable({
        decodeStrings: false,
        write(text: string, _encoding, done) {
          written.push(text);
          done();
        },
      }),
      { isTTY: true },
    );
    const progress = new Progress({ stream, totalBytes: 1000, every: 10, now: () => clock });
    clock = 2000;
    progress.update(500, 250);
    progress.done();
    expect(written).toEqual([
      "\rbatch [######..................]  25%  500 lines  250 lines/s  ETA 6s\u001b[K",
      "\r\u001b[K",
    ]);
  });
});
