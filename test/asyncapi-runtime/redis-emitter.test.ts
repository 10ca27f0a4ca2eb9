/**
 * The generated emitter (issue 12, Asynction's message-queue emitter): a process that holds no
 * server sends validated events, through the real Redis, to a generated chat server running in
 * another process, whose typed client receives them. An invalid payload never leaves.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { connectRoom } from '../../generated/asyncapi/chat/client.js';
import { createEmitter } from '../../generated/asyncapi/chat/emitter.js';
import { redis, redisUrl, requireService } from '../support/services.js';
import { startNode, type Child } from './support/spawn.js';

const hasRedis = await requireService(redis);

describe.skipIf(!hasRedis)('generated emitter over Redis', () => {
  const children: Child[] = [];
  afterAll(async () => {
    await Promise.all(children.map((c) => c.stop()));
  });

  it('a worker emits a validated `said` to /room; the server process delivers it; a bad payload throws', async () => {
    const server = startNode(['bin/run-ts.mjs', 'test/asyncapi-runtime/support/redis-generated-peer.ts', redisUrl]);
    children.push(server);
    const [, port] = (await server.waitFor(/listening (\d+)/))!;
    const room = connectRoom(`http://127.0.0.1:${port}`, {
      headers: { 'x-client-version': '1.0' },
      auth: { authorization: 'Bearer member' },
      socket: { transports: ['websocket'], forceNew: true },
    });
    const connected = new Promise<void>((resolve, reject) => {
      room.socket.once('connect', resolve);
      room.socket.once('connect_error', reject);
    });
    const emitter = await createEmitter({ redis: redisUrl });
    try {
      await connected;
      const id = randomUUID();
      const received = new Promise((resolve) => room.on('said', (line) => (line.id === id ? resolve(line) : undefined)));
      const line = { id, text: 'from a worker', at: '2026-01-01T00:00:00Z', author: { name: 'ada', role: 'member' as const } };
      emitter.of('/room').emit('said', line);
      await expect(received).resolves.toEqual(line);

      expect(() => emitter.of('/room').emit('said', { ...line, at: 'yesterday' })).toThrow(/invalid payload emitted as said/);
      expect(() => emitter.of('/room').to('some-room').emit('said', { text: 'no id' } as never)).toThrow(/outgoing_validation|invalid payload/);
      expect(() => (emitter.of('/room') as { emit(e: string, p: unknown): void }).emit('__proto__', {})).toThrow(/has no event/);
      expect(() => emitter.of('/room').emit('typing', { name: 'x'.repeat(10_000) } as never)).toThrow(/invalid payload emitted as typing/);
    } finally {
      room.socket.close();
      await emitter.close();
    }
  });

  it('emits to the concrete namespace of a parameterized one, under the given key', async () => {
    const { Redis } = await import('ioredis');
    const { createSocketApiEmitter } = await import('sockgen/runtime/socketio-emitter');
    const key = `sockgen-emitter-test-${randomUUID()}`;
    const subscriber = new Redis(redisUrl);
    const emitter = await createSocketApiEmitter<{ '/rooms/{roomId}': { said: { payload: { text: string }; ack: void } } }>(
      { '/rooms/{roomId}': { said: { validate: (data) => typeof (data as { text?: unknown }).text === 'string' } } },
      { redis: redisUrl, key },
    );
    try {
      await subscriber.psubscribe(`${key}#*`);
      const channel = new Promise<string>((resolve) => subscriber.on('pmessage', (_pattern, name) => resolve(name)));
      emitter.of('/rooms/{roomId}', { roomId: 'a/7' }).emit('said', { text: 'hi' });
      await expect(channel).resolves.toBe(`${key}#/rooms/a%2F7#`);
      expect(() => emitter.of('/rooms/{roomId}').emit('said', { text: 'hi' })).toThrow(/needs a value for \{roomId\}/);
    } finally {
      await emitter.close();
      subscriber.disconnect();
    }
  });

  it('names the Redis it could not reach', async () => {
    await expect(createEmitter({ redis: 'redis://user:secret@127.0.0.1:1' })).rejects.toThrow(/cannot connect the Socket.IO emitter to redis:\/\/user:\*\*\*@127\.0\.0\.1:1/);
  });
});
