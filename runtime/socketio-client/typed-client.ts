/**
 * The typed client behind every generated `connect<Namespace>()`: typed `emit`, `emitWithAck` and
 * `on` over a real `socket.io-client` socket. Browser-safe: only `socket.io-client` is imported.
 */
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { errorEvent, isSockgenErrorData, SockgenError, type SockgenErrorData } from './errors.js';
import type { ArgsOf } from './event-maps.js';

/**
 * An event map entry: the payload, the acknowledgement result (`void` when none) and, for a
 * tuple payload or an event without payload, the argument list it is emitted with.
 */
export interface EventSpec {
  readonly payload: unknown;
  readonly ack: unknown;
  readonly args?: readonly unknown[];
}

/** Events of one namespace: `{ [event]: { payload; ack } }`. */
export type EventSpecs = { readonly [event: string]: EventSpec };

/** Options of a generated `connect...()`: the handshake's query and headers, plus socket.io-client's own. */
export interface ConnectOptions<Query, Headers> {
  /** Query parameters of the handshake (validated by the server against `bindings.ws.query`). */
  readonly query?: Query;
  /**
   * Headers of the handshake (validated against `bindings.ws.headers`). Browsers only send them
   * with the polling transport; use `auth` for credentials there.
   */
  readonly headers?: Headers;
  /** Socket.IO's `auth` payload (credentials that work in browsers). */
  readonly auth?: Record<string, unknown>;
  /** Milliseconds `emitWithAck` waits before rejecting (default 10 000). */
  readonly ackTimeout?: number;
  /** Any other socket.io-client option. */
  readonly socket?: Partial<ManagerOptions & SocketOptions>;
}

/** A namespace's typed client: `Receive` is what the server emits, `Send` what the client may emit. */
export class TypedClient<Receive extends EventSpecs, Send extends EventSpecs> {
  /** The underlying socket.io-client socket (untyped escape hatch). */
  readonly socket: Socket;
  readonly #ackTimeout: number;

  constructor(socket: Socket, ackTimeout: number) {
    this.socket = socket;
    this.#ackTimeout = ackTimeout;
  }

  /** Emits an event without waiting for an acknowledgement. */
  emit<E extends keyof Send & string>(event: E, ...args: ArgsOf<Send[E]>): this {
    this.socket.emit(event, ...args);
    return this;
  }

  /**
   * Emits and resolves with the server's acknowledgement; rejects with a {@link SockgenError} when
   * the server refused the payload (or its handler failed), or on timeout.
   */
  emitWithAck<E extends keyof Send & string>(event: E, ...args: ArgsOf<Send[E]>): Promise<Send[E]['ack']> {
    return new Promise((resolve, reject) => {
      this.socket.timeout(this.#ackTimeout).emit(event, ...args, (timeout: Error | null, result: unknown, error: unknown) => {
        if (timeout) reject(timeout);
        else if (isSockgenErrorData(error)) reject(new SockgenError(error));
        else resolve(result as Send[E]['ack']);
      });
    });
  }

  /**
   * Listens to an event the server emits. When the event has an acknowledgement, the listener's
   * return value (or its promise's) is sent back as the ack.
   */
  on<E extends keyof Receive & string>(event: E, listener: (...args: ArgsOf<Receive[E]>) => Receive[E]['ack'] | Promise<Receive[E]['ack']>): this {
    const untyped = (...args: unknown[]) => {
      // The server's ack callback, when it asked for one, comes last.
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (value: unknown) => void) : undefined;
      const result = listener(...(args as ArgsOf<Receive[E]>));
      if (ack) void Promise.resolve(result).then((value) => ack(value));
    };
    const name: string = event;
    this.socket.on(name, untyped);
    return this;
  }

  /** Removes listeners of an event (all of them when no listener is given). */
  off<E extends keyof Receive & string>(event: E): this {
    const name: string = event;
    this.socket.off(name);
    return this;
  }

  /** Called when the server refuses an event that was sent without an ack callback. */
  onError(listener: (error: SockgenError) => void): this {
    this.socket.on(errorEvent, (data: SockgenErrorData) => listener(new SockgenError(data)));
    return this;
  }

  /** Resolves once connected; rejects with a {@link SockgenError} when the server refuses the handshake. */
  connected(): Promise<this> {
    if (this.socket.connected) return Promise.resolve(this);
    return new Promise((resolve, reject) => {
      const onConnect = () => {
        this.socket.off('connect_error', onError);
        resolve(this);
      };
      const onError = (error: Error & { data?: unknown }) => {
        this.socket.off('connect', onConnect);
        reject(isSockgenErrorData(error.data) ? new SockgenError(error.data) : error);
      };
      this.socket.once('connect', onConnect);
      this.socket.once('connect_error', onError);
    });
  }

  /** Closes the connection. */
  close(): void {
    this.socket.disconnect();
  }
}

/**
 * Opens a typed connection to `namespace` of the server at `url` (scheme, host and port; the
 * Socket.IO `path` comes from the document unless `options.socket.path` overrides it).
 */
export function connectNamespace<Receive extends EventSpecs, Send extends EventSpecs, Query, Headers>(
  url: string,
  namespace: string,
  path: string,
  options: ConnectOptions<Query, Headers> = {},
): TypedClient<Receive, Send> {
  const base = url.replace(/\/+$/, '');
  const socket = io(base + (namespace === '/' ? '' : namespace), {
    path,
    ...(options.query ? { query: options.query as Record<string, string> } : {}),
    ...(options.headers ? { extraHeaders: options.headers as Record<string, string> } : {}),
    ...(options.auth ? { auth: options.auth } : {}),
    ...options.socket,
  });
  return new TypedClient<Receive, Send>(socket, options.ackTimeout ?? 10_000);
}

/**
 * The namespace a client of a dynamic namespace connects to: `/rooms/{roomId}` with
 * `{ roomId: 7 }` → `/rooms/7` (each value percent-encoded, so it stays one path segment).
 */
export function namespaceName(template: string, params: object): string {
  // `object`: generated parameter types are interfaces, which have no index signature.
  const values = params as Readonly<Record<string, unknown>>;
  return template.replace(/\{([^{}]+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? encodeURIComponent(String(values[name])) : whole));
}
