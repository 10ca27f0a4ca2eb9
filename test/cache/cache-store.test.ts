/**
 * Cache entry files (a JSON head line, then the output files' bytes): what is written reads back
 * exactly, whatever the files hold, and a file that is not a whole entry is no entry at all.
 */
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readEntry, writeEntry, type CacheEntry, type KindEntry } from '../../generator/core/cache-store.js';

const folder = mkdtempSync(join(tmpdir(), 'sockgen-cache-store-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const entryWith = (key: string, contents: readonly string[]): CacheEntry => ({
  key,
  dependencies: [{ path: 'specs/a.yml', probe: 'read', sha256: 'x'.repeat(64) }],
  diagnostics: [],
  files: contents.map((text, i) => ({ path: `generated/f${i}.ts`, contents: text, ownership: 'generated', specs: ['specs/a.yml'] })),
});
const isRun = (entry: CacheEntry) => Array.isArray(entry.files);

describe('cache entries', () => {
  it('read back exactly what was written, for any file contents (newlines, multi-byte text, none)', () => {
    let n = 0;
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme-composite' }), { maxLength: 5 }), (contents) => {
        const entry = entryWith(`k${n++}`, contents);
        writeEntry(folder, entry);
        expect(readEntry<CacheEntry>(folder, entry.key, isRun)).toEqual(entry);
      }),
      { numRuns: 100 },
    );
  });

  it('read back a kind entry (an IR, no files)', () => {
    const entry: KindEntry = { key: 'kind', dependencies: [], diagnostics: [], ir: { sockets: [{ name: 'é\n"' }] } };
    writeEntry(folder, entry);
    expect(readEntry<KindEntry>(folder, 'kind', (e) => 'ir' in e)).toEqual(entry);
  });

  it('are no entry when cut short, padded, or under another key', () => {
    const entry = entryWith('whole', ['export const a = 1;\n', 'ü'.repeat(1000)]);
    writeEntry(folder, entry);
    const path = join(folder, 'whole.entry');
    const bytes = readFileSync(path);
    for (const damaged of [bytes.subarray(0, bytes.length - 1), Buffer.concat([bytes, Buffer.from('x')]), bytes.subarray(0, bytes.indexOf(10))]) {
      writeFileSync(path, damaged);
      expect(readEntry<CacheEntry>(folder, 'whole', isRun)).toBeUndefined();
    }
    writeFileSync(join(folder, 'other.entry'), bytes);
    expect(readEntry<CacheEntry>(folder, 'other', isRun)).toBeUndefined();
    expect(readdirSync(folder).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
