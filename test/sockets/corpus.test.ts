/**
 * Corpus (test/corpus/sockets, see its README for origins and licences): every real socket.yml
 * generates without errors, and exactly the scripts with Python 2 syntax get SOCK026.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateFixture } from '../support/generate-fixture.js';

const corpus = fileURLToPath(new URL('../corpus/sockets/', import.meta.url));
const sockets = readdirSync(corpus, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
const root = mkdtempSync(join(tmpdir(), 'sockgen-sockets-corpus-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const hasPython = spawnSync('python3', ['--version']).status === 0;

/** Script files a socket.yml names (`file: scripts/x.py`). */
function namedScripts(yaml: string): string[] {
  return [...yaml.matchAll(/^\s*file:\s*(\S+)\s*$/gm)].map((match) => match[1]!);
}

describe('socket.yml corpus', () => {
  it('has the files its README lists', () => {
    expect(sockets).toEqual(['cli_docs_example', 'cli_template', 'hello_world', 'mailgun_integration', 'my_tweet1']);
  });

  it.each(sockets)('%s generates without errors', async (name) => {
    const project = join(root, name);
    cpSync(join(corpus, name), join(project, 'specs/sockets', name), { recursive: true });
    const yaml = readFileSync(join(project, 'specs/sockets', name, 'socket.yml'), 'utf8');
    // The docs example names script files the docs never shipped (README): empty stand-ins.
    for (const script of namedScripts(yaml)) {
      const path = join(project, 'specs/sockets', name, script);
      if (!existsSync(path)) {
        mkdirSync(join(path, '..'), { recursive: true });
        writeFileSync(path, '');
      }
    }
    const result = await generateFixture(project);
    const errors = result.diagnosticsText.split('\n').filter((line) => / error /.test(line));
    expect(errors).toEqual([]);
    expect(result.files.some((file) => file.path === 'generated/sockets/server.ts')).toBe(true);
    if (!hasPython) return;
    // SOCK026 exactly where Python 3 cannot compile a script for Python 2 reasons (none in this corpus so far).
    const python2 = namedScripts(yaml).filter((script) => {
      const check = spawnSync('python3', ['-c', 'import sys; compile(open(sys.argv[1]).read(), sys.argv[1], "exec")', join(project, 'specs/sockets', name, script)], { encoding: 'utf8' });
      return check.status !== 0 && /Missing parentheses|print/.test(check.stderr);
    });
    const warned = result.diagnosticsText.split('\n').filter((line) => line.includes(' SOCK026 ')).map((line) => line.split(':')[0]!.replace(`specs/sockets/${name}/`, ''));
    expect(warned.sort()).toEqual(python2.sort());
  });
});
