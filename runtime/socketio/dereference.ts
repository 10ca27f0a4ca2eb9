/**
 * Dereferences a bundled document (local `$ref`s only, as generated `asyncapi.json` files keep
 * them) into the resolved form the docs page reads: every `{ $ref: '#/...' }` becomes the object
 * it points at, shared between its uses; recursive references become object cycles, which the
 * docs handler writes back as `$ref`s. Runs once at server start-up.
 */
type Json = Record<string, unknown>;

function unescape(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The resolved form of `document`; unresolvable references are left as they are. */
export function dereference(document: unknown): unknown {
  const copies = new Map<object, unknown>();
  const target = (ref: string): unknown => {
    let node: unknown = document;
    for (const segment of ref.slice(2).split('/').map(unescape)) {
      if (node === null || typeof node !== 'object') return undefined;
      node = (node as Json)[segment];
    }
    return node;
  };
  const resolve = (node: unknown, following: Set<string>): unknown => {
    if (node === null || typeof node !== 'object') return node;
    const ref = (node as Json).$ref;
    if (typeof ref === 'string' && ref.startsWith('#/')) {
      const found = target(ref);
      // A reference to a reference that loops back to itself has no content.
      if (found === undefined || following.has(ref)) return node;
      return resolve(found, new Set(following).add(ref));
    }
    const done = copies.get(node);
    if (done !== undefined) return done;
    const copy: unknown = Array.isArray(node) ? [] : {};
    copies.set(node, copy);
    if (Array.isArray(node)) node.forEach((item, i) => ((copy as unknown[])[i] = resolve(item, new Set())));
    else for (const [key, value] of Object.entries(node)) (copy as Json)[key] = resolve(value, new Set());
    return copy;
  };
  return resolve(document, new Set());
}
