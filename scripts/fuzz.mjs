#!/usr/bin/env node
// `npm run fuzz`: the fuzzers run long. First the generator (FUZZ_CASES cases, default 20,000,
// counts per kind and outcome), then the run-time suites with FUZZ_RUNS (default 2,000) cases
// each: connector frames, tunnel, tunnel frames against ws, HTTP host, Socket.IO packets. Exit 1 when any found a defect.
import { spawnSync } from 'node:child_process';

const env = { ...process.env, FUZZ_RUNS: process.env.FUZZ_RUNS ?? '2000', FUZZ_SEED: process.env.FUZZ_SEED ?? String(Date.now() % 1_000_000) };
const steps = [
  ['generator', 'node', ['bin/run-ts.mjs', 'test/fuzz/generator/long-run.ts']],
  ['run time', 'npx', ['vitest', 'run', 'test/fuzz/connector-frames.test.ts', 'test/fuzz/tunnel.test.ts', 'test/fuzz/tunnel-frames.test.ts', 'test/fuzz/http-host.test.ts', 'test/fuzz/socketio-packets.test.ts']],
];
let failed = false;
for (const [title, command, args] of steps) {
  console.log(`\n▶ fuzz: ${title} (seed ${env.FUZZ_SEED})`);
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
