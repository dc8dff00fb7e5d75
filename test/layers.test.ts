/**
 * The dependency rule of the layered layout (scripts/check-layers.mjs): the real tree passes, and
 * a backward import — in any import form, type-only included — is reported by file and layer.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without type declarations
import { checkLayers, LAYERS } from "../scripts/check-layers.mjs";

const SRC = join(dirname(fileURLToPath(import.meta.url)), "..", "src");
let scratch = "";

function tree(files: Record<string, string>): string {
  scratch = mkdtempSync(join(tmpdir(), "layers-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(scratch, path)), { recursive: true });
    writeFileSync(join(scratch, path), text);
  }
  return scratch;
}

afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = "";
});

describe("check-layers", () => {
  it("passes on the project's own src/", () => {
    expect(checkLayers(SRC)).toEqual([]);
  });

  it("puts core first and the entry points last", () => {
    expect(LAYERS[0]).toEqual(["core"]);
    expect(LAYERS.at(-1)).toContain("index");
  });

  it.each([
    ['import { evaluate } from "../evaluate/evaluate.js";'],
    ['import type { Verdict } from "../verdict/types.js";'],
    ['export { x } from "../presets/mediance.js";'],
    ['import "../standing/standing.js";'],
    ['const lazy = () => import("../engine/jre.js");'],
  ])("fails on a backward import: %s", (line) => {
    const src = tree({ "derive/a.ts": `${line}\n`, "core/b.ts": "export const b = 1;\n" });
    const problems: string[] = checkLayers(src);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^derive\/a\.ts: imports "\.\.\/\w+\/[\w.]+" from layer "\w+", above its own layer "derive"$/,
    );
  });

  it("allows imports down the list and within a layer", () => {
    const src = tree({
      "evaluate/a.ts": 'import { b } from "../core/b.js";\nimport { c } from "./c.js";\n',
      "evaluate/c.ts": 'import type { V } from "../verdict/v.js";\nexport const c = 1;\n',
      "core/b.ts": "export const b = 1;\n",
    });
    expect(checkLayers(src)).toEqual([]);
  });

  it("names a file that is in no layer", () => {
    const src = tree({ "stray/a.ts": "export const a = 1;\n" });
    expect(checkLayers(src)).toEqual(['stray/a.ts: not in any layer (add "stray" to LAYERS)']);
  });
});
