/**
 * Real socket.yml files generate (issue 9, items 1 and 6): `type: sting` and `cache: cache_key`
 * (from Syncano's own docs and CLI tests) are warnings with "did you mean" and the behaviour stated;
 * Python 2 scripts get SOCK026 at the script's line:col from the interpreter's own parser, and a
 * script's `interpreter:` / the project's `python` reach the generated runner.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { generateFixture } from '../support/generate-fixture.js';
import { buildProject } from '../../generator/pipeline.js';
import { createSpecFile } from '../../generator/core/spec-file.js';
import { existsSync, readFileSync } from 'node:fs';

const root = mkdtempSync(join(tmpdir(), 'sockgen-syncano-compat-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const hasPython = spawnSync('python3', ['--version']).status === 0;

function project(name: string, yaml: string, files: Record<string, string> = {}): string {
  const folder = join(root, name);
  mkdirSync(join(folder, 'specs/s/scripts'), { recursive: true });
  writeFileSync(join(folder, 'specs/s/socket.yml'), yaml);
  for (const [path, text] of Object.entries(files)) writeFileSync(join(folder, 'specs/s', path), text);
  return folder;
}

describe('Syncano files the platform accepted', () => {
  it('`type: sting` and `cache: cache_key` are warnings, and the socket generates', async () => {
    const folder = project(
      'typos',
      'name: s\nendpoints:\n  e:\n    cache: cache_key\n    script: t\nconfig:\n  prompt:\n    API_KEY: {type: sting, description: key}\ndependencies:\n  scripts:\n    t: {runtime_name: typescript}\n',
    );
    const result = await generateFixture(folder);
    expect(result.diagnosticsText).toBe(
      [
        'specs/s/socket.yml:4:5 warning SOCK013 `cache` `cache_key` is not a number of seconds: the endpoint is not cached (hint: did you mean a number, e.g. `cache: 30`?)',
        'specs/s/socket.yml:8:15 warning SOCK023 unknown config type `sting`: the value is treated as a string (hint: did you mean `string`? use one of string, integer, number, float, boolean)',
        '',
      ].join('\n'),
    );
    const definition = result.files.find((file) => file.path === 'generated/sockets/s/definition.ts')!.contents;
    expect(definition).not.toContain('cacheSeconds');
    expect(definition).toMatch(/type: 'string'/);
  });

  it.skipIf(!hasPython)('Python 2 syntax is SOCK026 at the script line:col; interpreter: and python reach the runner', async () => {
    const folder = project(
      'py2',
      'name: s\nendpoints:\n  a: {script: old}\n  b: {script: kept}\n  c: {script: fine}\ndependencies:\n  scripts:\n    old: {runtime_name: python_library_v5.0, file: scripts/old.py}\n    kept: {runtime_name: python_library_v4.2, file: scripts/kept.py, interpreter: python2.7}\n    fine: {runtime_name: python3, file: scripts/fine.py}\n',
      { 'scripts/old.py': 'import json\n\nprint "hello %s" % ARGS\n', 'scripts/kept.py': 'print(1)\n', 'scripts/fine.py': 'print(1)\n' },
    );
    const result = await generateFixture(folder);
    expect(result.diagnosticsText).toMatch(/^specs\/s\/scripts\/old\.py:3:1 warning SOCK026 Python 2 syntax \(Missing parentheses in call to 'print'.*\): python3 cannot run this script as it is \(hint: .*2to3 -w specs\/s\/scripts\/old\.py.*interpreter: python2\.7.*\)\n$/);
    const scripts = result.files.find((file) => file.path === 'generated/sockets/s/scripts.ts')!.contents;
    expect(scripts).toContain("python: 'python2.7'");

    // The project's `python` (sockgen.config.json) reaches every Python runner as projectPython.
    const specPath = 'specs/s/socket.yml';
    const built = await buildProject(
      [createSpecFile(specPath, join(folder, specPath), readFileSync(join(folder, specPath), 'utf8'))],
      { root: folder, strict: false, python: 'python3', exists: (path) => existsSync(join(folder, path)), readText: (path) => readFileSync(join(folder, path), 'utf8') },
      { outDir: 'generated', handlersDir: 'handlers', explicitFiles: false },
    );
    expect(built.files.find((file) => file.path === 'generated/sockets/s/scripts.ts')!.contents).toContain("projectPython: 'python3'");
  });
});
