/**
 * Issue 9 items 14–15: ADR's options (separate HTTP and websocket ports, TLS, static files, basic
 * mode) and websockify's (token directory, --host-token, the token in a cookie, the `base64`
 * subprotocol, plain --target), end to end with a real `ws` client against a real TCP echo target.
 */
import { execFileSync, spawn } from 'node:child_process';
import { request as httpsRequest } from 'node:https';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startEchoServer, type EchoServer } from '../../handlers/services/echo-server.js';
import { startTunnelServer, tunnelOptionsFromFlags, type TunnelServer, type TunnelServerOptions } from '../../runtime/tunnel/index.js';
import { closed, echo, openTunnel, refusal } from './tunnel-helpers.js';

const folder = mkdtempSync(join(tmpdir(), 'sockgen-tunnel-options-'));
let echoServer: EchoServer;
const servers: TunnelServer[] = [];
beforeAll(async () => {
  echoServer = await startEchoServer();
  writeFileSync(join(folder, 'tokens'), `vnc: 127.0.0.1:${echoServer.port}\n`);
});
afterAll(async () => {
  for (const server of servers) await server.close();
  await echoServer.close();
  rmSync(folder, { recursive: true, force: true });
});

async function start(options: TunnelServerOptions): Promise<TunnelServer> {
  const server = await startTunnelServer({ host: '127.0.0.1', log: () => {}, ...options });
  servers.push(server);
  return server;
}

/** Opens a websocket with extra client options (headers, TLS), resolving once open. */
function open(url: string, protocols: string[] | undefined, options: WebSocket.ClientOptions): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, options);
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_request, response) => reject(new Error(`refused with ${response.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('websockify options (issue 9 #15)', () => {
  it('noVNC-style: the token in a cookie and the base64 subprotocol (text frames of base64 both ways)', async () => {
    const server = await start({ tokenFile: join(folder, 'tokens') });
    const ws = await open(`${server.wsUrl}/websockify`, ['base64'], { headers: { Cookie: 'theme=dark; token=vnc' } });
    expect(ws.protocol).toBe('base64');
    const payload = Buffer.from([0, 1, 2, 250, 255, 10, 13]);
    const received = await new Promise<{ data: string; isBinary: boolean }>((resolve) => {
      ws.once('message', (data, isBinary) => resolve({ data: data.toString(), isBinary }));
      ws.send(payload.toString('base64'));
    });
    expect(received.isBinary).toBe(false);
    expect([...Buffer.from(received.data, 'base64')]).toEqual([...payload]);
    ws.send('not base64!');
    expect((await closed(ws)).code).toBe(1007);
  });

  it('the cookie token with the binary subprotocol; ?token= wins over the cookie; no token → 401', async () => {
    const server = await start({ tokenFile: join(folder, 'tokens') });
    const ws = await open(`${server.wsUrl}/`, ['binary'], { headers: { Cookie: 'token=vnc' } });
    expect((await echo(ws, Buffer.from('cookie'))).toString()).toBe('cookie');
    ws.close();
    await expect(open(`${server.wsUrl}/?token=other`, undefined, { headers: { Cookie: 'token=vnc' } })).rejects.toThrow('refused with 401');
    expect(await refusal(`${server.wsUrl}/`)).toBe(401);
    expect(await refusal(`${server.wsUrl}/?token=vnc`, 'chat')).toBe(400);
  });

  it('--host-token: the token is the Host header\'s host name', async () => {
    const server = await start({ tokenFile: join(folder, 'tokens'), hostToken: true });
    const ws = await open(`${server.wsUrl}/?token=ignored`, undefined, { headers: { Host: `vnc:${server.port}` } });
    expect((await echo(ws, Buffer.from('host'))).toString()).toBe('host');
    ws.close();
    await expect(open(`${server.wsUrl}/?token=vnc`, undefined, { headers: { Host: `other:${server.port}` } })).rejects.toThrow('refused with 401');
  });

  it('plain --target host:port (and ADR basic mode): every websocket, no token; no REST API', async () => {
    const options = tunnelOptionsFromFlags({ target: `127.0.0.1:${echoServer.port}`, port: '0' });
    const server = await start({ ...options, port: 0 });
    const ws = await openTunnel(`${server.wsUrl}/any/path`);
    expect((await echo(ws, Buffer.from('plain'))).toString()).toBe('plain');
    ws.close();
    expect((await fetch(`${server.url}/v1/status`)).status).toBe(404);
    const basic = tunnelOptionsFromFlags({ 'client-hostname': '127.0.0.1', 'client-port': String(echoServer.port) });
    expect(basic.fixedTarget).toEqual({ host: '127.0.0.1', port: echoServer.port });
  });

  it.each([
    [{ target: 'nohost' }, '--target needs host:port'],
    [{ 'client-hostname': 'h' }, 'basic mode needs both --client-hostname and --client-port'],
    [{ cert: 'c.pem' }, '--cert and --key go together'],
    [{ 'http-port': '70000' }, '--http-port needs a port number'],
    [{ target: 'h:1', 'client-hostname': 'h', 'client-port': '2' }, 'give one of them'],
  ])('refuses the flags %j', (flags, message) => {
    expect(() => tunnelOptionsFromFlags(flags)).toThrow(message);
  });
});

describe('ADR options (issue 9 #14)', () => {
  it('separate HTTP and websocket ports', async () => {
    const server = await start({ tokenFile: join(folder, 'tokens'), httpPort: 0 });
    expect(server.httpPort).not.toBe(server.port);
    expect((await fetch(`${server.httpUrl}/v1/status`)).status).toBe(200);
    expect((await fetch(`${server.url}/v1/status`)).status).toBe(404);
    const ws = await openTunnel(`${server.wsUrl}/?token=vnc`);
    expect((await echo(ws, Buffer.from('ports'))).toString()).toBe('ports');
    ws.close();
  });

  it('--http-directory serves files beside the API; no way out of the folder', async () => {
    const site = join(folder, 'site');
    mkdirSync(join(site, 'app'), { recursive: true });
    writeFileSync(join(site, 'index.html'), '<h1>viewer</h1>');
    writeFileSync(join(site, 'app', 'rfb.js'), 'export {};');
    writeFileSync(join(folder, 'secret.txt'), 'secret');
    symlinkSync(join(folder, 'secret.txt'), join(site, 'link.txt'));
    const server = await start({ tokenFile: join(folder, 'tokens'), httpDirectory: site });
    const index = await fetch(`${server.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toBe('<h1>viewer</h1>');
    expect(await (await fetch(`${server.url}/app/rfb.js`)).text()).toBe('export {};');
    for (const path of ['/..%2fsecret.txt', '/%2e%2e/secret.txt', '/link.txt', '/missing', '/app/..%2f..%2fsecret.txt']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text()).not.toContain('secret');
    }
    expect((await fetch(`${server.url}/v1/status`)).status).toBe(200);
    expect((await fetch(`${server.url}/index.html`, { method: 'POST' })).status).toBe(405);
  });

  it('TLS with --cert/--key: https REST and wss tunnel', async () => {
    const cert = join(folder, 'cert.pem');
    const key = join(folder, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    const server = await start({ tokenFile: join(folder, 'tokens'), tls: { certFile: cert, keyFile: key } });
    expect(server.url.startsWith('https://')).toBe(true);
    expect(server.wsUrl.startsWith('wss://')).toBe(true);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpsRequest(`${server.url}/v1/status`, { rejectUnauthorized: false }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
    const ws = await open(`${server.wsUrl}/?token=vnc`, undefined, { rejectUnauthorized: false });
    expect((await echo(ws, Buffer.from('tls'))).toString()).toBe('tls');
    ws.close();
  });

  it('sockgen tunnel --target runs as a program (plain mode) and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['bin/sockgen.mjs', 'tunnel', '--target', `127.0.0.1:${echoServer.port}`, '--port', '0', '--host', '127.0.0.1'], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, WEBSOCKETSERVER_SECURITY_TOKEN: '' } });
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(stderr);
        if (match) resolve(match[1]!);
      });
      void exit.then((code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    const ws = await openTunnel(`${url.replace('http', 'ws')}/`);
    expect((await echo(ws, Buffer.from('cli'))).toString()).toBe('cli');
    ws.close();
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    // Plain mode has no REST API: no warning that asks for a security token it would not use.
    expect(stderr).not.toContain('security token');
  }, 30_000);
});
