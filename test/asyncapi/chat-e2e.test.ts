/**
 * End to end over real sockets: the committed generated server of specs/asyncapi/chat.yml
 * (AsyncAPI 3.0) with hand-written handlers, and its generated typed client on socket.io-client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectLobby, connectRoom } from '../../generated/asyncapi/chat/client.js';
import { createServer, type ApiServer, type Handlers, type SecurityHooks } from '../../generated/asyncapi/chat/server.js';
import { SockgenError } from '../../runtime/socketio-client/index.js';
import { SocketApiError } from '../../runtime/socketio/index.js';

const lineId = '0b6e3c1e-2d44-4a8c-9d3c-0a1f2b3c4d5e';
const calls: { event: string; payload: unknown }[] = [];
const errors: Error[] = [];
const connects: unknown[] = [];
const disconnects: string[] = [];

const handlers: Handlers = {
  '/room': {
    events: {
      join: (payload) => {
        calls.push({ event: 'join', payload });
        return { members: [{ name: 'ann', role: 'member' }] };
      },
      say: async (payload, socket) => {
        calls.push({ event: 'say', payload });
        if (payload.text === 'emit bad') socket.emit('said', { text: 'no id' } as never);
        // A server bug on purpose: an ack that breaks its x-ack schema.
        if (payload.text === 'bad ack') return { id: 'not-a-uuid', at: 'yesterday' };
        return { id: lineId, at: '2026-01-02T03:04:05Z' };
      },
    },
    connect: (_socket, security) => {
      connects.push(security);
    },
    disconnect: (_socket, reason) => {
      disconnects.push(reason);
    },
    error: (error) => {
      errors.push(error);
    },
  },
  '/lobby': {
    events: {
      ping: (payload) => payload.nonce + 1,
    },
  },
};

const security: SecurityHooks = {
  memberToken: (token) => (token === 'good' ? { user: 'ann' } : undefined),
  botKey: (key) => (key === 'bot-key' ? { bot: true } : undefined),
};

let server: ApiServer;
let url: string;
const memberOptions = { headers: { 'x-client-version': '1.2' }, auth: { token: 'good' } };

beforeAll(async () => {
  server = await createServer({ handlers, security });
  url = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
});
afterAll(async () => {
  await server?.close();
});

function waitFor(predicate: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (predicate()) return resolve();
      if (Date.now() - started > 5000) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 10);
    };
    tick();
  });
}

describe('generated AsyncAPI 3.0 server and client (chat)', () => {
  it('accepts a member, passes the security info to the connect handler, and answers acks', async () => {
    const client = await connectRoom(url, memberOptions).connected();
    try {
      await waitFor(() => connects.length > 0, 'connect handler');
      expect(connects.at(-1)).toEqual({ user: 'ann' });
      const ack = await client.emitWithAck('say', { text: 'hello', mood: 'happy' });
      expect(ack).toEqual({ id: lineId, at: '2026-01-02T03:04:05Z' });
      expect(calls.at(-1)).toEqual({ event: 'say', payload: { text: 'hello', mood: 'happy' } });
      const members = await client.emitWithAck('join', { room: 'general' });
      expect(members.members[0]?.name).toBe('ann');
    } finally {
      client.close();
    }
  });

  it('refuses an invalid payload with readable errors, never calls the handler, and keeps the connection', async () => {
    const client = await connectRoom(url, memberOptions).connected();
    try {
      const before = calls.length;
      const errorCount = errors.length;
      const refused = await client.emitWithAck('say', { text: '', extra: 1 } as never).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(SockgenError);
      expect((refused as SockgenError).type).toBe('payload_validation');
      expect((refused as SockgenError).errors).toEqual(['payload has unexpected property \'extra\'', 'payload/text must NOT have fewer than 1 characters']);
      expect(calls.length).toBe(before);
      expect(errors.length).toBe(errorCount + 1);
      expect(errors.at(-1)).toBeInstanceOf(SocketApiError);

      // Without an ack callback the refusal arrives as an error event.
      const evented = new Promise<SockgenError>((resolve) => client.onError(resolve));
      client.emit('join', { room: 42 } as never);
      const error = await evented;
      expect(error.type).toBe('payload_validation');
      expect(error.event).toBe('join');
      expect(error.errors).toEqual(['payload/room must be string']);

      // Same connection, still serving.
      expect(client.socket.connected).toBe(true);
      await expect(client.emitWithAck('say', { text: 'still here' })).resolves.toMatchObject({ id: lineId });
    } finally {
      client.close();
    }
  });

  it('validates the acks the server returns', async () => {
    const client = await connectRoom(url, memberOptions).connected();
    try {
      const refused = await client.emitWithAck('say', { text: 'bad ack' }).catch((e: unknown) => e);
      expect((refused as SockgenError).type).toBe('ack_validation');
      expect((refused as SockgenError).errors).toEqual(['ack/id must match format "uuid"', 'ack/at must match format "date-time"']);
    } finally {
      client.close();
    }
  });

  it('validates outgoing emits: a bad broadcast throws at the emitter, a good one arrives', async () => {
    const client = await connectRoom(url, memberOptions).connected();
    try {
      const room = server.namespaces['/room'];
      expect(() => room.emit('said', { id: lineId, text: 'x', at: 'now' } as never)).toThrowError(/invalid payload emitted as said/);
      let thrown: unknown;
      try {
        room.emit('said', { text: 'no id' } as never);
      } catch (error) {
        thrown = error;
      }
      expect((thrown as SocketApiError).data.type).toBe('outgoing_validation');
      expect((thrown as SocketApiError).data.errors).toContain("payload must have required property 'id'");
      const untyped = room as unknown as { emit(event: string, payload: unknown): boolean };
      expect(() => untyped.emit('nope', {})).toThrowError(/does not emit nope/);

      // socket.emit inside a handler is checked too: the handler fails, the client hears why.
      const failed = await client.emitWithAck('say', { text: 'emit bad' }).catch((e: unknown) => e);
      expect((failed as SockgenError).type).toBe('outgoing_validation');

      const received = new Promise((resolve) => client.on('said', resolve));
      const line = { id: lineId, text: 'hi', at: '2026-01-02T03:04:05Z', author: { name: 'ann', role: 'member' as const } };
      room.emit('said', line);
      await expect(received).resolves.toEqual(line);
    } finally {
      client.close();
    }
  });

  it('refuses a handshake without the required header, with the validation errors', async () => {
    const refused = await connectRoom(url, { auth: { token: 'good' }, socket: { reconnection: false } })
      .connected()
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SockgenError);
    expect((refused as SockgenError).type).toBe('handshake_validation');
    expect((refused as SockgenError).errors).toEqual(["headers must have required property 'x-client-version'"]);
  });

  it('refuses a bad or missing token as unauthorized; the API key scheme guards /lobby', async () => {
    const bad = await connectRoom(url, { headers: { 'x-client-version': '1.2' }, auth: { token: 'nope' }, socket: { reconnection: false } })
      .connected()
      .catch((e: unknown) => e);
    expect((bad as SockgenError).type).toBe('unauthorized');
    const missing = await connectRoom(url, { headers: { 'x-client-version': '1.2' }, socket: { reconnection: false } })
      .connected()
      .catch((e: unknown) => e);
    expect((missing as SockgenError).message).toMatch(/missing bearer token/);

    const noKey = await connectLobby(url, { query: { key: 'wrong' }, socket: { reconnection: false } })
      .connected()
      .catch((e: unknown) => e);
    expect((noKey as SockgenError).type).toBe('unauthorized');
    const bot = await connectLobby(url, { query: { key: 'bot-key' } }).connected();
    try {
      await expect(bot.emitWithAck('ping', { nonce: 41 })).resolves.toBe(42);
    } finally {
      bot.close();
    }
  });

  it('runs the disconnect handler', async () => {
    const client = await connectRoom(url, memberOptions).connected();
    const before = disconnects.length;
    client.close();
    await waitFor(() => disconnects.length > before, 'disconnect handler');
    expect(disconnects.at(-1)).toBe('client namespace disconnect');
  });

  it('skips outgoing validation when switched off', async () => {
    const fast = await createServer({ handlers, security, validateOutgoing: false, docs: false });
    try {
      expect(() => fast.namespaces['/room'].emit('said', { text: 'no id' } as never)).not.toThrow();
    } finally {
      await fast.close();
    }
  });

  it('refuses to start without a handler for every received event (JavaScript callers)', async () => {
    const incomplete = { ...handlers, '/lobby': { events: {} } } as unknown as Handlers;
    await expect(createServer({ handlers: incomplete, security })).rejects.toThrow(/missing handler for event "ping" of namespace \/lobby/);
  });
});
