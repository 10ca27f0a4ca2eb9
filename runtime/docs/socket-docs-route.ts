/**
 * The documentation URLs of a socket on the Custom Sockets host:
 * `<prefix>sockets/<socket>/openapi.json` (the OpenAPI 3.1 document, with the host's own API
 * version and instance as server defaults), `<prefix>sockets/<socket>/docs/` (the Redoc page) and
 * `<prefix>sockets/<socket>/docs/redoc.standalone.js` (the bundle from the installed package).
 * A page requested with `?api_key=` passes the key on to the document and bundle URLs, since a
 * browser cannot add the X-API-KEY header to them.
 */
import type { SocketDefinition } from '../http/types.js';
import { socketOpenApiDocument } from './openapi-document.js';
import { openApiPage, openApiPageCsp, redocBundle, redocBundleName } from './openapi-page.js';

/** An answer in the host's shape (status, flat header list, body). */
export interface DocsAnswer {
  status: number;
  headers: string[];
  body: string | Buffer;
}

/** What the host knows when a request reaches `sockets/<socket>/<rest…>`. */
export interface SocketDocsRequest {
  readonly socket: SocketDefinition;
  readonly all: readonly SocketDefinition[];
  readonly prefix: string;
  readonly apiVersion: string;
  readonly instance: string;
  /** Path segments after the socket name (`['openapi.json']`, `['docs']`, `['docs', 'redoc.standalone.js']`). */
  readonly rest: readonly string[];
  /** The API key the caller presented in the query string, if any. */
  readonly queryKey?: string;
}

const documents = new WeakMap<SocketDefinition, string>();

/** The answer to a docs URL, or undefined when `rest` is no docs URL (the host answers 404). */
export function socketDocsAnswer(request: SocketDocsRequest): DocsAnswer | undefined {
  const { socket, rest } = request;
  const base = `${request.prefix}sockets/${encodeURIComponent(socket.name)}/`;
  const key = request.queryKey === undefined ? '' : `?api_key=${encodeURIComponent(request.queryKey)}`;
  if (rest.length === 1 && rest[0] === 'openapi.json') {
    let body = documents.get(socket);
    if (body === undefined) {
      body = JSON.stringify(socketOpenApiDocument(socket, request.all, { apiVersion: request.apiVersion, instance: request.instance }), null, 2) + '\n';
      documents.set(socket, body);
    }
    return { status: 200, headers: ['content-type', 'application/json; charset=utf-8', 'access-control-allow-origin', '*'], body };
  }
  if (rest.length === 1 && rest[0] === 'docs') {
    const body = openApiPage(socket.name, `${base}openapi.json${key}`, `${base}docs/${redocBundleName}${key}`);
    return { status: 200, headers: ['content-type', 'text/html; charset=utf-8', 'content-security-policy', openApiPageCsp, 'x-content-type-options', 'nosniff', 'cache-control', 'no-cache'], body };
  }
  if (rest.length === 2 && rest[0] === 'docs' && rest[1] === redocBundleName)
    return { status: 200, headers: ['content-type', 'text/javascript; charset=utf-8', 'x-content-type-options', 'nosniff', 'cache-control', 'public, max-age=3600'], body: redocBundle() };
  return undefined;
}
