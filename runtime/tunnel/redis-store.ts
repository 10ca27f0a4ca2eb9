/**
 * Reservations in Redis, so several tunnel servers share tokens and counts. Every step that must
 * be atomic (count check + reserve, claim + index pick) is one Lua script. ioredis is imported
 * dynamically: a server without `--redis` never loads it. Keys (prefix `P`):
 * `P:res:<token>` reservation JSON with a TTL · `P:pending:<service>` zset token → expiry ·
 * `P:inst:<service>` hash index → instance JSON (with its owner server) · `P:tok:<token>` running
 * token → index · `P:alive:<server>` a heartbeat with a TTL · channel `P:release` asks the owning
 * server to stop an instance. Instances whose owner's heartbeat expired (the server crashed) are
 * dropped before counting or picking an index, so a crash does not keep indexes taken for ever.
 */
import { randomUUID } from 'node:crypto';
import type { Claim, InstanceRecord, ReservationRecord, ReservationStore, ReserveResult } from './reservation-store.js';

// Drops instances whose owning server stopped sending heartbeats. ARGV[#ARGV] is the key prefix.
const pruneDead = `
local function pruneDead(inst, prefix)
  local all = redis.call('HGETALL', inst)
  for i = 1, #all, 2 do
    local record = cjson.decode(all[i + 1])
    if record.owner and redis.call('EXISTS', prefix .. ':alive:' .. record.owner) == 0 then
      redis.call('HDEL', inst, all[i])
      redis.call('DEL', prefix .. ':tok:' .. record.token)
    end
  end
end
`;

// KEYS: pending, inst, res · ARGV: now, count, expiresAt, json, ttlMs, token, prefix
const reserveScript = `${pruneDead}
pruneDead(KEYS[2], ARGV[7])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) + redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[3], ARGV[4], 'PX', ARGV[5])
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[6])
return 1`;

// KEYS: res, pending, inst, tok · ARGV: token, now, count, instanceJson, prefix
const claimScript = `${pruneDead}
local reservation = redis.call('GET', KEYS[1])
if not reservation then return false end
redis.call('DEL', KEYS[1])
local expires = redis.call('ZSCORE', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
if expires and tonumber(expires) <= tonumber(ARGV[2]) then return false end
pruneDead(KEYS[3], ARGV[5])
for i = 0, tonumber(ARGV[3]) - 1 do
  if redis.call('HSETNX', KEYS[3], tostring(i), ARGV[4]) == 1 then
    redis.call('SET', KEYS[4], tostring(i))
    return {reservation, i}
  end
end
return false`;

// KEYS: inst, tok · ARGV: index, token
const finishScript = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current and cjson.decode(current).token == ARGV[2] then redis.call('HDEL', KEYS[1], ARGV[1]) end
redis.call('DEL', KEYS[2])
return 1`;

// KEYS: inst · ARGV: prefix
const pruneScript = `${pruneDead}
pruneDead(KEYS[1], ARGV[1])
return 1`;

// KEYS: res, pending · ARGV: token
const dropScript = `
if redis.call('DEL', KEYS[1]) == 0 then return 0 end
redis.call('ZREM', KEYS[2], ARGV[1])
return 1`;

/** Options of the Redis store. */
export interface RedisStoreOptions {
  /** `redis://host:port/db`. */
  readonly url: string;
  /** Key prefix shared by the servers that share reservations (default `sockgen:tunnel`). */
  readonly prefix?: string;
  /** How long this server's heartbeat lives without renewal (default 15 000 ms; renewed at a third). */
  readonly heartbeatMs?: number;
  /** Where connection problems are reported (each distinct message once in a row). */
  readonly log?: (line: string) => void;
}

type RedisClient = import('ioredis').Redis;

/** Connects to Redis and returns a ReservationStore on it. */
export async function createRedisStore(options: RedisStoreOptions): Promise<ReservationStore> {
  const { Redis } = await import('ioredis');
  const prefix = options.prefix ?? 'sockgen:tunnel';
  const redis: RedisClient = new Redis(options.url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  let lastError = '';
  const onError = (error: Error) => {
    if (error.message !== lastError) (options.log ?? (() => {}))(`redis ${options.url}: ${error.message}`);
    lastError = error.message;
  };
  redis.on('error', onError);
  redis.on('ready', () => (lastError = ''));
  try {
    await redis.connect();
  } catch (error) {
    // Unreachable at start: fail now with the reason instead of retrying in the background.
    redis.disconnect();
    throw new Error(`cannot reach Redis at ${options.url}: ${lastError || (error as Error).message}`);
  }
  const subscriber: RedisClient = redis.duplicate();
  subscriber.on('error', onError);
  const listeners: Array<(token: string) => void> = [];
  const channel = `${prefix}:release`;
  await subscriber.subscribe(channel);
  subscriber.on('message', (from: string, token: string) => {
    if (from === channel) for (const listener of listeners) listener(token);
  });
  const serverId = randomUUID();
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const aliveKey = `${prefix}:alive:${serverId}`;
  await redis.set(aliveKey, '1', 'PX', heartbeatMs);
  const heartbeat = setInterval(() => void redis.set(aliveKey, '1', 'PX', heartbeatMs).catch(() => {}), Math.max(100, Math.floor(heartbeatMs / 3)));
  heartbeat.unref();
  const k = {
    res: (token: string) => `${prefix}:res:${token}`,
    pending: (service: string) => `${prefix}:pending:${service}`,
    inst: (service: string) => `${prefix}:inst:${service}`,
    tok: (token: string) => `${prefix}:tok:${token}`,
  };

  return {
    async reserve(input): Promise<ReserveResult> {
      const token = randomUUID();
      const expiresAt = input.now + input.ttlMs;
      const record: ReservationRecord = { token, service: input.service, count: input.count, query: input.query, ...(input.user ? { user: input.user } : {}), expiresAt };
      const ok = await redis.eval(reserveScript, 3, k.pending(input.service), k.inst(input.service), k.res(token), input.now, input.count, expiresAt, JSON.stringify(record), input.ttlMs, token, prefix);
      return ok === 1 ? { ok: true, token, expiresAt } : { ok: false, reason: 'exhausted' };
    },
    async claim(token, peer, now): Promise<Claim | undefined> {
      // The service is needed to name the keys; the script re-checks the reservation atomically.
      const raw = await redis.get(k.res(token));
      if (!raw) return undefined;
      const reservation = JSON.parse(raw) as ReservationRecord;
      const instance = JSON.stringify({ token, startedAt: now, peer, owner: serverId });
      const result = (await redis.eval(claimScript, 4, k.res(token), k.pending(reservation.service), k.inst(reservation.service), k.tok(token), token, now, reservation.count, instance, prefix)) as
        | [string, number]
        | null;
      if (!result) return undefined;
      return { reservation: JSON.parse(result[0]) as ReservationRecord, index: Number(result[1]) };
    },
    async finish(service, index, token) {
      await redis.eval(finishScript, 2, k.inst(service), k.tok(token), index, token);
    },
    async release(token) {
      const raw = await redis.get(k.res(token));
      if (raw) {
        const { service } = JSON.parse(raw) as ReservationRecord;
        if ((await redis.eval(dropScript, 2, k.res(token), k.pending(service), token)) === 1) return 'reservation';
      }
      if ((await redis.exists(k.tok(token))) === 0) return 'unknown';
      await redis.publish(channel, token);
      return 'instance';
    },
    async snapshot(services, now) {
      const reservations: ReservationRecord[] = [];
      const instances: InstanceRecord[] = [];
      for (const service of services) {
        const tokens = await redis.zrangebyscore(k.pending(service), `(${now}`, '+inf');
        const records = tokens.length > 0 ? await redis.mget(tokens.map(k.res)) : [];
        for (const raw of records) if (raw) reservations.push(JSON.parse(raw) as ReservationRecord);
        await redis.eval(pruneScript, 1, k.inst(service), prefix);
        const running = await redis.hgetall(k.inst(service));
        for (const [index, raw] of Object.entries(running)) {
          const data = JSON.parse(raw) as Omit<InstanceRecord, 'service' | 'index'>;
          instances.push({ service, index: Number(index), token: data.token, startedAt: data.startedAt, peer: data.peer });
        }
      }
      return { reservations, instances: instances.sort((a, b) => a.index - b.index) };
    },
    onRelease(listener) {
      listeners.push(listener);
    },
    async close() {
      clearInterval(heartbeat);
      await redis.del(aliveKey).catch(() => {});
      subscriber.disconnect();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
