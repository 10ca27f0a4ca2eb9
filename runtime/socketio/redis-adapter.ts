/**
 * The Socket.IO Redis adapter (`@socket.io/redis-adapter` over `ioredis`): broadcasts from one
 * server process reach the clients of every other process on the same Redis, the Node
 * counterpart of Asynction's `message_queue="redis://"`. Both packages are loaded by dynamic
 * import so a single-process server never loads them.
 */
import type { createAdapter } from '@socket.io/redis-adapter';
import type { Redis as RedisClient } from 'ioredis';

/** What {@link createRedisAdapter} returns: the adapter for `io.adapter(...)` and a way to quit. */
export interface RedisAdapterHandle {
  readonly adapter: ReturnType<typeof createAdapter>;
  /** Quits both Redis connections; call after closing the Socket.IO server. */
  close(): Promise<void>;
}

/** Extra options; the defaults suit one application per Redis. */
export interface RedisAdapterOptions {
  /** Prefix of the Redis pub/sub channels (default `socket.io`); servers sharing it share broadcasts. */
  readonly key?: string;
}

/**
 * Connects a publisher and a subscriber (its duplicate) to `url` and builds the adapter.
 * Rejects with a clear message when Redis cannot be reached, instead of retrying forever.
 */
export async function createRedisAdapter(url: string, options: RedisAdapterOptions = {}): Promise<RedisAdapterHandle> {
  const [{ Redis }, { createAdapter }] = await Promise.all([import('ioredis'), import('@socket.io/redis-adapter')]);
  const pub: RedisClient = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const sub = pub.duplicate();
  const clients = [pub, sub];
  // ioredis emits 'error' on every failed reconnect; without a listener Node would crash.
  let lastError: Error | undefined;
  for (const client of clients) client.on('error', (error: Error) => (lastError = error));
  try {
    await Promise.all(clients.map((client) => client.connect()));
  } catch (error) {
    clients.forEach((client) => client.disconnect());
    const reason = (error as Error)?.message ?? lastError?.message ?? String(error);
    throw new Error(`cannot connect the Socket.IO Redis adapter to ${redactUrl(url)}: ${reason}`);
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

/** The url without its password, for error messages. */
function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
