/**
 * The reservation REST API, compatible with the original's routes (all GET):
 * `/v1/reserve/<service>?<options>`, `/v1/release/<token>`, `/v1/status`, `/v1/status_view`, `/v1/stop`.
 * Every call needs `security_token` when one is configured. Errors are JSON `{error}`.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ReservationStore } from './reservation-store.js';
import { buildStatus, renderStatusPage } from './status.js';
import type { ResolveUser, ServiceDefinition } from './types.js';

/** What the REST handler needs from the server. */
export interface RestContext {
  readonly services: readonly ServiceDefinition[];
  readonly store: ReservationStore;
  readonly securityToken?: string;
  readonly reservationTimeoutMs: number;
  readonly resolveUser: ResolveUser;
  readonly staticTokens: () => number;
  /** `/v1/stop`: called after the answer is sent. */
  readonly stop: () => void;
}

/** Default identity: headers a trusted front proxy sets (`X-Sockgen-User`, `X-Sockgen-Groups: a,b`). */
export const headerUser: ResolveUser = (request) => {
  const groups = String(request.headers['x-sockgen-groups'] ?? '')
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean);
  const name = request.headers['x-sockgen-user'];
  return { ...(typeof name === 'string' && name ? { name } : {}), groups };
};

/** Handles one HTTP request; never throws (a bug answers 500 and the server keeps serving). */
export async function handleRestRequest(context: RestContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  try {
    await route(context, request, response);
  } catch (error) {
    if (!response.headersSent) sendJson(response, 500, { error: `internal error: ${(error as Error)?.message ?? String(error)}` });
    else response.destroy();
  }
}

/**
 * The request target as a URL, or undefined when it cannot be one. Appended to an origin rather
 * than resolved against it: `//x/y` is a path here, not a host (new URL('//#', base) threw, a 500
 * found by fuzzing).
 */
export function requestUrl(request: IncomingMessage): URL | undefined {
  const target = request.url ?? '/';
  try {
    return new URL(`http://localhost${target.startsWith('/') ? '' : '/'}${target}`);
  } catch {
    return undefined;
  }
}

async function route(context: RestContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = requestUrl(request);
  if (!url) return sendJson(response, 400, { error: 'the request target is not a valid path' });
  const [version, action, ...rest] = url.pathname.split('/').filter(Boolean);
  if (version !== 'v1' || !action) return sendJson(response, 404, { error: `no route ${url.pathname}; the API lives under /v1/` });
  // HEAD only where it changes nothing: a link checker must not reserve, release or stop.
  const readOnly = action === 'status' || action === 'status_view';
  if (request.method !== 'GET' && !(readOnly && request.method === 'HEAD'))
    return sendJson(response, 405, { error: 'the API only answers GET' }, { allow: readOnly ? 'GET, HEAD' : 'GET' });
  if (!authorized(context.securityToken, url.searchParams.get('security_token')))
    return sendJson(response, 401, { error: 'missing or wrong security_token' }, { 'www-authenticate': 'security_token' });
  const argument = rest.length === 1 ? safeDecode(rest[0]!) : undefined;
  const now = Date.now();

  switch (action) {
    case 'reserve': {
      if (argument === undefined) return sendJson(response, 404, { error: 'usage: /v1/reserve/<service>' });
      const service = context.services.find((s) => s.name === argument);
      if (!service) return sendJson(response, 404, { error: `unknown service ${JSON.stringify(argument)}`, services: context.services.map((s) => s.name) });
      const user = await context.resolveUser(request);
      if (service.group && !user?.groups.includes(service.group))
        return sendJson(response, 403, { error: `service ${JSON.stringify(service.name)} is limited to group ${JSON.stringify(service.group)}` });
      const query: Record<string, string> = {};
      for (const [key, value] of url.searchParams) if (key !== 'security_token' && key !== 'format') query[key] = value;
      const result = await context.store.reserve({ service: service.name, count: service.count, query, ...(user?.name ? { user: user.name } : {}), ttlMs: context.reservationTimeoutMs, now });
      if (!result.ok)
        return sendJson(
          response,
          503,
          { error: `service ${JSON.stringify(service.name)} has all ${service.count} instance${service.count === 1 ? '' : 's'} in use or reserved (count ${service.count}); try again later` },
          { 'retry-after': '5' },
        );
      if (url.searchParams.get('format') === 'text') return send(response, 200, 'text/plain; charset=utf-8', result.token + '\n');
      return sendJson(response, 200, { token: result.token, service: service.name, expires_at: new Date(result.expiresAt).toISOString() });
    }
    case 'release': {
      if (argument === undefined) return sendJson(response, 404, { error: 'usage: /v1/release/<token>' });
      const released = await context.store.release(argument);
      if (released === 'unknown') return sendJson(response, 404, { error: 'unknown or expired token' });
      return sendJson(response, 200, { released });
    }
    case 'status':
      return sendJson(response, 200, await buildStatus(context.store, context.services, context.staticTokens(), now));
    case 'status_view':
      return send(response, 200, 'text/html; charset=utf-8', renderStatusPage(await buildStatus(context.store, context.services, context.staticTokens(), now)));
    case 'stop':
      sendJson(response, 200, { stopping: true });
      response.once('finish', context.stop);
      return;
    default:
      return sendJson(response, 404, { error: `no route ${url.pathname}` });
  }
}

function authorized(expected: string | undefined, given: string | null): boolean {
  if (expected === undefined || expected === '') return true;
  if (given === null) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(body) + '\n', headers);
}

function send(response: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
  response.end(body);
}
