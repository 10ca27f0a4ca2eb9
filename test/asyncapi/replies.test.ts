/**
 * Issue 12 item 5: acknowledgements written as AsyncAPI 3 `operation.reply` — with
 * `address.location: $message.payload#` (the last argument is the ack callback), without an
 * address, and as request/reply between two operations (`reply.channel`) — type and validate the
 * ack both ways, like Asynction's `x-ack`. Generated server and typed client over the real
 * socket.io-client; a wrong reply type does not compile.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateInto, typeProbes, type Generated } from './generate-into.js';

const spec = `asyncapi: 3.0.0
info: {title: Replies, version: '1'}
servers:
  local: {host: 'localhost:3000', protocol: ws, pathname: /socket.io}
channels:
  room:
    address: /room
    messages:
      join:
        payload: {type: object, properties: {name: {type: string}}, required: [name]}
        x-handler: api.join
      count:
        payload: {type: integer}
        x-handler: api.count
      offer:
        payload: {type: string}
  joined:
    address: /room
    messages:
      welcome:
        payload: {type: object, properties: {members: {type: integer, minimum: 1}}, required: [members]}
  counted:
    address: /counted
    messages:
      total:
        payload: {type: integer, maximum: 100}
operations:
  join:
    action: receive
    channel: {$ref: '#/channels/room'}
    messages: [{$ref: '#/channels/room/messages/join'}]
    reply:
      address: {location: '$message.payload#'}
      messages: [{$ref: '#/channels/joined/messages/welcome'}]
  count:
    action: receive
    channel: {$ref: '#/channels/room'}
    messages: [{$ref: '#/channels/room/messages/count'}]
    reply:
      channel: {$ref: '#/channels/counted'}
  offer:
    action: send
    channel: {$ref: '#/channels/room'}
    messages: [{$ref: '#/channels/room/messages/offer'}]
    reply:
      messages:
        - payload: {type: boolean}
`;

let generated: Generated;
let server: { listen(port: number, host: string): Promise<number>; close(): Promise<void>; namespaces: Record<string, { sockets: Map<string, { timeout(ms: number): { emitWithAck(e: string, v: unknown): Promise<unknown> } }> }> };
let url: string;
let members = 3;
const errors: Error[] = [];

beforeAll(async () => {
  generated = await generateInto('replies', spec);
  expect(generated.lines.filter((l) => / error /.test(l))).toEqual([]);
  const module = await import(join(generated.folder, 'server.ts'));
  server = await module.createServer({
    docs: false,
    handlers: {
      '/room': {
        events: { join: () => ({ members }), count: (n: number) => n * 10 },
        error: (error: Error) => void errors.push(error),
      },
    },
  });
  url = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
});
afterAll(async () => {
  await server?.close();
  generated?.remove();
});

describe('operation.reply as the acknowledgement', () => {
  it('emitWithAck gets the reply ($message.payload#), and request/reply via reply.channel', async () => {
    const client = await import(join(generated.folder, 'client.ts'));
    const room = await client.connectRoom(url).connected();
    try {
      members = 3;
      expect(await room.emitWithAck('join', { name: 'ada' })).toEqual({ members: 3 });
      expect(await room.emitWithAck('count', 4)).toBe(40);
    } finally {
      room.close();
    }
  });

  it('a reply that breaks its schema is refused on the server (validated outgoing)', async () => {
    const client = await import(join(generated.folder, 'client.ts'));
    const room = await client.connectRoom(url).connected();
    try {
      members = 0;
      await expect(room.emitWithAck('join', { name: 'ada' })).rejects.toMatchObject({ type: 'ack_validation' });
      await expect(room.emitWithAck('count', 11)).rejects.toMatchObject({ type: 'ack_validation' });
    } finally {
      room.close();
    }
  });

  it('a send operation with a reply: the client acknowledges with the reply, checked by the server', async () => {
    const client = await import(join(generated.folder, 'client.ts'));
    const room = await client.connectRoom(url).connected();
    try {
      let answer: unknown = true;
      room.on('offer', () => answer as boolean);
      await expect.poll(() => server.namespaces['/room']!.sockets.size).toBe(1);
      const live = [...server.namespaces['/room']!.sockets.values()][0]!;
      expect(await live.timeout(2000).emitWithAck('offer', 'lamp')).toBe(true);
      answer = 'yes';
      errors.length = 0;
      await expect(live.timeout(2000).emitWithAck('offer', 'lamp')).rejects.toBeDefined();
      expect(errors.map((e) => e.message).join()).toMatch(/ack of offer/);
    } finally {
      room.close();
    }
  });

  it('types: the reply type is what emitWithAck returns and what handlers must return', () => {
    const { own, probe } = typeProbes(generated, `import { connectRoom } from './client.js';\nimport type { Handlers } from './server.js';`);
    expect(own).toEqual([]);
    expect(probe('ok', `void connectRoom('http://x').emitWithAck('join', { name: 'a' }).then((r) => r.members + 1);\nconst h: Handlers['/room'] = { events: { join: () => ({ members: 1 }), count: (n) => n } };\nvoid h;`)).toEqual([]);
    expect(probe('client', `void connectRoom('http://x').emitWithAck('join', { name: 'a' }).then((r) => { const s: string = r.members; return s; });`).join('\n')).toMatch(/not assignable to type 'string'/);
    expect(probe('handler', `const h: Handlers['/room'] = { events: { join: () => ({ members: 'many' }), count: (n) => n } };\nvoid h;`).join('\n')).toMatch(/not assignable to type 'number'/);
  });
});
