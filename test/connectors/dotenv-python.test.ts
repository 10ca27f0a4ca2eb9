/**
 * The original connector reads its `.env` with python-dotenv (`load_dotenv()`), as docker-compose
 * 1.x did, which BEMCom deployed with. Differential tests against the real python-dotenv on this
 * machine, not our idea of it:
 * - every `.env` of the corpus, the specs and the fixtures reads the same in sockgen and in
 *   python-dotenv;
 * - a `.env` sockgen writes gives python-dotenv back every value, for hostile and generated
 *   values. Values holding `$` are left to compose.test.ts: python-dotenv expands `${X}` even in
 *   single quotes and takes no `\$` escape, docker compose does the opposite, and sockgen writes
 *   for compose (docs/connectors.md).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dotEnvValues, formatDotEnv } from '../../runtime/connector/dotenv.js';

const root = join(import.meta.dirname, '../..');

// Reads each text of a JSON list with python-dotenv as load_dotenv() would (interpolating).
const reader = `
import io, json, sys, warnings
from dotenv import dotenv_values
warnings.simplefilter("ignore")
print(json.dumps([dict(dotenv_values(stream=io.StringIO(text))) for text in json.load(sys.stdin)]))
`;

function pythonDotenvAvailable(): boolean {
  const probe = spawnSync('python3', ['-c', 'import dotenv'], { encoding: 'utf8' });
  if (probe.status === 0) return true;
  const message = 'python3 with python-dotenv (the original connector\'s .env reader) is not on this machine';
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`skipping the python-dotenv comparisons: ${message}`);
  return false;
}
const available = pythonDotenvAvailable();

/** python-dotenv's reading of each text (one python3 process for all). */
function pythonReads(texts: readonly string[]): Record<string, string | null>[] {
  const result = spawnSync('python3', ['-c', reader], { input: JSON.stringify(texts), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`python-dotenv failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, string | null>[];
}

function envFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : envFiles(path);
    return name === '.env' || name.endsWith('.env') ? [path] : [];
  });
}

// Values a connector's settings could hold, with every character quoting cares about, but no `$`.
const hostile = ['plain', 'two words', 'a # not a comment', "it's", 'say "hi"', 'back\\slash \\n', 'ends with \\', 'double \\\\ back', "quote at end'", 'tab\there', 'line\nbreak', 'cr\rlf', ' lead and trail ', '', '#start', '=eq=', 'ünïcödé ✓', "mix ' and \\ and \" and #"];

describe.skipIf(!available)('.env files as python-dotenv reads them', () => {
  it('every .env of the corpus, the specs and the fixtures reads the same in sockgen', () => {
    const files = ['test/corpus', 'specs', 'test/fixtures'].flatMap((folder) => envFiles(join(root, folder)));
    expect(files.length).toBeGreaterThan(8);
    const texts = files.map((file) => readFileSync(file, 'utf8'));
    const python = pythonReads(texts);
    texts.forEach((text, index) => expect(dotEnvValues(text), relative(root, files[index]!)).toEqual(python[index]));
  });

  it('gives python-dotenv back every hostile value sockgen writes', () => {
    const texts = hostile.map((value) => formatDotEnv({ SERVER_IP: value, CONNECTOR_NAME: 'x' }));
    const python = pythonReads(texts);
    hostile.forEach((value, index) => expect(python[index], texts[index]).toEqual({ SERVER_IP: value, CONNECTOR_NAME: 'x' }));
  });

  it('gives python-dotenv back generated values', () => {
    const values = fc.sample(fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '\t', '#', "'", '"', '\\', '\n', '\r', '=', 'é', '{', '}', 'n'), maxLength: 12 }), { numRuns: 300, seed: 10 });
    const texts = values.map((value) => formatDotEnv({ SERVER_IP: value }));
    const python = pythonReads(texts);
    values.forEach((value, index) => expect(python[index], JSON.stringify(texts[index])).toEqual({ SERVER_IP: value }));
  });
});
