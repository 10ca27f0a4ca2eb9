/**
 * End to end over real sockets: the generated server and client of the AsyncAPI spec's Kraken
 * (request/reply over several channels on one address) and Gemini (channel parameter, query
 * binding) examples, from the golden case test/fixtures/ws-examples. The client runs as in Node
 * without a WebSocket passed in (it loads `ws` itself).
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { connectMain } from '../fixtures/ws-examples/expected/generated/asyncapi/kraken/client.js';
import { createServer, type Handlers, type MainConnection, type TypedServer } from '../fixtures/ws-examples/expected/generated/asyncapi/kraken/server.js';
import { connectMarketDataV1 } from '../fixtures/ws-examples/expected/generated/asyncapi/gemini/client.js';
import { createServer as createGemini } from '../fixtures/ws-examples/expected/generated/asyncapi/gemini/server.js';
import { connectV1MarketdataSymbol } from '../fixtures/ws-examples/expected/generated/asyncapi/gemini-v2/client.js';
import { createServer as createGeminiV2 } from '../fixtures/ws-examples/expected/generated/asyncapi/gemini-v2/server.js';
import type { WsInvalidMessage } from '../../runtime/ws-client/index.js';

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

function krakenHandlers(errors: unknown[], subscribed: string[][]): Handlers {
  return {
    '/': {
      messages: {
        ping: async (payload) => {
          // Out of order on purpose: replies are matched by reqid, not by arrival.
          if (payload.reqid === 1) await new Promise((resolve) => setTimeout(resolve, 30));
          return { event: 'pong' };
        },
        subscribe: (payload, connection: MainConnection) => {
          subscribed.push(payload.pair ?? []);
          connection.data.pairs = payload.pair;
          if (payload.subscription?.name === 'book' && payload.subscription.depth === 1000) return { event: 'subscriptionStatus', errorMessage: 'Subscription depth not supported', status: 'online' as const };
          return { event: 'subscriptionStatus', channelID: 10001, channelName: 'ohlc-5', pair: payload.pair ?? [], status: 'online' as const, subscription: { name: payload.subscription?.name ?? 'ohlc' } };
        },
        unsubscribe: () => ({ event: 'subscriptionStatus', channelID: 10001, channelName: 'ohlc-5', status: 'online' as const, subscription: { name: 'ohlc' as const } }),
      },
      error: (error) => void errors.push(error),
    },
  };
}

async function startKraken(errors: unknown[] = [], subscribed: string[][] = [], port = 0): Promise<{ server: TypedServer; url: string; port: number }> {
  const server = await createServer({ handlers: krakenHandlers(errors, subscribed) });
  open.push(server);
  const bound = await server.listen(port);
  return { server, url: `ws://127.0.0.1:${bound}`, port: bound };
}

describe('Kraken example: generated server and client', () => {
  it('subscribes, gets typed updates, and matches replies to requests by reqid', async () => {
    const { server, url } = await startKraken();
    const client = connectMain(url, { requestTimeout: 2000 });
    open.push(client);
    await client.opened();
    const status = await client.request.subscribe({ event: 'subscribe', reqid: 7, pair: ['XBT/EUR'], subscription: { name: 'ohlc', interval: 5 } });
    expect(status).toMatchObject({ event: 'subscriptionStatus', reqid: 7, channelID: 10001, pair: ['XBT/EUR'] });
    const refused = await client.request.subscribe({ event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'book', depth: 1000 } });
    expect(refused).toMatchObject({ errorMessage: 'Subscription depth not supported', reqid: expect.any(Number) });

    const [slow, fast] = await Promise.all([client.request.receivePing({ event: 'ping', reqid: 1 }), client.request.receivePing({ event: 'ping', reqid: 2 })]);
    expect([slow.reqid, fast.reqid]).toEqual([1, 2]);

    const heartbeats: string[] = [];
    const statuses: string[] = [];
    client.on('heartbeat', (beat) => heartbeats.push(String(beat.event)));
    client.on('systemStatus', (s) => statuses.push(`${s.status}/${s.connectionID}`));
    const channel = server.channels['/'];
    expect(channel.broadcast.heartbeat({ event: 'heartbeat' })).toBe(1);
    expect(channel.broadcast.systemStatus({ event: 'systemStatus', status: 'online', connectionID: 9 }, (c) => Array.isArray(c.data.pairs))).toBe(1);
    expect(channel.broadcast.systemStatus({ event: 'systemStatus', status: 'maintenance' }, () => false)).toBe(0);
    await expect.poll(() => [heartbeats, statuses]).toEqual([['heartbeat'], ['online/9']]);
  });

  it('refuses an invalid message on both sides and keeps the connection', async () => {
    const errors: unknown[] = [];
    const { server, url } = await startKraken(errors);
    const client = connectMain(url);
    open.push(client);
    await client.opened();
    // Client side: refused before it leaves.
    expect(() => client.send.subscribe({ event: 'subscribe', pair: ['not a pair'], subscription: { name: 'candles' } } as never)).toThrow(/payload\/subscription\/name must be one of/);
    // Server side: a raw client sends what the typed one would not.
    const raw = new WebSocket(url);
    open.push(raw);
    await new Promise((resolve) => raw.once('open', resolve));
    raw.send(JSON.stringify({ event: 'subscribe', subscription: { name: 'candles' } }));
    raw.send(JSON.stringify({ event: 'trade' }));
    await expect.poll(() => errors.length).toBe(2);
    expect(errors[0]).toMatchObject({ reason: 'payload_validation', message: 'subscribe' });
    expect((errors[0] as WsInvalidMessage).errors.join()).toMatch(/payload\/subscription\/name must be one of/);
    expect(errors[1]).toMatchObject({ reason: 'unknown_message' });
    // The server's own invalid frame reaches the client's on('invalid'), and both stay connected.
    const invalid: WsInvalidMessage[] = [];
    client.on('invalid', (i) => invalid.push(i));
    for (const connection of server.channels['/'].connections) connection.socket.send(JSON.stringify({ event: 'systemStatus', status: 'on fire' }));
    await expect.poll(() => invalid.length).toBe(1);
    expect(invalid[0]).toMatchObject({ reason: 'payload_validation', message: 'systemStatus' });
    expect(() => server.channels['/'].broadcast.systemStatus({ event: 'systemStatus', status: 'on fire' } as never)).toThrow(/outgoing_validation/);
    expect(await client.request.receivePing({ event: 'ping' })).toMatchObject({ event: 'pong' });
    raw.send(JSON.stringify({ event: 'ping', reqid: 5 }));
    const reply = await new Promise((resolve) => raw.once('message', (data) => resolve(JSON.parse(String(data)))));
    expect(reply).toEqual({ event: 'pong', reqid: 5 });
  });

  it('reconnects after the server restarts and re-sends the subscription', async () => {
    const subscribed: string[][] = [];
    const first = await startKraken([], subscribed);
    const client = connectMain(first.url, { reconnect: { minDelay: 20, maxDelay: 200 } });
    open.push(client);
    await client.opened();
    await client.request.subscribe({ event: 'subscribe', pair: ['XBT/EUR'], subscription: { name: 'ticker' } }, { resend: true });
    let reconnects = 0;
    client.on('reconnect', () => reconnects++);
    await first.server.close();
    const second = await startKraken([], subscribed, first.port);
    await expect.poll(() => reconnects, { timeout: 5000 }).toBe(1);
    await expect.poll(() => subscribed).toEqual([['XBT/EUR'], ['XBT/EUR']]);
    const beats: unknown[] = [];
    client.on('heartbeat', (b) => beats.push(b));
    second.server.channels['/'].broadcast.heartbeat({ event: 'heartbeat' });
    await expect.poll(() => beats.length).toBe(1);
  });

  it('answers a burst of frames in two writes, in order (runtime/ws/batched-writes.ts)', async () => {
    const { server, port } = await startKraken();
    // The server's writes to the operating system, counted on its side of the connection.
    let writes = 0;
    server.httpServer.once('connection', (accepted: Socket & { _write: Socket['_write']; _writev: NonNullable<Socket['_writev']> }) => {
      const [write, writev] = [accepted._write, accepted._writev];
      accepted._write = (...args) => (writes++, write.apply(accepted, args));
      accepted._writev = (...args) => (writes++, writev.apply(accepted, args));
    });
    const socket = connect(port, '127.0.0.1');
    open.push({ close: () => socket.destroy() });
    await once(socket, 'connect');
    const chunks = readChunks(socket);
    socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    expect((await chunks.next()).toString()).toMatch(/^HTTP\/1\.1 101 /);
    const handshakeWrites = writes;
    // reqid 1 is the handler's slow one; 2..41 are answered at once, by the async handler.
    const ids = Array.from({ length: 40 }, (_, i) => i + 2);
    socket.write(Buffer.concat(ids.map((reqid) => maskedTextFrame(JSON.stringify({ event: 'ping', reqid })))));
    const replies: { event: string; reqid: number }[] = [];
    while (replies.length < ids.length) replies.push(...serverTextFrames(await chunks.next()).map((text) => JSON.parse(text) as { event: string; reqid: number }));
    expect(replies.map((reply) => reply.reqid)).toEqual(ids);
    expect(new Set(replies.map((reply) => reply.event))).toEqual(new Set(['pong']));
    // The first reply leaves at once (a lone reply waits for nothing), the other 39 together.
    expect(writes - handshakeWrites).toBe(2);
  });

  it('serves the docs of the document', async () => {
    const { url } = await startKraken();
    const response = await fetch(`${url.replace('ws:', 'http:')}/docs/asyncapi.json`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { info: { title: string } }).info.title).toBe('Kraken Websockets API');
    const page = await fetch(`${url.replace('ws:', 'http:')}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    // Anything else over plain HTTP is not ours: the endpoint asks for an upgrade.
    expect((await fetch(`${url.replace('ws:', 'http:')}/`)).status).toBe(426);
  });
});

describe('Gemini example: channel parameter and query binding', () => {
  it('connects with a typed symbol and coerced query, receives market data; a bad symbol is refused', async () => {
    const server = await createGemini({ handlers: { '/v1/marketdata/{symbol}': { messages: {} } } });
    open.push(server);
    const port = await server.listen(0);
    const client = connectMarketDataV1(`ws://127.0.0.1:${port}`, { params: { symbol: 'btcusd' }, query: { heartbeat: true } });
    open.push(client);
    await client.opened();
    const [connection] = [...server.channels['/v1/marketdata/{symbol}'].connections];
    expect(connection?.params).toEqual({ symbol: 'btcusd' });
    expect(connection?.query).toEqual({ heartbeat: true });
    const got: unknown[] = [];
    client.on('marketData', (m) => got.push(m.type));
    connection!.send.marketData({ type: 'heartbeat', socket_sequence: 1 });
    connection!.send.marketData({ type: 'update', socket_sequence: 2, eventId: 1, timestamp: 1, timestampms: 1000, events: [{ type: 'trade', price: 10.5, side: 'bid' }] });
    await expect.poll(() => got).toEqual(['heartbeat', 'update']);

    const bad = connectMarketDataV1(`ws://127.0.0.1:${port}`, { params: { symbol: 'dogeusd' as 'btcusd' } });
    open.push(bad);
    await expect(bad.opened()).rejects.toThrow(/cannot connect/);
  });
});

describe('Gemini example, AsyncAPI 2.0 form', () => {
  it('streams typed market data on a 2.x channel with a parameter schema', async () => {
    const server = await createGeminiV2({ handlers: { '/v1/marketdata/{symbol}': { messages: {} } } });
    open.push(server);
    const port = await server.listen(0);
    const client = connectV1MarketdataSymbol(`ws://127.0.0.1:${port}`, { params: { symbol: 'ethusd' }, query: { trades: false } });
    open.push(client);
    await client.opened();
    const got: string[] = [];
    client.on('marketData', (m) => got.push(m.type));
    const channel = server.channels['/v1/marketdata/{symbol}'];
    expect([...channel.connections][0]?.query).toEqual({ trades: false });
    expect(() => channel.broadcast.marketData({ type: 'update', socket_sequence: 1, eventId: 1, events: [], timestamp: 'yesterday', timestampms: '10:00:00Z' } as never)).toThrow(/timestamp must match format "date-time"/);
    channel.broadcast.marketData({ type: 'update', socket_sequence: 1, eventId: 1, events: [], timestamp: '2021-04-30T08:01:13Z', timestampms: '08:01:13.527Z' });
    await expect.poll(() => got).toEqual(['update']);
  });
});

/** The socket's reads, one at a time. */
function readChunks(socket: Socket): { next(): Promise<Buffer> } {
  const queued: Buffer[] = [];
  const waiting: ((chunk: Buffer) => void)[] = [];
  socket.on('data', (chunk: Buffer) => (waiting.length > 0 ? waiting.shift()!(chunk) : queued.push(chunk)));
  return { next: () => (queued.length > 0 ? Promise.resolve(queued.shift()!) : new Promise((resolve) => waiting.push(resolve))) };
}

/** A client's text frame (FIN, masked), payload under 126 bytes. */
function maskedTextFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, payload.map((byte, i) => byte ^ mask[i % 4]!)]);
}

/** The payloads of a server's unmasked text frames (each under 126 bytes) in one read. */
function serverTextFrames(read: Buffer): string[] {
  const texts: string[] = [];
  for (let at = 0; at < read.length; ) {
    const length = read[at + 1]! & 0x7f;
    expect([read[at], length < 126]).toEqual([0x81, true]);
    texts.push(read.subarray(at + 2, at + 2 + length).toString());
    at += 2 + length;
  }
  return texts;
}
