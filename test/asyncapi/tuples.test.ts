/**
 * Issue 12 item 6: a tuple payload (`prefixItems`, or draft-07 `items: [...]`) is the event's
 * argument list, typed and validated as such (a closed tuple refuses extra items in the type and
 * the validator alike); a plain array stays one argument; an event without payload is emitted
 * with no argument. Generated server and typed client over the real socket.io-client, plus
 * type probes where a wrong tuple argument does not compile.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateInto, typeProbes, type Generated } from './generate-into.js';

const spec = `asyncapi: 2.3.0
info: {title: Tuples, version: '1'}
servers:
  local: {url: 'localhost:3000/socket.io', protocol: ws}
channels:
  /:
    publish:
      message:
        oneOf:
          - name: tuple
            x-handler: api.tuple
            x-ack: {args: {type: string}}
            payload:
              type: array
              prefixItems:
                - type: number
                - enum: [foo, bar, baz]
          - name: closed
            x-handler: api.closed
            x-ack: {args: {type: string}}
            payload:
              type: array
              prefixItems: [{type: string}]
              items: {not: {}}
          - name: legacy
            x-handler: api.legacy
            x-ack: {args: {type: integer}}
            payload:
              type: array
              items: [{type: integer}, {type: integer}]
              minItems: 2
          - name: array
            x-handler: api.array
            x-ack: {args: {type: integer}}
            payload: {type: array, items: {type: number}}
          - name: poke
            x-handler: api.poke
            x-ack: {args: {type: string}}
    subscribe:
      message:
        oneOf:
          - name: typing
          - name: pair
            payload:
              type: array
              prefixItems: [{type: string}, {type: integer}]
              items: false
              minItems: 2
`;

let generated: Generated;
let api: { listen(port: number, host: string): Promise<number>; close(): Promise<void> };
let url: string;

beforeAll(async () => {
  generated = await generateInto('tuples', spec);
  expect(generated.lines.filter((l) => / error /.test(l))).toEqual([]);
  const server = await import(join(generated.folder, 'server.ts'));
  type Emitter = { emit(event: string, ...args: unknown[]): void };
  api = await server.createServer({
    docs: false,
    handlers: {
      '/': {
        events: {
          tuple: (num: number, word: string, socket: Emitter) => {
            socket.emit('typing');
            socket.emit('pair', word, num);
            return `${num}:${word}:${typeof socket.emit}`;
          },
          closed: (text: string) => text.toUpperCase(),
          legacy: (a: number, b: number) => a + b,
          array: (numbers: number[]) => numbers.length,
          poke: (payload: unknown) => `poked ${String(payload)}`,
        },
      },
    },
  });
  url = `http://127.0.0.1:${await api.listen(0, '127.0.0.1')}`;
});
afterAll(async () => {
  await api?.close();
  generated?.remove();
});

describe('tuple events', () => {
  it('reach the handler as separate arguments; the server emits tuples and no-payload events', async () => {
    const client = await import(join(generated.folder, 'client.ts'));
    const main = await client.connectMain(url).connected();
    try {
      const typing = new Promise<unknown[]>((resolve) => main.on('typing', (...args: unknown[]) => resolve(args)));
      const pair = new Promise<unknown[]>((resolve) => main.on('pair', (...args: unknown[]) => resolve(args)));
      expect(await main.emitWithAck('tuple', 42, 'foo')).toBe('42:foo:function');
      expect(await typing).toEqual([]);
      expect(await pair).toEqual(['foo', 42]);
      expect(await main.emitWithAck('legacy', 2, 3)).toBe(5);
      expect(await main.emitWithAck('closed', 'abc')).toBe('ABC');
      expect(await main.emitWithAck('array', [1, 2, 3])).toBe(3);
      expect(await main.emitWithAck('poke')).toBe('poked undefined');
    } finally {
      main.close();
    }
  });

  it('are validated as argument lists: a wrong item, or an extra item of a closed tuple, is refused', async () => {
    const client = await import(join(generated.folder, 'client.ts'));
    const main = await client.connectMain(url).connected();
    try {
      // Untyped on purpose: what a client without the types could send.
      const raw = main.socket;
      const send = (...args: unknown[]) => new Promise<unknown[]>((resolve) => raw.emit(...(args as [string]), (...answer: unknown[]) => resolve(answer)));
      expect(await send('tuple', 'x', 'foo')).toEqual([null, expect.objectContaining({ type: 'payload_validation', event: 'tuple' })]);
      expect(await send('tuple', 1, 'qux')).toEqual([null, expect.objectContaining({ type: 'payload_validation' })]);
      expect(await send('closed', 'a', 'b')).toEqual([null, expect.objectContaining({ type: 'payload_validation', event: 'closed' })]);
      expect(await send('legacy', 1)).toEqual([null, expect.objectContaining({ type: 'payload_validation' })]);
      // A plain array is one argument: two arrays are too many.
      expect(await send('array', [1], [2])).toEqual([null, expect.objectContaining({ type: 'payload_validation', event: 'array' })]);
      expect(await send('tuple', 1, 'bar')).toEqual(['1:bar:function']);
    } finally {
      main.close();
    }
  });

  it('types: items are checked one by one, a closed tuple takes no extra item, a no-payload event takes none', () => {
    const { own, probe } = typeProbes(generated, `import { connectMain } from './client.js';\nimport type { Handlers } from './server.js';\nconst c = connectMain('http://x');\nvoid c;`);
    expect(own).toEqual([]);
    expect(
      probe(
        'ok',
        `c.emit('tuple', 1, 'baz'); c.emit('closed', 'x'); c.emit('legacy', 1, 2); c.emit('array', [1]); c.emit('poke');
        c.on('pair', (word, num) => { const w: string = word; const n: number = num; void w; void n; });
        const h: Handlers['/'] = { events: { tuple: (num, word) => String(num ?? 0) + (word ?? ''), closed: (t) => t ?? '', legacy: (a, b) => a + b, array: (xs) => xs.length, poke: () => 'p' } };
        void h;`,
      ),
    ).toEqual([]);
    expect(probe('wrong-item', `c.emit('tuple', 1, 'qux');`).join('\n')).toMatch(/not assignable/);
    expect(probe('closed-extra', `c.emit('closed', 'x', 'y');`).join('\n')).toMatch(/Expected|not assignable/);
    expect(probe('no-payload', `c.emit('poke', 1);`).join('\n')).toMatch(/Expected 1 arguments|not assignable/);
    expect(probe('handler-item', `const h: Handlers['/'] = { events: { tuple: (num, word) => { const s: string = num; return s + word; }, closed: (t) => t ?? '', legacy: (a, b) => a + b, array: (xs) => xs.length, poke: () => 'p' } };\nvoid h;`).join('\n')).toMatch(
      /not assignable to type 'string'/,
    );
  });
});
