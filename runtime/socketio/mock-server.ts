/**
 * A Socket.IO mock server built from an AsyncAPI document alone (`sockgen mock`): the document's
 * path and namespaces; every event the client may send is accepted (validated, answered with a
 * fake valid ack when the message has `x-ack`); every event the server sends is emitted with a
 * fake valid payload on a timer. Behaviour and its reasons: docs/asyncapi-runtime.md#mock-server.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Namespace, type Socket } from 'socket.io';
import { createDocsHandler, docsBaseFor } from './docs.js';
import { createFaker, type Faker } from './fake-data.js';
import { plainJson, readSocketDocument, type SocketDocumentInfo, type SocketEventInfo, type SocketNamespaceInfo } from './mock-document.js';
import { handshakeMiddleware } from './handshake.js';
import { mockSecurityHooks } from './mock-security.js';
import { compileSchema } from './mock-validators.js';
import { securityMiddleware } from './security.js';
import type { SecuritySchemeSpec } from './spec.js';
import { errorEvent, formatErrors, type SockgenErrorData } from '../socketio-client/errors.js';

/** Options of {@link startMockServer}. */
export interface MockServerOptions {
  /** The resolved AsyncAPI 2.x or 3.x document as plain JSON (served as the docs page). */
  readonly document: unknown;
  /**
   * The namespaces and events to serve, as generation reads them (`sockgen mock` passes the
   * generator's IR view); default: read from `document`.
   */
  readonly model?: SocketDocumentInfo;
  /** TCP port; 0 (default) picks a free one. */
  readonly port?: number;
  /** Interface to listen on (default `127.0.0.1`). */
  readonly host?: string;
  /** Milliseconds between two rounds of server emits (default 1000). */
  readonly interval?: number;
  /** Seed of the fake data (default: time based). */
  readonly seed?: number;
  /** Where the mock reports what it does (default: nothing). */
  readonly log?: (line: string) => void;
}

/** A running mock server. */
export interface MockServer {
  readonly io: Server;
  readonly httpServer: HttpServer;
  readonly port: number;
  /** `http://host:port`, the origin clients connect to. */
  readonly url: string;
  /** The Socket.IO path clients must use. */
  readonly path: string;
  readonly namespaces: readonly string[];
  /** Stops the timer, disconnects clients and closes the port. */
  close(): Promise<void>;
}

interface PreparedEvent {
  readonly info: SocketEventInfo;
  readonly validate?: (value: unknown) => string[];
  readonly validateAck?: (value: unknown) => string[];
}

/** Starts a mock server for `document` and resolves once it listens. */
export async function startMockServer(options: MockServerOptions): Promise<MockServer> {
  const doc = options.model ?? readSocketDocument(options.document);
  const log = options.log ?? (() => {});
  const faker = createFaker(options.seed === undefined ? {} : { seed: options.seed });
  const docs = createDocsHandler({ document: options.document, base: docsBaseFor(doc.path) });
  const httpServer = createHttpServer();
  // Socket.IO answers its own path first; the docs and a 404 cover everything else.
  httpServer.on('request', (req, res) => {
    if ((req.url ?? '').startsWith(`${doc.path}/`) || res.headersSent) return;
    if (docs(req, res)) return;
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`not found; Socket.IO listens at ${doc.path}, docs at ${docsBaseFor(doc.path).replace(/\/$/, '')}/docs\n`);
  });
  const io = new Server(httpServer, { path: doc.path, cors: { origin: true, credentials: true } });
  // A namespace with `{parameters}` is dynamic, as in a generated server: one child per room name.
  const schemes = doc.schemes ?? {};
  const namespaces = doc.namespaces.map((ns) => mountNamespace(ns.parameters ? io.of(namespacePattern(ns.name)) : io.of(ns.name), ns, schemes, faker, log));
  // The default namespace exists in every Socket.IO server; refuse it unless the document has it.
  if (!doc.namespaces.some((ns) => ns.name === '/')) io.of('/').use((_socket, next) => next(new Error('the document has no `/` namespace')));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = httpServer.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const timer = setInterval(() => namespaces.forEach((emitRound) => emitRound()), Math.max(1, options.interval ?? 1000));
  timer.unref();

  return {
    io,
    httpServer,
    port: address.port,
    url: `http://${host}:${address.port}`,
    path: doc.path,
    namespaces: doc.namespaces.map((ns) => ns.name),
    async close() {
      clearInterval(timer);
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}

/** Wires one namespace; returns the function that emits one round of fake server events. */
function mountNamespace(nsp: Namespace, ns: SocketNamespaceInfo, schemes: Readonly<Record<string, SecuritySchemeSpec>>, faker: Faker, log: (line: string) => void): () => void {
  const incoming = new Map<string, PreparedEvent>(ns.clientEvents.map((info) => [info.name, prepare(info)]));
  const outgoing = ns.serverEvents.map(prepare);

  if (ns.parameters) {
    const { names, numeric } = ns.parameters;
    const pattern = namespacePattern(ns.name);
    const validate = validator(ns.parameters.schema, 'params');
    nsp.use((socket, next) => {
      const match = pattern.exec(socket.nsp.name);
      const params = Object.fromEntries(names.map((name, i) => [name, numeric.includes(name) && /^[-+]?\d+(\.\d+)?$/.test(match?.[i + 1] ?? '') ? Number(match![i + 1]) : safeDecode(match?.[i + 1] ?? '')]));
      const errors = validate(params);
      if (errors.length === 0) return next();
      const refusal = Object.assign(new Error(`namespace ${socket.nsp.name} does not match ${ns.name}`), {
        data: { type: 'parameter_validation', message: `namespace ${socket.nsp.name} does not match ${ns.name}`, errors } satisfies SockgenErrorData,
      });
      next(refusal);
    });
  }

  // The generated server's own middlewares check the handshake binding and the security
  // requirements; the mock's hooks accept any non-empty credential of the declared kind.
  if (ns.handshake) {
    const { query, headers, queryTypes, security } = ns.handshake;
    const spec = {
      name: ns.name,
      receive: {},
      send: {},
      security,
      ...(query === undefined ? {} : { query: compileSchema(plainJson(query)) }),
      ...(headers === undefined ? {} : { headers: compileSchema(plainJson(headers)) }),
      ...(queryTypes ? { queryTypes } : {}),
    };
    for (const middleware of [handshakeMiddleware(spec), securityMiddleware(spec, schemes, mockSecurityHooks(schemes))]) if (middleware) nsp.use(middleware);
  }

  nsp.on('connection', (socket: Socket) => {
    log(`${ns.name} connected ${socket.id}`);
    socket.on('disconnect', (reason) => log(`${ns.name} disconnected ${socket.id} (${reason})`));
    socket.onAny((event: string, ...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (...values: unknown[]) => void) : undefined;
      const prepared = incoming.get(event);
      // A tuple event is validated as its argument list, others by their one payload.
      const errors = prepared?.validate?.(prepared.info.tuple !== undefined ? args : args[0]) ?? [];
      if (!prepared || errors.length > 0) {
        // The same refusal a generated server sends: `ack(null, data)` or a `sockgen:error` event.
        const failure: SockgenErrorData = prepared
          ? { type: 'payload_validation', message: `invalid payload for ${event}`, event, errors }
          : { type: 'unknown_event', message: `the document lists no event ${JSON.stringify(event)} the client may send in ${ns.name}`, event };
        log(`${ns.name} ← ${event} refused: ${failure.message}${errors.length ? `: ${errors.join('; ')}` : ''}`);
        if (ack) ack(null, failure);
        else socket.emit(errorEvent, failure);
        return;
      }
      log(`${ns.name} ← ${event}`);
      if (!ack) return;
      if (prepared?.info.ack === undefined) return ack();
      let value: unknown;
      try {
        value = faker.fake(prepared.info.ack);
      } catch (error) {
        // Never leave the client waiting for an ack: say why there is none.
        log(`${ns.name} ← ${event}: cannot fake its x-ack: ${(error as Error).message}`);
        return ack(null, { type: 'handler_error', message: `the mock cannot fake an ack of ${event}: ${(error as Error).message}`, event } satisfies SockgenErrorData);
      }
      ack(value);
    });
  });

  return () => {
    if (nsp.sockets.size === 0) return;
    for (const event of outgoing) {
      let payload: unknown;
      try {
        payload = event.info.payload === undefined ? {} : faker.fake(event.info.payload);
      } catch (error) {
        log(`${ns.name} → ${event.info.name}: cannot fake its payload: ${(error as Error).message}`);
        continue;
      }
      // A tuple travels as its items; an event without payload with no argument.
      const args = event.info.tuple !== undefined && Array.isArray(payload) ? payload : event.info.payload === undefined ? [] : [payload];
      if (event.info.ack === undefined) {
        nsp.emit(event.info.name, ...args);
        continue;
      }
      // The server's event expects an ack: check what the clients answer.
      nsp.timeout(5000).emit(event.info.name, ...args, (error: Error | null, responses: unknown[]) => {
        if (error) return log(`${ns.name} → ${event.info.name}: not every client acknowledged in 5 s`);
        for (const response of responses) {
          const errors = event.validateAck?.(response) ?? [];
          if (errors.length > 0) log(`${ns.name} → ${event.info.name}: invalid ack: ${errors.join('; ')}`);
        }
      });
    }
  };
}

/** `%xx` decoded, or the text as it came when it is not valid percent-encoding. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `/rooms/{roomId}` → a RegExp matching `/rooms/<one segment>`, capturing each parameter. */
function namespacePattern(name: string): RegExp {
  return new RegExp(`^${name.split(/\{[^{}]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('([^/]+)')}$`);
}

function prepare(info: SocketEventInfo): PreparedEvent {
  return {
    info,
    ...(info.payload === undefined ? {} : { validate: validator(info.payload, 'payload') }),
    ...(info.ack === undefined ? {} : { validateAck: validator(info.ack, 'ack') }),
  };
}

function validator(schema: unknown, root: string): (value: unknown) => string[] {
  const validate = compileSchema(plainJson(schema));
  return (value) => (validate(value) ? [] : formatErrors(validate.errors, root));
}
