/**
 * The parts of @asyncapi/parser and its Spectral that the structure rules stand on: from the same
 * copy of the parser the Parser comes from (parser-modules.ts), and the ajv packages Spectral
 * resolves, which need not be sockgen's.
 */
import { createRequire } from 'node:module';
import { parserModules, type StructureSchema } from '../parser-modules.js';
import { fromParser } from '../parser-location.js';

export type { StructureSchema } from '../parser-modules.js';

/** Requires a package as Spectral's `schema` function gets it. */
export const fromSpectral = createRequire(fromParser.resolve('@stoplight/spectral-functions'));

export const { getSchema, coreRuleset, betterAjvErrors, specsVersion } = parserModules();

/** Every structure schema the parser can ask for: each AsyncAPI version it knows, resolved and not. */
export function structureSchemas(): { version: string; resolved: boolean; schema: StructureSchema }[] {
  return [...parserModules().AsyncAPIFormats].flatMap(([version, format]) => [true, false].map((resolved) => ({ version, resolved, schema: getSchema(new Set([format]), resolved)! })));
}
