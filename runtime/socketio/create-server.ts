/**
 * The server every generated `createServer()` calls: a Socket.IO server laid out from the
 * document — one namespace per channel, handshake and security checks on connect, validated
 * events both ways, acks, lifecycle handlers, docs and an optional (Redis) adapter.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Namespace, type ServerOptions, type Socket } from 'socket.io';
import { dereference } from './dereference.js';
import { createDocsHandler, docsBaseFor } from './docs.js';
import { SocketApiError } from './errors.js';
import { handshakeMiddleware, parametersMiddleware } from './handshake.js';
import { incomingListener, unknownEventListener, type AnyErrorHandler, type AnyEventHandler } from './incoming.js';
import { validateBroadcasts, validatingEmit } from './outgoing.js';
import { createRedisAdapter } from './redis-adapter.js';
import { securityMiddleware } from './security.js';
import type { ApiSpec } from './spec.js';

/** One namespace's handlers as the runtime sees them (generated types make them precise). */
export interface AnyNamespaceHandlers {
  readonly events?: Readonly<Record<string, AnyEventHandler>>;
  readonly connect?: (socket: any, security: any, params?: any) => unknown;
  readonly disconnect?: (socket: any, reason: string) => unknown;
  readonly error?: AnyErrorHandler;
}

/** Options every generated `createServer()` takes (plus its typed `handlers` and `security`). */
export interface SocketApiOptions {
  /** Attach to this HTTP(S) server instead of creating one. */
  readonly httpServer?: HttpServer;
  /** Overrides the Socket.IO `path` taken from `servers.*.url`. */
  readonly path?: string;
  /** Serve `{base}/docs` and `{base}/docs/asyncapi.json` (default true). */
  readonly docs?: boolean;
  /** A Socket.IO adapter instance (what `io.adapter()` takes), e.g. for several processes. */
  readonly adapter?: unknown;
  /** Use `@socket.io/redis-adapter` on this Redis (ignored when `adapter` is given). */
  readonly redisUrl?: string;
  /** Prefix of its channels (default `socket.io`): each application on a shared Redis needs its own. */
  readonly redisKey?: string;
  /**
   * The error handler of every namespace without `x-handlers.error` (Asynction's
   * `default_error_handler`); default: log what is not a refusal already told to the client.
   */
  readonly errorHandler?: (error: Error, socket: Socket) => unknown;
  /** Validate payloads the clients send (default true). */
  readonly validateIncoming?: boolean;
  /** Validate what the server emits and the acks it returns (default true; off for production speed). */
  readonly validateOutgoing?: boolean;
  /** Any other Socket.IO server option. */
  readonly socketOptions?: Partial<ServerOptions>;
}

/** A running (or ready to listen) server. */
export interface SocketApiServer {
  readonly io: Server;
  readonly httpServer: HttpServer;
  /** Each document channel's namespace, by name. */
  readonly namespaces: Readonly<Record<string, Namespace>>;
  /** Listens (port 0 by default: an ephemeral port) and resolves with the port. */
  listen(port?: number, host?: string): Promise<number>;
  /** Closes Socket.IO, the HTTP server and the Redis connections. */
  close(): Promise<void>;
}

function defaultErrorHandler(error: Error): void {
  // Refusals (validation, auth) were already reported to the client; only surprises are logged.
  if (!(error instanceof SocketApiError)) console.error('sockgen: handler failed:', error);
}

/** Serves docs before any other request listener of a server sockgen did not create. */
function prependRequestListener(server: HttpServer, handler: (req: IncomingMessage, res: ServerResponse) => boolean): void {
  const others = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (handler(req, res)) return;
    for (const listener of others) listener.call(server, req, res);
  });
}

/** Builds the server; handlers are looked up once here, never per event. */
export async function createSocketApiServer(
  spec: ApiSpec,
  handlers: Readonly<Record<string, AnyNamespaceHandlers | undefined>>,
  security: Readonly<Record<string, unknown>>,
  options: SocketApiOptions = {},
): Promise<SocketApiServer> {
  const validateIncoming = options.validateIncoming ?? true;
  const validateOutgoing = options.validateOutgoing ?? true;
  const path = options.path ?? spec.path;

  // Check everything a JavaScript caller could have skipped before opening any connection.
  for (const namespace of spec.namespaces)
    for (const event of Object.keys(namespace.receive))
      if (typeof handlers[namespace.name]?.events?.[event] !== 'function')
        throw new Error(`createServer: missing handler for event ${JSON.stringify(event)} of namespace ${namespace.name}`);
  const middlewares = spec.namespaces.map((namespace) => [
    parametersMiddleware(namespace),
    handshakeMiddleware(namespace),
    securityMiddleware(namespace, spec.securitySchemes, security),
  ]);

  const docs = options.docs !== false ? createDocsHandler({ document: dereference(spec.document), base: docsBaseFor(path) }) : undefined;
  let httpServer = options.httpServer;
  if (!httpServer)
    httpServer = createHttpServer((req, res) => {
      if (docs?.(req, res)) return;
      // Socket.IO answers its own path; anything else is not ours.
      if (!req.url?.startsWith(path)) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      }
    });
  else if (docs) prependRequestListener(httpServer, docs);

  const io = new Server(httpServer, { path, ...options.socketOptions });
  let redis: { close(): Promise<void> } | undefined;
  if (options.adapter) io.adapter(options.adapter as never);
  else if (options.redisUrl) {
    const handle = await createRedisAdapter(options.redisUrl, options.redisKey ? { key: options.redisKey } : {});
    redis = handle;
    io.adapter(handle.adapter);
  }

  const namespaces: Record<string, Namespace> = {};
  spec.namespaces.forEach((namespace, index) => {
    // A namespace with parameters is dynamic: a child namespace per name that matches.
    const nsp = namespace.parameters ? io.of(namespace.parameters.pattern) : io.of(namespace.name);
    namespaces[namespace.name] = nsp;
    const own = handlers[namespace.name] ?? {};
    const onError = own.error ?? options.errorHandler ?? defaultErrorHandler;
    for (const middleware of middlewares[index]!) if (middleware) nsp.use(middleware);
    // The connect hook runs last, before the client is told it joined: a hook that throws (or
    // rejects) refuses the connection, as in Asynction, and the client gets a connect_error.
    const { connect } = own;
    if (connect)
      nsp.use((socket, next) => {
        const refuse = (error: unknown) => {
          onError(error instanceof Error ? error : new Error(String(error)), socket);
          next(error instanceof SocketApiError ? error : new SocketApiError({ type: 'handler_error', message: `connect handler of ${namespace.name} refused the connection` }));
        };
        if (emit) socket.emit = emit as Socket['emit'];
        try {
          const result = connect(socket, socket.data.security, socket.data.params);
          if (result instanceof Promise) result.then(() => next(), refuse);
          else next();
        } catch (error) {
          refuse(error);
        }
      });
    const listeners = Object.entries(namespace.receive).map(
      ([event, eventSpec]) =>
        [event, incomingListener(event, eventSpec, own.events![event]!, { validateIncoming, validateOutgoing, onError, withParams: namespace.parameters !== undefined })] as const,
    );
    const onUnknown = unknownEventListener(namespace.name, new Set(Object.keys(namespace.receive)));
    const emit = validateOutgoing ? validatingEmit(namespace.name, namespace.send, onError) : undefined;
    // Children of a dynamic namespace have adapters of their own: each is wrapped when first met.
    const validated = new WeakSet<object>();
    const validateOnce = (target: Namespace) => {
      if (!validateOutgoing || validated.has(target)) return;
      validated.add(target);
      validateBroadcasts(target, namespace.send);
    };
    if (!namespace.parameters) validateOnce(nsp as Namespace);
    const { disconnect } = own;
    const onDisconnect = disconnect
      ? function (this: Socket, reason: string) {
          try {
            const result = disconnect(this, reason);
            if (result instanceof Promise) result.catch((error: unknown) => onError(error as Error, this));
          } catch (error) {
            onError(error as Error, this);
          }
        }
      : undefined;

    nsp.on('connection', (socket: Socket) => {
      if (namespace.parameters) validateOnce(socket.nsp);
      if (emit) socket.emit = emit as Socket['emit'];
      for (const [event, listener] of listeners) socket.on(event, listener);
      socket.onAny(onUnknown);
      if (onDisconnect) socket.on('disconnect', onDisconnect);
    });
  });

  return {
    io,
    httpServer,
    namespaces,
    listen(port = 0, host) {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          resolve((httpServer.address() as AddressInfo).port);
        });
      });
    },
    async close() {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await redis?.close();
    },
  };
}
