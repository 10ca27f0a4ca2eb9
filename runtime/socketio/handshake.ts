/**
 * Handshake validation: a channel's `bindings.ws.query` / `bindings.ws.headers` schemas checked
 * before a client joins the namespace. A failure refuses the connection; the client's
 * `connect_error` carries the errors in `data`.
 */
import type { Socket } from 'socket.io';
import { SocketValidationError } from './errors.js';
import type { NamespaceSpec } from './spec.js';

/** Socket.IO middleware signature. */
export type Middleware = (socket: Socket, next: (error?: Error) => void) => void;

// Engine.IO adds these to every handshake query; they are transport details, not the API's.
const transportParameters = new Set(['EIO', 'transport', 't', 'sid', 'j', 'b64']);

const numberText = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** The handshake query without Engine.IO's own parameters. */
export function apiQuery(socket: Socket): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(socket.handshake.query)) if (!transportParameters.has(key)) query[key] = value;
  return query;
}

/** The query with the values the schema declares as numbers or booleans converted from text. */
function typedQuery(query: Record<string, unknown>, types: NamespaceSpec['queryTypes']): Record<string, unknown> {
  if (!types) return query;
  const out = { ...query };
  for (const [name, type] of Object.entries(types)) {
    const value = out[name];
    if (typeof value !== 'string') continue;
    if (type === 'number' && numberText.test(value)) out[name] = Number(value);
    else if (type === 'boolean' && (value === 'true' || value === 'false')) out[name] = value === 'true';
  }
  return out;
}

/** Middleware checking the handshake against the namespace's binding; undefined when it has none. */
export function handshakeMiddleware(namespace: NamespaceSpec): Middleware | undefined {
  const { query, headers, queryTypes } = namespace;
  if (!query && !headers) return undefined;
  return (socket, next) => {
    // Most documents describe only their own parameters; some (zod-sockets') also Engine.IO's
    // `EIO` and `transport`: either reading passes.
    if (query && !query(typedQuery(apiQuery(socket), queryTypes)) && !query(typedQuery({ ...socket.handshake.query }, queryTypes)))
      return next(new SocketValidationError('handshake_validation', `handshake query refused by ${namespace.name}`, query.errors, 'query'));
    if (headers && !headers(socket.handshake.headers))
      return next(new SocketValidationError('handshake_validation', `handshake headers refused by ${namespace.name}`, headers.errors, 'headers'));
    next();
  };
}


/**
 * Middleware of a dynamic namespace: reads the parameters from the namespace name the client
 * connected to, converts numeric ones, validates them, and keeps them on `socket.data.params`.
 */
export function parametersMiddleware(namespace: NamespaceSpec): Middleware | undefined {
  const parameters = namespace.parameters;
  if (!parameters) return undefined;
  const numeric = new Set(parameters.numeric ?? []);
  return (socket, next) => {
    const match = parameters.pattern.exec(socket.nsp.name);
    const params: Record<string, unknown> = {};
    parameters.names.forEach((name, index) => {
      let value: string = match?.[index + 1] ?? '';
      try {
        value = decodeURIComponent(value);
      } catch {
        // Not percent-encoded text: validated as it came.
      }
      params[name] = numeric.has(name) && numberText.test(value) ? Number(value) : value;
    });
    if (!match || !parameters.validate(params))
      return next(new SocketValidationError('parameter_validation', `namespace ${socket.nsp.name} does not match ${namespace.name}`, parameters.validate.errors, 'params'));
    (socket.data as { params?: unknown }).params = params;
    next();
  };
}
