import { describe, expect, it } from "vitest";
import { PRESETS, parsePolicy } from "../src/index.js";
import { isPresetId, PRESET_IDS } from "../src/policy-entry.js";

const entries = Object.entries(PRESETS);

describe("the preset registry", () => {
  it("lists the five shipped presets in a fixed order", () => {
    expect(PRESET_IDS).toEqual([
      "mediance",
      "refluenced",
      "ainfluencer",
      "flinque",
      "social-louder",
    ]);
    expect(Object.isFrozen(PRESETS)).toBe(true);
  });

  it.each(entries)("%s: the factory builds a valid policy with the registry's id", (id, preset) => {
    const policy = preset.create();
    expect(preset.id).toBe(id);
    expect(policy.id).toBe(id);
    expect(parsePolicy(JSON.parse(JSON.stringify(policy)))).toEqual(policy);
  });

  it.each(entries)("%s: the defaults are what the factory uses", (_id, preset) => {
    expect(preset.parametersSchema.parse(preset.defaults)).toEqual(preset.defaults);
    expect(preset.create().parameters).toEqual(preset.defaults);
    expect(preset.create({ ...preset.defaults })).toEqual(preset.create());
  });

  it.each(entries)("%s: every listed rule id is a rule of the policy", (_id, preset) => {
    const ids = new Set(preset.create().rules.map((rule) => rule.event.type));
    const listed = Object.values(preset.rules);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.filter((rule) => !ids.has(rule))).toEqual([]);
  });

  it.each(entries)("%s: an unknown parameter is refused", (_id, preset) => {
    // @ts-expect-error the point: a parameter no preset has
    expect(() => preset.create({ notAParameter: 1 })).toThrow(/notAParameter/);
  });

  it("isPresetId knows own ids only", () => {
    for (const id of PRESET_IDS) expect(isPresetId(id)).toBe(true);
    for (const id of ["Mediance", "toString", "__proto__", "constructor", ""]) {
      expect(isPresetId(id)).toBe(false);
    }
  });
});
