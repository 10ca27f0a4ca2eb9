/**
 * Golden fixtures: each `test/fixtures/<case>/input` is a small project (specs under `specs/`);
 * `expected/` holds every file the run produces (generated/ and handlers/ stubs), `ir.json`, and
 * `diagnostics.txt` when the run reports anything. `UPDATE_GOLDENS=1` rewrites them on purpose.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateFixture } from './support/generate-fixture.js';

const fixturesRoot = join(import.meta.dirname, 'fixtures');
const update = process.env.UPDATE_GOLDENS === '1';
const cases = existsSync(fixturesRoot) ? readdirSync(fixturesRoot).filter((name) => existsSync(join(fixturesRoot, name, 'input'))).sort() : [];

function listFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)).replace(/\\/g, '/'))
    .sort();
}

/** The IR sections this case filled: a case's golden must not change when another kind's IR does. */
function nonEmptySections(ir: object): object {
  const isEmpty = (section: unknown) => typeof section === 'object' && section !== null && Object.values(section).every((v) => Array.isArray(v) && v.length === 0);
  return Object.fromEntries(Object.entries(ir).filter(([, section]) => !isEmpty(section)));
}

describe.each(cases)('golden %s', (name) => {
  it('produces exactly the expected files and diagnostics', async () => {
    const input = join(fixturesRoot, name, 'input');
    const expectedDir = join(fixturesRoot, name, 'expected');
    const result = await generateFixture(input);
    const actual = new Map<string, string>(result.files.map((file) => [file.path, file.contents]));
    if (result.diagnosticsText) actual.set('diagnostics.txt', result.diagnosticsText);
    if (result.ir) actual.set('ir.json', JSON.stringify(nonEmptySections(result.ir), null, 2) + '\n');

    if (update) {
      rmSync(expectedDir, { recursive: true, force: true });
      for (const [path, contents] of actual) {
        mkdirSync(dirname(join(expectedDir, path)), { recursive: true });
        writeFileSync(join(expectedDir, path), contents);
      }
    }
    expect([...actual.keys()].sort()).toEqual(listFiles(expectedDir));
    for (const [path, contents] of actual) expect(contents, path).toBe(readFileSync(join(expectedDir, path), 'utf8'));
  });
});
