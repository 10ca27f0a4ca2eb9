/**
 * Emitting from other processes: a worker or a cron job sends the document's server events to a
 * namespace or a room of the Socket.IO servers sharing a Redis, without holding a server itself
 * (the Node counterpart of Asynction's message-queue emitter, over `@socket.io/redis-emitter`).
 * Every payload is checked with the event's generated validator before it is published, so a
 * worker cannot send what the document forbids: the same rule the servers apply to their emits.
 */
import type { Redis as RedisClient } from 'ioredis';
import type { ArgsOf, EventMap } from '../socketio-client/event-maps.js';
import { SocketValidationError } from '../socketio/errors.js';
import { connectRedis } from '../socketio/redis-connection.js';
import type { Validator } from '../socketio/spec.js';

/** An event the server emits: its validator, and `tuple` when it travels as several arguments. */
export interface EmitterEventSpec {
  readonly validate: Validator;
  /** A tuple payload: the validator checks the argument list. */
  readonly tuple?: number;
}

/** Per namespace (as the document names it, `{param}`s included), per event the server emits. */
export type EmitterSpec = Readonly<Record<string, Readonly<Record<string, EmitterEventSpec>>>>;

export interface SocketApiEmitterOptions {
  /** Redis to publish on: a URL (connected here, closed by `close()`) or an ioredis client of yours. */
  readonly redis: string | RedisClient;
  /** Channel prefix; must equal the servers' adapter key (default `socket.io`). */
  readonly key?: string;
}

/** Emits to one namespace, or to rooms of it; events and payloads typed by the document. */
export interface NamespaceEmitter<M extends EventMap> {
  /** Only the sockets in these rooms. */
  to(rooms: string | readonly string[]): NamespaceEmitter<M>;
  /** Every socket but those in these rooms. */
  except(rooms: string | readonly string[]): NamespaceEmitter<M>;
  /** Validates the arguments, then publishes them; throws `outgoing_validation` when invalid. */
  emit<E extends keyof M & string>(event: E, ...args: ArgsOf<M[E]>): void;
}

/** The emitter of a document: one {@link NamespaceEmitter} per namespace. */
export interface SocketApiEmitter<N extends Record<string, EventMap>> {
  /** A namespace; one with parameters (`/rooms/{roomId}`) takes their values (`{ roomId: 7 }`). */
  of<K extends keyof N & string>(namespace: K, parameters?: Readonly<Record<string, string | number | boolean>>): NamespaceEmitter<N[K]>;
  /** Quits the Redis connection when the emitter opened it. */
  close(): Promise<void>;
}

interface BroadcastTarget {
  to(room: string | string[]): BroadcastTarget;
  except(room: string | string[]): BroadcastTarget;
  emit(event: string, ...args: unknown[]): unknown;
}

/** Builds a document's emitter; `N` maps each namespace to the events its server emits. */
export async function createSocketApiEmitter<N extends Record<string, EventMap>>(spec: EmitterSpec, options: SocketApiEmitterOptions): Promise<SocketApiEmitter<N>> {
  const [{ Emitter }, client] = await Promise.all([import('@socket.io/redis-emitter'), connect(options.redis)]);
  const root = new Emitter(client.redis, options.key ? { key: options.key } : {});
  const namespaceEmitter = (namespace: string, target: BroadcastTarget): NamespaceEmitter<EventMap> => ({
    to: (rooms) => namespaceEmitter(namespace, target.to([...toList(rooms)])),
    except: (rooms) => namespaceEmitter(namespace, target.except([...toList(rooms)])),
    emit(event, ...args: unknown[]) {
      const events = Object.hasOwn(spec, namespace) ? spec[namespace]! : {};
      const known = Object.hasOwn(events, event) ? events[event] : undefined;
      if (!known) throw new SocketValidationError('unknown_event', `${namespace} has no event ${JSON.stringify(event)} the server emits`, null, 'event', event);
      // The same rule as the server's own emits: a tuple event is checked as its argument list.
      if (!known.validate(known.tuple !== undefined ? args : args[0]))
        throw new SocketValidationError('outgoing_validation', `invalid payload emitted as ${event}`, known.validate.errors, 'payload', event);
      target.emit(event, ...args);
    },
  });
  return {
    of: (namespace, parameters) => namespaceEmitter(namespace, root.of(concreteNamespace(namespace, parameters)) as unknown as BroadcastTarget) as never,
    close: client.close,
  };
}

/** `/rooms/{roomId}` with `{ roomId: 7 }` → `/rooms/7`; a missing value is an error, not `/rooms/undefined`. */
function concreteNamespace(namespace: string, parameters: Readonly<Record<string, string | number | boolean>> = {}): string {
  return namespace.replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (!Object.hasOwn(parameters, name)) throw new Error(`namespace ${namespace} needs a value for {${name}}`);
    return encodeURIComponent(String(parameters[name]));
  });
}

function toList(rooms: string | readonly string[]): readonly string[] {
  return typeof rooms === 'string' ? [rooms] : rooms;
}

/** An ioredis client for the emitter: the caller's (left open), or one connected to a URL. */
async function connect(redis: string | RedisClient): Promise<{ redis: RedisClient; close(): Promise<void> }> {
  if (typeof redis !== 'string') return { redis, close: async () => {} };
  const connection = await connectRedis(redis, 1, 'Socket.IO emitter');
  return { redis: connection.clients[0]!, close: connection.close };
}
