/**
 * The plain WebSocket runtime on a hand-made spec over real sockets (ws server, ws client):
 * dispatch by discriminator and by validator order, request/reply by correlation id, invalid
 * frames refused on both sides while the connection stays, handshake parameters/query coerced
 * and checked, security hooks, binary payloads, broadcast with a filter, reconnect with resend.
 */
import { Ajv } from 'ajv';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createWsApiServer, type WsApiServer, type WsServerSpec } from '../../runtime/ws/index.js';
import { createWsClient, decodeFrame, type WsClient, type WsInvalidMessage } from '../../runtime/ws-client/index.js';

const ajv = new Ajv({ allErrors: true });
const object = (event: string, extra: Record<string, unknown> = {}, required: string[] = []) =>
  ajv.compile({ type: 'object', properties: { event: { const: event }, reqid: { type: 'integer' }, ...extra }, required: ['event', ...required] });

const spec: WsServerSpec = {
  document: { asyncapi: '3.0.0', info: { title: 'test', version: '1' } },
  securitySchemes: { key: { type: 'apiKey', in: 'query', name: 'key' } },
  channels: [
    {
      address: '/feed/{symbol}',
      parameters: { symbol: ajv.compile({ type: 'string', enum: ['btc', 'eth'] }) },
      query: ajv.compile({ type: 'object', properties: { depth: { type: 'integer', maximum: 10 } } }),
      security: [],
      toServer: {
        discriminator: 'event',
        tags: { '"ping"': 'ping', '"subscribe"': 'subscribe' },
        order: ['subscribe', 'ping'],
        messages: { ping: { validate: object('ping') }, subscribe: { validate: object('subscribe', { pair: { type: 'string' } }, ['pair']) }, blob: { binary: true } },
      },
      toClient: {
        discriminator: 'event',
        tags: { '"pong"': 'pong', '"update"': 'update', '"status"': 'status' },
        order: ['update', 'status', 'pong'],
        messages: { pong: { validate: object('pong') }, update: { validate: object('update', { price: { type: 'number' } }, ['price']) }, status: { validate: object('status', { ok: { type: 'boolean' } }, ['ok']) } },
      },
      requests: { ping: { request: 'ping', replies: ['pong'], correlation: ['reqid'] }, subscribe: { request: 'subscribe', replies: ['status'], correlation: ['reqid'] } },
    },
    {
      address: '/private',
      security: [[{ scheme: 'key', scopes: [] }]],
      toServer: { order: ['a', 'b'], messages: { a: { validate: ajv.compile({ type: 'object', properties: { a: { type: 'number' } }, required: ['a'] }) }, b: { validate: ajv.compile({ type: 'object', required: ['b'] }) } } },
      toClient: { order: [], messages: {} },
      requests: {},
    },
  ],
};

type Api = {
  toServer: { ping: { event: 'ping'; reqid?: number }; subscribe: { event: 'subscribe'; pair: string; reqid?: number }; blob: Uint8Array };
  toClient: { pong: { event: 'pong'; reqid?: number }; update: { event: 'update'; price: number }; status: { event: 'status'; ok: boolean; reqid?: number } };
  requests: { ping: { request: { event: 'ping'; reqid?: number }; reply: { event: 'pong'; reqid?: number } }; subscribe: { request: { event: 'subscribe'; pair: string; reqid?: number }; reply: { event: 'status'; ok: boolean } } };
};

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

async function start(errors: unknown[] = [], port = 0, blobs: Uint8Array[] = [], options: Parameters<typeof createWsApiServer>[3] = {}): Promise<{ server: WsApiServer; url: string; port: number }> {
  const server = await createWsApiServer(
    spec,
    {
      '/feed/{symbol}': {
        messages: {
          ping: ((payload: { reqid?: number }) => {
            // reqid 666: a reply JSON cannot hold (a cycle), in a promise; 667: the same, synchronously.
            const cyclic: Record<string, unknown> = { event: 'pong' };
            cyclic.self = cyclic;
            if (payload.reqid === 666) return Promise.resolve(cyclic);
            if (payload.reqid === 667) return cyclic;
            return { event: 'pong' };
          }) as never,
          subscribe: ((payload: { pair: string }, connection: { data: Record<string, unknown> }) => {
            connection.data.pair = payload.pair;
            return Promise.resolve({ event: 'status', ok: payload.pair !== 'bad' });
          }) as never,
          blob: ((bytes: Uint8Array) => void blobs.push(bytes)) as never,
        },
        error: ((error: unknown) => void errors.push(error)) as never,
      },
      '/private': { messages: { a: (() => {}) as never, b: (() => {}) as never }, error: ((error: unknown) => void errors.push(error)) as never },
    },
    { key: (key: string) => (key === 'secret' ? { user: 'u' } : undefined) },
    { docs: false, ...options },
  );
  open.push(server);
  const bound = await server.listen(port);
  return { server, url: `ws://127.0.0.1:${bound}`, port: bound };
}

function client(url: string, options: Parameters<typeof createWsClient>[2] = {}): WsClient<Api> {
  const c = createWsClient<Api>(spec.channels[0]!, url, { params: { symbol: 'btc' }, WebSocket: WebSocket as never, ...options });
  open.push(c);
  return c;
}

describe('plain WebSocket runtime', () => {
  it('answers requests with the correlation id, and broadcasts typed updates to a filtered set', async () => {
    const { server, url } = await start();
    const c = client(url, { query: { depth: 5 } });
    await c.opened();
    const pong = await c.request.ping({ event: 'ping', reqid: 41 });
    expect(pong).toEqual({ event: 'pong', reqid: 41 });
    // Two requests waiting on one id could not tell their replies apart: the second is refused.
    const [first, second] = await Promise.allSettled([c.request.ping({ event: 'ping', reqid: 9 }), c.request.ping({ event: 'ping', reqid: 9 })]);
    expect(first).toMatchObject({ status: 'fulfilled', value: { reqid: 9 } });
    expect(second).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/id 9 is already waiting/) } });
    // No id given: the client picks one and the reply carries it back.
    const status = await c.request.subscribe({ event: 'subscribe', pair: 'XBT/EUR' });
    expect(status).toMatchObject({ event: 'status', ok: true, reqid: expect.any(Number) });
    const updates: number[] = [];
    c.on('update', (u) => updates.push(u.price));
    const channel = server.channels['/feed/{symbol}']!;
    expect(channel.broadcast.update!({ event: 'update', price: 1.5 }, (conn) => conn.data.pair === 'XBT/EUR')).toBe(1);
    expect(channel.broadcast.update!({ event: 'update', price: 2 }, (conn) => conn.data.pair === 'other')).toBe(0);
    expect(() => channel.broadcast.update!({ event: 'update', price: 'high' })).toThrow(/outgoing_validation of update: payload\/price must be number/);
    await expect.poll(() => updates).toEqual([1.5]);
    expect([...channel.connections][0]!.params).toEqual({ symbol: 'btc' });
    expect([...channel.connections][0]!.query).toEqual({ depth: 5 });
  });

  it('refuses invalid frames on both sides and keeps the connection', async () => {
    const errors: unknown[] = [];
    const { server, url } = await start(errors);
    const c = client(url);
    await c.opened();
    expect(() => c.send.subscribe({ event: 'subscribe' } as never)).toThrow(/payload must have required property 'pair'/);
    const raw = new WebSocket(`${url}/feed/eth`);
    open.push(raw);
    await new Promise((resolve) => raw.once('open', resolve));
    raw.send('{"event":"subscribe","pair":3}');
    raw.send('{"event":"nope"}');
    raw.send('not json');
    await expect.poll(() => errors.length).toBe(3);
    expect(errors).toMatchObject([
      { reason: 'payload_validation', message: 'subscribe', errors: ['payload/pair must be string'] },
      { reason: 'unknown_message', errors: ['payload/event "nope" names no message expected here'] },
      { reason: 'not_json' },
    ]);
    const invalid: WsInvalidMessage[] = [];
    c.on('invalid', (i) => invalid.push(i));
    const connection = [...server.channels['/feed/{symbol}']!.connections].find((conn) => conn.params.symbol === 'btc')!;
    connection.socket.send('{"event":"update","price":"x"}');
    await expect.poll(() => invalid.length).toBe(1);
    expect(invalid[0]).toMatchObject({ reason: 'payload_validation', message: 'update' });
    expect(await c.request.ping({ event: 'ping' })).toMatchObject({ event: 'pong' });
  });

  it('checks the handshake: parameters, coerced query, security', async () => {
    const { url } = await start();
    const status = (path: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url + path);
        ws.on('unexpected-response', (_, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => (ws.close(), resolve(101)));
        ws.on('error', () => {});
      });
    expect(await status('/feed/doge')).toBe(400);
    expect(await status('/feed/btc?depth=50')).toBe(400);
    expect(await status('/feed/btc?depth=5')).toBe(101);
    expect(await status('/nowhere')).toBe(404);
    expect(await status('/private')).toBe(401);
    expect(await status('/private?key=wrong')).toBe(401);
    expect(await status('/private?key=secret')).toBe(101);
  });

  it('dispatches by validator order without a discriminator, and binary frames as Uint8Array', async () => {
    const errors: unknown[] = [];
    const blobs: Uint8Array[] = [];
    const { url } = await start(errors, 0, blobs);
    const privateChannel = spec.channels[1]!;
    expect(decodeFrame(privateChannel.toServer, '{"b":1}')).toMatchObject({ ok: true, message: 'b' });
    expect(decodeFrame(privateChannel.toServer, '{"a":1}')).toMatchObject({ ok: true, message: 'a' });
    expect(decodeFrame(privateChannel.toServer, '{"c":1}')).toMatchObject({ ok: false, reason: 'unknown_message' });
    const c = client(url);
    await c.opened();
    c.send.blob(new Uint8Array([1, 2, 3]));
    await expect.poll(() => blobs.length).toBe(1);
    expect([...blobs[0]!]).toEqual([1, 2, 3]);
  });

  it('reconnects after the server restarts and re-sends what was marked', async () => {
    const first = await start();
    const c = client(first.url, { reconnect: { minDelay: 20, maxDelay: 100 } });
    await c.opened();
    c.send.subscribe({ event: 'subscribe', pair: 'KEEP' }, { resend: true });
    let reconnected = 0;
    c.on('reconnect', () => reconnected++);
    await first.server.close();
    const second = await start([], first.port);
    await expect.poll(() => reconnected, { timeout: 3000 }).toBe(1);
    await expect.poll(() => [...second.server.channels['/feed/{symbol}']!.connections].map((conn) => conn.data.pair)).toEqual(['KEEP']);
    expect(await c.request.ping({ event: 'ping' })).toMatchObject({ event: 'pong' });
  });

  it('closes a silent connection after the heartbeat timeout and reconnects; an app-level ping keeps it up', async () => {
    const { url } = await start([], 0, [], { heartbeatInterval: 0 });
    const silent = client(url, { heartbeat: { interval: 40, timeout: 150 }, reconnect: { minDelay: 10, maxDelay: 20 } });
    const closes: number[] = [];
    silent.on('close', (info) => closes.push(info.code));
    let reconnects = 0;
    silent.on('reconnect', () => reconnects++);
    await silent.opened();
    await expect.poll(() => closes, { timeout: 2000 }).toContain(4000);
    await expect.poll(() => reconnects, { timeout: 2000 }).toBeGreaterThan(0);
    silent.close();

    const chatty: WsClient<Api> = client(url, { heartbeat: { interval: 40, timeout: 150, send: () => chatty.send.ping({ event: 'ping' }) } });
    const chattyCloses: number[] = [];
    chatty.on('close', (info) => chattyCloses.push(info.code));
    await chatty.opened();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(chattyCloses).toEqual([]);
  });

  it('skips a connection whose bufferedAmount is over the limit (backpressure)', async () => {
    const { server, url } = await start([], 0, [], { maxBufferedAmount: 1000 });
    const c = client(url);
    await c.opened();
    const connection = [...server.channels['/feed/{symbol}']!.connections][0]!;
    const big = { event: 'update', price: 1, pad: 'x'.repeat(8 * 1024 * 1024) };
    expect(connection.send.update!(big)).toBe(true);
    expect(connection.socket.bufferedAmount).toBeGreaterThan(1000);
    expect(connection.send.update!({ event: 'update', price: 2 })).toBe(false);
    expect(server.channels['/feed/{symbol}']!.broadcast.update!({ event: 'update', price: 3 })).toBe(0);
    const prices: number[] = [];
    c.on('update', (u) => prices.push(u.price));
    await expect.poll(() => prices, { timeout: 5000 }).toEqual([1]);
    await expect.poll(() => connection.socket.bufferedAmount).toBe(0);
    expect(connection.send.update!({ event: 'update', price: 4 })).toBe(true);
    await expect.poll(() => prices).toEqual([1, 4]);
  });

  it('ends a connection that stops answering pings; one that answers stays', async () => {
    const { url } = await start([], 0, [], { heartbeatInterval: 50 });
    const deaf = new WebSocket(`${url}/feed/btc`, { autoPong: false });
    const alive = new WebSocket(`${url}/feed/eth`);
    open.push(deaf, alive);
    const closed: string[] = [];
    deaf.on('close', () => closed.push('deaf'));
    alive.on('close', () => closed.push('alive'));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(closed).toEqual(['deaf']);
  });

  it('keeps serving when a handler returns a reply JSON cannot hold', async () => {
    const errors: unknown[] = [];
    const { url } = await start(errors);
    const c = client(url, { requestTimeout: 300 });
    await c.opened();
    await expect(c.request.ping({ event: 'ping', reqid: 666 })).rejects.toThrow(/no reply/);
    await expect(c.request.ping({ event: 'ping', reqid: 667 })).rejects.toThrow(/no reply/);
    expect(errors.map((e) => (e as Error).message)).toEqual([expect.stringMatching(/circular/i), expect.stringMatching(/circular/i)]);
    expect(await c.request.ping({ event: 'ping', reqid: 1 })).toEqual({ event: 'pong', reqid: 1 });
  });

  it('refuses request targets new URL() cannot read (//#?, //a b) and keeps serving', async () => {
    const { url } = await start();
    const { port } = new URL(url);
    const { connect } = await import('node:net');
    const raw = (target: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1', () =>
          socket.write(`GET ${target} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`),
        );
        let text = '';
        socket.on('data', (d) => (text += String(d)));
        socket.on('close', () => resolve(text.split('\r\n')[0]!));
        socket.on('error', () => resolve(text));
      });
    expect(await raw('//#?')).toMatch(/^HTTP\/1.1 (400|404)/);
    expect(await raw('//a')).toMatch(/^HTTP\/1.1 (400|404)/);
    const c = client(url);
    await c.opened();
    expect(await c.request.ping({ event: 'ping' })).toMatchObject({ event: 'pong' });
  });
});
