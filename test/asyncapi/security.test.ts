/**
 * The security runtime over real sockets, on a hand-made spec: http basic (header and `auth`),
 * oauth2 scopes (default check and a custom x-scopeValidateFunc), apiKey in a header and a
 * cookie, alternatives (any one) and combined schemes (all of them), and what reaches `connect`.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSocketApiServer, type ApiSpec, type SocketApiServer } from '../../runtime/socketio/index.js';

const accept = () => true;
const spec: ApiSpec = {
  path: '/socket.io',
  document: { asyncapi: '2.6.0', info: { title: 'Security', version: '1' }, channels: {} },
  securitySchemes: {
    basic: { type: 'http', scheme: 'basic' },
    oauth: { type: 'oauth2' },
    scoped: { type: 'oauth2' },
    headerKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
    cookieKey: { type: 'apiKey', in: 'cookie', name: 'session' },
  },
  namespaces: [
    { name: '/basic', receive: {}, send: {}, security: [[{ scheme: 'basic', scopes: [] }]] },
    { name: '/admin', receive: {}, send: {}, security: [[{ scheme: 'oauth', scopes: ['admin'] }]] },
    { name: '/custom', receive: {}, send: {}, security: [[{ scheme: 'scoped', scopes: ['read'] }]] },
    // Either an API key in a header, or a session cookie.
    { name: '/either', receive: {}, send: {}, security: [[{ scheme: 'headerKey', scopes: [] }], [{ scheme: 'cookieKey', scopes: [] }]] },
    // Both an API key and basic credentials.
    { name: '/both', receive: {}, send: {}, security: [[{ scheme: 'basic', scopes: [] }, { scheme: 'headerKey', scopes: [] }]] },
    { name: '/open', receive: { ping: { validate: accept } }, send: {}, security: [] },
  ],
};

const connected: { namespace: string; security: unknown }[] = [];
const handlers = Object.fromEntries(
  spec.namespaces.map((ns) => [
    ns.name,
    {
      events: { ping: () => 'pong' },
      connect: (_socket: unknown, security: unknown) => {
        connected.push({ namespace: ns.name, security });
      },
    },
  ]),
);
const security = {
  basic: (user: string, password: string) => (user === 'ann' && password === 'pw:with:colons' ? { user } : undefined),
  oauth: { tokenInfo: (token: string) => (token === 'admin-token' ? { sub: 'root', scope: 'read admin' } : token === 'reader' ? { sub: 'r', scopes: ['read'] } : undefined) },
  scoped: {
    tokenInfo: (token: string) => ({ sub: token, scopes: [] }),
    scopeValidate: (required: readonly string[], granted: readonly string[]) => {
      void granted;
      return required.includes('read');
    },
  },
  headerKey: (key: string) => (key === 'k1' ? { key } : undefined),
  cookieKey: async (key: string) => (key === 's1' ? { session: key } : undefined),
};

let server: SocketApiServer;
let url: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await createSocketApiServer(spec, handlers, security, { docs: false });
  url = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server?.close();
});

function attempt(namespace: string, options: Parameters<typeof io>[1] = {}): Promise<{ ok: true } | { ok: false; type: unknown; message: string }> {
  const socket = io(url + namespace, { reconnection: false, forceNew: true, ...options });
  sockets.push(socket);
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ ok: true }));
    socket.once('connect_error', (error: Error & { data?: { type?: unknown } }) => resolve({ ok: false, type: error.data?.type, message: error.message }));
  });
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('security on connect', () => {
  it('http basic: header or auth payload; the password may contain colons', async () => {
    expect(await attempt('/basic', { extraHeaders: { authorization: basic('ann', 'pw:with:colons') } })).toEqual({ ok: true });
    expect(await attempt('/basic', { auth: { username: 'ann', password: 'pw:with:colons' } })).toEqual({ ok: true });
    expect(await attempt('/basic', { extraHeaders: { authorization: basic('ann', 'wrong') } })).toMatchObject({ ok: false, type: 'unauthorized' });
    expect(await attempt('/basic')).toMatchObject({ ok: false, type: 'unauthorized', message: expect.stringMatching(/missing basic credentials/) });
    expect(connected).toContainEqual({ namespace: '/basic', security: { user: 'ann' } });
  });

  it('oauth2: the token info must grant the required scopes (scope string or scopes array)', async () => {
    expect(await attempt('/admin', { auth: { token: 'admin-token' } })).toEqual({ ok: true });
    expect(await attempt('/admin', { extraHeaders: { authorization: 'Bearer reader' } })).toMatchObject({ ok: false, message: expect.stringMatching(/missing scopes admin/) });
    expect(await attempt('/admin', { auth: { token: 'unknown' } })).toMatchObject({ ok: false, type: 'unauthorized' });
    expect(connected).toContainEqual({ namespace: '/admin', security: { sub: 'root', scope: 'read admin' } });
  });

  it('oauth2 with x-scopeValidateFunc decides itself', async () => {
    expect(await attempt('/custom', { auth: { token: 'anyone' } })).toEqual({ ok: true });
  });

  it('alternatives: any one passes (api key header, or an async cookie check)', async () => {
    expect(await attempt('/either', { extraHeaders: { 'x-api-key': 'k1' } })).toEqual({ ok: true });
    expect(await attempt('/either', { extraHeaders: { cookie: 'theme=dark; session=s1' } })).toEqual({ ok: true });
    expect(await attempt('/either', { extraHeaders: { 'x-api-key': 'bad', cookie: 'session=bad' } })).toMatchObject({ ok: false, type: 'unauthorized' });
    expect(connected).toContainEqual({ namespace: '/either', security: { session: 's1' } });
  });

  it('a combined requirement needs every scheme; their results are merged', async () => {
    expect(await attempt('/both', { extraHeaders: { 'x-api-key': 'k1' } })).toMatchObject({ ok: false });
    expect(await attempt('/both', { extraHeaders: { 'x-api-key': 'k1', authorization: basic('ann', 'pw:with:colons') } })).toEqual({ ok: true });
    expect(connected).toContainEqual({ namespace: '/both', security: { user: 'ann', key: 'k1' } });
  });

  it('an open namespace needs nothing', async () => {
    expect(await attempt('/open')).toEqual({ ok: true });
  });

  it('refuses to start when a hook for a required scheme is missing', async () => {
    const { basic: _omitted, ...rest } = security;
    void _omitted;
    await expect(createSocketApiServer(spec, handlers, rest, { docs: false })).rejects.toThrow(/missing security hook basic/);
  });
});
