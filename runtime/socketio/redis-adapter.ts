/**
 * The Socket.IO Redis adapter (`@socket.io/redis-adapter` over `ioredis`): broadcasts from one
 * server process reach the clients of every other process on the same Redis, the Node
 * counterpart of Asynction's `message_queue="redis://"`. Both packages are loaded by dynamic
 * import so a single-process server never loads them.
 */
import type { createAdapter } from '@socket.io/redis-adapter';
import { connectRedis } from './redis-connection.js';

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
  const [{ createAdapter }, connection] = await Promise.all([import('@socket.io/redis-adapter'), connectRedis(url, 2, 'Socket.IO Redis adapter', options.connectTimeoutMs)]);
  const [pub, sub] = connection.clients;
  const adapter = createAdapter(pub!, sub!, options.key ? { key: options.key } : {});
  return { adapter, close: connection.close };
}
