/**
 * ts-morph (and the TypeScript compiler inside it), loaded for the handler type checker. The
 * compiled CLI takes it from the bundle the build made (core/bundle-loader.ts): the compiler is
 * 9 MB of JavaScript, compiled again by every process that requires it, and the cache of its
 * compiled code cuts most of that. From the sources it is required from node_modules.
 */
import { createRequire } from 'node:module';
import type * as TsMorph from 'ts-morph';
import { loadPackageBundle } from '../../core/bundle-loader.js';

const bundleFolder = new URL('./ts-morph-bundle/', import.meta.url);
const fromHere = createRequire(import.meta.url);
const installedVersion = (): string => (fromHere('ts-morph/package.json') as { version: string }).version;

/**
 * ts-morph, required: an ESM import of this CommonJS package first scans its source for export
 * names (cjs-module-lexer), which cost the checker's worker thread ~0.3 s of its start.
 */
export function loadTsMorph(): typeof TsMorph {
  const bundled = loadPackageBundle(bundleFolder, installedVersion(), import.meta.url.endsWith('.js')) as { tsMorph: typeof TsMorph } | undefined;
  return bundled?.tsMorph ?? (fromHere('ts-morph') as typeof TsMorph);
}

/** Build step (`npm run build`): writes the bundle; returns its size in bytes. */
export async function bundleTsMorph(): Promise<number> {
  const { writePackageBundle } = await import('../../core/bundle-build.js');
  return writePackageBundle(bundleFolder, { tsMorph: 'ts-morph' }, new URL('.', import.meta.url), installedVersion());
}
