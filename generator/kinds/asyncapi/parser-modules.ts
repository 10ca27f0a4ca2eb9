/**
 * The parts of @asyncapi/parser sockgen uses, all from one copy of it: the Parser, and the
 * internals the structure rules stand on (a document's formats are compared by identity with the
 * Parser's own). The compiled CLI takes them from the bundle the build made (`bundleParser` below):
 * one file instead of 800 modules, its compiled code cached (core/bundle-loader.ts), which more
 * than halves the parser's 0.3 s load. From the sources, or when the bundle was made from another
 * @asyncapi/parser than the installed one, they are required from node_modules.
 */
import { fileURLToPath } from 'node:url';
import { requirePackages, type PackageBundle } from '../../core/bundle-loader.js';
import type { ErrorObject } from 'ajv';
import type { Parser as ParserClass } from '@asyncapi/parser';
import { fromParser } from './parser-location.js';
import { precompiledFunctionInput } from './structure/function-input-validators.js';
import { precompiledSchemaObjectValidator } from './structure/schema-object-validators.js';

/** One of the parser's structure schemas: AsyncAPI's JSON Schema of a version, as the parser prepares it. */
export type StructureSchema = Record<string, unknown>;

type BetterAjvErrors = (schema: unknown, errors: ErrorObject[], options: { propertyPath: (string | number)[]; targetValue: unknown }) => { error: string; path: string; suggestion?: string }[];

export interface ParserModules {
  readonly Parser: typeof ParserClass;
  /** The parser's schema for a document's formats (undefined: not an AsyncAPI version it knows). */
  getSchema(formats: Set<unknown>, resolved: boolean): StructureSchema | undefined;
  /** The parser's core rule set (the structure rules' definitions). */
  readonly coreRuleset: { rules: Record<string, Record<string, unknown>> };
  /** Every AsyncAPI version the parser knows, with its Spectral format. */
  readonly AsyncAPIFormats: Map<string, unknown>;
  /** Spectral's error wording (`schema` function). */
  readonly betterAjvErrors: BetterAjvErrors;
  /** The @asyncapi/specs version the schemas come from. */
  readonly specsVersion: string;
}

const bundle: PackageBundle = {
  folder: new URL('./parser-bundle/', import.meta.url),
  modules: {
    parser: '@asyncapi/parser',
    documentStructure: '@asyncapi/parser/cjs/ruleset/functions/documentStructure',
    ruleset: '@asyncapi/parser/cjs/ruleset/ruleset',
    formats: '@asyncapi/parser/cjs/ruleset/formats',
    betterAjvErrors: '@stoplight/better-ajv-errors',
    specsPackage: '@asyncapi/specs/package.json',
    schemaParser: '@asyncapi/parser/cjs/schema-parser/asyncapi-schema-parser',
    spectralRuleset: '@stoplight/spectral-core/ruleset',
  },
  from: fromParser.resolve('@asyncapi/parser'),
  versioned: ['@asyncapi/parser'],
};

type Required = Record<string, unknown>;

let modules: ParserModules | undefined;

export function parserModules(): ParserModules {
  if (modules) return modules;
  const required = requirePackages(bundle);
  // Only the bundle's schema parser and rule functions ask for precompiled validators (parser-patches.ts).
  (required.schemaParser as { usePrecompiledSchemaValidators?: (lookup: typeof precompiledSchemaObjectValidator) => void }).usePrecompiledSchemaValidators?.(precompiledSchemaObjectValidator);
  const { createRulesetFunction } = required.spectralRuleset as { createRulesetFunction: { usePrecompiledInputs?: (lookup: typeof precompiledFunctionInput) => void } };
  createRulesetFunction.usePrecompiledInputs?.(precompiledFunctionInput);
  modules = shape(required);
  return modules;
}

function shape(required: Required): ParserModules {
  const better = required.betterAjvErrors as BetterAjvErrors | { default: BetterAjvErrors };
  return {
    Parser: (required.parser as { Parser: typeof ParserClass }).Parser,
    getSchema: (required.documentStructure as Pick<ParserModules, 'getSchema'>).getSchema,
    coreRuleset: (required.ruleset as Pick<ParserModules, 'coreRuleset'>).coreRuleset,
    AsyncAPIFormats: (required.formats as Pick<ParserModules, 'AsyncAPIFormats'>).AsyncAPIFormats,
    betterAjvErrors: typeof better === 'function' ? better : better.default,
    specsVersion: (required.specsPackage as { version: string }).version,
  };
}

/**
 * Build step (`npm run build`): writes the bundle, with the modules parser-patches.ts replaces;
 * returns its size in bytes.
 */
export async function bundleParser(): Promise<number> {
  const [{ writePackageBundle }, { copySpecs, parserReplacements }] = await Promise.all([import('../../core/bundle-build.js'), import('./parser-patches.js')]);
  const resolve = (request: string) => fromParser.resolve(request);
  const size = await writePackageBundle(bundle, parserReplacements(resolve));
  copySpecs(resolve, fileURLToPath(bundle.folder));
  return size;
}
