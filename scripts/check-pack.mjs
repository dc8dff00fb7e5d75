// Runs after the build (npm test builds first), so it packs with --ignore-scripts.
// Proves the packed tarball works for consumers: `import` and `require` of "noshow-policy" both
// evaluate a verdict, the policy and testing subpaths load (facts built by the testing builders
// judged as a no-show), the vitest matchers entry resolves (it needs vitest to run), and
// `npx noshow-policy` runs every command. The tarball is unpacked into an empty project,
// .pack-smoke/, under node_modules/noshow-policy with the bin link npm makes
// (node_modules/.bin/noshow-policy), so that its runtime dependencies resolve from this
// repository's node_modules (no network needed).
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = process.cwd();
const smoke = join(root, ".pack-smoke");
rmSync(smoke, { recursive: true, force: true });
const target = join(smoke, "node_modules", "noshow-policy");
mkdirSync(target, { recursive: true });
writeFileSync(
  join(smoke, "package.json"),
  JSON.stringify({ name: "pack-smoke", private: true, type: "commonjs" }),
);

const [{ filename }] = JSON.parse(
  execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", smoke], {
    encoding: "utf8",
  }),
);
execFileSync("tar", ["-xzf", join(smoke, filename), "-C", target, "--strip-components=1"]);

const facts = {
  campaign: {
    id: "c",
    kind: "paid",
    timezone: "Asia/Seoul",
    startsAt: "2026-03-01T00:00:00+09:00",
    endsAt: "2026-03-31T23:59:59+09:00",
  },
  influencer: { id: "i" },
  participation: { selectedAt: "2026-02-25T10:00:00+09:00" },
  deliverables: [{ id: "feed", kind: "post" }],
};
const probe = (load) => `${load}
const verdict = await evaluate(${JSON.stringify(facts)}, mediance(), { asOf: "2026-04-02T00:00:00Z" });
if (verdict.status !== "violation" || !isNoShowPolicyError(new ValidationError("INVALID_FACTS", []))) process.exit(1);
if (!KNOWN_OPERATORS.includes("instantBefore") || typeof deadlineBranches !== "function") process.exit(1);
const built = participation({ zone: "Asia/Seoul", deliverables: [deliverable({ dueAt: "2026-03-10 23:59" })] });
if (built.deliverables[0].dueAt !== "2026-03-10T14:59:00.000Z") process.exit(1);
const builtVerdict = await evaluate(built, mediance(), { asOf: "2026-03-12T00:00:00Z" });
if (!noShowMatchers.toBeNoShow(builtVerdict).pass || typeof runPolicyTests !== "function") process.exit(1);
console.log(verdict.status);`;
writeFileSync(
  join(smoke, "probe.mjs"),
  probe(
    'import { evaluate, mediance, isNoShowPolicyError, ValidationError } from "noshow-policy";\nimport { KNOWN_OPERATORS, deadlineBranches } from "noshow-policy/policy";\nimport { deliverable, noShowMatchers, participation, runPolicyTests } from "noshow-policy/testing";\nif (!import.meta.resolve("noshow-policy/testing/vitest").endsWith("/dist/testing-vitest.js")) process.exit(1);',
  ),
);
writeFileSync(
  join(smoke, "probe.cjs"),
  `(async () => { ${probe('const { evaluate, mediance, isNoShowPolicyError, ValidationError } = require("noshow-policy");\nconst { KNOWN_OPERATORS, deadlineBranches } = require("noshow-policy/policy");\nconst { deliverable, noShowMatchers, participation, runPolicyTests } = require("noshow-policy/testing");\nif (!require.resolve("noshow-policy/testing/vitest").endsWith("/dist/testing-vitest.cjs")) process.exit(1);')} })();`,
);
for (const file of ["probe.mjs", "probe.cjs"]) {
  const out = execFileSync("node", [join(smoke, file)], { encoding: "utf8" }).trim();
  console.log(`${file}: ${out}`);
}
// The packed types: the testing builders are typed, and one import of the vitest entry adds the
// verdict matchers to vitest's expect (ESM and CJS consumers alike).
const consumer = `import "noshow-policy/testing/vitest";
import { expect } from "vitest";
import { evaluateSync, mediance } from "noshow-policy";
import { deliverable, participation } from "noshow-policy/testing";
const facts = participation({ zone: "Asia/Seoul", deliverables: [deliverable({ dueAt: "2026-03-10 10:00" })] });
const verdict = evaluateSync(facts, mediance(), { asOf: "2026-03-20T00:00:00Z" });
expect(verdict).toHaveFinding("mediance.post-not-registered", "violation");
expect(verdict).not.toHaveSanction("invoice", { amount: 5 });
// @ts-expect-error an outcome that does not exist
expect(verdict).toHaveFinding("mediance.post-not-registered", "late");
// @ts-expect-error a deliverable kind that does not exist
deliverable({ kind: "tweet" });
`;
writeFileSync(join(smoke, "consumer.ts"), consumer);
writeFileSync(join(smoke, "consumer.cts"), consumer);
writeFileSync(
  join(smoke, "tsconfig.json"),
  JSON.stringify({
    compilerOptions: {
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
    },
    files: ["consumer.ts", "consumer.cts"],
  }),
);
execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", smoke], {
  stdio: "inherit",
});
console.log("consumer.ts, consumer.cts: the packed types check");

// The bin, as npm links it from package.json's "bin".
const { bin } = JSON.parse(readFileSync(join(target, "package.json"), "utf8"));
const binDir = join(smoke, "node_modules", ".bin");
mkdirSync(binDir, { recursive: true });
for (const [name, path] of Object.entries(bin)) {
  symlinkSync(join("..", "noshow-policy", path), join(binDir, name));
  chmodSync(join(target, path), 0o755);
}
const asOf = "2026-04-02T00:00:00Z";
writeFileSync(join(smoke, "facts.json"), JSON.stringify(facts));
const lines = [
  JSON.stringify({ facts, asOf }),
  "not json",
  JSON.stringify({ facts: { ...facts, influencer: { id: "j" } }, asOf }),
];
writeFileSync(join(smoke, "in.ndjson"), `${lines.join("\n")}\n`);
/** Runs `npx noshow-policy …` in the smoke project; checks the exit code; returns stdout. */
function npx(args, expectedCode, input) {
  const run = spawnSync("npx", ["--no-install", "noshow-policy", ...args], {
    cwd: smoke,
    encoding: "utf8",
    input,
  });
  if (run.status !== expectedCode) {
    console.error(
      `npx noshow-policy ${args.join(" ")}: exit ${run.status}, expected ${expectedCode}`,
    );
    console.error(run.stdout, run.stderr);
    process.exit(1);
  }
  return run.stdout;
}
const check = (ok, what) => {
  if (!ok) {
    console.error(`check-pack: ${what}`);
    process.exit(1);
  }
};
check(npx(["--help"], 0).includes("batch"), "--help lists the commands");
check(
  npx(["--version"], 0).trim() ===
    JSON.parse(readFileSync(join(target, "package.json"), "utf8")).version,
  "--version",
);
const verdict = JSON.parse(
  npx(["evaluate", "-", "--policy", "mediance", "--as-of", asOf], 0, JSON.stringify(facts)),
);
check(verdict.status === "violation", "evaluate gives the verdict");
check(
  npx(["validate", "facts.json"], 0) ===
    'facts.json: valid facts (detected: has "campaign" and "participation")\n',
  "validate",
);
npx(["validate", "in.ndjson"], 2);
check(
  Object.keys(JSON.parse(npx(["schema"], 0))).join() ===
    "facts,policy,policyVersions,standing,verdict",
  "schema",
);
const out = npx(["batch", "in.ndjson", "--policy", "mediance", "--workers", "2"], 2)
  .trimEnd()
  .split("\n");
check(
  out.length === 3 &&
    JSON.parse(out[0]).influencerId === "i" &&
    JSON.parse(out[1]).error?.code === "INVALID_JSON" &&
    JSON.parse(out[2]).influencerId === "j",
  "batch writes a verdict or an error record per line, in order",
);
// A policy test file, run with coverage: every case passes (exit 0); a wrong expectation fails (4).
const testFile = (status) => `policy:
  preset: mediance
defaults:
  zone: Asia/Seoul
  build: { kind: paid, startsAt: "2026-03-01 00:00", endsAt: "2026-03-31 23:59:59" }
cases:
  - name: nothing posted by the end
    asOf: "2026-04-02 00:00"
    expect: { status: ${status}, noShow: true, findings: { mediance.post-not-registered: violation } }
`;
mkdirSync(join(smoke, "policy-tests"));
writeFileSync(join(smoke, "policy-tests", "mediance.test.yaml"), testFile("violation"));
const tested = npx(["test", "policy-tests", "--coverage"], 0);
check(
  tested.includes("1 passed, 0 failed") && /mediance@[^:]+: \d+\/\d+ rules exercised/.test(tested),
  "test --coverage runs the file and reports coverage",
);
writeFileSync(join(smoke, "policy-tests", "mediance.test.yaml"), testFile("compliant"));
check(npx(["test", "policy-tests"], 4).includes("0 passed, 1 failed"), "test fails a wrong case");
console.log(
  "npx noshow-policy: --help, --version, evaluate, validate, schema, batch, test --coverage work",
);
rmSync(smoke, { recursive: true, force: true });
console.log(
  "packed tarball: import and require of every entry work, their types check, and the bin runs",
);
