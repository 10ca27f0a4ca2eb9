/**
 * The resolved document as plain JSON for the docs page: parser annotations (`x-parser-*`)
 * removed and cycles (recursive schemas) written back as local `$ref`s to the first occurrence.
 */
import { toPointer } from '../../core/spec-file.js';

/** A JSON-serialisable copy of the parser's resolved document, keys in document order. */
export function plainDocument(json: Record<string, unknown>): unknown {
  const onPath = new Map<object, string[]>();
  const copy = (node: unknown, path: string[]): unknown => {
    if (node === null || typeof node !== 'object') return node;
    const ancestor = onPath.get(node);
    if (ancestor) return { $ref: '#' + toPointer(...ancestor) };
    onPath.set(node, path);
    let out: unknown;
    if (Array.isArray(node)) out = node.map((item, i) => copy(item, [...path, String(i)]));
    else {
      const object: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(node)) if (!key.startsWith('x-parser-')) object[key] = copy(value, [...path, key]);
      out = object;
    }
    onPath.delete(node);
    return out;
  };
  return copy(json, []);
}
