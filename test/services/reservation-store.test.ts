/**
 * One contract, two stores: the in-memory store and the Redis store (real Redis, unique prefix)
 * must give the same answers for counts, indexes, expiry, single use and release.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryStore, createRedisStore, type ReservationStore } from '../../runtime/tunnel/index.js';
import { redis, redisUrl, requireService } from '../support/services.js';

const hasRedis = await requireService(redis);
const prefix = `sockgen-test:${randomUUID()}`;
const opened: ReservationStore[] = [];
afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
  if (!hasRedis) return;
  const { Redis } = await import('ioredis');
  const client = new Redis(redisUrl);
  const keys = await client.keys(`${prefix}:*`);
  if (keys.length > 0) await client.del(...keys);
  await client.quit();
});

const factories: Array<[string, () => Promise<ReservationStore>]> = [['memory', async () => createMemoryStore()]];
if (hasRedis) factories.push(['redis', () => createRedisStore({ url: redisUrl, prefix: `${prefix}:${randomUUID()}` })]);

const reserveInput = (service: string, now: number, count = 2) => ({ service, count, query: { size: '800x600' }, user: 'ana', ttlMs: 1000, now });

describe.each(factories)('%s reservation store', (_name, create) => {
  const fresh = async () => {
    const store = await create();
    opened.push(store);
    return store;
  };

  it('caps reserved plus running at count, and hands out the lowest free index', async () => {
    const store = await fresh();
    const now = 1_000_000;
    const a = await store.reserve(reserveInput('S', now));
    const b = await store.reserve(reserveInput('S', now));
    expect(a.ok && b.ok).toBe(true);
    expect(await store.reserve(reserveInput('S', now))).toEqual({ ok: false, reason: 'exhausted' });
    expect((await store.reserve(reserveInput('Other', now))).ok).toBe(true); // counts are per service
    if (!a.ok || !b.ok) return;
    const claimA = await store.claim(a.token, 'peer-a', now + 1);
    const claimB = await store.claim(b.token, 'peer-b', now + 2);
    expect([claimA?.index, claimB?.index]).toEqual([0, 1]);
    expect(claimA?.reservation).toMatchObject({ service: 'S', query: { size: '800x600' }, user: 'ana' });
    await store.finish('S', 0, a.token);
    const c = await store.reserve(reserveInput('S', now + 3));
    expect(c.ok).toBe(true);
    if (c.ok) expect((await store.claim(c.token, 'peer-c', now + 4))?.index).toBe(0);
  });

  it('honours a token once, and not after it expired', async () => {
    const store = await fresh();
    const now = Date.now();
    const once = await store.reserve(reserveInput('S', now));
    const late = await store.reserve(reserveInput('S', now));
    if (!once.ok || !late.ok) throw new Error('reserve failed');
    expect(await store.claim(once.token, 'p', now + 10)).toBeDefined();
    expect(await store.claim(once.token, 'p', now + 20)).toBeUndefined();
    expect(await store.claim(late.token, 'p', now + 5000)).toBeUndefined();
    expect(await store.claim('never-issued', 'p', now)).toBeUndefined();
  });

  it('frees the place of an expired reservation', async () => {
    const store = await fresh();
    const now = 5_000_000;
    await store.reserve(reserveInput('S', now, 1));
    expect((await store.reserve(reserveInput('S', now + 999, 1))).ok).toBe(false);
    expect((await store.reserve(reserveInput('S', now + 1000, 1))).ok).toBe(true);
  });

  it('releases reservations, and reports running tokens to the release listeners', async () => {
    const store = await fresh();
    const now = Date.now();
    const released: string[] = [];
    store.onRelease((token) => released.push(token));
    const pending = await store.reserve(reserveInput('S', now));
    const running = await store.reserve(reserveInput('S', now));
    if (!pending.ok || !running.ok) throw new Error('reserve failed');
    await store.claim(running.token, 'p', now);
    expect(await store.release(pending.token)).toBe('reservation');
    expect(await store.release(pending.token)).toBe('unknown');
    expect(await store.release(running.token)).toBe('instance');
    for (let i = 0; i < 50 && released.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10)); // Redis pub/sub
    expect(released).toEqual([running.token]);
    const snapshot = await store.snapshot(['S'], now);
    expect(snapshot.reservations).toEqual([]);
    expect(snapshot.instances).toEqual([{ service: 'S', index: 0, token: running.token, startedAt: now, peer: 'p' }]);
  });
});
