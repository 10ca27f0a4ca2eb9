/**
 * The validators of AsyncAPI's own JSON Schemas (one per version, resolved or not). Compiling one
 * costs 0.3–0.4 s, and Spectral compiled both of a version for every document it linted. Here each
 * is compiled at most once per process, and not at all when the build precompiled it (ajv
 * standalone, `npm run build`: dist/…/structure/precompiled/); the precompiled ones are used only
 * when they were made with the same ajv, ajv-formats and @asyncapi/specs that are installed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadBundle } from '../../../core/bundle-loader.js';
import type { ValidateFunction } from 'ajv';
import { spectralAjv, validatorToolVersions } from './spectral-ajv.js';

export const precompiledFolder = new URL('./precompiled/', import.meta.url);
export const precompiledManifest = 'manifest.json';

/** What the build writes beside the validators: the tool versions and a file per schema key. */
export interface PrecompiledManifest {
  readonly tools: Record<string, string>;
  readonly files: Record<string, string>;
}

/** The key of one of the parser's structure schemas: its `$id` (version and resolved-ness are in it). */
export const schemaKey = (schema: { $id?: unknown }): string => String(schema.$id);

const compiled = new Map<string, ValidateFunction>();
let manifest: PrecompiledManifest | null | undefined;

function readManifest(): PrecompiledManifest | null {
  if (manifest !== undefined) return manifest;
  manifest = null;
  const path = new URL(precompiledManifest, precompiledFolder);
  if (!existsSync(path)) return manifest;
  try {
    const read = JSON.parse(readFileSync(path, 'utf8')) as PrecompiledManifest;
    if (JSON.stringify(read.tools) === JSON.stringify(validatorToolVersions())) manifest = read;
  } catch {
    // An unreadable manifest: compile instead.
  }
  return manifest;
}

/** Whether this schema's validator comes from the build (else it is compiled in this process). */
export const isPrecompiled = (schema: Record<string, unknown>): boolean => readManifest()?.files[schemaKey(schema)] !== undefined;

/** The validator of one structure schema (`$id` names it), precompiled or compiled now. */
export function structureValidator(schema: Record<string, unknown>): ValidateFunction {
  const key = schemaKey(schema);
  let validate = compiled.get(key);
  if (validate) return validate;
  const file = readManifest()?.files[key];
  // A precompiled validator is megabytes of code: loaded like a bundle, its compiled code is cached.
  validate = file ? (loadBundle(fileURLToPath(new URL(file, precompiledFolder))) as ValidateFunction) : spectralAjv().compile(schema);
  compiled.set(key, validate);
  return validate;
}
