/**
 * Malformed placeholders (`{deliverable.id` unclosed, `{}` empty, `{a{b}` nested, a stray `}`)
 * would be printed as written: the checker refuses them, named by rule at the template's path,
 * and rendering stays total (it prints them as written, never throws).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scanTemplate } from "../src/core/placeholders.js";
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

  it("stays linear on many unclosed braces: 10× the braces cost at most 20× the time", () => {
    // A ratio, never an absolute time (machines are noisy); the fastest of interleaved rounds,
    // since noise only adds time. A quadratic scan shows as a ratio near 100.
    const unclosed = (count: number) => `{["${'{["'.repeat(count)}`;
    const small = unclosed(3000);
    const large = unclosed(30000);
    const cpuMs = () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    };
    const time = (template: string, repeat: number) => {
      const started = cpuMs();
      for (let index = 0; index < repeat; index++) {
        expect(scanTemplate(template).refs).toEqual([]);
      }
      return (cpuMs() - started) / repeat;
    };
    time(small, 1);
    time(large, 1);
    const smallTimes: number[] = [];
    const largeTimes: number[] = [];
    for (let round = 0; round < 5; round++) {
      smallTimes.push(time(small, 10));
      largeTimes.push(time(large, 1));
    }
    expect(Math.min(...largeTimes) / Math.min(...smallTimes)).toBeLessThanOrEqual(20);
  });
});
