/**
 * `sockgen mock` on plain WebSocket documents, through the real CLI: the Kraken example is served
 * as plain WebSocket (a Socket.IO document still gets the Socket.IO mock); the generated typed
 * client, which validates everything it receives, gets fake valid replies carrying its reqid and
 * fake valid server messages every interval; SIGTERM stops it with exit 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { connectMain } from '../fixtures/ws-examples/expected/generated/asyncapi/kraken/client.js';

const root = join(import.meta.dirname, '..', '..');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function startMock(spec: string, extra: string[] = []): Promise<{ child: ChildProcess; firstLine: string }> {
  const child = spawn(process.execPath, [join(root, 'bin/sockgen.mjs'), 'mock', spec, '--port', '0', '--quiet', '--seed', '7', ...extra], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk) => {
      out += String(chunk);
      if (out.includes('\n')) resolve({ child, firstLine: out.split('\n')[0]! });
    });
    child.stderr!.on('data', (chunk) => (err += String(chunk)));
    child.once('exit', (code) => reject(new Error(`mock exited ${code}: ${err}`)));
  });
}

describe('sockgen mock, plain WebSocket', () => {
  it('answers requests with fake valid replies and sends fake valid messages', async () => {
    const { child, firstLine } = await startMock('test/fixtures/ws-examples/input/specs/asyncapi/kraken.yml', ['--interval', '100']);
    const url = /listening on (ws:\/\/\S+)/.exec(firstLine)?.[1];
    expect(firstLine).toContain('plain WebSocket');
    expect(url).toBeDefined();
    const client = connectMain(url!);
    try {
      const invalid: unknown[] = [];
      client.on('invalid', (i) => invalid.push(i));
      const statuses: unknown[] = [];
      client.on('systemStatus', (s) => statuses.push(s));
      await client.opened();
      expect(await client.request.receivePing({ event: 'ping', reqid: 31 })).toMatchObject({ event: 'pong', reqid: 31 });
      const reply = await client.request.subscribe({ event: 'subscribe', reqid: 32, subscription: { name: 'book' } });
      expect(reply).toMatchObject({ event: expect.stringMatching(/^(subscriptionStatus|currencyInfo)$/), reqid: 32 });
      await expect.poll(() => statuses.length, { timeout: 3000 }).toBeGreaterThan(1);
      expect(invalid).toEqual([]);
    } finally {
      client.close();
    }
    const exit = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  it('checks the handshake and security like the generated server; any non-empty credential of a declared kind passes', async () => {
    const { firstLine } = await startMock('test/fixtures/ws-features/input/specs/asyncapi/devices.yml');
    const url = /listening on (ws:\/\/\S+)/.exec(firstLine)![1]!;
    const status = (path: string, headers: Record<string, string> = {}) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`${url}${path}`, { headers });
        ws.on('unexpected-response', (_, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => (ws.close(), resolve(101)));
        ws.on('error', () => resolve(-1));
      });
    const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    expect(await status('/devices/1')).toBe(401);
    expect(await status('/devices/1', { authorization: 'Bearer anything' })).toBe(101);
    expect(await status('/devices/1?key=any')).toBe(101);
    // userPassword: the URL's user:pass@, which Node clients send as Authorization: Basic.
    expect(await status('/devices/1', { authorization: basic('someone', 'secret') })).toBe(101);
    expect(await status('/devices/1', { authorization: basic('someone', '') })).toBe(401);
    expect(await status('/devices/1?key=')).toBe(401);
    // The handshake binding and the parameters are checked as before.
    expect(await status('/devices/0', { authorization: 'Bearer anything' })).toBe(400);
    expect(await status('/devices/1', { authorization: 'Bearer anything', 'x-firmware': 'latest' })).toBe(400);
  });

  it('still serves a Socket.IO document with the Socket.IO mock', async () => {
    const { firstLine } = await startMock('specs/asyncapi/chat.yml');
    expect(firstLine).toMatch(/listening on http:\/\/\S+ path \/chat\/socket\.io/);
  });
});
