/**
 * A safe replacement for json-rules-engine's jsonpath-plus resolver: plain property paths only
 * (`$.a.b`, `a.b[0]`, `$.byRule["a.b-c"]`), own properties only, no script or filter evaluation.
 */

const SEGMENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const FORBIDDEN = new Set(["__proto__", "prototype", "constructor"]);

/** One step of a property path: an object key or an array index. */
export type PathSegment = string | number;

/**
 * Splits a plain property path into its segments. A key that is not a plain name (a rule id
 * such as `mediance.content-missing`) is written in brackets, quoted as a JSON string or in
 * single quotes (`\'` and `\\` escaped): `$.byRule["mediance.content-missing"].outcome`.
 *
 * @param path - `$.a.b`, `$.list[0].x`, `$.byRule["a.b-c"]` or `a.b`; `$` alone means the value
 *   itself.
 * @returns The segments, or `null` when the path is not a plain property path.
 * @example
 * parsePropertyPath("$.byRule['flinque.post-late'].outcome"); // ["byRule", "flinque.post-late", "outcome"]
 */
export function parsePropertyPath(path: string): PathSegment[] | null {
  // Reached with rule JSON that bypassed validation too: anything but a string is no path.
  if (typeof path !== "string") return null;
  const body = path.startsWith("$") ? path.slice(1) : path.length > 0 ? `.${path}` : path;
  const segments: PathSegment[] = [];
  const pattern = /\.([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|\['((?:[^'\\]|\\.)*)'\]/y;
  let position = 0;
  while (position < body.length) {
    pattern.lastIndex = position;
    const match = pattern.exec(body);
    if (!match) return null;
    if (match[2] !== undefined) {
      segments.push(Number(match[2]));
    } else if (match[3] !== undefined || match[4] !== undefined) {
      const key =
        match[3] !== undefined ? jsonKey(match[3]) : (match[4] ?? "").replace(/\\(.)/g, "$1");
      if (key === null || FORBIDDEN.has(key)) return null;
      segments.push(key);
    } else {
      const key = match[1] ?? "";
      if (!SEGMENT.test(key) || FORBIDDEN.has(key)) return null;
      segments.push(key);
    }
    position = pattern.lastIndex;
  }
  return segments;
}

/** The text of a double-quoted bracket key, read as a JSON string; null when it is not one. */
function jsonKey(quoted: string): string | null {
  try {
    return JSON.parse(`"${quoted}"`) as string;
  } catch {
    return null;
  }
}

/**
 * Writes segments as a property path {@link parsePropertyPath} reads back to the same segments:
 * plain names after dots, indices and any other key in brackets (`["a.b-c"]`).
 *
 * @param segments - Keys and indices (no `__proto__`, `prototype` or `constructor`).
 * @returns The path, starting with `$`.
 * @example
 * formatPropertyPath(["byRule", "mediance.content-missing"]); // '$.byRule["mediance.content-missing"]'
 */
export function formatPropertyPath(segments: readonly PathSegment[]): string {
  let path = "$";
  for (const segment of segments) {
    if (typeof segment === "number") path += `[${segment}]`;
    else if (SEGMENT.test(segment)) path += `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}

const FACT_NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * Splits a `fact.path` reference (a template placeholder, a sanction amount) into the fact name
 * and the path's segments; the path takes the same brackets as a condition's
 * (`findings.byRule["mediance.content-missing"].outcome`).
 *
 * @param ref - The reference.
 * @returns The fact name and segments, or `null` when it is not a fact name and a plain path.
 * @example
 * parseFactRef('findings.byRule["a.b"]'); // { fact: "findings", segments: ["byRule", "a.b"] }
 */
export function parseFactRef(ref: string): { fact: string; segments: PathSegment[] } | null {
  if (typeof ref !== "string") return null;
  const fact = FACT_NAME.exec(ref)?.[0];
  if (fact === undefined) return null;
  const rest = ref.slice(fact.length);
  if (rest.length === 0) return { fact, segments: [] };
  if (rest[0] !== "." && rest[0] !== "[") return null;
  const segments = parsePropertyPath(`$${rest}`);
  return segments ? { fact, segments } : null;
}

/**
 * Writes a fact name and segments as a reference {@link parseFactRef} reads back.
 *
 * @param fact - The fact name.
 * @param segments - The path's segments.
 * @returns `fact.a.b`, `fact.byRule["a.b"]`, `fact.list[0]`.
 * @example
 * formatFactRef("findings", ["byRule", "a.b"]); // 'findings.byRule["a.b"]'
 */
export function formatFactRef(fact: string, segments: readonly PathSegment[]): string {
  return fact + formatPropertyPath(segments).slice(1);
}

/** Reads `segments` from `value`, following own properties only; `undefined` when absent. */
export function readPath(value: unknown, segments: readonly PathSegment[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (current === null || typeof current !== "object") return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return current;
}

/**
 * Reads `segments` from a fact value as a rule sees it: like {@link readPath}, but a step that
 * reaches `null` reads `null` (json-rules-engine reads a null fact as `null` whatever the path,
 * and a field under a null parent is the same missing value), so `equal null` matches it.
 *
 * @param value - The fact value.
 * @param segments - Plain property segments.
 * @returns The value, `null` under a null parent, or `undefined` when a key is absent.
 * @example
 * readFactPath({ retention: null }, ["retention", "status"]); // null
 * readFactPath({ retention: {} }, ["retention", "status"]); // undefined
 */
export function readFactPath(value: unknown, segments: readonly PathSegment[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (current === null) return null;
    if (typeof current !== "object" || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return current;
}

/**
 * The `pathResolver` installed on every engine: resolves plain property paths and refuses
 * anything else (it returns `undefined`, and policies with such paths never validate).
 *
 * @param value - The fact value.
 * @param path - The condition's `path`.
 * @returns The value at the path (`null` under a null parent), or `undefined`.
 */
export function safePathResolver(value: object, path: string): unknown {
  // Every run of a rule resolves the same few paths: each is split once (boundedly).
  let segments = PARSED_PATHS.get(path);
  if (segments === undefined) {
    segments = parsePropertyPath(path);
    if (PARSED_PATHS.size >= MAX_PARSED_PATHS) PARSED_PATHS.clear();
    if (typeof path === "string") PARSED_PATHS.set(path, segments);
  }
  return segments ? readFactPath(value, segments) : undefined;
}

/** Parsed paths of {@link safePathResolver}: never handed out, so never mutated. */
const PARSED_PATHS = new Map<string, readonly PathSegment[] | null>();
const MAX_PARSED_PATHS = 4096;
