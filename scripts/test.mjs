#!/usr/bin/env node
// `npm test`: drift check of generated/, type-check of everything, then the vitest suites.
// Each step prints what it does; the first failure stops the run with its exit code.
import { spawnSync } from 'node:child_process';
import { ensureTestTools } from './ensure-test-tools.mjs';

ensureTestTools();

const steps = [
  ['drift check (generated/ matches specs/)', 'node', ['bin/sockgen.mjs', '--check']],
  ['type-check (generator, runtime, generated, tests)', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['tests', 'npx', ['vitest', 'run', ...process.argv.slice(2)]],
];
for (const [title, command, args] of steps) {
  console.log(`\n▶ ${title}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n✖ ${title} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}
