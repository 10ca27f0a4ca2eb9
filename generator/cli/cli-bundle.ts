/**
 * Build step: the compiled CLI as a few files instead of ~130 modules. Node 20 loads each ES
 * module with its own reads, compile and link (~1 ms apiece on the 2-core machine): a run of this
 * repository's specs spent ~0.15 s of its start there. esbuild bundles dist/generator/cli/main.js
 * and what it imports, and splits what the commands import on demand into chunks, so `serve`
 * still loads nothing of `generate` and a cache hit nothing of the pipeline.
 *
 * What stays its own file:
 * - sockgen's runtime (dist/runtime/): the generated code imports the same modules through
 *   `sockgen/runtime/...`, and two copies of one would be two module states;
 * - every package (its own bundle, core/bundle-loader.ts, or node_modules).
 *
 * Each bundled module keeps its own `import.meta.url` (core/own-module-urls.ts).
 * bin/sockgen.mjs runs the bundle when the build made one, else dist/generator/cli/main.js.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ownModuleUrls, posixPath } from '../core/own-module-urls.js';

/** dist/, where the compiled modules are and the bundle goes (this module is dist/generator/cli/). */
const dist = fileURLToPath(new URL('../../', import.meta.url));
export const cliBundleFolder = join(dist, 'cli-bundle');
/** What the bundle is made of (dist-relative paths), for the test that it holds no runtime module. */
export const cliBundleInputs = join(cliBundleFolder, 'inputs.json');

/** Writes dist/cli-bundle/ (main.js and its chunks); returns the number of modules bundled. */
export async function bundleCli(): Promise<number> {
  const esbuild = (await import('esbuild')) as typeof import('esbuild');
  const runtime = join(dist, 'runtime') + sep;
  rmSync(cliBundleFolder, { recursive: true, force: true });
  const result = await esbuild.build({
    entryPoints: [join(dist, 'generator/cli/main.js')],
    outdir: cliBundleFolder,
    bundle: true,
    splitting: true,
    chunkNames: 'chunk-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
    plugins: [
      {
        name: 'sockgen-runtime-files',
        setup(bundler) {
          // The runtime, imported by its own file, relative to the chunk that imports it.
          bundler.onResolve({ filter: /^\.\.?\// }, (args) => {
            const target = join(args.resolveDir, args.path);
            return target.startsWith(runtime) ? { path: posixPath(relative(cliBundleFolder, target)), external: true } : undefined;
          });
        },
      },
      ownModuleUrls(esbuild, cliBundleFolder, 'esm'),
    ],
  });
  const inputs = Object.keys(result.metafile.inputs)
    .map((input) => posixPath(relative(dist, join(process.cwd(), input))))
    .sort();
  mkdirSync(dirname(cliBundleInputs), { recursive: true });
  writeFileSync(cliBundleInputs, JSON.stringify(inputs, null, 2) + '\n');
  return inputs.length;
}
