/**
 * Build step: an esbuild plugin for bundles of sockgen's own compiled modules (the CLI bundle, the
 * checker snapshot's program). Each module finds files beside itself from `import.meta.url`
 * (templates, bundles, precompiled validators, worker threads); in a bundle that would be the
 * bundle's URL. Here each module's `import.meta.url` is the URL of the file it was compiled to,
 * found from where the bundle is when it runs, so a moved install still reads its own files.
 */
import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { Plugin } from 'esbuild';

/** A path with forward slashes, as URLs and esbuild's import paths take it. */
export const posixPath = (path: string) => path.split(sep).join('/');

/**
 * `outputFolder` is where the bundle's files are written (all in that one folder); `format` is
 * theirs: an ES module finds itself by its own `import.meta.url`, a CommonJS script by `__dirname`.
 */
export function ownModuleUrls(esbuild: typeof import('esbuild'), outputFolder: string, format: 'esm' | 'cjs'): Plugin {
  return {
    name: 'sockgen-own-module-urls',
    setup(bundler) {
      bundler.onLoad({ filter: /\.js$/ }, async (args) => {
        const code = readFileSync(args.path, 'utf8');
        if (!code.includes('import.meta.url')) return { contents: code, loader: 'js' };
        const own = JSON.stringify(posixPath(relative(outputFolder, args.path)));
        const url = format === 'esm' ? `new URL(${own}, import.meta.url).href` : `require('node:url').pathToFileURL(require('node:path').join(__dirname, ${own})).href`;
        const rewritten = await esbuild.transform(code, { loader: 'js', format: 'esm', define: { 'import.meta.url': 'moduleUrl' } });
        return { contents: `const moduleUrl = ${url};\n${rewritten.code}`, loader: 'js' };
      });
    },
  };
}
