/** `sockgen mock` as a user runs it: a child process, a free port, the real socket.io-client. */
import { afterAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { writeFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath, loadFixture } from './support/fixtures.js';
import { schemaAt } from './support/schemas.js';
import { startNode, type Child } from './support/spawn.js';

const children: Child[] = [];
const tmp = mkdtempSync(join(tmpdir(), 'sockgen-mock-'));
afterAll(async () => {
  await Promise.all(children.map((c) => c.stop()));
  rmSync(tmp, { recursive: true, force: true });
});

function sockgen(...args: string[]): Child {
  const child = startNode(['bin/sockgen.mjs', ...args]);
  children.push(child);
  return child;
}

describe('sockgen mock', () => {
  it('serves the document on a free port: handshake and security checked, valid server emits, valid acks; SIGTERM exits 0', async () => {
    const document = await loadFixture('user-account.yml');
    const child = sockgen('mock', fixturePath('user-account.yml'), '--port', '0', '--interval', '25', '--quiet');
    const [, url, path] = await child.waitFor(/listening on (http:\/\/\S+) path (\S+) namespaces/);
    expect(path).toBe('/api/socket.io');
    // Like the generated server, the mock wants the query token (bindings.ws) and a bearer token (security).
    const refusal = (options: Parameters<typeof connect>[1]) =>
      new Promise((resolve) => {
        const refused = connect(`${url}/user`, { path, transports: ['websocket'], forceNew: true, reconnection: false, ...options });
        refused.once('connect', () => (refused.close(), resolve('connected')));
        refused.once('connect_error', (error: Error & { data?: { type?: string } }) => (refused.close(), resolve(error.data?.type)));
      });
    expect(await refusal({ auth: { token: 'any' } })).toBe('handshake_validation');
    expect(await refusal({ query: { token: 't' } })).toBe('unauthorized');
    const socket = connect(`${url}/user`, { path, transports: ['websocket'], forceNew: true, query: { token: 't' }, auth: { token: 'any' } });
    try {
      const profile = await new Promise((resolve) => socket.once('profile', resolve));
      const validProfile = schemaAt(document, ['components', 'messages', 'UserProfile', 'payload']);
      expect(validProfile(profile), JSON.stringify(validProfile.errors)).toBe(true);
      const ack = await socket.timeout(5000).emitWithAck('sign up', { full_name: 'Ada', email: 'ada@example.com', age: 36 });
      const validAck = schemaAt(document, ['components', 'messages', 'UserSignedUp', 'x-ack', 'args']);
      expect(validAck(ack), JSON.stringify(validAck.errors)).toBe(true);
    } finally {
      socket.close();
    }
    await expect(child.stop()).resolves.toBe(0);
  });

  it('exits 1 with a diagnostic for a missing file', async () => {
    const child = sockgen('mock', 'no/such/asyncapi.yml');
    expect(await child.exited).toBe(1);
    expect(child.stderr()).toContain('no/such/asyncapi.yml:1:1 error MOCK001 cannot read the AsyncAPI document: no such file');
  });

  it('exits 1 with file:line:col diagnostics and the $ref hint for a bare-string oneOf item', async () => {
    const text = readFileSync(fixturePath('user-account.yml'), 'utf8').replace("- $ref: '#/components/messages/Metrics'", "- '#/components/messages/Metrics'");
    const bad = join(tmp, 'bare-ref.yml');
    writeFileSync(bad, text);
    const child = sockgen('mock', bad);
    expect(await child.exited).toBe(1);
    const line = text.split('\n').findIndex((l) => l.includes("- '#/components/messages/Metrics'")) + 1;
    // The generator's own diagnostic: the mock refuses exactly what generation refuses.
    expect(child.stderr()).toMatch(new RegExp(`bare-ref\\.yml:${line}:\\d+ error AAPI002 oneOf item is the bare string .*\\(hint: write it as a Reference Object: - \\$ref: '#/components/messages/Metrics'`));
    expect(child.stderr()).toContain('no mock was started');
  });

  it('exits 1 for a YAML file that is not AsyncAPI', async () => {
    const bad = join(tmp, 'not-asyncapi.yml');
    writeFileSync(bad, 'openapi: 3.0.0\ninfo: {title: x, version: "1"}\npaths: {}\n');
    const child = sockgen('mock', bad);
    expect(await child.exited).toBe(1);
    expect(child.stderr()).toMatch(/not-asyncapi\.yml:\d+:\d+ error AAPI001 /);
  });

  it.each([
    [[], 'exactly one AsyncAPI file'],
    [['a.yml', 'b.yml'], 'exactly one AsyncAPI file'],
    [['a.yml', '--port', 'x'], '--port must be a whole number'],
    [['a.yml', '--port', '70000'], '--port must be a whole number'],
    [['a.yml', '--interval', '0'], '--interval must be a whole number'],
    [['a.yml', '--nope'], 'unknown option --nope'],
  ])('exits 2 on usage error %j', async (args, message) => {
    const child = sockgen('mock', ...args);
    expect(await child.exited).toBe(2);
    expect(child.stderr()).toContain(message);
  });
});
