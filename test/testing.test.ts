import "../src/testing/vitest.js";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fc, test as prop } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { testCommand } from "../src/cli/test-command.js";
import { evaluateSync, isValidationError, mediance, parseFacts } from "../src/index.js";
import {
  checkPolicyTestFile,
  claim,
  contact,
  deliverable,
  editRequest,
  formatTestRun,
  formatTestRunJson,
  money,
  noShowMatchers,
  observation,
  participation,
  payment,
  post,
  product,
  runPolicyTests,
  voucher,
  wallTime,
} from "../src/testing/index.js";

const FIXTURES = join(import.meta.dirname, "policies", "fixtures");

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("wallTime", () => {
  it("reads wall times in the campaign zone, DST gaps and overlaps as TZDate does", () => {
    expect(wallTime("2026-03-01 10:00", "Asia/Seoul")).toBe("2026-03-01T01:00:00.000Z");
    expect(wallTime("2026-03-01T10:00:30", "Asia/Seoul")).toBe("2026-03-01T01:00:30.000Z");
    expect(wallTime("2026-03-01", "Asia/Seoul")).toBe("2026-02-28T15:00:00.000Z");
    expect(wallTime("2026-03-01 10:00:00.5", "UTC")).toBe("2026-03-01T10:00:00.500Z");
    // Spring forward: 02:30 does not exist in New York and moves to 03:30 EDT.
    expect(wallTime("2026-03-08 02:30", "America/New_York")).toBe("2026-03-08T07:30:00.000Z");
    // Fall back: 01:30 happens twice; the earlier (EDT) is taken.
    expect(wallTime("2026-11-01 01:30", "America/New_York")).toBe("2026-11-01T05:30:00.000Z");
    // An instant with an offset is kept as the instant it names.
    expect(wallTime("2026-03-01T10:00:00+09:00", "America/New_York")).toBe(
      "2026-03-01T01:00:00.000Z",
    );
  });

  it("refuses what is not a calendar time, naming the path", () => {
    for (const text of ["2026-02-30 10:00", "2026-03-01 24:00", "tomorrow", "2026-03-01T10:00Q"]) {
      const error = thrown(() => wallTime(text, "UTC", "deliverables.0.dueAt"));
      expect(isValidationError(error)).toBe(true);
      expect((error as { issues: unknown[] }).issues).toEqual([
        expect.objectContaining({ code: "invalid_format", path: "deliverables.0.dueAt" }),
      ]);
    }
    expect(() => wallTime("2026-03-01 10:00", "Mars/Olympus")).toThrow(/cannot be read/);
  });

  prop.prop([
    fc.date({ min: new Date("1990-01-01Z"), max: new Date("2090-01-01Z"), noInvalidDate: true }),
  ])("a wall time in a fixed-offset zone is the UTC instant minus the offset", (date) => {
    const wall = date.toISOString().slice(0, 19).replace("T", " ");
    expect(wallTime(wall, "UTC")).toBe(`${date.toISOString().slice(0, 19)}.000Z`);
    expect(Date.parse(wallTime(wall, "Asia/Kolkata"))).toBe(
      Date.parse(`${date.toISOString().slice(0, 19)}Z`) - 5.5 * 3_600_000,
    );
  });
});

describe("fact builders", () => {
  it("give a valid participation with no arguments, with positional ids", () => {
    const facts = participation();
    expect(parseFacts(facts)).toMatchObject({
      campaign: { id: "campaign-1", kind: "paid", timezone: "UTC" },
      deliverables: [{ id: "d1", kind: "post" }],
    });
  });

  it("read every time in the campaign zone and let every field be overridden", () => {
    const facts = participation({
      zone: "Asia/Seoul",
      kind: "product_sponsorship",
      selectedAt: "2026-02-25 10:00",
      influencer: { id: "inf-jiyoon", handle: "@jiyoon" },
      participation: { cancelledAt: "2026-03-02 09:00", cancelledBy: "advertiser" },
      deliverables: [
        deliverable({
          dueAt: "2026-03-15 23:59",
          terms: { publishAt: "2026-03-14 12:00", hashtags: ["#ad"] },
          post: post("2026-03-14 12:30", {
            observations: [
              observation("2026-03-15 09:00"),
              observation("2026-03-16 09:00", "deleted", "influencer"),
            ],
          }),
          editRequests: [editRequest("2026-03-15 10:00", { respondedAt: "2026-03-15 11:00" })],
          extensions: [{ grantedAt: "2026-03-10 10:00", newDueAt: "2026-03-20 23:59" }],
        }),
        deliverable({ id: "story", kind: "story" }),
      ],
      contacts: [contact("2026-03-05 10:00", { channel: "sms" }), contact("2026-03-06 10:00")],
      product: product({ value: money(45_000, "KRW"), deliveredAt: "2026-03-03 14:00" }),
      voucher: voucher("2026-03-02 09:00"),
      payment: payment({ escrow: { fundedAt: "2026-03-01 09:00" }, paidOutAt: "2026-04-01 09:00" }),
      exceptions: [
        claim("illness", "2026-03-20 09:00", {
          from: "2026-03-18",
          evidence: [{ kind: "physician_statement", issuedAt: "2026-03-19 10:00" }],
        }),
      ],
    });
    const parsed = parseFacts(facts);
    expect(parsed.campaign.startsAt).toBe("2026-02-28T15:00:00.000Z");
    expect(parsed.participation).toEqual({
      selectedAt: "2026-02-25T01:00:00.000Z",
      cancelledAt: "2026-03-02T00:00:00.000Z",
      cancelledBy: "advertiser",
    });
    const [first, second] = parsed.deliverables;
    expect(first?.dueAt).toBe("2026-03-15T14:59:00.000Z");
    expect(first?.terms?.publishAt).toBe("2026-03-14T03:00:00.000Z");
    expect(first?.post?.observations?.[1]).toEqual({
      at: "2026-03-16T00:00:00.000Z",
      state: "deleted",
      cause: "influencer",
    });
    expect(first?.editRequests?.[0]).toMatchObject({ id: "r1", reason: "guideline_mismatch" });
    expect(first?.extensions?.[0]?.newDueAt).toBe("2026-03-20T14:59:00.000Z");
    expect(second).toEqual({ id: "story", kind: "story" });
    expect(parsed.contacts?.map((item) => [item.id, item.channel])).toEqual([
      ["c1", "sms"],
      ["c2", "call"],
    ]);
    expect(parsed.product?.value).toEqual({ amount: 45_000, currency: "KRW" });
    expect(parsed.voucher?.value).toEqual({ amount: 10_000, currency: "USD" });
    expect(parsed.payment?.escrow?.fundedAt).toBe("2026-03-01T00:00:00.000Z");
    expect(parsed.exceptions?.[0]).toMatchObject({
      id: "x1",
      from: "2026-03-17T15:00:00.000Z",
      evidence: [{ kind: "physician_statement", issuedAt: "2026-03-19T01:00:00.000Z" }],
    });
  });

  it("name the facts path of a time that cannot be read", () => {
    const error = thrown(() => participation({ deliverables: [{}, { post: post("soon") }] })) as {
      issues: Array<{ path: string }>;
    };
    expect(error.issues[0]?.path).toBe("deliverables.1.post.publishedAt");
  });

  it("do not mutate what they are given", () => {
    const spec = { zone: "Asia/Seoul", deliverables: [deliverable({ dueAt: "2026-03-10 10:00" })] };
    const copy = structuredClone(spec);
    participation(spec);
    expect(spec).toEqual(copy);
  });
});

describe("matchers", () => {
  const noShow = evaluateSync(
    participation({
      zone: "Asia/Seoul",
      deliverables: [deliverable({ dueAt: "2026-03-10 23:59" })],
    }),
    mediance(),
    { asOf: "2026-03-20T00:00:00Z" },
  );
  const pending = evaluateSync(participation({ zone: "Asia/Seoul" }), mediance(), {
    asOf: "2026-03-05T00:00:00Z",
  });

  it("pass on what the verdict says", () => {
    expect(noShow).toBeNoShow();
    expect(noShow).toHaveStatus("violation");
    expect(noShow).toHaveFinding("mediance.post-not-registered");
    expect(noShow).toHaveFinding("mediance.post-not-registered@d1", "violation");
    expect(noShow).toHaveSanction("exclude_from_future_campaigns");
    expect(pending).not.toBeNoShow();
    expect(pending).toHaveNextCheckAt("2026-03-31 14:59:59Z".replace(" ", "T"));
    expect(pending).toHaveNextCheckAt(new Date("2026-03-31T14:59:59Z"));
    expect(pending).not.toHaveFinding("mediance.post-not-registered", "violation");
    expect(pending).not.toHaveSanction("exclude_from_future_campaigns");
  });

  it("fail with expected and actual in the message", () => {
    expect(() => expect(pending).toBeNoShow()).toThrow(
      /to be a no-show, but its status is pending/,
    );
    expect(() => expect(noShow).not.toBeNoShow()).toThrow(/not to be a no-show/);
    expect(() => expect(pending).toHaveStatus("violation")).toThrow(
      /have status "violation", but its status is "pending"/,
    );
    expect(() =>
      expect(pending).toHaveFinding("mediance.post-not-registered", "violation"),
    ).toThrow(/findings of that rule are mediance.post-not-registered@d1: pending/);
    expect(() => expect(pending).toHaveFinding("nope.rule")).toThrow(/has no finding of that rule/);
    expect(() => expect(noShow).toHaveSanction("invoice")).toThrow(
      /impose invoice, but its sanctions are: exclude_from_future_campaigns/,
    );
    expect(() => expect(noShow).toHaveNextCheckAt("2026-01-01T00:00:00Z")).toThrow(
      /nextCheckAt "2026-01-01T00:00:00Z", but its nextCheckAt is/,
    );
    expect(() => expect({ status: "x" }).toHaveStatus("pending")).toThrow(/expected a verdict/);
  });

  it("compare sanction amounts in minor units, and currencies when given", () => {
    const withAmount = {
      ...noShow,
      sanctions: [{ type: "invoice" as const, because: [], amount: money(45_000, "KRW") }],
    };
    expect(withAmount).toHaveSanction("invoice", { amount: 45_000 });
    expect(withAmount).toHaveSanction("invoice", { amount: money(45_000, "KRW") });
    expect(withAmount).not.toHaveSanction("invoice", { amount: money(45_000, "USD") });
    expect(withAmount).not.toHaveSanction("invoice", { amount: 1 });
    expect(noShowMatchers.toHaveSanction(noShow, "invoice").pass).toBe(false);
    expect(noShowMatchers.toHaveNextCheckAt(noShow, null).pass).toBe(noShow.nextCheckAt === null);
  });
});

describe("runPolicyTests", () => {
  it("reports a wrong expectation with expected vs actual, and the branches no case reached", () => {
    const run = runPolicyTests([join(FIXTURES, "wrong.test.yaml")]);
    expect(run.invalid).toEqual([]);
    expect([run.passed, run.failed]).toEqual([1, 1]);
    const [wrong, right] = run.files[0]?.cases ?? [];
    expect(right?.passed).toBe(true);
    expect(wrong?.failures).toEqual([
      { path: "status", expected: "compliant", actual: "violation" },
      { path: "noShow", expected: false, actual: true },
      { path: "findings.tiny.posted", expected: "compliant", actual: "violation" },
      { path: "sanctions", expected: [{ type: "warning" }], actual: [] },
    ]);
    const [coverage] = run.coverage;
    expect(coverage).toMatchObject({ policy: "tiny@1", exercised: 2, total: 4 });
    expect(coverage?.unexercised).toEqual(["tiny.posted/pending", "tiny.sanction/warn"]);
    expect(
      coverage?.rules.find((rule) => rule.name === "tiny.posted/missing")?.exercisedBy,
    ).toEqual([
      `${join(FIXTURES, "wrong.test.yaml")}: no post after the deadline, expected (wrongly) compliant`,
    ]);
    const text = formatTestRun(run, { coverage: true });
    expect(text).toContain('status: expected "compliant", got "violation"');
    expect(text).toContain("not exercised: tiny.sanction/warn (sanctions: warning)");
    expect(text.trimEnd().endsWith("1 passed, 1 failed")).toBe(true);
    expect(JSON.parse(formatTestRunJson(run))).toEqual(run);
  });

  it("lists every problem of an invalid test file with its path", () => {
    const run = runPolicyTests([join(FIXTURES, "invalid.test.yaml")]);
    expect(run.files).toEqual([]);
    expect(run.invalid[0]?.issues.map((issue) => [issue.path, issue.code])).toEqual([
      ["cases.0.build.deliverable", "unknown_key"],
      ["cases.0.expect.finding", "unknown_key"],
      ["cases.1.expect.status", "invalid_value"],
    ]);
    expect(run.invalid[0]?.issues[0]?.message).toContain('did you mean "deliverables"');
  });

  it("checks the policy, rule ids, times and facts of a well-shaped file", () => {
    const file = join(FIXTURES, "x.test.yaml");
    const result = checkPolicyTestFile(
      {
        policy: { preset: "medance" },
        unreachable: { "mediance.nope/x": "no reason" },
        cases: [
          {
            name: "a",
            asOf: "2026-02-30 10:00",
            build: { deliverables: [{ dueAt: "soon" }] },
            expect: {},
          },
          { name: "a", expect: {} },
          { name: "c", facts: { campaign: {} }, build: {}, expect: {} },
          { name: "d", asOf: "2026-03-01 00:00", expect: { nextCheckAt: "later" } },
        ],
      },
      file,
    );
    expect(result.success).toBe(false);
    const issues = result.success ? [] : result.issues;
    expect(issues.map((issue) => issue.path)).toEqual([
      "policy.preset",
      "cases.0.build.deliverables.0.dueAt",
      "cases.1.name",
      "cases.1.asOf",
      "cases.2",
      "cases.2.facts.campaign.id",
      ...issues.slice(6, -1).map((issue) => issue.path),
      "cases.3.expect.nextCheckAt",
    ]);
    expect(issues[0]?.message).toContain('did you mean "mediance"');
    const again = checkPolicyTestFile(
      {
        policy: { preset: "mediance", parameters: { retentionDayz: 3 } },
        cases: [{ name: "a", asOf: "2026-03-01 00:00", expect: {} }],
      },
      file,
    );
    expect(again.success ? [] : again.issues.map((issue) => issue.path)).toEqual([
      "policy.parameters.retentionDayz",
    ]);
    const rules = checkPolicyTestFile(
      {
        policy: { preset: "mediance" },
        unreachable: { "mediance.nope/x": "no reason" },
        cases: [
          {
            name: "a",
            asOf: "2026-03-01 00:00",
            expect: { findings: { "mediance.unresponsiv": "compliant" } },
          },
        ],
      },
      file,
    );
    expect(rules.success ? [] : rules.issues.map((issue) => issue.message)).toEqual([
      expect.stringContaining('no rule named "mediance.nope/x"'),
      expect.stringContaining('did you mean "mediance.unresponsive"'),
    ]);
  });

  it("reports files it cannot read or parse, and policy files that are missing or invalid", () => {
    const dir = mkdtempSync(join(tmpdir(), "nsp-files-"));
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const cases = "cases: [{ name: a, asOf: '2026-03-01 00:00', expect: {} }]";
    const files = [
      join(dir, "absent.test.yaml"),
      write("bad.test.yaml", "policy: [unclosed"),
      write("bad.test.json", "{"),
      write("nofile.test.yaml", `policy: { file: ./nope.json }\n${cases}`),
      write("notjson.test.yaml", `policy: { file: ./policy.txt }\n${cases}`),
      write("invalid.test.yaml", `policy: { file: ./invalid.json }\n${cases}`),
    ];
    write("policy.txt", "not json");
    write("invalid.json", JSON.stringify({ id: "p", version: "1", parameters: {}, rules: [] }));
    const run = runPolicyTests(files);
    rmSync(dir, { recursive: true });
    expect(run.invalid.map((item) => item.issues.map((issue) => [issue.path, issue.code]))).toEqual(
      [
        [["", "unknown_reference"]],
        [["", "invalid_format"]],
        [["", "invalid_format"]],
        [["policy.file", "unknown_reference"]],
        [["policy.file", "invalid_value"]],
        [["policy.file.rules", "too_small"]],
      ],
    );
    expect(run.invalid[2]?.issues[0]?.message).toMatch(/^is not valid JSON/);
  });

  it("checks a standing, and reports a case whose evaluation throws as failed", () => {
    const bad = checkPolicyTestFile(
      {
        policy: { preset: "mediance" },
        cases: [
          { name: "a", asOf: "2026-03-01 00:00", standing: { qualityScore: 500 }, expect: {} },
        ],
      },
      "s.test.yaml",
    );
    expect(bad.success ? [] : bad.issues.map((issue) => issue.path)).toEqual([
      "cases.0.standing.qualityScore",
    ]);
    const other = checkPolicyTestFile(
      {
        policy: { preset: "mediance" },
        cases: [
          {
            name: "another influencer's standing",
            asOf: "2026-03-01 00:00",
            standing: { influencerId: "someone-else" },
            expect: {},
          },
        ],
      },
      "s.test.yaml",
    );
    if (!other.success) throw new Error(JSON.stringify(other.issues));
    const run = runPolicyTests([other.suite]);
    expect(run.failed).toBe(1);
    expect(run.files[0]?.cases[0]?.error).toMatch(/Invalid|influencer/);
    expect(formatTestRun(run)).toContain("error: ");
  });

  it("flags a branch declared unreachable that a case exercised", () => {
    const loaded = checkPolicyTestFile(
      {
        policy: { preset: "mediance" },
        unreachable: { "mediance.post-not-registered/pending": "claimed unreachable" },
        defaults: { zone: "Asia/Seoul", asOf: "2026-03-05 00:00" },
        cases: [{ name: "pending", expect: { status: "pending" } }],
      },
      "inline.test.yaml",
    );
    if (!loaded.success) throw new Error(JSON.stringify(loaded.issues));
    const run = runPolicyTests([loaded.suite]);
    expect(run.coverage[0]?.unreachableButExercised).toEqual([
      "mediance.post-not-registered/pending",
    ]);
    expect(formatTestRun(run, { coverage: true })).toContain(
      "declared unreachable but exercised: mediance.post-not-registered/pending",
    );
  });
});

describe("noshow-policy test", () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      io: {
        stdout: { write: (text: string) => out.push(text) },
        stderr: { write: (text: string) => err.push(text) },
        cwd: FIXTURES,
      },
    };
  };

  it("exits 4 on a failed case, 2 on an invalid file, 0 when all pass", async () => {
    const failed = io();
    expect(await testCommand(["wrong.test.yaml", "--coverage"], failed.io)).toBe(4);
    expect(failed.out.join("")).toContain("tiny@1: 2/4 rules exercised");
    const invalid = io();
    expect(await testCommand(["."], invalid.io)).toBe(2);
    expect(invalid.out.join("")).toContain("invalid.test.yaml: invalid test file");
    const passed = io();
    expect(
      await testCommand(
        [join(FIXTURES, "..", "mediance.test.yaml"), "--format", "json"],
        passed.io,
      ),
    ).toBe(0);
    expect(JSON.parse(passed.out.join("")).failed).toBe(0);
  });

  it("exits 2 on a bad command line", async () => {
    for (const argv of [[], ["--format", "xml", "x"], ["--nope"], ["missing-dir"]]) {
      const run = io();
      expect(await testCommand(argv, run.io)).toBe(2);
      expect(run.err.join("")).toMatch(/noshow-policy test: /);
    }
    const empty = mkdtempSync(join(tmpdir(), "nsp-test-"));
    writeFileSync(join(empty, "notes.txt"), "");
    const none = io();
    expect(await testCommand([empty], none.io)).toBe(2);
    expect(none.err.join("")).toContain("no *.test.yaml");
    rmSync(empty, { recursive: true });
    const help = io();
    expect(await testCommand(["--help"], help.io)).toBe(0);
    expect(help.out.join("")).toContain("usage: noshow-policy test");
  });
});
