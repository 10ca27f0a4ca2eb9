/**
 * The parser checks a document's schemas (payloads, components) against AsyncAPI's Schema Object
 * with an ajv it makes (with ajv-errors, whose keyword brings draft-07's meta-schema) and a
 * validator it compiles for the document's AsyncAPI version, on every run: ~60 ms of a cold run.
 * The build precompiles those validators (ajv standalone, with the parser's own ajv, options,
 * formats and keywords) and the parser bundle asks here first (parser-patches.ts); they are used
 * while the parser's ajv packages and @asyncapi/specs are the versions they were made with.
 */
import type { Ajv as AjvClass, Options, _ as codeTemplate } from 'ajv';
import { packageVersions } from '../../../core/bundle-loader.js';
import { formatsShim, PrecompiledFolder } from '../../../core/precompiled-folder.js';
import { fromParser } from '../parser-location.js';

type Validate = ((data: unknown) => boolean) & { errors?: unknown };

const formatsFile = 'parser-formats.cjs';

/** Versions a precompiled validator must match to be used. */
const toolVersions = () => packageVersions(fromParser, ['ajv', 'ajv-errors', 'ajv-formats', '@asyncapi/specs']);
const precompiled = new PrecompiledFolder(new URL('./precompiled-schema-objects/', import.meta.url), toolVersions);

/** An Ajv made as the parser's schema parser makes its own (asyncapi-schema-parser.js). */
function parserAjv(extra: Options = {}): AjvClass {
  const { default: Ajv } = fromParser('ajv') as { default: typeof AjvClass };
  const ajv = new Ajv({ allErrors: true, meta: true, messages: true, strict: false, allowUnionTypes: true, unicodeRegExp: false, ...extra });
  (fromParser('ajv-formats') as { default: (ajv: AjvClass) => void }).default(ajv);
  (fromParser('ajv-errors') as { default: (ajv: AjvClass) => void }).default(ajv);
  return ajv;
}

/** The schema the parser validates a version's Schema Objects with (its preparePayloadSchema). */
function schemaObjectSchema(version: string, specSchema: { definitions?: Record<string, unknown> }): Record<string, unknown> {
  // Without the meta-schemas: the parser's ajv has them already and takes no duplicate.
  const { 'http://json-schema.org/draft-07/schema': _draft07, 'http://json-schema.org/draft-04/schema': _draft04, ...definitions } = specSchema.definitions ?? {};
  return { $ref: `http://asyncapi.com/definitions/${version}/schema.json`, definitions };
}

/** Build step: writes every version's validator and the manifest; returns how many files. */
export function precompileSchemaObjectValidators(): number {
  const { _ } = fromParser('ajv') as { _: typeof codeTemplate };
  const standalone = (fromParser('ajv/dist/standalone') as { default: (ajv: AjvClass, validate: unknown) => string }).default;
  const specSchemas = (fromParser('@asyncapi/specs') as { schemas: Record<string, { definitions?: Record<string, unknown> }> }).schemas;
  return precompiled.write(
    Object.entries(specSchemas).map(([version, specSchema]) => {
      const schema = schemaObjectSchema(version, specSchema);
      return {
        key: version,
        id: JSON.stringify(schema),
        code: () => {
          const ajv = parserAjv({ code: { source: true, formats: _`require(${`./${formatsFile}`}).fullFormats` } });
          ajv.addSchema(schema, version);
          return standalone(ajv, ajv.getSchema(version));
        },
      };
    }),
    // The ajv-formats the parser's schema parser validates with (not necessarily sockgen's).
    { [formatsFile]: formatsShim(['@asyncapi/parser']) },
  );
}

/** The precompiled Schema Object validator of an AsyncAPI version, or undefined (the parser compiles its own). */
export function precompiledSchemaObjectValidator(version: string): Validate | undefined {
  return precompiled.load(version) as Validate | undefined;
}
