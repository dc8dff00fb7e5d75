/**
 * The host matrix (issue 8, points 2 and 6): the same corpus evaluated in child processes under
 * five `TZ`s × four `LC_ALL`s must give byte-identical verdict JSON and `formatVerdict` text.
 * Node's ICU reads `LC_ALL` itself, so no system locale package is needed; each child reports
 * the zone and collator locale it really ran under, so a matrix that silently ran everything
 * on one host fails here instead of passing.
 */
import { execFile } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { CORPUS_SEED, CORPUS_SIZE, generateCorpus, profileCorpus } from "./host/corpus.js";
import type { HostReport } from "./host/run-corpus.js";

const run = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const ZONES = ["UTC", "America/Los_Angeles", "America/New_York", "Asia/Kolkata", "Pacific/Chatham"];
const LOCALES = ["en_US.UTF-8", "et_EE.UTF-8", "da_DK.UTF-8", "tr_TR.UTF-8"];
// Two children at a time: the CI machine has two cores.
const PARALLEL = 2;

/** The zone as ICU names it (Node reports `Asia/Kolkata` as `Asia/Calcutta`). */
const canonicalZone = (zone: string) =>
  new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
/** `et_EE.UTF-8` as the BCP 47 tag a collator reports, `et-EE`. */
const bcp47 = (lcAll: string) => (lcAll.split(".")[0] ?? "").replace("_", "-");

interface Host {
  tz: string;
  lcAll: string;
}

async function evaluateOn(host: Host): Promise<HostReport> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TZ: host.tz,
    LC_ALL: host.lcAll,
    LANG: host.lcAll,
  };
  // Other locale variables must not win over the one under test.
  delete env.LANGUAGE;
  const { stdout } = await run(
    process.execPath,
    ["--import", "tsx", "test/host/run-corpus.ts", String(CORPUS_SEED), String(CORPUS_SIZE)],
    { cwd: root, env, maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as HostReport;
}

async function evaluateAll(hosts: readonly Host[]): Promise<HostReport[]> {
  const reports: HostReport[] = new Array(hosts.length);
  let next = 0;
  const worker = async () => {
    while (next < hosts.length) {
      const index = next++;
      reports[index] = await evaluateOn(hosts[index] as Host);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return reports;
}

const hosts: Host[] = ZONES.flatMap((tz) => LOCALES.map((lcAll) => ({ tz, lcAll })));

describe("host matrix", () => {
  it("the corpus exercises what can differ between hosts, across every preset", () => {
    const corpus = generateCorpus(CORPUS_SEED, CORPUS_SIZE);
    const profile = profileCorpus(corpus);
    console.log(`host matrix corpus: ${corpus.length} cases; ${JSON.stringify(profile)}`);
    expect(corpus.length).toBeGreaterThanOrEqual(500);
    for (const [what, count] of Object.entries(profile))
      expect(count, what).toBeGreaterThanOrEqual(50);
    const presets = new Set(corpus.map((entry) => entry.preset));
    expect([...presets].sort()).toEqual(["ainfluencer", "flinque", "mediance", "refluenced"]);
  });

  // One run of the matrix, shared by the checks below (20 children, two at a time).
  let reports: HostReport[] = [];
  let seconds = 0;
  beforeAll(async () => {
    const started = performance.now();
    reports = await evaluateAll(hosts);
    seconds = (performance.now() - started) / 1000;
  }, 300_000);

  it("every child really ran under the TZ and LC_ALL it was given", () => {
    expect(reports.map((report) => `${report.timeZone} ${report.collatorLocale}`)).toEqual(
      hosts.map((host) => `${canonicalZone(host.tz)} ${bcp47(host.lcAll)}`),
    );
    // The locale is live in ICU: under et_EE (only) "zoom" sorts before "text".
    expect(
      reports.filter((report) => report.zoomVsText < 0).map((report) => report.collatorLocale),
    ).toEqual(ZONES.map(() => "et-EE"));
    expect(new Set(reports.map((report) => report.timeZone)).size).toBe(ZONES.length);
  });

  it("gives byte-identical verdicts and texts under every TZ × LC_ALL", () => {
    const [baseline] = reports as [HostReport];
    console.log(
      `host matrix: ${hosts.length} hosts (${ZONES.length} TZ × ${LOCALES.length} LC_ALL) in ` +
        `${seconds.toFixed(1)} s, corpus ${baseline.cases} cases (${baseline.verdicts} verdicts, ` +
        `${baseline.validationErrors} validation errors; ${JSON.stringify(baseline.byPreset)})`,
    );
    // Every child saw the same corpus, of the size and spread the issue asks for.
    expect(new Set(reports.map((report) => report.corpusHash)).size).toBe(1);
    expect(baseline.cases).toBeGreaterThanOrEqual(500);
    expect(baseline.otherErrors).toBe(0);
    for (const preset of ["mediance", "refluenced", "ainfluencer", "flinque"])
      expect(baseline.byPreset[preset] ?? 0).toBeGreaterThanOrEqual(100);

    // Name the hosts and the cases that differ from the baseline, for a useful failure.
    const names = generateCorpus(CORPUS_SEED, CORPUS_SIZE).map((entry) => entry.name);
    const differing = new Set<number>();
    const differences = reports
      .map((report, index) => {
        const cases = report.caseHashes.flatMap((hash, position) =>
          hash !== baseline.caseHashes[position] ? [position] : [],
        );
        for (const position of cases) differing.add(position);
        const host = hosts[index] as Host;
        return {
          host: `TZ=${host.tz} LC_ALL=${host.lcAll}`,
          differing: cases.length,
          first: cases.slice(0, 3).map((position) => names[position]),
        };
      })
      .filter((difference) => difference.differing > 0);
    console.log(`host matrix: ${differing.size} of ${baseline.cases} cases differ between hosts`);
    expect(differences).toEqual([]);
    expect(new Set(reports.map((report) => report.verdictHash)).size).toBe(1);
    expect(new Set(reports.map((report) => report.textHash)).size).toBe(1);
  });
});
