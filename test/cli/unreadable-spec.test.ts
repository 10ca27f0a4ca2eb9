/**
 * A path under specs/ that looks like a spec but cannot be read (a broken symlink, a folder or a
 * link to one named `*.yml`) is a SPEC003 diagnostic at file:1:1 and exit 1, not a crash.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '../../bin/sockgen.mjs');
const project = mkdtempSync(join(tmpdir(), 'sockgen-unreadable-'));
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('unreadable spec paths', () => {
  it('reports each one as SPEC003 and writes nothing', () => {
    mkdirSync(join(project, 'specs/a'), { recursive: true });
    writeFileSync(join(project, 'specs/a/socket.yml'), 'name: a\nendpoints: {e: {script: s}}\ndependencies: {scripts: {s: {runtime_name: typescript}}}\n');
    symlinkSync(join(project, 'no-such-target.yml'), join(project, 'specs/a/broken.yml'));
    symlinkSync(join(project, 'specs/a'), join(project, 'specs/linked.yml'), 'dir');
    const result = spawnSync(process.execPath, [bin], { cwd: project, encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^specs\/a\/broken\.yml:1:1 error SPEC003 cannot read this file: ENOENT/m);
    expect(result.stderr).toMatch(/^specs\/linked\.yml:1:1 error SPEC003 cannot read this file: it is a folder/m);
    expect(result.stderr).not.toContain('internal error');
    expect(result.stderr).toContain('nothing was written');
  }, 60_000);
});
