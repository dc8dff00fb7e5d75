/**
 * 0.1.0's `evaluate`, run side by side with today's in `bench/evaluate.bench.ts`: its sources are
 * read from git history (`git archive` of the 0.1.0 commit) into a directory under the system's
 * temporary directory, once, and imported through tsx like the bench itself, with this checkout's
 * `node_modules` (0.1.0 depends on the same majors of json-rules-engine, zod and date-fns).
 *
 * Anything missing (no git, a shallow clone without that commit, no `tar`) gives `undefined`,
 * and the bench falls back to the figures issue 9 measured.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, realpathSync, renameSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The last commit of 0.1.0 (CHANGELOG `[0.1.0] - 2026-11-22`), before the hardening work. */
export const RELEASE_0_1_0 = "2bd0e77d8f14a31311223b3a6d95b05c44f58b0b";

/** What the bench uses of 0.1.0: `evaluate` and the preset factories, by display name. */
export interface Release {
  evaluate: (facts: unknown, policy: unknown, options: unknown) => Promise<unknown>;
  presets: Record<string, () => unknown>;
}

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * Loads 0.1.0 from git history.
 *
 * @returns Its `evaluate` and presets, or `undefined` (with the reason on stderr) when the commit
 *   or the tools to extract it are not there.
 */
export async function loadRelease(): Promise<Release | undefined> {
  try {
    const git = (...args: string[]) =>
      execFileSync("git", ["-C", root, ...args], { stdio: ["ignore", "pipe", "ignore"] });
    git("cat-file", "-e", `${RELEASE_0_1_0}^{commit}`);
    const dir = join(tmpdir(), `noshow-policy-0.1.0-${RELEASE_0_1_0.slice(0, 12)}`);
    if (!existsSync(join(dir, "src", "index.ts"))) {
      // Extracted next to its final place and renamed, so a run cut short leaves no half tree.
      const partial = `${dir}.${process.pid}.partial`;
      rmSync(partial, { recursive: true, force: true });
      mkdirSync(partial, { recursive: true });
      const archive = join(partial, "release.tar");
      git("archive", "--format=tar", "-o", archive, RELEASE_0_1_0, "src", "package.json");
      execFileSync("tar", ["-xf", archive, "-C", partial], { stdio: "ignore" });
      rmSync(archive);
      symlinkSync(realpathSync(join(root, "node_modules")), join(partial, "node_modules"), "dir");
      rmSync(dir, { recursive: true, force: true });
      renameSync(partial, dir);
    }
    const module = (await import(pathToFileURL(join(dir, "src", "index.ts")).href)) as Record<
      string,
      unknown
    >;
    const factory = (name: string) => module[name] as () => unknown;
    return {
      evaluate: module.evaluate as Release["evaluate"],
      presets: {
        Mediance: factory("mediance"),
        Refluenced: factory("refluenced"),
        Ainfluencer: factory("ainfluencer"),
        Flinque: factory("flinque"),
      },
    };
  } catch (error) {
    console.error(`(0.1.0 not loaded from git history: ${String(error).split("\n")[0]})`);
    return undefined;
  }
}
