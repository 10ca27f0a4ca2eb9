/**
 * Security on connect: the server's `security` (or a channel's `x-security`) requirements,
 * checked with the hooks the user implements (Asynction's `x-basicInfoFunc`,
 * `x-basicBearerInfoFunc`, `x-apiKeyInfoFunc`, `x-tokenInfoFunc`, `x-scopeValidateFunc`).
 * Schemes no handshake field carries as such (userPassword, X509, apiKey in user/password) get
 * the handshake itself and the TLS client certificate, and decide where the value comes from.
 * The first alternative whose schemes all pass wins; its hooks' results, merged, become
 * `socket.data.security` and reach the connect handler. Otherwise: `unauthorized`.
 */
import type { PeerCertificate, TLSSocket } from 'node:tls';
import type { Socket } from 'socket.io';
import { SocketApiError } from './errors.js';
import { apiQuery, type Middleware } from './handshake.js';
import type { NamespaceSpec, SecurityRequirement, SecuritySchemeSpec } from './spec.js';

/** What a security hook returns for an accepted caller (user, scopes...); a falsy value refuses. */
export type SecurityInfo = Record<string, unknown>;
type Result = SecurityInfo | null | undefined | false | void;
type MaybePromise<T> = T | Promise<T>;

/** `x-basicInfoFunc`: http basic. */
export type BasicInfoHook = (username: string, password: string, requiredScopes: readonly string[]) => MaybePromise<Result>;
/** `x-basicBearerInfoFunc`: http bearer. */
export type BearerInfoHook = (token: string, requiredScopes: readonly string[], bearerFormat: string | undefined) => MaybePromise<Result>;
/** `x-apiKeyInfoFunc`: apiKey in a header, the query or a cookie. */
export type ApiKeyInfoHook = (apiKey: string, requiredScopes: readonly string[]) => MaybePromise<Result>;
/** `x-tokenInfoFunc` (+ optional `x-scopeValidateFunc`): oauth2 bearer tokens. */
export interface OAuth2Hooks {
  /** Returns the token's info; its `scopes` (array) or `scope` (space-separated) are the granted scopes. */
  readonly tokenInfo: (token: string) => MaybePromise<Result>;
  /** Default: every required scope is granted. */
  readonly scopeValidate?: (requiredScopes: readonly string[], grantedScopes: readonly string[]) => MaybePromise<boolean>;
}
/**
 * userPassword, X509, apiKey in user/password: the hook reads the handshake (`auth`, headers,
 * query) and, on a TLS server with `requestCert`, the client's certificate (undefined otherwise).
 */
export type HandshakeInfoHook = (handshake: Socket['handshake'], requiredScopes: readonly string[], certificate: PeerCertificate | undefined) => MaybePromise<Result>;
/** A hook of any scheme type. */
export type SecurityHook = BasicInfoHook | BearerInfoHook | ApiKeyInfoHook | OAuth2Hooks | HandshakeInfoHook;

function unauthorized(namespace: string, reason: string): SocketApiError {
  return new SocketApiError({ type: 'unauthorized', message: `unauthorized: ${reason} (${namespace})` });
}

type Handshake = Socket['handshake'];

function authorization(handshake: Handshake): string | undefined {
  const header = handshake.headers.authorization;
  if (typeof header === 'string') return header;
  const auth = handshake.auth as Record<string, unknown> | undefined;
  if (typeof auth?.authorization === 'string') return auth.authorization;
  return undefined;
}

function bearerToken(socket: Socket): string | undefined {
  const header = authorization(socket.handshake);
  if (header && /^bearer /i.test(header)) return header.slice(7).trim();
  const token = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
  return typeof token === 'string' ? token : undefined;
}

function basicCredentials(handshake: Handshake): [string, string] | undefined {
  const header = authorization(handshake);
  if (header && /^basic /i.test(header)) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon >= 0) return [decoded.slice(0, colon), decoded.slice(colon + 1)];
  }
  const auth = handshake.auth as Record<string, unknown> | undefined;
  if (typeof auth?.username === 'string' && typeof auth.password === 'string') return [auth.username, auth.password];
  return undefined;
}

function cookie(socket: Socket, name: string): string | undefined {
  const header = socket.handshake.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

function apiKey(socket: Socket, scheme: Extract<SecuritySchemeSpec, { type: 'apiKey' }>): string | undefined {
  let value: unknown;
  if (scheme.in === 'header') value = socket.handshake.headers[scheme.name.toLowerCase()];
  else if (scheme.in === 'query') value = apiQuery(socket)[scheme.name];
  else value = cookie(socket, scheme.name);
  value ??= (socket.handshake.auth as Record<string, unknown> | undefined)?.[scheme.name];
  return typeof value === 'string' ? value : undefined;
}

/** The TLS client certificate of the connection; undefined without TLS or when the client sent none. */
function peerCertificate(socket: Socket): PeerCertificate | undefined {
  const tls = socket.conn.request?.socket as Partial<TLSSocket> | undefined;
  const certificate = typeof tls?.getPeerCertificate === 'function' ? tls.getPeerCertificate() : undefined;
  return certificate && Object.keys(certificate).length > 0 ? certificate : undefined;
}

/**
 * The credential a handshake scheme names, where the generation warning (AAPI041) says it comes
 * from: the certificate (X509), or the basic credentials (`auth.username` / `auth.password` or an
 * `Authorization: Basic` header); undefined when missing or empty. The mock accepts any such value.
 */
export function handshakeCredential(handshake: Handshake, certificate: PeerCertificate | undefined, scheme: Extract<SecuritySchemeSpec, { type: 'handshake' }>): unknown {
  if (scheme.scheme === 'X509') return certificate;
  const auth = (handshake.auth ?? {}) as Record<string, unknown>;
  const [username, password] = basicCredentials(handshake) ?? [auth.username, auth.password];
  const value = scheme.scheme === 'user' ? username : scheme.scheme === 'password' ? password : username && password ? [username, password] : undefined;
  return typeof value === 'string' ? value || undefined : value;
}

function grantedScopes(info: SecurityInfo): string[] {
  if (Array.isArray(info.scopes)) return info.scopes.map(String);
  if (typeof info.scope === 'string') return info.scope.split(' ').filter(Boolean);
  return [];
}

/** Checks one scheme; resolves to the caller's info or a reason for refusing. */
async function checkScheme(socket: Socket, requirement: SecurityRequirement, scheme: SecuritySchemeSpec, hook: unknown): Promise<SecurityInfo | string> {
  const scopes = requirement.scopes;
  let result: Result;
  if (scheme.type === 'http' && scheme.scheme === 'basic') {
    const credentials = basicCredentials(socket.handshake);
    if (!credentials) return 'missing basic credentials';
    result = await (hook as BasicInfoHook)(credentials[0], credentials[1], scopes);
  } else if (scheme.type === 'http') {
    const token = bearerToken(socket);
    if (!token) return 'missing bearer token';
    result = await (hook as BearerInfoHook)(token, scopes, scheme.bearerFormat);
  } else if (scheme.type === 'apiKey') {
    const key = apiKey(socket, scheme);
    if (!key) return `missing api key ${scheme.name}`;
    result = await (hook as ApiKeyInfoHook)(key, scopes);
  } else if (scheme.type === 'handshake') {
    const certificate = peerCertificate(socket);
    if (scheme.scheme === 'X509' && !certificate) return 'missing client certificate';
    result = await (hook as HandshakeInfoHook)(socket.handshake, scopes, certificate);
  } else {
    const token = bearerToken(socket);
    if (!token) return 'missing bearer token';
    const hooks = hook as OAuth2Hooks;
    result = await hooks.tokenInfo(token);
    if (result) {
      const granted = grantedScopes(result);
      const ok = hooks.scopeValidate ? await hooks.scopeValidate(scopes, granted) : scopes.every((s) => granted.includes(s));
      if (!ok) return `missing scopes ${scopes.filter((s) => !granted.includes(s)).join(' ') || '(refused by scope check)'}`;
    }
  }
  return result ? result : `credentials refused by ${requirement.scheme}`;
}

/**
 * Middleware enforcing the namespace's security; undefined when the namespace is open.
 * Throws at start-up when a scheme's hook is missing (a JavaScript caller skipped the types).
 */
export function securityMiddleware(
  namespace: NamespaceSpec,
  schemes: Readonly<Record<string, SecuritySchemeSpec>>,
  hooks: Readonly<Record<string, unknown>>,
): Middleware | undefined {
  if (namespace.security.length === 0) return undefined;
  for (const alternative of namespace.security)
    for (const requirement of alternative) {
      if (!schemes[requirement.scheme]) throw new Error(`security scheme ${requirement.scheme} of ${namespace.name} is not defined`);
      if (!hooks[requirement.scheme]) throw new Error(`createServer: missing security hook ${requirement.scheme} (needed by ${namespace.name})`);
    }
  return (socket, next) => {
    void (async () => {
      // Every alternative's reason: the client learns what each way in was missing.
      const reasons: string[] = [];
      for (const alternative of namespace.security) {
        const info: SecurityInfo = {};
        let passed = true;
        for (const requirement of alternative) {
          const result = await checkScheme(socket, requirement, schemes[requirement.scheme]!, hooks[requirement.scheme]);
          if (typeof result === 'string') {
            reasons.push(`${alternative.map((r) => r.scheme).join(' + ')}: ${result}`);
            passed = false;
            break;
          }
          Object.assign(info, result);
        }
        if (passed) {
          socket.data.security = info;
          return next();
        }
      }
      next(unauthorized(namespace.name, reasons.join('; ') || 'no credentials'));
    })()// A throwing hook refuses; its message may hold internals, so the client only hears 'refused'.
    .catch(() => next(unauthorized(namespace.name, 'credentials refused')));
  };
}
