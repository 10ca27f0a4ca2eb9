/**
 * Which code bin/sockgen.mjs runs: the compiled dist/ while dist/build-info.json matches the
 * fingerprint of the sources beside it, the TypeScript sources (through tsx) once a source or a
 * template changed, or when SOCKGEN_FROM_SOURCE=1 — and an installed copy (under node_modules/)
 * trusts its stamp. Checked on a copy of bin/ with a stand-in CLI in both places that says which
 * one ran.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sourceFingerprint } from '../../bin/source-fingerprint.mjs';

const repo = join(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'sockgen-bin-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A package folder: the real bin/, a stand-in CLI as sources and as dist/, stamped as built. */
function makePackage(root: string): void {
  cpSync(join(repo, 'bin'), join(root, 'bin'), { recursive: true });
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'));
  const cli = (which: string) => `export async function main(argv${which === 'source' ? ': readonly string[]' : ''}) { process.stdout.write('${which} ' + argv.join(' ')); return 0; }\n`;
  mkdirSync(join(root, 'generator/cli'), { recursive: true });
  mkdirSync(join(root, 'templates/sockets'), { recursive: true });
  mkdirSync(join(root, 'dist/generator/cli'), { recursive: true });
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'sockgen-copy', type: 'module' }));
  writeFileSync(join(root, 'generator/cli/main.ts'), cli('source'));
  writeFileSync(join(root, 'templates/sockets/a.hbs'), 'a\n');
  writeFileSync(join(root, 'dist/generator/cli/main.js'), cli('dist'));
  writeFileSync(join(root, 'dist/build-info.json'), JSON.stringify(sourceFingerprint(root)));
}

function runs(root: string, env: NodeJS.ProcessEnv = {}): string {
  const result = spawnSync(process.execPath, [join(root, 'bin/sockgen.mjs'), '--check'], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

describe('bin/sockgen.mjs', () => {
  it('runs dist/ while it was built from the sources beside it, and the sources once they change', () => {
    const root = join(work, 'checkout');
    makePackage(root);
    expect(runs(root)).toBe('dist --check');
    expect(runs(root, { SOCKGEN_FROM_SOURCE: '1' })).toBe('source --check');
    writeFileSync(join(root, 'templates/sockets/a.hbs'), 'b\n');
    expect(runs(root)).toBe('source --check');
    writeFileSync(join(root, 'templates/sockets/a.hbs'), 'a\n'); // same bytes again: dist/ is current
    expect(runs(root)).toBe('dist --check');
    writeFileSync(join(root, 'generator/cli/extra.ts'), 'export {};\n');
    expect(runs(root)).toBe('source --check');
  });

  it('runs the stamped dist/ of an installed copy without looking at its sources', () => {
    const root = join(work, 'project/node_modules/sockgen');
    mkdirSync(root, { recursive: true });
    makePackage(root);
    writeFileSync(join(root, 'templates/sockets/a.hbs'), 'edited in place\n');
    expect(runs(root)).toBe('dist --check');
  });
});
