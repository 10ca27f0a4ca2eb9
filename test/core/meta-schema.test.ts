/**
 * Issue 10: spec schemas are checked against draft-07's meta-schema by validators the build
 * precompiled (core/meta-schema.ts) instead of ajv compiling the meta-schema on every run. They
 * must answer exactly what ajv's own `validateSchema` answers: the same verdict and the same
 * errors, in order, for hand-picked schemas and for generated ones.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Ajv, type ErrorObject } from 'ajv';
import { distIsFresh } from '../../bin/source-fingerprint.mjs';
import { loadBundle } from '../../generator/core/bundle-loader.js';
import { metaCheckOptions, metaSchemaErrors, type MetaCheck } from '../../generator/core/meta-schema.js';

const root = join(import.meta.dirname, '../..');
const precompiledFolder = join(root, 'dist/generator/core/meta-schema-precompiled');
const checks = Object.keys(metaCheckOptions) as MetaCheck[];

type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** The build's precompiled validator of `check`, or undefined when dist/ is not built from these sources. */
function precompiled(check: MetaCheck): Validate | undefined {
  const manifest = join(precompiledFolder, 'manifest.json');
  if (!distIsFresh(root) || !existsSync(manifest)) {
    // CI builds dist/ in `npm ci` (prepare); a checkout edited since its last build has none to test.
    if (process.env.CI === 'true') throw new Error('dist/ is older than the sources: `npm run build` first');
    return undefined;
  }
  const { files } = JSON.parse(readFileSync(manifest, 'utf8')) as { files: Record<string, string> };
  // As the CLI loads it: the build writes it wrapped, for the bundle loader.
  return loadBundle(join(precompiledFolder, files[check]!)) as Validate;
}

/** What ajv's own validateSchema says, with the same options. */
function byAjv(check: MetaCheck, schema: unknown): ErrorObject[] | null {
  const ajv = new Ajv(metaCheckOptions[check]);
  return ajv.validateSchema(schema as never) === true ? null : (ajv.errors ?? []);
}

function byPrecompiled(validate: Validate, schema: unknown): ErrorObject[] | null {
  return validate(schema) ? null : (validate.errors ?? []);
}

/**
 * What a check answers, or the error it throws: fast-check makes objects without a prototype,
 * which ajv's deep equality (uniqueItems) cannot compare, and both checks then throw the same.
 * Parsed specs never hold such objects.
 */
function outcome(check: () => ErrorObject[] | null): ErrorObject[] | null | { threw: string } {
  try {
    return check();
  } catch (error) {
    return { threw: String(error) };
  }
}

const samples: unknown[] = [
  {},
  true,
  { type: 'number', minimum: 0 },
  { type: 'numbr' },
  { type: ['string', 'nul'] },
  { properties: { a: { type: 'string' }, b: { items: { enum: 'not a list' } } } },
  { required: ['a', 'a'] },
  { minLength: -1, maxItems: 1.5 },
  { allOf: [], anyOf: [{ type: 'string' }, 7] },
  { $ref: 5 },
  { definitions: { x: { const: null } }, additionalProperties: 'no' },
  { pattern: '[unclosed', format: 42 },
  { dependencies: { a: ['b'], c: { type: 'object' }, d: 3 } },
];

// Schema-like objects: mostly meta-schema keywords with values of the right kind or not.
const keyword = fc.constantFrom('type', 'properties', 'items', 'required', 'enum', 'minimum', 'maxLength', 'pattern', 'additionalProperties', 'anyOf', 'allOf', 'not', 'const', 'definitions', 'dependencies', 'format', 'title', 'x-extra');
const schemaLike = fc.letrec((tie) => ({
  schema: fc.oneof({ depthSize: 'small' }, fc.boolean(), fc.dictionary(keyword, tie('value'), { maxKeys: 4 })),
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom('string', 'number', 'integer', 'object', 'array', 'boolean', 'null', 'numbr'),
    fc.integer({ min: -3, max: 10 }),
    fc.double({ noNaN: true }),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }),
    tie('schema'),
  ),
})).schema;

describe('precompiled draft-07 meta-schema checks', () => {
  it.each(checks)('%s: hand-picked schemas get what ajv validateSchema gives', (check) => {
    const validate = precompiled(check);
    if (!validate) return;
    for (const schema of samples) expect(byPrecompiled(validate, schema), JSON.stringify(schema)).toEqual(byAjv(check, schema));
    expect(samples.filter((schema) => byAjv(check, schema) !== null).length).toBeGreaterThan(8);
  });

  it.each(checks)('%s: generated schema-like objects get what ajv validateSchema gives', (check) => {
    const validate = precompiled(check);
    if (!validate) return;
    fc.assert(
      fc.property(schemaLike, (schema) => {
        expect(outcome(() => byPrecompiled(validate, schema))).toEqual(outcome(() => byAjv(check, schema)));
      }),
      { numRuns: 400 },
    );
  });

  it('checks a schema that names its own $schema as ajv does, and answers null for a valid one', () => {
    const named = { $schema: 'http://json-schema.org/draft-07/schema#', type: 'numbr' };
    expect(metaSchemaErrors(named, 'all-errors')).toEqual(byAjv('all-errors', named));
    // ajv throws on a meta-schema it does not know: here it is an error like any other.
    for (const $schema of ['http://json-schema.org/draft-04/schema#', 42])
      expect(metaSchemaErrors({ $schema, type: 'string' }, 'all-errors')).toEqual([expect.objectContaining({ instancePath: '/$schema', message: expect.stringMatching(/^must name JSON Schema draft-07/) })]);
    expect(metaSchemaErrors({ type: 'string' }, 'first-error')).toBeNull();
    expect(metaSchemaErrors({ type: 'numbr' }, 'all-errors')).toEqual(byAjv('all-errors', { type: 'numbr' }));
  });
});
