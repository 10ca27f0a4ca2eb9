/**
 * BEMCom's own connector files (test/corpus/connectors/, origins in its README.md) through the
 * generator: every file is claimed (no SPEC002), every finding is one well-formed line, the only
 * socket connector generates (or names its missing variable), the other connector kinds are
 * skipped with CONN070 — never silently.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusCases, runCorpusCase } from '../support/corpus-case.js';

const corpus = join(import.meta.dirname, '../corpus/connectors');
const cases = corpusCases(corpus);

/** Per case: the codes of its findings, in output order, and the connectors it generates. */
const expected: Record<string, { codes: string[]; connectors: string[] }> = {
  'aquametro-ambus-net-connector': { codes: ['CONN070'], connectors: [] },
  holl: { codes: ['CONN070', 'CONN070'], connectors: [] },
  'homematic-connector': { codes: ['CONN070'], connectors: [] },
  'keba-p30-connector': { codes: ['CONN070'], connectors: [] },
  'modbus-tcp-connector': { codes: ['CONN070'], connectors: [] },
  'node-red-template': { codes: ['CONN070'], connectors: [] },
  'python-template': { codes: ['CONN070'], connectors: [] },
  // Its .env (SERVER_PORT=...) is not in the repository: compose substitutes an empty value.
  'socket-connector': { codes: ['CONN002'], connectors: [] },
};

describe('BEMCom corpus (issue 9)', () => {
  it('has an expectation for every case', () => {
    expect(cases).toEqual(Object.keys(expected).sort());
  });

  it.each(cases)('%s', async (name) => {
    const { result, codes } = await runCorpusCase(corpus, name);
    expect(codes, result.diagnosticsText).toEqual(expected[name]!.codes);
    const connectors = [...new Set(result.files.filter((f) => f.path.startsWith('generated/connectors/')).map((f) => f.path.split('/')[2]))];
    expect(connectors).toEqual(expected[name]!.connectors);
  });
});
