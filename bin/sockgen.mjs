#!/usr/bin/env node
// Entry of both `generate` and `sockgen`. Runs the compiled CLI (dist/, built by `prepare` on
// `npm install`/`npm ci`, and shipped in the package) when dist/ was built from exactly the sources
// beside it. In a checkout whose sources changed since the last build it runs the TypeScript
// sources through tsx instead, with `sockgen/runtime` resolved to the runtime's sources: a test or
// a developer never runs code older than what they read (`npm run build` makes it fast again;
// SOCKGEN_FROM_SOURCE=1 forces the sources).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { distIsFresh, readBuildInfo } from './source-fingerprint.mjs';
import { followLauncher } from './follow-launcher.mjs';

followLauncher();
// `sockgen --help | head`: a reader that stops early is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const root = fileURLToPath(new URL('..', import.meta.url));
// An installed package is never edited in place: its stamp is enough, no look at the sources.
const installed = /[\\/]node_modules[\\/]/.test(root);
const useDist = process.env.SOCKGEN_FROM_SOURCE !== '1' && (installed ? readBuildInfo(root) !== undefined : distIsFresh(root));

let main;
if (useDist) {
  // The build's bundle of the CLI (generator/cli/cli-bundle.ts), else its separate modules.
  const bundled = existsSync(new URL('../dist/cli-bundle/main.js', import.meta.url));
  ({ main } = await import(bundled ? '../dist/cli-bundle/main.js' : '../dist/generator/cli/main.js'));
} else {
  const { register: registerHooks } = await import('node:module');
  const { register: registerTsx } = await import('tsx/esm/api');
  registerHooks('./source-condition-hook.mjs', import.meta.url);
  registerTsx();
  ({ main } = await import('../generator/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
