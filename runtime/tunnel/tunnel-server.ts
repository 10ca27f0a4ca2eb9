/**
 * The tunnel server: the reservation REST API and the websocket↔TCP tunnel on one HTTP port
 * (docs/services.md). A websocket's `?token=` (path ignored) is a static token-file entry or a
 * reservation; either is checked before the upgrade, so a bad token gets a plain 401.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { bridgeWebSocket } from './bridge.js';
import { createMemoryStore } from './memory-store.js';
import { createRedisStore } from './redis-store.js';
import type { ReservationStore } from './reservation-store.js';
import { handleRestRequest, headerUser, requestUrl } from './rest-api.js';
import { serveStaticFile } from './static-files.js';
import { openTokenFile, type TokenFile } from './token-file.js';
import type { ResolveUser, ServiceDefinition, TcpTarget } from './types.js';

/** Options of `startTunnelServer`; every default is applied here and nowhere else. */
export interface TunnelServerOptions {
  readonly services?: readonly ServiceDefinition[];
  /** Default 0 (an ephemeral port; read it from `server.port`). */
  readonly port?: number;
  /** Default: every interface. */
  readonly host?: string;
  /** Required as `security_token` on every REST call; default `WEBSOCKETSERVER_SECURITY_TOKEN`. */
  readonly securityToken?: string;
  /** Unused reservations are reclaimed after this long; default 300 000 ms. */
  readonly reservationTimeoutMs?: number;
  /** websockify token file (`token: host:port` lines). */
  readonly tokenFile?: string;
  /** Share reservations through Redis (`redis://...`) instead of memory. */
  readonly redisUrl?: string;
  /** Key prefix in Redis; servers sharing reservations use the same one. */
  readonly redisPrefix?: string;
  /** A store of your own (overrides `redisUrl`). */
  readonly store?: ReservationStore;
  /** Who is calling (for `group`); default the `X-Sockgen-User`/`X-Sockgen-Groups` headers. */
  readonly resolveUser?: ResolveUser;
  /** Close a tunnel after this long without bytes; default 0 (never). */
  readonly idleTimeoutMs?: number;
  /** Limit for `start()` plus the instance's port accepting; default 10 000 ms. */
  readonly startTimeoutMs?: number;
  /**
   * Ping every tunnel this often and drop one that did not answer the previous ping (a peer that
   * vanished without closing would otherwise keep its instance running); default 30 000 ms, 0 = off.
   */
  readonly pingIntervalMs?: number;
  /** Largest websocket message accepted; default 16 MiB. */
  readonly maxPayload?: number;
  /**
   * ADR: serve the REST API (and static files) on this port and only websockets on `port`;
   * default: everything on `port`.
   */
  readonly httpPort?: number;
  /** TLS (https/wss on every port): PEM certificate and key files (ADR's `--cert`/`--key`). */
  readonly tls?: { readonly certFile: string; readonly keyFile: string };
  /** ADR's `--http-directory`: GET/HEAD of files under this folder for paths outside `/v1/`. */
  readonly httpDirectory?: string;
  /**
   * One fixed target for every websocket, no token, no REST API: ADR's basic mode
   * (`--client-hostname/--client-port`) and websockify's plain `--target host:port`.
   */
  readonly fixedTarget?: TcpTarget;
  /** websockify `--host-token`: the token is the host name of the `Host` header. */
  readonly hostToken?: boolean;
  /** Called after `/v1/stop` (or `close()`) has closed the server. */
  readonly onStop?: () => void;
  readonly log?: (line: string) => void;
}

/** A running tunnel server. */
export interface TunnelServer {
  /** The websocket port (also the REST port unless `httpPort` was given). */
  readonly port: number;
  /** `http(s)://host:port` of the websocket port. */
  readonly url: string;
  /** The REST API's port and URL (the same as `port`/`url` unless `httpPort` was given). */
  readonly httpPort: number;
  readonly httpUrl: string;
  /** `ws://` or `wss://` and host:port of the websocket port. */
  readonly wsUrl: string;
  readonly httpServer: Server;
  readonly store: ReservationStore;
  /** Tunnels open right now on this server. */
  activeTunnels(): number;
  /** Closes every tunnel (stopping their instances), the store and the port. */
  close(): Promise<void>;
}

/** Starts listening; resolves once the port is bound. */
export async function startTunnelServer(options: TunnelServerOptions = {}): Promise<TunnelServer> {
  // Read first: a missing certificate must fail before a store (Redis) is opened.
  const tlsOptions = options.tls ? { cert: readFileSync(options.tls.certFile), key: readFileSync(options.tls.keyFile) } : undefined;
  const services = options.services ?? [];
  const log = options.log ?? ((line: string) => process.stderr.write(`sockgen tunnel: ${line}\n`));
  const store = options.store ?? (options.redisUrl ? await createRedisStore({ url: options.redisUrl, log, ...(options.redisPrefix ? { prefix: options.redisPrefix } : {}) }) : createMemoryStore());
  const tokenFile: TokenFile | undefined = options.tokenFile ? openTokenFile(options.tokenFile, log) : undefined;
  const securityToken = options.securityToken ?? process.env.WEBSOCKETSERVER_SECURITY_TOKEN;
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  const idleTimeoutMs = options.idleTimeoutMs ?? 0;
  const tunnels = new Map<WebSocket, string>();
  const unanswered = new Set<WebSocket>();
  const pingIntervalMs = options.pingIntervalMs ?? 30_000;
  const pinger =
    pingIntervalMs > 0
      ? setInterval(() => {
          for (const ws of tunnels.keys()) {
            // A tunnel that stopped reading its peer (its target is backed up) cannot see the
            // answer, which may wait behind a large frame the peer is still sending.
            if (ws.isPaused) {
              unanswered.delete(ws);
              continue;
            }
            if (unanswered.has(ws)) {
              log('a tunnel did not answer a ping; dropping it');
              ws.terminate();
              continue;
            }
            unanswered.add(ws);
            ws.ping();
          }
        }, pingIntervalMs)
      : undefined;
  pinger?.unref();
  /** Instance stops and index releases still running; close() waits for them before the store goes. */
  const cleanups = new Set<Promise<void>>();
  let closing: Promise<void> | undefined;

  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: options.maxPayload ?? 16 * 1024 * 1024,
    // Only called when the client offers subprotocols; the upgrade handler already refused others.
    // `binary` wins; `base64` is for old noVNC clients (text frames carrying base64).
    handleProtocols: (offered) => (offered.has('binary') ? 'binary' : offered.has('base64') ? 'base64' : false),
  });

  const restHandler: RequestListener = (request, response) => {
    const url = requestUrl(request);
    // Basic mode has no REST API: one fixed target, nothing to reserve.
    const isApi = url !== undefined && /^\/+v1(\/|$)/.test(url.pathname);
    if (options.httpDirectory && url && !isApi) return serveStaticFile(options.httpDirectory, url.pathname, request, response);
    if (options.fixedTarget) {
      response.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
      return void response.end(JSON.stringify({ error: 'basic mode: every websocket goes to one fixed target; there is no REST API' }) + '\n');
    }
    void handleRestRequest(
      {
        services,
        store,
        ...(securityToken ? { securityToken } : {}),
        reservationTimeoutMs: options.reservationTimeoutMs ?? 300_000,
        resolveUser: options.resolveUser ?? headerUser,
        staticTokens: () => tokenFile?.size() ?? 0,
        stop: () => void close(),
      },
      request,
      response,
    );
  };
  const separateHttp = options.httpPort !== undefined;
  const wsOnlyHandler: RequestListener = (_request, response) => {
    response.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify({ error: 'this port takes websockets only; the REST API is on the HTTP port' }) + '\n');
  };
  const makeServer = (handler: RequestListener): Server => (tlsOptions ? (createTlsServer(tlsOptions, handler) as unknown as Server) : createServer(handler));
  const httpServer = makeServer(separateHttp ? wsOnlyHandler : restHandler);
  const restServer = separateHttp ? makeServer(restHandler) : undefined;

  const upgrade = async (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = requestUrl(request);
    if (!url) return refuse(socket, 400, 'the request target is not a valid path');
    const offered = String(request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    if (offered.length > 0 && !offered.includes('binary') && !offered.includes('base64')) return refuse(socket, 400, 'subprotocol must be none, binary or base64');
    if (closing) return refuse(socket, 503, 'server is stopping');
    const peer = `${request.socket.remoteAddress ?? '?'}:${request.socket.remotePort ?? '?'}`;
    if (options.fixedTarget) {
      const target = options.fixedTarget;
      return accept(request, socket, head, '', { target: async () => target, onClosed: () => {} });
    }
    const token = tokenOf(request, url, options.hostToken === true);

    const fixed = token ? tokenFile?.lookup(token) : undefined;
    if (fixed) return accept(request, socket, head, token, { target: async () => fixed, onClosed: () => {} });

    const claim = token ? await store.claim(token, peer, Date.now()) : undefined;
    const service = claim && services.find((s) => s.name === claim.reservation.service);
    if (!claim || !service) return refuse(socket, 401, 'unknown, expired or already used token');
    const instance = service.create();
    let starting: Promise<unknown> | undefined;
    const stopped = async () => {
      try {
        // A start still running (the websocket closed, or start outlived its limit) is waited
        // for, within the limit again, so stop() does not race the instance it should stop.
        if (starting) await settled(starting, startTimeoutMs);
        const stopping = Promise.resolve()
          .then(() => (starting ? instance.stop() : undefined))
          .catch((error: unknown) => log(`${service.name} #${claim.index}: stop() failed: ${(error as Error)?.message ?? String(error)}`));
        await settled(stopping, startTimeoutMs, () => log(`${service.name} #${claim.index}: stop() did not finish in ${startTimeoutMs} ms; its index is freed anyway`));
      } finally {
        await store.finish(service.name, claim.index, token);
      }
    };
    if (socket.destroyed) return void (await stopped());
    accept(request, socket, head, token, {
      target: async () => {
        const context = { service: service.name, token, query: claim.reservation.query, ...(claim.reservation.user ? { user: claim.reservation.user } : {}) };
        const started = Promise.resolve().then(() => instance.start(claim.index, service.options, context));
        starting = started;
        return started;
      },
      onClosed: stopped,
    });
  };

  const accept = (request: IncomingMessage, socket: Duplex, head: Buffer, token: string, ends: { target: () => Promise<TcpTarget>; onClosed: () => Promise<void> | void }) => {
    wss.handleUpgrade(request, socket, head, (ws) => {
      tunnels.set(ws, token);
      ws.on('pong', () => unanswered.delete(ws));
      bridgeWebSocket(ws, {
        base64: ws.protocol === 'base64',
        // Bytes from the peer show it is there as well as a pong does.
        onPeerBytes: () => unanswered.delete(ws),
        target: ends.target,
        startTimeoutMs,
        idleTimeoutMs,
        log,
        onClosed: async () => {
          tunnels.delete(ws);
          unanswered.delete(ws);
          const cleanup = Promise.resolve(ends.onClosed()).finally(() => cleanups.delete(cleanup));
          cleanups.add(cleanup);
          await cleanup;
        },
      });
    });
  };

  // A request that is not HTTP gets a 400 and its socket is closed at once (Node's default can
  // leave a half-closed socket waiting).
  for (const server of [httpServer, restServer]) {
    server?.on('clientError', (_error, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      socket.destroy();
    });
  }

  httpServer.on('upgrade', (request, socket, head) => {
    upgrade(request, socket, head).catch((error: unknown) => {
      log(`upgrade failed: ${(error as Error)?.message ?? String(error)}`);
      refuse(socket, 500, 'internal error');
    });
  });

  // Releasing a running instance's token (on any server sharing the store) ends its tunnel.
  store.onRelease((token) => {
    for (const [ws, owned] of tunnels) if (owned === token) ws.close(1000, 'released');
  });

  const close = (): Promise<void> =>
    (closing ??= (async () => {
      if (pinger) clearInterval(pinger);
      const ended = [...tunnels.keys()].map((ws) => new Promise<void>((resolve) => (ws.readyState === ws.CLOSED ? resolve() : (ws.once('close', () => resolve()), ws.close(1001, 'server stopping')))));
      await Promise.race([Promise.all(ended), new Promise((resolve) => setTimeout(resolve, 2000))]);
      for (const ws of tunnels.keys()) ws.terminate();
      wss.close();
      for (const server of [httpServer, restServer]) {
        if (!server) continue;
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      // Terminated sockets report 'close' on a later turn; then their instances stop and their
      // indexes are released, which must reach the store before it closes (each step is bounded).
      for (let turn = 0; turn < 100 && tunnels.size > 0; turn++) await new Promise((resolve) => setTimeout(resolve, 10));
      await settled(Promise.all([...cleanups]), 2 * startTimeoutMs);
      await store.close();
      options.onStop?.();
    })());

  const listen = (server: Server, port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  try {
    await listen(httpServer, options.port ?? 0);
    if (restServer) await listen(restServer, options.httpPort ?? 0);
  } catch (error) {
    // A store this function opened (Redis) would keep the process alive after the failure.
    if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    if (!options.store) await store.close();
    throw error;
  }
  const address = httpServer.address() as AddressInfo;
  const restPort = restServer ? (restServer.address() as AddressInfo).port : address.port;
  const shownHost = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
  const hostPart = shownHost.includes(':') ? `[${shownHost}]` : shownHost;
  const scheme = tlsOptions ? 'https' : 'http';
  return {
    port: address.port,
    url: `${scheme}://${hostPart}:${address.port}`,
    httpPort: restPort,
    httpUrl: `${scheme}://${hostPart}:${restPort}`,
    wsUrl: `${tlsOptions ? 'wss' : 'ws'}://${hostPart}:${address.port}`,
    httpServer,
    store,
    activeTunnels: () => tunnels.size,
    close,
  };
}

/**
 * The token of a websocket request, as websockify finds it: the `Host` header's host name with
 * `--host-token`; else `?token=`; else a `token` cookie (noVNC's vnc.html can pass it that way).
 */
export function tokenOf(request: IncomingMessage, url: URL, hostToken: boolean): string {
  if (hostToken) {
    const host = String(request.headers.host ?? '');
    return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
  }
  const query = url.searchParams.get('token');
  if (query) return query.trim();
  for (const part of String(request.headers.cookie ?? '').split(';')) {
    const equals = part.indexOf('=');
    if (equals < 0 || part.slice(0, equals).trim() !== 'token') continue;
    const value = part.slice(equals + 1).trim().replace(/^"(.*)"$/, '$1');
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return '';
}

/** Waits for a promise to settle (either way) or for `ms`, whichever comes first. */
async function settled(promise: Promise<unknown>, ms: number, onTimeout: () => void = () => {}): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  const outcome = await Promise.race([promise.then(() => 'done', () => 'done'), timeout]);
  clearTimeout(timer);
  if (outcome === 'timeout') onTimeout();
}

/** Answers a plain HTTP error on a socket that asked to upgrade, then closes it. */
function refuse(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed) return;
  const reason = { 400: 'Bad Request', 401: 'Unauthorized', 500: 'Internal Server Error', 503: 'Service Unavailable' }[status] ?? 'Error';
  const body = JSON.stringify({ error: message }) + '\n';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}
