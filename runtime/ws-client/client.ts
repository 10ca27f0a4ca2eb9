/**
 * The typed plain WebSocket client generated code wraps (browser-safe): the native `WebSocket`
 * in browsers, the `ws` package in Node (loaded only when there is no global one). Payloads are
 * validated before they leave and on arrival; an unknown or invalid frame goes to
 * `on('invalid')` and the connection stays. Requests are matched to replies by correlation id,
 * with a timeout. Opt-in reconnect (exponential backoff with jitter) re-sends the messages marked
 * `resend`; an opt-in heartbeat closes a silent connection so reconnect can replace it.
 */
import { decodeFrame, encodeMessage, fillAddress, readId, withId, type WsChannelSpec, type WsInvalidMessage } from './protocol.js';

/** The types a generated client puts on the runtime (message name → payload type). */
export interface WsClientApi {
  readonly toServer: Record<string, unknown>;
  readonly toClient: Record<string, unknown>;
  readonly requests: Record<string, { readonly request: unknown; readonly reply: unknown }>;
}

/** Reconnect policy: delay = min(maxDelay, minDelay·2^attempt), less up to `jitter` (0–1) of it at random. */
export interface ReconnectOptions {
  readonly retries?: number;
  readonly minDelay?: number;
  readonly maxDelay?: number;
  readonly jitter?: number;
}

/** Options of {@link createWsClient} (the generated `connect<Channel>()` types params, query and headers). */
export interface WsClientOptions {
  /** Base URL (`wss://api.example.com`); the channel address is appended. Default: the document's first server. */
  readonly url?: string;
  /** Channel parameters that fill the address (`{symbol}`). */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Query string values (bindings.ws.query). */
  readonly query?: Readonly<Record<string, unknown>>;
  /** Handshake headers (Node only: browsers cannot set them on a WebSocket). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly protocols?: string | string[];
  /** Reconnect after an unexpected close (off by default). */
  readonly reconnect?: boolean | ReconnectOptions;
  /** Close a connection that received nothing for `timeout` ms; `send` is called every `interval` ms (e.g. an app-level ping). */
  readonly heartbeat?: { readonly interval: number; readonly timeout: number; readonly send?: () => void };
  /** Default request timeout, ms (10 000). */
  readonly requestTimeout?: number;
  /** Validate payloads both ways (default true). */
  readonly validate?: boolean;
  /** A WebSocket constructor to use instead of the global one (or `ws` in Node). */
  readonly WebSocket?: WebSocketConstructor;
}

/** The part of the WHATWG WebSocket constructor the client uses (the `ws` package's also takes options). */
export type WebSocketConstructor = new (url: string, protocols?: string | string[], options?: { headers?: Record<string, string> }) => WebSocket;

type Handler = (payload: never) => void;
interface Pending {
  readonly resolve: (payload: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/** The client object generated code types (`send.<message>`, `request.<op>`, `on`). */
export interface WsClient<A extends WsClientApi> {
  readonly send: { readonly [M in keyof A['toServer']]: (payload: A['toServer'][M], options?: { resend?: boolean }) => void };
  readonly request: { readonly [O in keyof A['requests']]: (payload: A['requests'][O]['request'], options?: { timeout?: number; resend?: boolean }) => Promise<A['requests'][O]['reply']> };
  on<M extends keyof A['toClient'] & string>(message: M, handler: (payload: A['toClient'][M]) => void): () => void;
  on(event: 'invalid', handler: (invalid: WsInvalidMessage) => void): () => void;
  on(event: 'open' | 'reconnect', handler: () => void): () => void;
  on(event: 'close', handler: (info: { code: number; reason: string }) => void): () => void;
  /** Messages only: reaches a message named like a client event (`close`, `open`, `invalid`, `reconnect`). */
  onMessage<M extends keyof A['toClient'] & string>(message: M, handler: (payload: A['toClient'][M]) => void): () => void;
  /** Resolves once connected (rejects when the first connection fails and reconnect is off). */
  opened(): Promise<void>;
  /** Closes for good: no reconnect; pending requests are rejected. */
  close(code?: number, reason?: string): void;
  /** The current socket's `bufferedAmount` (bytes queued, not yet sent). */
  readonly bufferedAmount: number;
}

async function defaultWebSocket(): Promise<WebSocketConstructor> {
  const global = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (global) return global;
  // Node without a global WebSocket: the `ws` package (its browser build is never reached).
  const module = (await import('ws')) as unknown as { WebSocket: WebSocketConstructor };
  return module.WebSocket;
}

function buildUrl(base: string, address: string, params: Readonly<Record<string, unknown>> | undefined, query: Readonly<Record<string, unknown>> | undefined): string {
  const url = base.replace(/\/+$/, '') + fillAddress(address, params);
  const search = Object.entries(query ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return search ? `${url}${url.includes('?') ? '&' : '?'}${search}` : url;
}

/** Names `on()` reserves for the client's own events. */
const clientEvents = new Set(['invalid', 'open', 'reconnect', 'close']);

/** Connects a typed client to one channel of a plain WebSocket API. */
export function createWsClient<A extends WsClientApi>(channel: WsChannelSpec, defaultUrl: string, options: WsClientOptions = {}): WsClient<A> {
  const validate = options.validate !== false;
  const url = buildUrl(options.url ?? defaultUrl, channel.address, options.params, options.query);
  const reconnect = options.reconnect === true ? {} : options.reconnect || undefined;
  // Client events and messages are kept apart: a message may be named `close` or `invalid`.
  const handlers = new Map<string, Set<(value: never) => void>>();
  const messageHandlers = new Map<string, Set<(value: never) => void>>();
  // Waiting requests per operation, keyed by their correlation id (JSON text) or a counter;
  // insertion order makes the first entry the oldest, for operations without an id.
  const pending = new Map<string, Map<string, Pending>>(Object.keys(channel.requests).map((op) => [op, new Map()]));
  const opsByReply = new Map<string, string[]>();
  for (const [op, spec] of Object.entries(channel.requests)) for (const reply of spec.replies) opsByReply.set(reply, [...(opsByReply.get(reply) ?? []), op]);
  const rejectAll = (reason: string) => {
    for (const waiting of pending.values())
      for (const [key, entry] of waiting) {
        clearTimeout(entry.timer);
        waiting.delete(key);
        entry.reject(new Error(reason));
      }
  };
  const resend: (string | Uint8Array)[] = [];
  const queue: (string | Uint8Array)[] = [];
  let socket: WebSocket | undefined;
  let closedByUser = false;
  let attempt = 0;
  let nextId = 1;
  let lastSeen = Date.now();
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let everOpened = false;
  const openWaiters: { resolve: () => void; reject: (e: Error) => void }[] = [];

  const emit = (event: string, value?: unknown, map = handlers) => {
    for (const handler of map.get(event) ?? []) {
      try {
        (handler as (v: unknown) => void)(value);
      } catch (error) {
        // A throwing user handler must not take the connection's message loop down with it.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  };

  const deliver = (message: string, payload: unknown) => {
    for (const op of opsByReply.get(message) ?? []) {
      const waiting = pending.get(op)!;
      if (waiting.size === 0) continue;
      const path = channel.requests[op]!.correlation;
      const key = path ? JSON.stringify(readId(payload, path)) : waiting.keys().next().value!;
      const entry = waiting.get(key);
      if (!entry) continue;
      clearTimeout(entry.timer);
      waiting.delete(key);
      entry.resolve(payload);
      break;
    }
    emit(message, payload, messageHandlers);
  };

  const onFrame = (data: unknown) => {
    lastSeen = Date.now();
    const frame = typeof data === 'string' ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : String(data);
    const decoded = decodeFrame(channel.toClient, frame, validate);
    if (decoded.ok) deliver(decoded.message, decoded.payload);
    else emit('invalid', { reason: decoded.reason, errors: decoded.errors, data: decoded.data, ...(decoded.message ? { message: decoded.message } : {}) });
  };

  const write = (frame: string | Uint8Array) => {
    if (socket && socket.readyState === 1) socket.send(frame);
    else if (!closedByUser) queue.push(frame);
    else throw new Error('the client is closed');
  };

  const scheduleReconnect = () => {
    if (!reconnect || closedByUser) return;
    if (reconnect.retries !== undefined && attempt >= reconnect.retries) return;
    const base = Math.min(reconnect.maxDelay ?? 10_000, (reconnect.minDelay ?? 250) * 2 ** attempt);
    const delay = base * (1 - (reconnect.jitter ?? 0.5) * Math.random());
    attempt++;
    reconnectTimer = setTimeout(() => void open(), delay);
  };

  const open = async () => {
    const Ctor = options.WebSocket ?? (await defaultWebSocket());
    if (closedByUser) return;
    const ws = options.headers ? new Ctor(url, options.protocols, { headers: { ...options.headers } }) : new Ctor(url, options.protocols);
    socket = ws;
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => {
      const again = everOpened;
      everOpened = true;
      attempt = 0;
      lastSeen = Date.now();
      for (const frame of resend) ws.send(frame);
      for (const frame of queue.splice(0)) ws.send(frame);
      if (options.heartbeat) {
        const { interval, timeout, send } = options.heartbeat;
        heartbeat = setInterval(() => {
          if (Date.now() - lastSeen > timeout) ws.close(4000, 'heartbeat timeout');
          else send?.();
        }, interval);
      }
      for (const waiter of openWaiters.splice(0)) waiter.resolve();
      emit(again ? 'reconnect' : 'open');
    };
    ws.onmessage = (event) => onFrame(event.data);
    // Node's `ws` answers server pings itself; any pong or ping still proves the peer alive.
    (ws as unknown as { on?: (e: string, f: () => void) => void }).on?.('ping', () => (lastSeen = Date.now()));
    ws.onerror = () => {};
    ws.onclose = (event) => {
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = undefined;
      if (socket !== ws) return;
      socket = undefined;
      rejectAll(`connection closed (${event.code}) before the reply`);
      emit('close', { code: event.code, reason: event.reason });
      if (!everOpened && !reconnect) for (const waiter of openWaiters.splice(0)) waiter.reject(new Error(`cannot connect to ${url} (${event.code})`));
      scheduleReconnect();
    };
  };

  // Built once, with a null prototype so any message name (even `__proto__`) is an own key.
  const send: Record<string, (payload: unknown, opts?: { resend?: boolean }) => void> = Object.create(null);
  for (const name of Object.keys(channel.toServer.messages))
    send[name] = (payload, opts) => {
      const frame = encodeMessage(channel.toServer, name, payload, validate);
      if (opts?.resend) resend.push(frame);
      write(frame);
    };

  const request: Record<string, (payload: unknown, opts?: { timeout?: number; resend?: boolean }) => Promise<unknown>> = Object.create(null);
  for (const [op, spec] of Object.entries(channel.requests)) {
    const waiting = pending.get(op)!;
    request[op] = (payload, opts) =>
      new Promise((resolve, reject) => {
        let body = payload;
        let key: string;
        if (spec.correlation) {
          let id = readId(payload, spec.correlation);
          if (id === undefined) body = withId(payload, spec.correlation, (id = nextId++));
          key = JSON.stringify(id);
          if (waiting.has(key)) return reject(new Error(`a ${op} request with id ${key} is already waiting for its reply`));
        } else key = String(nextId++);
        const frame = encodeMessage(channel.toServer, spec.request, body, validate);
        const timeout = opts?.timeout ?? options.requestTimeout ?? 10_000;
        const timer = setTimeout(() => {
          waiting.delete(key);
          reject(new Error(`no reply to ${op} within ${timeout} ms`));
        }, timeout);
        waiting.set(key, { resolve, reject, timer });
        if (opts?.resend) resend.push(frame);
        try {
          write(frame);
        } catch (error) {
          clearTimeout(timer);
          waiting.delete(key);
          reject(error as Error);
        }
      });
  }

  void open();
  return {
    send: send as WsClient<A>['send'],
    request: request as WsClient<A>['request'],
    on(event: string, handler: Handler) {
      const map = clientEvents.has(event) ? handlers : messageHandlers;
      const set = map.get(event) ?? new Set();
      map.set(event, set);
      set.add(handler as (value: never) => void);
      return () => set.delete(handler as (value: never) => void);
    },
    onMessage(message: string, handler: Handler) {
      const set = messageHandlers.get(message) ?? new Set();
      messageHandlers.set(message, set);
      set.add(handler as (value: never) => void);
      return () => set.delete(handler as (value: never) => void);
    },
    opened: () => (socket?.readyState === 1 ? Promise.resolve() : new Promise<void>((resolve, reject) => openWaiters.push({ resolve, reject }))),
    close(code = 1000, reason = '') {
      closedByUser = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      if (heartbeat) clearInterval(heartbeat);
      rejectAll('client closed');
      socket?.close(code, reason);
    },
    get bufferedAmount() {
      return socket?.bufferedAmount ?? 0;
    },
  } as WsClient<A>;
}
