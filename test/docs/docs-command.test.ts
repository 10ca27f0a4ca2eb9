/**
 * `sockgen docs <asyncapi-file>` through the real bin: an MQTT connector document (no generated
 * server serves it) gets the same renderer page, plain page and resolved JSON as the Socket.IO
 * servers; SIGTERM stops it with exit 0; a broken document is MOCK002 and exit 1; no file, exit 2.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { asyncApiPageCsp } from '../../runtime/docs/asyncapi-page.js';

const repo = join(import.meta.dirname, '../..');
const bin = join(repo, 'bin/sockgen.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'sockgen-docs-cmd-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('sockgen docs', () => {
  it('serves an MQTT document on the renderer page and stops on SIGTERM', { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, [bin, 'docs', 'specs/connectors/room-climate-api/asyncapi.yaml', '--port', '0'], { cwd: repo });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /sockgen docs at (http:\/\/\S+)\/docs/.exec(output);
          if (match) resolve(match[1]!);
        });
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
      });
      const page = await fetch(`${url}/docs`);
      expect(page.headers.get('content-security-policy')).toBe(asyncApiPageCsp);
      expect(await page.text()).toContain('src="/docs/assets/asyncapi-standalone.js"');
      const document = (await (await fetch(`${url}/docs/asyncapi.json`)).json()) as { info: { title: string }; servers: Record<string, { protocol: string }> };
      expect(document.info.title).toBe('Room Climate API');
      expect(Object.values(document.servers).map((s) => s.protocol)).toEqual(['mqtt']);
      expect(await (await fetch(`${url}/docs/plain`)).text()).toContain('Room Climate API');
      const root = await fetch(`${url}/`, { redirect: 'manual' });
      expect([root.status, root.headers.get('location')]).toEqual([302, '/docs']);
      expect((await fetch(`${url}/other`)).status).toBe(404);
    } finally {
      const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
    }
  });

  it('refuses a broken document (exit 1) and a missing argument (exit 2)', { timeout: 60_000 }, () => {
    const broken = join(scratch, 'broken.yml');
    writeFileSync(broken, 'asyncapi: 3.0.0\ninfo: {}\n');
    const bad = spawnSync(process.execPath, [bin, 'docs', broken, '--port', '0'], { cwd: repo, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/broken\.yml:\d+:\d+ error MOCK002 /);
    const none = spawnSync(process.execPath, [bin, 'docs'], { cwd: repo, encoding: 'utf8' });
    expect(none.status).toBe(2);
    expect(none.stderr).toBe('sockgen: docs needs exactly one AsyncAPI file (usage: sockgen docs <asyncapi-file> [--port N] [--host addr])\n');
  });
});
