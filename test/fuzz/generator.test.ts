/**
 * Property: every mutated spec of every kind either generates or gives one-line diagnostics and
 * exit 1, in bounded time, writes nothing on error and nothing outside the output folders, never
 * reads a file outside the project, never runs a payload planted in a spec, and what it generates
 * type-checks. Bounded here (fixed seed, a few hundred cases); `npm run fuzz` runs long.
 */
import { describe, expect, it } from 'vitest';
import { defects } from './generator/case.js';
import { formatCounts, runGeneratorFuzz } from './generator/run-fuzz.js';

const casesPerSeed = Number(process.env.FUZZ_CASES_PER_SEED ?? '30');

describe('generator fuzz', () => {
  it(
    'no crash, hang, malformed diagnostic, stray write, leak or payload in any case',
    async () => {
      const report = await runGeneratorFuzz({ casesPerSeed, seed: 20261130, timeoutMs: 30_000, workers: 2, typeCheckSample: 6 });
      console.log(`generator fuzz: ${report.results.length} cases\n${formatCounts(report.counts)}\ntype-checked sample: ${report.sampled} projects`);
      const bad = report.results.filter((r) => defects.includes(r.outcome));
      expect(bad.map((r) => `${r.outcome} [${r.fuzzCase.mutations.join('; ')}] argv=${JSON.stringify(r.fuzzCase.argv)}: ${r.detail ?? ''}`.slice(0, 1500))).toEqual([]);
      expect(report.results.some((r) => r.outcome === 'generated')).toBe(true);
      expect(report.results.some((r) => r.outcome === 'spec-error')).toBe(true);
      expect(report.typeErrors).toBe('');
    },
    600_000,
  );
});
