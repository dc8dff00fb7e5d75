#!/usr/bin/env node
// The dependency rule of the layered layout: a module may import only from its own layer or
// from layers listed before it, so imports run one way (core first). Type-only imports count
// too: a type that must flow upward belongs in a lower layer. Exits 1 listing every backward
// import. Usage: node scripts/check-layers.mjs [srcDir]
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** The layers, lowest first: a layer is a folder (or a file, without `.ts`) directly under src/. */
export const LAYERS = [
  ["core"],
  ["errors", "validation"],
  ["facts"],
  ["derive"],
  ["policy"],
  ["engine"],
  ["verdict"],
  ["render"],
  ["evaluate"],
  ["standing"],
  ["replay"],
  ["presets"],
  ["index", "policy-entry", "json-schema", "testing", "cli"],
];

function layerOf(file, srcDir) {
  const [top = ""] = relative(srcDir, file).split(sep);
  const name = top.replace(/\.ts$/, "");
  const rank = LAYERS.findIndex((names) => names.includes(name));
  return { name, rank };
}

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (path.endsWith(".ts")) yield path;
  }
}

// Static `import … from`, `export … from`, side-effect `import "…"` and dynamic `import("…")`.
const SPECIFIER =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|(?:^|[\s;])import\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm;

/**
 * Every backward import under `srcDir`, and every file in no layer.
 *
 * @param {string} srcDir
 * @returns {string[]} one line per problem
 */
export function checkLayers(srcDir) {
  const problems = [];
  for (const file of sourceFiles(srcDir)) {
    const from = layerOf(file, srcDir);
    if (from.rank < 0) {
      problems.push(`${relative(srcDir, file)}: not in any layer (add "${from.name}" to LAYERS)`);
      continue;
    }
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(SPECIFIER)) {
      const specifier = match[1] ?? match[2] ?? match[3] ?? "";
      if (!specifier.startsWith(".")) continue;
      const target = resolve(dirname(file), specifier.replace(/\.js$/, ".ts"));
      const to = layerOf(target, srcDir);
      if (to.rank > from.rank) {
        problems.push(
          `${relative(srcDir, file)}: imports "${specifier}" from layer "${to.name}", above its own layer "${from.name}"`,
        );
      }
    }
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const srcDir = resolve(
    process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), "..", "src"),
  );
  const problems = checkLayers(srcDir);
  if (problems.length > 0) {
    console.error(
      `check-layers: ${problems.length} backward import(s):\n${problems.map((p) => `  ${p}`).join("\n")}`,
    );
    process.exit(1);
  }
  console.log(`check-layers: imports run one way across ${LAYERS.length} layers`);
}
