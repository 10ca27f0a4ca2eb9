/**
 * Run-time ajv validators for the mock server. The mock reads any document at start-up, so it
 * compiles schemas then (generated servers use validators compiled at generation time instead).
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: under NodeNext its default import is `module.exports`, whose
// `default` property is the plugin.
const addFormats = addFormatsModule.default;

// AsyncAPI 2.x/3.x default schemas are draft-07 supersets; `strict: false` tolerates the
// AsyncAPI-only keywords (`discriminator`, `externalDocs`, `x-*`) ajv does not know. `logger:
// false`: an unknown format (Asynction's faker formats) was printed once per schema that uses it;
// the mock reads the document through the generator's kind, which reports it once (AAPI014).
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true, logger: false });
addFormats(ajv);

/** Compiles a (plain, `x-parser-*`-free) JSON Schema. */
export function compileSchema(schema: unknown): ValidateFunction {
  if (typeof schema === 'boolean') return ajv.compile(schema);
  return ajv.compile(typeof schema === 'object' && schema !== null ? (schema as object) : {});
}
