/**
 * Issue 12 item 10, Asynction parity found in use, on generated code with the real
 * socket.io-client: `x-bearerInfoFunc` is an alias of `x-basicBearerInfoFunc`; a connect handler
 * that throws refuses the connection; a refused handshake names every security alternative's
 * reason; an `integer` query arrives as text and is converted before validation; a non-GET
 * `bindings.ws.method` is a warning; one handler named in several namespaces is one stub; a
 * default error handler serves namespaces without `x-handlers.error`.
 */
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateInto, type Generated } from './generate-into.js';

const spec = `asyncapi: 2.3.0
info: {title: Parity, version: '1'}
servers:
  local:
    url: 'localhost:3000/socket.io'
    protocol: ws
    security: [{bearer: []}, {key: []}]
channels:
  /a:
    x-handlers: {connect: api.connect_a}
    bindings:
      ws:
        method: POST
        query:
          type: object
          properties: {limit: {type: integer, maximum: 10}, verbose: {type: boolean}}
          required: [limit]
    publish:
      message: {name: echo, payload: {type: string}, x-handler: api.echo, x-ack: {args: {type: string}}}
  /b:
    publish:
      message: {name: echo, payload: {type: string}, x-handler: api.echo, x-ack: {args: {type: string}}}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer, x-bearerInfoFunc: api.bearer_info}
    key: {type: httpApiKey, in: header, name: x-key, x-apiKeyInfoFunc: api.key_info}
`;

let generated: Generated;
let api: { listen(port: number, host: string): Promise<number>; close(): Promise<void> };
let url: string;
let refuseConnect = false;
const defaultErrors: Error[] = [];

beforeAll(async () => {
  generated = await generateInto('parity', spec);
  const server = await import(join(generated.folder, 'server.ts'));
  api = await server.createServer({
    docs: false,
    errorHandler: (error: Error) => void defaultErrors.push(error),
    handlers: {
      '/a': {
        connect: () => {
          if (refuseConnect) throw new Error('room closed');
        },
        events: { echo: (text: string) => text },
      },
      '/b': { events: { echo: (text: string) => text } },
    },
    security: { bearer: (token: string) => (token === 'good' ? { user: 'ada' } : undefined), key: (key: string) => (key === 'k' ? { service: true } : undefined) },
  });
  url = `http://127.0.0.1:${await api.listen(0, '127.0.0.1')}`;
});
afterAll(async () => {
  await api?.close();
  generated?.remove();
});

/** Connects a raw socket and resolves with its connect_error (or rejects when it connects). */
function refusal(path: string, options: Record<string, unknown>): Promise<Error & { data?: { type?: string; message?: string } }> {
  const socket = io(url + path, { transports: ['websocket'], reconnection: false, ...options });
  return new Promise<Error & { data?: { type?: string; message?: string } }>((resolve, reject) => {
    socket.once('connect_error', resolve);
    socket.once('connect', () => reject(new Error('connected')));
  }).finally(() => socket.close());
}

describe('Asynction parity', () => {
  it('generation: x-bearerInfoFunc is the bearer hook, POST method warns, api.echo is one stub', () => {
    expect(generated.lines).toEqual([expect.stringMatching(/^specs\/parity\.yml:\d+:\d+ warning AAPI023 bindings\.ws\.method "POST" is ignored/)]);
    const handlers = generated.files.get('generated/asyncapi/parity/handlers.ts')!;
    expect(handlers).toMatch(/bearer: bearerInfo,/);
    const stub = generated.files.get('handlers/asyncapi/parity/api.ts')!;
    expect(stub.match(/export const echo\b/g)).toHaveLength(1);
    expect(stub).not.toMatch(/echo2/);
    expect(handlers).toMatch(/'\/a': \{\s*events: \{\s*echo: echo,/);
    expect(handlers).toMatch(/'\/b': \{\s*events: \{\s*echo: echo,/);
  });

  it('an integer query sent as text by the typed client is converted, then validated', async () => {
    const client = await import(join(generated.folder, 'client.ts'));
    const a = await client.connectA(url, { query: { limit: 5, verbose: true }, auth: { authorization: 'Bearer good' } }).connected();
    try {
      expect(await a.emitWithAck('echo', 'hi')).toBe('hi');
    } finally {
      a.close();
    }
    const tooBig = await refusal('/a', { query: { limit: '50' }, auth: { authorization: 'Bearer good' } });
    expect(tooBig.data?.type).toBe('handshake_validation');
  });

  it('a refused handshake names the reason of every security alternative', async () => {
    const error = await refusal('/b', { auth: { authorization: 'Bearer bad' } });
    expect(error.data?.type).toBe('unauthorized');
    expect(error.data?.message).toMatch(/bearer: credentials refused by bearer/);
    expect(error.data?.message).toMatch(/key: missing api key x-key/);
  });

  it('a connect handler that throws refuses the connection', async () => {
    refuseConnect = true;
    try {
      const error = await refusal('/a', { query: { limit: '1' }, auth: { authorization: 'Bearer good' } });
      expect(error.data?.type).toBe('handler_error');
      expect(defaultErrors.map((e) => e.message)).toContain('room closed');
    } finally {
      refuseConnect = false;
    }
  });

  it('the default error handler gets the errors of namespaces without x-handlers.error', async () => {
    defaultErrors.length = 0;
    const client = await import(join(generated.folder, 'client.ts'));
    const b = await client.connectB(url, { extraHeaders: {}, headers: { 'x-key': 'k' } }).connected();
    try {
      await expect(b.emitWithAck('echo', 42 as never)).rejects.toMatchObject({ type: 'payload_validation' });
      expect(defaultErrors.map((e) => e.name)).toContain('SocketValidationError');
    } finally {
      b.close();
    }
  });
});
