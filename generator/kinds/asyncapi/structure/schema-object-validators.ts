/**
 * The parser checks a document's schemas (payloads, components) against AsyncAPI's Schema Object
 * with an ajv it makes (with ajv-errors, whose keyword brings draft-07's meta-schema) and a
 * validator it compiles for the document's AsyncAPI version, on every run: ~60 ms of a cold run.
 * The build precompiles those validators (ajv standalone, with the parser's own ajv, options,
 * formats and keywords) and the parser bundle asks here first (parser-patches.ts); they are used
 * while the parser's ajv packages and @asyncapi/specs are the versions they were made with.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Ajv as AjvClass, Options, _ as codeTemplate } from 'ajv';
import { loadBundle } from '../../../core/bundle-loader.js';
import { fromParser } from '../parser-location.js';

type Validate = ((data: unknown) => boolean) & { errors?: unknown };

const folder = new URL('./precompiled-schema-objects/', import.meta.url);
const manifestFile = 'manifest.json';
const formatsShim = 'parser-formats.cjs';

interface Manifest {
  readonly tools: Record<string, string>;
  /** The file of each AsyncAPI version's validator. */
  readonly files: Record<string, string>;
}

/** Versions a precompiled validator must match to be used. */
function toolVersions(): Record<string, string> {
  const version = (name: string) => (fromParser(`${name}/package.json`) as { version: string }).version;
  return { ajv: version('ajv'), 'ajv-errors': version('ajv-errors'), 'ajv-formats': version('ajv-formats'), '@asyncapi/specs': version('@asyncapi/specs') };
}

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
  const path = fileURLToPath(folder);
  rmSync(path, { recursive: true, force: true });
  mkdirSync(path, { recursive: true });
  writeFileSync(
    `${path}/${formatsShim}`,
    [
      "'use strict';",
      "// The ajv-formats @asyncapi/parser's schema parser validates with (not necessarily sockgen's).",
      "const { createRequire } = require('node:module');",
      "module.exports = createRequire(require.resolve('@asyncapi/parser'))('ajv-formats/dist/formats');",
      '',
    ].join('\n'),
  );
  const { _ } = fromParser('ajv') as { _: typeof codeTemplate };
  const standalone = (fromParser('ajv/dist/standalone') as { default: (ajv: AjvClass, validate: unknown) => string }).default;
  const specSchemas = (fromParser('@asyncapi/specs') as { schemas: Record<string, { definitions?: Record<string, unknown> }> }).schemas;
  const files: Record<string, string> = {};
  for (const version of Object.keys(specSchemas).sort()) {
    const ajv = parserAjv({ code: { source: true, formats: _`require(${`./${formatsShim}`}).fullFormats` } });
    ajv.addSchema(schemaObjectSchema(version, specSchemas[version]!), version);
    const code = standalone(ajv, ajv.getSchema(version));
    const file = `${createHash('sha256').update(code).digest('hex').slice(0, 16)}.cjs`;
    if (!existsSync(`${path}/${file}`)) writeFileSync(`${path}/${file}`, code);
    files[version] = file;
  }
  const manifest: Manifest = { tools: toolVersions(), files };
  writeFileSync(`${path}/${manifestFile}`, JSON.stringify(manifest, null, 2) + '\n');
  return new Set(Object.values(files)).size;
}

let manifest: Manifest | null | undefined;
const loaded = new Map<string, Validate>();

/** The precompiled Schema Object validator of an AsyncAPI version, or undefined (the parser compiles its own). */
export function precompiledSchemaObjectValidator(version: string): Validate | undefined {
  const known = loaded.get(version);
  if (known) return known;
  manifest ??= readManifest();
  const file = manifest?.files[version];
  if (!file) return undefined;
  const validate = loadBundle(fileURLToPath(new URL(file, folder))) as Validate;
  loaded.set(version, validate);
  return validate;
}

function readManifest(): Manifest | null {
  const path = new URL(manifestFile, folder);
  if (!existsSync(path)) return null;
  try {
    const read = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
    return JSON.stringify(read.tools) === JSON.stringify(toolVersions()) ? read : null;
  } catch {
    return null;
  }
}
