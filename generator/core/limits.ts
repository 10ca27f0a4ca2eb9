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
 * or undefined. Iterative, so the check itself cannot overflow the stack.
 */
export function tooDeep(data: unknown): string | undefined {
  const stack: Array<{ node: unknown; depth: number; pointer: string }> = [{ node: data, depth: 0, pointer: '' }];
  while (stack.length > 0) {
    const { node, depth, pointer } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= maxNestingDepth) return pointer;
    const entries = Array.isArray(node) ? node.map((v, i) => [String(i), v] as const) : Object.entries(node);
    for (const [key, value] of entries)
      if (typeof value === 'object' && value !== null) stack.push({ node: value, depth: depth + 1, pointer: `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}` });
  }
  return undefined;
}

/** The first segment of a planned path longer than a file name may be, or undefined. */
export function overlongSegment(path: string): string | undefined {
  return path.split('/').find((segment) => Buffer.byteLength(segment) > maxPathSegmentBytes);
}
