/**
 * HTTP that clients expect (issue 9, item 7): HEAD and OPTIONS with Allow; CORS off by default,
 * then `*` or listed origins (preflights need no API key); binary script output passed through as
 * bytes; large integers reach Python scripts exactly.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpResponse, nodeScript, pythonScript, type Handler } from 'sockgen/runtime/http';
import { mount, socket, startHost, type RunningHost } from './support.js';

const hasPython = spawnSync('python3', ['--version']).status === 0;
let plain: RunningHost;
let cors: RunningHost;

beforeAll(async () => {
  const handlers: Record<string, Handler> = {
    hello: () => ({ hello: 'world' }),
    png: () => new HttpResponse({ content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0x00]), contentType: 'image/png' }),
    nodemeta: nodeScript({ source: 'return { method: META.request.REQUEST_METHOD, by: META.executed_by, executor: META.executor, agent: META.request.HTTP_USER_AGENT };', name: 'nodemeta' }),
    ...(hasPython
      ? {
          bytes: pythonScript({ source: 'import os\nos.write(1, bytes(bytearray([0x89, 0x50, 0xff, 0xfe, 0x00, 0x41])))\n', name: 'bytes' }),
          exact: pythonScript({ source: 'print(repr(ARGS["n"] + 1) + " " + type(ARGS["n"]).__name__)\n', name: 'exact' }),
        }
      : {}),
  };
  const definition = socket('h', Object.keys(handlers).map((name) => ({ name, routes: [{ method: name === 'hello' ? ('GET' as const) : ('*' as const), script: name }] })));
  plain = await startHost({ sockets: [mount(definition, handlers)] });
  cors = await startHost({ sockets: [mount(definition, handlers)], cors: ['https://app.example'], apiKey: 'k' });
});
afterAll(async () => {
  await plain?.host.close();
  await cors?.host.close();
});

describe('HTTP compatibility', () => {
  it('answers HEAD like GET without a body, and OPTIONS with 204 and Allow', async () => {
    const head = await fetch(`${plain.base}/endpoints/sockets/h/hello/`, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-length'), await head.text()]).toEqual([200, '17', '']);
    const options = await fetch(`${plain.base}/endpoints/sockets/h/hello/`, { method: 'OPTIONS' });
    expect([options.status, options.headers.get('allow')]).toEqual([204, 'GET, HEAD, OPTIONS']);
    const listing = await fetch(`${plain.base}/endpoints/sockets/`, { method: 'OPTIONS' });
    expect([listing.status, listing.headers.get('allow')]).toEqual([204, 'GET, HEAD, OPTIONS']);
    expect((await fetch(`${plain.base}/sockets/`, { method: 'HEAD' })).status).toBe(200);
  });

  it('sends no CORS headers by default', async () => {
    const response = await fetch(`${plain.base}/endpoints/sockets/h/hello/`, { headers: { origin: 'https://app.example' } });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers preflights of a listed origin without the API key, and marks its answers', async () => {
    const preflight = await fetch(`${cors.base}/endpoints/sockets/h/hello/`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-api-key' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, HEAD, OPTIONS');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('x-api-key');
    const answer = await fetch(`${cors.base}/endpoints/sockets/h/hello/`, { headers: { origin: 'https://app.example', 'x-api-key': 'k' } });
    expect([answer.status, answer.headers.get('access-control-allow-origin'), answer.headers.get('vary')]).toEqual([200, 'https://app.example', 'origin']);
    const other = await fetch(`${cors.base}/endpoints/sockets/h/hello/`, { headers: { origin: 'https://evil.example', 'x-api-key': 'k' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect((await fetch(`${cors.base}/endpoints/sockets/h/hello/`, { headers: { origin: 'https://app.example' } })).status).toBe(401);
  });

  it('passes binary content through as bytes', async () => {
    const png = await fetch(`${plain.base}/endpoints/sockets/h/png/`);
    expect([png.headers.get('content-type'), [...new Uint8Array(await png.arrayBuffer())]]).toEqual(['image/png', [0x89, 0x50, 0x4e, 0x47, 0xff, 0x00]]);
  });

  it.skipIf(!hasPython)('passes a Python script binary stdout through as bytes, not U+FFFD', async () => {
    const response = await fetch(`${plain.base}/endpoints/sockets/h/bytes/`);
    expect([response.headers.get('content-type'), [...new Uint8Array(await response.arrayBuffer())]]).toEqual(['application/octet-stream', [0x89, 0x50, 0xff, 0xfe, 0x00, 0x41]]);
  });

  it.skipIf(!hasPython)('gives Python 12345678901234567890 exactly (JSON body)', async () => {
    const response = await fetch(`${plain.base}/endpoints/sockets/h/exact/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n": 12345678901234567890}' });
    expect(await response.text()).toBe('12345678901234567891 int\n');
  });

  it('gives Node scripts the platform META too', async () => {
    const response = await fetch(`${plain.base}/endpoints/sockets/h/nodemeta/`, { method: 'PUT', headers: { 'user-agent': 'ua/1' } });
    expect(await response.json()).toEqual({ method: 'PUT', by: 'socket_endpoint', executor: 'h/nodemeta', agent: 'ua/1' });
  });
});
