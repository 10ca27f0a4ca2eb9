/**
 * Target choice of AsyncAPI documents (table-driven over chooseTarget), the config `targets`
 * override through the kind's load context, and the dispatch decided for the examples: the
 * Socket.IO documents of this repository keep Socket.IO, plain WebSocket ones get `ws`.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSpecFile } from '../../generator/core/spec-file.js';
import { chooseTarget } from '../../generator/kinds/asyncapi/choose-target.js';
import { asyncapiKind } from '../../generator/kinds/asyncapi/index.js';
import { resolveConfig } from '../../generator/cli/config.js';

const info = { title: 't', version: '1' };

describe('chooseTarget', () => {
  it.each([
    ['x-handler', { channels: { '/a': { publish: { message: { name: 'm', 'x-handler': 'a.b' } } } } }, 'socketio', /x-handler at \/channels\/~1a\/publish\/message\/x-handler/],
    ['x-ack in components', { components: { messages: { m: { 'x-ack': { args: {} } } } } }, 'socketio', /x-ack/],
    ['/socket.io path (2.x url)', { servers: { s: { url: 'example.com/api/socket.io', protocol: 'wss' } } }, 'socketio', /server s has a \/socket.io path/],
    ['/socket.io path (3.x pathname)', { servers: { s: { host: 'example.com', pathname: '/socket.io', protocol: 'ws' } } }, 'socketio', /socket.io path/],
    ['EIO binding', { servers: { s: { url: 'x.com', protocol: 'ws' } }, channels: { '/': { bindings: { ws: { query: { type: 'object', properties: { EIO: { type: 'string' } } } } } } } }, 'socketio', /EIO/],
    ['wss server', { servers: { s: { host: 'api.gemini.com', protocol: 'wss' } } }, 'ws', /server protocol wss/],
    ['no servers', { channels: {} }, 'ws', /no servers/],
    ['mqtt', { servers: { s: { url: 'broker:1883', protocol: 'mqtt' } } }, 'mqtt', /mqtt/],
    ['amqp', { servers: { s: { host: 'rabbit', protocol: 'amqp' } } }, 'other', /amqp/],
    ['ws and https', { servers: { a: { host: 'x', protocol: 'ws' }, b: { host: 'y', protocol: 'https' } } }, 'other', /https\/ws/],
  ])('%s', (_, doc, target, rule) => {
    const choice = chooseTarget({ asyncapi: '3.0.0', info, ...doc }, undefined);
    expect(choice.target).toBe(target);
    expect(choice.rule).toMatch(rule);
  });

  it('lets the config decide over every rule', () => {
    expect(chooseTarget({ asyncapi: '3.0.0', info, servers: { s: { host: 'x', protocol: 'ws' } } }, 'socketio')).toEqual({ target: 'socketio', rule: 'config targets: socketio' });
    expect(chooseTarget({ asyncapi: '3.0.0', info, channels: { a: { messages: { m: { 'x-ack': {} } } } } }, 'ws').target).toBe('ws');
  });
});

describe('target choice in the kind', () => {
  const root = join(import.meta.dirname, '../..');
  const load = async (path: string, targets?: Record<string, 'socketio' | 'ws'>) => {
    const file = createSpecFile(path, join(root, path), readFileSync(join(root, path), 'utf8'));
    const context = { root, strict: false, exists: () => false, readText: () => '', ...(targets ? { targets } : {}) };
    return asyncapiKind.load([file], context);
  };

  it('keeps the Socket.IO examples on Socket.IO and puts the WebSocket examples on ws', async () => {
    for (const path of ['specs/asyncapi/chat.yml', 'specs/asyncapi/user-account-service.yml', 'test/fixtures/asyncapi-v31/input/specs/asyncapi/notifications.yml'])
      expect((await load(path)).ir.documents[0]?.target?.target, path).toBe('socketio');
    const kraken = await load('test/fixtures/ws-examples/input/specs/asyncapi/kraken.yml');
    expect(kraken.ir.documents[0]?.target?.target).toBe('ws');
    expect(kraken.ir.documents[0]?.namespaces).toEqual([]);
    expect(kraken.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('follows the config targets entry', async () => {
    const path = 'test/fixtures/ws-examples/input/specs/asyncapi/gemini.yml';
    const forced = await load(path, { [path]: 'socketio' });
    expect(forced.ir.documents[0]?.target).toEqual({ target: 'socketio', rule: 'config targets: socketio' });
    expect(forced.ir.documents[0]?.ws).toBeUndefined();
  });

  it('reads targets from sockgen.config.json, normalizing ./ and backslashes, and refuses other values', () => {
    const dir = join(root, 'test/ws/tmp-config');
    mkdirSync(dir, { recursive: true });
    try {
      writeFileSync(join(dir, 'sockgen.config.json'), JSON.stringify({ targets: { './specs/a.yml': 'ws', 'specs\\b.yml': 'socketio' } }));
      expect(resolveConfig(dir, {}, []).targets).toEqual({ 'specs/a.yml': 'ws', 'specs/b.yml': 'socketio' });
      writeFileSync(join(dir, 'sockgen.config.json'), JSON.stringify({ targets: { 'specs/a.yml': 'grpc' } }));
      expect(() => resolveConfig(dir, {}, [])).toThrow(/targets/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
