/**
 * Acks of events the server emits (`x-ack` on a sent message): the client's typed `on` listener
 * returns the ack, the server checks it against its schema. Hand-made spec, real sockets.
 */
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectNamespace, type TypedClient } from '../../runtime/socketio-client/index.js';
import { createSocketApiServer, type ApiSpec, type SocketApiServer } from '../../runtime/socketio/index.js';

const ajv = new Ajv({ allErrors: true });
const spec: ApiSpec = {
  path: '/socket.io',
  document: {},
  securitySchemes: {},
  namespaces: [
    {
      name: '/jobs',
      receive: {},
      send: {
        offer: {
          validate: ajv.compile({ type: 'object', properties: { job: { type: 'string' } }, required: ['job'] }),
          ack: ajv.compile({ type: 'object', properties: { accepted: { type: 'boolean' } }, required: ['accepted'] }),
        },
      },
      security: [],
    },
  ],
};

type Offer = { job: string };
type Reply = { accepted: boolean };
type Receive = { offer: { payload: Offer; ack: Reply } };

const errors: Error[] = [];
let server: SocketApiServer;
let url: string;
let client: TypedClient<Receive, Record<string, never>>;
let answer: unknown = { accepted: true };

beforeAll(async () => {
  server = await createSocketApiServer(spec, { '/jobs': { error: (error: Error) => void errors.push(error) } }, {}, { docs: false });
  url = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
  client = await connectNamespace<Receive, Record<string, never>, unknown, unknown>(url, '/jobs', '/socket.io').connected();
  client.on('offer', async (offer) => {
    expect(offer.job).toBe('paint');
    return answer as Reply;
  });
});
afterAll(async () => {
  client?.close();
  await server?.close();
});

describe('acks of server emits', () => {
  it('a valid client ack reaches emitWithAck', async () => {
    answer = { accepted: true };
    const live = [...server.io.of('/jobs').sockets.values()][0]!;
    const reply = await live.timeout(2000).emitWithAck('offer', { job: 'paint' });
    expect(reply).toEqual({ accepted: true });
  });

  it('an invalid client ack is refused: emitWithAck rejects, the error handler hears why', async () => {
    answer = { accepted: 'maybe' };
    const live = [...server.io.of('/jobs').sockets.values()][0]!;
    const refused = await live.timeout(2000).emitWithAck('offer', { job: 'paint' }).catch((e: unknown) => e);
    expect((refused as { data?: { type?: string } }).data?.type).toBe('ack_validation');
    expect(errors.at(-1)?.message).toMatch(/client ack of offer does not match its x-ack schema: ack\/accepted must be boolean/);
  });

  it('an invalid payload is refused before it leaves', async () => {
    const live = [...server.io.of('/jobs').sockets.values()][0]!;
    expect(() => live.emit('offer', { task: 'x' })).toThrowError(/payload must have required property 'job'/);
  });
});
