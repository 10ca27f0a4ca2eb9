/**
 * Strangers' services files (test/corpus/services/, origins in its README.md). No public ADR
 * deployment's services file was found; what exists under the name `external_services.json` is
 * other software's. sockgen claims such a file by its name, so it must answer with clean one-line
 * SVC findings (exit 1), never a crash or a silent skip.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusCases, runCorpusCase } from '../support/corpus-case.js';

const corpus = join(import.meta.dirname, '../corpus/services');
const cases = corpusCases(corpus);

/** Per case: the codes of its findings, in output order. */
const expected: Record<string, string[]> = {
  voxapps: ['SVC002', 'SVC002'],
};

describe('services corpus', () => {
  it('has an expectation for every case', () => {
    expect(cases).toEqual(Object.keys(expected).sort());
  });

  it.each(cases)('%s', async (name) => {
    const { result, codes } = await runCorpusCase(corpus, name);
    expect(codes, result.diagnosticsText).toEqual(expected[name]);
    expect(result.files).toEqual([]);
  });
});
