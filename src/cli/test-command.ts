/**
 * What `noshow-policy test` reads from its command line: the test files its PATHs name (a
 * directory is searched for `*.test.yaml`, `*.test.yml` and `*.test.json`) and `--threshold`.
 * A PATH that cannot be read, or a directory with no test file, is a usage error naming it.
 */
import { readdirSync, realpathSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { errorCode, type Io, UsageError } from "./common.js";

const TEST_FILE = /\.test\.(ya?ml|json)$/;

/** A path as the user named it (for messages) and as read (absolute). */
interface Entry {
  shown: string;
  absolute: string;
}

function isDirectory(entry: Entry): boolean {
  try {
    return statSync(entry.absolute).isDirectory();
  } catch (error) {
    throw new UsageError(`${entry.shown}: cannot read (${errorCode(error)})`);
  }
}

/**
 * The test files under a directory, searched depth first. An entry that cannot be read (a
 * dangling symlink, an editor's lock file) is skipped unless its name is a test file's, and a
 * directory already searched (a symlink loop) is not searched again.
 */
function collect(entry: Entry, found: string[], searched: Set<string>): void {
  let names: string[];
  try {
    const real = realpathSync(entry.absolute);
    if (searched.has(real)) return;
    searched.add(real);
    names = readdirSync(entry.absolute);
  } catch (error) {
    throw new UsageError(`${entry.shown}: cannot read (${errorCode(error)})`);
  }
  // Code-unit order, so that every host lists the files alike.
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    const child = { shown: join(entry.shown, name), absolute: join(entry.absolute, name) };
    const isTest = TEST_FILE.test(name);
    let stats: ReturnType<typeof statSync>;
    try {
      stats = statSync(child.absolute);
    } catch (error) {
      if (!isTest) continue;
      throw new UsageError(`${child.shown}: cannot read (${errorCode(error)})`);
    }
    if (stats.isDirectory()) collect(child, found, searched);
    else if (isTest) found.push(child.absolute);
  }
}

/**
 * The test files that `noshow-policy test`'s PATHs name, in order: a file as it is, a directory's
 * `*.test.yaml`, `*.test.yml` and `*.test.json` files at any depth, in code-unit order.
 *
 * @param paths - The PATH arguments, relative to `io.cwd`.
 * @param io - For the working directory.
 * @returns The files' absolute paths.
 * @throws {@link UsageError} naming a PATH (or a file under it) that cannot be read, or a
 *   directory with no test file.
 * @example
 * testFilesOf(["test/policies"], io); // [".../test/policies/ainfluencer.test.yaml", …]
 */
export function testFilesOf(paths: readonly string[], io: Pick<Io, "cwd">): string[] {
  const files: string[] = [];
  for (const path of paths) {
    const entry = { shown: path, absolute: resolve(io.cwd, path) };
    if (!isDirectory(entry)) {
      files.push(entry.absolute);
      continue;
    }
    const before = files.length;
    collect(entry, files, new Set());
    if (files.length === before) {
      throw new UsageError(
        `${path}: no *.test.yaml, *.test.yml or *.test.json file in this directory`,
      );
    }
  }
  return files;
}

/**
 * `--threshold`: a percentage from 0 to 100 with at most two decimals, as hundredths of a
 * percent (so that it compares exactly with a coverage rounded down to hundredths).
 *
 * @param text - The option's value.
 * @returns The threshold in hundredths of a percent (`"97.5"` → 9750).
 * @throws {@link UsageError} for anything else (`-1`, `101`, `abc`, `1e2`).
 * @example
 * thresholdOf("100"); // 10000
 */
export function thresholdOf(text: string): number {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text);
  const hundredths = match
    ? Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"))
    : Number.NaN;
  if (!(hundredths <= 10_000)) {
    throw new UsageError(
      `--threshold: must be a percentage from 0 to 100 (at most two decimals), not "${text}"`,
    );
  }
  return hundredths;
}
