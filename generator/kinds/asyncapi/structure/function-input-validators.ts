/**
 * Spectral checks the value a rule function is given against the function's input schema before
 * calling it. The parser bundle compiles those schemas on each one's first call (parser-patches.ts,
 * lazyFunctionSchemas), with an ajv it makes for them (ajv-errors' keyword compiles draft-07's
 * meta-schema first): ~35 ms of a cold run that parses AsyncAPI. The build precompiles every input
 * schema of the parser's rule functions and Spectral's core functions into one module (ajv
 * standalone, with the ajv, options, formats and keywords Spectral compiles them with), and the
 * bundle asks here first, by the schema's content; a schema not found is compiled as before.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Ajv as AjvClass, Options, _ as codeTemplate } from 'ajv';
import { packageVersions } from '../../../core/bundle-loader.js';
import { formatsShim, PrecompiledFolder } from '../../../core/precompiled-folder.js';
import { fromParser } from '../parser-location.js';

type Validate = ((data: unknown) => boolean) & { errors?: unknown };

/** Requires a package as Spectral's rule functions module (spectral-core) gets it. */
const fromSpectralCore = createRequire(fromParser.resolve('@stoplight/spectral-core'));

const moduleKey = 'inputs';
const formatsFile = 'function-formats.cjs';

/** Versions the precompiled module must match to be used. */
const toolVersions = () => packageVersions(fromSpectralCore, ['ajv', 'ajv-errors', 'ajv-formats']);
const precompiled = new PrecompiledFolder(new URL('./precompiled-function-inputs/', import.meta.url), toolVersions);

/** The export name of a schema's validator: from its content, as both the build and a run see it. */
function exportName(schema: unknown): string {
  return `input_${createHash('sha256').update(JSON.stringify(schema)).digest('hex').slice(0, 16)}`;
}

/**
 * The input schemas of every rule function the parser's rule set uses (some are made per Parser,
 * so the set is built for a Parser as the parser builds it) and of the parser's and Spectral's
 * exported functions, one per content.
 */
export function functionInputSchemas(): Map<string, object> {
  const schemas = new Map<string, object>();
  const seen = new Set<unknown>();
  const visit = (value: unknown): void => {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return;
    seen.add(value);
    const input = typeof value === 'function' ? (value as { schemas?: { input?: object | null } }).schemas?.input : undefined;
    if (input) schemas.set(exportName(input), input);
    // Rule sets, their rules and `then` entries hold the functions; a function's own properties do not.
    if (typeof value === 'object') for (const child of Object.values(value)) visit(child);
  };
  const { Parser } = fromParser('@asyncapi/parser') as { Parser: new () => unknown };
  const { createRuleset } = fromParser('@asyncapi/parser/cjs/ruleset') as { createRuleset: (parser: unknown, options: object) => unknown };
  visit(createRuleset(new Parser(), {}));
  const ruleset = join(dirname(fromParser.resolve('@asyncapi/parser/package.json')), 'cjs/ruleset');
  for (const folder of ['functions', 'v2/functions', 'v3/functions'])
    for (const name of readdirSync(join(ruleset, folder)).sort()) if (name.endsWith('.js')) visit(fromParser(join(ruleset, folder, name)));
  visit(fromParser('@stoplight/spectral-functions'));
  return schemas;
}

/** An Ajv made as spectral-core's rule functions module makes its own (dist/ruleset/function.js). */
function functionsAjv(extra: Options): AjvClass {
  const { default: Ajv } = fromSpectralCore('ajv') as { default: typeof AjvClass };
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strict: true, keywords: ['x-internal'], ...extra });
  (fromSpectralCore('ajv-errors') as { default: (ajv: AjvClass) => void }).default(ajv);
  (fromSpectralCore('ajv-formats') as { default: (ajv: AjvClass) => void }).default(ajv);
  return ajv;
}

/** Build step: writes the module of every input schema's validator; returns how many schemas. */
export function precompileFunctionInputValidators(): number {
  const schemas = functionInputSchemas();
  const { _ } = fromSpectralCore('ajv') as { _: typeof codeTemplate };
  const standalone = (fromSpectralCore('ajv/dist/standalone') as { default: (ajv: AjvClass, refs: Record<string, string>) => string }).default;
  const names = [...schemas.keys()].sort();
  precompiled.write(
    [
      {
        key: moduleKey,
        id: JSON.stringify(names),
        code: () => {
          const ajv = functionsAjv({ code: { source: true, formats: _`require(${`./${formatsFile}`}).fullFormats` } });
          for (const name of names) ajv.addSchema(schemas.get(name)!, name);
          return standalone(ajv, Object.fromEntries(names.map((name) => [name, name])));
        },
      },
    ],
    // The ajv-formats spectral-core validates with (not necessarily sockgen's).
    { [formatsFile]: formatsShim(['@asyncapi/parser', '@stoplight/spectral-core']) },
  );
  return names.length;
}

let validators: Record<string, Validate> | null | undefined;

/** The precompiled validator of a rule function's input schema, or undefined (Spectral compiles it). */
export function precompiledFunctionInput(schema: object): Validate | undefined {
  if (validators === undefined) validators = (precompiled.load(moduleKey) as Record<string, Validate> | undefined) ?? null;
  return validators?.[exportName(schema)];
}
