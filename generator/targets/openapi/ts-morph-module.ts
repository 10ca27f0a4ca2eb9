/**
 * ts-morph (and the TypeScript compiler inside it), loaded for the handler type checker. The
 * compiled CLI takes it from the bundle the build made (core/bundle-loader.ts): the compiler is
 * 9 MB of JavaScript, compiled again by every process that requires it, and the cache of its
 * compiled code cuts most of that. From the sources it is required from node_modules.
 */
import { fileURLToPath } from 'node:url';
import type * as TsMorph from 'ts-morph';
import { requirePackages, type PackageBundle } from '../../core/bundle-loader.js';

const bundle: PackageBundle = { folder: new URL('./ts-morph-bundle/', import.meta.url), modules: { tsMorph: 'ts-morph' }, from: fileURLToPath(import.meta.url), versioned: ['ts-morph'] };

/**
 * ts-morph, required: an ESM import of this CommonJS package first scans its source for export
 * names (cjs-module-lexer), which cost the checker's worker thread ~0.3 s of its start.
 */
export function loadTsMorph(): typeof TsMorph {
  return requirePackages(bundle).tsMorph as typeof TsMorph;
}

/** Build step (`npm run build`): writes the bundle; returns its size in bytes. */
export async function bundleTsMorph(): Promise<number> {
  const { writePackageBundle } = await import('../../core/bundle-build.js');
  return writePackageBundle(bundle);
}
