#!/usr/bin/env node
// Runs a TypeScript file (benchmarks, generated entries) with the same hooks as the CLI.
import { register as registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { register as registerTsx } from 'tsx/esm/api';

registerHooks('./source-condition-hook.mjs', import.meta.url);
registerTsx();
const [file, ...rest] = process.argv.slice(2);
if (!file) {
  console.error('usage: run-ts <file.ts> [args...]');
  process.exit(2);
}
process.argv = [process.argv[0], resolve(file), ...rest];
await import(pathToFileURL(resolve(file)).href);
