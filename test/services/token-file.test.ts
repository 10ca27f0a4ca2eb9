/** websockify's static token mode: parsing, and a live server following edits of the file. */
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEchoServer } from '../../handlers/services/echo-server.js';
import { parseTokenFile, startTunnelServer } from '../../runtime/tunnel/index.js';
import { closed, echo, openTunnel, refusal } from './tunnel-helpers.js';

const folder = mkdtempSync(join(tmpdir(), 'sockgen-tokens-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('parseTokenFile', () => {
  it.each([
    ['vnc1: 127.0.0.1:5901', 'vnc1', { host: '127.0.0.1', port: 5901 }],
    ['  spaced :  host.example:80  # comment', 'spaced', { host: 'host.example', port: 80 }],
    ['v6: [::1]:5900', 'v6', { host: '::1', port: 5900 }],
  ])('reads %j', (line, token, target) => {
    const parsed = parseTokenFile(line);
    expect(parsed.problems).toEqual([]);
    expect(parsed.targets.get(token)).toEqual(target);
  });

  it('skips comments and blank lines, and reports malformed lines by number', () => {
    const parsed = parseTokenFile('# tokens\n\nok: h:1\nno-colon\nbad: host\nport: h:99999\n');
    expect([...parsed.targets.keys()]).toEqual(['ok']);
    expect(parsed.problems).toEqual([
      'line 4: expected `token: host:port`, got `no-colon`',
      'line 5: expected `token: host:port`, got `bad: host`',
      'line 6: expected `token: host:port`, got `port: h:99999`',
    ]);
  });
});

describe('token file mode', () => {
  it('tunnels static tokens (reusable), and re-reads the file when it changes', async () => {
    const echoServer = await startEchoServer();
    const file = join(folder, 'tokens.cfg');
    writeFileSync(file, `# static targets\nvnc: 127.0.0.1:${echoServer.port}\n`);
    const logs: string[] = [];
    const server = await startTunnelServer({ host: '127.0.0.1', tokenFile: file, log: (line) => logs.push(line) });
    try {
      for (let i = 0; i < 2; i++) {
        const ws = await openTunnel(`${server.url.replace('http', 'ws')}/websockify?token=vnc`);
        expect((await echo(ws, Buffer.from(`round ${i}`))).toString()).toBe(`round ${i}`);
        ws.close();
        await closed(ws);
      }
      expect(await refusal(`${server.url.replace('http', 'ws')}/?token=other`)).toBe(401);

      writeFileSync(file, `other: 127.0.0.1:${echoServer.port}\nbroken line\n`);
      utimesSync(file, new Date(), new Date(Date.now() + 5000)); // a distinct mtime even on coarse clocks
      expect(await refusal(`${server.url.replace('http', 'ws')}/?token=vnc`)).toBe(401);
      const ws = await openTunnel(`${server.url.replace('http', 'ws')}/?token=other`);
      expect((await echo(ws, Buffer.from('moved'))).toString()).toBe('moved');
      ws.close();
      expect(logs.some((line) => line.includes('line 2: expected `token: host:port`'))).toBe(true);
      const status = (await (await fetch(`${server.url}/v1/status`)).json()) as { static_tokens: number };
      expect(status.static_tokens).toBe(1);
    } finally {
      await server.close();
      await echoServer.close();
    }
  });

  it('regression (issue 8/9 #15): a token directory (was 500 EISDIR) — every file in it, re-read when files change, come or go', async () => {
    const echoServer = await startEchoServer();
    const dir = join(folder, 'tokens.d');
    mkdirSync(dir);
    mkdirSync(join(dir, 'nested')); // not a file: ignored, as websockify's listdir+open would fail on it
    writeFileSync(join(dir, 'a.cfg'), `a: 127.0.0.1:${echoServer.port}\n`);
    writeFileSync(join(dir, 'b'), `b: 127.0.0.1:${echoServer.port}\n`);
    const server = await startTunnelServer({ host: '127.0.0.1', tokenFile: dir, log: () => {} });
    const ws = (token: string) => `${server.url.replace('http', 'ws')}/?token=${token}`;
    try {
      const status = await fetch(`${server.url}/v1/status`);
      expect(status.status).toBe(200);
      expect(((await status.json()) as { static_tokens: number }).static_tokens).toBe(2);
      for (const token of ['a', 'b']) {
        const socket = await openTunnel(ws(token));
        expect((await echo(socket, Buffer.from(token))).toString()).toBe(token);
        socket.close();
        await closed(socket);
      }
      writeFileSync(join(dir, 'c'), `c: 127.0.0.1:${echoServer.port}\n`);
      unlinkSync(join(dir, 'a.cfg'));
      expect(await refusal(ws('a'))).toBe(401);
      const socket = await openTunnel(ws('c'));
      expect((await echo(socket, Buffer.from('new file'))).toString()).toBe('new file');
      socket.close();
      await closed(socket);
    } finally {
      await server.close();
      await echoServer.close();
    }
  });
});
