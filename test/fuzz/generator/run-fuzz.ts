/**
 * Runs the generator fuzzer: `casesPerSeed` mutated cases from every seed (fixed fast-check
 * seed), through a pool of driver processes, then type-checks a sample of the projects that
 * generated. Returns every result and the counts per kind and outcome.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import type { CaseResult, FuzzCase, Outcome } from './case.js';
import { DriverPool } from './driver-pool.js';
import { casesFrom } from './mutations.js';
import { seeds } from './seeds.js';

export interface FuzzOptions {
  readonly casesPerSeed: number;
  readonly seed: number;
  readonly timeoutMs: number;
  readonly workers: number;
  /** Projects that generated, kept and type-checked together at the end. */
  readonly typeCheckSample: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface FuzzReport {
  readonly results: ReadonlyArray<CaseResult & { readonly fuzzCase: FuzzCase }>;
  readonly counts: Record<string, Partial<Record<Outcome, number>>>;
  /** tsc's output over the sample, empty when it passed. */
  readonly typeErrors: string;
  readonly sampled: number;
}

const repo = join(import.meta.dirname, '../../..');

export async function runGeneratorFuzz(options: FuzzOptions): Promise<FuzzReport> {
  // Inside the repository (tsconfig excludes test/**/tmp-*), so generated code resolves
  // `sockgen/runtime/*` to this package for the type-check.
  const workRoot = join(repo, 'test/fuzz', `tmp-generator-${process.pid}`);
  rmSync(workRoot, { recursive: true, force: true });
  mkdirSync(workRoot, { recursive: true });
  const ids = { next: 1 };
  const cases: FuzzCase[] = seeds.flatMap((seed, i) => fc.sample(casesFrom(seed, ids), { seed: options.seed + i, numRuns: options.casesPerSeed }));
  const pool = new DriverPool(workRoot, options.workers, Math.ceil(options.typeCheckSample / options.workers), options.timeoutMs);
  const results: Array<CaseResult & { fuzzCase: FuzzCase }> = [];
  try {
    let done = 0;
    await Promise.all(
      cases.map(async (fuzzCase) => {
        const result = await pool.run(fuzzCase);
        results.push({ ...result, fuzzCase });
        options.onProgress?.(++done, cases.length);
      }),
    );
  } finally {
    pool.close();
  }
  const counts: Record<string, Partial<Record<Outcome, number>>> = {};
  for (const result of results) {
    const kind = (counts[result.fuzzCase.kind] ??= {});
    kind[result.outcome] = (kind[result.outcome] ?? 0) + 1;
  }
  const sample = results.filter((r) => r.project).map((r) => r.project!);
  const typeErrors = sample.length > 0 ? typeCheck(workRoot, sample) : '';
  rmSync(workRoot, { recursive: true, force: true });
  return { results: results.sort((a, b) => a.id - b.id), counts, typeErrors, sampled: sample.length };
}

/** One tsc run over the generated code and stubs of the sampled projects, with the repo's settings. */
function typeCheck(workRoot: string, projects: readonly string[]): string {
  const include = projects.flatMap((project) => ['generated', 'handlers'].map((folder) => `${relative(workRoot, project)}/${folder}/**/*.ts`));
  writeFileSync(join(workRoot, 'tsconfig.json'), JSON.stringify({ extends: relative(workRoot, join(repo, 'tsconfig.json')), compilerOptions: { noUnusedLocals: true }, include, exclude: [] }, null, 2));
  const result = spawnSync(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '--noEmit', '--pretty', 'false', '-p', 'tsconfig.json'], { cwd: workRoot, encoding: 'utf8' });
  // Only the sampled projects' own files count: the runtime is type-checked by `npm test` itself.
  const own = `${result.stdout}${result.stderr}`.split('\n').filter((line) => line.startsWith('case-'));
  return own.join('\n').slice(0, 5000);
}

/** The counts as a table: one row per kind, one column per outcome. */
export function formatCounts(counts: FuzzReport['counts']): string {
  const outcomes = [...new Set(Object.values(counts).flatMap((row) => Object.keys(row)))].sort();
  const header = ['kind', ...outcomes, 'total'];
  const rows = Object.entries(counts)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([kind, row]) => [kind, ...outcomes.map((o) => String(row[o as Outcome] ?? 0)), String(Object.values(row).reduce((a, b) => a + (b ?? 0), 0))]);
  return [header, ...rows].map((cells) => cells.map((c, i) => (i === 0 ? c.padEnd(12) : c.padStart(Math.max(8, header[i]!.length)))).join(' ')).join('\n');
}
