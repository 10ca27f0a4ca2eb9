/**
 * Run-time fuzz of the tunnel server (issue 8, "The same idea at run time"): raw hostile REST
 * requests (methods, paths, queries, headers, bodies), websocket upgrades with hostile tokens,
 * subprotocols and cookies, and hostile websocket frames on an accepted tunnel (bad opcodes,
 * unmasked, reserved bits, lying lengths, fragmented control frames, text in binary-only mode).
 * Property: every case ends within a bound and is never a 500 of the server itself; after each
 * batch `/v1/status` answers 200 and a fresh tunnel echoes. Fixed seed; FUZZ_RUNS raises the
 * number of batches (default 500, about 10 s). Counts are printed.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoServer, type EchoServer } from '../../handlers/services/echo-server.js';
import { startTunnelServer, type TunnelServer } from '../../runtime/tunnel/index.js';
import { echo, openTunnel } from '../services/tunnel-helpers.js';
import { rawExchange } from './raw-exchange.js';

const runs = Number(process.env.FUZZ_RUNS ?? 500);
const seed = Number(process.env.FUZZ_SEED ?? 20261130);
const securityToken = 's3cret';
const folder = mkdtempSync(join(tmpdir(), 'sockgen-tunnel-fuzz-'));
let echoServer: EchoServer;
let server: TunnelServer;
let port: number;
const outcomes: Record<string, number> = {};
const count = (key: string) => (outcomes[key] = (outcomes[key] ?? 0) + 1);

beforeAll(async () => {
  echoServer = await startEchoServer();
  writeFileSync(join(folder, 'tokens'), `fz: 127.0.0.1:${echoServer.port}\n`);
  server = await startTunnelServer({
    host: '127.0.0.1',
    securityToken,
    tokenFile: join(folder, 'tokens'),
    services: [{ name: 'Echo', count: 2, options: {}, create: () => ({ start: async () => ({ host: '127.0.0.1', port: echoServer.port }), stop: async () => {} }) }],
    startTimeoutMs: 2000,
    log: () => {},
  });
  port = server.port;
});
afterAll(async () => {
  await server?.close();
  await echoServer?.close();
  rmSync(folder, { recursive: true, force: true });
  console.log(`tunnel fuzz (seed ${seed}): ${JSON.stringify(Object.fromEntries(Object.entries(outcomes).sort()))}`);
});

const exchange = (bytes: Buffer) => rawExchange(port, bytes);

const hostile = fc.constantFrom('', '..', '%', '%2e%2e', '%ZZ', '%00', '__proto__', 'constructor', 'toString', 'stop', '\u0000', 'é', '💥', 'x'.repeat(5000), '?', '#', ';', '//', '\\', 'Echo', 'fz');
const text = fc.oneof(hostile, fc.string({ maxLength: 20 }));
// Never /v1/stop with the right token: that one ends the server on purpose.
const action = fc.constantFrom('reserve', 'release', 'status', 'status_view', 'stop', 'Reserve', '', 'v1');
const path = fc
  .tuple(fc.constantFrom('/v1/', '/', '/v2/', '//v1/'), action, fc.array(text, { maxLength: 3 }))
  .map(([prefix, verb, parts]) => `${prefix}${verb}${parts.length ? '/' : ''}${parts.map((p) => encodeURI(p).slice(0, 6000)).join('/')}`);
const query = fc
  .tuple(fc.array(fc.tuple(text, text), { maxLength: 4 }), fc.constantFrom('none', 'right', 'right', 'wrong'))
  .map(([pairs, token]) => {
    const all = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`.slice(0, 6000));
    if (token === 'right') all.push(`security_token=${securityToken}`);
    if (token === 'wrong') all.push('security_token=s3creT');
    return all.join('&');
  });
const method = fc.oneof({ arbitrary: fc.constant('GET'), weight: 4 }, fc.constantFrom('HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'get', 'BREW'), fc.string({ maxLength: 10 }));
const header = fc.tuple(
  fc.oneof(fc.constantFrom('content-length', 'transfer-encoding', 'x-sockgen-user', 'x-sockgen-groups', 'cookie', 'host', 'upgrade', 'connection', 'sec-websocket-protocol', '__proto__'), fc.string({ minLength: 1, maxLength: 20 })),
  fc.oneof(fc.constantFrom('0', '-1', '99999999', 'chunked', 'websocket', 'Upgrade', 'token=fz', 'binary', 'base64', 'x'.repeat(9000)), fc.string({ maxLength: 30 })),
);
const body = fc.oneof(fc.constant(''), fc.json({ maxDepth: 4 }), fc.string({ maxLength: 300 }));

const printable = fc.stringMatching(/^[ -~]{0,30}$/);
const tidyHeader = fc.tuple(fc.constantFrom('x-sockgen-user', 'x-sockgen-groups', 'cookie', 'accept', 'origin', 'x-forwarded-for', 'user-agent'), fc.oneof(printable, fc.constantFrom('token=fz', 'admins,users', '__proto__')));
const restRequest = fc.tuple(method, path, query, fc.oneof({ arbitrary: fc.array(tidyHeader, { maxLength: 4 }), weight: 3 }, fc.array(header, { maxLength: 5 })), body).map(([m, p, q, headers, b]) => {
  const safeHeaders = headers.filter(([name]) => !/[\r\n:]/.test(name) && name.trim() !== '').map(([name, value]) => `${name}: ${value.replace(/[\r\n]/g, ' ')}`);
  const isStop = /(^|\/)stop(\/|$)/i.test(p) && q.includes(`security_token=${securityToken}`);
  const target = isStop ? p.replace(/stop/gi, 'status') : p;
  return Buffer.from(`${m} ${target}${q ? `?${q}` : ''} HTTP/1.1\r\nHost: x\r\n${safeHeaders.join('\r\n')}${safeHeaders.length ? '\r\n' : ''}Content-Length: ${Buffer.byteLength(b)}\r\nConnection: close\r\n\r\n${b}`);
});

const upgradeHeaders = (token: string, extra: string[]) =>
  `GET /websockify?token=${token} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n${extra.join('')}\r\n`;

const upgradeRequest = fc
  .tuple(fc.oneof(text.map((t) => encodeURIComponent(t).slice(0, 3000)), fc.constant('fz')), fc.option(fc.constantFrom('binary', 'base64', 'base64, binary', 'chat', '', ',,,', 'x'.repeat(3000))), fc.option(text))
  .map(([token, protocol, cookie]) => {
    const extra: string[] = [];
    if (protocol !== null) extra.push(`Sec-WebSocket-Protocol: ${protocol}\r\n`);
    if (cookie !== null) extra.push(`Cookie: token=${cookie.replace(/[\r\n]/g, '')}\r\n`);
    return Buffer.from(upgradeHeaders(token, extra));
  });

/** One websocket frame with every field under the fuzzer's control. */
const frameArb = fc
  .record({
    fin: fc.boolean(),
    rsv: fc.oneof({ arbitrary: fc.constant(0), weight: 5 }, fc.integer({ min: 1, max: 7 })),
    opcode: fc.oneof({ arbitrary: fc.constantFrom(0x2, 0x0), weight: 4 }, fc.constantFrom(0x1, 0x8, 0x9, 0xa), fc.integer({ min: 0, max: 15 })),
    masked: fc.oneof({ arbitrary: fc.constant(true), weight: 6 }, fc.constant(false)),
    payload: fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.constant(new Uint8Array(0)), fc.uint8Array({ minLength: 126, maxLength: 70_000 })),
    lie: fc.oneof({ arbitrary: fc.constant(0), weight: 6 }, fc.integer({ min: -50, max: 50 }), fc.constant(2 ** 31)),
  })
  .map(({ fin, rsv, opcode, masked, payload, lie }) => {
    const length = Math.max(0, payload.length + lie);
    const head: number[] = [(fin ? 0x80 : 0) | (rsv << 4) | opcode];
    const maskBit = masked ? 0x80 : 0;
    if (length < 126) head.push(maskBit | length);
    else if (length < 65536) head.push(maskBit | 126, length >> 8, length & 0xff);
    else {
      const big = Buffer.alloc(8);
      big.writeBigUInt64BE(BigInt(length));
      head.push(maskBit | 127, ...big);
    }
    const mask = masked ? randomBytes(4) : Buffer.alloc(0);
    const data = Buffer.from(payload);
    if (masked) for (let i = 0; i < data.length; i++) data[i]! ^= mask[i % 4]!;
    return Buffer.concat([Buffer.from(head), mask, data]);
  });

const caseArb = fc.oneof(
  restRequest.map((bytes) => ({ kind: 'rest', bytes })),
  upgradeRequest.map((bytes) => ({ kind: 'upgrade', bytes })),
  fc.array(frameArb, { minLength: 1, maxLength: 4 }).map((frames) => ({ kind: 'frames', bytes: Buffer.concat([Buffer.from(upgradeHeaders('fz', [])), ...frames]) })),
  fc.uint8Array({ maxLength: 400 }).map((bytes) => ({ kind: 'bytes', bytes: Buffer.from(bytes) })),
);

describe('tunnel fuzz', () => {
  it('regression (found by this fuzz): a request target like //#? is an ordinary 404/401, not a 500 (new URL threw)', async () => {
    expect(await exchange(Buffer.from(`GET //#?security_token=${securityToken} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`))).toBe(404);
    expect(await exchange(Buffer.from(upgradeHeaders('fz', []).replace('/websockify?token=fz', '//#?token=fz')))).toBe(401);
    const status = await fetch(`${server.url}//v1/status?security_token=${securityToken}`);
    expect(status.status).toBe(200);
    await status.text();
  });

  it('every hostile REST call, upgrade and frame ends within a bound, never a 500; the next good request is served', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(caseArb, { minLength: 1, maxLength: 4 }), async (cases) => {
        for (const one of cases) {
          const outcome = await exchange(one.bytes);
          count(`${one.kind} → ${outcome}`);
          expect(outcome, `${one.kind}: ${one.bytes.subarray(0, 200).toString('latin1')}`).not.toBe('hang');
          expect(outcome).not.toBe(500);
        }
        const status = await fetch(`${server.url}/v1/status?security_token=${securityToken}`);
        expect(status.status).toBe(200);
        await status.text();
        const ws = await openTunnel(`${server.url.replace('http', 'ws')}/?token=fz`);
        expect((await echo(ws, Buffer.from('good'))).toString()).toBe('good');
        ws.terminate();
        count('batches served');
      }),
      { numRuns: runs, seed, endOnFailure: true },
    );
    expect(server.activeTunnels()).toBeLessThanOrEqual(1);
  }, 180_000);
});
