/**
 * Run-time fuzz of the Custom Sockets HTTP host (issue 8, "The same idea at run time"): random and
 * hostile request lines, paths, headers and bodies, written as raw bytes over TCP so that malformed
 * HTTP reaches the server too. Property: every case ends (an answer or a closed connection) within
 * a bound, no answer is a 500 of the host itself, and the next good request is served.
 * Fixed seed; FUZZ_RUNS raises the number of cases (default 3000, about 10 s). Counts are printed.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { HttpResponse, nodeScript, pythonScript, type Handler } from 'sockgen/runtime/http';
import { mount, socket, startHost, type RunningHost } from '../runtime-http/support.js';
import { rawExchange } from './raw-exchange.js';

const runs = Number(process.env.FUZZ_RUNS ?? 3000);
const seed = Number(process.env.FUZZ_SEED ?? 20261130);
const hasPython = spawnSync('python3', ['--version']).status === 0;
let running: RunningHost;
let port: number;

beforeAll(async () => {
  const handlers: Record<string, Handler> = {
    echo: ({ args, meta }) => ({ args, method: meta.method, headers: Object.keys(meta.headers).length }),
    answer: ({ args }) => new HttpResponse({ status: 200, content: String(args.text ?? ''), contentType: 'text/plain' }),
    node: nodeScript({ source: 'console.log(JSON.stringify(ARGS)); return undefined;', name: 'node' }),
    // Through the warm Python workers: bodies reach Python verbatim (big integers, odd strings).
    ...(hasPython ? { py: pythonScript({ source: 'import json, sys\nsys.stdout.write(json.dumps({"args": ARGS, "method": META["request"]["REQUEST_METHOD"]}, ensure_ascii=True))\n', name: 'py' }) } : {}),
  };
  const definition = socket('fz', [
    { name: 'echo', routes: [{ method: '*', script: 'echo' }] },
    { name: 'answer', routes: [{ method: 'GET', script: 'answer' }], cacheSeconds: 5 },
    { name: 'node', routes: [{ method: 'POST', script: 'node' }] },
    ...(hasPython ? [{ name: 'py', routes: [{ method: '*' as const, script: 'py' }] }] : []),
  ]);
  running = await startHost({ sockets: [mount(definition, handlers)], maxBodyBytes: 64 * 1024 });
  port = Number(new URL(running.url).port);
});
afterAll(async () => {
  await running?.host.close();
});

/** Raw bytes to the host; its status code, 'closed' or 'hang'. */
const exchange = (bytes: Buffer, limitMs = 3000): Promise<number | 'closed' | 'hang'> => rawExchange(port, bytes, limitMs);

const hostile = fc.constantFrom('', '..', '%', '%2e%2e', '%ZZ', '%00', '__proto__', 'constructor', 'toString', '\u0000', 'é', '💥', '%F0%9F', 'x'.repeat(5000), '?', '#', ';', '//', '\\');
const segment = fc.oneof(hostile, fc.string({ maxLength: 20 }), fc.constantFrom('endpoints', 'sockets', 'fz', 'echo', 'answer', 'node', 'traces'));
const realPath = fc
  .tuple(fc.constantFrom('fz/echo', 'fz/answer', 'fz/node', 'fz/py', 'echo', 'node', 'fz/echo/traces', 'fz', ''), fc.constantFrom('/', ''))
  .map(([route, slash]) => `/v1.1/instances/default/endpoints/sockets/${route}${slash}`);
const path = fc.oneof(
  { arbitrary: realPath, weight: 4 },
  fc.array(segment, { maxLength: 8 }).map((parts) => `/v1.1/instances/default/${parts.join('/')}`),
  fc.array(segment, { maxLength: 8 }).map((parts) => `/${parts.join('/')}`),
  fc.constantFrom('/v1.1/instances/default/endpoints/sockets/fz/echo/', '/v1.1/instances/default/endpoints/sockets/echo', '*', 'http://x/y', ''),
);
const query = fc.array(fc.tuple(fc.oneof(hostile, fc.string({ maxLength: 10 })), fc.oneof(hostile, fc.string({ maxLength: 10 }))), { maxLength: 5 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));
const method = fc.oneof({ arbitrary: fc.constantFrom('GET', 'POST'), weight: 3 }, fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT', 'get', 'BREW'), fc.string({ maxLength: 12 }));
const headerName = fc.oneof(fc.constantFrom('content-type', 'content-length', 'transfer-encoding', 'x-api-key', 'host', 'origin', 'cookie', 'expect', 'connection', '__proto__'), fc.string({ minLength: 1, maxLength: 30 }));
const headerValue = fc.oneof(
  fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain', 'chunked', '0', '-1', '99999999999', '100-continue', 'close', 'x'.repeat(9000)),
  fc.string({ maxLength: 40 }),
);
/** Deeply nested or huge JSON, JSON with __proto__, or arbitrary bytes. */
const body = fc.oneof(
  fc.json({ maxDepth: 6 }),
  fc.nat({ max: 20000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc.nat({ max: 5000 }).map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
  fc.constantFrom('{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"x":1}}}', '{"n":12345678901234567890}', 'a=1&a=2&__proto__=3', '{', 'null', '"x"'),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);
const request = fc.record({
  method,
  path,
  query,
  headers: fc.oneof({ arbitrary: fc.constant([] as Array<[string, string]>), weight: 2 }, fc.array(fc.tuple(headerName, headerValue), { maxLength: 6 })),
  body: fc.oneof({ arbitrary: fc.constant(''), weight: 1 }, body),
  lengthMode: fc.oneof({ arbitrary: fc.constant('right'), weight: 3 }, fc.constantFrom('none', 'short', 'long', 'chunked')),
});

function render(r: { method: string; path: string; query: string; headers: Array<[string, string]>; body: string; lengthMode: string }): Buffer {
  const bodyBytes = Buffer.from(r.body, 'latin1');
  const lines = [`${r.method} ${r.path}${r.query ? `?${r.query}` : ''} HTTP/1.1`, 'host: 127.0.0.1'];
  for (const [name, value] of r.headers) lines.push(`${name}: ${value}`);
  let payload = bodyBytes;
  if (r.lengthMode === 'right') lines.push(`content-length: ${bodyBytes.length}`);
  else if (r.lengthMode === 'short') lines.push(`content-length: ${Math.max(0, bodyBytes.length - 3)}`);
  else if (r.lengthMode === 'long') lines.push(`content-length: ${bodyBytes.length + 10}`);
  else if (r.lengthMode === 'chunked') {
    lines.push('transfer-encoding: chunked');
    payload = Buffer.concat([Buffer.from(`${bodyBytes.length.toString(16)}\r\n`), bodyBytes, Buffer.from('\r\n0\r\n\r\n')]);
  }
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), payload]);
}

/** A failure report that shows the shrunk case cut short (a case may hold a 20 000-deep body). */
function shortReport<T>(details: fc.RunDetails<T>): void {
  if (!details.failed) return;
  const example = JSON.stringify(details.counterexample)?.slice(0, 2000);
  throw new Error(`http-host fuzz failed after ${details.numRuns} cases (seed ${details.seed}, path ${details.counterexamplePath}): ${example}`);
}

describe('HTTP host fuzz', () => {
  it(`stays up under ${runs} random and hostile requests, and serves the next good one`, async () => {
    const counts = new Map<string, number>();
    const count = (key: string): void => void counts.set(key, (counts.get(key) ?? 0) + 1);
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const outcome = await exchange(render(r));
        count(typeof outcome === 'number' ? `${Math.floor(outcome / 100)}xx` : outcome);
        if (outcome === 'hang') return false;
        // A 500 is only right when a handler failed; these handlers do not, so it would be the host's own.
        if (outcome === 500) return false;
        const good = await fetch(`${running.base}/endpoints/sockets/fz/echo/?ok=1`);
        const json = (await good.json()) as { args: Record<string, unknown> };
        return good.status === 200 && json.args.ok === '1' && ({} as Record<string, unknown>).polluted === undefined;
      }),
      { numRuns: runs, seed, endOnFailure: true, reporter: shortReport },
    );
    const summary = [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, value]) => `${key}: ${value}`).join(', ');
    console.log(`http-host fuzz, seed ${seed}, ${runs} cases: ${summary}`);
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(runs);
    expect(running.logs.filter((line) => line.includes('internal error'))).toEqual([]);
  }, 600_000);

  it('regression: a 5000-deep JSON body is a 400 (it parsed, then the answer overflowed the stack: 500)', async () => {
    const body = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    const response = await fetch(`${running.base}/endpoints/sockets/fz/echo/`, { method: 'POST', body });
    expect([response.status, await response.json()]).toEqual([400, { detail: 'request body nests deeper than 512 levels' }]);
    // 512 levels, and brackets inside strings, are fine.
    const fine = '['.repeat(511) + '"[[[["' + ']'.repeat(511);
    expect((await fetch(`${running.base}/endpoints/sockets/fz/echo/`, { method: 'POST', body: `{"x":${fine}}` })).status).toBe(200);
  });

  it('regression: a body cut short by a caller that leaves is not logged as an internal error', async () => {
    const before = running.logs.length;
    const outcome = await exchange(Buffer.from('POST /v1.1/instances/default/endpoints/sockets/fz/echo/ HTTP/1.1\r\nhost: x\r\ncontent-length: 50\r\n\r\n{"a":'));
    expect(outcome === 'closed' || outcome === 400).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(running.logs.slice(before).filter((line) => line.includes('internal error'))).toEqual([]);
  });
});
