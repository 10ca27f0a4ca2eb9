/**
 * The parts of @asyncapi/parser and its Spectral that the structure rules stand on, required from
 * the parser's own location: the same module instances the Parser uses (a document's formats are
 * compared by identity), and the ajv packages Spectral resolves, which need not be sockgen's. The
 * parser's package has no exports map, so these paths are public enough.
 */
import type { ErrorObject } from 'ajv';
import { createRequire } from 'node:module';

/** One of the parser's structure schemas: AsyncAPI's JSON Schema of a version, as the parser prepares it. */
export type StructureSchema = Record<string, unknown>;

const fromParser = createRequire(createRequire(import.meta.url).resolve('@asyncapi/parser'));

/** Requires a package as Spectral's `schema` function gets it. */
export const fromSpectral = createRequire(fromParser.resolve('@stoplight/spectral-functions'));

/** The parser's schema for a document's formats (undefined: not an AsyncAPI version it knows). */
export const { getSchema } = fromParser('./ruleset/functions/documentStructure') as {
  getSchema(formats: Set<unknown>, resolved: boolean): StructureSchema | undefined;
};

/** The parser's core rule set (the structure rules' definitions). */
export const { coreRuleset } = fromParser('./ruleset/ruleset') as { coreRuleset: { rules: Record<string, Record<string, unknown>> } };

type BetterAjvErrors = (schema: unknown, errors: ErrorObject[], options: { propertyPath: (string | number)[]; targetValue: unknown }) => { error: string; path: string; suggestion?: string }[];
const betterAjvErrorsModule = fromParser('@stoplight/better-ajv-errors') as BetterAjvErrors | { default: BetterAjvErrors };
/** Spectral's error wording (`schema` function). */
export const betterAjvErrors = typeof betterAjvErrorsModule === 'function' ? betterAjvErrorsModule : betterAjvErrorsModule.default;

/** The installed @asyncapi/specs version (the schemas' source). */
export const specsVersion = (fromParser('@asyncapi/specs/package.json') as { version: string }).version;

/** Every structure schema the parser can ask for: each AsyncAPI version it knows, resolved and not. */
export function structureSchemas(): { version: string; resolved: boolean; schema: StructureSchema }[] {
  const { AsyncAPIFormats } = fromParser('./ruleset/formats') as { AsyncAPIFormats: Map<string, unknown> };
  return [...AsyncAPIFormats].flatMap(([version, format]) => [true, false].map((resolved) => ({ version, resolved, schema: getSchema(new Set([format]), resolved)! })));
}
