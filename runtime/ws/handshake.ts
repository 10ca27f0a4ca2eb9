/**
 * The upgrade request of a plain WebSocket server: which channel its path names (addresses with
 * `{param}` placeholders become patterns), and whether its parameters, query and headers fit
 * `parameters` / `bindings.ws`. Values in a URL are text; a schema asking for a number or a
 * boolean gets the text converted first (`?heartbeat=true` → `true`), as a client would mean it.
 */
import type { IncomingMessage } from 'node:http';
import { formatErrors } from '../socketio-client/errors.js';
import type { WsChannelSpec, WsValidator } from '../ws-client/protocol.js';

/** A channel address compiled to a matcher. */
export interface ChannelRoute<C extends WsChannelSpec = WsChannelSpec> {
  readonly channel: C;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

/**
 * Compiles the channel addresses under `basePath` (the server URL's path, `/api`), fixed ones
 * first so `/a/b` wins over `/a/{x}`.
 */
export function compileRoutes<C extends WsChannelSpec>(channels: readonly C[], basePath = ''): ChannelRoute<C>[] {
  const base = basePath.replace(/\/+$/, '');
  return channels
    .map((channel) => {
      const names: string[] = [];
      const source = (base + channel.address)
        .split(/(\{[^}]+\})/)
        .map((part) => {
          const param = /^\{([^}]+)\}$/.exec(part);
          if (!param) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(param[1]!);
          return '([^/]+)';
        })
        .join('');
      return { channel, pattern: new RegExp(`^${source.replace(/\/$/, '')}/?$`), names };
    })
    .sort((a, b) => a.names.length - b.names.length);
}

/** What a handshake carries once accepted. */
export interface HandshakeValues {
  readonly params: Record<string, unknown>;
  readonly query: Record<string, unknown>;
  readonly headers: Record<string, string>;
}

/** A refused handshake: HTTP status and readable reasons. */
export interface HandshakeRefusal {
  readonly status: number;
  readonly errors: readonly string[];
}

/** Text → number/boolean where it reads as one (only used when the text alone does not validate). */
function coerce(values: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === 'true' || value === 'false') out[key] = value === 'true';
    else if (value.trim() !== '' && Number.isFinite(Number(value))) out[key] = Number(value);
    else out[key] = value;
  }
  return out;
}

function checkValues(validate: WsValidator | undefined, values: Record<string, string>, root: string, errors: string[]): Record<string, unknown> {
  if (!validate || validate(values)) return values;
  const first = formatErrors(validate.errors, root);
  const coerced = coerce(values);
  if (validate(coerced)) return coerced;
  errors.push(...first);
  return values;
}

/**
 * The request target as a URL. A target such as `//#?` or `//a b` makes `new URL(target, base)`
 * throw (it reads as a host); taken as a path under the base it parses. Undefined: unusable.
 */
export function requestUrl(request: IncomingMessage): URL | undefined {
  const target = request.url ?? '/';
  try {
    return new URL(target, 'ws://localhost');
  } catch {
    try {
      return new URL(`ws://localhost${target.startsWith('/') ? '' : '/'}${target}`);
    } catch {
      return undefined;
    }
  }
}

/** Matches the request to a channel and checks parameters, query and headers. */
export function readHandshake<C extends WsChannelSpec>(routes: readonly ChannelRoute<C>[], request: IncomingMessage): { route: ChannelRoute<C>; values: HandshakeValues } | HandshakeRefusal {
  const url = requestUrl(request);
  if (!url) return { status: 400, errors: ['the request target is not a valid URL path'] };
  let path: string;
  try {
    path = decodeURI(url.pathname);
  } catch {
    return { status: 400, errors: ['the path is not valid percent-encoding'] };
  }
  for (const route of routes) {
    const match = route.pattern.exec(url.pathname) ?? route.pattern.exec(path);
    if (!match) continue;
    const errors: string[] = [];
    const params: Record<string, unknown> = {};
    route.names.forEach((name, index) => {
      let value: string;
      try {
        value = decodeURIComponent(match[index + 1]!);
      } catch {
        errors.push(`parameter ${name} is not valid percent-encoding`);
        return;
      }
      const validator = route.channel.parameters?.[name];
      if (!validator || validator(value)) params[name] = value;
      else {
        const first = formatErrors(validator.errors, `params/${name}`);
        const coerced = coerce({ value }).value;
        if (validator(coerced)) params[name] = coerced;
        else errors.push(...first);
      }
    });
    const rawQuery: Record<string, string> = {};
    for (const [key, value] of url.searchParams) if (!Object.hasOwn(rawQuery, key)) rawQuery[key] = value;
    const query = checkValues(route.channel.query, rawQuery, 'query', errors);
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(request.headers)) if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : value;
    if (route.channel.headers && !route.channel.headers(headers)) errors.push(...formatErrors(route.channel.headers.errors, 'headers'));
    if (errors.length > 0) return { status: 400, errors: [...new Set(errors)] };
    return { route, values: { params, query, headers } };
  }
  return { status: 404, errors: [`no channel at ${url.pathname}`] };
}
