import { describe, expect, it } from "vitest";
import { PRESETS, parsePolicy, ValidationError } from "../src/index.js";
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

describe("a preset's fromParameters (overrides of no static type)", () => {
  it.each(entries)("%s: builds what create builds from the same overrides", (_id, preset) => {
    const parsed: unknown = JSON.parse(JSON.stringify(preset.defaults));
    expect(preset.fromParameters(parsed)).toEqual(preset.create());
    expect(preset.fromParameters(undefined)).toEqual(preset.create());
    expect(preset.fromParameters({}, { id: "acme", version: "7" })).toEqual(
      preset.create({}, { id: "acme", version: "7" }),
    );
  });

  it("names the bad parameter's path and code (a nested one too)", () => {
    const thrown = (() => {
      try {
        PRESETS.mediance.fromParameters(JSON.parse('{"minLiveDuration":{"days":"30"}}'));
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).issues.map(({ path, code }) => ({ path, code }))).toEqual([
      { path: "minLiveDuration.days", code: "invalid_type" },
    ]);
  });

  it("applies a valid override as the typed factory does", () => {
    const params: unknown = JSON.parse('{"minLiveDuration":{"days":60}}');
    const policy = PRESETS.mediance.fromParameters(params);
    expect(policy.parameters.minLiveDuration).toEqual({ days: 60 });
    expect(policy).toEqual(PRESETS.mediance.create({ minLiveDuration: { days: 60 } }));
  });

  it.each(entries)(
    "%s: an unknown or mistyped parameter is a ValidationError with path and code",
    (_id, preset) => {
      const [first] = Object.keys(preset.defaults);
      const issuesOf = (params: unknown) => {
        try {
          preset.fromParameters(params);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          expect((error as ValidationError).code).toBe("INVALID_POLICY");
          return (error as ValidationError).issues.map(({ path, code }) => ({ path, code }));
        }
        throw new Error("no error");
      };
      expect(issuesOf({ notAParameter: 1 })).toEqual([
        { path: "notAParameter", code: "unknown_key" },
      ]);
      expect(issuesOf({ [first as string]: Symbol("bad") })).toEqual([
        { path: first, code: expect.any(String) },
      ]);
      expect(() => preset.fromParameters([1])).toThrow(ValidationError);
      expect(() => preset.fromParameters("minLiveDuration")).toThrow(ValidationError);
    },
  );
});
