/**
 * Connecting ioredis clients for the Socket.IO Redis adapter and the emitter: one deadline for the
 * whole handshake, the reason of a failure in words (refused, auth, timeout), the password kept out
 * of messages, and a `close()` that quits every client. ioredis is loaded on first use only.
 */
import type { Redis as RedisClient } from 'ioredis';
import { describeRedisFailure } from './redis-failure.js';

/** Connected clients and a way to quit them all. */
export interface RedisConnection {
  readonly clients: readonly RedisClient[];
  close(): Promise<void>;
}

/**
 * Connects `count` clients to `url` (the first, then its duplicates); rejects with
 * `cannot connect the <purpose> to <url>: <reason>` instead of retrying forever.
 */
export async function connectRedis(url: string, count: number, purpose: string, timeoutMs = 10_000): Promise<RedisConnection> {
  const { Redis } = await import('ioredis');
  const first: RedisClient = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3, connectTimeout: timeoutMs });
  const clients = [first, ...Array.from({ length: count - 1 }, () => first.duplicate())];
  // ioredis emits 'error' on every failed reconnect; without a listener Node would crash.
  let lastError: Error | undefined;
  for (const client of clients) client.on('error', (error: Error) => (lastError = error));
  let timer: NodeJS.Timeout | undefined;
  try {
    // connect() resolves at the first Redis answer; a port that accepts but never answers would
    // leave it pending, so the whole handshake has a deadline too.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`timed out after ${timeoutMs} ms`), { code: 'ETIMEDOUT' })), timeoutMs);
    });
    await Promise.race([Promise.all(clients.map((client) => client.connect())), timeout]);
  } catch (error) {
    clients.forEach((client) => client.disconnect());
    // connect() rejects with a bare "Connection is closed."; the 'error' event carried the reason.
    const cause = lastError ?? error;
    throw new Error(`cannot connect the ${purpose} to ${redactUrl(url)}: ${describeRedisFailure(cause, hostPortOf(url))}`, { cause });
  } finally {
    clearTimeout(timer);
  }
  return {
    clients,
    async close() {
      await Promise.all(
        clients.map(async (client) => {
          if (client.status === 'end') return;
          try {
            await client.quit();
          } catch {
            client.disconnect();
          }
        }),
      );
    },
  };
}

/** `host:port` of a Redis URL (6379 when the URL names none). */
function hostPortOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || '127.0.0.1'}:${parsed.port || '6379'}`;
  } catch {
    return 'the given address';
  }
}

/** The url without its password, for error messages. */
function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
