/**
 * createRedisAdapter on the real Redis (127.0.0.1:6379): the `key` prefix keeps two applications
 * on one Redis apart (their channels are `<key>#…`, not `socket.io#…`), servers with the same key
 * share broadcasts; and a connection that fails says why — refused, authentication, timeout.
 */
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket as TcpSocket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisAdapter, type RedisAdapterHandle } from '../../runtime/socketio/redis-adapter.js';
import { redis, redisUrl, requireService } from '../support/services.js';

const hasRedis = await requireService(redis);
const closers: Array<() => unknown> = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

async function server(key: string): Promise<{ io: Server; url: string }> {
  const handle: RedisAdapterHandle = await createRedisAdapter(redisUrl, { key });
  const http: HttpServer = createHttpServer();
  const io = new Server(http, { adapter: handle.adapter });
  io.of('/chat');
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  closers.push(async () => {
    await new Promise((resolve) => io.close(resolve));
    await handle.close();
  });
  return { io, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
}

async function client(url: string): Promise<Socket> {
  const socket = connect(`${url}/chat`, { transports: ['websocket'], forceNew: true });
  closers.push(() => socket.close());
  await new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(undefined));
    socket.once('connect_error', reject);
  });
  return socket;
}

describe.skipIf(!hasRedis)('Redis adapter key prefix', () => {
  it('two apps on one Redis do not share broadcasts; two servers of one app do', { timeout: 30_000 }, async () => {
    const run = randomUUID();
    const [appA1, appA2, appB] = await Promise.all([server(`appA-${run}`), server(`appA-${run}`), server(`appB-${run}`)]);
    const watcher = new Redis(redisUrl);
    closers.push(() => watcher.disconnect());
    const channels: string[] = [];
    watcher.on('pmessageBuffer', (_pattern: Buffer, channel: Buffer) => channels.push(channel.toString()));
    await watcher.psubscribe(`appA-${run}#*`, `appB-${run}#*`, 'socket.io#/chat#*');

    const [onA2, onB] = await Promise.all([client(appA2.url), client(appB.url)]);
    const gotA2 = new Promise((resolve) => onA2.once('said', resolve));
    let gotB = false;
    onB.on('said', () => (gotB = true));
    appA1.io.of('/chat').emit('said', { text: 'hello A' });
    await expect(gotA2).resolves.toEqual({ text: 'hello A' });
    await new Promise((resolve) => setTimeout(resolve, 300)); // time for a wrong delivery to arrive
    expect(gotB).toBe(false);
    expect(channels.some((c) => c.startsWith(`appA-${run}#/chat#`))).toBe(true);
    expect(channels.filter((c) => c.startsWith('socket.io#') || c.startsWith(`appB-${run}#`))).toEqual([]);
  });
});

describe('Redis adapter connection failures say why', () => {
  it('refused: nothing listens on the port', async () => {
    await expect(createRedisAdapter('redis://user:secret@127.0.0.1:1')).rejects.toThrow(
      /^cannot connect the Socket\.IO Redis adapter to redis:\/\/user:\*\*\*@127\.0\.0\.1:1: connection refused: nothing listens on 127\.0\.0\.1:1/,
    );
  });

  it.skipIf(!hasRedis)('authentication: a user and password Redis refuses', async () => {
    const error = await createRedisAdapter(`redis://nobody-${randomUUID()}:wrong@127.0.0.1:6379`).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/^cannot connect the Socket\.IO Redis adapter to redis:\/\/nobody-[0-9a-f-]+:\*\*\*@127\.0\.0\.1:6379: authentication failed/);
    expect(error?.message).not.toContain('wrong');
  });

  it('timeout: something accepts the connection but never answers as Redis', async () => {
    const sockets: TcpSocket[] = [];
    const silent: TcpServer = createTcpServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      const started = Date.now();
      await expect(createRedisAdapter(`redis://127.0.0.1:${port}`, { connectTimeoutMs: 400 })).rejects.toThrow(
        new RegExp(`^cannot connect the Socket\\.IO Redis adapter to redis://127\\.0\\.0\\.1:${port}: timeout: no Redis answer from 127\\.0\\.0\\.1:${port} in time`),
      );
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      sockets.forEach((s) => s.destroy());
      silent.close();
    }
  });
});
