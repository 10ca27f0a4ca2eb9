/**
 * Where generated files cannot go: `out` or `handlers` naming a file, a file standing where a
 * folder must be created, `--watch` of a missing folder. Each is one line and exit 2, not an
 * internal-error stack.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '../../bin/sockgen.mjs');
const example = join(import.meta.dirname, '../fixtures/sockets-examples/input/specs/hello_world');
let project: string;

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'sockgen-write-'));
  cpSync(example, join(project, 'specs/hello_world'), { recursive: true });
  writeFileSync(join(project, 'a-file'), 'not a folder\n');
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

function run(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stderr: result.stderr };
}

function expectOneLine(result: { code: number | null; stderr: string }, message: string | RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toContain('internal error');
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

describe('output that cannot be written', () => {
  it('refuses --out or --handlers naming a file', () => {
    expectOneLine(run(project, '--out', 'a-file'), 'a-file is a file, but `out` must be a folder');
    expectOneLine(run(project, '--out', 'gen', '--handlers', 'a-file'), 'a-file is a file, but `handlers` must be a folder');
  }, 60_000);

  it('names the path when a file stands where a folder must be made', () => {
    mkdirSync(join(project, 'blocked/sockets'), { recursive: true });
    writeFileSync(join(project, 'blocked/sockets/hello_world'), 'in the way\n');
    expectOneLine(run(project, '--out', 'blocked', '--handlers', 'blocked-handlers'), /cannot write blocked\/sockets\/hello_world\/\S+: EEXIST/);
  }, 60_000);

  it('--watch of a folder that does not exist says so', () => {
    const empty = mkdtempSync(join(tmpdir(), 'sockgen-watch-none-'));
    try {
      expectOneLine(run(empty, '--watch'), 'cannot watch specs: no such file or folder');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  }, 60_000);
});
