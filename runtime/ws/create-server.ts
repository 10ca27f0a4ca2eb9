/**
 * The plain WebSocket server generated code wraps, over the `ws` package: the upgrade is matched
 * to a channel address and checked (parameters, `bindings.ws` query/headers, security hooks)
 * before the socket exists; frames are named by the channel's dispatch and validated before a
 * handler sees them; a handler's return value is the reply of a request, validated and given
 * the request's correlation id; every send is validated and skips a client whose
 * `bufferedAmount` is over the limit (backpressure); a ping/pong heartbeat ends dead connections.
 * An invalid frame goes to the channel's `error` handler and the connection stays.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { classify, decodeFrame, encodeMessage, readId, withId, WsValidationError, type WsChannelSpec, type WsInvalidMessage } from '../ws-client/protocol.js';
import { batchWrites } from './batched-writes.js';
import { compileRoutes, readHandshake, type HandshakeValues } from './handshake.js';
import { checkSecurity, type WsSecurityRequirement, type WsSecuritySchemeSpec } from './security.js';

/** A channel as the server needs it: the wire spec plus its security requirements. */
export interface WsServerChannelSpec extends WsChannelSpec {
  readonly security: readonly (readonly WsSecurityRequirement[])[];
}

/** The whole document as the server needs it. */
export interface WsServerSpec {
  readonly channels: readonly WsServerChannelSpec[];
  readonly securitySchemes: Readonly<Record<string, WsSecuritySchemeSpec>>;
  /** The bundled document, for the docs page. */
  readonly document: unknown;
  /** Path of the first server's URL (`/api`), under which the channel addresses are served. */
  readonly basePath?: string;
}

/** One client connection, as handlers see it. */
export interface WsConnection extends HandshakeValues {
  /** The channel address it connected to (`/v1/marketdata/{symbol}`). */
  readonly channel: string;
  /** Merged info the security hooks returned, by scheme. */
  readonly security: Record<string, unknown>;
  readonly request: IncomingMessage;
  readonly socket: WebSocket;
  /** Yours: anything to keep per connection. */
  readonly data: Record<string, unknown>;
  /** One function per message the server sends; false when skipped for backpressure. */
  readonly send: Readonly<Record<string, (payload: unknown) => boolean>>;
  close(code?: number, reason?: string): void;
}

/** Handlers of one channel address. */
export interface WsChannelHandlers {
  readonly messages: Readonly<Record<string, (payload: never, connection: never) => unknown>>;
  readonly connect?: (connection: never) => unknown;
  readonly disconnect?: (connection: never, code: number, reason: string) => unknown;
  /** Invalid frames (the connection stays), refused replies, and handler errors. */
  readonly error?: (error: WsInvalidMessage | Error, connection: never) => unknown;
}

/** Options of {@link createWsApiServer} (the generated `createServer` passes them through). */
export interface WsServerOptions {
  /** Attach to this HTTP(S) server (an https server with `requestCert` gives X509 hooks the certificate). */
  readonly httpServer?: HttpServer;
  readonly validateIncoming?: boolean;
  readonly validateOutgoing?: boolean;
  /** Bytes queued on a connection above which sends to it are skipped (default 1 MiB). */
  readonly maxBufferedAmount?: number;
  /** Ping interval in ms; a connection that missed the last pong is ended (default 30 000; 0: off). */
  readonly heartbeatInterval?: number;
  /** Largest frame accepted, bytes (default 1 MiB). */
  readonly maxPayload?: number;
  /** Serve `/docs` and `/docs/asyncapi.json` (default true). */
  readonly docs?: boolean;
}

/** One channel of a running server. */
export interface WsServerChannel {
  readonly connections: ReadonlySet<WsConnection>;
  /** One function per message the server sends: to every connection (or those `filter` keeps); returns how many got it. */
  readonly broadcast: Readonly<Record<string, (payload: unknown, filter?: (connection: WsConnection) => boolean) => number>>;
}

/** A running server. */
export interface WsApiServer {
  readonly httpServer: HttpServer;
  readonly wss: WebSocketServer;
  readonly channels: Readonly<Record<string, WsServerChannel>>;
  /** Listens (port 0: any free port) and resolves with the port. */
  listen(port?: number, host?: string): Promise<number>;
  /** Closes every connection and the server. */
  close(): Promise<void>;
}

type AnyFunction = (...args: unknown[]) => unknown;

function refuse(socket: Duplex, status: number, errors: readonly string[]): void {
  const body = JSON.stringify({ type: status === 401 ? 'unauthorized' : 'handshake_validation', errors });
  const text = status === 401 ? 'Unauthorized' : status === 404 ? 'Not Found' : 'Bad Request';
  socket.end(`HTTP/1.1 ${status} ${text}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}

function reportError(handler: AnyFunction | undefined, error: WsInvalidMessage | Error, connection: WsConnection): void {
  if (handler) {
    try {
      const result = handler(error, connection);
      if (result instanceof Promise) result.catch((e: unknown) => console.error('sockgen: ws error handler failed:', e));
    } catch (e) {
      console.error('sockgen: ws error handler failed:', e);
    }
  } else if (error instanceof Error) console.error(`sockgen: ws handler failed on ${connection.channel}:`, error);
}

/** Builds the server; every handler is looked up once here, never per frame. */
export async function createWsApiServer(
  spec: WsServerSpec,
  handlers: Readonly<Record<string, WsChannelHandlers | undefined>>,
  hooks: object = {},
  options: WsServerOptions = {},
): Promise<WsApiServer> {
  // A generated `SecurityHooks` interface has no index signature; the runtime reads it by scheme name.
  const security = hooks as Readonly<Record<string, unknown>>;
  const validateIncoming = options.validateIncoming ?? true;
  const validateOutgoing = options.validateOutgoing ?? true;
  const maxBuffered = options.maxBufferedAmount ?? 1024 * 1024;
  for (const channel of spec.channels)
    for (const name of Object.keys(channel.toServer.messages))
      if (typeof handlers[channel.address]?.messages?.[name] !== 'function') throw new Error(`createWsServer: missing handler for message ${JSON.stringify(name)} of channel ${channel.address}`);
  for (const channel of spec.channels)
    for (const alternative of channel.security)
      for (const { scheme } of alternative) if (typeof security[scheme] !== 'function') throw new Error(`createWsServer: missing security hook ${JSON.stringify(scheme)}`);

  const routes = compileRoutes(spec.channels, spec.basePath);
  // Each connection's write batching (batched-writes.ts), for broadcasts that hold a WebSocket only.
  const holds = new WeakMap<WebSocket, () => void>();
  const channels: Record<string, { connections: Set<WsConnection>; broadcast: Record<string, (payload: unknown, filter?: (c: WsConnection) => boolean) => number> }> = {};
  for (const channel of spec.channels) {
    const connections = new Set<WsConnection>();
    const broadcast: Record<string, (payload: unknown, filter?: (c: WsConnection) => boolean) => number> = {};
    for (const name of Object.keys(channel.toClient.messages))
      broadcast[name] = (payload, filter) => {
        // Encoded (and validated) once for every receiver.
        const frame = encodeMessage(channel.toClient, name, payload, validateOutgoing);
        let count = 0;
        for (const connection of connections)
          if ((!filter || filter(connection)) && connection.socket.readyState === 1 && connection.socket.bufferedAmount <= maxBuffered) {
            holds.get(connection.socket)?.();
            connection.socket.send(frame);
            count++;
          }
        return count;
      };
    channels[channel.address] = { connections, broadcast };
  }

  let docs: ((req: IncomingMessage, res: ServerResponse) => boolean) | undefined;
  if (options.docs !== false) {
    // Loaded only when served: the docs renderer is not needed by a server without docs.
    const [{ createDocsHandler }, { dereference }] = await Promise.all([import('../socketio/docs.js'), import('../socketio/dereference.js')]);
    docs = createDocsHandler({ document: dereference(spec.document), base: spec.basePath || '/' });
  }
  const httpServer =
    options.httpServer ??
    createHttpServer((req, res) => {
      if (docs?.(req, res)) return;
      res.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket' }).end('this is a WebSocket endpoint\n');
    });
  if (options.httpServer && docs) {
    const serve = docs;
    httpServer.prependListener('request', (req: IncomingMessage, res: ServerResponse) => void serve(req, res));
  }
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload ?? 1024 * 1024 });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    let handshake: ReturnType<typeof readHandshake<WsServerChannelSpec>>;
    try {
      handshake = readHandshake(routes, request);
    } catch {
      // Nothing a client sends may end the server: an unforeseen request shape is a refusal.
      return refuse(socket, 400, ['the handshake could not be read']);
    }
    if (!('route' in handshake)) return refuse(socket, handshake.status, handshake.errors);
    const channel = handshake.route.channel;
    checkSecurity(channel.security, spec.securitySchemes, security as Record<string, AnyFunction>, request).then(
      (info) => {
        if (!info) return refuse(socket, 401, ['no security requirement of this channel is met']);
        if (socket.destroyed) return;
        wss.handleUpgrade(request, socket, head, (ws) => accept(ws, socket, channel, handshake.values, info, request));
      },
      () => refuse(socket, 401, ['security check failed']),
    );
  };
  httpServer.on('upgrade', onUpgrade);

  const alive = new WeakSet<WebSocket>();
  const accept = (ws: WebSocket, raw: Duplex, channel: WsServerChannelSpec, values: HandshakeValues, info: Record<string, unknown>, request: IncomingMessage) => {
    const own = handlers[channel.address]!;
    const hold = batchWrites(raw);
    holds.set(ws, hold);
    const state = channels[channel.address]!;
    const onError = own.error as AnyFunction | undefined;
    const send: Record<string, (payload: unknown) => boolean> = {};
    for (const name of Object.keys(channel.toClient.messages))
      send[name] = (payload) => {
        const frame = encodeMessage(channel.toClient, name, payload, validateOutgoing);
        if (ws.readyState !== 1 || ws.bufferedAmount > maxBuffered) return false;
        hold();
        ws.send(frame);
        return true;
      };
    const connection: WsConnection = {
      channel: channel.address,
      ...values,
      security: info,
      request,
      socket: ws,
      data: {},
      send,
      close: (code, reason) => ws.close(code, reason),
    };
    state.connections.add(connection);
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    ws.on('error', () => {});
    ws.on('close', (code, reason) => {
      state.connections.delete(connection);
      if (own.disconnect) reportHandlerResult(() => (own.disconnect as AnyFunction)(connection, code, reason.toString()), connection);
    });
    const reportHandlerResult = (run: () => unknown, conn: WsConnection, reply?: (value: unknown) => void) => {
      let result: unknown;
      try {
        result = run();
      } catch (error) {
        return reportError(onError, error as Error, conn);
      }
      if (result instanceof Promise)
        result.then(
          (value) => reply?.(value),
          (error: unknown) => reportError(onError, error instanceof Error ? error : new Error(String(error)), conn),
        );
      else reply?.(result);
    };
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      const decoded = decodeFrame(channel.toServer, isBinary ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : data.toString(), validateIncoming);
      if (!decoded.ok) return reportError(onError, { reason: decoded.reason, errors: decoded.errors, data: decoded.data, ...(decoded.message ? { message: decoded.message } : {}) }, connection);
      const request = replyOf.get(decoded.message);
      // Called directly, not through reportHandlerResult: no closure per frame on the hot path.
      let result: unknown;
      try {
        result = (own.messages[decoded.message] as AnyFunction)(decoded.payload, connection);
      } catch (error) {
        return reportError(onError, error as Error, connection);
      }
      if (result instanceof Promise)
        result.then(
          (value) => request && sendReply(request, decoded.payload, value),
          (error: unknown) => reportError(onError, error instanceof Error ? error : new Error(String(error)), connection),
        );
      else if (request) sendReply(request, decoded.payload, result);
    });
    const sendReply = (request: { replies: readonly string[]; correlation?: readonly string[] }, payload: unknown, value: unknown) => {
      if (value === undefined || ws.readyState !== 1) return;
      let body: unknown = value;
      if (request.correlation && readId(value, request.correlation) === undefined) body = withId(value, request.correlation, readId(payload, request.correlation));
      // Which reply it is: by the discriminator when there is one, else the first whose schema accepts it.
      const named = classify(channel.toClient, body, validateOutgoing, request.replies);
      if (!named.ok) return reportError(onError, new WsValidationError({ reason: 'reply_validation', errors: named.errors, ...(named.message ? { message: named.message } : {}) }), connection);
      let frame: string | Uint8Array;
      try {
        frame = encodeMessage(channel.toClient, named.message, body, false);
      } catch (error) {
        // A reply JSON cannot hold (a cycle, a BigInt) is the handler's bug, not the server's end.
        return reportError(onError, error as Error, connection);
      }
      if (ws.bufferedAmount > maxBuffered) return;
      hold();
      ws.send(frame);
    };
    const replyOf = requestsByMessage(channel);
    if (own.connect) reportHandlerResult(() => (own.connect as AnyFunction)(connection), connection);
  };

  const interval = options.heartbeatInterval ?? 30_000;
  const heartbeat =
    interval > 0
      ? setInterval(() => {
          for (const ws of wss.clients) {
            if (!alive.has(ws)) {
              ws.terminate();
              continue;
            }
            alive.delete(ws);
            ws.ping();
          }
        }, interval)
      : undefined;
  heartbeat?.unref();

  return {
    httpServer,
    wss,
    channels,
    listen: (port = 0, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          const address = httpServer.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (heartbeat) clearInterval(heartbeat);
        httpServer.off('upgrade', onUpgrade);
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        if (options.httpServer) return resolve();
        httpServer.close(() => resolve());
        httpServer.closeAllConnections?.();
      }),
  };
}

const requestCache = new WeakMap<WsChannelSpec, Map<string, { replies: readonly string[]; correlation?: readonly string[] }>>();

/** Request message name → its reply spec (one request message may serve one operation). */
function requestsByMessage(channel: WsChannelSpec): Map<string, { replies: readonly string[]; correlation?: readonly string[] }> {
  let map = requestCache.get(channel);
  if (!map) {
    map = new Map(Object.values(channel.requests).map((r) => [r.request, r]));
    requestCache.set(channel, map);
  }
  return map;
}
