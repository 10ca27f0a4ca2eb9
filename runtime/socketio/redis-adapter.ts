/**
 * The Socket.IO Redis adapter (`@socket.io/redis-adapter` over `ioredis`): broadcasts from one
 * server process reach the clients of every other process on the same Redis, the Node
 * counterpart of Asynction's `message_queue="redis://"`. Both packages are loaded by dynamic
 * import so a single-process server never loads them.
 */
import type { createAdapter } from '@socket.io/redis-adapter';
import type { Redis as RedisClient } from 'ioredis';
import { describeRedisFailure } from './redis-failure.js';

/** What {@link createRedisAdapter} returns: the adapter for `io.adapter(...)` and a way to quit. */
export interface RedisAdapterHandle {
  readonly adapter: ReturnType<typeof createAdapter>;
  /** Quits both Redis connections; call after closing the Socket.IO server. */
  close(): Promise<void>;
}

/** Extra options; the defaults suit one application per Redis. */
export interface RedisAdapterOptions {
  /**
   * Prefix of the Redis pub/sub channels (`<key>#<namespace>#…`; default `socket.io`). Servers
   * sharing it share broadcasts: give each application on one Redis its own (e.g. its name).
   */
  readonly key?: string;
  /** How long connecting (TCP and the first Redis answer) may take; 10 s by default. */
  readonly connectTimeoutMs?: number;
}

/**
 * Connects a publisher and a subscriber (its duplicate) to `url` and builds the adapter.
 * Rejects with a clear message when Redis cannot be reached, instead of retrying forever.
 */
export async function createRedisAdapter(url: string, options: RedisAdapterOptions = {}): Promise<RedisAdapterHandle> {
  const [{ Redis }, { createAdapter }] = await Promise.all([import('ioredis'), import('@socket.io/redis-adapter')]);
  const timeoutMs = options.connectTimeoutMs ?? 10_000;
  const pub: RedisClient = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3, connectTimeout: timeoutMs });
  const sub = pub.duplicate();
  const clients = [pub, sub];
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
    throw new Error(`cannot connect the Socket.IO Redis adapter to ${redactUrl(url)}: ${describeRedisFailure(cause, hostPortOf(url))}`, { cause });
  } finally {
    clearTimeout(timer);
  }
  const adapter = createAdapter(pub, sub, options.key ? { key: options.key } : {});
  return {
    adapter,
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
