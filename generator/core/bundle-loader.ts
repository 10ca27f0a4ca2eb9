/**
 * Loads a CommonJS bundle the build made (bundle-build.ts) with V8's cache of its compiled code
 * beside it, as Python keeps `__pycache__` beside a module: a package of hundreds of modules
 * (the AsyncAPI parser, the TypeScript checker) then loads from one file without being compiled
 * again. The cache is made by the first run that finds none for this V8 version, after its work,
 * so it holds the functions that work compiled too, not only the top level.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { derivedFilePlaces, storeCompiledCode, type CachePlace } from './compiled-code-cache.js';

/**
 * True in the compiled CLI (dist/, built from these very sources). From the TypeScript sources
 * (tests, a checkout edited since its build) the build's products may be older than the code.
 */
export const runsCompiled = import.meta.url.endsWith('.js');

/** Some packages' modules, bundled by the build (bundle-build.ts) and loaded back here. */
export interface PackageBundle {
  /** Its folder in dist/, beside the module that uses it. */
  readonly folder: URL;
  /** What it exports: `name`, `require(path)` on first use, for each. */
  readonly modules: Readonly<Record<string, string>>;
  /** The module the paths are resolved from (an absolute file path), as `require` would there. */
  readonly from: string;
  /** The packages whose installed versions it must have been made from to be used. */
  readonly versioned: readonly string[];
}

/** What the build writes beside a bundle (bundle-build.ts). */
export interface BundleManifest {
  /** The installed versions it was made from (`installedVersions`): used only while they are installed. */
  readonly version: string;
  readonly esbuild: string;
}

/** `name@version` of each of the bundle's `versioned` packages, as installed now. */
export function installedVersions(bundle: PackageBundle): string {
  return Object.entries(packageVersions(createRequire(bundle.from), bundle.versioned))
    .map(([name, version]) => `${name}@${version}`)
    .join(' ');
}

/** The installed version of each package in `names`, as `requireFrom` resolves it, in that order. */
export function packageVersions(requireFrom: NodeJS.Require, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, (requireFrom(`${name}/package.json`) as { version: string }).version]));
}

/**
 * The bundle's modules by name: from the bundle in the compiled CLI when it was made from the
 * installed versions, else each required from node_modules.
 */
export function requirePackages(bundle: PackageBundle): Record<string, unknown> {
  const bundled = loadPackageBundle(bundle.folder, installedVersions(bundle), runsCompiled) as Record<string, unknown> | undefined;
  if (bundled) return bundled;
  // Required on first use, as the bundle's getters do.
  const from = createRequire(bundle.from);
  const modules: Record<string, unknown> = {};
  for (const [name, path] of Object.entries(bundle.modules)) Object.defineProperty(modules, name, { get: () => from(path), enumerable: true });
  return modules;
}

export const bundleFile = 'bundle.cjs';
export const bundleManifest = 'manifest.json';

/**
 * The exports of the bundle in `folder`; undefined when running from the TypeScript sources
 * (`compiled` false: the build may be older than them), when there is none (a build without
 * esbuild) or when it was made from another version of the package than `installedVersion`.
 */
export function loadPackageBundle(folder: URL, installedVersion: string, compiled: boolean): unknown {
  if (!compiled) return undefined;
  const file = fileURLToPath(new URL(bundleFile, folder));
  try {
    const manifest = JSON.parse(readFileSync(new URL(bundleManifest, folder), 'utf8')) as BundleManifest;
    if (manifest.version !== installedVersion || !existsSync(file)) return undefined;
  } catch {
    return undefined;
  }
  return loadBundle(file);
}

/** Bundles loaded by this process without a usable cache of their code, and where to keep it. */
const uncached = new Map<string, { script: Script; caches: readonly CachePlace[] }>();

const loaded = new Map<string, unknown>();

/** The bundle's exports (it must exist); a bundle is run once per process, as `require` would. */
export function loadBundle(file: string): unknown {
  if (!loaded.has(file)) loaded.set(file, runBundle(file));
  return loaded.get(file);
}

/**
 * How a CommonJS module's code is wrapped to be run with its own `require` and `module`. The
 * build writes its modules wrapped already (loadable-module.ts): V8 then compiles the file's text
 * as it was read, not a copy joined to the wrapper (14 MB for the TypeScript checker).
 */
export const moduleWrapper = { head: '(function (exports, require, module, __filename, __dirname) {', tail: '\n})' } as const;
const wrapperHead = Buffer.from(moduleWrapper.head);

function runBundle(file: string): unknown {
  const caches = derivedFilePlaces(file, statSync(file));
  const cacheFile = caches.map((place) => place.path).find((path) => existsSync(path));
  const cachedData = cacheFile ? readFileSync(cacheFile) : undefined;
  const source = sourceText(readFileSync(file));
  const script = new Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) });
  if (!cachedData || script.cachedDataRejected) uncached.set(file, { script, caches });
  const module = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}

/**
 * A module file's text, wrapped. The build writes its modules wrapped and in ASCII
 * (loadable-module.ts): read as Latin-1, Node hands V8 the bytes as they are, where UTF-8 would be
 * decoded, and a single non-ASCII character would make the whole string two bytes a character.
 * Other text (a module the build could not write in ASCII) is read as UTF-8 and wrapped here.
 */
function sourceText(bytes: Buffer): string {
  if (bytes.subarray(0, wrapperHead.length).equals(wrapperHead)) return bytes.toString('latin1');
  return moduleWrapper.head + bytes.toString('utf8') + moduleWrapper.tail;
}

/** Stores the compiled code of the bundles this process loaded without a cache (once each). */
export function rememberCompiledBundles(): void {
  for (const [file, { script, caches }] of uncached) {
    uncached.delete(file);
    storeCompiledCode(caches, script.createCachedData());
  }
}
