import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { ScriptFailure } from './errors.js';
import { HttpProblem } from './http-problem.js';
import { HttpResponse } from './http-response.js';
import { buildListings, type Listings } from './listings.js';
import { socketDocsAnswer } from '../docs/socket-docs-route.js';
import { hasBody, mergeArgs, parseBody, parseQuery, readBody } from './request-args.js';
import { RequestContext } from './request-context.js';
import { buildRouteTable, type CompiledEndpoint, type RouteTable } from './route-table.js';
import type { HttpMethod, RequestMeta, SocketHost, SocketHostOptions } from './types.js';
import { json, problem, renderResult, writeRendered, type RenderedResponse } from './write-response.js';

const defaultMaxBodyBytes = 1024 * 1024;

/** Defaults of SocketHostOptions, applied here and nowhere else. */
interface HostSettings {
  apiVersion: string;
  instance: string;
  apiKey: Buffer | undefined;
  maxBodyBytes: number;
  log: (line: string) => void;
  prefix: string;
  /** Set by close(): answers still being computed then end their connection (no keep-alive). */
  closing: boolean;
  /** Allowed origins ('*' = any); undefined = no CORS. */
  cors: '*' | Set<string> | undefined;
}

/**
 * An HTTP server for Custom Sockets in the platform's URL layout (custom-sockets.md, "Routes"):
 * runs endpoints by method (405 with Allow otherwise), lists sockets and endpoints, keeps traces,
 * caches GET answers of endpoints with `cache:`, checks an optional API key. Bad requests and
 * failing handlers get JSON `{detail}` answers; nothing a request does stops the server.
 */
export function createSocketHost(options: SocketHostOptions): SocketHost {
  const apiVersion = options.apiVersion ?? 'v1.1';
  const instance = options.instance ?? 'default';
  const settings: HostSettings = {
    apiVersion,
    instance,
    apiKey: options.apiKey === undefined || options.apiKey === '' ? undefined : Buffer.from(options.apiKey),
    maxBodyBytes: options.maxBodyBytes ?? defaultMaxBodyBytes,
    log: options.log ?? ((line) => process.stderr.write(`${line}\n`)),
    prefix: `/${encodeURIComponent(apiVersion)}/instances/${encodeURIComponent(instance)}/`,
    closing: false,
    cors: options.cors === undefined ? undefined : options.cors === '*' ? '*' : new Set(options.cors),
  };
  const table = buildRouteTable(options.sockets, settings.prefix);
  const listings = buildListings(table);
  const server = createServer((req, res) => {
    if (settings.cors !== undefined && req.headers.origin !== undefined) allowOrigin(req, res, settings.cors);
    try {
      const pending = route(req, res, settings, table, listings);
      if (pending !== undefined) pending.then(undefined, (error: unknown) => fail(res, settings, error));
    } catch (error) {
      fail(res, settings, error);
    }
  });
  return {
    server,
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address();
          const actual = typeof address === 'object' && address !== null ? address.port : port;
          const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
          resolve({ port: actual, url: `http://${shownHost}:${actual}` });
        });
      });
    },
    close() {
      return new Promise((resolve, reject) => {
        if (!server.listening) return resolve();
        // server.close() waits for every connection; a keep-alive one whose answer was still
        // running would otherwise stay open until its idle timeout.
        settings.closing = true;
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      });
    },
  };
}

/** CORS: an allowed Origin gets its Access-Control headers on every answer (set before writeHead merges the rest). */
function allowOrigin(req: IncomingMessage, res: ServerResponse, cors: '*' | Set<string>): void {
  const origin = req.headers.origin!;
  if (cors !== '*' && !cors.has(origin)) return;
  res.setHeader('access-control-allow-origin', cors === '*' ? '*' : origin);
  if (cors !== '*') res.setHeader('vary', 'origin');
  res.setHeader('access-control-expose-headers', 'x-request-id, x-cache, retry-after');
  if (req.method === 'OPTIONS') {
    res.setHeader('access-control-allow-headers', req.headers['access-control-request-headers'] ?? 'content-type, x-api-key, x-user-key');
    res.setHeader('access-control-max-age', '600');
  }
}

/** OPTIONS: 204 with Allow (and, for an allowed Origin, the preflight headers set by allowOrigin). */
function options(res: ServerResponse, allow: string): undefined {
  if (res.hasHeader('access-control-allow-origin')) res.setHeader('access-control-allow-methods', allow);
  writeRendered(res, { status: 204, headers: ['allow', allow], body: '' });
  return undefined;
}

/** Last resort: an error escaped the router (a bug, not a request problem). */
function fail(res: ServerResponse, settings: HostSettings, error: unknown): void {
  if (settings.closing && !res.headersSent) res.setHeader('connection', 'close');
  if (error instanceof HttpProblem) {
    if (!res.headersSent) writeRendered(res, problem(error.status, error.detail, {}, error.headers));
    return;
  }
  settings.log(`sockgen http: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  if (!res.headersSent) writeRendered(res, problem(500, 'internal server error'));
  else res.destroy();
}

function decodeSegment(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpProblem(400, `bad percent-encoding in path segment ${segment}`);
  }
}

/** Dispatches one request; returns a promise only when the answer is asynchronous. */
function route(req: IncomingMessage, res: ServerResponse, settings: HostSettings, table: RouteTable, listings: Listings): Promise<void> | undefined {
  const url = req.url ?? '/';
  const mark = url.indexOf('?');
  const pathname = mark === -1 ? url : url.slice(0, mark);
  const search = mark === -1 ? '' : url.slice(mark + 1);
  const query = parseQuery(search);
  const exact = table.runPaths.get(pathname.endsWith('/') ? pathname.slice(0, -1) : pathname);
  // A browser's preflight carries no credentials: OPTIONS never needs the API key.
  const keyed = settings.apiKey !== undefined && req.method !== 'OPTIONS';
  if (exact !== undefined) {
    const key = keyed ? checkApiKey(req, query, settings.apiKey!) : undefined;
    return runEndpoint(req, res, settings, exact, pathname, query, key);
  }
  if (!pathname.startsWith(settings.prefix)) {
    writeRendered(res, problem(404, `not found: routes start with ${settings.prefix}`));
    return undefined;
  }
  const presentedKey = keyed ? checkApiKey(req, query, settings.apiKey!) : undefined;
  let rest = pathname.slice(settings.prefix.length);
  if (rest.endsWith('/')) rest = rest.slice(0, -1);
  const parts = rest.includes('%') ? rest.split('/').map(decodeSegment) : rest.split('/');
  // Index access, not array destructuring: destructuring goes through the iterator protocol.
  const count = parts.length;
  const area = parts[0];
  const second = parts[1];
  const third = parts[2];
  const fourth = parts[3];
  const fifth = parts[4];
  if (area === 'endpoints' && second === 'sockets') {
    if (count === 2) return readOnly(req, res, json(200, listings.allEndpoints));
    if (count === 3) {
      const socketList = listings.socketEndpoints.get(third!);
      // A socket's endpoint list wins over a short-form endpoint of the same name (documented).
      if (socketList !== undefined) return readOnly(req, res, json(200, socketList));
      const short = table.shortNames.get(third!);
      if (short !== undefined) return runEndpoint(req, res, settings, short, pathname, query, presentedKey);
      return notFound(res, `no socket or uniquely named endpoint ${third}`);
    }
    const endpoint = table.endpoints.get(third!)?.get(fourth!);
    if (count === 4) {
      if (endpoint !== undefined) return runEndpoint(req, res, settings, endpoint, pathname, query, presentedKey);
      return notFound(res, missingEndpoint(table, third!, fourth!));
    }
    if (count === 5 && fifth === 'traces') {
      if (endpoint === undefined) return notFound(res, missingEndpoint(table, third!, fourth!));
      return readOnly(req, res, json(200, JSON.stringify({ objects: endpoint.traces.list(), next: null, prev: null })));
    }
  } else if (area === 'sockets') {
    if (count === 1) return readOnly(req, res, json(200, listings.sockets));
    const details = listings.socketDetails.get(second!);
    if (count === 2) return details === undefined ? notFound(res, `no socket ${second}`) : readOnly(req, res, json(200, details));
    if (count === 4 && third === 'endpoints') {
      const endpoint = listings.endpointDetails.get(second!)?.get(fourth!);
      return endpoint === undefined ? notFound(res, missingEndpoint(table, second!, fourth!)) : readOnly(req, res, json(200, endpoint));
    }
    // openapi.json, the Redoc page and its bundle (runtime/docs/socket-docs-route.ts).
    const mounted = table.sockets.get(second!);
    const queryKey = presentedKey !== undefined && typeof query.api_key === 'string' ? query.api_key : undefined;
    const docs = mounted && socketDocsAnswer({ socket: mounted.definition, all: [...table.sockets.values()].map((m) => m.definition), prefix: settings.prefix, apiVersion: settings.apiVersion, instance: settings.instance, rest: parts.slice(2), ...(queryKey !== undefined ? { queryKey } : {}) });
    if (docs !== undefined) return readOnly(req, res, docs);
  }
  return notFound(res, `no route ${pathname}`);
}

function missingEndpoint(table: RouteTable, socket: string, endpoint: string): string {
  return table.sockets.has(socket) ? `socket ${socket} has no endpoint ${endpoint}` : `no socket ${socket}`;
}

function notFound(res: ServerResponse, detail: string): undefined {
  writeRendered(res, problem(404, detail));
  return undefined;
}

function readOnly(req: IncomingMessage, res: ServerResponse, answer: RenderedResponse): undefined {
  // HEAD: node:http sends the headers (content-length included) and drops the body.
  if (req.method === 'GET' || req.method === 'HEAD') writeRendered(res, answer);
  else if (req.method === 'OPTIONS') options(res, readOnlyAllow);
  else writeRendered(res, problem(405, `method ${req.method} not allowed here`, {}, ['allow', readOnlyAllow]));
  return undefined;
}

const readOnlyAllow = 'GET, HEAD, OPTIONS';

/** The key the caller presented, or a 401 when it is missing or wrong. */
function checkApiKey(req: IncomingMessage, query: Record<string, string | string[]>, expected: Buffer): string {
  const header = req.headers['x-api-key'];
  const fromQuery = Object.hasOwn(query, 'api_key') ? query.api_key : undefined;
  const presented = typeof header === 'string' ? header : typeof fromQuery === 'string' ? fromQuery : undefined;
  if (presented !== undefined) {
    const given = Buffer.from(presented);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return presented;
  }
  throw new HttpProblem(401, 'missing or invalid API key: send it in the X-API-KEY header or the api_key query parameter', [
    'www-authenticate',
    'X-API-KEY',
  ]);
}

function headerRecord(req: IncomingMessage): Record<string, string> {
  const headers = req.headers;
  for (const key in headers) {
    // Only set-cookie arrives as an array; copy only in that rare case.
    if (typeof headers[key] !== 'string') {
      const copy: Record<string, string> = {};
      for (const [name, value] of Object.entries(headers)) if (value !== undefined) copy[name] = Array.isArray(value) ? value.join(', ') : value;
      return copy;
    }
  }
  return headers as Record<string, string>;
}

function runEndpoint(
  req: IncomingMessage,
  res: ServerResponse,
  settings: HostSettings,
  endpoint: CompiledEndpoint,
  pathname: string,
  query: Record<string, string | string[]>,
  presentedKey: string | undefined,
): Promise<void> | undefined {
  if (req.method === 'OPTIONS') return options(res, endpoint.allow);
  // HEAD runs what GET runs; node:http leaves the body out.
  const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
  const target = endpoint.handlers[method];
  if (target === undefined) {
    writeRendered(
      res,
      problem(405, `endpoint ${endpoint.socket}/${endpoint.definition.name} does not take ${method}; it takes ${endpoint.allow}`, {}, [
        'allow',
        endpoint.allow,
      ]),
    );
    return undefined;
  }
  const url = req.url ?? pathname;
  if (endpoint.cache !== undefined && method === 'GET') {
    const hit = endpoint.cache.get(url, Date.now());
    if (hit !== undefined) {
      writeRendered(res, { status: 200, headers: hit.headers, body: hit.body }, ['x-cache', 'HIT']);
      return undefined;
    }
  }
  const meta: RequestMeta = {
    method: method as HttpMethod,
    path: pathname,
    headers: headerRecord(req),
    query,
    socket: endpoint.socket,
    endpoint: endpoint.definition.name,
    instance: settings.instance,
    apiVersion: settings.apiVersion,
    caller: presentedKey === undefined ? { ip: req.socket.remoteAddress ?? '' } : { ip: req.socket.remoteAddress ?? '', apiKey: presentedKey },
    queryString: url.length > pathname.length + 1 ? url.slice(pathname.length + 1) : '',
    metadata: endpoint.definition.metadata ?? {},
  };
  // A key in the query string is a credential, not an argument for the script.
  const dropKey = presentedKey !== undefined && Object.hasOwn(query, 'api_key') ? 'api_key' : undefined;
  if (!hasBody(req)) return execute(res, settings, endpoint, target, meta, mergeArgs(query, undefined, dropKey), url);
  return readBody(req, settings.maxBodyBytes).then((body) =>
    execute(res, settings, endpoint, target, meta, mergeArgs(query, parseBody(body, req.headers['content-type']), dropKey), url),
  );
}

async function execute(
  res: ServerResponse,
  settings: HostSettings,
  endpoint: CompiledEndpoint,
  target: NonNullable<CompiledEndpoint['handlers'][string]>,
  meta: RequestMeta,
  args: Record<string, unknown>,
  url: string,
): Promise<void> {
  const started = Date.now();
  const context = new RequestContext(args, meta, endpoint.mounted.config, endpoint.mounted.store, res);
  let rendered: RenderedResponse;
  let failed = false;
  try {
    rendered = renderResult(await target.handler(context));
  } catch (error) {
    failed = !(error instanceof HttpResponse) && !isValidationError(error);
    rendered = renderFailure(error, settings, endpoint, target.script, meta.method);
  }
  const finished = Date.now();
  endpoint.traces.record(meta.method, rendered.status, failed, started, finished);
  if (settings.closing && !res.headersSent) res.setHeader('connection', 'close');
  if (endpoint.cache !== undefined && meta.method === 'GET' && rendered.status === 200 && shareable(rendered.headers)) {
    const body = typeof rendered.body === 'string' ? Buffer.from(rendered.body) : rendered.body;
    const headers = [...rendered.headers, 'cache-control', `max-age=${endpoint.cache.seconds}`];
    endpoint.cache.set(url, headers, body, finished);
    writeRendered(res, { status: 200, headers, body }, ['x-cache', 'MISS']);
    return;
  }
  writeRendered(res, rendered);
}

/**
 * False for an answer the handler marked as its own business: a `set-cookie` would be handed to
 * every later caller, and a `cache-control` of the handler's says how it may be cached.
 */
function shareable(headers: readonly string[]): boolean {
  for (let i = 0; i < headers.length; i += 2) {
    const name = headers[i]!.toLowerCase();
    if (name === 'set-cookie' || name === 'cache-control') return false;
  }
  return true;
}

function isValidationError(error: unknown): error is Error & { errors: string[] } {
  return error instanceof Error && error.name === 'ValidationError' && Array.isArray((error as { errors?: unknown }).errors);
}

function renderFailure(error: unknown, settings: HostSettings, endpoint: CompiledEndpoint, script: string, method: string): RenderedResponse {
  if (error instanceof HttpResponse) {
    try {
      return renderResult(error);
    } catch (renderError) {
      error = renderError;
    }
  }
  if (isValidationError(error)) return problem(400, error.message, { errors: error.errors });
  if (error instanceof HttpProblem) return problem(error.status, error.detail, {}, error.headers);
  const message = error instanceof Error ? error.message : String(error);
  // The caller gets a short message and an id; the stack or traceback (paths of this machine) goes to the log under that id.
  const requestId = randomBytes(6).toString('hex');
  const details = error instanceof ScriptFailure ? `${message}\n${error.details}` : error instanceof Error ? (error.stack ?? message) : message;
  settings.log(`sockgen http: [request ${requestId}] ${method} ${endpoint.socket}/${endpoint.definition.name} script ${script} failed: ${details}`);
  return problem(500, `script ${script} failed: ${message}`, { request_id: requestId }, ['x-request-id', requestId]);
}
