/**
 * Issue 12 item 4: a channel with parameters (`/rooms/{roomId}`) is a Socket.IO dynamic
 * namespace. The generated server validates the parameters (a bad one refuses the connection),
 * handlers and the connect hook get them typed, and the client connects with
 * `connectRoomsRoomId(url, { roomId })`. Real socket.io-client; a type probe shows a wrong
 * `roomId` type does not compile.
 */
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateInto, typeProbes, type Generated } from './generate-into.js';

const spec = `asyncapi: 2.6.0
info: {title: Rooms, version: '1'}
servers:
  local: {url: 'localhost:3000/socket.io', protocol: ws}
channels:
  /rooms/{roomId}:
    parameters:
      roomId:
        schema: {type: integer, minimum: 1}
    publish:
      message:
        name: say
        payload: {type: string}
        x-handler: api.say
        x-ack: {args: {type: string}}
    subscribe:
      message:
        name: said
        payload: {type: string}
  /lobby:
    publish:
      message:
        name: ping
        payload: {type: string}
        x-handler: api.ping
`;

let generated: Generated;
let api: { listen(port: number, host: string): Promise<number>; close(): Promise<void> };
let url: string;
const connects: unknown[] = [];

beforeAll(async () => {
  generated = await generateInto('rooms', spec);
  expect(generated.lines.filter((l) => / error /.test(l))).toEqual([]);
  const server = await import(join(generated.folder, 'server.ts'));
  api = await server.createServer({
    docs: false,
    handlers: {
      '/rooms/{roomId}': {
        connect: (_socket: unknown, _security: unknown, params: { roomId: number }) => void connects.push(params),
        events: {
          say: (text: string, socket: { emit(e: string, v: unknown): void }, params: { roomId: number }) => {
            socket.emit('said', `${text} in ${params.roomId}`);
            return `room ${params.roomId} (${typeof params.roomId})`;
          },
        },
      },
      '/lobby': { events: { ping: () => undefined } },
    },
  });
  url = `http://127.0.0.1:${await api.listen(0, '127.0.0.1')}`;
});
afterAll(async () => {
  await api?.close();
  generated?.remove();
});

describe('dynamic namespaces', () => {
  it('the typed client joins /rooms/7; the handler gets { roomId: 7 } as a number', async () => {
    const client = await import(join(generated.folder, 'client.ts'));
    const room = await client.connectRoomsRoomId(url, { roomId: 7 }).connected();
    try {
      const said = new Promise((resolve) => room.on('said', resolve));
      expect(await room.emitWithAck('say', 'hi')).toBe('room 7 (number)');
      expect(await said).toBe('hi in 7');
      expect(connects).toContainEqual({ roomId: 7 });
    } finally {
      room.close();
    }
  });

  it('two rooms are two namespaces', async () => {
    const client = await import(join(generated.folder, 'client.ts'));
    const a = await client.connectRoomsRoomId(url, { roomId: 1 }).connected();
    const b = await client.connectRoomsRoomId(url, { roomId: 2 }).connected();
    try {
      expect(await a.emitWithAck('say', 'x')).toBe('room 1 (number)');
      expect(await b.emitWithAck('say', 'x')).toBe('room 2 (number)');
    } finally {
      a.close();
      b.close();
    }
  });

  for (const [label, path] of [
    ['not an integer', '/rooms/abc'],
    ['below the minimum', '/rooms/0'],
  ] as const)
    it(`a bad parameter (${label}) refuses the connection with parameter_validation`, async () => {
      const socket = io(url + path, { path: '/socket.io', transports: ['websocket'], reconnection: false });
      try {
        const error = await new Promise<Error & { data?: { type?: string } }>((resolve, reject) => {
          socket.once('connect_error', resolve);
          socket.once('connect', () => reject(new Error('connected')));
        });
        expect(error.data?.type).toBe('parameter_validation');
      } finally {
        socket.close();
      }
    });

  it('a name outside the pattern is not a namespace', async () => {
    const socket = io(`${url}/rooms/1/extra`, { path: '/socket.io', transports: ['websocket'], reconnection: false });
    try {
      const error = await new Promise<Error>((resolve, reject) => {
        socket.once('connect_error', resolve);
        socket.once('connect', () => reject(new Error('connected')));
      });
      expect(error.message).toMatch(/Invalid namespace/);
    } finally {
      socket.close();
    }
  });

  it('a wrong roomId type does not compile; the right one does', () => {
    const { own, probe } = typeProbes(generated, `import { connectRoomsRoomId } from './client.js';\nimport type { Handlers } from './server.js';`);
    // The generated files themselves compile too.
    expect(own).toEqual([]);
    expect(probe('ok', `connectRoomsRoomId('http://x', { roomId: 3 });\nconst h: Handlers['/rooms/{roomId}'] = { events: { say: (_t, _s, params) => String(params.roomId + 1) } };\nvoid h;`)).toEqual([]);
    expect(probe('client', `connectRoomsRoomId('http://x', { roomId: 'three' });`).join('\n')).toMatch(/not assignable to type 'number'/);
    expect(probe('handler', `const h: Handlers['/rooms/{roomId}'] = { events: { say: (_t, _s, params) => { const id: string = params.roomId; return id; } } };\nvoid h;`).join('\n')).toMatch(
      /Type 'number' is not assignable to type 'string'/,
    );
  });
});
