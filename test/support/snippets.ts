/**
 * Runs the ```ts snippets of the project's Markdown docs (README, docs/guide.md) as written: the
 * package's specifiers point at this checkout's source, each snippet runs under tsx in a temporary
 * file, and every `console.log(...) // → text` must print that text (a multi-line print: one of
 * its lines equals it).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

export const ROOT = resolve(import.meta.dirname, "..", "..");

/** The text of the README section under `## <title>`, up to the next `## ` heading. */
export function section(markdown: string, title: string): string {
  const start = markdown.indexOf(`\n## ${title}\n`);
  if (start === -1) throw new Error(`README has no "## ${title}" section`);
  const end = markdown.indexOf("\n## ", start + 1);
  return markdown.slice(start, end === -1 ? undefined : end);
}

/** The bodies of the ```ts blocks of a markdown text, in order. */
export function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? "");
}

/** What each `console.log(...)` of a snippet says it prints (`// → text`), in order. */
export function expectations(code: string): Array<{ call: string; printed: string }> {
  return code
    .split("\n")
    .filter((line) => /^\s*console\.log\(/.test(line))
    .map((line) => {
      const match = /^\s*(console\.log\(.*\));\s*\/\/ → (.*)$/.exec(line);
      if (!match) throw new Error(`console.log without a "// →" of what it prints: ${line}`);
      return { call: match[1] as string, printed: match[2] as string };
    });
}

/** Points the package's own specifiers at this checkout's source entries. */
export function againstSource(code: string): string {
  const entry = (file: string) => JSON.stringify(pathToFileURL(join(ROOT, "src", file)).href);
  return code
    .replaceAll(/from "noshow-policy\/policy"/g, `from ${entry("policy-entry.ts")}`)
    .replaceAll(/from "noshow-policy\/testing"/g, `from ${entry("testing/index.ts")}`)
    .replaceAll(/from "noshow-policy"/g, `from ${entry("index.ts")}`);
}

// Records each console.log call's text (as console.log would print it), printed as JSON at exit.
const RECORDER = `import { format as __format } from "node:util";
const __printed: string[] = [];
console.log = (...values: unknown[]) => void __printed.push(__format(...values));
process.on("exit", () => process.stdout.write(JSON.stringify(__printed)));
`;

export function run(code: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), "noshow-readme-"));
  try {
    const file = join(dir, "quick-start.mts");
    writeFileSync(file, `${RECORDER}${againstSource(code)}`);
    const tsx = join(ROOT, "node_modules", ".bin", "tsx");
    const stdout = execFileSync(tsx, [file], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, TZ: "UTC" },
      timeout: 60_000,
    });
    return JSON.parse(stdout) as string[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The claims a run does not bear out, as sentences (empty: every one holds). */
export function mismatches(code: string, printed: readonly string[]): string[] {
  const expected = expectations(code);
  if (printed.length !== expected.length)
    return [`${printed.length} prints for ${expected.length} console.log lines`];
  return expected.flatMap(({ call, printed: text }, index) => {
    const output = printed[index] ?? "";
    const lines = output.split("\n");
    const holds = lines.length === 1 ? output === text : lines.includes(text);
    return holds ? [] : [`${call} printed ${output}, not ${text}`];
  });
}
