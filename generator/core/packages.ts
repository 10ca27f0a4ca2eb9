/**
 * The npm packages every cold run executes (yaml and js-yaml, handlebars, ajv with its formats and standalone
 * code, jsonc-parser). The compiled CLI takes them from one bundle the build made, loaded with V8's
 * cache of its compiled code (bundle-loader.ts): loading them and compiling the functions a run
 * calls was a tenth of a cold run. From the sources they are required from node_modules. All of
 * ajv's parts come from one copy: its standalone code generation checks its own classes.
 */
import { fileURLToPath } from 'node:url';
import { requirePackages, type PackageBundle } from './bundle-loader.js';

interface Packages {
  readonly yaml: typeof import('yaml');
  readonly jsYaml: typeof import('js-yaml');
  readonly handlebars: typeof import('handlebars');
  readonly ajv: typeof import('ajv');
  readonly ajvFormats: { default: typeof import('ajv-formats').default };
  readonly ajvFormatList: typeof import('ajv-formats/dist/formats.js');
  readonly ajvStandalone: { default: typeof import('ajv/dist/standalone/index.js').default };
  readonly jsonc: typeof import('jsonc-parser');
}

const here = fileURLToPath(import.meta.url);

const everyRun: PackageBundle = {
  folder: new URL('../packages-bundle/', import.meta.url),
  modules: {
    yaml: 'yaml',
    jsYaml: 'js-yaml',
    handlebars: 'handlebars',
    ajv: 'ajv',
    ajvFormats: 'ajv-formats',
    ajvFormatList: 'ajv-formats/dist/formats',
    ajvStandalone: 'ajv/dist/standalone',
    jsonc: 'jsonc-parser',
  } satisfies Record<keyof Packages, string>,
  from: here,
  versioned: ['yaml', 'js-yaml', 'handlebars', 'ajv', 'ajv-formats', 'jsonc-parser'],
};

export const packages = requirePackages(everyRun) as unknown as Packages;

const schemaTypes: PackageBundle = {
  folder: new URL('../schema-types-bundle/', import.meta.url),
  modules: { compiler: 'json-schema-to-typescript' },
  from: here,
  versioned: ['json-schema-to-typescript'],
};
let typesCompiler: typeof import('json-schema-to-typescript') | undefined;

/**
 * json-schema-to-typescript, loaded on first use (only projects with schemas need it), from its own
 * bundle when compiled. prettier is left out of that bundle: sockgen calls it with `format: false`,
 * and loading prettier was half of loading it.
 */
export function schemaTypesCompiler(): typeof import('json-schema-to-typescript') {
  typesCompiler ??= requirePackages(schemaTypes).compiler as typeof import('json-schema-to-typescript');
  return typesCompiler;
}

/** Build step (`npm run build`): writes both bundles; returns their size in bytes. */
export async function bundlePackages(): Promise<number> {
  const { writePackageBundle } = await import('./bundle-build.js');
  const withoutPrettier = {
    path: /[\\/]node_modules[\\/]prettier[\\/]/,
    contents: "exports.format = () => { throw new Error('prettier is not in this bundle: json-schema-to-typescript runs with format: false'); };\n",
  };
  return (await writePackageBundle(everyRun)) + (await writePackageBundle(schemaTypes, [withoutPrettier]));
}
