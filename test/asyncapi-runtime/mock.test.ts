/**
 * The mock server from a document alone, checked with the real socket.io-client: server events
 * arrive with payloads valid against the document's schemas, acks come back valid, invalid
 * payloads and unknown events are refused with an error while the connection keeps working.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { startMockServer, type MockServer } from '../../runtime/socketio/mock-server.js';
import { loadFixture } from './support/fixtures.js';
import { schemaAt } from './support/schemas.js';

/** Collects `count` emissions of `event` on a socket. */
function collect(socket: Socket, event: string, count: number): Promise<unknown[]> {
  return new Promise((resolve) => {
    const seen: unknown[] = [];
    const listener = (payload: unknown) => {
      seen.push(payload);
      if (seen.length === count) {
        socket.off(event, listener);
        resolve(seen);
      }
    };
    socket.on(event, listener);
  });
}

/** Emits with an ack callback and resolves with every argument of the ack (`[result]` or `[null, error]`). */
function emitRaw(socket: Socket, event: string, payload: unknown): Promise<unknown[]> {
  return new Promise((resolve, reject) => socket.timeout(5000).emit(event, payload, (timeout: Error | null, ...args: unknown[]) => (timeout ? reject(timeout) : resolve(args))));
}

describe('mock server for a 2.x document (User Account Service)', () => {
  let document: unknown;
  let mock: MockServer;
  const sockets: Socket[] = [];
  const open = (namespace: string, query: Record<string, string> = {}) => {
    const socket = connect(`${mock.url}${namespace}`, { path: mock.path, transports: ['websocket'], query, forceNew: true });
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    document = await loadFixture('user-account.yml');
    mock = await startMockServer({ document, interval: 20, seed: 7 });
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await mock?.close();
  });

  it('uses the path and namespaces of the document', () => {
    expect(mock.path).toBe('/api/socket.io');
    expect(mock.namespaces).toEqual(['/admin', '/user']);
  });

  it('emits fake payloads valid against each server event schema, honouring formats', async () => {
    const profile = schemaAt(document, ['components', 'messages', 'UserProfile', 'payload']);
    const metrics = schemaAt(document, ['components', 'messages', 'Metrics', 'payload']);
    const [profiles, metricList] = await Promise.all([collect(open('/user', { token: 't' }), 'profile', 5), collect(open('/admin'), 'metrics', 5)]);
    for (const payload of profiles) expect(profile(payload), JSON.stringify([payload, profile.errors])).toBe(true);
    for (const payload of metricList) expect(metrics(payload), JSON.stringify([payload, metrics.errors])).toBe(true);
    // Fake data changes from one emit to the next.
    expect(new Set(profiles.map((p) => JSON.stringify(p))).size).toBeGreaterThan(1);
  });

  it('accepts a valid client event and answers its ack with fake valid data', async () => {
    const ack = schemaAt(document, ['components', 'messages', 'UserSignedUp', 'x-ack', 'args']);
    const socket = open('/user');
    for (let i = 0; i < 5; i++) {
      const answer = await socket.timeout(5000).emitWithAck('sign up', { full_name: 'Ada', email: 'ada@example.com', age: 36 });
      expect(ack(answer), JSON.stringify([answer, ack.errors])).toBe(true);
    }
  });

  it('acks an event without x-ack with no value', async () => {
    const socket = open('/user');
    await expect(socket.timeout(5000).emitWithAck('log in', { email: 'ada@example.com', timestamp: '2024-01-01T10:00:00Z' })).resolves.toBeUndefined();
  });

  it('refuses an invalid payload with the validation errors, and keeps the connection', async () => {
    const socket = open('/user');
    // The refusal a generated server sends: ack(null, data), or a `sockgen:error` event without an ack.
    const [result, refused] = await emitRaw(socket, 'sign up', { full_name: 'Kid', email: 'not-an-email', age: 7 });
    expect(result).toBeNull();
    expect(refused).toMatchObject({ type: 'payload_validation', event: 'sign up', message: 'invalid payload for sign up' });
    expect((refused as { errors: string[] }).errors).toEqual(['payload/email must match format "email"', 'payload/age must be >= 18']);
    const errorEvent = new Promise((resolve) => socket.once('sockgen:error', resolve));
    socket.emit('log in', { email: 42 });
    await expect(errorEvent).resolves.toMatchObject({ type: 'payload_validation', event: 'log in' });
    const ack = await socket.timeout(5000).emitWithAck('sign up', { full_name: 'Ada', email: 'ada@example.com', age: 36 });
    expect(ack).toHaveProperty('success');
    expect(socket.connected).toBe(true);
  });

  it('refuses an event the document does not list', async () => {
    const socket = open('/admin');
    const [result, refused] = await emitRaw(socket, 'metrics', { cpu: 1 });
    expect(result).toBeNull();
    expect(refused).toMatchObject({ type: 'unknown_event', event: 'metrics' });
  });

  it('refuses the default namespace the document does not have', async () => {
    const socket = open('/');
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    expect(error.message).toContain('no `/` namespace');
  });

  it('serves the docs next to the Socket.IO path', async () => {
    const page = await fetch(`${mock.url}/api/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('src="/api/docs/assets/asyncapi-standalone.js"'); // the renderer's page (test/docs)
    expect(await (await fetch(`${mock.url}/api/docs/plain`)).text()).toContain('data-namespace="/user"');
  });
});

describe('mock server for a 3.0 document', () => {
  let document: unknown;
  let mock: MockServer;
  let socket: Socket;
  beforeAll(async () => {
    document = await loadFixture('chat-v3.yml');
    mock = await startMockServer({ document, interval: 20 });
    socket = connect(`${mock.url}/chat`, { path: mock.path, transports: ['websocket'], forceNew: true });
  });
  afterAll(async () => {
    socket?.close();
    await mock?.close();
  });

  it('maps send operations to emitted events and receive operations to accepted ones', async () => {
    expect(mock.path).toBe('/events/socket.io');
    const said = schemaAt(document, ['channels', 'chat', 'messages', 'said', 'payload']);
    for (const payload of await collect(socket, 'said', 3)) expect(said(payload), JSON.stringify(said.errors)).toBe(true);
    const ack = schemaAt(document, ['channels', 'chat', 'messages', 'say', 'x-ack', 'args']);
    const answer = await socket.timeout(5000).emitWithAck('say', { room: 'r1', text: 'hello' });
    expect(ack(answer), JSON.stringify(ack.errors)).toBe(true);
    await expect(emitRaw(socket, 'say', { room: '', text: 'x' })).resolves.toEqual([
      null,
      { type: 'payload_validation', message: 'invalid payload for say', event: 'say', errors: ['payload/room must NOT have fewer than 1 characters'] },
    ]);
  });
});

describe('mock server with an x-ack no value can satisfy', () => {
  it('answers the ack with a handler_error instead of leaving the client waiting', async () => {
    const document = {
      asyncapi: '2.6.0',
      info: { title: 't', version: '1' },
      channels: { '/': { publish: { message: { name: 'ask', payload: { type: 'string' }, 'x-ack': { args: { type: 'string', minLength: 5, maxLength: 2 } } } } } },
    };
    const mock = await startMockServer({ document });
    const socket = connect(mock.url, { path: mock.path, transports: ['websocket'], forceNew: true });
    try {
      const [result, error] = await emitRaw(socket, 'ask', 'why?');
      expect(result).toBeNull();
      expect(error).toMatchObject({ type: 'handler_error', event: 'ask' });
    } finally {
      socket.close();
      await mock.close();
    }
  });
});

describe('mock server events the server sends with x-ack', () => {
  let mock: MockServer;
  const logged: string[] = [];
  const sockets: Socket[] = [];
  beforeAll(async () => {
    mock = await startMockServer({ document: await loadFixture('chat-v3.yml'), interval: 20, log: (line) => logged.push(line) });
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await mock?.close();
  });

  it('sends a valid payload expecting an ack, and logs an ack that breaks x-ack', async () => {
    const socket = connect(`${mock.url}/chat`, { path: mock.path, transports: ['websocket'], forceNew: true });
    sockets.push(socket);
    const question = await new Promise<unknown>((resolve) =>
      socket.on('poll', (payload: unknown, ack: (answer: unknown) => void) => {
        ack({ vote: 'maybe' });
        resolve(payload);
      }),
    );
    expect(question).toHaveProperty('question');
    await vi.waitFor(() => expect(logged.some((line) => line.startsWith('/chat → poll: invalid ack: ack/vote must be one of'))).toBe(true));
  });
});

describe('mock server for a document split over files ($refs to other files)', () => {
  let mock: MockServer;
  const sockets: Socket[] = [];
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await mock?.close();
  });

  it('resolves the refs, validates against them and fakes by them', async () => {
    const document = await loadFixture('external/api.yml');
    mock = await startMockServer({ document, interval: 20 });
    const socket = connect(`${mock.url}/orders`, { path: mock.path, transports: ['websocket'], forceNew: true });
    sockets.push(socket);
    const placed = schemaAt(document, ['channels', '/orders', 'subscribe', 'message', 'payload']);
    const [payload] = await collect(socket, 'order placed', 1);
    expect(placed(payload), JSON.stringify(placed.errors)).toBe(true);
    expect((payload as { order: { sku: string } }).order.sku).toMatch(/^[A-Z]{3}-[0-9]{4}$/);
    const ack = await socket.timeout(5000).emitWithAck('place order', { sku: 'ABC-1234', quantity: 2, email: 'a@example.com' });
    expect(ack).toHaveProperty('orderId');
    const [, refused] = await emitRaw(socket, 'place order', { sku: 'abc', quantity: 0, email: 'a@example.com' });
    expect(refused).toMatchObject({ type: 'payload_validation', errors: ['payload/sku must match pattern "^[A-Z]{3}-[0-9]{4}$"', 'payload/quantity must be >= 1'] });
  });
});
