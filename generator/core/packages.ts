/**
 * The npm packages every cold run executes (yaml, handlebars, ajv with its formats and standalone
 * code, jsonc-parser). The compiled CLI takes them from one bundle the build made, loaded with V8's
 * cache of its compiled code (bundle-loader.ts): loading them and compiling the functions a run
 * calls was a tenth of a cold run. From the sources they are required from node_modules. All of
 * ajv's parts come from one copy: its standalone code generation checks its own classes.
 */
import { createRequire } from 'node:module';
import { loadPackageBundle } from './bundle-loader.js';

interface Packages {
  readonly yaml: typeof import('yaml');
  readonly handlebars: typeof import('handlebars');
  readonly ajv: typeof import('ajv');
  readonly ajvFormats: { default: typeof import('ajv-formats').default };
  readonly ajvFormatList: typeof import('ajv-formats/dist/formats.js');
  readonly ajvStandalone: { default: typeof import('ajv/dist/standalone/index.js').default };
  readonly jsonc: typeof import('jsonc-parser');
}

/** What the bundle's entry requires, by the name it exports. */
const modules: Readonly<Record<keyof Packages, string>> = {
  yaml: 'yaml',
  handlebars: 'handlebars',
  ajv: 'ajv',
  ajvFormats: 'ajv-formats',
  ajvFormatList: 'ajv-formats/dist/formats',
  ajvStandalone: 'ajv/dist/standalone',
  jsonc: 'jsonc-parser',
};

const bundleFolder = new URL('../packages-bundle/', import.meta.url);
const fromHere = createRequire(import.meta.url);

/** The installed versions of the bundled packages: the bundle is used only while they are the ones it holds. */
function installedVersions(): string {
  return ['yaml', 'handlebars', 'ajv', 'ajv-formats', 'jsonc-parser']
    .map((name) => `${name}@${(fromHere(`${name}/package.json`) as { version: string }).version}`)
    .join(' ');
}

function load(): Packages {
  const bundled = loadPackageBundle(bundleFolder, installedVersions(), import.meta.url.endsWith('.js')) as Packages | undefined;
  return bundled ?? (Object.fromEntries(Object.entries(modules).map(([name, path]) => [name, fromHere(path)])) as unknown as Packages);
}

export const packages: Packages = load();

const typesFolder = new URL('../schema-types-bundle/', import.meta.url);
const typesVersion = (): string => `json-schema-to-typescript@${(fromHere('json-schema-to-typescript/package.json') as { version: string }).version}`;
let typesCompiler: typeof import('json-schema-to-typescript') | undefined;

/**
 * json-schema-to-typescript, loaded on first use (only projects with schemas need it), from its own
 * bundle when compiled. prettier is left out of that bundle: sockgen calls it with `format: false`,
 * and loading prettier was half of loading it.
 */
export function schemaTypesCompiler(): typeof import('json-schema-to-typescript') {
  typesCompiler ??=
    (loadPackageBundle(typesFolder, typesVersion(), import.meta.url.endsWith('.js')) as { compiler: typeof import('json-schema-to-typescript') } | undefined)?.compiler ??
    (fromHere('json-schema-to-typescript') as typeof import('json-schema-to-typescript'));
  return typesCompiler;
}

/** Build step (`npm run build`): writes both bundles; returns their size in bytes. */
export async function bundlePackages(): Promise<number> {
  const { writePackageBundle } = await import('./bundle-build.js');
  const withoutPrettier = {
    path: /[\\/]node_modules[\\/]prettier[\\/]/,
    contents: "exports.format = () => { throw new Error('prettier is not in this bundle: json-schema-to-typescript runs with format: false'); };\n",
  };
  const here = new URL('.', import.meta.url);
  return (await writePackageBundle(bundleFolder, modules, here, installedVersions())) + (await writePackageBundle(typesFolder, { compiler: 'json-schema-to-typescript' }, here, typesVersion(), [withoutPrettier]));
}
