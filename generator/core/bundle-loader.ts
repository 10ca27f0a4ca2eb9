/**
 * Loads a CommonJS bundle the build made (bundle-build.ts) with V8's cache of its compiled code
 * beside it, as Python keeps `__pycache__` beside a module: a package of hundreds of modules
 * (the AsyncAPI parser, the TypeScript checker) then loads from one file without being compiled
 * again. The cache is made by the first run that finds none for this V8 version, after its work,
 * so it holds the functions that work compiled too, not only the top level.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

/** What the build writes beside a bundle (bundle-build.ts). */
export interface BundleManifest {
  /** The version of the package bundled: the bundle is used only while that one is installed. */
  readonly version: string;
  readonly esbuild: string;
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

/** Bundles loaded by this process without a usable cache of their code. */
const uncached = new Map<string, Script>();

const loaded = new Map<string, unknown>();

/** The bundle's exports (it must exist); a bundle is run once per process, as `require` would. */
export function loadBundle(file: string): unknown {
  if (!loaded.has(file)) loaded.set(file, runBundle(file));
  return loaded.get(file);
}

function runBundle(file: string): unknown {
  // One cache per V8 version: a cache made by another is rejected, so each keeps its own.
  const cacheFile = cachePath(file);
  const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`, { filename: file, ...(cachedData ? { cachedData } : {}) });
  if (!cachedData || script.cachedDataRejected) uncached.set(file, script);
  const module = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}

/** Stores the compiled code of the bundles this process loaded without a cache (once each). */
export function rememberCompiledBundles(): void {
  for (const [file, script] of uncached) {
    uncached.delete(file);
    const temporary = `${cachePath(file)}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, cachePath(file));
    } catch {
      // A read-only install keeps compiling the bundle, as it would the separate modules.
    }
  }
}

const cachePath = (file: string): string => `${file}.${process.versions.v8}.cache`;
