/**
 * Where a node of the resolved document was written. The parser inlines `$ref`s, so the path
 * through the resolved tree (`/channels/~1user/publish/message/oneOf/0`) may cross a reference;
 * following the file's local `$ref`s gives the place a reader would look
 * (`/components/messages/UserSignUp`). External references stop at the `$ref` itself.
 */
import { pointerSegments, toPointer } from '../../core/spec-file.js';

function lookup(data: unknown, segments: readonly string[]): unknown {
  let node = data;
  for (const segment of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/** Maps a pointer into the resolved document onto the spec file's own data. */
export function sourcePointer(data: unknown, resolvedPointer: string): string {
  let current: string[] = [];
  let node: unknown = data;
  // Follows local references (a few hops at most, so a loop stops).
  const follow = () => {
    for (let hops = 0; hops < 8; hops++) {
      const ref = node && typeof node === 'object' ? (node as { $ref?: unknown }).$ref : undefined;
      if (typeof ref !== 'string' || !ref.startsWith('#/')) return;
      current = pointerSegments(ref);
      node = lookup(data, current);
    }
  };
  for (const segment of pointerSegments(resolvedPointer)) {
    follow();
    if (node === null || typeof node !== 'object' || !(segment in node)) return toPointer(...current);
    node = (node as Record<string, unknown>)[segment];
    current = [...current, segment];
  }
  follow();
  return toPointer(...current);
}
