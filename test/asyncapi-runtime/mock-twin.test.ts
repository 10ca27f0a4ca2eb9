/**
 * Issue 12 item 11: `sockgen mock` is the generated server's twin. It reads the document the
 * way generation does (same diagnostics, same refusals), registers each namespace once however
 * many channels share an address, applies every channel's schemas (dynamic namespace
 * parameters, tuples), answers `operation.reply` acks, and fakes faker-style formats
 * (`first_name`, `sentence`) with realistic values. The CLI in a child process, the real
 * socket.io-client.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { startNode, type Child } from './support/spawn.js';

const tmp = mkdtempSync(join(tmpdir(), 'sockgen-mock-twin-'));
const children: Child[] = [];
afterAll(async () => {
  await Promise.all(children.map((c) => c.stop()));
  rmSync(tmp, { recursive: true, force: true });
});

const document = `asyncapi: 3.0.0
info: {title: Twin, version: '1'}
servers:
  local: {host: 'localhost:3000', protocol: ws, pathname: /socket.io}
channels:
  roomA:
    address: /room
    messages:
      join:
        payload: {type: object, properties: {name: {type: string}}, required: [name]}
        x-handler: api.join
      move:
        payload:
          type: array
          prefixItems: [{type: integer}, {type: integer}]
          items: false
          minItems: 2
        x-handler: api.move
  roomB:
    address: /room
    messages:
      greet:
        payload:
          type: object
          properties:
            first: {type: string, format: first_name}
            line: {type: string, format: sentence}
          required: [first, line]
          additionalProperties: false
  roomsById:
    address: /rooms/{roomId}
    parameters:
      roomId: {enum: ['1', '2', '3']}
    messages:
      ping:
        payload: {type: string}
        x-handler: api.ping
operations:
  join:
    action: receive
    channel: {$ref: '#/channels/roomA'}
    messages: [{$ref: '#/channels/roomA/messages/join'}]
    reply:
      address: {location: '$message.payload#'}
      messages:
        - payload: {type: object, properties: {members: {type: integer, minimum: 1, maximum: 9}}, required: [members], additionalProperties: false}
  move:
    action: receive
    channel: {$ref: '#/channels/roomA'}
    messages: [{$ref: '#/channels/roomA/messages/move'}]
  greet:
    action: send
    channel: {$ref: '#/channels/roomB'}
  ping:
    action: receive
    channel: {$ref: '#/channels/roomsById'}
`;

function sockgen(...args: string[]): Child {
  const child = startNode(['bin/sockgen.mjs', ...args]);
  children.push(child);
  return child;
}

async function connected(url: string, path: string, options: Parameters<typeof connect>[1] = {}): Promise<Socket> {
  const socket = connect(url, { path, transports: ['websocket'], forceNew: true, reconnection: false, ...options });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => (socket.close(), reject(error)));
  });
  return socket;
}

const guarded = `asyncapi: 2.6.0
info: {title: Guarded, version: '1'}
servers:
  local: {url: 'localhost:3000/socket.io', protocol: ws, security: [{bearer: []}]}
channels:
  /feed:
    bindings:
      ws:
        query: {type: object, properties: {limit: {type: integer, maximum: 10}}, required: [limit]}
        headers: {type: object, properties: {x-client: {type: string, enum: [web]}}}
    subscribe:
      message: {name: tick, payload: {type: integer}}
  /login:
    x-security: [{login: []}, {key: []}]
    publish:
      message: {name: ping, payload: {type: string}, x-handler: api.ping}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
    login: {type: userPassword}
    key: {type: httpApiKey, in: header, name: x-key}
`;

describe('sockgen mock, twin of the generated server', () => {
  it('one namespace per address, replies answered, tuples and parameters checked, faker formats', async () => {
    const file = join(tmp, 'twin.yml');
    writeFileSync(file, document);
    const child = sockgen('mock', file, '--port', '0', '--interval', '25', '--quiet', '--seed', '7');
    const [, url, path, namespaces] = await child.waitFor(/listening on (http:\/\/\S+) path (\S+) namespaces (.+)\n/);
    expect(namespaces!.trim().split(' ')).toEqual(['/room', '/rooms/{roomId}']);
    const room = await connected(`${url}/room`, path!);
    try {
      const greeting = await new Promise<{ first: string; line: string }>((resolve) => room.once('greet', resolve));
      expect(greeting.first).toMatch(/^[A-Z][A-Za-z' -]+$/);
      expect(greeting.line).toMatch(/^[A-Z].* .*\.$/);
      const reply = (await room.timeout(5000).emitWithAck('join', { name: 'ada' })) as { members: number };
      expect(reply.members).toBeGreaterThanOrEqual(1);
      expect(reply.members).toBeLessThanOrEqual(9);
      expect(await room.timeout(5000).emitWithAck('move', 1, 2)).toBeUndefined();
      const refused = await new Promise<unknown[]>((resolve) => room.emit('move', 1, 2, 3, (...answer: unknown[]) => resolve(answer)));
      expect(refused).toEqual([null, expect.objectContaining({ type: 'payload_validation', event: 'move' })]);
    } finally {
      room.close();
    }
    const inRoom = await connected(`${url}/rooms/2`, path!);
    inRoom.close();
    await expect(connected(`${url}/rooms/9`, path!)).rejects.toMatchObject({ data: { type: 'parameter_validation' } });
    await expect(child.stop()).resolves.toBe(0);
  });

  it('checks the handshake binding like the generated server and wants a non-empty credential of each declared kind', async () => {
    const file = join(tmp, 'guarded.yml');
    writeFileSync(file, guarded);
    const child = sockgen('mock', file, '--port', '0', '--quiet');
    const [, url, path] = await child.waitFor(/listening on (http:\/\/\S+) path (\S+) namespaces/);
    const feed = (options: Parameters<typeof connect>[1]) => connected(`${url}/feed`, path!, options).then((socket) => socket.close() && 'ok');
    // The query's integer arrives as text and is converted before validation, as in the generated server.
    expect(await feed({ auth: { token: 'anything' }, query: { limit: '5' }, extraHeaders: { 'x-client': 'web' } })).toBe('ok');
    expect(await feed({ extraHeaders: { authorization: 'Bearer x' }, query: { limit: '5' } })).toBe('ok');
    await expect(feed({ auth: { token: 'anything' }, query: { limit: '50' } })).rejects.toMatchObject({ data: { type: 'handshake_validation' } });
    await expect(feed({ auth: { token: 'anything' } })).rejects.toMatchObject({ data: { type: 'handshake_validation' } });
    await expect(feed({ auth: { token: 'anything' }, query: { limit: '5' }, extraHeaders: { 'x-client': 'cli' } })).rejects.toMatchObject({ data: { type: 'handshake_validation' } });
    await expect(feed({ query: { limit: '5' } })).rejects.toMatchObject({ data: { type: 'unauthorized' }, message: expect.stringMatching(/missing bearer token/) });
    await expect(feed({ auth: { token: '' }, query: { limit: '5' } })).rejects.toMatchObject({ data: { type: 'unauthorized' } });
    // A channel's x-security overrides the server's: userPassword (from auth) or an api key header.
    const login = (options: Parameters<typeof connect>[1]) => connected(`${url}/login`, path!, options).then((socket) => socket.close() && 'ok');
    expect(await login({ auth: { username: 'any', password: 'thing' } })).toBe('ok');
    expect(await login({ extraHeaders: { 'x-key': 'k' } })).toBe('ok');
    await expect(login({ auth: { username: 'any', password: '' } })).rejects.toMatchObject({ data: { type: 'unauthorized' } });
    await expect(login({ auth: { token: 'bearer is not declared here' } })).rejects.toMatchObject({ data: { type: 'unauthorized' }, message: expect.stringMatching(/login: credentials refused by login; key: missing api key x-key/) });
    await expect(child.stop()).resolves.toBe(0);
  });

  it('refuses what generation refuses, with the generator’s diagnostic', async () => {
    const file = join(tmp, 'bad-ack.yml');
    writeFileSync(file, document.replace("x-handler: api.ping", "x-handler: api.ping\n        x-ack: [string]"));
    const child = sockgen('mock', file, '--port', '0');
    expect(await child.exited).toBe(1);
    expect(child.stderr()).toMatch(/bad-ack\.yml:\d+:\d+ error AAPI015 x-ack must be a Message Ack Object with `args`/);
    expect(child.stderr()).toContain('no mock was started');
  });
});
