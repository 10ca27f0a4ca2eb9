/**
 * Security of a plain WebSocket handshake: requirements are alternatives (any one may pass),
 * each a set of schemes that must all pass. Credentials come from the upgrade request
 * (`Authorization: Basic|Bearer`, api keys in a header, the query or a cookie; browsers, which
 * cannot set headers on a WebSocket, may send a bearer token as `?access_token=`). Schemes a
 * handshake cannot carry (userPassword, X509, apiKey in user/password) call their hook with the
 * request itself. A hook returns the caller's info, or a falsy value / throws to refuse.
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { requestUrl } from './handshake.js';

/** A scheme as the runtime checks it. */
export type WsSecuritySchemeSpec =
  | { readonly type: 'httpBasic' }
  | { readonly type: 'httpBearer' }
  | { readonly type: 'oauth2' }
  | { readonly type: 'apiKey'; readonly in: 'header' | 'query' | 'cookie'; readonly name: string }
  /** The TLS client certificate (the server must run TLS with `requestCert`). */
  | { readonly type: 'x509' }
  | { readonly type: 'hook' };

/** One scheme of a requirement, with the scopes it asks for. */
export interface WsSecurityRequirement {
  readonly scheme: string;
  readonly scopes: readonly string[];
}

/** What every hook receives besides its credential. */
export interface WsSecurityContext {
  readonly scopes: readonly string[];
  readonly request: IncomingMessage;
}

type AnyHook = (...args: never[]) => unknown;

function cookie(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) {
      try {
        return decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        return part.slice(index + 1).trim();
      }
    }
  }
  return undefined;
}

function authorization(request: IncomingMessage, kind: 'basic' | 'bearer'): string | undefined {
  const header = request.headers.authorization ?? '';
  const space = header.indexOf(' ');
  return space > 0 && header.slice(0, space).toLowerCase() === kind ? header.slice(space + 1).trim() : undefined;
}

/** The user and password of an `Authorization: Basic` header (where Node clients put a URL's `user:pass@`). */
export function basicCredentials(request: IncomingMessage): [string, string] | undefined {
  const encoded = authorization(request, 'basic');
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

/** Runs one scheme: the hook's result, or undefined when the credential is missing or refused. */
async function runScheme(scheme: WsSecuritySchemeSpec, hook: AnyHook, context: WsSecurityContext, query: URLSearchParams): Promise<unknown> {
  const call = hook as (...args: unknown[]) => unknown;
  switch (scheme.type) {
    case 'httpBasic': {
      const credentials = basicCredentials(context.request);
      return credentials ? call(credentials[0], credentials[1], context) : undefined;
    }
    case 'httpBearer':
    case 'oauth2': {
      const token = authorization(context.request, 'bearer') ?? query.get('access_token') ?? undefined;
      return token ? call(token, context) : undefined;
    }
    case 'apiKey': {
      const key = scheme.in === 'header' ? context.request.headers[scheme.name.toLowerCase()] : scheme.in === 'query' ? query.get(scheme.name) : cookie(context.request, scheme.name);
      const value = Array.isArray(key) ? key[0] : key;
      return value ? call(value, context) : undefined;
    }
    case 'x509': {
      // Only a TLS socket has a peer certificate; an empty object means the client sent none.
      const socket = context.request.socket as Partial<TLSSocket>;
      const certificate = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate() : undefined;
      return certificate && Object.keys(certificate).length > 0 ? call(certificate, context) : undefined;
    }
    case 'hook':
      return call(context);
  }
}

/**
 * Checks the requirements of a channel; returns the merged info of the first alternative that
 * passes (`{}` for an open channel), or undefined when none does.
 */
export async function checkSecurity(
  requirements: readonly (readonly WsSecurityRequirement[])[],
  schemes: Readonly<Record<string, WsSecuritySchemeSpec>>,
  hooks: Readonly<Record<string, AnyHook | undefined>>,
  request: IncomingMessage,
): Promise<Record<string, unknown> | undefined> {
  if (requirements.length === 0) return {};
  const query = requestUrl(request)?.searchParams ?? new URLSearchParams();
  for (const alternative of requirements) {
    const info: Record<string, unknown> = {};
    let passed = true;
    for (const { scheme, scopes } of alternative) {
      const spec = schemes[scheme];
      const hook = hooks[scheme];
      let result: unknown;
      try {
        result = spec && hook ? await runScheme(spec, hook, { scopes, request }, query) : undefined;
      } catch {
        result = undefined;
      }
      if (!result) {
        passed = false;
        break;
      }
      info[scheme] = result;
    }
    if (passed) return info;
  }
  return undefined;
}
