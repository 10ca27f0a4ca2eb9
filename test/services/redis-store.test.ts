/**
 * Two tunnel servers sharing the real Redis: a token reserved on one is honoured on the other
 * exactly once, counts are shared, and releasing on one ends the tunnel running on the other.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createServicesClient } from '../../generated/services/client.js';
import { services } from '../../generated/services/server.js';
import { createRedisStore, startTunnelServer, type TunnelServer } from '../../runtime/tunnel/index.js';
import { redis, redisUrl, requireService } from '../support/services.js';
import { closed, echo, eventually, openTunnel } from './tunnel-helpers.js';

const hasRedis = await requireService(redis);
const servers: TunnelServer[] = [];
const runPrefix = `sockgen-test:${randomUUID()}`;
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  if (!hasRedis) return;
  // Leave no keys of this run behind (reservation keys expire anyway; zsets of expired ones do not).
  const { Redis } = await import('ioredis');
  const client = new Redis(redisUrl);
  const keys = await client.keys(`${runPrefix}:*`);
  if (keys.length > 0) await client.del(...keys);
  await client.quit();
});

async function pair() {
  const redisPrefix = `${runPrefix}:${randomUUID()}`; // isolates this run's keys
  const start = () => startTunnelServer({ host: '127.0.0.1', redisUrl, redisPrefix, services, log: () => {} });
  const [a, b] = [await start(), await start()];
  servers.push(a, b);
  return { a, b, clientA: createServicesClient({ baseUrl: a.url }), clientB: createServicesClient({ baseUrl: b.url }) };
}

describe.skipIf(!hasRedis)('tunnel servers sharing Redis', () => {
  it('honours a token reserved on one server exactly once across both', async () => {
    const { a, b, clientA, clientB } = await pair();
    const { token } = await clientA.reserveLocalSoftwareSession();
    // Both servers race for the same token; exactly one upgrade may succeed.
    const attempts = await Promise.allSettled([openTunnel(clientA.websocketUrl(token)), openTunnel(clientB.websocketUrl(token)), openTunnel(clientB.websocketUrl(token))]);
    const opened = attempts.filter((r) => r.status === 'fulfilled');
    expect(opened).toHaveLength(1);
    expect(attempts.filter((r) => r.status === 'rejected').map((r) => (r.reason as { status?: number }).status)).toEqual([401, 401]);
    const ws = opened[0]!.value;
    expect((await echo(ws, Buffer.from('shared'))).toString()).toBe('shared');

    // Both servers see the instance, wherever it runs.
    for (const client of [clientA, clientB]) {
      const local = (await client.status()).services.find((s) => s.name === 'Local Software Session')!;
      expect(local.instances.map((i) => [i.index, i.token])).toEqual([[0, token]]);
    }
    ws.close();
    await eventually(() => a.activeTunnels() + b.activeTunnels() === 0);
    await eventually(async () => (await clientB.status()).services.every((s) => s.instances.length === 0));
  });

  it('a token reserved on A works on B, and is then used up on A too', async () => {
    const { clientA, clientB } = await pair();
    const { token } = await clientA.reserveLocalSoftwareSession();
    const ws = await openTunnel(clientB.websocketUrl(token));
    expect((await echo(ws, Buffer.from([1, 2, 3]))).equals(Buffer.from([1, 2, 3]))).toBe(true);
    await expect(openTunnel(clientA.websocketUrl(token))).rejects.toMatchObject({ status: 401 });
    ws.close();
  });

  it('shares counts, and releasing on one server ends the tunnel running on the other', async () => {
    const { clientA, clientB } = await pair();
    const first = await clientA.reserveLocalSoftwareSession();
    await clientB.reserveLocalSoftwareSession();
    await expect(clientB.reserveLocalSoftwareSession()).rejects.toMatchObject({ status: 503 });
    await expect(clientA.reserveLocalSoftwareSession()).rejects.toMatchObject({ status: 503 });

    const ws = await openTunnel(clientA.websocketUrl(first.token));
    await echo(ws, Buffer.from('x'));
    const ended = closed(ws);
    await clientB.release(first.token);
    expect(await ended).toEqual({ code: 1000, reason: 'released' });
    await eventually(async () => (await clientA.status()).services.every((s) => s.instances.length === 0));
    await expect(clientA.reserveLocalSoftwareSession()).resolves.toMatchObject({ service: 'Local Software Session' });
  });

  it('expires unused reservations in Redis too', async () => {
    const redisPrefix = `${runPrefix}:${randomUUID()}`;
    const server = await startTunnelServer({ host: '127.0.0.1', redisUrl, redisPrefix, services, reservationTimeoutMs: 150, log: () => {} });
    servers.push(server);
    const client = createServicesClient({ baseUrl: server.url });
    const { token } = await client.reserveLocalSoftwareSession();
    await client.reserveLocalSoftwareSession();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(client.reserveLocalSoftwareSession()).resolves.toBeDefined();
    await expect(openTunnel(client.websocketUrl(token))).rejects.toMatchObject({ status: 401 });
  });

  it('frees the indexes of a server that died (its heartbeat expired)', async () => {
    const prefix = `${runPrefix}:${randomUUID()}`;
    const dying = await createRedisStore({ url: redisUrl, prefix, heartbeatMs: 300 });
    const survivor = await createRedisStore({ url: redisUrl, prefix, heartbeatMs: 300 });
    try {
      const now = Date.now();
      const reserved = await dying.reserve({ service: 'S', count: 1, query: {}, ttlMs: 60_000, now });
      expect(reserved.ok).toBe(true);
      expect(await dying.claim(reserved.ok ? reserved.token : '', 'peer', now)).toMatchObject({ index: 0 });
      expect(await survivor.reserve({ service: 'S', count: 1, query: {}, ttlMs: 60_000, now })).toEqual({ ok: false, reason: 'exhausted' });
      // The store goes away without finishing its instance, as a crashed server's would: its
      // heartbeat stops (close also deletes the key, which a crash leaves to expire).
      await dying.close();
      const after = await survivor.reserve({ service: 'S', count: 1, query: {}, ttlMs: 60_000, now: Date.now() });
      expect(after.ok).toBe(true);
      expect((await survivor.snapshot(['S'], Date.now())).instances).toEqual([]);
    } finally {
      await dying.close(); // closing twice is harmless
      await survivor.close();
    }
  });
});
