/**
 * More than one machine: two server processes share broadcasts through the real Redis
 * (127.0.0.1:6379) via createRedisAdapter. A broadcast from process A reaches a client of B.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { createRedisAdapter } from 'sockgen/runtime/socketio';
import { connectRoom } from '../../generated/asyncapi/chat/client.js';
import { redis, redisUrl, requireService } from '../support/services.js';
import { startNode, type Child } from './support/spawn.js';

const hasRedis = await requireService(redis);

describe('createRedisAdapter', () => {
  it('rejects with a clear message when Redis is not there', async () => {
    await expect(createRedisAdapter('redis://user:secret@127.0.0.1:1')).rejects.toThrow(/cannot connect the Socket.IO Redis adapter to redis:\/\/user:\*\*\*@127\.0\.0\.1:1/);
  });
});

describe.skipIf(!hasRedis)('two server processes on Redis', () => {
  const children: Child[] = [];
  const sockets: Socket[] = [];
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await Promise.all(children.map((c) => c.stop()));
  });

  it('a broadcast from one process reaches a client of the other', async () => {
    // A key of our own: other test runs on the same Redis must not see these broadcasts.
    const key = `sockgen-test-${randomUUID()}`;
    const namespace = '/user';
    const [a, b] = [0, 1].map(() => startNode(['bin/run-ts.mjs', 'test/asyncapi-runtime/support/redis-peer.ts', redisUrl, key, namespace]));
    children.push(a!, b!);
    const [portA, portB] = await Promise.all([a!.waitFor(/listening (\d+)/), b!.waitFor(/listening (\d+)/)]);
    expect(portA[1]).not.toBe(portB[1]);

    const client = connect(`http://127.0.0.1:${portB[1]}${namespace}`, { transports: ['websocket'], forceNew: true });
    sockets.push(client);
    await new Promise((resolve) => client.once('welcome', resolve));
    const received = new Promise((resolve) => client.once('profile', resolve));
    a!.process.stdin.write(`profile ${JSON.stringify({ id: 'p1', via: 'A' })}\n`);
    await a!.waitFor(/sent profile/);
    await expect(received).resolves.toEqual({ id: 'p1', via: 'A' });
  });
});

describe.skipIf(!hasRedis)('two generated chat servers with createServer({ redisUrl })', () => {
  const children: Child[] = [];
  afterAll(async () => {
    await Promise.all(children.map((c) => c.stop()));
  });

  it('a `said` broadcast from one process reaches a typed client of the other', async () => {
    const [a, b] = [0, 1].map(() => startNode(['bin/run-ts.mjs', 'test/asyncapi-runtime/support/redis-generated-peer.ts', redisUrl]));
    children.push(a!, b!);
    const [, portB] = await Promise.all([a!.waitFor(/listening (\d+)/), b!.waitFor(/listening (\d+)/)]);
    const room = connectRoom(`http://127.0.0.1:${portB![1]}`, {
      headers: { 'x-client-version': '1.0' },
      auth: { authorization: 'Bearer member' },
      socket: { transports: ['websocket'], forceNew: true },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        room.socket.once('connect', resolve);
        room.socket.once('connect_error', reject);
      });
      // The default channel prefix is shared with any other run on this Redis: wait for our own line.
      const id = randomUUID();
      const received = new Promise((resolve) => room.on('said', (line) => (line.id === id ? resolve(line) : undefined)));
      const line = { id, text: 'across processes', at: '2026-01-01T00:00:00Z', author: { name: 'ada', role: 'member' } };
      a!.process.stdin.write(`${JSON.stringify(line)}\n`);
      await a!.waitFor(/sent/);
      await expect(received).resolves.toEqual(line);
    } finally {
      room.socket.close();
    }
  });
});
