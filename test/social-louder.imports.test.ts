/**
 * Social Louder is built only from public pieces: every name src/presets/social-louder.ts
 * imports from the library is exported by the root entry (src/index.ts) or by
 * `noshow-policy/policy` (src/policy-entry.ts), from the very module the preset imports it from.
 * The only other import is zod, a dependency of the package.
 */
import { readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "..", "src");

interface ImportedName {
  name: string;
  /** The module, relative to src/ (e.g. `policy/builders.js`), or the package name. */
  from: string;
}

/** The names of every `import … from` / `export … from` statement with braces, by module. */
function namedStatements(source: string, keyword: "import" | "export"): ImportedName[] {
  const statement = new RegExp(
    `^${keyword}\\s+(?:type\\s+)?\\{([^}]*)\\}\\s*from\\s*"([^"]+)";`,
    "gm",
  );
  const found: ImportedName[] = [];
  for (const [, names = "", from = ""] of source.matchAll(statement))
    for (const raw of names.split(",")) {
      const name = raw
        .trim()
        .replace(/^type\s+/, "")
        .split(/\s+as\s+/)[0];
      if (name) found.push({ name, from });
    }
  return found;
}

/** Every import statement of a module, as `{ name, from }` with `from` resolved against src/. */
function importsOf(source: string, dir: string): ImportedName[] {
  // Any import the brace form does not cover (default, namespace, side effect) is listed whole.
  const other = [...source.matchAll(/^import\s+(?!type\s+\{|\{)([^;]*?)\s+from\s*"([^"]+)";/gm)];
  const bare = [...source.matchAll(/^import\s*"([^"]+)";/gm)];
  return [
    ...namedStatements(source, "import"),
    ...other.map(([, what = "", from = ""]) => ({ name: what, from })),
    ...bare.map(([, from = ""]) => ({ name: "(side effect)", from })),
  ].map((item) =>
    item.from.startsWith(".") ? { ...item, from: posix.join(dir, item.from) } : item,
  );
}

/** The public names: what src/index.ts and src/policy-entry.ts re-export, with their module. */
function publicNames(): Set<string> {
  const names = new Set<string>();
  for (const entry of ["index.ts", "policy-entry.ts"]) {
    const source = readFileSync(join(SRC, entry), "utf8");
    for (const { name, from } of namedStatements(source, "export"))
      names.add(`${name} ${posix.join(".", from)}`);
  }
  return names;
}

/** The imports of `source` (a module in src/presets) that are not public pieces. */
function privateImports(source: string): string[] {
  const exported = publicNames();
  return (
    importsOf(source, "presets")
      // zod is the package's own dependency (the parameter schema); anything else must be public.
      .filter(
        ({ name, from }) => !(from === "zod" && name === "z") && !exported.has(`${name} ${from}`),
      )
      .map(({ name, from }) => `${name} from ${from}`)
  );
}

describe("social-louder.ts imports only public pieces", () => {
  const source = readFileSync(join(SRC, "presets", "social-louder.ts"), "utf8");

  it("reads the preset's imports (the check is not vacuous)", () => {
    const imports = importsOf(source, "presets");
    expect(imports.length).toBeGreaterThanOrEqual(15);
    expect(imports).toContainEqual({ name: "extendPolicy", from: "policy/extend.js" });
    expect(imports).toContainEqual({ name: "deadlineBranches", from: "policy/pieces.js" });
    expect(imports).toContainEqual({ name: "PolicyMeta", from: "presets/preset.js" });
  });

  it("every imported name is exported by src/index.ts or src/policy-entry.ts", () => {
    expect(privateImports(source)).toEqual([]);
  });

  it("flags a private helper, a name from another module and a stray package", () => {
    const bad = [
      'import { buildPreset } from "./preset.js";',
      'import { parseWith } from "../validation.js";',
      'import { all } from "../policy/schema.js";',
      'import * as fs from "node:fs";',
      'import { z } from "zod";',
    ].join("\n");
    expect(privateImports(bad)).toEqual([
      "buildPreset from presets/preset.js",
      "parseWith from validation.js",
      "all from policy/schema.js",
      "* as fs from node:fs",
    ]);
  });
});
