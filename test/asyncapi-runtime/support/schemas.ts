/** Test-side validation: schemas picked out of a resolved document by hand, compiled with ajv. */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { plainJson } from '../../../runtime/socketio/mock-document.js';

const ajv = new Ajv({ strict: false, allErrors: true });
addFormatsModule.default(ajv);

/** Compiles the schema at a JSON path of the document (`['components', 'messages', ...]`). */
export function schemaAt(document: unknown, path: readonly string[]): ValidateFunction {
  let node: unknown = document;
  for (const key of path) node = (node as Record<string, unknown>)[key];
  if (node === undefined) throw new Error(`no schema at ${path.join('/')}`);
  return ajv.compile(plainJson(node) as object);
}
