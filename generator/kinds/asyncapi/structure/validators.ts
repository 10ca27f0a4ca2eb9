/**
 * The validators of AsyncAPI's own JSON Schemas (one per version, resolved or not). Compiling one
 * costs 0.3–0.4 s, and Spectral compiled both of a version for every document it linted. Here each
 * is compiled at most once per process, and not at all when the build precompiled it (ajv
 * standalone, `npm run build`: dist/…/structure/precompiled/); the precompiled ones are used only
 * when they were made with the same ajv, ajv-formats and @asyncapi/specs that are installed.
 */
import type { ValidateFunction } from 'ajv';
import { PrecompiledFolder } from '../../../core/precompiled-folder.js';
import { spectralAjv, validatorToolVersions } from './spectral-ajv.js';

/** The build's validators (structure/precompile.ts), by schema key. */
export const precompiledStructureValidators = new PrecompiledFolder(new URL('./precompiled/', import.meta.url), validatorToolVersions);

/** The key of one of the parser's structure schemas: its `$id` (version and resolved-ness are in it). */
export const schemaKey = (schema: { $id?: unknown }): string => String(schema.$id);

const compiled = new Map<string, ValidateFunction>();

/** Whether this schema's validator comes from the build (else it is compiled in this process). */
export const isPrecompiled = (schema: Record<string, unknown>): boolean => precompiledStructureValidators.has(schemaKey(schema));

/** The validator of one structure schema (`$id` names it), precompiled or compiled now. */
export function structureValidator(schema: Record<string, unknown>): ValidateFunction {
  const key = schemaKey(schema);
  let validate = compiled.get(key);
  if (validate) return validate;
  validate = (precompiledStructureValidators.load(key) as ValidateFunction | undefined) ?? spectralAjv().compile(schema);
  compiled.set(key, validate);
  return validate;
}
