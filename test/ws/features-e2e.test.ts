/**
 * The generated server and client of a hand-written 2.6 document (golden ws-features) over real
 * sockets: the server URL's path, an integer channel parameter, a headers binding, binary and
 * text/plain frames, dispatch without a discriminator, and security schemes as typed hooks —
 * bearer, api key in the query, and userPassword (hook reads the request; Basic from the URL).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { connectDevicesDeviceId } from '../fixtures/ws-features/expected/generated/asyncapi/devices/client.js';
import { createServer, type Handlers, type SecurityHooks } from '../fixtures/ws-features/expected/generated/asyncapi/devices/server.js';

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

const received: { name: string; payload: unknown }[] = [];
const errors: unknown[] = [];
const handlers: Handlers = {
  '/devices/{deviceId}': {
    messages: {
      command: (payload, connection) => {
        received.push({ name: 'command', payload });
        connection.send.reading({ value: connection.params.deviceId, unit: 'id' });
      },
      firmware: (bytes) => void received.push({ name: 'firmware', payload: [...bytes] }),
      note: (text) => void received.push({ name: 'note', payload: text }),
    },
    error: (error) => void errors.push(error),
  },
};
const security: SecurityHooks = {
  token: (token) => (token === 'good' ? { who: 'bearer' } : undefined),
  deviceKey: (key) => (key === 'k1' ? { who: 'key' } : undefined),
  login: ({ request }) => {
    // userPassword: no handshake field of its own; a Node client sends the URL's user:pass as Basic.
    const basic = request.headers.authorization?.replace(/^Basic /, '');
    return basic && Buffer.from(basic, 'base64').toString() === 'ann:pw' ? { who: 'ann' } : undefined;
  },
  cert: (certificate) => (certificate.subject?.CN === 'device-7' ? { who: 'device-7' } : undefined),
};

async function start() {
  const server = await createServer({ handlers, security });
  open.push(server);
  const port = await server.listen(0);
  return { server, base: `ws://127.0.0.1:${port}/api` };
}

describe('ws-features: generated server and client', () => {
  it('dispatches JSON, binary and text frames; the parameter arrives as a number', async () => {
    received.length = 0;
    const { base } = await start();
    const client = connectDevicesDeviceId(base, { params: { deviceId: 7 }, query: { key: 'k1' }, headers: { 'x-firmware': '1.2' } });
    open.push(client);
    await client.opened();
    const readings: unknown[] = [];
    client.on('reading', (r) => readings.push(r));
    client.send.command({ op: 'reboot', id: 'a' });
    client.send.firmware(new Uint8Array([0, 255, 7]));
    client.send.note('hello');
    await expect.poll(() => received.map((r) => r.name)).toEqual(['command', 'firmware', 'note']);
    expect(received[1]!.payload).toEqual([0, 255, 7]);
    expect(received[2]!.payload).toBe('hello');
    await expect.poll(() => readings).toEqual([{ value: 7, unit: 'id' }]);
    expect(() => client.send.note('x'.repeat(21))).toThrow(/payload must NOT have more than 20 characters/);
  });

  it('runs the security hooks and the handshake bindings', async () => {
    const { base } = await start();
    const status = (path: string, headers: Record<string, string> = {}, root = base) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(root.replace('ws://', path.startsWith('@') ? 'ws://ann:pw@' : 'ws://') + path.replace(/^@/, ''), { headers });
        ws.on('unexpected-response', (_, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => (ws.close(), resolve(101)));
        ws.on('error', () => {});
      });
    expect(await status('/devices/1')).toBe(401);
    expect(await status('/devices/1', { authorization: 'Bearer bad' })).toBe(401);
    expect(await status('/devices/1', { authorization: 'Bearer good' })).toBe(101);
    expect(await status('/devices/1?key=k1')).toBe(101);
    expect(await status('@/devices/1')).toBe(101);
    expect(await status('/devices/0?key=k1')).toBe(400);
    expect(await status('/devices/1?key=k1', { 'x-firmware': 'latest' })).toBe(400);
    // The channels live under the server URL's path.
    expect(await status('/devices/1?key=k1', {}, base.replace('/api', ''))).toBe(404);
  });

  it('checks the X509 scheme against the TLS client certificate when the server runs TLS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sockgen-ws-tls-'));
    try {
      const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
      ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=test-ca');
      for (const name of ['server', 'device-7', 'device-8']) {
        ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name === 'server' ? '127.0.0.1' : name}`);
        ssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '1');
      }
      const file = (name: string) => readFileSync(join(dir, name));
      const httpServer = createHttpsServer({ key: file('server.key'), cert: file('server.pem'), ca: file('ca.pem'), requestCert: true, rejectUnauthorized: false });
      const server = await createServer({ handlers, security, httpServer });
      open.push(server, { close: () => new Promise((resolve) => httpServer.close(resolve)) });
      const port = await server.listen(0);
      const status = (clientName?: string) =>
        new Promise<number>((resolve) => {
          const ws = new WebSocket(`wss://127.0.0.1:${port}/api/devices/1`, {
            ca: file('ca.pem'),
            checkServerIdentity: (() => undefined) as never,
            ...(clientName ? { cert: file(`${clientName}.pem`), key: file(`${clientName}.key`) } : {}),
          });
          ws.on('unexpected-response', (_, res) => resolve(res.statusCode ?? 0));
          ws.on('open', () => (ws.close(), resolve(101)));
          ws.on('error', () => resolve(-1));
        });
      expect(await status('device-7')).toBe(101);
      expect(await status('device-8')).toBe(401);
      // No client certificate: the TLS handshake passes (rejectUnauthorized: false), the hook is not even asked.
      expect(await status()).toBe(401);
      const kept = new WebSocket(`wss://127.0.0.1:${port}/api/devices/1`, { ca: file('ca.pem'), checkServerIdentity: (() => undefined) as never, cert: file('device-7.pem'), key: file('device-7.key') });
      open.push(kept);
      await new Promise((resolve) => kept.once('open', resolve));
      const [connection] = [...server.channels['/devices/{deviceId}'].connections];
      expect(connection?.security).toEqual({ cert: { who: 'device-7' } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
