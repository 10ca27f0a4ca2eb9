/**
 * Compile-time guarantees of the generated plain WebSocket code (Kraken example, golden
 * ws-examples), checked by compiling snippets in memory with ts-morph: a complete handler map
 * and well-typed client calls compile; a wrong message name, a wrong payload, a wrong reply type
 * and a missing handler do not. The passing case proves the probe itself can pass.
 */
import { join } from 'node:path';
import { Project } from 'ts-morph';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
let project: Project;

beforeAll(() => {
  project = new Project({ tsConfigFilePath: join(root, 'tsconfig.json'), skipAddingFilesFromTsConfig: true });
});

const header = `
import { createServer, type Handlers } from '../fixtures/ws-examples/expected/generated/asyncapi/kraken/server.js';
import { connectMain } from '../fixtures/ws-examples/expected/generated/asyncapi/kraken/client.js';
import { connectMarketDataV1 } from '../fixtures/ws-examples/expected/generated/asyncapi/gemini/client.js';
const status = { event: 'subscriptionStatus', channelID: 1, channelName: 'x', status: 'online' } as const;
const client = connectMain('ws://localhost:1');
`;

function errorsOf(name: string, body: string): string[] {
  const file = project.createSourceFile(join(root, 'test/ws', `tmp-probe-${name}.ts`), header + body, { overwrite: true });
  return file.getPreEmitDiagnostics().map((d) => {
    const text = d.getMessageText();
    return typeof text === 'string' ? text : text.getMessageText() + ' ' + (text.getNext()?.map((n) => n.getMessageText()).join(' ') ?? '');
  });
}

describe('generated plain WebSocket types', () => {
  it('accept a complete handler map and well-typed client calls', () => {
    const errors = errorsOf(
      'ok',
      `
      const handlers: Handlers = { '/': { messages: { ping: () => ({ event: 'pong' }), subscribe: async () => status, unsubscribe: () => status } } };
      void createServer({ handlers });
      client.send.subscribe({ event: 'subscribe', subscription: { name: 'book', depth: 10 } });
      void client.request.receivePing({ event: 'ping', reqid: 1 }).then((pong) => pong.reqid);
      client.on('systemStatus', (s) => s.status === 'online');
      void connectMarketDataV1(undefined, { params: { symbol: 'btcusd' }, query: { heartbeat: true } });
      `,
    );
    expect(errors).toEqual([]);
  });

  it('reject a wrong message name', () => {
    expect(errorsOf('name', `client.send.subscrib({ event: 'subscribe' });`).join('\n')).toMatch(/Property 'subscrib' does not exist/);
    expect(errorsOf('on', `client.on('systemstatus', () => {});`).join('\n')).toMatch(/No overload matches this call/);
  });

  it('reject a wrong payload', () => {
    expect(errorsOf('payload', `client.send.subscribe({ event: 'subscribe', subscription: { name: 'candles' } });`).join('\n')).toMatch(/candles/);
    expect(errorsOf('param', `void connectMarketDataV1(undefined, { params: { symbol: 'dogeusd' } });`).join('\n')).toMatch(/dogeusd/);
  });

  it('reject a wrong reply type', () => {
    const errors = errorsOf('reply', `const handlers: Handlers = { '/': { messages: { ping: () => ({ event: 'pang' }), subscribe: () => status, unsubscribe: () => status } } };`);
    expect(errors.join('\n')).toMatch(/pang/);
    const clientSide = errorsOf('reply-client', `void client.request.receivePing({ event: 'ping' }).then((pong) => { const s: 'heartbeat' | undefined = pong.event; return s; });`);
    expect(clientSide.join('\n')).toMatch(/"pong"|'pong'/);
  });

  it('reject a handler map missing a message', () => {
    const errors = errorsOf('missing', `const handlers: Handlers = { '/': { messages: { ping: () => ({ event: 'pong' }), subscribe: () => status } } };`);
    expect(errors.join('\n')).toMatch(/Property 'unsubscribe' is missing/);
  });
});
