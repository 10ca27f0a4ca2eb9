import { endpointUrl, queryString } from './endpoint-url.js';
import { SocketClientError } from './socket-client-error.js';
import type { HttpMethod, SocketClientOptions } from './types.js';

/**
 * Runs one endpoint of a socket host, the typed counterpart of the Python library's
 * `endpoint.run(method, data)` (custom-sockets.md, "Python library API"). GET/DELETE send `args`
 * as a query string, other methods as a JSON body. JSON answers are parsed, text answers returned
 * as a string, 204 gives undefined; a non-2xx answer throws SocketClientError.
 */
export async function callEndpoint<Result>(
  options: SocketClientOptions,
  socket: string,
  endpoint: string,
  method: HttpMethod,
  args?: Record<string, unknown>,
): Promise<Result> {
  const inQuery = method === 'GET' || method === 'DELETE';
  const url = endpointUrl(options, socket, endpoint) + (inQuery ? queryString(args) : '');
  const headers: Record<string, string> = { accept: 'application/json, text/plain;q=0.9, */*;q=0.8', ...options.headers };
  if (options.apiKey !== undefined) headers['x-api-key'] = options.apiKey;
  const init: RequestInit = { method, headers };
  if (!inQuery) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(args ?? {});
  }
  const doFetch = options.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await doFetch(url, init);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SocketClientError(`${method} ${socket}/${endpoint} failed: ${reason}`, 0, undefined, { cause: error });
  }
  const body = await readBody(response);
  if (!response.ok) {
    const detail = isDetail(body) ? body.detail : typeof body === 'string' && body !== '' ? body : response.statusText;
    throw new SocketClientError(`${method} ${socket}/${endpoint} answered ${response.status}: ${detail}`, response.status, body);
  }
  return body as Result;
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const type = response.headers.get('content-type') ?? '';
  // Bytes (an image, application/octet-stream) stay bytes; text and JSON are read as text.
  if (type !== '' && !/^text\/|[/+](json|xml)\b|javascript|x-www-form-urlencoded/i.test(type)) return new Uint8Array(await response.arrayBuffer());
  const text = await response.text();
  if (!/[/+]json\b/i.test(type)) return text;
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // A host that labels non-JSON as JSON: hand the text over rather than failing the call.
    return text;
  }
}

function isDetail(body: unknown): body is { detail: string } {
  return typeof body === 'object' && body !== null && typeof (body as { detail?: unknown }).detail === 'string';
}
