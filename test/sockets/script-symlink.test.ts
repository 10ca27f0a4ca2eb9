/**
 * Regression (issue 8, item 7): a script file that is a symlink to a file outside the socket's
 * folder (/etc/passwd) passed the "inside the socket's folder" check, and serving it sent the
 * file's first line to the client. Real paths are checked at generation (SOCK009) and when serving.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeScript, pythonScript } from 'sockgen/runtime/http';
import { generateFixture } from '../support/generate-fixture.js';
import { mount, socket, startHost } from '../runtime-http/support.js';

const root = mkdtempSync(join(tmpdir(), 'sockgen-script-symlink-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const hasPython = spawnSync('python3', ['--version']).status === 0;

describe('script files that are symlinks', () => {
  it('SOCK009 at generation for a link that resolves outside the socket folder; a link inside is fine', async () => {
    mkdirSync(join(root, 'specs/s/scripts'), { recursive: true });
    writeFileSync(join(root, 'specs/s/scripts/real.py'), 'print(1)\n');
    symlinkSync('/etc/passwd', join(root, 'specs/s/scripts/passwd.py'));
    symlinkSync('real.py', join(root, 'specs/s/scripts/alias.py'));
    writeFileSync(
      join(root, 'specs/s/socket.yml'),
      'name: s\nendpoints:\n  a: {script: bad}\n  b: {script: good}\ndependencies:\n  scripts:\n    bad: {runtime_name: python3, file: scripts/passwd.py}\n    good: {runtime_name: python3, file: scripts/alias.py}\n',
    );
    const result = await generateFixture(root);
    expect(result.diagnosticsText).toMatch(/^specs\/s\/socket\.yml:7:\d+ error SOCK009 script file `scripts\/passwd\.py` resolves \(through a symlink\) outside the socket's folder/);
    expect(result.diagnosticsText.trim().split('\n')).toHaveLength(1);
  });

  it.skipIf(!hasPython)('a Python runner refuses a link outside its root when serving, without showing the file', async () => {
    const folder = join(root, 'serve');
    mkdirSync(folder, { recursive: true });
    symlinkSync('/etc/passwd', join(folder, 'passwd.py'));
    const handlers = { bad: pythonScript({ file: join(folder, 'passwd.py'), root: folder }) };
    const running = await startHost({ sockets: [mount(socket('sym', [{ name: 'a', routes: [{ method: '*', script: 'bad' }] }]), handlers)] });
    try {
      const response = await fetch(`${running.base}/endpoints/sockets/sym/a/`);
      const text = await response.text();
      expect(response.status).toBe(500);
      expect(text).not.toContain('root:');
      expect(running.logs.join('\n')).toContain('resolves (through a symlink) outside');
    } finally {
      await running.host.close();
    }
  });

  it('a Node runner refuses it when it is created', () => {
    const folder = join(root, 'node');
    mkdirSync(folder, { recursive: true });
    symlinkSync('/etc/passwd', join(folder, 'passwd.js'));
    expect(() => nodeScript({ file: join(folder, 'passwd.js') })).toThrow(/outside the socket's folder/);
  });
});
