/**
 * A safe replacement for json-rules-engine's jsonpath-plus resolver: plain property paths only
 * (`$.a.b`, `a.b[0]`), own properties only, no script or filter evaluation.
 */

const SEGMENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const FORBIDDEN = new Set(["__proto__", "prototype", "constructor"]);

/** One step of a property path: an object key or an array index. */
export type PathSegment = string | number;

/**
 * Splits a plain property path into its segments.
 *
 * @param path - `$.a.b`, `$.list[0].x` or `a.b`; `$` alone means the value itself.
 * @returns The segments, or `null` when the path is not a plain property path.
 */
export function parsePropertyPath(path: string): PathSegment[] | null {
  // Reached with rule JSON that bypassed validation too: anything but a string is no path.
  if (typeof path !== "string") return null;
  const body = path.startsWith("$") ? path.slice(1) : path.length > 0 ? `.${path}` : path;
  const segments: PathSegment[] = [];
  const pattern = /\.([^.[\]]+)|\[(\d+)\]/y;
  let position = 0;
  while (position < body.length) {
    pattern.lastIndex = position;
    const match = pattern.exec(body);
    if (!match) return null;
    if (match[2] !== undefined) {
      segments.push(Number(match[2]));
    } else {
      const key = match[1] ?? "";
      if (!SEGMENT.test(key) || FORBIDDEN.has(key)) return null;
      segments.push(key);
    }
    position = pattern.lastIndex;
  }
  return segments;
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
 * The `pathResolver` installed on every engine: resolves plain property paths and refuses
 * anything else (it returns `undefined`, and policies with such paths never validate).
 *
 * @param value - The fact value.
 * @param path - The condition's `path`.
 * @returns The value at the path, or `undefined`.
 */
export function safePathResolver(value: object, path: string): unknown {
  // Every run of a rule resolves the same few paths: each is split once (boundedly).
  let segments = PARSED_PATHS.get(path);
  if (segments === undefined) {
    segments = parsePropertyPath(path);
    if (PARSED_PATHS.size >= MAX_PARSED_PATHS) PARSED_PATHS.clear();
    if (typeof path === "string") PARSED_PATHS.set(path, segments);
  }
  return segments ? readPath(value, segments) : undefined;
}

/** Parsed paths of {@link safePathResolver}: never handed out, so never mutated. */
const PARSED_PATHS = new Map<string, readonly PathSegment[] | null>();
const MAX_PARSED_PATHS = 4096;
