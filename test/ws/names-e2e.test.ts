/**
 * Hostile names end to end (golden ws-names): a message named `__proto__` and one named
 * `constructor`, an address with spaces and a quote, a parameter value with a slash and spaces
 * (percent-encoded by the client, decoded by the server), an operation named `send it`, a
 * server message named `close` (reached with onMessage, while on('close') stays the client's event).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { connectOdd } from '../fixtures/ws-names/expected/generated/asyncapi/names/client.js';
import { createServer } from '../fixtures/ws-names/expected/generated/asyncapi/names/server.js';

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

describe('ws-names: hostile names over real sockets', () => {
  it('routes, dispatches and replies by names that are not identifiers or are Object members', async () => {
    const seen: unknown[] = [];
    const server = await createServer({
      handlers: {
        '/': { messages: { hello: () => {} } },
        "/it's a {room id}/ok": {
          messages: {
            ['__proto__']: (payload, connection) => {
              seen.push([payload.kind, connection.params['room id']]);
              return { kind: 'ctor' };
            },
            'my message': (payload) => void seen.push(payload.kind),
          },
        },
      },
    });
    open.push(server);
    const port = await server.listen(0);
    const client = connectOdd(`ws://127.0.0.1:${port}/ws`, { params: { 'room id': 'a b/c' } });
    open.push(client);
    await client.opened();
    expect(await client.request['send it']({ kind: 'proto' })).toEqual({ kind: 'ctor' });
    client.send['my message']({ kind: "it's" });
    await expect.poll(() => seen).toEqual([['proto', 'a b/c'], "it's"]);
    const got: unknown[] = [];
    client.on('constructor', (c) => got.push(c.kind));
    server.channels["/it's a {room id}/ok"].broadcast.constructor({ kind: 'ctor' });
    await expect.poll(() => got).toEqual(['ctor']);
    // A message named like a client event: onMessage() gets it, on('close') keeps meaning the connection.
    const byes: unknown[] = [];
    const closes: unknown[] = [];
    client.onMessage('close', (m) => byes.push(m.kind));
    client.on('close', (info) => closes.push(info.code));
    server.channels["/it's a {room id}/ok"].broadcast.close({ kind: 'bye' });
    await expect.poll(() => byes).toEqual(['bye']);
    expect(closes).toEqual([]);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});
