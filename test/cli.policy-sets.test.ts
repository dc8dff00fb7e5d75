/**
 * Policy sets across the CLI and policy test files: a test file's policy file may be a set (each
 * case judged by the version in force); validate, --policy and test files read a document as a
 * set by one rule; validate tells facts that lack a required key; every usage error of evaluate
 * names the input it is about. All in this process (src/cli/run.ts), no build.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../src/cli/common.js";
import { detectKind } from "../src/cli/validate.js";
import {
  emptyStanding,
  evaluateSync,
  extendPolicy,
  isValidationError,
  mediance,
  parseFacts,
  policyVersions,
  type ValidationIssue,
} from "../src/index.js";
import { isPolicySetDocument, parsePolicySet } from "../src/policy-entry.js";
import { loadPolicyTestFile, runPolicyTests } from "../src/testing/index.js";
import { runInProcess } from "./cli-harness.js";
import { seoulFacts } from "./fixtures.js";

let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "noshow-sets-"));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** A CLI command run in this process, in the work directory. */
function inProcess(args: string[], input = ""): Promise<Run> {
  return runInProcess(args, work, input);
}

/** Writes a JSON (or text) file into the work directory; returns its name. */
function file(name: string, value: unknown): string {
  writeFileSync(join(work, name), typeof value === "string" ? value : JSON.stringify(value));
  return name;
}

function issuesOf(fn: () => unknown): ValidationIssue[] {
  try {
    fn();
  } catch (error) {
    if (isValidationError(error)) return [...error.issues];
    throw error;
  }
  return [];
}

/** `path: code: message` of each issue, as the CLI lists them. */
const lineOf = (issue: ValidationIssue) =>
  `${issue.path === "" ? "(root)" : issue.path}: ${issue.code}: ${issue.message}`;

/** The problems a CLI run listed for `what`, as `path: code: message`. */
function listed(stderr: string, what: string): string[] {
  const prefixes = [`noshow-policy: ${what}: `, `${what}: `];
  return stderr
    .trimEnd()
    .split("\n")
    .flatMap((line) => {
      const prefix = prefixes.find((start) => line.startsWith(start));
      return prefix ? [line.slice(prefix.length)] : [];
    })
    .filter((line) => !/^[A-Z_]+: \d+ problem\(s\)$/.test(line) && !/^invalid /.test(line));
}

const AS_OF = "2026-04-02T00:00:00Z";

// Mediance, and a second version from 2026-02-26 (Seoul): posts need stay live only 7 days, and
// the silent-after-product rule is dropped. Picked by participation.selectedAt.
const V1 = mediance({}, { id: "mediance", version: "v1" });
const V2 = extendPolicy(mediance({ minLiveDuration: { days: 7 } }), {
  id: "mediance",
  version: "v2",
  drop: ["mediance.silent-after-product"],
});
const SET = policyVersions([
  { effectiveFrom: "2026-01-01T00:00:00+09:00", policy: V1 },
  { effectiveFrom: "2026-02-26T00:00:00+09:00", policy: V2 },
]);
const SET_JSON = JSON.parse(JSON.stringify(SET));

// A post deleted by the influencer after 11 days live: too short for v1, long enough for v2
// (which still wants it public until the campaign ends: needs review).
const BUILD = {
  kind: "product_sponsorship",
  influencer: { id: "inf-jiyoon" },
  startsAt: "2026-03-01 00:00",
  endsAt: "2026-03-31 23:59:59",
  product: {
    value: { amount: 45000, currency: "KRW" },
    shippedAt: "2026-03-02 09:00",
    deliveredAt: "2026-03-03 14:00",
  },
  deliverables: [
    {
      id: "feed-1",
      post: {
        publishedAt: "2026-03-10 12:00",
        observations: [
          { at: "2026-03-11 12:00", state: "live" },
          { at: "2026-03-22 12:00", state: "deleted", cause: "influencer" },
        ],
      },
    },
  ],
  contacts: [{ at: "2026-03-05 10:00", respondedAt: "2026-03-05 18:00" }],
};

/** A test file over the policy file `policyFile`, with these cases. */
function testFile(name: string, policyFile: string, cases: unknown[]): string {
  return file(name, {
    policy: { file: policyFile },
    defaults: { zone: "Asia/Seoul", asOf: "2026-05-01 00:00", build: BUILD },
    cases,
  });
}

const V1_CASE = {
  name: "selected before v2: judged by v1 (30 days live)",
  build: { selectedAt: "2026-02-25 10:00" },
  expect: {
    status: "violation",
    findings: {
      "mediance.tracking-unavailable@feed-1": "violation",
      "mediance.silent-after-product": "compliant",
    },
  },
};
const V2_CASE = {
  name: "selected after v2 came into force: judged by v2 (7 days live)",
  build: { selectedAt: "2026-02-27 10:00" },
  expect: {
    status: "needs_review",
    findings: { "mediance.tracking-unavailable@feed-1": "needs_review" },
  },
};

describe("a policy test file's policy file may be a policy set", () => {
  it("judges each case by the version in force for it, and covers each version", async () => {
    file("set.json", SET);
    const name = testFile("set.test.json", "set.json", [V1_CASE, V2_CASE]);
    const path = join(work, name);
    const loaded = loadPolicyTestFile(path);
    expect(loaded).toMatchObject({ success: true });
    const testRun = runPolicyTests([path]);
    expect(testRun.invalid).toEqual([]);
    expect(testRun).toMatchObject({ passed: 2, failed: 0 });
    const [result] = testRun.files;
    expect(result?.policy).toEqual({
      kind: "policy_versions",
      versions: [
        { id: "mediance", version: "v1", effectiveFrom: "2025-12-31T15:00:00.000Z" },
        { id: "mediance", version: "v2", effectiveFrom: "2026-02-25T15:00:00.000Z" },
      ],
    });
    expect(result?.cases.map((item) => item.policy)).toEqual([
      { id: "mediance", version: "v1" },
      { id: "mediance", version: "v2" },
    ]);
    // The verdicts are the library's, for the set.
    if (!loaded.success) throw new Error("unreachable");
    for (const item of loaded.suite.cases) {
      const verdict = evaluateSync(item.facts, SET, { asOf: item.asOf });
      expect(verdict.status).toBe(item.expect.status);
    }
    // Coverage per version: each is exercised by the case it judged only.
    expect(testRun.coverage.map((policy) => policy.policy)).toEqual(["mediance@v1", "mediance@v2"]);
    const judged = (policy: string) => [
      ...new Set(
        testRun.coverage
          .find((item) => item.policy === policy)
          ?.rules.flatMap((rule) => rule.exercisedBy),
      ),
    ];
    expect(judged("mediance@v1")).toEqual([`${path}: ${V1_CASE.name}`]);
    expect(judged("mediance@v2")).toEqual([`${path}: ${V2_CASE.name}`]);
    expect(
      testRun.coverage
        .find((item) => item.policy === "mediance@v2")
        ?.rules.some((rule) => rule.rule === "mediance.silent-after-product"),
    ).toBe(false);
    // The command: exit 0, each case names the version that judged it.
    const cli = await inProcess(["test", name]);
    expect(cli.code).toBe(EXIT.ok);
    expect(cli.stdout).toContain(
      `${name} (policy set: mediance@v1 from 2025-12-31T15:00:00.000Z, mediance@v2 from 2026-02-25T15:00:00.000Z)\n`,
    );
    expect(cli.stdout).toContain(`  ok   ${V1_CASE.name} (mediance@v1)\n`);
    expect(cli.stdout).toContain(`  ok   ${V2_CASE.name} (mediance@v2)\n`);
  });

  it("fails a case whose expectation is another version's verdict", async () => {
    file("set-f.json", SET);
    const name = testFile("set-f.test.json", "set-f.json", [
      { ...V2_CASE, name: "v1's verdict expected of a v2 case", expect: { status: "violation" } },
    ]);
    const cli = await inProcess(["test", name]);
    expect(cli.code).toBe(EXIT.testsFailed);
    expect(cli.stdout).toContain(
      '  FAIL v1\'s verdict expected of a v2 case (mediance@v2)\n       status: expected "violation", got "needs_review"\n',
    );
  });

  it("a set's case may expect an error: refused facts pass, refused options are invalid input", async () => {
    file("set-e.json", SET);
    const name = testFile("set-e.test.json", "set-e.json", [
      {
        name: "facts that do not parse, refused as expected",
        facts: { campaign: { timezone: "Asia/Seoul" } },
        expect: { error: "INVALID_FACTS" },
      },
      // Judged before its selection: an options error no case expects.
      { ...V1_CASE, name: "asOf before selection", asOf: "2026-02-01 00:00", expect: {} },
    ]);
    const cli = await inProcess(["test", name]);
    expect(cli.code).toBe(EXIT.invalid);
    expect(cli.stdout).toContain("  ok   facts that do not parse, refused as expected\n");
    // No verdict, so no version named; the issue is at the case's asOf in the file.
    expect(cli.stdout).toContain(
      "  INVALID asOf before selection\n       cases.1.asOf: is before participation.selectedAt",
    );
  });

  it("a set's case may expect the error of no version in force", async () => {
    file("set-late.json", SET);
    const name = testFile("set-late.test.json", "set-late.json", [
      V1_CASE,
      {
        name: "selected before the first version",
        build: { selectedAt: "2025-12-01 10:00", startsAt: "2025-12-01 00:00" },
        asOf: "2025-12-20 00:00",
        expect: { error: "INVALID_FACTS" },
      },
    ]);
    const cli = await inProcess(["test", name]);
    expect(cli.stdout).toContain("  ok   selected before the first version\n");
    expect(cli.code, cli.stdout).toBe(EXIT.ok);
    // Without expecting it, the case is still a problem of the file.
    const plain = testFile("set-late-plain.test.json", "set-late.json", [
      {
        ...V1_CASE,
        name: "selected before the first version",
        build: { selectedAt: "2025-12-01 10:00", startsAt: "2025-12-01 00:00" },
        asOf: "2025-12-20 00:00",
        expect: {},
      },
    ]);
    expect((await inProcess(["test", plain])).code).toBe(EXIT.invalid);
  });

  it("lists an invalid set's problems under policy.file, naming the version, as evaluate does", async () => {
    const outOfOrder = { ...SET_JSON, versions: [...SET_JSON.versions].reverse() };
    const badPolicy = structuredClone(SET_JSON);
    badPolicy.versions[1].policy.version = "";
    for (const [setName, document] of [
      ["bad-order.json", outOfOrder],
      ["bad-version.json", badPolicy],
      ["no-kind.json", { versions: SET_JSON.versions }],
      ["no-versions.json", { kind: "policy_versions" }],
    ] as const) {
      file(setName, document);
      const expected = issuesOf(() => parsePolicySet(document));
      expect(expected.length).toBeGreaterThan(0);
      const name = testFile(`${setName}.test.json`, setName, [V1_CASE]);
      const loaded = loadPolicyTestFile(join(work, name));
      expect(loaded).toEqual({
        success: false,
        issues: expected.map((issue) => ({ ...issue, path: `policy.file.${issue.path}` })),
      });
      const evaluated = await inProcess([
        "evaluate",
        file("facts.json", seoulFacts()),
        "--policy",
        setName,
        "--as-of",
        AS_OF,
      ]);
      expect(evaluated.code).toBe(EXIT.invalid);
      expect(listed(evaluated.stderr, setName)).toEqual(expected.map(lineOf));
      const tested = await inProcess(["test", name]);
      expect(tested.code).toBe(EXIT.invalid);
    }
    expect(issuesOf(() => parsePolicySet(outOfOrder))).toContainEqual(
      expect.objectContaining({ code: "invalid_value", path: "versions[1].effectiveFrom" }),
    );
    expect(issuesOf(() => parsePolicySet(badPolicy))).toContainEqual(
      expect.objectContaining({ path: "versions[1].policy.version" }),
    );
    const loaded = loadPolicyTestFile(join(work, "bad-order.json.test.json"));
    expect(loaded.success ? [] : loaded.issues.map((issue) => issue.path)).toContain(
      "policy.file.versions[1].effectiveFrom",
    );
  });

  it("reads finding keys against the version in force, and refuses a case no version judges", () => {
    file("set-k.json", SET);
    const name = testFile("set-k.test.json", "set-k.json", [
      V1_CASE,
      {
        ...V2_CASE,
        name: "v2 has no silent-after-product rule",
        expect: { findings: { "mediance.silent-after-product": "compliant" } },
      },
      { ...V1_CASE, name: "before any version", build: { selectedAt: "2025-12-20 10:00" } },
    ]);
    const loaded = loadPolicyTestFile(join(work, name));
    expect(loaded.success).toBe(false);
    const issues = loaded.success ? [] : loaded.issues;
    expect(issues.map((issue) => [issue.path, issue.code])).toEqual([
      ["cases.1.expect.findings.mediance.silent-after-product", "unknown_reference"],
      ["cases.2.build.participation.selectedAt", "refused"],
    ]);
    expect(issues[1]?.message).toContain("before the first policy version (mediance v1");
  });
});

describe("one rule tells a policy set, for validate, --policy and test files", () => {
  const policy = JSON.parse(JSON.stringify(mediance()));
  const boundary: Array<[string, unknown, "policy" | "policy_versions"]> = [
    ["a set", SET_JSON, "policy_versions"],
    ['kind "policy_versions" without versions', { kind: "policy_versions" }, "policy_versions"],
    [
      'kind "policy_versions" over a policy',
      { ...policy, kind: "policy_versions" },
      "policy_versions",
    ],
    ["versions without kind", { versions: SET_JSON.versions }, "policy_versions"],
    ["versions of another kind", { kind: "sets", versions: SET_JSON.versions }, "policy_versions"],
    ["a policy", policy, "policy"],
    ["a policy with an extra kind", { ...policy, kind: "custom" }, "policy"],
    ["a policy with rules and versions", { ...policy, versions: [] }, "policy"],
  ];

  it.each(boundary)(
    "%s: the same reading and problems everywhere",
    async (label, document, kind) => {
      const name = file(`b-${label.replace(/\W+/g, "-")}.json`, document);
      expect(isPolicySetDocument(document)).toBe(kind === "policy_versions");
      expect(detectKind(document)?.kind).toBe(kind);
      const validated = await inProcess(["validate", name, "--format", "json"]);
      const [report] = JSON.parse(validated.stdout) as Array<{
        kind: string;
        valid: boolean;
        issues: ValidationIssue[];
      }>;
      expect(report?.kind).toBe(kind);
      const evaluated = await inProcess([
        "evaluate",
        file("b-facts.json", seoulFacts()),
        "--policy",
        name,
        "--as-of",
        AS_OF,
      ]);
      expect(evaluated.code).toBe(report?.valid ? EXIT.ok : EXIT.invalid);
      expect(listed(evaluated.stderr, name)).toEqual((report?.issues ?? []).map(lineOf));
      const loaded = loadPolicyTestFile(
        join(work, testFile(`${name}.test.json`, name, [{ ...V1_CASE, expect: {} }])),
      );
      expect(loaded.success ? [] : loaded.issues).toEqual(
        (report?.issues ?? []).map((issue) => ({ ...issue, path: `policy.file.${issue.path}` })),
      );
      if (kind === "policy_versions" && document !== SET_JSON) {
        expect(report?.issues.length).toBeGreaterThan(0);
      }
    },
  );

  it("says which keys told a set", async () => {
    const run = await inProcess([
      "validate",
      file("t-set.json", SET_JSON),
      file("t-kind.json", { kind: "policy_versions" }),
      file("t-versions.json", { versions: [] }),
    ]);
    expect(run.stdout).toBe(
      't-set.json: valid policy_versions (detected: has "kind" and "versions")\n',
    );
    expect(run.stderr).toContain(
      't-kind.json: invalid policy_versions (detected: has "kind"): 1 problem(s)\n',
    );
    expect(run.stderr).toContain(
      't-versions.json: invalid policy_versions (detected: has "versions"): 2 problem(s)\nt-versions.json: kind: invalid_value: must be "policy_versions"\n',
    );
  });
});

describe("validate tells facts that lack a required key", () => {
  const facts = seoulFacts();

  it.each(["participation", "campaign", "influencer", "deliverables"])(
    "facts without %s: a facts issue at its path",
    async (key) => {
      const document: Record<string, unknown> = { ...facts };
      delete document[key];
      const expected = issuesOf(() => parseFacts(document));
      expect(expected).toContainEqual(expect.objectContaining({ path: key }));
      const name = file(`no-${key}.json`, document);
      const run = await inProcess(["validate", name, "--format", "json"]);
      expect(run.code).toBe(EXIT.invalid);
      expect(JSON.parse(run.stdout)).toEqual([
        {
          file: name,
          kind: "facts",
          detectedBy: expect.any(Array),
          valid: false,
          issues: expected,
        },
      ]);
      const text = await inProcess(["validate", name]);
      const missing = expected.find((issue) => issue.path === key) as ValidationIssue;
      expect(text.stderr).toContain(`${name}: ${key}: ${missing.code}: `);
      expect(text.stderr).not.toContain("cannot tell the kind");
    },
  );

  it("says which keys told it, and keeps 'cannot tell' for what matches nothing", async () => {
    const { participation: _participation, ...rest } = facts;
    expect(detectKind(rest)).toEqual({
      kind: "facts",
      by: ["campaign", "influencer", "deliverables"],
    });
    expect(detectKind(facts)).toEqual({ kind: "facts", by: ["campaign", "participation"] });
    const run = await inProcess([
      "validate",
      file("f-rest.json", rest),
      file("f-campaign.json", { campaign: facts.campaign, deliverables: [] }),
      file("f-hello.json", { hello: 1 }),
    ]);
    expect(run.code).toBe(EXIT.invalid);
    expect(run.stderr).toContain(
      'f-rest.json: invalid facts (detected: has "campaign" and "influencer" and "deliverables"): 1 problem(s)\nf-rest.json: participation: required: ',
    );
    expect(run.stderr).toContain("f-campaign.json: (root): invalid_value: cannot tell the kind");
    expect(run.stderr).toContain("f-hello.json: (root): invalid_value: cannot tell the kind");
    const valid = await inProcess(["validate", file("f-ok.json", facts)]);
    expect(valid).toMatchObject({
      code: EXIT.ok,
      stdout: 'f-ok.json: valid facts (detected: has "campaign" and "participation")\n',
    });
  });
});

describe("every usage error of evaluate names its input", () => {
  const policy = JSON.parse(JSON.stringify(mediance()));

  beforeAll(() => {
    file("e-facts.json", seoulFacts());
    file("e-policy.json", policy);
    file("e-bad-policy.json", { ...policy, colour: "red" });
    file("e-standing-bad.json", { ...emptyStanding("inf-1"), qualityScore: 500 });
    file("e-standing-other.json", emptyStanding("someone-else"));
    file("e-standing.json", emptyStanding("inf-1"));
    file("e-not-json.json", "{nope");
    file(
      "e-set-asof.json",
      policyVersions([{ effectiveFrom: "2030-01-01T00:00:00Z", policy: mediance() }], {
        by: "asOf",
      }),
    );
    file(
      "e-set-selected.json",
      policyVersions([{ effectiveFrom: "2030-01-01T00:00:00Z", policy: mediance() }]),
    );
  });

  const evaluate = (args: string[], input?: string) =>
    inProcess(["evaluate", ...args], input).then((result) => {
      expect(result.code).toBe(EXIT.invalid);
      expect(result.stdout).toBe("");
      return result.stderr;
    });

  it.each<[string, string[], string[], string?]>([
    // FACTS
    [
      "a missing FACTS file",
      ["e-nope.json", "--policy", "mediance"],
      ["e-nope.json: cannot read (ENOENT)"],
    ],
    [
      "FACTS that are not JSON",
      ["e-not-json.json", "--policy", "mediance"],
      ["e-not-json.json: not valid JSON"],
    ],
    [
      "stdin FACTS that are not JSON",
      ["-", "--policy", "mediance"],
      ["stdin: not valid JSON"],
      "{",
    ],
    [
      "FACTS before the first version of a set picked by selection",
      ["e-facts.json", "--policy", "e-set-selected.json"],
      ["e-facts.json: participation.selectedAt: refused: "],
    ],
    // --policy
    [
      "a missing --policy file",
      ["e-facts.json", "--policy", "e-nope.json"],
      ["e-nope.json: cannot read (ENOENT)"],
    ],
    [
      "an invalid --policy file",
      ["e-facts.json", "--policy", "e-bad-policy.json"],
      [
        "e-bad-policy.json: INVALID_POLICY: 1 problem(s)",
        "e-bad-policy.json: colour: unknown_key: ",
      ],
    ],
    // --params
    [
      "--params that are not JSON",
      ["e-facts.json", "--policy", "mediance", "--params", "{"],
      ["--params: not valid JSON"],
    ],
    [
      "a missing --params file",
      ["e-facts.json", "--policy", "mediance", "--params", "@e-nope.json"],
      ["e-nope.json: cannot read (ENOENT)"],
    ],
    [
      "a bad preset parameter",
      ["e-facts.json", "--policy", "mediance", "--params", '{"minLiveDuration":"x"}'],
      ["--params: minLiveDuration: invalid_type: "],
    ],
    [
      "a bad parameter merged over a policy file",
      ["e-facts.json", "--policy", "e-policy.json", "--params", '{"minLiveDuration":"x"}'],
      ["--params: INVALID_POLICY: 1 problem(s)", "--params: minLiveDuration: invalid_type: "],
    ],
    [
      "an unknown parameter merged over a policy file",
      ["e-facts.json", "--policy", "e-policy.json", "--params", '{"bogus":1}'],
      ["--params: bogus: unknown_key: "],
    ],
    [
      "a policy file's own problem, with --params",
      [
        "e-facts.json",
        "--policy",
        "e-bad-policy.json",
        "--params",
        '{"minLiveDuration":{"days":3}}',
      ],
      [
        "e-bad-policy.json: INVALID_POLICY: 1 problem(s)",
        "e-bad-policy.json: colour: unknown_key: ",
      ],
    ],
    // --standing
    [
      "a missing --standing file",
      ["e-facts.json", "--policy", "mediance", "--standing", "e-nope.json"],
      ["e-nope.json: cannot read (ENOENT)"],
    ],
    [
      "an invalid --standing file",
      ["e-facts.json", "--policy", "mediance", "--standing", "e-standing-bad.json"],
      [
        "e-standing-bad.json: INVALID_OPTIONS: 1 problem(s)",
        "e-standing-bad.json: qualityScore: too_big: ",
      ],
    ],
    [
      "another influencer's --standing",
      ["e-facts.json", "--policy", "mediance", "--standing", "e-standing-other.json"],
      ['e-standing-other.json: influencerId: refused: is "someone-else"'],
    ],
    [
      "a --standing from stdin that is not JSON",
      ["e-facts.json", "--policy", "mediance", "--standing", "-"],
      ["stdin: not valid JSON"],
      "{",
    ],
    // stdin read twice
    [
      "FACTS and --standing both from stdin",
      ["-", "--policy", "mediance", "--standing", "-"],
      ["evaluate: stdin (-) can feed one input only, not FACTS and --standing"],
      JSON.stringify(seoulFacts()),
    ],
    [
      "FACTS and --params both from stdin",
      ["-", "--policy", "mediance", "--params", "@-"],
      ["evaluate: stdin (-) can feed one input only, not FACTS and --params"],
      JSON.stringify(seoulFacts()),
    ],
  ])("%s", async (_label, args, expected, input) => {
    const stderr = await evaluate([...args, "--as-of", AS_OF], input);
    for (const line of expected) expect(stderr).toContain(`noshow-policy: ${line}`);
    expect(stderr).not.toContain("options:");
  });

  it.each<[string, string[]]>([
    ["an --as-of that is no instant", ["--policy", "mediance", "--as-of", "2026-04-02"]],
    [
      "an --as-of before the selection",
      ["--policy", "mediance", "--as-of", "2026-01-02T00:00:00Z"],
    ],
    ["an --as-of before a set's first version", ["--policy", "e-set-asof.json", "--as-of", AS_OF]],
  ])("%s names --as-of", async (_label, args) => {
    const stderr = await evaluate(["e-facts.json", ...args]);
    const lines = stderr.trimEnd().split("\n");
    expect(lines[0]).toBe("noshow-policy: --as-of: INVALID_OPTIONS: 1 problem(s)");
    expect(lines[1]).toMatch(/^noshow-policy: --as-of: \(root\): [a-z_]+: /);
    expect(lines).toHaveLength(2);
  });

  it("still evaluates with each input given once (stdin included)", async () => {
    const facts = JSON.stringify(seoulFacts());
    const want = JSON.stringify(
      evaluateSync(seoulFacts(), mediance(), { asOf: AS_OF, standing: emptyStanding("inf-1") }),
      null,
      2,
    );
    for (const [args, input] of [
      [["-", "--policy", "mediance", "--standing", "e-standing.json"], facts],
      [
        ["e-facts.json", "--policy", "mediance", "--standing", "-"],
        JSON.stringify(emptyStanding("inf-1")),
      ],
      [
        ["e-facts.json", "--policy", "mediance", "--standing", "e-standing.json", "--params", "@-"],
        "{}",
      ],
      [
        [
          "e-facts.json",
          "--policy",
          "e-policy.json",
          "--standing",
          "e-standing.json",
          "--params",
          "{}",
        ],
      ],
    ] as Array<[string[], string?]>) {
      const result = await inProcess(["evaluate", ...args, "--as-of", AS_OF], input);
      expect(result).toEqual({ code: EXIT.ok, stdout: `${want}\n`, stderr: "" });
    }
  });
});
