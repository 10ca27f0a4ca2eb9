/**
 * Pointers of the objects in the parser's resolved document. The parser shares one object
 * between a component and every place that references it; walking `components` first gives
 * each shared object its component pointer (where a reader would look it up).
 */
import { toPointer } from '../../core/spec-file.js';

/** Returns a lookup from resolved object to its pointer. */
export function resolvedPointers(json: Record<string, unknown>): (node: object) => string | undefined {
  const pointers = new Map<object, string>();
  const walk = (node: unknown, path: string[]) => {
    if (node === null || typeof node !== 'object' || pointers.has(node)) return;
    pointers.set(node, toPointer(...path));
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, [...path, String(i)]));
    else for (const [key, value] of Object.entries(node)) walk(value, [...path, key]);
  };
  walk(json.components, ['components']);
  walk(json, []);
  return (node) => pointers.get(node);
}
