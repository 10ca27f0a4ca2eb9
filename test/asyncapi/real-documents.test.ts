/**
 * Issue 12 items 2, 3, 7 and 8 on generated code, end to end with the real socket.io-client:
 * unnamed messages are events named by their key, several 3.x channels on one address are one
 * namespace with the union of their operations, server variables fill the Socket.IO path (and
 * the config can choose the server), and a protocol without a runtime gets types and
 * validators with one info note. AAPI006 remains for two really different messages.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectorsKind } from '../../generator/kinds/connectors/index.js';
import { createSpecFile } from '../../generator/core/spec-file.js';
import { readFileSync } from 'node:fs';
import { generateInto, type Generated } from './generate-into.js';

const cleanups: Generated[] = [];
afterAll(() => cleanups.forEach((g) => g.remove()));

const keyed = `asyncapi: 3.0.0
info: {title: Keyed, version: '1'}
servers:
  local:
    host: 'localhost:{port}'
    protocol: ws
    pathname: '/{base}/socket.io'
    variables:
      port: {default: '3000'}
      base: {enum: [api, v2]}
  zz-other: {host: 'example.com', protocol: ws, pathname: /other/socket.io}
channels:
  roomA:
    address: /room
    messages:
      hello:
        payload: {type: string, minLength: 1}
        x-handler: api.hello
  roomB:
    address: /room
    messages:
      bye:
        payload: {type: object, properties: {reason: {type: string}}, required: [reason]}
        x-handler: api.bye
      left:
        payload: {type: integer}
operations:
  hello: {action: receive, channel: {$ref: '#/channels/roomA'}}
  bye: {action: receive, channel: {$ref: '#/channels/roomB'}, messages: [{$ref: '#/channels/roomB/messages/bye'}]}
  left: {action: send, channel: {$ref: '#/channels/roomB'}, messages: [{$ref: '#/channels/roomB/messages/left'}]}
`;

describe('events, namespaces and servers of real documents', () => {
  it('unnamed messages take their key; two channels on /room are one namespace; {base} is filled', async () => {
    const generated = await generateInto('keyed', keyed);
    cleanups.push(generated);
    expect(generated.lines.filter((l) => / error /.test(l))).toEqual([]);
    const server = await import(join(generated.folder, 'server.ts'));
    const client = await import(join(generated.folder, 'client.ts'));
    expect(server.socketIoPath).toBe('/api/socket.io');
    const seen: unknown[] = [];
    const api = await server.createServer({
      docs: false,
      handlers: {
        '/room': {
          events: {
            hello: (text: string, socket: { emit(event: string, value: unknown): void }) => {
              seen.push(['hello', text]);
              socket.emit('left', 7);
            },
            bye: (payload: { reason: string }) => void seen.push(['bye', payload.reason]),
          },
        },
      },
    });
    const port = await api.listen(0, '127.0.0.1');
    const room = await client.connectRoom(`http://127.0.0.1:${port}`).connected();
    try {
      const left = new Promise((resolve) => room.on('left', resolve));
      room.emit('hello', 'hi');
      expect(await left).toBe(7);
      room.emit('bye', { reason: 'done' });
      await expect.poll(() => seen).toEqual([
        ['hello', 'hi'],
        ['bye', 'done'],
      ]);
    } finally {
      room.close();
      await api.close();
    }
  });

  it('the config can choose the server whose path applies', async () => {
    const generated = await generateInto('keyed-other', keyed, { servers: { 'specs/keyed-other.yml': 'zz-other' } });
    cleanups.push(generated);
    expect(generated.files.get('generated/asyncapi/keyed-other/client.ts')).toContain(`socketIoPath = '/other/socket.io'`);
    const unknown = await generateInto('keyed-unknown', keyed, { servers: { 'specs/keyed-unknown.yml': 'nope' } });
    cleanups.push(unknown);
    expect(unknown.lines.filter((l) => / error /.test(l))).toEqual([expect.stringMatching(/^specs\/keyed-unknown\.yml:\d+:\d+ error AAPI020 sockgen\.config\.json servers names "nope"/)]);
  });

  it('AAPI006 only for two different messages with one event name, not for copies', async () => {
    const spec = (second: string) => `asyncapi: 2.6.0
info: {title: Twice, version: '1'}
channels:
  /:
    publish:
      message:
        oneOf:
          - {name: note, payload: {type: string}, x-handler: api.note}
          - {name: note, payload: ${second}, x-handler: api.note}
`;
    const copies = await generateInto('twice-same', spec('{type: string}'));
    cleanups.push(copies);
    expect(copies.lines).toEqual([]);
    const different = await generateInto('twice-different', spec('{type: integer}'));
    cleanups.push(different);
    expect(different.lines).toEqual([expect.stringMatching(/^specs\/twice-different\.yml:9:13 error AAPI006 two messages are event note \(receive\) in \//)]);
  });

  it('2.x messages without a name take their component key, then messageId', async () => {
    const generated = await generateInto(
      'components',
      `asyncapi: 2.6.0
info: {title: Components, version: '1'}
servers:
  local: {url: 'localhost:3000/socket.io', protocol: ws}
channels:
  /:
    subscribe:
      message:
        oneOf:
          - $ref: '#/components/messages/userJoined'
          - {messageId: userLeft, payload: {type: string}}
components:
  messages:
    userJoined: {payload: {type: string}}
`,
    );
    cleanups.push(generated);
    expect(generated.lines).toEqual([]);
    const events = generated.files.get('generated/asyncapi/components/events.ts')!;
    expect(events).toMatch(/userJoined: \{ payload: /);
    expect(events).toMatch(/userLeft: \{ payload: /);
  });

  it('a protocol without a runtime: types, validators and the document, one info note, no error', async () => {
    const generated = await generateInto(
      'kafka',
      `asyncapi: 2.6.0
info: {title: Kafka, version: '1'}
servers:
  broker: {url: 'kafka.example.com:{port}', protocol: kafka, variables: {port: {default: '9092'}}, security: [{certs: []}]}
channels:
  light.{lightId}.measured:
    parameters: {lightId: {schema: {type: string}}}
    subscribe:
      message: {payload: {type: object, properties: {lumens: {type: integer}}}}
components:
  securitySchemes:
    certs: {type: X509}
`,
    );
    cleanups.push(generated);
    expect(generated.lines).toEqual([expect.stringMatching(/^specs\/kafka\.yml:\d+:\d+ info AAPI021 protocol kafka has no sockgen runtime: types\.ts, validators\.ts and asyncapi\.json are generated/)]);
    expect([...generated.files.keys()].filter((p) => p.startsWith('generated/asyncapi/')).sort()).toEqual([
      'generated/asyncapi/kafka/asyncapi.json',
      'generated/asyncapi/kafka/types.ts',
      'generated/asyncapi/kafka/validators.ts',
    ]);
    const validators = await import(join(generated.folder, 'validators.ts'));
    const validate = Object.entries(validators).find(([name]) => /Payload$/.test(name))![1] as (v: unknown) => boolean;
    // The address's parameters are typed and validated too.
    const params = Object.entries(validators).find(([name]) => /Parameters$/.test(name))![1] as (v: unknown) => boolean;
    expect(params({ lightId: 'a' })).toBe(true);
    expect(params({})).toBe(false);
    expect(validate({ lumens: 3 })).toBe(true);
    expect(validate({ lumens: 'bright' })).toBe(false);
  });

  it('mqtt server variables fill the broker port (connectors kind): no CONN013 for {port}', async () => {
    const path = 'test/corpus/asyncapi/spec-2.6.0/streetlights-mqtt.yml';
    const root = join(import.meta.dirname, '../..');
    const spec = createSpecFile(path, join(root, path), readFileSync(join(root, path), 'utf8'));
    const result = await connectorsKind.load([spec], { root, strict: false, exists: () => false, readText: () => '' });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(JSON.stringify(result.ir)).toContain('1883');
  });
});
