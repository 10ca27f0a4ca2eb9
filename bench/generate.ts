/**
 * Generation speed: `npx generate` over 50 sockets × 10 endpoints, as a user runs it (a fresh
 * process each time, start-up included), plus the in-process pipeline alone.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFixture } from '../test/support/generate-fixture.js';

const sockets = 50;
const endpointsPerSocket = 10;
const runs = 5;

function socketYaml(index: number): string {
  const endpoints = Array.from({ length: endpointsPerSocket }, (_, e) => `  endpoint_${index}_${e}:\n    GET:\n      script: read_${e}\n    POST:\n      script: write_${e}\n`).join('');
  const scripts = Array.from({ length: endpointsPerSocket }, (_, e) => `    read_${e}:\n      runtime_name: typescript\n    write_${e}:\n      runtime_name: typescript\n`).join('');
  return `name: socket_${index}\ndescription: Benchmark socket ${index}\nendpoints:\n${endpoints}dependencies:\n  scripts:\n${scripts}`;
}

const project = mkdtempSync(join(tmpdir(), 'sockgen-bench-'));
for (let i = 0; i < sockets; i++) {
  mkdirSync(join(project, 'specs', `socket_${i}`), { recursive: true });
  writeFileSync(join(project, 'specs', `socket_${i}`, 'socket.yml'), socketYaml(i));
}
const bin = join(import.meta.dirname, '../bin/sockgen.mjs');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const cli: number[] = [];
for (let run = 0; run < runs; run++) {
  rmSync(join(project, 'generated'), { recursive: true, force: true });
  const started = performance.now();
  const result = spawnSync(process.execPath, [bin, '--quiet'], { cwd: project, encoding: 'utf8' });
  cli.push(performance.now() - started);
  if (result.status !== 0) throw new Error(`generate failed:\n${result.stderr}`);
}
const check = performance.now();
spawnSync(process.execPath, [bin, '--check', '--quiet'], { cwd: project });
const checkMs = performance.now() - check;

const pipeline: number[] = [];
let fileCount = 0;
for (let run = 0; run < runs; run++) {
  const started = performance.now();
  const result = await generateFixture(project);
  pipeline.push(performance.now() - started);
  fileCount = result.files.length;
}
rmSync(project, { recursive: true, force: true });

const endpoints = sockets * endpointsPerSocket;
console.log(`${sockets} sockets × ${endpointsPerSocket} endpoints (${endpoints} endpoints, ${fileCount} generated files), median of ${runs}:`);
console.table({
  'npx generate (fresh process)': { 'total ms': Math.round(median(cli)), 'ms/endpoint': +(median(cli) / endpoints).toFixed(2) },
  'npx generate --check': { 'total ms': Math.round(checkMs), 'ms/endpoint': +(checkMs / endpoints).toFixed(2) },
  'pipeline in process (warm)': { 'total ms': Math.round(median(pipeline.slice(1))), 'ms/endpoint': +(median(pipeline.slice(1)) / endpoints).toFixed(2) },
});
console.log(`aim: under 2000 ms for the fresh process → ${median(cli) < 2000 ? 'met' : 'not met'}`);
