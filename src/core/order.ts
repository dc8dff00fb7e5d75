/**
 * Orderings that never depend on the host: strings compare by UTF-16 code unit, never by the
 * process locale (`localeCompare` follows `LC_ALL`, so "zoom-1" and "text-1" swap under `et_EE`).
 */

/**
 * Compares two strings by UTF-16 code unit, the same on every host.
 *
 * @param a - The first string.
 * @param b - The second string.
 * @returns A negative number when `a` sorts first, 0 when equal, a positive number otherwise.
 * @example
 * ["zoom-1", "text-1"].sort(compareCodeUnits); // ["text-1", "zoom-1"] under any LC_ALL
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
