/**
 * The document as the generated server ships it (`asyncapi.json`): bundled, not dereferenced.
 * Local `$ref`s stay as written (the server dereferences them at start-up, see
 * runtime/socketio/dereference.ts), external ones are replaced by what the parser resolved, so
 * the file is self-contained and about the size of the spec instead of every reference
 * expanded in place (several times larger, and all of it to format and diff).
 */
import { toPointer } from '../../core/spec-file.js';

type Json = Record<string, unknown>;

/** A JSON-serialisable copy of a resolved node: no `x-parser-*` keys, cycles as local `$ref`s. */
function plainResolved(node: unknown, at: string[]): unknown {
  const onPath = new Map<object, string[]>();
  const copy = (value: unknown, path: string[]): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const ancestor = onPath.get(value);
    if (ancestor) return { $ref: '#' + toPointer(...ancestor) };
    onPath.set(value, path);
    let out: unknown;
    if (Array.isArray(value)) out = value.map((item, i) => copy(item, [...path, String(i)]));
    else {
      const object: Json = {};
      for (const [key, item] of Object.entries(value)) if (!key.startsWith('x-parser-')) object[key] = copy(item, [...path, key]);
      out = object;
    }
    onPath.delete(value);
    return out;
  };
  return copy(node, at);
}

/** Bundles the spec's own data, taking external references' content from the parser's result. */
export function bundledDocument(data: unknown, resolved: Json): unknown {
  const lookup = (path: string[]): unknown => {
    let node: unknown = resolved;
    for (const segment of path) node = node && typeof node === 'object' ? (node as Json)[segment] : undefined;
    return node;
  };
  const walk = (node: unknown, path: string[]): unknown => {
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, String(i)]));
    if (node === null || typeof node !== 'object') return node;
    const ref = (node as Json).$ref;
    if (typeof ref === 'string' && !ref.startsWith('#')) return plainResolved(lookup(path), path);
    const out: Json = {};
    for (const [key, value] of Object.entries(node)) out[key] = walk(value, [...path, key]);
    return out;
  };
  return walk(data, []);
}
