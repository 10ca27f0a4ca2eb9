/**
 * Runs that name specs, as the README shows them: an ad hoc run into a folder outside the project
 * (`--out ../elsewhere`), and a run of one spec of a project, which must regenerate that spec and
 * leave every other spec's output alone.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '../../bin/sockgen.mjs');
const example = join(import.meta.dirname, '../fixtures/sockets-examples/input');

function run(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(folder.length + 1))
    .sort();
}

describe('runs that name specs', () => {
  let sandbox: string;
  let project: string;
  beforeEach(() => {
    sandbox = mkdtempSync(join(tmpdir(), 'sockgen-named-'));
    project = join(sandbox, 'project');
    mkdirSync(project);
    cpSync(example, project, { recursive: true });
  });
  afterEach(() => rmSync(sandbox, { recursive: true, force: true }));

  it('--out may name a folder outside the project; stubs default to <out>/handlers', () => {
    const result = run(project, 'specs/hello_world/socket.yml', '--out', '../elsewhere');
    expect(result.stderr).not.toContain('internal error');
    expect(result.code).toBe(0);
    const out = join(sandbox, 'elsewhere');
    expect(filesUnder(out)).toContain('sockets/hello_world/server.ts');
    expect(filesUnder(out)).toContain('handlers/sockets/hello_world/hello.ts');
    expect(readFileSync(join(out, 'sockets/hello_world/handlers.ts'), 'utf8')).toContain("from '../../handlers/sockets/hello_world/hello.js'");
    // Nothing landed in the project itself.
    expect(existsSync(join(project, 'generated'))).toBe(false);
    expect(existsSync(join(project, 'handlers'))).toBe(false);
    expect(run(project, 'specs/hello_world/socket.yml', '--out', '../elsewhere', '--check').code).toBe(0);
  });

  it('--handlers puts the stubs of an ad hoc run where it says', () => {
    expect(run(project, 'specs/hello_world/socket.yml', '--out', '../out', '--handlers', '../stubs').code).toBe(0);
    expect(filesUnder(join(sandbox, 'stubs'))).toEqual(['sockets/hello_world/hello.ts']);
    expect(readFileSync(join(sandbox, 'out/sockets/hello_world/handlers.ts'), 'utf8')).toContain("from '../../../stubs/sockets/hello_world/hello.js'");
  });

  it('generating one spec of a project keeps the output of every other spec', () => {
    expect(run(project).code).toBe(0);
    const before = filesUnder(join(project, 'generated'));
    expect(before.some((path) => path.startsWith('sockets/my_custom_socket_3/'))).toBe(true);
    const spec = join(project, 'specs/hello_world/socket.yml');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('description: The smallest socket', 'description: A changed socket'));
    const named = run(project, 'specs/hello_world/socket.yml');
    expect(named.code).toBe(0);
    expect(named.stderr).toMatch(/ 0 deleted/);
    expect(filesUnder(join(project, 'generated'))).toEqual(before);
    expect(readFileSync(join(project, 'generated/sockets/hello_world/definition.ts'), 'utf8')).toContain('A changed socket');
    // Files that gather every socket still list them all.
    expect(readFileSync(join(project, 'generated/sockets/server.ts'), 'utf8')).toContain('my_custom_socket_3');
    expect(run(project, '--check').code).toBe(0);
  });

  it('a run that names specs still deletes the output of a spec that was removed', () => {
    expect(run(project).code).toBe(0);
    rmSync(join(project, 'specs/raw_json'), { recursive: true });
    expect(run(project, 'specs/hello_world/socket.yml').code).toBe(0);
    expect(filesUnder(join(project, 'generated')).some((path) => path.startsWith('sockets/my_custom_socket_3/'))).toBe(false);
    expect(run(project, '--check').code).toBe(0);
  });

  it('two ad hoc runs into one folder keep each other\'s output', () => {
    expect(run(project, 'specs/hello_world/socket.yml', '--out', '../shared-out').code).toBe(0);
    const rawSpec = filesUnder(join(project, 'specs/raw_json'))[0]!;
    expect(run(project, `specs/raw_json/${rawSpec}`, '--out', '../shared-out').code).toBe(0);
    const files = filesUnder(join(sandbox, 'shared-out'));
    expect(files).toContain('sockets/hello_world/server.ts');
    expect(files.some((path) => path.startsWith('sockets/my_custom_socket_3/'))).toBe(true);
  });
});
