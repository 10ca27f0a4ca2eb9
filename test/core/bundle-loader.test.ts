/**
 * Bundles the build makes are loaded with V8's cache of their compiled code beside them. The cache
 * must be written once, used by the next process, and replaced when it cannot be used; a bundle
 * made from another version of its package than the installed one is not used at all.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const work = mkdtempSync(join(tmpdir(), 'sockgen-bundle-loader-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const loader = pathToFileURL(join(import.meta.dirname, '../../generator/core/bundle-loader.ts')).href;
const tsx = join(import.meta.dirname, '../../node_modules/tsx/dist/cli.mjs');

/** Runs `code` (an ES module that has `loader` imported as `L`) in a fresh process; returns its stdout. */
function fresh(code: string): string {
  const script = join(work, `run-${Math.random().toString(36).slice(2)}.mts`);
  writeFileSync(script, `import * as L from ${JSON.stringify(loader)};\n${code}\n`);
  const result = spawnSync(process.execPath, [tsx, script], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout.trim();
}

describe('loadBundle', () => {
  const folder = join(work, 'bundle');
  mkdirSync(folder);
  const file = join(folder, 'bundle.cjs');
  // Enough code that V8 has something to cache; `require` is the bundle's own, as in a real one.
  writeFileSync(file, `exports.answer = () => 42;\nexports.sep = require('node:path').sep;\n${Array.from({ length: 200 }, (_, i) => `exports.f${i} = (x) => x * ${i} + ${i};`).join('\n')}\n`);
  const caches = () => readdirSync(folder).filter((name) => name.endsWith('.cache'));

  it('runs the bundle, then keeps its compiled code for the next process, which uses it', () => {
    expect(fresh(`const b = L.loadBundle(${JSON.stringify(file)}); L.rememberCompiledBundles(); console.log(b.answer(), b.sep, b.f7(1));`)).toBe('42 / 14');
    expect(caches()).toHaveLength(1);
    const cache = join(folder, caches()[0]!);
    const written = statSync(cache).mtimeMs;
    // Used, so not written again.
    expect(fresh(`const b = L.loadBundle(${JSON.stringify(file)}); L.rememberCompiledBundles(); console.log(b.answer());`)).toBe('42');
    expect(statSync(cache).mtimeMs).toBe(written);
  });

  it('replaces a cache V8 cannot use (damaged, or made by another V8) and still runs the bundle', () => {
    const cache = join(folder, caches()[0]!);
    writeFileSync(cache, Buffer.from('not compiled code at all'));
    expect(fresh(`const b = L.loadBundle(${JSON.stringify(file)}); L.rememberCompiledBundles(); console.log(b.answer());`)).toBe('42');
    expect(readFileSync(cache).toString('utf8')).not.toBe('not compiled code at all');
    expect(readdirSync(folder).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('runs a bundle once per process', () => {
    expect(fresh(`const a = L.loadBundle(${JSON.stringify(file)}); const b = L.loadBundle(${JSON.stringify(file)}); console.log(a === b);`)).toBe('true');
  });
});

describe('loadPackageBundle', () => {
  const folder = join(work, 'package-bundle');
  mkdirSync(folder);
  writeFileSync(join(folder, 'bundle.cjs'), 'exports.made = "by the build";\n');
  writeFileSync(join(folder, 'manifest.json'), JSON.stringify({ version: '1.2.3', esbuild: '0.0.0' }));
  const url = pathToFileURL(folder + '/').href;

  it('uses the bundle of the installed version, from the compiled CLI only', () => {
    expect(fresh(`console.log(JSON.stringify(L.loadPackageBundle(new URL(${JSON.stringify(url)}), '1.2.3', true)));`)).toBe('{"made":"by the build"}');
    expect(fresh(`console.log(L.loadPackageBundle(new URL(${JSON.stringify(url)}), '1.2.3', false));`)).toBe('undefined');
  });

  it('does not use a bundle made from another version, or one whose manifest is missing', () => {
    expect(fresh(`console.log(L.loadPackageBundle(new URL(${JSON.stringify(url)}), '1.2.4', true));`)).toBe('undefined');
    expect(fresh(`console.log(L.loadPackageBundle(new URL(${JSON.stringify(pathToFileURL(work + '/').href)}), '1.2.3', true));`)).toBe('undefined');
    expect(existsSync(join(folder, 'bundle.cjs'))).toBe(true);
  });
});
