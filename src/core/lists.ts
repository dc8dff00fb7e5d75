/**
 * Lists built the same way in every tier of the JavaScript engine, so that the functions of an
 * evaluation that read them are compiled once.
 *
 * V8's optimising compiler inlines `Array.prototype.map` with a result of the *holey* kind,
 * while the unoptimised builtin returns a *packed* one. Once a function that maps a list is
 * optimised, every function that reads its result meets a second array shape, is de-optimised
 * and compiled again: about half of a batch worker's warm-up went to those recompilations. A list
 * pushed into `[]` is packed in every tier. Use `mapList` wherever a mapped list leaves the
 * expression that made it (returned, stored, or passed on) on the evaluation path.
 */

/**
 * The items of a list, each mapped, in a packed array (see the module's comment).
 *
 * @param items - The list.
 * @param map - The mapping of one item (and its index).
 * @returns A new array of the mapped items, in order; `items` is not changed.
 * @example
 * mapList([1, 2, 3], (n) => n * 2); // [2, 4, 6]
 */
export function mapList<Item, Mapped>(
  items: readonly Item[],
  map: (item: Item, index: number) => Mapped,
): Mapped[] {
  const mapped: Mapped[] = [];
  for (let index = 0; index < items.length; index++) mapped.push(map(items[index] as Item, index));
  return mapped;
}
