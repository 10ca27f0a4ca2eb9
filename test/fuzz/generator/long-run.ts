/**
 * `npm run fuzz`: the generator fuzzer run long, with progress, printing the counts per kind and
 * outcome and every defect found. FUZZ_CASES (total, default 20,000), FUZZ_SEED, FUZZ_WORKERS.
 * Exit 1 when any case is a defect.
 */
import { defects } from './case.js';
import { formatCounts, runGeneratorFuzz } from './run-fuzz.js';
import { seeds } from './seeds.js';

const total = Number(process.env.FUZZ_CASES ?? '20000');
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const workers = Number(process.env.FUZZ_WORKERS ?? '2');
const casesPerSeed = Math.max(1, Math.ceil(total / seeds.length));
process.stderr.write(`generator fuzz: ${casesPerSeed * seeds.length} cases, seed ${seed}, ${workers} workers\n`);
const started = Date.now();
const report = await runGeneratorFuzz({
  casesPerSeed,
  seed,
  timeoutMs: 30_000,
  workers,
  typeCheckSample: 20,
  onProgress(done, all) {
    if (done % 100 === 0 || done === all) process.stderr.write(`  ${done}/${all} (${Math.round((Date.now() - started) / 1000)} s)\n`);
  },
});
const bad = report.results.filter((r) => defects.includes(r.outcome));
const slowest = [...report.results].sort((a, b) => b.ms - a.ms)[0];
console.log(formatCounts(report.counts));
console.log(`type-checked sample: ${report.sampled} projects, ${report.typeErrors ? 'ERRORS' : 'clean'}; slowest case ${slowest?.ms ?? 0} ms`);
for (const r of bad) console.log(`${r.outcome} [${r.fuzzCase.mutations.join('; ')}] argv=${JSON.stringify(r.fuzzCase.argv)}: ${(r.detail ?? '').slice(0, 800)}`);
if (report.typeErrors) console.log(report.typeErrors);
process.exitCode = bad.length > 0 || report.typeErrors ? 1 : 0;
