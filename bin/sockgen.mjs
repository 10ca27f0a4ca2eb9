#!/usr/bin/env node
// Entry of both `generate` and `sockgen`. Runs the TypeScript CLI through tsx so that
// `npx generate` works on a fresh clone with no build step, and resolves `sockgen/runtime`
// to its TypeScript sources (the `sockgen-source` export condition).
import { register as registerHooks } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

registerHooks('./source-condition-hook.mjs', import.meta.url);
registerTsx();
const { main } = await import('../generator/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
