/**
 * Spec schemas checked against JSON Schema draft-07's meta-schema exactly as ajv's `validateSchema`
 * checks them, without compiling the meta-schema on every run (40 ms, the largest compile of a
 * cold run with connectors): the build precompiles it (ajv standalone) for each set of options
 * sockgen checks with, and the precompiled one is used while the installed ajv is the one it was
 * made with. A schema naming another meta-schema in `$schema` is checked by an ajv that looks it up.
 */
import { createRequire } from 'node:module';
import type { Ajv as AjvInstance, ErrorObject, Options } from 'ajv';
import { packages } from './packages.js';
import { PrecompiledFolder } from './precompiled-folder.js';

/** The option sets the generator checks schemas with, by name (the precompiled files' keys). */
export const metaCheckOptions = {
  /** connectors: every error, as the runtime's mqtt-client validator compiles (check-schema.ts). */
  'all-errors': { strict: false, allErrors: true, logger: false },
  /** AsyncAPI extension schemas: the first error is enough, formats are not checked. */
  'first-error': { strict: false, allErrors: false, logger: false, validateFormats: false },
} as const satisfies Record<string, Options>;

export type MetaCheck = keyof typeof metaCheckOptions;

const installedAjv = () => ({ ajv: (createRequire(import.meta.url)('ajv/package.json') as { version: string }).version });
const precompiled = new PrecompiledFolder(new URL('./meta-schema-precompiled/', import.meta.url), installedAjv);

type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
const validators = new Map<MetaCheck, Validate>();
const lookingUp = new Map<MetaCheck, AjvInstance>();
const draft07Id = 'http://json-schema.org/draft-07/schema';

/**
 * The meta-schema errors of `schema` under `check`'s options, as ajv's `validateSchema` gives them
 * (null: valid). A `$schema` ajv does not know (draft-04, a typo) is an error of its own: ajv
 * would throw, and the runtime could not compile the schema either.
 */
export function metaSchemaErrors(schema: object | boolean, check: MetaCheck): ErrorObject[] | null {
  if (typeof schema === 'object' && '$schema' in schema) {
    let ajv = lookingUp.get(check);
    if (!ajv) lookingUp.set(check, (ajv = metaSchemaAjv(check)));
    const named = schema.$schema;
    if (typeof named !== 'string' || !ajv.getSchema(named)) return [unknownMetaSchema(named)];
    return ajv.validateSchema(schema as never) === true ? null : (ajv.errors ?? []);
  }
  const validate = validator(check);
  return validate(schema) ? null : (validate.errors ?? []);
}

function validator(check: MetaCheck): Validate {
  let validate = validators.get(check);
  if (validate) return validate;
  validate = (precompiled.load(check) as Validate | undefined) ?? (metaSchemaAjv(check).getSchema(draft07Id) as Validate);
  validators.set(check, validate);
  return validate;
}

function unknownMetaSchema(named: unknown): ErrorObject {
  const message = `must name JSON Schema draft-07 (${draft07Id}#) or be left out, not ${JSON.stringify(named)?.slice(0, 80) ?? String(named)}`;
  return { keyword: '$schema', instancePath: '/$schema', schemaPath: '#/$schema', params: {}, message };
}

/** An Ajv with `check`'s options; `extra` adds code-generation options (the build's standalone). */
function metaSchemaAjv(check: MetaCheck, extra: Options = {}): AjvInstance {
  return new packages.ajv.Ajv({ ...metaCheckOptions[check], ...extra });
}

/** Writes the precompiled meta-schema validators (run by the build into dist/); returns how many. */
export function precompileMetaSchemaValidators(): number {
  return precompiled.write(
    (Object.keys(metaCheckOptions) as MetaCheck[]).map((check) => ({
      key: check,
      id: check,
      code: () => {
        const ajv = metaSchemaAjv(check, { code: { source: true } });
        return packages.ajvStandalone.default(ajv, ajv.getSchema(draft07Id)!);
      },
    })),
  );
}
