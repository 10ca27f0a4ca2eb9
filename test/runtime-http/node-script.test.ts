import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeScript, type Handler } from 'sockgen/runtime/http';
import { mount, socket, startHost, type RunningHost } from './support.js';

let folder: string;
let running: RunningHost;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'sockgen-node-'));
  writeFileSync(join(folder, 'helper.cjs'), 'module.exports = (who) => `hi ${who}`;\n');
  writeFileSync(join(folder, 'uses-require.js'), "const greet = require('./helper.cjs');\nconsole.log(greet(ARGS.who));\n");
  writeFileSync(join(folder, 'exported.js'), 'module.exports = async ({ args, config }) => ({ doubled: args.n * 2, config });\n');
  const handlers: Record<string, Handler> = {
    contract: nodeScript({ source: 'console.log(JSON.stringify({ args: ARGS, method: META.method, endpoint: META.endpoint, config: CONFIG }));' }),
    text: nodeScript({ source: "console.log('hello', ARGS.name ?? 'world');" }),
    respond: nodeScript({ source: "setResponse(new HttpResponse(201, '<i>ok</i>', 'text/html', { 'x-kind': 'positional' }));" }),
    respond_object: nodeScript({ source: "set_response(new HttpResponse({ status_code: 202, content: { ok: true } }));" }),
    returned: nodeScript({ source: 'await new Promise((resolve) => setTimeout(resolve, 5));\nreturn { sum: Number(ARGS.a) + Number(ARGS.b) };' }),
    throws: nodeScript({ source: "throw new TypeError('bad input ' + ARGS.id);", name: 'thrower' }),
    spin: nodeScript({ source: 'while (true) {}', timeoutMs: 300 }),
    wait: nodeScript({ source: 'await new Promise(() => {});', timeoutMs: 300 }),
    require: nodeScript({ file: join(folder, 'uses-require.js') }),
    exported: nodeScript({ file: join(folder, 'exported.js') }),
    chatty: nodeScript({ source: "for (let i = 0; i < 3000; i++) console.log('line', i);", maxOutputBytes: 64 * 1024 }),
    flood: nodeScript({ source: "for (;;) console.log('é'.repeat(99));", maxOutputBytes: 64 * 1024, name: 'flood' }),
    isolated: nodeScript({ source: 'globalThis.seen = (globalThis.seen ?? 0) + 1; return { seen: globalThis.seen };' }),
  };
  const definition = socket(
    'js',
    Object.keys(handlers).map((name) => ({ name, routes: [{ method: '*' as const, script: name }] })),
  );
  running = await startHost({ sockets: [mount(definition, handlers, { token: 'abc' })] });
});

afterAll(async () => {
  await running?.host.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const call = (endpoint: string, init?: RequestInit & { query?: string }) =>
  fetch(`${running.base}/endpoints/sockets/js/${endpoint}/${init?.query ?? ''}`, init);

describe('nodeScript', () => {
  it('keeps every console.log line under the cap, and answers 500 past it (bytes, not characters)', async () => {
    const chatty = await call('chatty');
    const lines = (await chatty.text()).split('\n');
    expect([lines.length, lines[0], lines[2999]]).toEqual([3001, 'line 0', 'line 2999']);
    const flood = await call('flood');
    expect([flood.status, ((await flood.json()) as { detail: string }).detail]).toEqual([500, 'script flood failed: script flood printed more than 65536 bytes']);
  });

  it('gives the script ARGS, META and CONFIG; JSON printed with console.log is the answer', async () => {
    const response = await call('contract', { method: 'PATCH', body: JSON.stringify({ x: [1] }), query: '?q=1' });
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ args: { q: '1', x: [1] }, method: 'PATCH', endpoint: 'contract', config: { token: 'abc' } });
    expect(await (await call('text', { query: '?name=Ada' })).text()).toBe('hello Ada\n');
  });

  it('answers with setResponse, positional (platform style) or object form', async () => {
    const positional = await call('respond');
    expect([positional.status, positional.headers.get('content-type'), positional.headers.get('x-kind'), await positional.text()]).toEqual([201, 'text/html', 'positional', '<i>ok</i>']);
    const object = await call('respond_object');
    expect([object.status, await object.json()]).toEqual([202, { ok: true }]);
  });

  it('awaits async work and answers a returned value as JSON', async () => {
    expect(await (await call('returned', { query: '?a=2&b=3' })).json()).toEqual({ sum: 5 });
  });

  it('calls module.exports functions with args and config', async () => {
    expect(await (await call('exported', { method: 'POST', body: JSON.stringify({ n: 21 }) })).json()).toEqual({ doubled: 42, config: { token: 'abc' } });
  });

  it('resolves require next to the script file', async () => {
    expect(await (await call('require', { query: '?who=Bo' })).text()).toBe('hi Bo\n');
  });

  it('answers 500 with the error of a throwing script', async () => {
    const response = await call('throws', { query: '?id=9' });
    expect([response.status, ((await response.json()) as { detail: string }).detail]).toEqual([500, 'script throws failed: bad input 9']);
  });

  it('cuts off a synchronous loop and a never-settling promise with 504, and keeps serving', async () => {
    const spin = await call('spin');
    expect([spin.status, await spin.json()]).toEqual([504, { detail: 'script inline script timed out after 300 ms' }]);
    const [wait, meanwhile] = await Promise.all([call('wait'), call('text')]);
    expect(await meanwhile.text()).toBe('hello world\n');
    expect(wait.status).toBe(504);
  });

  it('gives every run a fresh context', async () => {
    expect(await (await call('isolated')).json()).toEqual({ seen: 1 });
    expect(await (await call('isolated')).json()).toEqual({ seen: 1 });
  });
});
