/**
 * Issue 10: the compiled CLI's parser bundle checks the values given to rule functions with input
 * validators the build precompiled (structure/function-input-validators.ts, asked for by the
 * patched spectral-core) instead of compiling each schema on every run. Each must say what
 * spectral-core's own ajv says, on every schema of the parser's rule set and on generated values;
 * and the bundle must really ask for them.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Ajv as AjvClass } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distIsFresh } from '../../bin/source-fingerprint.mjs';
import { functionInputSchemas } from '../../generator/kinds/asyncapi/structure/function-input-validators.js';

const root = join(import.meta.dirname, '../..');
const fromSpectralCore = createRequire(createRequire(createRequire(import.meta.url).resolve('@asyncapi/parser')).resolve('@stoplight/spectral-core'));

type Validate = ((data: unknown) => boolean) & { errors?: unknown };
type CreateRulesetFunction = ((definition: { input: object; options: null; errorOnInvalidInput: boolean }, fn: (input: unknown) => unknown) => (input: unknown, options: null, context: object) => unknown) & {
  usePrecompiledInputs?: (lookup: (schema: object) => Validate | undefined) => void;
};

/** The build's lookup and the bundle's createRulesetFunction, with the lookup plugged in (parserModules). */
async function bundled(): Promise<{ precompiled: (schema: object) => Validate | undefined; createRulesetFunction: CreateRulesetFunction } | undefined> {
  if (!distIsFresh(root)) {
    // CI builds dist/ in `npm ci` (prepare); a checkout edited since its last build has none to test.
    if (process.env.CI === 'true') throw new Error('dist/ is older than the sources: `npm run build` first');
    return undefined;
  }
  const dist = (path: string) => import(pathToFileURL(join(root, 'dist', path)).href);
  const { parserModules } = (await dist('generator/kinds/asyncapi/parser-modules.js')) as typeof import('../../generator/kinds/asyncapi/parser-modules.js');
  parserModules();
  const { loadBundle } = (await dist('generator/core/bundle-loader.js')) as typeof import('../../generator/core/bundle-loader.js');
  const exports = loadBundle(join(root, 'dist/generator/kinds/asyncapi/parser-bundle/bundle.cjs')) as { spectralRuleset: { createRulesetFunction: CreateRulesetFunction } };
  const { precompiledFunctionInput } = (await dist('generator/kinds/asyncapi/structure/function-input-validators.js')) as typeof import('../../generator/kinds/asyncapi/structure/function-input-validators.js');
  return { precompiled: precompiledFunctionInput, createRulesetFunction: exports.spectralRuleset.createRulesetFunction };
}

/** spectral-core's own ajv for function inputs, as dist/ruleset/function.js makes it. */
function spectralCoreAjv(): AjvClass {
  const { default: Ajv } = fromSpectralCore('ajv') as { default: typeof AjvClass };
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strict: true, keywords: ['x-internal'] });
  (fromSpectralCore('ajv-errors') as { default: (ajv: AjvClass) => void }).default(ajv);
  (fromSpectralCore('ajv-formats') as { default: (ajv: AjvClass) => void }).default(ajv);
  return ajv;
}

const schemas = [...functionInputSchemas().values()];
const reference = spectralCoreAjv();
// Values shaped like what rules give functions: objects with the keys the schemas name, of any type.
const keys = [...new Set(schemas.flatMap((schema) => JSON.stringify(schema).match(/"[A-Za-z$][\w$-]*"(?=:)/g) ?? []).map((key) => JSON.parse(key) as string))];
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 2 }), fc.dictionary(fc.constantFrom(...keys), tie('node'), { maxKeys: 5, noNullPrototype: true }), fc.array(tie('node'), { maxLength: 3 })),
})).node;

describe('precompiled rule function input validators', () => {
  it('the rule set has input schemas, and the build made a validator for each', async () => {
    expect(schemas.length).toBeGreaterThan(10);
    const bundle = await bundled();
    if (!bundle) return;
    for (const schema of schemas) expect(typeof bundle.precompiled(schema), JSON.stringify(schema)).toBe('function');
    expect(bundle.precompiled({ type: 'string', description: 'no rule has this schema' })).toBeUndefined();
  });

  it.each(schemas.map((schema) => [JSON.stringify(schema).slice(0, 80), schema] as const))('%s: says what spectral-core compiles', async (_name, schema) => {
    const bundle = await bundled();
    if (!bundle) return;
    const precompiled = bundle.precompiled(schema)!;
    const compiled = reference.compile(schema);
    await fc.assert(
      fc.property(value, (data) => {
        expect(precompiled(data)).toBe(compiled(data));
        expect(precompiled.errors ?? null).toEqual(compiled.errors ?? null);
      }),
      { numRuns: 200, seed: Number(process.env.FUZZ_SEED ?? 20261201) },
    );
  });

  it("the bundle's rule functions ask for them, and fall back to compiling", async () => {
    const bundle = await bundled();
    if (!bundle) return;
    const asked: object[] = [];
    const make = bundle.createRulesetFunction;
    make.usePrecompiledInputs!((schema) => (asked.push(schema), bundle.precompiled(schema)));
    try {
      // A schema of the rule set that takes { sockgen: 1 } and refuses 7, as spectral-core says.
      const known = schemas.find((schema) => reference.compile(schema)({ sockgen: 1 }) && !reference.compile(schema)(7))!;
      const unknown = { type: 'object', properties: { sockgen: { type: 'integer' } }, required: ['sockgen'], errorMessage: 'needs sockgen' };
      for (const schema of [known, unknown]) {
        const fn = make({ input: schema, options: null, errorOnInvalidInput: true }, () => ['called']);
        expect(fn({ sockgen: 1 }, null, {})).toEqual(['called']);
        const wrong = fn(7, null, {}) as { message: string }[];
        expect(wrong).toHaveLength(1);
        if (schema === unknown) expect(wrong[0]!.message).toBe('needs sockgen');
      }
      expect(asked).toEqual([known, unknown]);
    } finally {
      make.usePrecompiledInputs!(bundle.precompiled);
    }
  });
});
