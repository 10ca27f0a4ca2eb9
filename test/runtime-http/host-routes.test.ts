import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, HttpResponse, ValidationError, createSocketHost } from 'sockgen/runtime/http';
import { mount, socket, startHost, type RunningHost } from './support.js';

const chat = socket(
  'chat',
  [
    { name: 'messages', routes: [{ method: 'GET', script: 'list_messages' }, { method: 'POST', script: 'send_message' }], metadata: { description: 'messages' } },
    { name: 'echo', routes: [{ method: '*', script: 'echo' }] },
    { name: 'shared', routes: [{ method: 'GET', script: 'echo' }] },
    { name: 'answers', routes: [{ method: 'GET', script: 'answers' }] },
    { name: 'boom', routes: [{ method: '*', script: 'boom' }] },
    { name: 'counted', routes: [{ method: 'GET', script: 'counted' }, { method: 'POST', script: 'counted' }], cacheSeconds: 60 },
    { name: 'themed', routes: [{ method: 'GET', script: 'echo' }], template: 'some_template' },
  ],
  { description: 'A chat', metadata: { author: { name: 'Sebastian' }, icon: { name: 'chat', color: 'red' } } },
);
// `chat` is both a socket and (in `other`) an endpoint name: the socket's list must win.
const other = socket('other', [
  { name: 'shared', routes: [{ method: 'GET', script: 'ping' }] },
  { name: 'chat', routes: [{ method: 'GET', script: 'ping' }] },
  { name: 'ping', routes: [{ method: 'GET', script: 'ping' }] },
]);

let counter = 0;
let running: RunningHost;

beforeAll(async () => {
  running = await startHost({
    sockets: [
      mount(
        chat,
        {
          list_messages: ({ args, meta, config }) => ({ handler: 'list', args, method: meta.method, socket: meta.socket, endpoint: meta.endpoint, config }),
          send_message: ({ args, meta }) => ({ handler: 'send', args, contentType: meta.headers['content-type'] }),
          echo: ({ args, meta }) => ({ method: meta.method, args, query: meta.query, path: meta.path, instance: meta.instance, apiVersion: meta.apiVersion, ip: meta.caller.ip }),
          answers: ({ args }) => {
            switch (args.kind) {
              case 'none':
                return undefined;
              case 'string':
                return 'plain';
              case 'text':
                return new HttpResponse({ status: 201, content: 'made', headers: { 'x-made': 'yes' } });
              case 'json':
                return new HttpResponse({ status: 202, content: { ok: true }, contentType: 'application/vnd.test+json' });
              case 'thrown':
                throw new HttpResponse({ status: 418, content: { detail: 'teapot' } });
              case 'invalid':
                throw new ValidationError('invalid note', ['title must be a string']);
              case 'bigint':
                return { big: 1n };
              case 'header':
                return new HttpResponse({ content: 'x', headers: { 'x-evil': 'a\r\nset-cookie: stolen=1' } });
              case 'status':
                return new HttpResponse({ status: 99 });
              default:
                return Promise.resolve({ async: true });
            }
          },
          boom: () => {
            throw new Error('kaboom');
          },
          counted: ({ args }) => {
            const content = { count: ++counter };
            if (typeof args.session === 'string') return new HttpResponse({ content, headers: { 'Set-Cookie': `session=${args.session}` } });
            if (args.fresh !== undefined) return new HttpResponse({ content, headers: { 'Cache-Control': 'no-store' } });
            return content;
          },
        },
        { greeting: 'hi' },
      ),
      mount(other, { ping: ({ meta }) => ({ pong: meta.socket, endpoint: meta.endpoint }) }),
    ],
    maxBodyBytes: 1024,
  });
});

afterAll(async () => {
  await running.host.close();
});

const run = (path: string, init?: RequestInit) => fetch(`${running.base}/endpoints/sockets/${path}`, init);

describe('running endpoints', () => {
  it('dispatches GET and POST of one endpoint to different handlers', async () => {
    const get = await run('chat/messages/?room=1');
    expect(get.status).toBe(200);
    expect(get.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await get.json()).toEqual({ handler: 'list', args: { room: '1' }, method: 'GET', socket: 'chat', endpoint: 'messages', config: { greeting: 'hi' } });
    const post = await run('chat/messages/', { method: 'POST', body: JSON.stringify({ text: 'hello' }), headers: { 'content-type': 'application/json' } });
    expect(await post.json()).toEqual({ handler: 'send', args: { text: 'hello' }, contentType: 'application/json' });
  });

  it('accepts the route without its trailing slash', async () => {
    expect(((await (await run('chat/messages')).json()) as { handler: string }).handler).toBe('list');
  });

  it('runs a wildcard endpoint for every method', async () => {
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      const response = await run('chat/echo/', { method });
      expect(response.status, method).toBe(200);
      expect(((await response.json()) as { method: string }).method).toBe(method);
    }
  });

  it('answers 405 with Allow for a method the endpoint does not take', async () => {
    const response = await run('chat/messages/', { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD, OPTIONS, POST');
    expect(((await response.json()) as { detail: string }).detail).toContain('does not take DELETE');
    const options = await run('chat/echo/', { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT');
  });

  it('answers 404 JSON for unknown sockets, endpoints and routes', async () => {
    for (const [path, detail] of [
      ['chat/nope/', 'socket chat has no endpoint nope'],
      ['nosocket/messages/', 'no socket nosocket'],
      ['nothing/', 'no socket or uniquely named endpoint nothing'],
    ]) {
      const response = await run(path!);
      expect(response.status, path).toBe(404);
      expect(await response.json()).toEqual({ detail });
    }
    expect((await fetch(`${running.url}/v2/instances/default/sockets/`)).status).toBe(404);
    expect((await fetch(`${running.base}/elsewhere/`)).status).toBe(404);
  });

  it('answers 400 for a path segment with broken percent-encoding', async () => {
    const response = await run('chat/%E0%A4%A/');
    expect([response.status, await response.json()]).toEqual([400, { detail: 'bad percent-encoding in path segment %E0%A4%A' }]);
  });

  it('decodes percent-encoded names', async () => {
    expect(((await (await run('%63hat/echo/')).json()) as { method: string }).method).toBe('GET');
  });

  it('merges query and body into args, body keys winning, and passes meta', async () => {
    const response = await run('chat/echo/?a=1&a=2&b=query&__proto__=x', {
      method: 'PUT',
      body: JSON.stringify({ b: 'body', nested: { c: [1] } }),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.args).toEqual({ a: ['1', '2'], b: 'body', nested: { c: [1] }, ['__proto__']: 'x' });
    expect(body.query).toEqual({ a: ['1', '2'], b: 'query', ['__proto__']: 'x' });
    expect(body).toMatchObject({ method: 'PUT', path: '/v1.1/instances/default/endpoints/sockets/chat/echo/', instance: 'default', apiVersion: 'v1.1' });
    expect(body.ip).toMatch(/127\.0\.0\.1/);
  });

  it('reads form bodies', async () => {
    const response = await run('chat/echo/?x=1', { method: 'POST', body: 'x=2&y=3&y=4', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(((await response.json()) as { args: unknown }).args).toEqual({ x: '2', y: ['3', '4'] });
  });

  it('answers 400 for bad JSON and non-object JSON, 415 for other bodies', async () => {
    const bad = await run('chat/echo/', { method: 'POST', body: '{"a":', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { detail: string }).detail).toMatch(/^request body is not valid JSON: /);
    const list = await run('chat/echo/', { method: 'POST', body: '[1,2]', headers: { 'content-type': 'application/json' } });
    expect(list.status).toBe(400);
    const xml = await run('chat/echo/', { method: 'POST', body: '<a/>', headers: { 'content-type': 'application/xml' } });
    expect(xml.status).toBe(415);
  });

  it('answers 413 for a body over the limit, announced or chunked, and keeps serving', async () => {
    const announced = await run('chat/echo/', { method: 'POST', body: JSON.stringify({ x: 'y'.repeat(2000) }), headers: { 'content-type': 'application/json' } });
    expect(announced.status).toBe(413);
    expect(((await announced.json()) as { detail: string }).detail).toBe('request body is larger than 1024 bytes');
    const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${running.base}/endpoints/sockets/chat/echo/`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      for (let i = 0; i < 10; i++) req.write('x'.repeat(500));
      req.end();
    });
    expect(chunked.status).toBe(413);
    expect((await run('chat/echo/')).status).toBe(200);
  });

  it('turns handler results into answers', async () => {
    const answer = (kind: string) => run(`chat/answers/?kind=${kind}`);
    const none = await answer('none');
    expect(none.status).toBe(204);
    expect(await none.text()).toBe('');
    const plain = await answer('string');
    expect(plain.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await plain.json()).toBe('plain');
    const text = await answer('text');
    expect([text.status, text.headers.get('content-type'), text.headers.get('x-made'), await text.text()]).toEqual([201, 'text/plain; charset=utf-8', 'yes', 'made']);
    const json = await answer('json');
    expect([json.status, json.headers.get('content-type'), await json.json()]).toEqual([202, 'application/vnd.test+json', { ok: true }]);
    const thrown = await answer('thrown');
    expect([thrown.status, await thrown.json()]).toEqual([418, { detail: 'teapot' }]);
    const invalid = await answer('invalid');
    expect([invalid.status, await invalid.json()]).toEqual([400, { detail: 'invalid note: title must be a string', errors: ['title must be a string'] }]);
    expect(await (await answer('async')).json()).toEqual({ async: true });
    const bigint = await answer('bigint');
    expect(bigint.status).toBe(500);
    const status = await answer('status');
    expect([status.status, await status.json()]).toEqual([500, { detail: 'script answers failed: HttpResponse status must be an integer from 200 to 599, got 99', request_id: status.headers.get('x-request-id') }]);
  });

  it('refuses a header value that would split the response, and keeps serving', async () => {
    const response = await run('chat/answers/?kind=header');
    expect(response.status).toBe(500);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/^script answers failed: Invalid character in header content \["x-evil"\]/);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect((await run('chat/echo/')).status).toBe(200);
  });

  it('answers 500 with detail when a handler throws, logs it, and keeps serving', async () => {
    const before = running.logs.length;
    const response = await run('chat/boom/', { method: 'POST' });
    expect(response.status).toBe(500);
    const id = response.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    expect(await response.json()).toEqual({ detail: 'script boom failed: kaboom', request_id: id });
    expect(running.logs.slice(before).join('\n')).toContain(`[request ${id}] POST chat/boom script boom failed: Error: kaboom`);
    expect((await run('chat/echo/')).status).toBe(200);
  });

  it('serves the short form for endpoint names unique across sockets', async () => {
    expect(await (await run('ping/')).json()).toEqual({ pong: 'other', endpoint: 'ping' });
    expect(((await (await run('echo')).json()) as { path: string }).path).toBe('/v1.1/instances/default/endpoints/sockets/echo');
    // `shared` exists in both sockets: no short form.
    expect((await run('shared/')).status).toBe(404);
    // `chat` is a socket: its endpoint list wins over other/chat.
    const list = (await (await run('chat/')).json()) as { objects: Array<{ name: string }> };
    expect(list.objects.map((entry) => entry.name)).toContain('chat/messages');
  });

  it('accepts an endpoint template and ignores it at run time', async () => {
    expect(((await (await run('chat/themed/?q=1')).json()) as { args: unknown }).args).toEqual({ q: '1' });
  });
});

describe('cache', () => {
  it('serves 200 GET answers from memory for cacheSeconds, per full URL', async () => {
    const first = await run('chat/counted/?page=1');
    expect([first.headers.get('x-cache'), first.headers.get('cache-control')]).toEqual(['MISS', 'max-age=60']);
    const firstBody = await first.json();
    const second = await run('chat/counted/?page=1');
    expect([second.headers.get('x-cache'), second.headers.get('cache-control')]).toEqual(['HIT', 'max-age=60']);
    expect(await second.json()).toEqual(firstBody);
    const otherPage = await run('chat/counted/?page=2');
    expect(otherPage.headers.get('x-cache')).toBe('MISS');
    expect(await otherPage.json()).not.toEqual(firstBody);
    const post = await run('chat/counted/?page=1', { method: 'POST' });
    expect(post.headers.get('x-cache')).toBeNull();
    expect(await post.json()).not.toEqual(firstBody);
  });

  it("does not share an answer that sets a cookie or says how to cache it", async () => {
    const first = await run('chat/counted/?session=ada');
    const second = await run('chat/counted/?session=ada');
    expect([first.headers.get('x-cache'), second.headers.get('x-cache'), second.headers.get('set-cookie')]).toEqual([null, null, 'session=ada']);
    expect(await second.json()).not.toEqual(await first.json());
    const fresh = await run('chat/counted/?fresh');
    expect([fresh.headers.get('x-cache'), fresh.headers.get('cache-control')]).toEqual([null, 'no-store']);
    expect((await run('chat/counted/?fresh')).headers.get('x-cache')).toBeNull();
  });

  it('does not cache endpoints without cacheSeconds', async () => {
    expect((await run('chat/echo/')).headers.get('x-cache')).toBeNull();
  });
});

describe('listing routes', () => {
  it('lists all endpoints as <socket>/<endpoint> with methods, path and metadata', async () => {
    const body = (await (await fetch(`${running.base}/endpoints/sockets/`)).json()) as { objects: Array<Record<string, unknown>>; next: null };
    expect(body.next).toBeNull();
    expect(body.objects.map((entry) => entry.name)).toEqual([
      'chat/messages',
      'chat/echo',
      'chat/shared',
      'chat/answers',
      'chat/boom',
      'chat/counted',
      'chat/themed',
      'other/shared',
      'other/chat',
      'other/ping',
    ]);
    expect(body.objects[0]).toEqual({
      name: 'chat/messages',
      socket: 'chat',
      endpoint: 'messages',
      methods: ['GET', 'POST'],
      path: '/v1.1/instances/default/endpoints/sockets/chat/messages/',
      metadata: { description: 'messages' },
    });
    expect(body.objects[1]?.methods).toEqual(['DELETE', 'GET', 'PATCH', 'POST', 'PUT']);
  });

  it("lists one socket's endpoints", async () => {
    const body = (await (await fetch(`${running.base}/endpoints/sockets/other/`)).json()) as { objects: Array<{ name: string }> };
    expect(body.objects.map((entry) => entry.name)).toEqual(['other/shared', 'other/chat', 'other/ping']);
  });

  it('lists sockets and shows socket details with metadata and status', async () => {
    const list = (await (await fetch(`${running.base}/sockets/`)).json()) as { objects: Array<{ name: string }> };
    expect(list.objects.map((entry) => entry.name)).toEqual(['chat', 'other']);
    const details = (await (await fetch(`${running.base}/sockets/chat/`)).json()) as Record<string, unknown>;
    expect(details).toMatchObject({
      name: 'chat',
      description: 'A chat',
      metadata: { author: { name: 'Sebastian' }, icon: { name: 'chat', color: 'red' } },
      status: 'ok',
      status_info: '',
    });
    expect((details.endpoints as Record<string, unknown>).messages).toEqual({
      calls: [
        { type: 'script', name: 'list_messages', methods: ['GET'] },
        { type: 'script', name: 'send_message', methods: ['POST'] },
      ],
      path: '/v1.1/instances/default/endpoints/sockets/chat/messages/',
    });
    expect((await fetch(`${running.base}/sockets/none/`)).status).toBe(404);
  });

  it('shows endpoint details with calls and methods', async () => {
    expect(await (await fetch(`${running.base}/sockets/chat/endpoints/echo/`)).json()).toEqual({
      name: 'echo',
      socket: 'chat',
      calls: [{ type: 'script', name: 'echo', methods: ['*'] }],
      methods: ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'],
      path: '/v1.1/instances/default/endpoints/sockets/chat/echo/',
    });
    expect(((await (await fetch(`${running.base}/sockets/chat/endpoints/counted/`)).json()) as { cache: number }).cache).toBe(60);
    expect((await fetch(`${running.base}/sockets/chat/endpoints/none/`)).status).toBe(404);
  });

  it('answers 405 with Allow: GET for other methods on listing routes', async () => {
    const response = await fetch(`${running.base}/sockets/`, { method: 'POST' });
    expect([response.status, response.headers.get('allow')]).toEqual([405, 'GET, HEAD, OPTIONS']);
  });

  it('keeps the last runs as traces, newest first, at most 50', async () => {
    for (let i = 0; i < 3; i++) await run('other/ping/');
    await run('chat/boom/');
    const boom = (await (await fetch(`${running.base}/endpoints/sockets/chat/boom/traces/`)).json()) as { objects: Array<Record<string, unknown>> };
    expect(boom.objects[0]).toMatchObject({ status: 'failure', status_code: 500, method: 'GET' });
    expect(typeof boom.objects[0]?.duration).toBe('number');
    expect(Date.parse(boom.objects[0]?.executed_at as string)).not.toBeNaN();
    for (let i = 0; i < 55; i++) await run('other/shared/');
    const shared = (await (await fetch(`${running.base}/endpoints/sockets/other/shared/traces`)).json()) as { objects: Array<{ id: number; status: string }> };
    expect(shared.objects).toHaveLength(50);
    expect(shared.objects[0]?.id).toBe(55);
    expect(shared.objects[49]?.id).toBe(6);
    expect(shared.objects.every((trace) => trace.status === 'success')).toBe(true);
    expect((await fetch(`${running.base}/endpoints/sockets/other/nope/traces/`)).status).toBe(404);
  });
});

describe('api key and instance', () => {
  it('requires the configured key as X-API-KEY or api_key, and hides it from args', async () => {
    const keyed = await startHost({
      sockets: [mount(socket('s', [{ name: 'e', routes: [{ method: '*', script: 'e' }] }]), { e: ({ args, meta }) => ({ args, caller: meta.caller.apiKey }) })],
      apiKey: 'sekret',
      instance: 'my-instance',
      apiVersion: 'v2',
    });
    try {
      expect(keyed.base).toContain('/v2/instances/my-instance');
      const missing = await fetch(`${keyed.base}/endpoints/sockets/s/e/`);
      expect(missing.status).toBe(401);
      expect(((await missing.json()) as { detail: string }).detail).toMatch(/X-API-KEY/);
      expect((await fetch(`${keyed.base}/endpoints/sockets/s/e/`, { headers: { 'x-api-key': 'wrong' } })).status).toBe(401);
      expect((await fetch(`${keyed.base}/sockets/`)).status).toBe(401);
      const byHeader = await fetch(`${keyed.base}/endpoints/sockets/s/e/?q=1`, { headers: { 'X-API-KEY': 'sekret' } });
      expect(await byHeader.json()).toEqual({ args: { q: '1' }, caller: 'sekret' });
      const byQuery = await fetch(`${keyed.base}/endpoints/sockets/s/e/?api_key=sekret&q=2`);
      expect(await byQuery.json()).toEqual({ args: { q: '2' }, caller: 'sekret' });
      expect((await fetch(`${keyed.url}/v1.1/instances/default/sockets/`, { headers: { 'x-api-key': 'sekret' } })).status).toBe(404);
    } finally {
      await keyed.host.close();
    }
  });
});

describe('start-up checks', () => {
  it('refuses a socket whose endpoint names a script without handler, and duplicate sockets', () => {
    const definition = socket('s', [{ name: 'e', routes: [{ method: 'GET', script: 'missing' }] }]);
    expect(() => createSocketHost({ sockets: [mount(definition, {})] })).toThrow(ConfigError);
    expect(() => createSocketHost({ sockets: [mount(definition, {})] })).toThrow('socket s endpoint e: no handler for script missing');
    const fine = mount(socket('t', []), {});
    expect(() => createSocketHost({ sockets: [fine, fine] })).toThrow('socket t is mounted twice');
  });
});
