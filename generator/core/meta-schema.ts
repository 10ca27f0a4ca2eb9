/**
 * Spec schemas checked against JSON Schema draft-07's meta-schema exactly as ajv's `validateSchema`
 * checks them, without compiling the meta-schema on every run (40 ms, the largest compile of a
 * cold run with connectors): the build precompiles it (ajv standalone) for each set of options
 * sockgen checks with, and the precompiled one is used while the installed ajv is the one it was
 * made with. A schema naming another meta-schema in `$schema` is left to ajv itself.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, Options } from 'ajv';
import { loadBundle } from './bundle-loader.js';
import { packages } from './packages.js';

/** The option sets the generator checks schemas with, by name (the precompiled files' names). */
export const metaCheckOptions = {
  /** connectors: every error, as the runtime's mqtt-client validator compiles (check-schema.ts). */
  'all-errors': { strict: false, allErrors: true, logger: false },
  /** AsyncAPI extension schemas: the first error is enough, formats are not checked. */
  'first-error': { strict: false, allErrors: false, logger: false, validateFormats: false },
} as const satisfies Record<string, Options>;

export type MetaCheck = keyof typeof metaCheckOptions;

const precompiledFolder = new URL('./meta-schema-precompiled/', import.meta.url);
const manifestFile = 'manifest.json';

type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
const validators = new Map<MetaCheck, Validate>();

/**
 * The meta-schema errors of `schema` under `check`'s options (null: valid), or undefined when the
 * schema names its own `$schema` (then ajv must look that meta-schema up itself).
 */
export function draft07Errors(schema: object | boolean, check: MetaCheck): ErrorObject[] | null | undefined {
  if (typeof schema === 'object' && '$schema' in schema) return undefined;
  const validate = validator(check);
  return validate(schema) ? null : (validate.errors ?? []);
}

function validator(check: MetaCheck): Validate {
  let validate = validators.get(check);
  if (validate) return validate;
  validate = precompiled(check) ?? (metaSchemaAjv(check).getSchema(draft07Id) as Validate);
  validators.set(check, validate);
  return validate;
}

const draft07Id = 'http://json-schema.org/draft-07/schema';

/** An Ajv with `check`'s options; `extra` adds code-generation options (the build's standalone). */
function metaSchemaAjv(check: MetaCheck, extra: Options = {}) {
  return new packages.ajv.Ajv({ ...metaCheckOptions[check], ...extra });
}

function precompiled(check: MetaCheck): Validate | undefined {
  const manifest = new URL(manifestFile, precompiledFolder);
  if (!existsSync(manifest)) return undefined;
  try {
    const { ajv } = JSON.parse(readFileSync(manifest, 'utf8')) as { ajv?: string };
    if (ajv !== installedAjv()) return undefined;
  } catch {
    return undefined;
  }
  return loadBundle(fileURLToPath(new URL(`${check}.cjs`, precompiledFolder))) as Validate;
}

function installedAjv(): string {
  return (createRequire(import.meta.url)('ajv/package.json') as { version: string }).version;
}

/** Writes the precompiled meta-schema validators (run by the build into dist/); returns how many. */
export function precompileMetaSchemaValidators(): number {
  const folder = fileURLToPath(precompiledFolder);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const checks = Object.keys(metaCheckOptions) as MetaCheck[];
  for (const check of checks) {
    const ajv = metaSchemaAjv(check, { code: { source: true } });
    writeFileSync(`${folder}/${check}.cjs`, packages.ajvStandalone.default(ajv, ajv.getSchema(draft07Id)!));
  }
  writeFileSync(`${folder}/${manifestFile}`, JSON.stringify({ ajv: installedAjv() }, null, 2) + '\n');
  return checks.length;
}
