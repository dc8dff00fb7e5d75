/**
 * The presets' policy test files (test/policies/*.test.yaml), run by the scenario runner: every
 * case passes, and together they exercise every rule of every preset (or name why not).
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateSync, flinque, type PolicyRule, PRESETS } from "../src/index.js";
import {
  deliverable,
  formatTestRun,
  loadPolicyTestFile,
  type PolicyTestSuite,
  participation,
  runPolicyTests,
} from "../src/testing/index.js";

const DIR = join(import.meta.dirname, "policies");
const FILES = readdirSync(DIR)
  .filter((name) => name.endsWith(".test.yaml"))
  .sort()
  .map((name) => join(DIR, name));

function suite(file: string): PolicyTestSuite {
  const loaded = loadPolicyTestFile(file);
  if (!loaded.success) throw new Error(JSON.stringify(loaded.issues, null, 2));
  return loaded.suite;
}

describe("preset policy test files", () => {
  const run = runPolicyTests(FILES);

  it("are all valid and every case passes", () => {
    expect(run.invalid).toEqual([]);
    // The report names each failure with expected vs actual.
    expect(run.failed, formatTestRun(run)).toBe(0);
    expect(run.passed).toBeGreaterThanOrEqual(90);
  });

  it("exercise every rule of every preset, or name why a rule cannot fire", () => {
    const byPolicy = new Map(run.coverage.map((item) => [item.policy.split("@")[0], item]));
    for (const [id, preset] of Object.entries(PRESETS)) {
      const coverage = byPolicy.get(id);
      expect(coverage, `no test file for preset ${id}`).toBeDefined();
      expect(coverage?.total).toBe(preset.create().rules.length);
      expect(coverage?.unexercised, `${id}: rules no case exercised`).toEqual([]);
      expect(coverage?.unreachableButExercised).toEqual([]);
    }
    // What each preset file declares unreachable for want of a parameter, its composed file
    // (<preset>-relative-deadline.test.yaml) exercises: the deadline finding rule of each preset.
    const composedFiles = {
      "mediance-7-days": "mediance.post-not-registered",
      "refluenced-10-days": "refluenced.content-not-synced",
      "ainfluencer-7-days": "ainfluencer.not-published",
      "flinque-14-days": "flinque.deliverable-missing",
    };
    const relative = ["posted-before-deadline-known", "awaiting-event", "event-missing"];
    for (const [policy, deadlineRule] of Object.entries(composedFiles)) {
      const composed = byPolicy.get(policy);
      expect(composed, `no coverage for ${policy}`).toBeDefined();
      for (const branch of relative) {
        const rule = composed?.rules.find((item) => item.name === `${deadlineRule}/${branch}`);
        expect(rule?.exercisedBy.length, `${policy}: ${branch}`).toBeGreaterThan(0);
      }
    }
    const unreachable = run.coverage.flatMap((item) =>
      item.rules.filter((rule) => rule.unreachable !== undefined).map((rule) => rule.name),
    );
    expect(unreachable).toEqual([
      "ainfluencer.not-published/posted-before-deadline-known",
      "ainfluencer.not-published/awaiting-event",
      "ainfluencer.not-published/event-missing",
      "flinque.deliverable-missing/posted-before-deadline-known",
      "flinque.deliverable-missing/awaiting-event",
      "flinque.deliverable-missing/event-missing",
      "flinque.step/message-new-campaign",
      "flinque.step/collect-evidence-new-campaign",
      "flinque.step/review-contract-new-campaign",
      "flinque.step/recheck-new-campaign",
      "flinque.step/report-new-campaign",
      "mediance.post-not-registered/posted-before-deadline-known",
      "mediance.post-not-registered/awaiting-event",
      "mediance.post-not-registered/event-missing",
      "refluenced.content-not-synced/posted-before-deadline-known",
      "refluenced.content-not-synced/awaiting-event",
      "refluenced.content-not-synced/event-missing",
      "social-louder.mission-not-completed/posted-before-deadline-known",
      "social-louder.mission-not-completed/awaiting-event",
      "social-louder.mission-not-completed/event-missing",
    ]);
  });

  it("catch a wrong expectation in a real file", () => {
    const mediance = suite(join(DIR, "mediance.test.yaml"));
    const [first, ...rest] = mediance.cases;
    if (!first) throw new Error("no case");
    const wrong = { ...first, expect: { ...first.expect, status: "violation" as const } };
    const result = runPolicyTests([{ ...mediance, cases: [wrong, ...rest] }]);
    expect(result.failed).toBe(1);
    expect(result.files[0]?.cases[0]?.failures).toEqual([
      { path: "status", expected: "violation", actual: "compliant" },
    ]);
  });

  it("report the branches only a dropped case exercised", () => {
    const mediance = suite(join(DIR, "mediance.test.yaml"));
    const cases = mediance.cases.filter((item) => !item.name.startsWith("removed by the platform"));
    expect(cases.length).toBe(mediance.cases.length - 1);
    const [coverage] = runPolicyTests([{ ...mediance, cases }]).coverage;
    expect(coverage?.unexercised).toEqual(["mediance.tracking-unavailable/platform"]);
  });

  it("the new-campaign steps declared unreachable fire once a second campaign-scope rule is composed in", () => {
    const base = flinque();
    // A second campaign-scope finding: a violation since the campaign started, so the
    // unresponsive breach that begins later is the newest campaign-level breach.
    const extra: PolicyRule = {
      name: "custom.campaign-breach/violation",
      conditions: { all: [{ fact: "campaign", path: "$.kind", operator: "equal", value: "paid" }] },
      event: {
        type: "custom.campaign-breach",
        params: {
          phase: "violations",
          scope: "campaign",
          kind: "breach",
          role: "other",
          outcome: "violation",
          since: "campaign.startsAt",
          explanation: "A campaign-level breach.",
        },
      },
    };
    const policy = { ...base, rules: [...base.rules, extra] };
    const facts = participation({
      zone: "Asia/Kolkata",
      startsAt: "2026-04-01 00:00",
      endsAt: "2026-04-30 23:59:59",
      selectedAt: "2026-03-25 10:00",
      deliverables: [deliverable({ dueAt: "2026-04-30 23:59" })],
      contacts: [{ at: "2026-04-05 10:00" }],
    });
    const verdict = evaluateSync(facts, policy, { asOf: "2026-04-20T00:00:00Z", trace: true });
    const fired = new Set((verdict.trace ?? []).filter((run) => run.result).map((run) => run.rule));
    for (const step of ["message", "collect-evidence", "review-contract", "recheck", "report"])
      expect(fired.has(`flinque.step/${step}-new-campaign`), step).toBe(true);
  });
});
