/**
 * Compile-time guarantees of the generated code, checked by compiling snippets in memory with
 * ts-morph against the committed output: a complete handler map compiles, a missing handler or
 * a wrong payload/ack type does not. The passing case proves the probe itself can pass.
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
import { createServer, type Handlers } from '../../generated/asyncapi/chat/server.js';
import { connectRoom } from '../../generated/asyncapi/chat/client.js';
const lobby: Handlers['/lobby'] = { events: { ping: (p) => p.nonce } };
`;

function errorsOf(name: string, body: string): string[] {
  const file = project.createSourceFile(join(root, 'test/asyncapi', `tmp-probe-${name}.ts`), header + body, { overwrite: true });
  return file.getPreEmitDiagnostics().map((d) => {
    const text = d.getMessageText();
    return typeof text === 'string' ? text : text.getMessageText() + ' ' + (text.getNext()?.map((n) => n.getMessageText()).join(' ') ?? '');
  });
}

describe('generated AsyncAPI types', () => {
  it('accept a complete, well-typed handler map and client calls', () => {
    const errors = errorsOf(
      'ok',
      `
      const handlers: Handlers = {
        '/lobby': lobby,
        '/room': { events: {
          join: () => ({ members: [{ name: 'ann', role: 'member' }] }),
          say: async (payload) => ({ id: payload.text, at: '' }),
        } },
      };
      void createServer({ handlers, security: { memberToken: () => undefined, botKey: () => ({ bot: true }) } });
      const client = connectRoom('http://localhost');
      client.emit('say', { text: 'hi', mood: 'happy' });
      void client.emitWithAck('join', { room: 'r' }).then((ack) => ack.members.map((m) => m.role));
      `,
    );
    expect(errors).toEqual([]);
  });

  it('reject a handler map missing an event', () => {
    const errors = errorsOf('missing', `const handlers: Handlers = { '/lobby': lobby, '/room': { events: { join: () => ({ members: [] }) } } };`);
    expect(errors.join('\n')).toMatch(/Property 'say' is missing/);
  });

  it('reject missing security hooks', () => {
    const errors = errorsOf(
      'security',
      `void createServer({ handlers: { '/lobby': lobby, '/room': { events: { join: () => ({ members: [] }), say: () => ({ id: '', at: '' }) } } } });`,
    );
    expect(errors.join('\n')).toMatch(/security/);
  });

  it('reject a wrong payload type, on the client and in a handler', () => {
    const client = errorsOf('client-payload', `connectRoom('http://localhost').emit('say', { text: 42 });`);
    expect(client.join('\n')).toMatch(/Type 'number' is not assignable to type 'string'/);
    const handler = errorsOf(
      'handler-payload',
      `const h: Handlers['/room'] = { events: { join: () => ({ members: [] }), say: (payload) => { const n: number = payload.text; return { id: String(n), at: '' }; } } };`,
    );
    expect(handler.join('\n')).toMatch(/Type 'string' is not assignable to type 'number'/);
  });

  it('type server emits: namespace broadcasts and handler sockets', () => {
    const ok = errorsOf(
      'emit-ok',
      `declare const server: import('../../generated/asyncapi/chat/server.js').ApiServer;
      server.namespaces['/room'].emit('typing', { member: { name: 'a', role: 'member' }, typing: true });
      const h: Handlers['/room'] = { events: { join: () => ({ members: [] }), say: (p, socket) => { socket.emit('typing', { member: { name: p.text, role: 'moderator' }, typing: false }); return { id: '', at: '' }; } } };`,
    );
    expect(ok).toEqual([]);
    const bad = errorsOf(
      'emit-bad',
      `declare const server: import('../../generated/asyncapi/chat/server.js').ApiServer;
      server.namespaces['/room'].emit('typing', { member: { name: 'a', role: 'owner' }, typing: true });`,
    );
    expect(bad.join('\n')).toMatch(/"owner"/);
  });

  it('reject a wrong ack type and an unknown event', () => {
    const ack = errorsOf('ack', `const h: Handlers['/room'] = { events: { join: () => ({ members: 'everyone' }), say: () => ({ id: '', at: '' }) } };`);
    expect(ack.join('\n')).toMatch(/not assignable/);
    const unknownEvent = errorsOf('event', `connectRoom('http://localhost').emit('shout', { text: 'x' });`);
    expect(unknownEvent.join('\n')).toMatch(/"shout"/);
  });
});
