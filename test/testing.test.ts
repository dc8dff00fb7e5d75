import "../src/testing/vitest.js";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { fc, test as prop } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { run as cliRun } from "../src/cli/run.js";
import { evaluate, evaluateSync, isValidationError, mediance, parseFacts } from "../src/index.js";
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
    expect(() => expect({ status: "x" }).toHaveStatus("pending")).toThrow(/expected a Verdict/);
  });

  it("throw on anything that is not a verdict, under .not too (a forgotten await fails)", async () => {
    const promise = evaluate(participation(), mediance(), { asOf: "2026-04-20T00:00:00Z" });
    const record = { line: 3, error: { code: "INVALID_FACTS", issues: [] } };
    const calls: Array<[keyof typeof noShowMatchers, unknown[]]> = [
      ["toBeNoShow", []],
      ["toHaveStatus", ["violation"]],
      ["toHaveFinding", ["mediance.post-not-registered", "violation"]],
      ["toHaveSanction", ["exclude_from_future_campaigns"]],
      ["toHaveNextCheckAt", [null]],
    ];
    for (const [name, args] of calls) {
      for (const value of [promise, undefined, null, record, { status: "x" }, [noShow]]) {
        const assertion = expect(value) as unknown as Record<string, (...a: unknown[]) => void>;
        const negated = expect(value).not as unknown as Record<string, (...a: unknown[]) => void>;
        expect(() => assertion[name]?.(...args), name).toThrow(TypeError);
        expect(() => negated[name]?.(...args), `not.${name}`).toThrow(TypeError);
        expect(() => noShowMatchers[name](value as never, ...(args as [never]))).toThrow(
          `${name}: expected a Verdict`,
        );
      }
      expect(() => (expect(promise).not as never as Record<string, () => void>)[name]?.()).toThrow(
        `${name}: expected a Verdict, got a Promise — did you forget await?`,
      );
    }
    expect(() => expect(undefined).not.toHaveStatus("violation")).toThrow(
      "toHaveStatus: expected a Verdict (from evaluate or evaluateSync), got undefined",
    );
    // Awaited, it is a verdict.
    expect(await promise).toHaveStatus("violation");
  });

  it("read a finding key against the verdict's ids, which may contain @", () => {
    const at = evaluateSync(
      participation({ deliverables: [{ id: "feed@instagram" }, { id: "story" }] }),
      mediance(),
      { asOf: "2026-04-20T00:00:00Z" },
    );
    expect(at).toHaveFinding("mediance.post-not-registered@feed@instagram", "violation");
    expect(() =>
      expect(at).not.toHaveFinding("mediance.post-not-registered@feed@instagram", "violation"),
    ).toThrow(/not to have a finding/);
    expect(at).toHaveFinding("mediance.post-not-registered@story", "violation");
    expect(at).not.toHaveFinding("mediance.post-not-registered@story", "compliant");
    // A key that names no rule and deliverable of the verdict throws, under .not too: it must
    // not pass on a misread key.
    for (const key of ["mediance.post-not-registered@feed@tiktok", "mediance.nope@feed@tiktok"]) {
      expect(() => expect(at).not.toHaveFinding(key)).toThrow(
        `toHaveFinding: "${key}" names no deliverable of the verdict, nor a rule with a finding`,
      );
      expect(() => expect(at).toHaveFinding(key)).toThrow(/names no deliverable of the verdict/);
    }
    // A rule with no finding here, at a deliverable the verdict has: nothing to misread.
    expect(at).not.toHaveFinding("mediance.tracking-unavailable@story");
    // A key without @ can only be a rule id (one that made no finding is not in a verdict).
    expect(at).not.toHaveFinding("mediance.unresponsive");
    // A rule id with @ in it, campaign-scope.
    const base = at.findings[0];
    if (!base) throw new Error("no finding");
    const campaignRule = { ...base, rule: "acme@v2.late", deliverableId: undefined };
    const custom = { ...at, findings: [...at.findings, campaignRule] };
    expect(custom).toHaveFinding("acme@v2.late", "violation");
    expect(() => expect(custom).not.toHaveFinding("acme@v2.late")).toThrow(/not to have/);
    // Two readings that both fit: refused, naming both.
    const ambiguous = {
      ...at,
      findings: [
        { ...base, rule: "a", deliverableId: "b@c" },
        { ...base, rule: "a@b", deliverableId: "c" },
      ],
    };
    expect(() => expect(ambiguous).not.toHaveFinding("a@b@c")).toThrow(
      '"a@b@c" is ambiguous: it can name rule "a" at deliverable "b@c" or rule "a@b" at deliverable "c"',
    );
    expect(ambiguous).toHaveFinding("a", "violation");
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

  it("checks a standing, and reports a case refused when judged as invalid, not failed", () => {
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
    expect(run.failed).toBe(0);
    const refused = {
      code: "refused",
      path: "cases.0.standing.influencerId",
      message: 'is "someone-else", but the facts are of influencer "influencer-1"',
    };
    expect(run.invalid).toEqual([{ file: "s.test.yaml", issues: [refused] }]);
    // The issues stay inside the case's block, indented under it.
    const lines = formatTestRun(run).split("\n");
    const at = lines.indexOf("  INVALID another influencer's standing");
    expect(lines[at + 1]).toBe(`       ${refused.path}: ${refused.message} [refused]`);
    expect(lines[at + 2]).toBe("");
  });

  it("reports a malformed part of a build as issues at its path, never a TypeError", () => {
    const post = { publishedAt: "2026-03-10 12:00" };
    const result = checkPolicyTestFile(
      {
        policy: { preset: "mediance" },
        defaults: { asOf: "2026-04-20 00:00" },
        cases: [
          {
            name: "evidence string",
            build: {
              exceptions: [{ type: "illness", reportedAt: "2026-03-10", evidence: "doctor note" }],
            },
            expect: {},
          },
          {
            name: "observations",
            build: { deliverables: [{ post: { ...post, observations: "nope" } }] },
            expect: {},
          },
          {
            name: "edit requests",
            build: { deliverables: [{ editRequests: { a: 1 } }] },
            expect: {},
          },
          { name: "extensions", build: { deliverables: [{ extensions: { a: 1 } }] }, expect: {} },
          {
            name: "items",
            build: {
              deliverables: [{ post: { ...post, observations: ["x"] }, editRequests: [7] }],
            },
            expect: {},
          },
          {
            name: "parts",
            build: { deliverables: [{ post: "p", terms: 3 }], payment: { escrow: "e" } },
            expect: {},
          },
          {
            name: "evidence items",
            build: {
              exceptions: [{ type: "illness", reportedAt: "2026-03-10", evidence: [null] }],
            },
            expect: {},
          },
        ],
      },
      "crash.test.yaml",
    );
    expect(result.success).toBe(false);
    const paths = result.success ? [] : result.issues.map((issue) => [issue.path, issue.code]);
    expect(paths).toEqual([
      ["cases.0.build.exceptions.0.evidence", "invalid_type"],
      ["cases.1.build.deliverables.0.post.observations", "invalid_type"],
      ["cases.2.build.deliverables.0.editRequests", "invalid_type"],
      ["cases.3.build.deliverables.0.extensions", "invalid_type"],
      ["cases.4.build.deliverables.0.post.observations.0", "invalid_type"],
      ["cases.4.build.deliverables.0.editRequests.0", "invalid_type"],
      ["cases.5.build.deliverables.0.terms", "invalid_type"],
      ["cases.5.build.deliverables.0.post", "invalid_type"],
      ["cases.5.build.payment.escrow", "invalid_type"],
      ["cases.6.build.exceptions.0.evidence.0", "invalid_type"],
    ]);
  });

  prop.prop(
    [
      fc.constantFrom(
        "deliverables.0.post",
        "deliverables.0.post.observations",
        "deliverables.0.post.observations.0",
        "deliverables.0.terms",
        "deliverables.0.editRequests",
        "deliverables.0.editRequests.0",
        "deliverables.0.extensions",
        "deliverables.0.extensions.0",
        "deliverables.0",
        "contacts.0",
        "exceptions.0",
        "exceptions.0.evidence",
        "exceptions.0.evidence.0",
        "payment.escrow",
        "campaign.timezone",
        "campaign",
        "product",
        "zone",
      ),
      fc.anything(),
    ],
    { numRuns: 150 },
  )("a build with anything anywhere gives issues or a suite, never a throw", (where, value) => {
    const build: Record<string, unknown> = {
      deliverables: [
        {
          post: { publishedAt: "2026-03-10 12:00", observations: [{ at: "2026-03-11 12:00" }] },
          terms: { publishAt: "2026-03-10 12:00" },
          editRequests: [{ requestedAt: "2026-03-11 10:00" }],
          extensions: [{ grantedAt: "2026-03-05 10:00", newDueAt: "2026-03-20 10:00" }],
        },
      ],
      contacts: [{ at: "2026-03-05 10:00" }],
      exceptions: [{ type: "illness", reportedAt: "2026-03-10", evidence: [{ kind: "note" }] }],
      payment: { escrow: { fundedAt: "2026-03-01 09:00" } },
      campaign: { timezone: "Asia/Seoul" },
      product: {},
    };
    const keys = where.split(".");
    let parent: Record<string, unknown> = build;
    for (const key of keys.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
    parent[keys.at(-1) as string] = value;
    const data = {
      policy: { preset: "mediance" },
      cases: [{ name: "a", asOf: "2026-04-20 00:00", build, expect: {} }],
    };
    const result = checkPolicyTestFile(data, "fuzz.test.yaml");
    if (!result.success) expect(result.issues.length).toBeGreaterThan(0);
  });

  it("reports a standing's strikes or noShows that are not lists, and fills in only absent ones", () => {
    const check = (standing: Record<string, unknown>) => {
      const result = checkPolicyTestFile(
        {
          policy: { preset: "mediance" },
          cases: [{ name: "a", asOf: "2026-04-20 00:00", standing, expect: {} }],
        },
        "s.test.yaml",
      );
      return result.success ? result.suite.cases[0]?.standing : result.issues.map((i) => i.path);
    };
    expect(check({ strikes: "garbage", noShows: { a: 1 } })).toEqual([
      "cases.0.standing.strikes",
      "cases.0.standing.noShows",
    ]);
    expect(check({ strikes: null, noShows: ["x"] })).toEqual([
      "cases.0.standing.strikes",
      "cases.0.standing.noShows.0",
    ]);
    expect(check({})).toMatchObject({ strikes: [], noShows: [] });
  });

  it("reads findings keys against the policy's rules and the facts' deliverables (ids may hold @)", () => {
    const file = (
      findings: Record<string, string>,
      deliverables = [{ id: "feed@instagram" }, { id: "story" }],
    ) =>
      checkPolicyTestFile(
        {
          policy: { preset: "mediance" },
          defaults: { asOf: "2026-04-20 00:00" },
          cases: [{ name: "at", build: { deliverables }, expect: { findings } }],
        },
        "at.test.yaml",
      );
    const good = file({
      "mediance.post-not-registered@feed@instagram": "violation",
      "mediance.post-not-registered@story": "violation",
      "mediance.tracking-unavailable@feed@instagram": "absent",
      "mediance.post-not-registered": "violation",
    });
    if (!good.success) throw new Error(JSON.stringify(good.issues));
    const run = runPolicyTests([good.suite]);
    expect(run.files[0]?.cases[0]).toMatchObject({ passed: true, failures: [] });
    const wrong = runPolicyTests([
      {
        ...good.suite,
        cases: good.suite.cases.map((item) => ({
          ...item,
          expect: {
            findings: { "mediance.post-not-registered@feed@instagram": "compliant" as const },
          },
        })),
      },
    ]);
    expect(wrong.files[0]?.cases[0]?.failures).toEqual([
      {
        path: "findings.mediance.post-not-registered@feed@instagram",
        expected: "compliant",
        actual: "violation",
      },
    ]);
    const bad = file({
      "mediance.post-not-registered@feed@tiktok": "absent",
      "mediance.post-not-registred@story": "absent",
    });
    expect(bad.success ? [] : bad.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [
        "cases.0.expect.findings.mediance.post-not-registered@feed@tiktok",
        expect.stringMatching(
          /^"mediance.post-not-registered@feed@tiktok" names neither a finding rule of the policy nor one at a deliverable of the facts .*did you mean "mediance.post-not-registered@feed@instagram"\?$/,
        ),
      ],
      [
        "cases.0.expect.findings.mediance.post-not-registred@story",
        expect.stringContaining('did you mean "mediance.post-not-registered@story"?'),
      ],
    ]);
  });

  it("refuses a findings key that two readings fit, naming both", () => {
    const dir = mkdtempSync(join(tmpdir(), "nsp-at-"));
    const tiny = JSON.parse(readFileSync(join(FIXTURES, "tiny-policy.json"), "utf8"));
    const missing = tiny.rules.find(
      (rule: { name: string }) => rule.name === "tiny.posted/missing",
    );
    const retyped = (type: string, name: string) => ({
      ...missing,
      name,
      event: { ...missing.event, type },
    });
    writeFileSync(
      join(dir, "policy.json"),
      JSON.stringify({ ...tiny, rules: [retyped("a", "a/missing"), retyped("a@b", "ab/missing")] }),
    );
    const result = checkPolicyTestFile(
      {
        policy: { file: "./policy.json" },
        defaults: { asOf: "2026-04-20 00:00" },
        cases: [
          {
            name: "ambiguous",
            build: { deliverables: [{ id: "b@c" }, { id: "c" }] },
            expect: { findings: { "a@b@c": "violation", "a@b": "violation" } },
          },
        ],
      },
      join(dir, "at.test.yaml"),
    );
    rmSync(dir, { recursive: true });
    expect(result.success ? [] : result.issues.map((issue) => issue.message)).toEqual([
      '"a@b@c" is ambiguous: it can name rule "a" at deliverable "b@c" or rule "a@b" at deliverable "c"',
    ]);
  });

  it("reads a case's wall times in its campaign zone; defaults.zone is only build's default zone", () => {
    const loaded = checkPolicyTestFile(
      {
        policy: { preset: "mediance" },
        defaults: { zone: "Asia/Seoul", asOf: "2026-03-31 20:00" },
        cases: [
          { name: "raw facts in UTC", facts: participation(), expect: {} },
          { name: "build", expect: {} },
          {
            name: "build in its own zone",
            build: { zone: "America/New_York" },
            expect: { nextCheckAt: "2026-04-01 00:00" },
          },
        ],
      },
      "zone.test.yaml",
    );
    if (!loaded.success) throw new Error(JSON.stringify(loaded.issues));
    expect(loaded.suite.cases.map((item) => [item.zone, item.asOf])).toEqual([
      ["UTC", "2026-03-31T20:00:00.000Z"],
      ["Asia/Seoul", "2026-03-31T11:00:00.000Z"],
      ["America/New_York", "2026-04-01T00:00:00.000Z"],
    ]);
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
  const sink = (into: string[]) =>
    new Writable({
      write(chunk, _encoding, done) {
        into.push(String(chunk));
        done();
      },
    });
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      io: { stdin: Readable.from([]), stdout: sink(out), stderr: sink(err), cwd: FIXTURES },
    };
  };
  const testCommand = (argv: string[], streams: ReturnType<typeof io>["io"]) =>
    cliRun(["test", ...argv], streams);

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

  it("exits 2 on a file with a malformed build, and still reports the other files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nsp-crash-"));
    const head = 'policy: { preset: mediance }\ndefaults: { asOf: "2026-04-20 00:00" }\ncases:\n';
    writeFileSync(
      join(dir, "c.test.yaml"),
      `${head}  - name: evidence string\n    build:\n      exceptions: [ { type: illness, reportedAt: "2026-03-10", evidence: "doctor note" } ]\n    expect: { status: violation }\n`,
    );
    writeFileSync(
      join(dir, "ok.test.yaml"),
      `${head}  - name: fine\n    expect: { status: violation }\n`,
    );
    const run = io();
    const code = await testCommand([dir], run.io);
    rmSync(dir, { recursive: true });
    expect(code).toBe(2);
    const out = run.out.join("");
    expect(out).toContain("c.test.yaml: invalid test file");
    expect(out).toContain(
      "  cases.0.build.exceptions.0.evidence: Invalid input: expected array, received string [invalid_type]",
    );
    expect(out).toContain("  ok   fine");
    expect(run.err).toEqual([]);
  });

  it("exits 2 on a bad command line", async () => {
    for (const argv of [[], ["--format", "xml", "x"], ["--nope"], ["missing-dir"]]) {
      const run = io();
      expect(await testCommand(argv, run.io)).toBe(2);
      expect(run.err.join("")).toMatch(/^noshow-policy: /);
    }
    const empty = mkdtempSync(join(tmpdir(), "nsp-test-"));
    writeFileSync(join(empty, "notes.txt"), "");
    const none = io();
    expect(await testCommand([empty], none.io)).toBe(2);
    expect(none.err.join("")).toContain("no *.test.yaml");
    rmSync(empty, { recursive: true });
    const help = io();
    expect(await testCommand(["--help"], help.io)).toBe(0);
    expect(help.out.join("")).toContain("Usage: noshow-policy test");
  });
});
