import type { IncomingMessage } from 'node:http';
import { HttpProblem } from './http-problem.js';

/**
 * Sets an own property even for `__proto__`, so request data can never reach an object's
 * prototype (plain assignment of `__proto__` would replace it).
 */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Query parameters; a repeated key becomes an array (the platform's ARGS did the same). */
export function parseQuery(search: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  if (search === '') return query;
  for (const [key, value] of new URLSearchParams(search)) {
    const previous = Object.hasOwn(query, key) ? query[key] : undefined;
    if (previous === undefined) setOwn(query, key, value);
    else if (Array.isArray(previous)) previous.push(value);
    else setOwn(query, key, [previous, value]);
  }
  return query;
}

/** True when the request carries a body (HTTP/1.1: a length or a transfer coding announces one). */
export function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  if (length !== undefined) return length !== '0';
  return request.headers['transfer-encoding'] !== undefined;
}

/**
 * Reads the whole body up to `maxBytes`. An announced length over the cap is refused before
 * reading; a chunked body that grows past it is drained and discarded, then refused, so the
 * caller still gets its 413 instead of a reset connection.
 */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const announced = Number(request.headers['content-length']);
  if (Number.isFinite(announced) && announced > maxBytes) {
    request.resume();
    return Promise.reject(tooLarge(maxBytes, ['connection', 'close']));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let overflow = false;
    request.on('data', (chunk: Buffer) => {
      if (overflow) return;
      size += chunk.length;
      if (size > maxBytes) {
        overflow = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => (overflow ? reject(tooLarge(maxBytes)) : resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks))));
    // The caller went away mid-body: its problem, not the host's (and nobody is left to answer).
    request.on('error', () => reject(new HttpProblem(400, 'the request body ended early')));
  });
}

function tooLarge(maxBytes: number, headers: string[] = []): HttpProblem {
  return new HttpProblem(413, `request body is larger than ${maxBytes} bytes`, headers);
}

/**
 * The body as ARGS: a JSON object, or form fields. Anything else is the caller's mistake and gets
 * a 400/415 saying what to send.
 */
export function parseBody(body: Buffer, contentType: string | undefined): Record<string, unknown> {
  if (body.length === 0) return {};
  const type = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    const fields = parseQuery(body.toString('utf8'));
    return fields;
  }
  // No content type: JSON is what every client of the platform sent. text/plain too: fetch labels
  // a string body so, and browsers use it to skip the CORS preflight.
  if (type === '' || type === 'application/json' || type.endsWith('+json') || type === 'text/json' || type === 'text/plain') {
    const text = body.toString('utf8');
    // Deeper data parses but cannot be serialised back (JSON.stringify, Python's json overflow their stacks).
    if (text.length > maxJsonDepth && nestedDeeperThan(text, maxJsonDepth)) {
      throw new HttpProblem(400, `request body nests deeper than ${maxJsonDepth} levels`);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new HttpProblem(400, `request body is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new HttpProblem(400, 'request body must be a JSON object (its keys become the arguments)');
    }
    bodyTexts.set(value, text);
    return value as Record<string, unknown>;
  }
  throw new HttpProblem(415, `unsupported content type ${type}: send application/json or application/x-www-form-urlencoded`);
}

/** The JSON text of a parsed body, by the object it became (and by the ARGS built from it). */
const bodyTexts = new WeakMap<object, string>();

/**
 * The JSON body the ARGS of a request were built from, as the caller sent it: Python parses it
 * again so that integers past 2^53 keep every digit (JavaScript numbers round them).
 */
export function jsonBodyText(args: object): string | undefined {
  return bodyTexts.get(args);
}

/** Deepest nesting of arrays/objects a JSON body may have. */
export const maxJsonDepth = 512;

/** True when JSON text nests arrays/objects deeper than `max` (a linear scan that skips strings). */
function nestedDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 92) i++; // backslash: skip the escaped character
      else if (code === 34) inString = false;
    } else if (code === 34) inString = true;
    else if (code === 123 || code === 91) {
      if (++depth > max) return true;
    } else if (code === 125 || code === 93) depth--;
  }
  return false;
}

/** ARGS: query parameters merged with the body; body keys win. */
export function mergeArgs(query: Record<string, unknown>, body: Record<string, unknown> | undefined, dropKey: string | undefined): Record<string, unknown> {
  // Spread defines own properties, so a `__proto__` key stays data.
  const args: Record<string, unknown> = body === undefined ? { ...query } : { ...query, ...body };
  const text = body === undefined ? undefined : bodyTexts.get(body);
  if (text !== undefined) bodyTexts.set(args, text);
  if (dropKey !== undefined) delete args[dropKey];
  return args;
}
