/**
 * Malformed placeholders (`{deliverable.id` unclosed, `{}` empty, `{a{b}` nested, a stray `}`)
 * would be printed as written: the checker refuses them, named by rule at the template's path,
 * and rendering stays total (it prints them as written, never throws).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_PLACEHOLDER_LENGTH, scanTemplate } from "../src/core/placeholders.js";

import { isValidationError, parsePolicy } from "../src/index.js";
import { renderTemplate } from "../src/render/template.js";

function issuesOf(explanation: string) {
  try {
    parsePolicy({
      id: "acme",
      version: "1",
      parameters: {},
      rules: [
        {
          name: "acme.check/rule",
          conditions: { all: [{ fact: "asOf", operator: "isPresent", value: true }] },
          event: {
            type: "acme.check",
            params: {
              phase: "violations",
              kind: "breach",
              role: "other",
              scope: "deliverable",
              outcome: "violation",
              explanation,
            },
          },
        },
      ],
    });
    return [];
  } catch (error) {
    if (!isValidationError(error)) throw error;
    return error.issues;
  }
}

const at = 'rules["acme.check/rule"].event.params.explanation';

describe("malformed placeholders", () => {
  it.each([
    ["Post {deliverable.id late.", "is never closed"],
    ["Post {} late.", "is empty"],
    ["Post {  } late.", "is empty"],
    ["Post {deliverable{deliverable.id} late.", 'holds another "{"'],
    ["Post deliverable.id} late.", "closes no placeholder"],
  ])("%j is refused at the template's path", (template, words) => {
    const issues = issuesOf(template);
    expect(issues).toEqual([
      { code: "invalid_format", path: at, message: expect.stringContaining(words) },
    ]);
  });

  it("every malformed brace is listed at once, with good placeholders still checked", () => {
    const issues = issuesOf("{} and {deliverable.idd} and {deliverable.id");
    expect(issues.map((issue) => [issue.code, issue.message.split(";")[0]])).toEqual([
      ["invalid_format", "placeholder at 0 is empty"],
      ["invalid_format", 'placeholder at 29 is never closed with "}" (within 2000 characters)'],
      ["unknown_reference", '"{deliverable.idd}": deliverable has no field "idd"'],
    ]);
  });

  it("well-formed templates pass", () => {
    expect(issuesOf("Post {deliverable.id} due {deliverable.dueAt}.")).toEqual([]);
    expect(issuesOf("No braces at all.")).toEqual([]);
  });

  it("rendering is total and prints malformed braces as written", () => {
    const facts = { deliverable: { id: "feed" } };
    expect(renderTemplate("{deliverable.id} {} {x", facts, "UTC")).toBe("feed {} {x");
    expect(renderTemplate("{a{deliverable.id}}", facts, "UTC")).toBe("{afeed}");
    fc.assert(
      fc.property(
        fc.string({
          maxLength: 60,
          unit: fc.constantFrom("{", "}", "a", ".", "[", '"', "'", "\\", " "),
        }),
        (template) => {
          const rendered = renderTemplate(template, facts, "UTC");
          const scanned = scanTemplate(template);
          // Texts and placeholders cover the template: with no placeholder, it renders as written.
          if (scanned.refs.length === 0) expect(rendered).toBe(template);
          expect(scanned.texts).toHaveLength(scanned.refs.length + 1);
          // Malformed exactly when some brace is left in the text (printed as written).
          const leftOver = /[{}]/.test(scanned.texts.join(""));
          expect(scanned.malformed.length > 0).toBe(leftOver);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("stays linear on many unclosed braces: 10× the braces cost as a linear anchor's 10× does", () => {
    // Ratios, never an absolute time (machines are noisy): the fastest of interleaved rounds,
    // since noise only adds time, each sample tens of milliseconds long. The anchor, run beside
    // the scan on the same texts, is a linear pass that records an entry per brace as the scan
    // does: what a larger live list costs the GC (10× the braces measure ×12–25 for both here)
    // falls on both, and a scan that is linear measures about ×0.7 of the anchor's ratio; one
    // that is quadratic in the braces, several times it.
    const unclosed = (count: number) => `{["${'{["'.repeat(count)}`;
    const small = unclosed(3000);
    const large = unclosed(30000);
    const anchor = (template: string) => {
      const entries: Array<{ at: number; message: string }> = [];
      for (let index = 0; index < template.length; index++) {
        if (template[index] === "{")
          entries.push({ at: index, message: `placeholder at ${index} holds another "{"` });
      }
      return entries;
    };
    const cpuMs = () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    };
    const time = (run: () => unknown, repeat: number) => {
      const started = cpuMs();
      for (let index = 0; index < repeat; index++) run();
      return (cpuMs() - started) / repeat;
    };
    expect(scanTemplate(large).refs).toEqual([]);
    const samples: number[][] = [[], [], [], []];
    for (let round = 0; round < 6; round++) {
      const sample = [
        time(() => scanTemplate(small), 100),
        time(() => scanTemplate(large), 10),
        time(() => anchor(small), 100),
        time(() => anchor(large), 10),
      ];
      // The first round warms both up.
      if (round > 0) {
        sample.forEach((value, index) => {
          samples[index]?.push(value);
        });
      }
    }
    const [scanSmall, scanLarge, anchorSmall, anchorLarge] = samples.map((list) =>
      Math.min(...list),
    ) as [number, number, number, number];
    const scanRatio = scanLarge / scanSmall;
    const anchorRatio = anchorLarge / anchorSmall;
    console.log(
      `unclosed braces: 10× the braces ×${scanRatio.toFixed(1)} the CPU time; the linear anchor ×${anchorRatio.toFixed(1)}`,
    );
    expect(scanRatio / anchorRatio).toBeLessThanOrEqual(2);
  });
});

/** scanTemplate as first written: the text built a character at a time (the reference). */
function referenceScan(template: string) {
  const end = (start: number): { at: number; nested: boolean } => {
    let quote: string | null = null;
    const last = Math.min(template.length, start + 2 + MAX_PLACEHOLDER_LENGTH);
    for (let index = start + 1; index < last; index++) {
      const char = template[index] as string;
      if (quote !== null) {
        if (char === "\\") index++;
        else if (char === quote) quote = null;
        continue;
      }
      if ((char === '"' || char === "'") && template[index - 1] === "[") quote = char;
      else if (char === "}") return { at: index, nested: false };
      else if (char === "{") return { at: -1, nested: true };
    }
    return { at: -1, nested: false };
  };
  const texts: string[] = [];
  const refs: string[] = [];
  const malformed: Array<{ at: number; message: string }> = [];
  let text = "";
  let index = 0;
  while (index < template.length) {
    const char = template[index] as string;
    if (char === "}") {
      malformed.push({ at: index, message: `"}" at ${index} closes no placeholder` });
      text += char;
      index++;
      continue;
    }
    if (char !== "{") {
      text += char;
      index++;
      continue;
    }
    const closing = end(index);
    if (closing.at === -1) {
      malformed.push({
        at: index,
        message: closing.nested
          ? `placeholder at ${index} holds another "{" before its "}"`
          : `placeholder at ${index} is never closed with "}" (within ${MAX_PLACEHOLDER_LENGTH} characters)`,
      });
      text += char;
      index++;
      continue;
    }
    const ref = template.slice(index + 1, closing.at).trim();
    if (ref.length === 0) {
      malformed.push({ at: index, message: `placeholder at ${index} is empty` });
      text += template.slice(index, closing.at + 1);
    } else {
      texts.push(text);
      refs.push(ref);
      text = "";
    }
    index = closing.at + 1;
  }
  texts.push(text);
  return { texts, refs, malformed };
}

describe("scanTemplate cuts texts at placeholders", () => {
  // Braces, brackets, quotes and escapes, so that good, empty, nested, unclosed and quoted
  // placeholders all occur; sometimes past MAX_PLACEHOLDER_LENGTH.
  const piece = fc.oneof(
    fc.constantFrom("{", "}", "[", "]", '"', "'", "\\", " ", "a", ".", "{a}", "{ }", '["x}"]'),
    fc.string({ maxLength: 8 }),
  );
  const template = fc.oneof(
    fc.array(piece, { maxLength: 60 }).map((parts) => parts.join("")),
    fc
      .tuple(fc.constantFrom("{", '{a["'), fc.nat({ max: 2 * MAX_PLACEHOLDER_LENGTH }), piece)
      .map(([open, length, tail]) => `${open}${"x".repeat(length)}}${tail}`),
  );

  it("as the character-by-character scan did, for any template (5,000 runs)", () => {
    fc.assert(
      fc.property(template, (text) => {
        expect(scanTemplate(text)).toEqual(referenceScan(text));
      }),
      { numRuns: 5000 },
    );
  });
});
