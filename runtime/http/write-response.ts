import { validateHeaderName, validateHeaderValue, type ServerResponse } from 'node:http';
import { HttpResponse } from './http-response.js';

/** An answer ready to write (and to cache): status, flat header list, body. */
export interface RenderedResponse {
  status: number;
  headers: string[];
  body: string | Buffer;
}

const jsonType = 'application/json; charset=utf-8';
const textType = 'text/plain; charset=utf-8';

/**
 * Writes a rendered answer plus extra headers; a caller that went away is not an error. Without
 * `extra` it takes over `rendered.headers` (every renderer makes a fresh array); with `extra` it
 * copies them, which is how shared (cached) answers are written.
 */
export function writeRendered(res: ServerResponse, rendered: RenderedResponse, extra?: string[]): void {
  if (res.writableEnded || res.destroyed) return;
  const headers = extra === undefined ? rendered.headers : rendered.headers.concat(extra);
  const bodyless = rendered.status === 204 || rendered.status === 304;
  if (!bodyless) headers.push('content-length', String(Buffer.byteLength(rendered.body)));
  res.writeHead(rendered.status, headers);
  res.end(bodyless ? undefined : rendered.body);
}

/** `{detail}` JSON, the shape of every error the host produces (as the platform did). */
export function problem(status: number, detail: string, extra: Record<string, unknown> = {}, headers: string[] = []): RenderedResponse {
  return { status, headers: ['content-type', jsonType, ...headers], body: JSON.stringify({ detail, ...extra }) };
}

/** A precomputed JSON body. */
export function json(status: number, body: string): RenderedResponse {
  return { status, headers: ['content-type', jsonType], body };
}

/**
 * A handler's return value as an answer: HttpResponse as given, undefined → 204, anything else →
 * 200 JSON. Throws when the value cannot be sent (bad status, not serialisable), which the host
 * reports as the handler's failure.
 */
export function renderResult(result: unknown): RenderedResponse {
  if (result instanceof HttpResponse) return renderHttpResponse(result);
  if (result === undefined) return { status: 204, headers: [], body: '' };
  const body = JSON.stringify(result);
  if (body === undefined) throw new TypeError(`handler returned a ${typeof result}, which is not JSON`);
  return { status: 200, headers: ['content-type', jsonType], body };
}

function renderHttpResponse(response: HttpResponse): RenderedResponse {
  const { status, content } = response;
  if (!Number.isInteger(status) || status < 200 || status > 599) {
    throw new RangeError(`HttpResponse status must be an integer from 200 to 599, got ${String(status)}`);
  }
  let body: string | Buffer;
  let type: string;
  if (content === undefined || content === null) {
    body = '';
    type = response.contentType ?? textType;
  } else if (typeof content === 'string') {
    body = content;
    type = response.contentType ?? textType;
  } else if (content instanceof Uint8Array) {
    body = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
    type = response.contentType ?? 'application/octet-stream';
  } else {
    const text = JSON.stringify(content);
    if (text === undefined) throw new TypeError('HttpResponse content is not JSON');
    body = text;
    type = response.contentType ?? jsonType;
  }
  const headers: string[] = [];
  let hasType = false;
  for (const [name, value] of Object.entries(response.headers)) {
    const lower = name.toLowerCase();
    // The host computes the length itself; a wrong one from a handler would corrupt the connection.
    if (lower === 'content-length') continue;
    if (lower === 'content-type') hasType = true;
    // Checked here, not by writeHead, so a CR/LF (response splitting) fails as this handler's 500.
    validateHeaderName(name);
    validateHeaderValue(name, String(value));
    headers.push(name, String(value));
  }
  if (!hasType) {
    // contentType is handler data too: a CR/LF in it must fail here, not half-way through writeHead.
    validateHeaderValue('content-type', type);
    headers.push('content-type', type);
  }
  return { status, headers, body };
}
