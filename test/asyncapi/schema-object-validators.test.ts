/**
 * Issue 10: the compiled CLI's parser bundle checks a document's schemas with Schema Object
 * validators the build precompiled (structure/schema-object-validators.ts, asked for by the
 * patched schema parser) instead of compiling one per version on every run. The parser's own
 * schema parser (node_modules, unpatched) must say exactly the same for every AsyncAPI version,
 * on hand-picked and generated schemas.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distIsFresh } from '../../bin/source-fingerprint.mjs';

const root = join(import.meta.dirname, '../..');
const fromParser = createRequire(createRequire(import.meta.url).resolve('@asyncapi/parser'));
const versions = Object.keys((fromParser('@asyncapi/specs') as { schemas: Record<string, unknown> }).schemas);

interface SchemaParserModule {
  AsyncAPISchemaParser(): { validate(input: unknown): Promise<unknown[]> };
}

/** The bundle's schema parser (patched), with sockgen's precompiled validators plugged in. */
async function bundled(): Promise<{ schemaParser: SchemaParserModule; precompiled: (version: string) => unknown } | undefined> {
  if (!distIsFresh(root)) {
    // CI builds dist/ in `npm ci` (prepare); a checkout edited since its last build has none to test.
    if (process.env.CI === 'true') throw new Error('dist/ is older than the sources: `npm run build` first');
    return undefined;
  }
  const dist = (path: string) => import(pathToFileURL(join(root, 'dist', path)).href);
  const { parserModules } = (await dist('generator/kinds/asyncapi/parser-modules.js')) as typeof import('../../generator/kinds/asyncapi/parser-modules.js');
  parserModules(); // plugs the precompiled validators into the bundle's schema parser
  const { loadBundle } = (await dist('generator/core/bundle-loader.js')) as typeof import('../../generator/core/bundle-loader.js');
  const exports = loadBundle(join(root, 'dist/generator/kinds/asyncapi/parser-bundle/bundle.cjs')) as { schemaParser: SchemaParserModule };
  const { precompiledSchemaObjectValidator } = (await dist('generator/kinds/asyncapi/structure/schema-object-validators.js')) as typeof import('../../generator/kinds/asyncapi/structure/schema-object-validators.js');
  return { schemaParser: exports.schemaParser, precompiled: precompiledSchemaObjectValidator };
}

const fromNodeModules = fromParser('@asyncapi/parser/cjs/schema-parser/asyncapi-schema-parser') as SchemaParserModule;

const input = (version: string, data: unknown) => ({ asyncapi: { semver: { version } }, data, path: ['components', 'schemas', 'x'], meta: {} });

const samples: unknown[] = [
  {},
  true,
  { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, at: { type: 'string', format: 'date-time' } }, required: ['id'] },
  { type: 'numbr' },
  { type: 'object', minimum: 'x', properties: { a: { type: ['string', 'nul'] }, b: { maxLength: -1 } } },
  { discriminator: 'kind', externalDocs: { url: 'not a url' }, deprecated: 'yes' },
  { oneOf: [{ $ref: '#/components/schemas/a' }, 7], examples: 'not a list' },
  { 'x-extension': { anything: true }, items: [{ enum: [] }] },
];

const keyword = fc.constantFrom('type', 'properties', 'items', 'required', 'enum', 'minimum', 'maxLength', 'format', 'discriminator', 'deprecated', 'externalDocs', 'oneOf', 'not', 'readOnly', 'x-custom', 'title');
const schemaLike = fc.letrec((tie) => ({
  // Plain objects, as YAML and JSON parse them: a null-prototype dictionary (fast-check makes them
  // by default) made ajv's uniqueItems throw (fast-deep-equal calls valueOf), which no parsed
  // document can do. The seed is fixed, as in the other property tests (FUZZ_SEED changes it).
  schema: fc.oneof({ depthSize: 'small' }, fc.boolean(), fc.dictionary(keyword, tie('value'), { maxKeys: 4, noNullPrototype: true })),
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom('string', 'number', 'object', 'array', 'numbr', 'date-time', 'https://example.com'),
    fc.integer({ min: -3, max: 10 }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    tie('schema'),
  ),
})).schema;

describe('precompiled Schema Object validators', () => {
  it('the build made one for every AsyncAPI version the parser knows', async () => {
    const bundle = await bundled();
    if (!bundle) return;
    for (const version of versions) expect(typeof bundle.precompiled(version), version).toBe('function');
  });

  it.each(versions)('%s: the bundle reports what the parser in node_modules reports', async (version) => {
    const bundle = await bundled();
    if (!bundle) return;
    const check = async (schema: unknown): Promise<void> => {
      expect(await bundle.schemaParser.AsyncAPISchemaParser().validate(input(version, schema))).toEqual(await fromNodeModules.AsyncAPISchemaParser().validate(input(version, schema)));
    };
    for (const schema of samples) await check(schema);
    const findings = await Promise.all(samples.map((schema) => bundle.schemaParser.AsyncAPISchemaParser().validate(input(version, schema))));
    expect(findings.filter((found) => found.length > 0).length).toBeGreaterThan(3); // the error paths are compared too
    await fc.assert(fc.asyncProperty(schemaLike, check), { numRuns: 150, seed: Number(process.env.FUZZ_SEED ?? 20261201) });
  });
});
