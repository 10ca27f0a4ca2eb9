/**
 * Strangers' services files (test/corpus/services/, origins in its README.md). No public ADR
 * deployment's services file was found; what exists under the name `external_services.json` is
 * other software's. sockgen claims such a file by its name, so it must answer with clean one-line
 * SVC findings (exit 1), never a crash or a silent skip.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateFixture } from '../support/generate-fixture.js';

const corpus = join(import.meta.dirname, '../corpus/services');
const cases = readdirSync(corpus, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** Per case: the codes of its findings, in output order. */
const expected: Record<string, string[]> = {
  voxapps: ['SVC002', 'SVC002'],
};

describe('services corpus', () => {
  it('has an expectation for every case', () => {
    expect(cases).toEqual(Object.keys(expected).sort());
  });

  it.each(cases)('%s', async (name) => {
    const root = mkdtempSync(join(tmpdir(), 'sockgen-services-corpus-'));
    roots.push(root);
    cpSync(join(corpus, name), join(root, 'specs', name), { recursive: true });
    const result = await generateFixture(root);
    const lines = result.diagnosticsText.split('\n').filter(Boolean);
    for (const line of lines) expect(line).toMatch(/^\S+:\d+:\d+ (error|warning|info) [A-Z]+\d+ .+$/);
    expect(lines.map((line) => line.split(' ')[2]), result.diagnosticsText).toEqual(expected[name]);
    expect(result.files).toEqual([]);
  });
});
