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
    value = parseAs === 'json' ? JSON.parse(text) : parseYaml(text, { customTags: ['timestamp'], maxAliasCount: 100 });
  } catch (error) {
    return { ok: false, error: `not valid ${parseAs.toUpperCase()}: ${firstLine(error)}` };
  }
  if (!isPlainObject(value)) return { ok: false, error: `expected an object of datapoints, got ${describe(value)}` };
  // A YAML alias may point at its own ancestor (`a: &x {b: *x}`); flattening that never ends.
  if (parseAs === 'yaml' && hasCycle(value, [])) return { ok: false, error: 'a YAML alias refers to an enclosing value (a cycle)' };
  return { ok: true, value };
}

/** True when `value` contains itself; `ancestors` holds the containers on the path to it. */
function hasCycle(value: unknown, ancestors: unknown[]): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (ancestors.includes(value)) return true;
  ancestors.push(value);
  for (const child of Object.values(value)) if (hasCycle(child, ancestors)) return true;
  ancestors.pop();
  return false;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
}
