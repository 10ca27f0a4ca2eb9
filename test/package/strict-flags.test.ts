/**
 * Generated code and fresh stubs under the flags users' own tsconfigs turn on (Vite's and Next's
 * templates: noUnusedLocals, noUnusedParameters, verbatimModuleSyntax, isolatedModules), over
 * generated/ and every golden output; and no generated file points at a path that exists only in
 * this repository (bin/run-ts.mjs, scripts/, test/).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '../..');

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('generated code in a strict user project', () => {
  it('tsconfig.strict-user.json turns the flags on', () => {
    const config = JSON.parse(readFileSync(join(repo, 'tsconfig.strict-user.json'), 'utf8')) as { compilerOptions: Record<string, unknown>; include: string[] };
    for (const flag of ['noUnusedLocals', 'noUnusedParameters', 'verbatimModuleSyntax', 'isolatedModules']) expect(config.compilerOptions[flag], flag).toBe(true);
    expect(config.include).toEqual(expect.arrayContaining(['generated', 'test/fixtures/*/expected']));
  });

  it('generated/ and the golden outputs compile with no unused locals or parameters', { timeout: 120_000 }, () => {
    const tsc = join(repo, 'node_modules/typescript/bin/tsc');
    const result = spawnSync(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.strict-user.json'], { cwd: repo, encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('no generated file or template names a repository-only path', () => {
    const roots = ['generated', 'templates', ...readdirSync(join(repo, 'test/fixtures')).map((c) => `test/fixtures/${c}/expected`)];
    const offenders: string[] = [];
    for (const root of roots) {
      let files: string[];
      try {
        files = filesUnder(join(repo, root));
      } catch {
        continue; // a case with only diagnostics has no expected/ folder of files
      }
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        for (const needle of ['bin/run-ts', 'bin/sockgen.mjs', 'scripts/test.mjs', 'source-condition-hook'])
          if (text.includes(needle)) offenders.push(`${file.slice(repo.length + 1)}: ${needle}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
