/**
 * Issue 13 item 3, applied to the Socket.IO target: schemes a handshake cannot carry as such
 * (userPassword, X509, apiKey in user/password) generate a typed hook that reads the handshake,
 * with a warning (AAPI041) saying where the value must come from, instead of the AAPI009 error.
 * End to end with the real socket.io-client: the hook accepts one credential from `auth` and
 * refuses another; X509 without TLS has no certificate and is refused before its hook.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateInto, typeProbes, type Generated } from './generate-into.js';

const spec = `asyncapi: 2.6.0
info: {title: Handshake schemes, version: '1'}
servers:
  local: {url: 'localhost:3000/socket.io', protocol: ws}
channels:
  /users:
    x-security: [{login: []}]
    publish:
      message: {name: echo, payload: {type: string}, x-handler: api.echo, x-ack: {args: {type: string}}}
  /certified:
    x-security: [{certs: []}, {pin: []}]
    publish:
      message: {name: echo, payload: {type: string}, x-handler: api.echo, x-ack: {args: {type: string}}}
components:
  securitySchemes:
    login: {type: userPassword, description: Login and password}
    certs: {type: X509}
    pin: {type: apiKey, in: password}
`;

let generated: Generated;
let createServer: (options: object) => Promise<typeof api>;
let api: { listen(port: number, host: string): Promise<number>; close(): Promise<void> };
let url: string;
const seen: { scopes: readonly string[]; certificate: unknown }[] = [];

beforeAll(async () => {
  generated = await generateInto('handshake-schemes', spec);
  ({ createServer } = await import(join(generated.folder, 'server.ts')));
  api = await createServer(options());
  url = `http://127.0.0.1:${await api.listen(0, '127.0.0.1')}`;
});

function options() {
  return {
    docs: false,
    handlers: { '/users': { events: { echo: (text: string) => text } }, '/certified': { events: { echo: (text: string) => text } } },
    security: {
      login: (handshake: { auth: Record<string, unknown> }, scopes: readonly string[], certificate: unknown) => {
        seen.push({ scopes, certificate });
        return handshake.auth.username === 'ann' && handshake.auth.password === 'secret' ? { user: 'ann' } : undefined;
      },
      certs: (_handshake: unknown, _scopes: unknown, certificate: { subject: { CN: string } }) => (certificate.subject.CN === 'device-7' ? { device: certificate.subject.CN } : undefined),
      pin: (handshake: { auth: Record<string, unknown> }) => (handshake.auth.password === '1234' ? { pin: true } : undefined),
    },
  };
}
afterAll(async () => {
  await api?.close();
  generated?.remove();
});

function attempt(namespace: string, auth: Record<string, unknown>): Promise<{ ok: true; echo: unknown } | { ok: false; type: unknown; message: string }> {
  const socket = io(url + namespace, { reconnection: false, forceNew: true, auth });
  return new Promise((resolve) => {
    socket.once('connect', () =>
      socket.emit('echo', 'hi', (reply: unknown) => {
        socket.close();
        resolve({ ok: true, echo: reply });
      }),
    );
    socket.once('connect_error', (error: Error & { data?: { type?: unknown } }) => {
      socket.close();
      resolve({ ok: false, type: error.data?.type, message: error.message });
    });
  });
}

describe('schemes a Socket.IO handshake cannot carry as such', () => {
  it('generate with one AAPI041 warning each, saying where the value comes from; no AAPI009', () => {
    expect(generated.lines.filter((l) => / error /.test(l))).toEqual([]);
    const warnings = generated.lines.filter((l) => / AAPI041 /.test(l));
    expect(warnings).toEqual([
      expect.stringMatching(/^specs\/handshake-schemes\.yml:\d+:\d+ warning AAPI041 security scheme login \(userPassword\) .*auth: \{ username, password \}/),
      expect.stringMatching(/^specs\/handshake-schemes\.yml:\d+:\d+ warning AAPI041 security scheme certs \(X509\) .*TLS client certificate/),
      expect.stringMatching(/^specs\/handshake-schemes\.yml:\d+:\d+ warning AAPI041 security scheme pin \(apiKey in password\) .*auth: \{ password \}/),
    ]);
  });

  it('the hooks are typed: (handshake, requiredScopes, certificate); a wrong hook does not compile', () => {
    const { own, probe } = typeProbes(generated, `import type { SecurityHooks } from './server.js';`);
    expect(own).toEqual([]);
    expect(
      probe('ok', `const hooks: SecurityHooks = { login: (h, scopes, cert) => (h.auth.username === 'a' && scopes.length === 0 && !cert ? { ok: true } : undefined), certs: (_h, _s, cert) => (cert?.subject ? {} : undefined), pin: async () => undefined };\nvoid hooks;`),
    ).toEqual([]);
    expect(probe('wrong', `const hooks: SecurityHooks = { login: (user: number) => ({ user }), certs: () => ({}), pin: () => ({}) };\nvoid hooks;`).join('\n')).toMatch(/not assignable/);
    // The stub the user fills in has the same signature.
    expect(generated.files.get('handlers/asyncapi/handshake-schemes/security.ts')).toMatch(/_handshake, _requiredScopes, _certificate/);
  });

  it('userPassword: the hook accepts one credential from auth and refuses another', async () => {
    expect(await attempt('/users', { username: 'ann', password: 'secret' })).toEqual({ ok: true, echo: 'hi' });
    expect(await attempt('/users', { username: 'ann', password: 'wrong' })).toMatchObject({ ok: false, type: 'unauthorized', message: expect.stringMatching(/credentials refused by login/) });
    expect(await attempt('/users', {})).toMatchObject({ ok: false, type: 'unauthorized' });
    // Plain HTTP: no certificate reaches the hook.
    expect(seen[0]).toEqual({ scopes: [], certificate: undefined });
  });

  it('X509 without a client certificate is refused before its hook; the other alternative (apiKey in password) still passes', async () => {
    expect(await attempt('/certified', {})).toMatchObject({ ok: false, type: 'unauthorized', message: expect.stringMatching(/certs: missing client certificate/) });
    expect(await attempt('/certified', { password: '1234' })).toEqual({ ok: true, echo: 'hi' });
  });

  it('X509 on a TLS server: the hook gets the client certificate (one accepted, another refused)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sockgen-sio-tls-'));
    const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    const file = (name: string) => readFileSync(join(dir, name), 'utf8');
    let tls: typeof api | undefined;
    try {
      ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=test-ca');
      for (const name of ['server', 'device-7', 'device-8']) {
        ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name === 'server' ? '127.0.0.1' : name}`);
        ssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '1');
      }
      const httpServer = createHttpsServer({ key: file('server.key'), cert: file('server.pem'), ca: file('ca.pem'), requestCert: true, rejectUnauthorized: false });
      tls = await createServer({ ...options(), httpServer });
      const port = await tls.listen(0, '127.0.0.1');
      const connect = (clientName: string) =>
        new Promise<unknown>((resolve) => {
          const socket = io(`https://127.0.0.1:${port}/certified`, {
            reconnection: false,
            forceNew: true,
            transports: ['websocket'],
            ca: file('ca.pem'),
            cert: file(`${clientName}.pem`),
            key: file(`${clientName}.key`),
            rejectUnauthorized: false,
          });
          socket.once('connect', () => (socket.close(), resolve('ok')));
          socket.once('connect_error', (error: Error) => (socket.close(), resolve(error.message)));
        });
      expect(await connect('device-7')).toBe('ok');
      expect(await connect('device-8')).toMatch(/credentials refused by certs/);
    } finally {
      await tls?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
