/**
 * Child process of the host matrix (`test/host-matrix.test.ts`): evaluates the generated corpus
 * under whatever `TZ` and `LC_ALL` it was started with, and prints one JSON line: the host it
 * really ran on, the corpus hash, counts, and sha256 hashes of the verdict JSON lines, of the
 * `formatVerdict` text and of each case (to count the cases that differ between hosts).
 *
 * Run: `TZ=Asia/Kolkata LC_ALL=et_EE.UTF-8 node --import tsx test/host/run-corpus.ts [seed] [size]`
 */
import { createHash } from "node:crypto";
import { evaluate, formatVerdict, isValidationError } from "../../src/index.js";
import { CORPUS_SEED, CORPUS_SIZE, generateCorpus } from "./corpus.js";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** What one child reports. */
export interface HostReport {
  /** The zone and locale the process really ran under (what the matrix asked for). */
  timeZone: string;
  collatorLocale: string;
  /** `"zoom".localeCompare("text")`: negative under et_EE, proving the locale is live. */
  zoomVsText: number;
  corpusHash: string;
  cases: number;
  verdicts: number;
  validationErrors: number;
  otherErrors: number;
  byPreset: Record<string, number>;
  verdictHash: string;
  textHash: string;
  /** One short hash per case (verdict line and text), in corpus order. */
  caseHashes: string[];
}

async function main(): Promise<void> {
  const seed = Number(process.argv[2] ?? CORPUS_SEED);
  const size = Number(process.argv[3] ?? CORPUS_SIZE);
  const corpus = generateCorpus(seed, size);
  const verdictLines: string[] = [];
  const texts: string[] = [];
  const caseHashes: string[] = [];
  const byPreset: Record<string, number> = {};
  let verdicts = 0;
  let validationErrors = 0;
  let otherErrors = 0;
  for (const entry of corpus) {
    let line: string;
    let text: string;
    try {
      const verdict = await evaluate(entry.facts, entry.policy, {
        asOf: entry.asOf,
        ...(entry.standing ? { standing: entry.standing } : {}),
      });
      line = JSON.stringify(verdict);
      text = formatVerdict(verdict);
      verdicts += 1;
      byPreset[entry.preset] = (byPreset[entry.preset] ?? 0) + 1;
    } catch (error) {
      // A rejected input is an outcome too: its issues must be the same bytes on every host.
      if (isValidationError(error)) {
        validationErrors += 1;
        line = JSON.stringify({ error: error.code, issues: error.issues });
      } else {
        otherErrors += 1;
        line = JSON.stringify({ thrown: String(error) });
      }
      text = line;
    }
    verdictLines.push(line);
    texts.push(text);
    caseHashes.push(sha256(`${line}\n${text}`).slice(0, 16));
  }
  const report: HostReport = {
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    collatorLocale: new Intl.Collator().resolvedOptions().locale,
    zoomVsText: Math.sign("zoom".localeCompare("text")),
    corpusHash: sha256(JSON.stringify(corpus)),
    cases: corpus.length,
    verdicts,
    validationErrors,
    otherErrors,
    byPreset,
    verdictHash: sha256(verdictLines.join("\n")),
    textHash: sha256(texts.join("\n\u0000\n")),
    caseHashes,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

await main();
