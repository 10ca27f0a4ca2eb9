/**
 * The generation cache through the real CLI, in a project with a node_modules folder (where the
 * cache lives): a second run is answered from the cache (warnings replayed), and every input
 * change is a miss whose output equals a `--no-cache` run: the spec's text, a `$ref`ed file
 * outside specs/, a stub that was deleted, the options (--strict, --out). `--no-cache` reads and
 * writes no cache.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '../..');
// sockgen runs from a snapshot of its sources: the cache key holds the fingerprint of the code
// that generates, and a working tree someone is editing would make every run a (correct) miss.
const snapshot = mkdtempSync(join(tmpdir(), 'sockgen-cache-copy-'));
const bin = join(snapshot, 'bin/sockgen.mjs');
const project = mkdtempSync(join(tmpdir(), 'sockgen-cache-'));
const cacheDir = join(project, 'node_modules/.cache/sockgen');
const hitMessage = 'unchanged since a cached run';

function sockgen(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: project, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, hit: result.stderr.includes(hitMessage) };
}

const asyncapi = (extra = '') => `asyncapi: 2.6.0
info: { title: Shop, version: 1.0.0 }
channels:
  /:
    publish:
      message:
        name: place order
        x-handler: orders.place
        payload: { $ref: '../../schemas/order.yml#/Order' }
${extra}`;
const schema = (field: string) => `Order:\n  type: object\n  properties:\n    ${field}: { type: string }\n`;
// `template` names a response template that is kept but not applied: a SOCK012 warning.
const socket = (description: string) => `name: shop\ndescription: ${description}\nendpoints:\n  price:\n    script: price\n    template: plain\ndependencies:\n  scripts:\n    price:\n      runtime_name: typescript\n`;

function read(path: string): string {
  return readFileSync(join(project, path), 'utf8');
}

beforeAll(() => {
  for (const entry of ['bin', 'generator', 'templates', 'runtime', 'package.json', 'tsconfig.json', 'tsconfig.build.json'])
    cpSync(join(repo, entry), join(snapshot, entry), { recursive: true, filter: (source) => !source.includes('__pycache__') });
  symlinkSync(join(repo, 'node_modules'), join(snapshot, 'node_modules'));
  mkdirSync(join(project, 'node_modules'));
  mkdirSync(join(project, 'specs/asyncapi'), { recursive: true });
  mkdirSync(join(project, 'specs/shop'), { recursive: true });
  mkdirSync(join(project, 'schemas'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'cache-project', private: true, type: 'module' }));
  writeFileSync(join(project, 'specs/asyncapi/shop.yml'), asyncapi());
  writeFileSync(join(project, 'schemas/order.yml'), schema('sku'));
  writeFileSync(join(project, 'specs/shop/socket.yml'), socket('Prices'));
});
afterAll(() => {
  rmSync(project, { recursive: true, force: true });
  rmSync(snapshot, { recursive: true, force: true });
});

describe('the generation cache', { timeout: 300_000 }, () => {
  it('answers an unchanged project from the cache, replaying its warnings', () => {
    const first = sockgen();
    expect(first.status, first.stderr).toBe(0);
    expect(first.hit).toBe(false);
    expect(first.stderr).toMatch(/warning SOCK012/);
    // The run's entry and one per kind loaded (AsyncAPI, sockets).
    expect(readdirSync(cacheDir).filter((name) => name.endsWith('.entry'))).toHaveLength(3);

    const check = sockgen('--check');
    expect(check.status, check.stderr).toBe(0);
    expect(check.hit).toBe(true);
    expect(check.stderr).toMatch(/warning SOCK012/);
    expect(check.stderr).not.toMatch(/loading|rendering/);
  });

  it('misses when a $ref-ed file outside specs/ changes, and generates from the new text', () => {
    writeFileSync(join(project, 'schemas/order.yml'), schema('barcode'));
    const check = sockgen('--check');
    expect(check.hit).toBe(false);
    expect(check.status).toBe(1); // generated/ predates the change: drift, not a stale "in sync"
    const run = sockgen();
    expect(run.status, run.stderr).toBe(0);
    expect(read('generated/asyncapi/shop/types.ts')).toMatch(/barcode/);
    expect(read('generated/asyncapi/shop/types.ts')).not.toMatch(/\bsku\b/);
    expect(sockgen('--check').hit).toBe(true);
  });

  it('misses when a spec\'s text changes', () => {
    writeFileSync(join(project, 'specs/shop/socket.yml'), socket('Prices in cents'));
    const run = sockgen();
    expect(run.hit).toBe(false);
    expect(run.status, run.stderr).toBe(0);
    expect(read('generated/sockets/shop/definition.ts')).toMatch(/Prices in cents/);
  });

  it('misses when a stub the run skipped is deleted, and writes it again', () => {
    const stubs = readdirSync(join(project, 'handlers/sockets/shop'));
    expect(stubs.length).toBeGreaterThan(0);
    unlinkSync(join(project, 'handlers/sockets/shop', stubs[0]!));
    const run = sockgen();
    expect(run.hit).toBe(false);
    expect(existsSync(join(project, 'handlers/sockets/shop', stubs[0]!))).toBe(true);
  });

  it('misses when the options change (--strict, --out), and those runs are cached under their own keys', () => {
    expect(sockgen('--check').hit).toBe(true);
    const strict = sockgen('--check', '--strict');
    expect(strict.hit).toBe(false);
    expect(sockgen('--check', '--strict').hit).toBe(true);
    const other = sockgen('--out', 'elsewhere');
    expect(other.hit).toBe(false);
    expect(other.status, other.stderr).toBe(0);
    expect(existsSync(join(project, 'elsewhere/asyncapi/shop/types.ts'))).toBe(true);
    expect(sockgen('--check').hit).toBe(true);
  });

  it('gives the same files from a hit as a --no-cache run', () => {
    const cached = sockgen('--check');
    expect(cached.hit).toBe(true);
    const fresh = sockgen('--check', '--no-cache');
    expect(fresh.hit).toBe(false);
    expect(fresh.status, fresh.stderr).toBe(0);
    expect(fresh.stderr).toMatch(/rendering/);
  });

  it('--no-cache neither reads nor writes the cache', () => {
    rmSync(cacheDir, { recursive: true, force: true });
    const run = sockgen('--no-cache');
    expect(run.status, run.stderr).toBe(0);
    expect(existsSync(cacheDir)).toBe(false);
  });
});
