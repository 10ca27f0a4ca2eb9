/**
 * ts-morph (and the TypeScript compiler inside it), loaded for the handler type checker. The
 * compiled CLI takes it from the bundle the build made (core/bundle-loader.ts): the compiler is
 * 9 MB of JavaScript, compiled again by every process that requires it, and the cache of its
 * compiled code cuts most of that. From the sources it is required from node_modules.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as TsMorph from 'ts-morph';
import type { Replacement } from '../../core/bundle-build.js';
import { requirePackages, type PackageBundle } from '../../core/bundle-loader.js';

const bundle: PackageBundle = { folder: new URL('./ts-morph-bundle/', import.meta.url), modules: { tsMorph: 'ts-morph' }, from: fileURLToPath(import.meta.url), versioned: ['ts-morph'] };

/**
 * ts-morph, required: an ESM import of this CommonJS package first scans its source for export
 * names (cjs-module-lexer), which cost the checker's worker thread ~0.3 s of its start.
 */
export function loadTsMorph(): typeof TsMorph {
  return requirePackages(bundle).tsMorph as typeof TsMorph;
}

/** The standard library the checker reads handlers with (ts-type-schema.ts), and what it references. */
export const checkerLib = 'lib.es2022.d.ts';

/** Build step (`npm run build`): writes the bundle; returns its size in bytes. */
export async function bundleTsMorph(): Promise<number> {
  const { writePackageBundle } = await import('../../core/bundle-build.js');
  const trimmed = checkerLibFilesOnly();
  // Minified: the checker's snapshot holds the bundle's text, and a smaller one starts faster.
  return writePackageBundle(bundle, trimmed ? [trimmed] : [], { minify: true });
}

/**
 * @ts-morph/common carries the declarations of every standard library TypeScript has, 108 files
 * and 2.8 MB of the bundle's 14 MB, which every checker start read and deserialized. The bundle
 * keeps the 57 that `checkerLib` references (0.1 MB); a handler that references another one
 * (`/// <reference lib="dom" />`) gets `any` for its types, and so the generic schemas. Undefined
 * (the bundle keeps them all) when the module no longer has the shape this is made from.
 */
function checkerLibFilesOnly(): Replacement | undefined {
  const from = createRequire(bundle.from);
  const file = join(dirname(from.resolve('@ts-morph/common')), 'ts-morph-common.js');
  const code = readFileSync(file, 'utf8');
  const start = code.indexOf('\nconst libFiles = [');
  const end = code.indexOf('];\n\nfunction getLibFiles()', start);
  if (start < 0 || end < 0 || code.indexOf('\nconst libFiles = [', start + 1) >= 0) return undefined;
  const all = new Map((from('@ts-morph/common') as { getLibFiles(): { fileName: string; text: string }[] }).getLibFiles().map((lib) => [lib.fileName, lib.text]));
  const kept = new Set<string>();
  for (const queue = [checkerLib]; queue.length > 0; ) {
    const name = queue.shift()!;
    if (kept.has(name)) continue;
    const text = all.get(name);
    if (text === undefined) return undefined;
    kept.add(name);
    for (const [, lib] of text.matchAll(/\/\/\/ <reference lib="([^"]+)"/g)) queue.push(`lib.${lib!.toLowerCase()}.d.ts`);
  }
  const files = [...kept].map((fileName) => ({ fileName, text: all.get(fileName) }));
  return { path: /@ts-morph[\\/]common[\\/]dist[\\/]ts-morph-common\.js$/, contents: `${code.slice(0, start)}\nconst libFiles = ${JSON.stringify(files)};${code.slice(end + 2)}` };
}
