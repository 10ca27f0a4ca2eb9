/**
 * Bounds on what a spec may ask of the generator. Past them a spec gets a diagnostic instead of
 * exhausting the stack (deep nesting), the file system (names longer than a file name may be) or
 * the clock. Every kind is bounded by the same numbers, checked in one place.
 */
import type { Diagnostic } from './diagnostics.js';

/** Longest name (socket, endpoint, event, connector, service…) a spec may give. */
export const maxNameLength = 128;
/** Deepest nesting of maps and lists in a spec file; real specs stay far below it. */
export const maxNestingDepth = 64;
/** Longest file or folder name most file systems allow, in bytes. */
export const maxPathSegmentBytes = 255;

interface Located {
  readonly file: string;
  readonly pointer: string;
}

/**
 * Every `name` in the IR within `maxNameLength`. Each node is reported at the nearest
 * `source` ({file, pointer}) on its way from the root, so the diagnostic points at the spec.
 */
export function checkNameLengths(ir: unknown, diagnostic: (source: Located, message: string, hint: string) => Diagnostic): Diagnostic[] {
  const found: Diagnostic[] = [];
  const seen = new Set<unknown>();
  const stack: Array<{ node: unknown; source: Located | undefined }> = [{ node: ir, source: undefined }];
  while (stack.length > 0) {
    const { node, source: inherited } = stack.pop()!;
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    const record = node as Record<string, unknown>;
    const own = record.source as Located | undefined;
    const source = own && typeof own.file === 'string' && typeof own.pointer === 'string' ? own : inherited;
    if (typeof record.name === 'string' && record.name.length > maxNameLength && source)
      found.push(diagnostic(source, `name of ${record.name.length} characters: at most ${maxNameLength} are allowed`, 'a name becomes file, type and function names; shorten it'));
    for (const value of Object.values(record)) if (typeof value === 'object' && value !== null) stack.push({ node: value, source });
  }
  return found;
}

/**
 * The JSON pointer of the first value nested deeper than `maxNestingDepth` in parsed spec data,
 * or undefined. Iterative, so the check itself cannot overflow the stack; the pointer is spelled
 * only for the value found (spelling one per node was a tenth of reading a large document).
 */
export function tooDeep(data: unknown): string | undefined {
  interface Step {
    readonly node: object;
    readonly depth: number;
    readonly key: string;
    readonly parent: Step | undefined;
  }
  const stack: Step[] = [];
  if (typeof data === 'object' && data !== null) stack.push({ node: data, depth: 0, key: '', parent: undefined });
  while (stack.length > 0) {
    const step = stack.pop()!;
    if (step.depth >= maxNestingDepth) return pointerOf(step);
    const { node, depth } = step;
    if (Array.isArray(node)) {
      node.forEach((value, index) => {
        if (typeof value === 'object' && value !== null) stack.push({ node: value, depth: depth + 1, key: String(index), parent: step });
      });
    } else {
      for (const key in node) {
        const value = (node as Record<string, unknown>)[key];
        if (typeof value === 'object' && value !== null) stack.push({ node: value, depth: depth + 1, key, parent: step });
      }
    }
  }
  return undefined;

  function pointerOf(step: Step): string {
    const keys: string[] = [];
    for (let at: Step | undefined = step; at?.parent; at = at.parent) keys.push(at.key.replace(/~/g, '~0').replace(/\//g, '~1'));
    return keys.reverse().map((key) => `/${key}`).join('');
  }
}

/** The first segment of a planned path longer than a file name may be, or undefined. */
export function overlongSegment(path: string): string | undefined {
  return path.split('/').find((segment) => Buffer.byteLength(segment) > maxPathSegmentBytes);
}
