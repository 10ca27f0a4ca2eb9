import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpResponse } from 'sockgen/runtime/http';
import { SocketClientError, callEndpoint, endpointUrl, queryString, type SocketClientOptions } from 'sockgen/runtime/http-client';
import { mount, socket, startHost, type RunningHost } from './support.js';

let running: RunningHost;
let options: SocketClientOptions;

beforeAll(async () => {
  const definition = socket('shop', [
    { name: 'echo', routes: [{ method: '*', script: 'echo' }] },
    { name: 'text', routes: [{ method: 'GET', script: 'text' }] },
    { name: 'nothing', routes: [{ method: 'DELETE', script: 'nothing' }] },
    { name: 'fail', routes: [{ method: 'POST', script: 'fail' }] },
  ]);
  running = await startHost({
    sockets: [
      mount(definition, {
        echo: ({ args, meta }) => ({ method: meta.method, args, contentType: meta.headers['content-type'] ?? null, custom: meta.headers['x-custom'] ?? null }),
        text: () => new HttpResponse({ content: 'just text' }),
        nothing: () => undefined,
        fail: () => new HttpResponse({ status: 422, content: { detail: 'no stock' } }),
      }),
    ],
    apiKey: 'k3y',
    instance: 'shop-instance',
  });
  options = { baseUrl: `${running.url}/`, instance: 'shop-instance', apiKey: 'k3y', headers: { 'x-custom': 'yes' } };
});

afterAll(async () => {
  await running.host.close();
});

describe('callEndpoint against a real host', () => {
  it('sends GET and DELETE arguments as a query string: arrays repeated, objects as JSON, null left out', async () => {
    const result = await callEndpoint<{ method: string; args: unknown; custom: string }>(options, 'shop', 'echo', 'GET', {
      q: 'a b',
      n: 2,
      tags: ['x', 'y'],
      filter: { price: 3 },
      skip: null,
      gone: undefined,
    });
    expect(result).toEqual({ method: 'GET', args: { q: 'a b', n: '2', tags: ['x', 'y'], filter: '{"price":3}' }, contentType: null, custom: 'yes' });
  });

  it('sends other methods as a JSON body', async () => {
    for (const method of ['POST', 'PUT', 'PATCH'] as const) {
      const result = await callEndpoint<{ method: string; args: unknown; contentType: string }>(options, 'shop', 'echo', method, { n: 2, deep: { list: [1] } });
      expect(result).toEqual({ method, args: { n: 2, deep: { list: [1] } }, contentType: 'application/json', custom: 'yes' });
    }
  });

  it('returns text as a string and 204 as undefined', async () => {
    expect(await callEndpoint(options, 'shop', 'text', 'GET')).toBe('just text');
    expect(await callEndpoint(options, 'shop', 'nothing', 'DELETE')).toBeUndefined();
  });

  it('throws SocketClientError with status and body for non-2xx answers', async () => {
    const error = await callEndpoint(options, 'shop', 'fail', 'POST', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SocketClientError);
    expect(error).toMatchObject({ status: 422, body: { detail: 'no stock' }, message: 'POST shop/fail answered 422: no stock' });
    const notAllowed = (await callEndpoint(options, 'shop', 'fail', 'GET').catch((caught: unknown) => caught)) as SocketClientError;
    expect(notAllowed.status).toBe(405);
    const unauthorised = (await callEndpoint({ ...options, apiKey: 'wrong' }, 'shop', 'echo', 'GET').catch((caught: unknown) => caught)) as SocketClientError;
    expect(unauthorised.status).toBe(401);
  });

  it('reports a host that cannot be reached as status 0', async () => {
    const error = (await callEndpoint({ baseUrl: 'http://127.0.0.1:1' }, 's', 'e', 'GET').catch((caught: unknown) => caught)) as SocketClientError;
    expect(error).toBeInstanceOf(SocketClientError);
    expect(error.status).toBe(0);
    expect(error.message).toMatch(/^GET s\/e failed: /);
  });

  it('uses an injected fetch', async () => {
    const seen: string[] = [];
    const fakeFetch: typeof fetch = async (input) => {
      seen.push(String(input));
      return new Response('{"ok":true}', { headers: { 'content-type': 'application/json' } });
    };
    expect(await callEndpoint({ baseUrl: 'http://example.test', fetch: fakeFetch }, 'a b', 'c/d', 'DELETE', { x: 1 })).toEqual({ ok: true });
    expect(seen).toEqual(['http://example.test/v1.1/instances/default/endpoints/sockets/a%20b/c%2Fd/?x=1']);
  });
});

describe('endpoint URLs', () => {
  it.each([
    [{ baseUrl: 'http://h' }, 'http://h/v1.1/instances/default/endpoints/sockets/s/e/'],
    [{ baseUrl: 'http://h/prefix/', apiVersion: 'v2', instance: 'prod' }, 'http://h/prefix/v2/instances/prod/endpoints/sockets/s/e/'],
  ])('%o → %s', (clientOptions, url) => {
    expect(endpointUrl(clientOptions, 's', 'e')).toBe(url);
  });

  it('builds query strings', () => {
    expect(queryString(undefined)).toBe('');
    expect(queryString({})).toBe('');
    expect(queryString({ a: [1, null, { b: 2 }], c: true })).toBe('?a=1&a=%7B%22b%22%3A2%7D&c=true');
  });
});
