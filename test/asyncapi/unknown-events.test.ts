/**
 * Regression (issue 8, run-time): an event the namespace does not declare — `__proto__`,
 * `constructor`, `toString` or any other name — sent with an ack callback gets an
 * `unknown_event` error ack, and an event emitted with more arguments than declared still gets
 * its ack. Real socket.io-client, and raw Engine.IO frames over `ws` for the exact packets.
 */
import { Ajv } from 'ajv';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createSocketApiServer, type ApiSpec, type SocketApiServer } from '../../runtime/socketio/index.js';

const ajv = new Ajv();
const spec: ApiSpec = {
  path: '/socket.io',
  document: {},
  securitySchemes: {},
  namespaces: [{ name: '/', receive: { echo: { validate: ajv.compile({ type: 'string' }) } }, send: {}, security: [] }],
};

let server: SocketApiServer;
let port: number;
let client: ClientSocket;

beforeAll(async () => {
  server = await createSocketApiServer(spec, { '/': { events: { echo: (text: string) => text }, error: () => undefined } }, {}, { docs: false });
  port = await server.listen(0, '127.0.0.1');
  client = connect(`http://127.0.0.1:${port}`, { transports: ['websocket'] });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', resolve);
    client.once('connect_error', reject);
  });
});
afterAll(async () => {
  client?.close();
  await server?.close();
});

describe('events the document does not declare', () => {
  for (const event of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'nope'])
    it(`${event} with an ack gets unknown_event`, async () => {
      // sockgen acks an error as `(null, data)`.
      const [value, error] = await new Promise<unknown[]>((resolve) => client.emit(event, 'x', (...args: unknown[]) => resolve(args)));
      expect(value).toBeNull();
      expect(error).toMatchObject({ type: 'unknown_event', event });
    });

  it('the server keeps serving declared events afterwards', async () => {
    expect(await client.timeout(2000).emitWithAck('echo', 'hi')).toBe('hi');
  });
});

/** Sends raw Socket.IO packets over one Engine.IO websocket and collects what comes back. */
async function rawSession(packets: string[], until: (frame: string) => boolean): Promise<string[]> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
  const frames: string[] = [];
  try {
    return await new Promise<string[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer; got ${JSON.stringify(frames)}`)), 3000);
      socket.on('error', reject);
      socket.on('message', (data) => {
        const frame = String(data);
        frames.push(frame);
        if (frame.startsWith('0')) socket.send('40');
        else if (frame.startsWith('40')) for (const packet of packets) socket.send(packet);
        else if (frame === '2') socket.send('3');
        if (until(frame)) {
          clearTimeout(timer);
          resolve(frames);
        }
      });
    });
  } finally {
    socket.close();
  }
}

describe('acks over raw packets', () => {
  it('42 23["echo","a","b","c"] (more arguments than declared) gets a 43 answer', async () => {
    const frames = await rawSession(['4223["echo","a","b","c"]'], (f) => f.startsWith('4323'));
    const answer = JSON.parse(frames.find((f) => f.startsWith('4323'))!.slice(4)) as unknown[];
    expect(answer[0]).toBeNull();
    expect(answer[1]).toMatchObject({ type: 'payload_validation', event: 'echo' });
  });

  it('a raw __proto__ event with an ack id gets a 43 unknown_event answer', async () => {
    const frames = await rawSession(['427["__proto__",{}]'], (f) => f.startsWith('437'));
    expect(JSON.parse(frames.find((f) => f.startsWith('437'))!.slice(3))).toEqual([null, expect.objectContaining({ type: 'unknown_event' })]);
  });

  it('a declared event with one argument is still answered normally', async () => {
    const frames = await rawSession(['425["echo","ok"]'], (f) => f.startsWith('435'));
    expect(frames.find((f) => f.startsWith('435'))).toBe('435["ok"]');
  });
});
