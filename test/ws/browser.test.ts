/**
 * The generated plain WebSocket client in a browser: bundled by esbuild for the browser platform
 * (no Node built-ins may reach it; the native WebSocket is used), then driven in headless
 * Chromium against the generated Kraken server: request/reply by reqid, a broadcast, an invalid
 * server frame to on('invalid'), and an invalid payload refused before it leaves.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type TypedServer } from '../fixtures/ws-examples/expected/generated/asyncapi/kraken/server.js';
import { chromiumArgs, chromiumPath, requireChromium } from '../asyncapi-runtime/support/chromium.js';

const root = join(import.meta.dirname, '..', '..');
const generated = join(root, 'test/fixtures/ws-examples/expected/generated/asyncapi');

/** What the page runs: everything the client does, reported back as plain data. */
const entry = `
import { connectMain } from './kraken/client.ts';
window.runKraken = async (url) => {
  const client = connectMain(url);
  await client.opened();
  const seen = { heartbeats: 0, invalid: [] };
  client.on('heartbeat', () => { seen.heartbeats++; });
  client.on('invalid', (i) => seen.invalid.push(i.reason + ':' + (i.message ?? '')));
  const pong = await client.request.receivePing({ event: 'ping', reqid: 77 });
  const status = await client.request.subscribe({ event: 'subscribe', pair: ['XBT/EUR'], subscription: { name: 'ticker' } });
  let refused = '';
  try { client.send.subscribe({ event: 'subscribe', subscription: { name: 'candles' } }); } catch (e) { refused = String(e.message); }
  window.krakenSeen = seen;
  return { pong, status, refused, nativeWebSocket: typeof window.WebSocket === 'function' };
};
`;

async function bundle(): Promise<string> {
  const result = await build({
    stdin: { contents: entry, resolveDir: generated, loader: 'ts' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    conditions: ['sockgen-source'],
  });
  expect(result.errors).toEqual([]);
  return result.outputFiles[0]!.text;
}

describe('browser-safe plain WebSocket client', () => {
  it('bundles for the browser without Node built-ins (api, client, validators)', async () => {
    const text = await bundle();
    expect(text).not.toMatch(/from ["']node:|require\(["'](net|fs|http|https|crypto|tls|stream|events|zlib)["']\)/);
    expect(text).toContain('validateSubscribe');
  });
});

const hasChromium = requireChromium();

describe.skipIf(!hasChromium)('generated client in headless Chromium against the generated server', () => {
  let browser: Browser;
  let server: TypedServer;
  let page: Server;
  let origin = '';
  let wsUrl = '';
  beforeAll(async () => {
    const script = await bundle();
    server = await createServer({ handlers: { '/': { messages: { ping: () => ({ event: 'pong' }), subscribe: () => ({ event: 'subscriptionStatus', channelID: 1, channelName: 'ticker', status: 'online' }), unsubscribe: () => ({ event: 'subscriptionStatus', channelID: 1, channelName: 'ticker', status: 'online' }) } } }, docs: false });
    wsUrl = `ws://127.0.0.1:${await server.listen(0)}`;
    page = createHttpServer((req, res) => {
      if (req.url === '/app.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>ws</title><script type="module" src="/app.js"></script>');
    });
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(page.address() as { port: number }).port}`;
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((resolve) => page?.close(resolve));
  });

  it('requests, receives broadcasts and refuses invalid messages both ways', async () => {
    const tab = await browser.newPage();
    await tab.goto(origin);
    await tab.waitForFunction(() => typeof (window as unknown as { runKraken?: unknown }).runKraken === 'function');
    const result = await tab.evaluate((url) => (window as unknown as { runKraken(u: string): Promise<Record<string, unknown>> }).runKraken(url), wsUrl);
    expect(result).toMatchObject({
      pong: { event: 'pong', reqid: 77 },
      status: { event: 'subscriptionStatus', channelName: 'ticker', reqid: expect.any(Number) },
      refused: expect.stringMatching(/payload\/subscription\/name must be one of/),
      nativeWebSocket: true,
    });
    expect(server.channels['/'].broadcast.heartbeat({ event: 'heartbeat' })).toBe(1);
    for (const connection of server.channels['/'].connections) {
      connection.socket.send('{"event":"heartbeat","extra":[');
      connection.socket.send('{"event":"systemStatus","status":"on fire"}');
    }
    const seen = () => tab.evaluate(() => (window as unknown as { krakenSeen: unknown }).krakenSeen);
    await expect.poll(seen).toEqual({ heartbeats: 1, invalid: ['not_json:', 'payload_validation:systemStatus'] });
    await tab.close();
  });
});
