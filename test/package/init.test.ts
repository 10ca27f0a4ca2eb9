/**
 * `sockgen init` through the real bin: a fresh folder gets an ES-module package.json with
 * typescript and @types/node, the tsconfig generated code needs and sockgen.config.json with
 * `$schema`; a second run keeps everything; an existing package.json only gains what is missing;
 * a broken one is a usage error (exit 2). The full project (install, generate, tsc under the
 * strict flags, plain node) is test/package/user-project.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '../../bin/sockgen.mjs');
const folders: string[] = [];
afterAll(() => folders.forEach((f) => rmSync(f, { recursive: true, force: true })));

function init(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [bin, 'init', ...args], { cwd, encoding: 'utf8', env: { ...process.env, npm_lifecycle_event: '' } });
}
function fresh(): string {
  const folder = mkdtempSync(join(tmpdir(), 'sockgen-init-'));
  folders.push(folder);
  return folder;
}
const json = (folder: string, name: string) => JSON.parse(readFileSync(join(folder, name), 'utf8'));

describe('sockgen init', () => {
  it('writes package.json, tsconfig.json and sockgen.config.json, then keeps them', { timeout: 60_000 }, () => {
    const folder = fresh();
    const first = init(folder);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('tsconfig.json: written');
    const pkg = json(folder, 'package.json');
    expect(pkg.type).toBe('module');
    expect(pkg.devDependencies.typescript).toMatch(/^\^5\./);
    expect(pkg.devDependencies['@types/node']).toMatch(/^\^20\./);
    const tsconfig = json(folder, 'tsconfig.json');
    expect(tsconfig.compilerOptions).toMatchObject({ module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noUnusedLocals: true, noUnusedParameters: true, verbatimModuleSyntax: true, isolatedModules: true, allowJs: true });
    expect(tsconfig.include).toEqual(['generated', 'handlers']);
    expect(json(folder, 'sockgen.config.json')).toEqual({ $schema: './node_modules/sockgen/generator/cli/config.schema.json', specs: ['specs'], out: 'generated', handlers: 'handlers' });

    writeFileSync(join(folder, 'tsconfig.json'), '{"mine": true}');
    const second = init(folder);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('tsconfig.json: kept (exists)');
    expect(second.stdout).toContain('package.json: already has what generated code needs');
    expect(json(folder, 'tsconfig.json')).toEqual({ mine: true });
  });

  it('completes an existing package.json and refuses a broken one', { timeout: 60_000 }, () => {
    const folder = fresh();
    writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'mine', scripts: { start: 'x' }, dependencies: { typescript: '5.8.0' } }));
    expect(init(folder).status).toBe(0);
    const pkg = json(folder, 'package.json');
    expect(pkg).toMatchObject({ name: 'mine', scripts: { start: 'x' }, type: 'module', dependencies: { typescript: '5.8.0' } });
    expect(pkg.devDependencies).toEqual({ '@types/node': expect.stringMatching(/^\^20\./) });

    const broken = fresh();
    writeFileSync(join(broken, 'package.json'), '{ nope');
    const result = init(broken);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^sockgen: package\.json is not valid JSON/);
    expect(init(fresh(), 'extra').status).toBe(2);
  });
});
