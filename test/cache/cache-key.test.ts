/**
 * The parts of the cache key the CLI test cannot vary: the sockgen version and the fingerprint of
 * the generator's code and templates (a template edit must be a new key), plus the dependency
 * check that guards every hit.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { distIsFresh, sourceFingerprint } from '../../bin/source-fingerprint.mjs';
import { cacheKey, dependenciesHold, recordingContext, type KeyParts } from '../../generator/core/cache-key.js';
import type { LoadContext } from '../../generator/kinds/types.js';

const base: KeyParts = { version: '0.1.0', fingerprint: 'f1', options: { outDir: 'generated', strict: false }, specs: [{ path: 'specs/a.yml', text: 'a: 1' }] };

describe('cacheKey', () => {
  const variants: Record<string, KeyParts> = {
    'sockgen version': { ...base, version: '0.1.1' },
    'generator fingerprint': { ...base, fingerprint: 'f2' },
    'an option': { ...base, options: { outDir: 'generated', strict: true } },
    'a spec text': { ...base, specs: [{ path: 'specs/a.yml', text: 'a: 2' }] },
    'a spec path': { ...base, specs: [{ path: 'specs/b.yml', text: 'a: 1' }] },
    'one more spec': { ...base, specs: [...base.specs, { path: 'specs/c.yml', text: '' }] },
    'an unreadable spec': { ...base, specs: [{ path: 'specs/a.yml', text: 'a: 1', unreadable: 'it is a folder' }] },
  };
  it.each(Object.entries(variants))('changes with %s', (_, parts) => {
    expect(cacheKey(parts)).not.toBe(cacheKey(base));
  });
  it('is the same for the same inputs', () => {
    expect(cacheKey({ ...base, specs: [...base.specs], options: { outDir: 'generated', strict: false } })).toBe(cacheKey(base));
  });
});

describe('recorded dependencies', () => {
  const files = new Map<string, string>([['schemas/a.yml', 'A'], ['handlers/x.ts', 'stub']]);
  const context: LoadContext = {
    root: '/project',
    strict: false,
    exists: (path) => files.has(path),
    readText: (path) => {
      const text = files.get(path);
      if (text === undefined) throw new Error(`ENOENT ${path}`);
      return text;
    },
  };

  it('hold while the files look the same, and not after a change, a deletion or a creation', () => {
    const recorder = recordingContext(context);
    recorder.context.readText('schemas/a.yml');
    recorder.context.exists('handlers/x.ts');
    recorder.context.exists('handlers/y.ts');
    expect(() => recorder.context.readText('schemas/missing.yml')).toThrow();
    const dependencies = recorder.dependencies();
    expect(dependencies).toHaveLength(4);
    expect(dependenciesHold(dependencies, context)).toBe(true);

    files.set('schemas/a.yml', 'B');
    expect(dependenciesHold(dependencies, context)).toBe(false);
    files.set('schemas/a.yml', 'A');
    files.delete('handlers/x.ts');
    expect(dependenciesHold(dependencies, context)).toBe(false);
    files.set('handlers/x.ts', 'stub');
    files.set('handlers/y.ts', 'new');
    expect(dependenciesHold(dependencies, context)).toBe(false);
    files.delete('handlers/y.ts');
    files.set('schemas/missing.yml', 'now here');
    expect(dependenciesHold(dependencies, context)).toBe(false);
    files.delete('schemas/missing.yml');
    expect(dependenciesHold(dependencies, context)).toBe(true);
  });
});

describe('the generator fingerprint', () => {
  const root = mkdtempSync(join(tmpdir(), 'sockgen-fingerprint-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'templates/sockets'), { recursive: true });
  mkdirSync(join(root, 'generator/core'), { recursive: true });
  mkdirSync(join(root, 'dist'));
  writeFileSync(join(root, 'templates/sockets/server.ts.hbs'), 'export const a = {{json a}};\n');
  writeFileSync(join(root, 'generator/core/naming.ts'), 'export const x = 1;\n');

  it('changes when a template or a generator module changes, and dist/ is then stale', () => {
    const built = sourceFingerprint(root);
    writeFileSync(join(root, 'dist/build-info.json'), JSON.stringify(built));
    expect(distIsFresh(root)).toBe(true);

    writeFileSync(join(root, 'templates/sockets/server.ts.hbs'), 'export const b = {{json a}};\n');
    const afterTemplate = sourceFingerprint(root);
    expect(afterTemplate.fingerprint).not.toBe(built.fingerprint);
    expect(distIsFresh(root)).toBe(false);

    writeFileSync(join(root, 'templates/sockets/server.ts.hbs'), 'export const a = {{json a}};\n');
    expect(sourceFingerprint(root).fingerprint).toBe(built.fingerprint);
    expect(distIsFresh(root)).toBe(true); // touched but the same bytes: the contents decide

    writeFileSync(join(root, 'generator/core/naming.ts'), 'export const x = 2;\n');
    expect(sourceFingerprint(root).fingerprint).not.toBe(built.fingerprint);
    expect(distIsFresh(root)).toBe(false);
  });
});
