/**
 * Build step: the modules of @asyncapi/parser (and of the Spectral it runs on) whose code the
 * parser bundle replaces (parser-modules.ts, `bundleParser`). Each one is made from the installed
 * module itself, and the build stops bundling (the CLI then requires the parser from node_modules)
 * when a module no longer has the shape its patch expects. None changes what the parser reports
 * or returns for sockgen's inputs: test/asyncapi/parser-bundle.test.ts parses every corpus
 * document with the bundle and with the parser in node_modules and compares both.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Replacement } from '../../core/bundle-build.js';

type Resolve = (request: string) => string;

/**
 * The file of a package's module, found from the package's main: packages with an `exports` map
 * (Spectral's) refuse to resolve their internal modules by name.
 */
function moduleFile(resolve: Resolve, request: string): string {
  const [scope, name, ...rest] = request.split('/');
  const main = resolve(`${scope}/${name}`);
  const marker = `node_modules/${scope}/${name}/`;
  const at = main.replace(/\\/g, '/').lastIndexOf(marker);
  if (at < 0) throw new Error(`${scope}/${name} is not installed in a node_modules folder`);
  return join(main.slice(0, at + marker.length), ...rest) + '.js';
}

/**
 * The replacement of the module at `request`: its code with each `[text, replacement]` applied
 * once and `appended` lines added; throws when a text is not there exactly once.
 */
function patched(resolve: Resolve, request: string, edits: readonly (readonly [string, string])[], appended: readonly string[]): Replacement {
  let code = readFileSync(moduleFile(resolve, request), 'utf8');
  for (const [text, replacement] of edits) {
    const at = code.indexOf(text);
    if (at < 0 || code.indexOf(text, at + 1) >= 0) throw new Error(`${request} no longer has the shape its patch is made from (${JSON.stringify(text.slice(0, 60))})`);
    code = code.slice(0, at) + replacement + code.slice(at + text.length);
  }
  return { path: modulePath(request), contents: `${code}\n${appended.join('\n')}\n` };
}

/** A module's path as esbuild resolves it, as the filter of its replacement. */
function modulePath(request: string): RegExp {
  const escaped = request.split('/').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`${escaped.join('[\\\\/]')}\\.js$`);
}

/**
 * Spectral's rule-set meta-schema validator, compiled in every process (85 ms of each run's 90 ms
 * `new Parser`), here one that accepts. It tells a rule set's author what is wrong; the only rule
 * sets this bundle's Parser gets are sockgen's own (the parser's core rules with parse.ts's
 * severities and structure rules; mock's defaults), fixed when the package is built, and those
 * same sets still pass it from the sources, where the parser in node_modules runs
 * (test/asyncapi/structure-rule.test.ts builds them there). Spectral's other checks of a rule set
 * (its shape, each rule's definition) stay.
 */
const metaSchemaValidator: Replacement = {
  path: modulePath('@stoplight/spectral-core/dist/ruleset/validation/ajv'),
  contents: 'exports.createValidator = () => () => true;\n',
};

/** The folder beside the parser bundle that holds @asyncapi/specs' schemas (lazySpecsIndex). */
export const specsFolder = 'asyncapi-specs';

const specsEntry = /^(\s*)('[^']+'): require\('\.\/schemas\/([^'\/]+\.json)'\),$/gm;

/**
 * @asyncapi/specs' index, with each version's JSON Schema read from a copy beside the bundle
 * (`specsFolder`, written by `copySpecs`) when it is first asked for. In the bundle, all eighteen
 * were 3.4 MB of its 5.2 MB of code, read by every run that parses AsyncAPI, which uses one or
 * two. Made from the installed index itself, so a version it adds is there too; each schema is
 * one object, however often it is asked for, as `require` gave it.
 */
function lazySpecsIndex(resolve: Resolve): Replacement {
  const index = readFileSync(resolve('@asyncapi/specs'), 'utf8');
  const entries = [...index.matchAll(specsEntry)];
  const all = [...index.matchAll(/^\s*'[^']+': require\(/gm)];
  if (entries.length === 0 || entries.length !== all.length || !/^module\.exports = \{$/m.test(index)) throw new Error('@asyncapi/specs/index.js no longer has the shape its lazy form is made from');
  const reader = [
    "const { readFileSync } = require('node:fs');",
    "const { join } = require('node:path');",
    'const read = new Map();',
    `const schema = (name) => { if (!read.has(name)) read.set(name, JSON.parse(readFileSync(join(__dirname, ${JSON.stringify(specsFolder)}, name), 'utf8'))); return read.get(name); };`,
  ];
  return { path: modulePath('@asyncapi/specs/index'), contents: `${reader.join('\n')}\n${index.replace(specsEntry, '$1get [$2]() { return schema(\'$3\'); },')}` };
}

/** Build step: copies the schemas the index names into `specsFolder` of the bundle's `folder`. */
export function copySpecs(resolve: Resolve, folder: string): void {
  const index = resolve('@asyncapi/specs');
  mkdirSync(join(folder, specsFolder), { recursive: true });
  for (const [, , , name] of readFileSync(index, 'utf8').matchAll(specsEntry)) copyFileSync(join(dirname(index), 'schemas', name!), join(folder, specsFolder, name!));
}

/**
 * Spectral makes an ajv instance (with ajv-errors' and ajv-formats' keywords) and compiles the
 * input and options schemas of every rule function when the functions are defined: ~40 of them,
 * 90 ms at each load or first run of the parser. The options schemas check a rule set's author's
 * `functionOptions`, like the meta-schema above: here they accept, for the same reason. An input
 * schema decides whether a function looks at a value at all, so it stays, made (with the ajv
 * instance) on the function's first call; its `errors` are read after a call, as before. Those
 * schemas are the parser's own, not checked against the meta-schema again (whose compilation
 * was a third of the instance's cost); from node_modules they still are, in every test. The build
 * precompiles them too (structure/function-input-validators.ts): a schema found there is not compiled.
 */
function lazyFunctionSchemas(resolve: Resolve): Replacement {
  return patched(
    resolve,
    '@stoplight/spectral-core/dist/ruleset/function',
    [
      [
        "const ajv = new ajv_1.default({ allErrors: true, allowUnionTypes: true, strict: true, keywords: ['x-internal'] });\n(0, ajv_errors_1.default)(ajv);\n(0, ajv_formats_1.default)(ajv);\n",
        "let ajv;\nfunction functionsAjv() {\n    if (ajv === undefined) {\n        ajv = new ajv_1.default({ allErrors: true, allowUnionTypes: true, strict: true, keywords: ['x-internal'], validateSchema: false });\n        (0, ajv_errors_1.default)(ajv);\n        (0, ajv_formats_1.default)(ajv);\n    }\n    return ajv;\n}\n",
      ],
      ['options === null ? DEFAULT_OPTIONS_VALIDATOR : ajv.compile(options)', 'options === null ? DEFAULT_OPTIONS_VALIDATOR : () => true'],
      ['input !== null ? ajv.compile(input) : input', 'input !== null ? compiledOnFirstUse(input) : input'],
    ],
    [
      'function compiledOnFirstUse(schema) {',
      '    let compiled;',
      '    const validate = function (data) {',
      '        compiled !== null && compiled !== void 0 ? compiled : (compiled = (precompiledInput === null || precompiledInput === void 0 ? void 0 : precompiledInput(schema)) || functionsAjv().compile(schema));',
      '        const valid = compiled(data);',
      '        validate.errors = compiled.errors;',
      '        return valid;',
      '    };',
      '    return validate;',
      '}',
      'let precompiledInput;',
      '// Reached through the package\'s exported `ruleset` entry, which re-exports this function.',
      'createRulesetFunction.usePrecompiledInputs = (lookup) => {',
      '    precompiledInput = lookup;',
      '};',
    ],
  );
}

/**
 * The parser turns a document given as data into JSON text and parses that again as YAML, with
 * source positions, for Spectral (80 ms on a 150 KB document). sockgen always gives data (parse.ts)
 * and places the parser's findings on its own file's positions (a JSON-text position would be
 * wrong anyway), so for data the text is read back with JSON.parse and positions are left out.
 * A document given as text (`sockgen mock`) is parsed as YAML with positions, as before.
 */
function dataWithoutPositions(resolve: Resolve): Replacement {
  return patched(
    resolve,
    '@asyncapi/parser/cjs/validate',
    [['new spectral_core_1.Document(stringifiedDocument, spectral_parsers_1.Yaml, options.source)', 'new spectral_core_1.Document(stringifiedDocument, typeof asyncapi === "string" ? spectral_parsers_1.Yaml : jsonWithoutPositions, options.source)']],
    [
      'const jsonWithoutPositions = {',
      '    parse: (input) => ({ data: JSON.parse(input), diagnostics: [], ast: undefined, lineMap: undefined, comments: {} }),',
      '    getLocationForJsonPath: () => undefined,',
      '    trapAccess: (target) => target,',
      '};',
    ],
  );
}

/**
 * Traits are applied by seven (2.x) or eleven (3.x) JSONPath queries over the whole resolved
 * document, 60 ms on a 200-channel one, even when it has no traits at all. Here a walk that stops
 * at the first `traits` key decides whether they run; when one is found they run as before.
 */
function traitsOnlyWhenPresent(resolve: Resolve): Replacement {
  return patched(
    resolve,
    '@asyncapi/parser/cjs/custom-operations/apply-traits',
    [
      ['function applyAllTraitsV2(asyncapi, paths) {', 'function applyAllTraitsV2(asyncapi, paths) {\n    if (!hasTraitsKey(asyncapi, new Set()))\n        return;'],
      ['function applyAllTraitsV3(asyncapi, paths) {', 'function applyAllTraitsV3(asyncapi, paths) {\n    if (!hasTraitsKey(asyncapi, new Set()))\n        return;'],
    ],
    [
      // Resolved documents can be circular: each object is looked at once.
      'function hasTraitsKey(value, seen) {',
      '    if (value === null || typeof value !== "object" || seen.has(value))',
      '        return false;',
      '    seen.add(value);',
      '    if (!Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, "traits"))',
      '        return true;',
      '    for (const key in value)',
      '        if (hasTraitsKey(value[key], seen))',
      '            return true;',
      '    return false;',
      '}',
    ],
  );
}

/**
 * The schema parser compiles AsyncAPI's Schema Object validator of a document's version in every
 * process, with an ajv whose ajv-errors keyword compiles draft-07's meta-schema first (~60 ms).
 * Here it asks sockgen for the build's precompiled validator first
 * (structure/schema-object-validators.ts) and compiles its own only when there is none.
 */
function precompiledSchemaValidators(resolve: Resolve): Replacement {
  return patched(
    resolve,
    '@asyncapi/parser/cjs/schema-parser/asyncapi-schema-parser',
    [['function getSchemaValidator(version) {\n    const ajv = getAjvInstance();', 'function getSchemaValidator(version) {\n    const precompiled = precompiledValidator === null || precompiledValidator === void 0 ? void 0 : precompiledValidator(version);\n    if (precompiled)\n        return precompiled;\n    const ajv = getAjvInstance();']],
    ['let precompiledValidator;', 'exports.usePrecompiledSchemaValidators = (lookup) => {', '    precompiledValidator = lookup;', '};'],
  );
}

/**
 * node-fetch (with whatwg-url and its Unicode tables, ~30 ms to load) required when a reference
 * is first fetched over http(s), not when the parser loads: only a run that allows remote
 * references (`allowRemoteRefs`) fetches one. Both modules call only its default export.
 */
function fetchOnFirstUse(resolve: Resolve, request: string, required: string): Replacement {
  return patched(resolve, request, [[required, 'const node_fetch_1 = { get default() { return require("node-fetch"); } };']], []);
}

/**
 * The parser lists the AsyncAPI versions it knows with `Object.entries` of @asyncapi/specs'
 * schemas and uses only the keys: with the lazy index (lazySpecsIndex) that read and parsed every
 * version's JSON Schema, 1.3 MB and ~45 ms, in each run that parses a document. Here the keys
 * alone, in the same order.
 */
function versionsWithoutSchemas(resolve: Resolve): Replacement {
  return patched(resolve, '@asyncapi/parser/cjs/ruleset/formats', [['Object.entries(specs_1.schemas).reverse().map(([version]) =>', 'Object.keys(specs_1.schemas).reverse().map((version) =>']], []);
}

/** Every replacement of the parser bundle, made from the modules installed beside the parser. */
export function parserReplacements(resolve: Resolve): Replacement[] {
  return [
    metaSchemaValidator,
    lazySpecsIndex(resolve),
    versionsWithoutSchemas(resolve),
    lazyFunctionSchemas(resolve),
    dataWithoutPositions(resolve),
    traitsOnlyWhenPresent(resolve),
    precompiledSchemaValidators(resolve),
    fetchOnFirstUse(resolve, '@stoplight/json-ref-readers/http', 'const node_fetch_1 = require("node-fetch");'),
    fetchOnFirstUse(resolve, '@stoplight/spectral-runtime/dist/fetch', 'const node_fetch_1 = (0, tslib_1.__importDefault)(require("node-fetch"));'),
  ];
}
