/**
 * More than one machine: two server processes share broadcasts through the real Redis
 * (127.0.0.1:6379) via createRedisAdapter. A broadcast from process A reaches a client of B.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { createRedisAdapter } from 'sockgen/runtime/socketio';
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
