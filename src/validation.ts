/**
 * Turns zod failures into {@link ValidationError}s: every issue with its dotted path, and a
 * "did you mean" hint for unknown keys, because a typo must never silently change a verdict.
 */
import type { z } from "zod";
import { ValidationError, type ValidationErrorCode, type ValidationIssue } from "./errors.js";

type AnySchema = z.ZodType;

interface SchemaDef {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  getter?: () => AnySchema;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  valueType?: AnySchema;
  options?: AnySchema[];
}

function defOf(schema: AnySchema): SchemaDef {
  return (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
}

function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (let depth = 0; depth < 32; depth++) {
    const def = defOf(current);
    const next = def.innerType ?? (def.type === "pipe" ? def.in : undefined) ?? def.getter?.();
    if (!next) return current;
    current = next;
  }
  return current;
}

/** The object keys a schema accepts at `path`, or none when it is not an object there. */
function keysAt(schema: AnySchema, path: readonly PropertyKey[]): string[] {
  let candidates: AnySchema[] = [schema];
  for (const segment of path) {
    const next: AnySchema[] = [];
    for (const candidate of candidates) next.push(...childrenAt(unwrap(candidate), segment));
    candidates = next;
  }
  const keys = new Set<string>();
  for (const candidate of candidates) {
    for (const option of flattenUnion(unwrap(candidate))) {
      const shape = defOf(option).shape;
      if (shape) for (const key of Object.keys(shape)) keys.add(key);
    }
  }
  return [...keys];
}

function flattenUnion(schema: AnySchema): AnySchema[] {
  const def = defOf(schema);
  return def.options ? def.options.flatMap((option) => flattenUnion(unwrap(option))) : [schema];
}

function childrenAt(schema: AnySchema, segment: PropertyKey): AnySchema[] {
  return flattenUnion(schema).flatMap((option) => {
    const def = defOf(option);
    if (def.shape && typeof segment === "string" && def.shape[segment]) return [def.shape[segment]];
    if (def.element && typeof segment === "number") return [def.element];
    if (def.valueType) return [def.valueType];
    return [];
  });
}

/**
 * Edit distance between two short strings (keys), counting a swap of neighbours as one edit
 * (optimal string alignment), for the "did you mean" hint.
 */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      const row = rows[i];
      if (row) row[j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * The known key closest to `unknown`, when one is close enough to be a likely typo.
 *
 * @param unknown - The key that was given.
 * @param known - The keys that are accepted at that place.
 * @returns The suggestion, or `undefined`.
 */
export function closestKey(unknown: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const key of known) {
    const distance =
      key.toLowerCase() === unknown.toLowerCase()
        ? 0
        : editDistance(unknown.toLowerCase(), key.toLowerCase());
    if (!best || distance < best.distance) best = { key, distance };
  }
  const limit = Math.max(2, Math.floor(unknown.length / 2));
  return best && best.distance <= limit ? best.key : undefined;
}

/** Joins a zod path into the dotted form used in {@link ValidationIssue.path}. */
export function joinPath(path: readonly PropertyKey[]): string {
  return path.map((segment) => String(segment)).join(".");
}

/** Converts zod issues to {@link ValidationIssue}s, one per unknown key, with hints. */
export function toValidationIssues(schema: AnySchema, error: z.ZodError): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      const known = keysAt(schema, issue.path);
      for (const key of issue.keys) {
        const hint = closestKey(key, known);
        issues.push({
          path: joinPath([...issue.path, key]),
          message: hint ? `unknown key "${key}"; did you mean "${hint}"?` : `unknown key "${key}"`,
        });
      }
      continue;
    }
    issues.push({ path: joinPath(issue.path), message: issue.message });
  }
  return issues;
}

/**
 * Parses `input` with `schema`, throwing a {@link ValidationError} that lists every problem.
 *
 * @param schema - The zod schema to apply.
 * @param input - Untrusted input.
 * @param code - The error code to throw with.
 * @returns The parsed value.
 */
export function parseWith<S extends AnySchema>(
  schema: S,
  input: unknown,
  code: ValidationErrorCode,
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(code, toValidationIssues(schema, result.error));
}
