/**
 * The scenario runner: runs policy test files, compares each verdict with what the case
 * expects, and reports which rule branches, exception decisions and sanctions the cases
 * exercised (from the verdicts' condition-level trace).
 */
import { toMillis } from "../core/time.js";
import { isValidationError, type ValidationIssue } from "../errors.js";
import { evaluateSync } from "../evaluate/evaluate.js";
import type { Policy } from "../policy/schema.js";
import { isPolicySet } from "../policy/versions.js";
import type { Verdict } from "../verdict/types.js";
import {
  type CaseExpectation,
  type InvalidTestFile,
  loadPolicyTestFile,
  type PolicyTestCase,
  type PolicyTestSuite,
  policiesOf,
} from "./file.js";
import { type FindingAddress, findingNamesOf, findingsAt, readFindingKey } from "./matchers.js";
import { wallTime } from "./time.js";

/** One difference between what a case expects and what its verdict says. */
export interface Mismatch {
  /** What differs, e.g. `status`, `findings.mediance.unresponsive`, `sanctions`. */
  path: string;
  expected: unknown;
  actual: unknown;
}

/** The result of one case. */
export interface CaseResult {
  name: string;
  passed: boolean;
  failures: Mismatch[];
  /** Set when evaluating the case threw anything but a `ValidationError` (its message). */
  error?: string;
  /**
   * Set when judging the case threw a `ValidationError` its `expect.error` does not name: the
   * case's input is invalid (not a failed expectation), and these are its issues at their paths
   * in the file (`cases.2.asOf`, `cases.2.standing.influencerId`, `cases.2.facts.deliverables`).
   */
  issues?: ValidationIssue[];
  /** For a file of a policy set: the version that judged the case (its verdict's policy). */
  policy?: PolicyLabel;
}

/** A policy by id and version. */
export interface PolicyLabel {
  id: string;
  version: string;
}

/** The results of one test file. */
export interface FileResult {
  file: string;
  /** The file's policy; for a policy set, each version with the instant it is in force from. */
  policy:
    | PolicyLabel
    | { kind: "policy_versions"; versions: Array<PolicyLabel & { effectiveFrom: string }> };
  cases: CaseResult[];
}

/** What a rule of the policy decides when it fires. */
export type RulePhase = "violations" | "exceptions" | "sanctions";

/** Whether one rule (one outcome branch, exception decision or sanction rule) was exercised. */
export interface RuleCoverage {
  /** The rule's name, e.g. `mediance.post-not-registered/late`. */
  name: string;
  /** Its id (`event.type`), e.g. `mediance.post-not-registered`. */
  rule: string;
  phase: RulePhase;
  /** What it decides: an outcome, an exception status, or the sanction and/or action types. */
  decides: string;
  /** The cases (`file: case`) in which it fired. */
  exercisedBy: string[];
  /** Why no case can exercise it, when the test file says so. */
  unreachable?: string;
}

/** Coverage of one policy (by id and version) over every file that tests it. */
export interface PolicyCoverage {
  policy: string;
  rules: RuleCoverage[];
  /** Rules exercised / rules in the policy. */
  exercised: number;
  total: number;
  /** The rules that count toward {@link percent}: all but those declared unreachable and not exercised. */
  reachable: number;
  /** `exercised` of `reachable`, in percent, rounded down to hundredths (100 when none is reachable). */
  percent: number;
  /** Names of the rules no case exercised and no file declared unreachable. */
  unexercised: string[];
  /** Rules declared unreachable that a case exercised after all (the declaration is wrong). */
  unreachableButExercised: string[];
}

/** Everything a run found. */
export interface PolicyTestRun {
  files: FileResult[];
  /** Files that could not be loaded, with every problem. */
  invalid: InvalidTestFile[];
  passed: number;
  /** Cases that ran and did not pass (a case whose input is invalid counts in `invalid`, not here). */
  failed: number;
  coverage: PolicyCoverage[];
  /** The coverage of every policy together: the rules exercised of those reachable, and the percent. */
  coverageTotal: { exercised: number; reachable: number; percent: number };
}

/** `part` of `whole` in percent, rounded down to hundredths, so that 99.999 % never shows as 100. */
const percentOf = (part: number, whole: number): number =>
  whole === 0 ? 100 : Math.floor((10_000 * part) / whole) / 100;

/** Where a `ValidationError`'s issues are in a test case: options are the case's own keys. */
const issueRoot = (code: string, entry: PolicyTestCase, path: string): string =>
  code === "INVALID_FACTS" ? (entry.factsPath ?? `${path}.facts`) : path;

const norm = (value: string | null, zone: string): number | null =>
  value === null ? null : toMillis(wallTime(value, zone));

/**
 * The differences between what a case expects and a verdict. `findings` by rule must all have
 * the outcome (`absent`: none), `sanctions` and `actions` are the exact lists (any order),
 * amounts in minor units, times read in the campaign zone.
 *
 * @param expect - The case's expectation.
 * @param verdict - The verdict to check.
 * @param zone - The campaign zone, for expected wall times.
 * @param addresses - What each `findings` key names, as `checkPolicyTestFile` read it against the
 *   policy and the facts; a key not in it is read against the verdict (a key that names nothing
 *   there, or more than one thing, is a mismatch).
 * @returns One mismatch per differing field (empty when the verdict is as expected).
 * @example
 * compareVerdict({ status: "violation", noShow: true }, verdict, "Asia/Seoul");
 */
export function compareVerdict(
  expect: CaseExpectation,
  verdict: Verdict,
  zone: string,
  addresses: Readonly<Record<string, FindingAddress>> = {},
): Mismatch[] {
  const failures: Mismatch[] = [];
  const check = (path: string, expected: unknown, actual: unknown, same = expected === actual) => {
    if (!same) failures.push({ path, expected, actual });
  };
  if (expect.status !== undefined) check("status", expect.status, verdict.status);
  if (expect.noShow !== undefined) check("noShow", expect.noShow, verdict.noShow);
  if (expect.strike !== undefined) check("strike", expect.strike, verdict.strike !== null);
  for (const [key, outcome] of Object.entries(expect.findings ?? {})) {
    const read = Object.hasOwn(addresses, key)
      ? { address: addresses[key] as FindingAddress }
      : readFindingKey(key, findingNamesOf(verdict));
    if ("problem" in read) {
      check(`findings.${key}`, outcome, read.problem, false);
      continue;
    }
    const found = findingsAt(verdict, read.address);
    const actual =
      found.length === 0
        ? "absent"
        : found.length === 1
          ? found[0]?.outcome
          : found.map((finding) => `${finding.deliverableId}: ${finding.outcome}`);
    const same =
      outcome === "absent"
        ? found.length === 0
        : found.length > 0 && found.every((finding) => finding.outcome === outcome);
    check(`findings.${key}`, outcome, actual, same);
  }
  for (const [id, status] of Object.entries(expect.exceptions ?? {})) {
    const decision = verdict.exceptions.find((item) => item.id === id);
    check(`exceptions.${id}`, status, decision?.status ?? "absent");
  }
  if (expect.sanctions !== undefined) {
    const wanted = expect.sanctions.map((item) =>
      typeof item === "string" ? { type: item } : item,
    );
    const actual = verdict.sanctions.map((sanction) => ({
      type: sanction.type,
      ...(sanction.amount ? { amount: sanction.amount } : {}),
      ...(sanction.requiresHumanReview ? { requiresHumanReview: true } : {}),
    }));
    const left = [...verdict.sanctions];
    const matched = wanted.every((item) => {
      const index = left.findIndex((sanction) => {
        if (sanction.type !== item.type) return false;
        if (
          item.requiresHumanReview !== undefined &&
          (sanction.requiresHumanReview ?? false) !== item.requiresHumanReview
        )
          return false;
        if (item.amount === undefined) return true;
        const amount = typeof item.amount === "number" ? { amount: item.amount } : item.amount;
        return (
          sanction.amount?.amount === amount.amount &&
          ("currency" in amount ? sanction.amount?.currency === amount.currency : true)
        );
      });
      if (index < 0) return false;
      left.splice(index, 1);
      return true;
    });
    check("sanctions", wanted, actual, matched && left.length === 0);
  }
  if (expect.actions !== undefined) {
    const wanted = expect.actions.map((item) => (typeof item === "string" ? { type: item } : item));
    const actual = verdict.actions.map((action) => ({ type: action.type, at: action.at }));
    const left = [...verdict.actions];
    const matched = wanted.every((item) => {
      const index = left.findIndex(
        (action) =>
          action.type === item.type &&
          (item.at === undefined || toMillis(action.at) === norm(item.at, zone)),
      );
      if (index < 0) return false;
      left.splice(index, 1);
      return true;
    });
    check("actions", wanted, actual, matched && left.length === 0);
  }
  if (expect.nextCheckAt !== undefined) {
    const expected = norm(expect.nextCheckAt, zone);
    const actual = verdict.nextCheckAt === null ? null : toMillis(verdict.nextCheckAt);
    check(
      "nextCheckAt",
      expected === null ? null : new Date(expected).toISOString(),
      verdict.nextCheckAt,
      expected === actual,
    );
  }
  return failures;
}

function decidesOf(rule: Policy["rules"][number]): string {
  const params = rule.event.params;
  if (params.phase === "violations") return params.outcome;
  if (params.phase === "exceptions") return params.status;
  return [params.sanction?.type, params.action?.type].filter(Boolean).join(" + ");
}

const keyOf = (policy: PolicyLabel) => `${policy.id}@${policy.version}`;

/**
 * Runs one case; the rules that fired are added to `fired`, by the key (`id@version`) of the
 * policy that judged it.
 */
function runCase(
  suite: PolicyTestSuite,
  entry: PolicyTestCase,
  index: number,
  fired: Map<string, Map<string, string[]>>,
): CaseResult {
  const expected = entry.expect.error;
  let verdict: Verdict;
  try {
    verdict = evaluateSync(entry.facts, suite.policy, {
      asOf: entry.asOf,
      trace: true,
      ...(entry.standing ? { standing: entry.standing } : {}),
    });
  } catch (error) {
    const code = isValidationError(error) ? error.code : undefined;
    if (expected !== undefined) {
      if (code === expected) return { name: entry.name, passed: true, failures: [] };
      const actual = code ?? (error instanceof Error ? error.message : String(error));
      return {
        name: entry.name,
        passed: false,
        failures: [{ path: "error", expected, actual }],
      };
    }
    if (isValidationError(error)) {
      const path = entry.path ?? `cases.${index}`;
      const root = issueRoot(error.code, entry, path);
      const issues = error.issues.map((item) => ({
        ...item,
        path: item.path ? `${root}.${item.path}` : root,
      }));
      return { name: entry.name, passed: false, failures: [], issues };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { name: entry.name, passed: false, failures: [], error: message };
  }
  if (expected !== undefined)
    return {
      name: entry.name,
      passed: false,
      failures: [{ path: "error", expected, actual: `none (a verdict: ${verdict.status})` }],
    };
  const label = `${suite.file}: ${entry.name}`;
  const judge = { id: verdict.policy.id, version: verdict.policy.version };
  let byRule = fired.get(keyOf(judge));
  if (!byRule) {
    byRule = new Map();
    fired.set(keyOf(judge), byRule);
  }
  const seen = new Set<string>();
  for (const run of verdict.trace ?? []) {
    if (!run.result || seen.has(run.rule)) continue;
    seen.add(run.rule);
    const list = byRule.get(run.rule);
    if (list) list.push(label);
    else byRule.set(run.rule, [label]);
  }
  const failures = compareVerdict(entry.expect, verdict, entry.zone, entry.findingAddresses);
  return {
    name: entry.name,
    passed: failures.length === 0,
    failures,
    ...(isPolicySet(suite.policy) ? { policy: judge } : {}),
  };
}

/**
 * Runs policy test files (paths, or suites already loaded with `loadPolicyTestFile`).
 *
 * @param files - Test file paths (YAML, or `.json`), or loaded suites.
 * @returns Per file and case, whether it passed and every mismatch (expected vs actual); the
 *   files that could not be loaded, or hold a case whose input was refused when it was judged,
 *   with their issues; and the coverage of each policy tested, and of all of them together.
 * @example
 * const run = runPolicyTests(["policies-tests/mediance.test.yaml"]);
 * if (run.failed > 0 || run.invalid.length > 0) process.exitCode = 1;
 */
export function runPolicyTests(files: ReadonlyArray<string | PolicyTestSuite>): PolicyTestRun {
  const results: FileResult[] = [];
  const invalid: InvalidTestFile[] = [];
  const byPolicy = new Map<
    string,
    { rules: Map<string, RuleCoverage>; unreachable: Map<string, string> }
  >();
  for (const entry of files) {
    let suite: PolicyTestSuite;
    if (typeof entry === "string") {
      const loaded = loadPolicyTestFile(entry);
      if (!loaded.success) {
        invalid.push({ file: entry, issues: loaded.issues });
        continue;
      }
      suite = loaded.suite;
    } else {
      suite = entry;
    }
    // A set's versions are policies of their own: each is covered by the cases it judged.
    for (const policy of policiesOf(suite.policy)) {
      const key = keyOf(policy);
      let group = byPolicy.get(key);
      if (!group) {
        group = { rules: new Map(), unreachable: new Map() };
        byPolicy.set(key, group);
      }
      for (const rule of policy.rules)
        if (!group.rules.has(rule.name))
          group.rules.set(rule.name, {
            name: rule.name,
            rule: rule.event.type,
            phase: rule.event.params.phase,
            decides: decidesOf(rule),
            exercisedBy: [],
          });
      for (const [name, reason] of Object.entries(suite.unreachable))
        group.unreachable.set(name, reason);
    }
    const fired = new Map<string, Map<string, string[]>>();
    const cases = suite.cases.map((item, index) => runCase(suite, item, index, fired));
    for (const [key, byRule] of fired)
      for (const [name, labels] of byRule)
        byPolicy
          .get(key)
          ?.rules.get(name)
          ?.exercisedBy.push(...labels);
    const caseIssues = cases.flatMap((result) => result.issues ?? []);
    if (caseIssues.length > 0) invalid.push({ file: suite.file, issues: caseIssues });
    results.push({
      file: suite.file,
      policy: isPolicySet(suite.policy)
        ? {
            kind: "policy_versions",
            versions: suite.policy.versions.map((version) => ({
              id: version.policy.id,
              version: version.policy.version,
              effectiveFrom: version.effectiveFrom,
            })),
          }
        : { id: suite.policy.id, version: suite.policy.version },
      cases,
    });
  }
  const coverage: PolicyCoverage[] = [...byPolicy].map(([policy, group]) => {
    const rules = [...group.rules.values()].map((rule) => {
      const reason = group.unreachable.get(rule.name);
      return reason === undefined ? rule : { ...rule, unreachable: reason };
    });
    const exercised = rules.filter((rule) => rule.exercisedBy.length > 0).length;
    const reachable = rules.filter(
      (rule) => rule.exercisedBy.length > 0 || rule.unreachable === undefined,
    ).length;
    return {
      policy,
      rules,
      exercised,
      total: rules.length,
      reachable,
      percent: percentOf(exercised, reachable),
      unexercised: rules
        .filter((rule) => rule.exercisedBy.length === 0 && rule.unreachable === undefined)
        .map((rule) => rule.name),
      unreachableButExercised: rules
        .filter((rule) => rule.exercisedBy.length > 0 && rule.unreachable !== undefined)
        .map((rule) => rule.name),
    };
  });
  const all = results.flatMap((file) => file.cases);
  const passed = all.filter((item) => item.passed).length;
  const failed = all.filter((item) => !item.passed && item.issues === undefined).length;
  const exercised = coverage.reduce((sum, item) => sum + item.exercised, 0);
  const reachable = coverage.reduce((sum, item) => sum + item.reachable, 0);
  return {
    files: results,
    invalid,
    passed,
    failed,
    coverage,
    coverageTotal: { exercised, reachable, percent: percentOf(exercised, reachable) },
  };
}
