// Runs after the build (npm test builds first), so it packs with --ignore-scripts.
// Proves the packed tarball works for consumers: `import` and `require` of "noshow-policy" both
// evaluate a verdict. The tarball is unpacked under .pack-smoke/node_modules so that its runtime
// dependencies resolve from this repository's node_modules (no network needed).
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = process.cwd();
const smoke = join(root, ".pack-smoke");
rmSync(smoke, { recursive: true, force: true });
const target = join(smoke, "node_modules", "noshow-policy");
mkdirSync(target, { recursive: true });

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
console.log(verdict.status);`;
writeFileSync(
  join(smoke, "probe.mjs"),
  probe(
    'import { evaluate, mediance, isNoShowPolicyError, ValidationError } from "noshow-policy";\nimport { KNOWN_OPERATORS, deadlineBranches } from "noshow-policy/policy";',
  ),
);
writeFileSync(
  join(smoke, "probe.cjs"),
  `(async () => { ${probe('const { evaluate, mediance, isNoShowPolicyError, ValidationError } = require("noshow-policy");\nconst { KNOWN_OPERATORS, deadlineBranches } = require("noshow-policy/policy");')} })();`,
);
for (const file of ["probe.mjs", "probe.cjs"]) {
  const out = execFileSync("node", [join(smoke, file)], { encoding: "utf8" }).trim();
  console.log(`${file}: ${out}`);
}
rmSync(smoke, { recursive: true, force: true });
console.log("packed tarball: import and require of both entries work");
