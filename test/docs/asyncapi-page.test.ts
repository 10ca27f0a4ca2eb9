/**
 * The AsyncAPI docs page on the community's React renderer, served by createDocsHandler (the
 * handler of generated Socket.IO and WebSocket servers and of `sockgen mock`): bundle and
 * stylesheet byte-for-byte from the installed @asyncapi/react-component, no CDN, a CSP naming only
 * this server; rendered in headless Chromium for a Socket.IO document (2.x), a 3.0 document, a
 * plain-WebSocket document and an MQTT connector document, with screenshots in test/docs/tmp-screenshots/ (not committed).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asyncApiPageCsp } from '../../runtime/docs/asyncapi-page.js';
import { createDocsHandler } from '../../runtime/socketio/docs.js';
import { chromiumArgs, chromiumPath, requireChromium } from '../asyncapi-runtime/support/chromium.js';
import { loadFixture } from '../asyncapi-runtime/support/fixtures.js';

const repo = join(import.meta.dirname, '../..');
const componentRoot = dirname(createRequire(import.meta.url).resolve('@asyncapi/react-component/package.json'));
const servers: Server[] = [];

async function serve(document: unknown, base: string): Promise<string> {
  const handler = createDocsHandler({ document, base });
  const server = createServer((req, res) => {
    if (!handler(req, res)) res.writeHead(404).end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterAll(() => servers.forEach((server) => server.close()));

describe('AsyncAPI renderer page over HTTP', () => {
  it('serves the page, the bundle and the stylesheet from the installed package', async () => {
    const origin = await serve(await loadFixture('user-account.yml'), '/api');
    const page = await fetch(`${origin}/api/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(asyncApiPageCsp);
    const html = await page.text();
    expect(html).toContain('data-document="/api/docs/asyncapi.json"');
    expect(html).toContain('<script src="/api/docs/assets/asyncapi-standalone.js"></script>');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script>/);
    const bundle = await fetch(`${origin}/api/docs/assets/asyncapi-standalone.js`);
    expect(bundle.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(Buffer.from(await bundle.arrayBuffer()).equals(readFileSync(join(componentRoot, 'browser/standalone/index.js')))).toBe(true);
    const css = await fetch(`${origin}/api/docs/assets/asyncapi.css`);
    expect(Buffer.from(await css.arrayBuffer()).equals(readFileSync(join(componentRoot, 'styles/default.min.css')))).toBe(true);
    for (const other of ['/api/docs/assets/', '/api/docs/assets/x.js', '/api/docs/assets/constructor', '/api/docs/assets/__proto__']) expect((await fetch(`${origin}${other}`)).status).toBe(404);
    expect((await fetch(`${origin}/api/docs/assets/asyncapi.css`, { method: 'POST' })).status).toBe(405);
  });
});

const hasChromium = requireChromium();

describe.skipIf(!hasChromium)('AsyncAPI renderer page in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  });
  afterAll(() => browser?.close());

  async function open(origin: string, path: string, screenshot: string) {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const problems: string[] = [];
    const loaded: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('requestfinished', (request) => loaded.push(new URL(request.url()).origin));
    await page.goto(`${origin}${path}`);
    await page.locator('#asyncapi .aui-root, #asyncapi #introduction').first().waitFor({ timeout: 30_000 });
    mkdirSync(join(import.meta.dirname, 'tmp-screenshots'), { recursive: true });
    await page.screenshot({ path: join(import.meta.dirname, 'tmp-screenshots', screenshot), fullPage: false });
    // Open every schema (the renderer's own "Expand all" buttons) so their property tables are in the text.
    await page.evaluate(() => document.querySelectorAll('button').forEach((button) => button.textContent === 'Expand all' && button.click()));
    // The clicks re-render asynchronously: read until the text stops changing (a loaded machine
    // took longer than one read to expand them).
    let text = '';
    for (let settled = 0, reads = 0; settled < 2 && reads < 50; reads++) {
      const next = (await page.locator('#asyncapi').innerText()).replace(/\u00a0/g, ' ');
      settled = next === text ? settled + 1 : 0;
      text = next;
      if (settled < 2) await page.waitForTimeout(200);
    }
    writeFileSync(join(import.meta.dirname, 'tmp-screenshots', screenshot.replace('.png', '.txt')), text);
    return { page, problems, loaded, text };
  }

  it('renders a Socket.IO document: channels, messages, payload properties, no CSP refusal', { timeout: 60_000 }, async () => {
    const origin = await serve(await loadFixture('user-account.yml'), '/api');
    const { page, problems, loaded, text } = await open(origin, '/api/docs', 'asyncapi-socketio.png');
    // Channels (namespaces) with their operations, the messages by id, the component schemas.
    for (const expected of ['User Account Service 1.0.0', 'RECEIVE /user', 'SEND /user', 'SEND /admin', 'UserSignedUp', 'UserLoggedIn', 'UserProfile', 'Metrics', 'A user signs up', 'Schemas', 'Email']) expect(text).toContain(expected);
    // The handshake binding as a property table, not raw JSON: `token`, a string, required.
    expect(text).toMatch(/token\s+String\s+required/);
    // A payload schema opens into its properties with their constraints.
    expect(text).toMatch(/age\s+Integer\s+required[\s\S]{0,40}18 <= value/); // a required marker and the minimum
    expect(problems.filter((p) => /Content Security Policy|Refused|Error/i.test(p))).toEqual([]);
    expect(new Set(loaded)).toEqual(new Set([origin]));
    await page.close();
  });

  it('renders a 3.0 document, a plain-WebSocket document and an MQTT connector document the same way', { timeout: 60_000 }, async () => {
    const chat = await serve(await loadFixture('chat-v3.yml'), '/events');
    const v3 = await open(chat, '/events/docs/', 'asyncapi-v3.png');
    const v3Text = v3.text;
    for (const expected of ['Chat Service 2.1.0', 'RECEIVE /chat', 'SEND /chat', 'receiveSay', 'sendSaid', 'Accepts one of the following messages']) expect(v3Text).toContain(expected);
    expect(v3Text).toMatch(/text\s+String\s+required[\s\S]{0,40}<= 200 characters/);
    expect(v3.problems.filter((p) => /Content Security Policy|Refused/i.test(p))).toEqual([]);
    await v3.page.close();

    // A plain-WebSocket document (the ws target's Kraken example): what its generated server serves.
    const kraken = await serve(await loadFixture(join(repo, 'test/fixtures/ws-examples/input/specs/asyncapi/kraken.yml')), '/');
    const ws = await open(kraken, '/docs', 'asyncapi-websocket.png');
    for (const expected of ['Kraken Websockets API 1.8.0', 'REPLY', 'receivePing', 'subscriptionStatus', 'systemStatus', 'Schemas']) expect(ws.text).toContain(expected);
    expect(ws.problems.filter((p) => /Content Security Policy|Refused/i.test(p))).toEqual([]);
    await ws.page.close();

    const mqttDocument = await loadFixture(join(repo, 'specs/connectors/room-climate-api/asyncapi.yaml'));
    const mqtt = await serve(mqttDocument, '/');
    const m = await open(mqtt, '/docs', 'asyncapi-mqtt.png');
    const mText = m.text;
    expect(mText).toContain((mqttDocument as { info: { title: string } }).info.title);
    for (const expected of ['Room Climate API 1.0.0', 'SEND rooms/{room}/temperature', 'RECEIVE rooms/{room}/setpoint', 'MQTT', 'Message IDreading', 'Message IDsetpoint', 'Room id, e.g. r101.']) expect(mText).toContain(expected);
    expect(m.problems.filter((p) => /Content Security Policy|Refused/i.test(p))).toEqual([]);
    await m.page.close();
  });
});
