/**
 * `npx generate` where there is nothing to generate: a folder without specs gets no generated/
 * (and `--check` passes); a project whose last spec was removed still has its output deleted.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '../../bin/sockgen.mjs');
const example = join(import.meta.dirname, '../fixtures/sockets-examples/input/specs/hello_world');
const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function run(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stderr: result.stderr };
}

function scratch(): string {
  const folder = mkdtempSync(join(tmpdir(), 'sockgen-empty-'));
  folders.push(folder);
  return folder;
}

describe('npx generate with no specs', () => {
  it('writes nothing in a folder without specs, and --check passes there', () => {
    const folder = scratch();
    const generate = run(folder);
    expect(generate.code).toBe(0);
    expect(generate.stderr).toContain('nothing to generate');
    expect(existsSync(join(folder, 'generated'))).toBe(false);
    expect(run(folder, '--check').code).toBe(0);
  }, 60_000);

  it('still deletes the output of a project whose last spec was removed', () => {
    const folder = scratch();
    cpSync(example, join(folder, 'specs/hello_world'), { recursive: true });
    expect(run(folder, '--quiet').code).toBe(0);
    expect(existsSync(join(folder, 'generated/sockets/hello_world/server.ts'))).toBe(true);
    rmSync(join(folder, 'specs'), { recursive: true });
    const after = run(folder);
    expect(after.code).toBe(0);
    expect(existsSync(join(folder, 'generated/sockets/hello_world/server.ts'))).toBe(false);
  }, 60_000);
});
