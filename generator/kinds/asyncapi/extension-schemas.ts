/**
 * JSON Schemas the AsyncAPI parser does not check because they sit in extensions or bindings
 * (`x-ack.args`, `bindings.ws.query`/`headers`): checked here against the JSON Schema
 * meta-schema, so a broken one is a positioned diagnostic instead of ajv throwing while the
 * validators are compiled (an internal error, exit 70).
 */
import { escapeForMessage } from '../../core/diagnostics.js';
import { metaSchemaErrors } from '../../core/meta-schema.js';

/** A problem with one extension schema: where (a pointer inside it) and what. */
export interface ExtensionSchemaProblem {
  readonly pointer: string;
  readonly message: string;
}

/** Checks `schema` against the draft-07 meta-schema; `undefined` when it is a valid schema. */
export function extensionSchemaProblem(schema: unknown): ExtensionSchemaProblem | undefined {
  // ajv's validateSchema reads `$schema` of its argument: null or a number would throw there.
  if (typeof schema !== 'boolean' && (typeof schema !== 'object' || schema === null || Array.isArray(schema)))
    return { pointer: '', message: 'is not a JSON Schema (an object or true/false)' };
  const errors = metaSchemaErrors(acyclic(schema) as object | boolean, 'first-error');
  if (errors === null) return undefined;
  const error = errors[0];
  if (!error) return { pointer: '', message: 'is not a JSON Schema' };
  const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
  const detail = allowed ? `${error.message} (${allowed.map((v) => escapeForMessage(String(v), 20)).join(', ')})` : error.message;
  return { pointer: error.instancePath, message: `${error.instancePath ? `${error.instancePath.slice(1)} ` : ''}${detail ?? 'is invalid'}` };
}

/**
 * The parser resolves a recursive schema into a cyclic object; the meta-schema check would
 * recurse forever on it. Each back edge becomes `{}` (itself a valid schema).
 */
function acyclic(node: unknown, ancestors: object[] = [], done = new Map<object, unknown>()): unknown {
  if (node === null || typeof node !== 'object') return node;
  if (ancestors.includes(node)) return {};
  // A schema shared by several places is copied once (the parser shares every component).
  if (done.has(node)) return done.get(node);
  const inner = [...ancestors, node];
  let out: unknown;
  if (Array.isArray(node)) out = node.map((item) => acyclic(item, inner, done));
  else {
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) if (!key.startsWith('x-parser-')) copy[key] = acyclic(value, inner, done);
    out = copy;
  }
  done.set(node, out);
  return out;
}
