/**
 * Bundles the build makes are loaded with V8's cache of their compiled code beside them. The cache
 * must be written once, used by the next process, and replaced when it cannot be used; a bundle
 * made from another version of its package than the installed one is not used at all.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const work = mkdtempSync(join(tmpdir(), 'sockgen-bundle-loader-'));
chmodSync(work, 0o755); // the read-only install test runs a process as another user
afterAll(() => rmSync(work, { recursive: true, force: true }));
const loader = pathToFileURL(join(import.meta.dirname, '../../generator/core/bundle-loader.ts')).href;
const tsx = join(import.meta.dirname, '../../node_modules/tsx/dist/cli.mjs');

/**
 * Runs `code` (an ES module that has `loader` imported as `L`) in a fresh process; returns its
 * stdout. `as` runs it as another user (root only) with that home folder.
 */
function fresh(code: string, as?: { uid: number; gid: number; home: string }): string {
  const script = join(work, `run-${Math.random().toString(36).slice(2)}.mts`);
  writeFileSync(script, `import * as L from ${JSON.stringify(loader)};\n${code}\n`, { mode: 0o644 });
  const env = { ...process.env, HOME: as?.home ?? process.env.HOME, XDG_CACHE_HOME: '' };
  const result = spawnSync(process.execPath, [tsx, script], { encoding: 'utf8', env, ...(as ? { uid: as.uid, gid: as.gid } : {}) });
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

  it('does not run the code of a bundle rebuilt to the same length (V8 checks only the length)', () => {
    const rebuilt = join(folder, 'rebuilt.cjs');
    const source = (word: string) => `exports.word = (() => ${JSON.stringify(word)})();\n${Array.from({ length: 200 }, (_, i) => `exports.f${i} = (x) => x * ${i};`).join('\n')}\n`;
    writeFileSync(rebuilt, source('before'));
    utimesSync(rebuilt, 1_000_000, 1_000_000);
    const run = `const b = L.loadBundle(${JSON.stringify(rebuilt)}); L.rememberCompiledBundles(); console.log(b.word);`;
    expect(fresh(run)).toBe('before');
    expect(fresh(run)).toBe('before'); // from the cache
    writeFileSync(rebuilt, source('edited'));
    utimesSync(rebuilt, 2_000_000, 2_000_000);
    expect(fresh(run)).toBe('edited');
    // The old bundle's cache is gone; the new one's is used from now on.
    expect(readdirSync(folder).filter((name) => name.startsWith('rebuilt.cjs.') && name.endsWith('.cache'))).toHaveLength(1);
    expect(fresh(run)).toBe('edited');
  });

  it('keeps the compiled code in the user\'s cache folder when the install is read-only', () => {
    const install = join(work, 'read-only-install');
    mkdirSync(install);
    const bundle = join(install, 'bundle.cjs');
    writeFileSync(bundle, readFileSync(file), { mode: 0o644 });
    const home = join(work, 'home');
    mkdirSync(home);
    // Root writes anywhere, so a read-only install is a root-owned one run by another user.
    const asRoot = process.getuid?.() === 0;
    const user = asRoot ? { uid: 65534, gid: 65534, home } : undefined;
    if (asRoot) chownSync(home, 65534, 65534);
    else chmodSync(install, 0o555);
    const run = `const b = L.loadBundle(${JSON.stringify(bundle)}); L.rememberCompiledBundles(); console.log(b.answer());`;
    expect(fresh(run, user)).toBe('42');
    expect(readdirSync(install).filter((name) => name.endsWith('.cache'))).toEqual([]);
    const userCaches = join(home, '.cache/sockgen/compiled');
    const stored = readdirSync(userCaches).filter((name) => name.startsWith('bundle.cjs.') && name.endsWith('.cache'));
    expect(stored).toHaveLength(1);
    expect(statSync(userCaches).mode & 0o777).toBe(0o700);
    const written = statSync(join(userCaches, stored[0]!)).mtimeMs;
    expect(fresh(run, user)).toBe('42');
    expect(statSync(join(userCaches, stored[0]!)).mtimeMs).toBe(written); // used, not made again
    chmodSync(install, 0o755);
  });

  it('runs a bundle the build wrote wrapped, and reads text in UTF-8 unless it is ASCII', () => {
    const wrapped = join(folder, 'wrapped.cjs');
    // As the build writes it: wrapped, every character ASCII (the escape stands for "→").
    writeFileSync(wrapped, '(function (exports, require, module, __filename, __dirname) {module.exports = { arrow: "\\u2192", file: __filename };\n})');
    expect(fresh(`const b = L.loadBundle(${JSON.stringify(wrapped)}); console.log(b.arrow, b.file);`)).toBe(`→ ${wrapped}`);
    const utf8 = join(folder, 'utf8.cjs');
    writeFileSync(utf8, 'exports.text = /[«»–]/.source + " — é";\n');
    expect(fresh(`const b = L.loadBundle(${JSON.stringify(utf8)}); console.log(b.text);`)).toBe('[«»–] — é');
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
