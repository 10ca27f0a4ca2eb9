/**
 * Runs one corpus case (a folder of strangers' files under test/corpus/<kind>/) through the whole
 * generator in a temporary project, and checks the shape every finding must have.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { generateFixture } from './generate-fixture.js';

/** The case folders of a corpus, sorted. */
export function corpusCases(corpus: string): string[] {
  return readdirSync(corpus, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Generates `specs/<name>/` from the case; returns the result and its finding codes in order. */
export async function runCorpusCase(corpus: string, name: string): Promise<{ result: Awaited<ReturnType<typeof generateFixture>>; codes: string[] }> {
  const root = mkdtempSync(join(tmpdir(), 'sockgen-corpus-'));
  try {
    cpSync(join(corpus, name), join(root, 'specs', name), { recursive: true });
    const result = await generateFixture(root);
    const lines = result.diagnosticsText.split('\n').filter(Boolean);
    for (const line of lines) expect(line).toMatch(/^\S+:\d+:\d+ (error|warning|info) [A-Z]+\d+ .+$/);
    return { result, codes: lines.map((line) => line.split(' ')[2]!) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
