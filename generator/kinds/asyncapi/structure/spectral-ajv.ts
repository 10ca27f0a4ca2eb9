/**
 * The Ajv that @asyncapi/parser's document-structure rules validate with, rebuilt with the same
 * options, formats and meta-schemas as Spectral's `schema` function (its "allErrors" instance), so
 * a validator compiled here (now, or ahead of time by the build) reports exactly what Spectral's
 * would (its packages as Spectral resolves them: parser-internals.ts).
 */
import type { Ajv as AjvClass, Options, _ as codeTemplate } from 'ajv';
import { packageVersions } from '../../../core/bundle-loader.js';
import { fromSpectral, specsVersion } from './parser-internals.js';

/** Versions a precompiled validator must match to be used (else it is compiled again). */
export function validatorToolVersions(): Record<string, string> {
  return { ...packageVersions(fromSpectral, ['ajv', 'ajv-formats']), '@asyncapi/specs': specsVersion };
}

/** A fresh Ajv as Spectral configures it; `extra` adds code-generation options (standalone). */
export function spectralAjv(extra: Options = {}): AjvClass {
  const { Ajv } = fromSpectral('ajv') as { Ajv: typeof AjvClass };
  const addFormats = fromSpectral('ajv-formats') as (ajv: AjvClass) => void;
  const ajv = new Ajv({
    allErrors: true,
    meta: true,
    messages: true,
    strict: false,
    allowUnionTypes: true,
    unicodeRegExp: false,
    logger: false,
    ...extra,
  });
  addFormats(ajv);
  (fromSpectral('ajv-errors') as (ajv: AjvClass) => void)(ajv);
  // Relative to spectral-functions' dist/index.js: its package exports do not name this file.
  ajv.addSchema(fromSpectral('./schema/draft4.json') as object);
  ajv.addSchema(fromSpectral('ajv/dist/refs/json-schema-draft-06.json') as object);
  return ajv;
}

/**
 * Standalone (ajv) module code of one schema, compiled by Spectral's Ajv; the module requires
 * `fullFormats` from `formatsRequire` (a path the generated code can require).
 */
export function spectralStandaloneCode(schema: Record<string, unknown>, formatsRequire: string): string {
  const { _ } = fromSpectral('ajv') as { _: typeof codeTemplate };
  const standalone = (fromSpectral('ajv/dist/standalone') as { default: (ajv: AjvClass, validate: unknown) => string }).default;
  const ajv = spectralAjv({ code: { source: true, formats: _`require(${formatsRequire}).fullFormats` } });
  return standalone(ajv, ajv.compile(schema));
}
