/**
 * Ordering for output: by UTF-16 code unit, like `Array.prototype.sort()`. Not `localeCompare`,
 * whose order depends on the machine's locale and ICU data, so two machines could generate
 * different files from the same specs.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
