/**
 * `mapList` (core/lists.ts) is `Array.prototype.map` for every list, and its result stays a
 * packed array once the caller is optimised (the reason it exists: an optimised `map` gives a
 * holey one, and every reader of it is de-optimised and compiled again).
 */
import { spawnSync } from "node:child_process";
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { mapList } from "../src/core/lists.js";

describe("mapList", () => {
  test.prop([fc.array(fc.anything())])("maps as Array.prototype.map does, in order", (items) => {
    const before = [...items];
    const seen: number[] = [];
    const mapped = mapList(items, (item, index) => {
      seen.push(index);
      return [item, index];
    });
    expect(mapped).toEqual(items.map((item, index) => [item, index]));
    expect(seen).toEqual(items.map((_, index) => index));
    expect(items).toEqual(before);
    expect(mapped).not.toBe(items);
  });

  it("gives an empty array of its own for an empty list", () => {
    const empty: number[] = [];
    const mapped = mapList(empty, (n) => n);
    expect(mapped).toEqual([]);
    expect(mapped).not.toBe(empty);
  });

  it("returns a packed array from optimised code, where Array.prototype.map returns a holey one", () => {
    // V8's own test hooks (--allow-natives-syntax), in a child process: force both functions to
    // be optimised, then ask for the result's elements kind.
    const script = `
      ${mapList.toString()}
      function viaMapList(items) { return mapList(items, (item) => ({ item })); }
      function viaMap(items) { return items.map((item) => ({ item })); }
      const kinds = [];
      for (const fn of [viaMapList, viaMap]) {
        %PrepareFunctionForOptimization(fn);
        fn([1, 2, 3]);
        fn([4, 5]);
        %OptimizeFunctionOnNextCall(fn);
        const result = fn([6, 7, 8]);
        kinds.push({ optimised: %ActiveTierIsTurbofan(fn), holey: %HasHoleyElements(result) });
      }
      console.log(JSON.stringify(kinds));
    `;
    const run = spawnSync(process.execPath, ["--allow-natives-syntax", "-e", script], {
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    const [mapListKind, mapKind] = JSON.parse(run.stdout) as Array<{
      optimised: boolean;
      holey: boolean;
    }>;
    expect(mapListKind).toEqual({ optimised: true, holey: false });
    // What mapList avoids (if a later V8 gives packed arrays here too, mapList is merely equal).
    expect(mapKind?.optimised).toBe(true);
  });
});
