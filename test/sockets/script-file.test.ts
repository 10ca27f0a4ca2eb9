/** A script `file:` must name a file: a folder exists too, but only failed at request time. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateFixture } from '../support/generate-fixture.js';

const root = mkdtempSync(join(tmpdir(), 'sockgen-script-file-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('script files', () => {
  it('refuses a folder given as a script file (SOCK008 at the file line)', async () => {
    mkdirSync(join(root, 'specs/s/scripts'), { recursive: true });
    writeFileSync(join(root, 'specs/s/scripts/ok.py'), "print('ok')\n");
    writeFileSync(
      join(root, 'specs/s/socket.yml'),
      [
        'name: s',
        'endpoints:',
        '  a: {script: folder}',
        '  b: {script: dot}',
        '  c: {script: ok}',
        'dependencies:',
        '  scripts:',
        '    folder: {runtime_name: python3, file: scripts}',
        '    dot: {runtime_name: python3, file: .}',
        '    ok: {runtime_name: python3, file: scripts/ok.py}',
        '',
      ].join('\n'),
    );
    const result = await generateFixture(root);
    const lines = result.diagnosticsText.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^specs\/s\/socket\.yml:8:\d+ error SOCK008 script file `scripts` is not a readable file/);
    expect(lines[1]).toMatch(/^specs\/s\/socket\.yml:9:\d+ error SOCK008 script file `\.` is not a readable file/);
  });
});
