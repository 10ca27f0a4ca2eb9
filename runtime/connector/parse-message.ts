/** Parsing one framed device message as JSON or YAML into an object (what flattening needs). */
import { parse as parseYaml } from 'yaml';
import { isPlainObject } from './flatten.js';
import type { ParseAs } from './settings.js';

/** The outcome of parsing: the object, or why it is not one. */
export type ParsedMessage = { readonly ok: true; readonly value: Record<string, unknown> } | { readonly ok: false; readonly error: string };

/** Parses text; never throws. A message must be an object: its keys become datapoints. */
export function parseDeviceMessage(text: string, parseAs: ParseAs): ParsedMessage {
  let value: unknown;
  try {
    // `yaml` keeps timestamps as strings unless asked; ask, so dates behave as in PyYAML and get converted later.
    // logLevel 'error': a device's unknown tag or complex key printed a Node warning per message (found by fuzzing).
    value = parseAs === 'json' ? JSON.parse(text) : parseYaml(text, { customTags: ['timestamp'], maxAliasCount: 100, logLevel: 'error' });
  } catch (error) {
    return { ok: false, error: `not valid ${parseAs.toUpperCase()}: ${firstLine(error)}` };
  }
  if (!isPlainObject(value)) return { ok: false, error: `expected an object of datapoints, got ${describe(value)}` };
  // A YAML alias may point at its own ancestor (`a: &x {b: *x}`); flattening that never ends.
  // A message nested thousands deep (48 KB of `{"a":` is 8,000 levels) would overflow the stack
  // of every later step (flattening, JSON.stringify of the datapoint list): both are refused here.
  const shape = checkShape(value);
  if (shape === 'cycle') return { ok: false, error: 'a YAML alias refers to an enclosing value (a cycle)' };
  if (shape === 'deep') return { ok: false, error: `nested deeper than ${maxMessageDepth} levels` };
  return { ok: true, value };
}

/** The deepest nesting of objects and lists a device message may have. */
export const maxMessageDepth = 64;

/** Iterative (no recursion, whatever the depth): a cycle, nesting past the cap, or fine. */
function checkShape(root: unknown): 'cycle' | 'deep' | undefined {
  const onPath = new Set<object>();
  // Frames: a container to enter, or the marker that its children are done (leave it).
  const stack: Array<{ value: object; depth: number; leave: boolean }> = [{ value: root as object, depth: 1, leave: false }];
  while (stack.length > 0) {
    const { value, depth, leave } = stack.pop()!;
    if (leave) {
      onPath.delete(value);
      continue;
    }
    if (onPath.has(value)) return 'cycle';
    if (depth > maxMessageDepth) return 'deep';
    onPath.add(value);
    stack.push({ value, depth, leave: true });
    const children = value instanceof Map || value instanceof Set ? [...value.values()] : Object.values(value);
    for (const child of children) if (child !== null && typeof child === 'object') stack.push({ value: child, depth: depth + 1, leave: false });
  }
  return undefined;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
}
