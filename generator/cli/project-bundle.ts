/**
 * The project's TypeScript entry (generated/…/main.ts) and the local files it imports (generated
 * code, handlers/), bundled by esbuild into one cached ES module with a source map, so `serve`,
 * `connect` and `tunnel` import plain JavaScript: no TypeScript loader and no loader thread at
 * start-up (they were most of it). Packages stay external (imported from node_modules as before).
 *
 * The cache lives in `node_modules/.cache/sockgen/bundles/`: per entry, a manifest names every
 * file bundled with a hash of its content (and the tsconfig.json/package.json that steer the
 * transform); a start hashes those files and builds again when any differs, so an edited handler
 * is picked up by the next start. What a single bundle cannot run as the files did (a file outside
 * the project's package or inside node_modules, CommonJS, anything esbuild warns about) is left to
 * the TypeScript loader, as before: `undefined` from bundleProjectEntry.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cacheFolder } from '../core/cache-store.js';

/** esbuild's error for a file that does not compile or import: names file:line:col (exit 1). */
export class BundleError extends Error {}

/** Bumped when the bundle's shape changes, so older cache entries are not used. */
const formatVersion = 1;

/** What one start needs to know: the files bundled, their hashes, and the bundle (or "use tsx"). */
interface Manifest {
  readonly version: number;
  readonly entry: string;
  readonly inputs: readonly { readonly path: string; readonly hash: string }[];
  /** File name of the bundle in the same folder, or null when the files need the TypeScript loader. */
  readonly bundle: string | null;
  /** Each package the bundle imports, with the project files importing it (for a missing one). */
  readonly externals: Readonly<Record<string, readonly string[]>>;
}

/** A bundle to import, and which project files import each package it leaves external. */
export interface ProjectBundle {
  readonly file: string;
  readonly externals: Readonly<Record<string, readonly string[]>>;
}

const hashOf = (text: string | Uint8Array) => createHash('sha256').update(text).digest('hex');

function hashFile(path: string): string | undefined {
  try {
    return hashOf(readFileSync(path));
  } catch {
    return undefined;
  }
}

/** The tsconfig.json nearest to the entry (esbuild's transform follows it) and the package.json. */
function steeringFiles(entry: string, packageRoot: string): string[] {
  const files = [join(packageRoot, 'package.json')];
  for (let current = dirname(entry); ; current = dirname(current)) {
    if (existsSync(join(current, 'tsconfig.json'))) {
      files.push(join(current, 'tsconfig.json'));
      break;
    }
    if (current === packageRoot || dirname(current) === current) break;
  }
  return files;
}

/** The manifest of `entry` when every file it names still has the content it was built from. */
function freshManifest(path: string, entry: string, folder: string): Manifest | undefined {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
  if (manifest.version !== formatVersion || manifest.entry !== entry || !Array.isArray(manifest.inputs) || typeof manifest.externals !== 'object') return undefined;
  if (manifest.bundle !== null && !existsSync(join(folder, manifest.bundle))) return undefined;
  return manifest.inputs.every((input) => hashFile(input.path) === input.hash) ? manifest : undefined;
}

/** Writes `text` to `path` through a temporary name: a concurrent start reads all of it or none. */
function writeWhole(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/**
 * `import.meta` of a bundled file would be the bundle's: generated code finds its scripts and
 * templates through `new URL('…', import.meta.url)`. Each file's `import.meta` becomes a call of a
 * function declared at its end with the file's own URL (same length, so lines and columns of the
 * source map stay right; esbuild renames the functions apart).
 */
function ownImportMeta(source: string, file: string): string {
  if (!/\bimport\.meta\b/.test(source)) return source;
  const url = pathToFileURL(file).href;
  const meta = [
    `url: ${JSON.stringify(url)}`,
    `filename: ${JSON.stringify(file)}`,
    `dirname: ${JSON.stringify(dirname(file))}`,
    // Relative specifiers against the file; bare ones resolve the same from the bundle's folder.
    `resolve: (specifier) => /^\\.{0,2}\\//.test(specifier) ? new URL(specifier, ${JSON.stringify(url)}).href : import.meta.resolve(specifier)`,
  ].join(', ');
  return `${source.replace(/\bimport\.meta\b/g, '__sgmeta() ')}\n;function __sgmeta() { return { ${meta} }; }\n`;
}

/** A file a bundle would run differently from the TypeScript loader: leave it to the loader. */
function needsLoader(path: string, packageRoot: string): boolean {
  const inside = relative(packageRoot, path);
  return inside.startsWith('..') || isAbsolute(inside) || path.split(sep).includes('node_modules') || /\.c[jt]s$/.test(path);
}

/** The `name` of the package.json at `packageRoot`, if any. */
function packageName(packageRoot: string): string | undefined {
  try {
    const name = (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { name?: unknown }).name;
    return typeof name === 'string' && name !== '' ? name : undefined;
  } catch {
    return undefined;
  }
}

/** Builds the bundle of `entry`; returns its manifest (bundle null when the loader must run it). */
async function build(entry: string, packageRoot: string, folder: string): Promise<Manifest> {
  const esbuild = await import('esbuild');
  const key = hashOf(entry).slice(0, 16);
  const outfile = join(folder, `${key}.mjs`);
  // A bundle in node_modules/.cache is outside the project's package: an import of the package
  // by its own name (self-reference through "exports") would not resolve from there.
  const ownName = packageName(packageRoot);
  let selfReference = false;
  const ownMeta: import('esbuild').Plugin = {
    name: 'sockgen-import-meta',
    setup(context) {
      context.onResolve({ filter: /^[^./]/ }, (args) => {
        if (ownName !== undefined && (args.path === ownName || args.path.startsWith(`${ownName}/`))) selfReference = true;
        return undefined;
      });
      context.onLoad({ filter: /\.[mc]?[jt]sx?$/ }, (args) => {
        if (args.path.split(sep).includes('node_modules')) return undefined;
        const loader = /\.[mc]?tsx?$/.test(args.path) ? (args.path.endsWith('x') ? 'tsx' : 'ts') : args.path.endsWith('x') ? 'jsx' : 'js';
        return { contents: ownImportMeta(readFileSync(args.path, 'utf8'), args.path), loader };
      });
    },
  };
  let result;
  try {
    result = await esbuild.build({
      entryPoints: [entry],
      absWorkingDir: packageRoot,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: `node${process.versions.node}`,
      packages: 'external',
      outfile,
      write: false,
      metafile: true,
      sourcemap: 'linked',
      sourcesContent: false,
      logLevel: 'silent',
      plugins: [ownMeta],
    });
  } catch (error) {
    const errors = (error as { errors?: import('esbuild').Message[] }).errors;
    if (!Array.isArray(errors) || errors.length === 0) throw error;
    throw new BundleError(
      errors
        .slice(0, 3)
        .map((message) => (message.location ? `${message.location.file}:${message.location.line}:${message.location.column}: ERROR: ${message.text}` : `ERROR: ${message.text}`))
        .join('; '),
    );
  }
  const bundled = Object.keys(result.metafile.inputs).map((path) => resolve(packageRoot, path));
  const externals: Record<string, string[]> = {};
  for (const [path, input] of Object.entries(result.metafile.inputs)) {
    for (const imported of input.imports) if (imported.external) (externals[imported.path] ??= []).push(path);
  }
  const inputs = [...bundled, ...steeringFiles(entry, packageRoot)].map((path) => ({ path, hash: hashFile(path) ?? '' }));
  const loaderOnly = selfReference || result.warnings.length > 0 || bundled.some((path) => needsLoader(path, packageRoot));
  let bundle: string | null = null;
  if (!loaderOnly) {
    // Named by content: a start still importing the previous bundle is not disturbed.
    const code = result.outputFiles.find((file) => file.path === outfile)!;
    const map = result.outputFiles.find((file) => file.path === `${outfile}.map`)!;
    const name = `${key}-${hashOf(code.contents).slice(0, 16)}.mjs`;
    try {
      mkdirSync(folder, { recursive: true });
      writeWhole(join(folder, `${name}.map`), map.text);
      writeWhole(join(folder, name), code.text.replace(/\/\/# sourceMappingURL=\S+\s*$/, `//# sourceMappingURL=${name}.map\n`));
      bundle = name;
    } catch {
      // A cache folder that cannot be written (read-only disk): the loader runs the files.
    }
  }
  return { version: formatVersion, entry, inputs, bundle, externals };
}

/**
 * The path of an up-to-date bundle of the project's TypeScript `entry` (in the package at
 * `packageRoot`), building it when a file changed; undefined when the files are to be run by the
 * TypeScript loader instead (no node_modules to cache in, or a bundle could not run them as they
 * are). Throws BundleError when the project's code does not compile or a local import is missing.
 */
export async function bundleProjectEntry(entry: string, packageRoot: string): Promise<ProjectBundle | undefined> {
  const cache = cacheFolder(packageRoot);
  if (cache === undefined) return undefined;
  const folder = join(cache, 'bundles');
  const manifestPath = join(folder, `${hashOf(entry).slice(0, 16)}.json`);
  const cached = freshManifest(manifestPath, entry, folder);
  if (cached) return cached.bundle === null ? undefined : { file: join(folder, cached.bundle), externals: cached.externals };
  const previous = (() => {
    try {
      return (JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest).bundle;
    } catch {
      return null;
    }
  })();
  const manifest = await build(entry, packageRoot, folder);
  try {
    mkdirSync(folder, { recursive: true });
    writeWhole(manifestPath, JSON.stringify(manifest, null, 1));
    if (previous && previous !== manifest.bundle) for (const stale of [previous, `${previous}.map`]) rmSync(join(folder, stale), { force: true });
  } catch {
    // A cache that cannot be written only costs the next start a build.
  }
  return manifest.bundle === null ? undefined : { file: join(folder, manifest.bundle), externals: manifest.externals };
}

/**
 * Node's "Cannot find package 'x' imported from <bundle>" names the bundle, which the user never
 * wrote: the message names the project files that import the package instead.
 */
export function blameImporters(message: string, bundle: ProjectBundle): string {
  const missing = /Cannot find (?:package|module) '([^']+)'/.exec(message)?.[1];
  if (missing === undefined) return message;
  const importers = Object.entries(bundle.externals)
    .filter(([specifier]) => specifier === missing || specifier.startsWith(`${missing}/`) || missing.endsWith(`/node_modules/${specifier}`))
    .flatMap(([, files]) => files);
  return importers.length === 0 ? message : message.split(bundle.file).join([...new Set(importers)].sort().join(', '));
}
