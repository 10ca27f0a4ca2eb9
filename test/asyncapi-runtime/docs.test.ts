/**
 * The docs page and raw document served by createDocsHandler: URL matching, escaping, both
 * AsyncAPI versions, and what a real browser shows when it loads the page over HTTP.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocsHandler, docsBaseFor } from 'sockgen/runtime/socketio';
import { renderDocsPage } from '../../runtime/socketio/docs.js';
import { chromiumArgs, chromiumPath, requireChromium } from './support/chromium.js';
import { loadFixture } from './support/fixtures.js';

const hostile = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';

/** A document whose every string tries to break out of the HTML. */
const hostileDocument = {
  asyncapi: '2.6.0',
  info: { title: `Evil ${hostile}`, version: '1.0.0"><b>', description: hostile },
  servers: { main: { url: `example.com/x/socket.io?${hostile}`, protocol: 'ws', description: hostile } },
  channels: {
    [`/ns"${hostile}`]: {
      description: hostile,
      publish: { message: { name: `ev${hostile}`, summary: hostile, payload: { type: 'string', description: hostile }, 'x-handler': hostile } },
    },
  },
};

async function listen(handler: ReturnType<typeof createDocsHandler>): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    if (!handler(req, res)) {
      res.writeHead(404);
      res.end('not docs');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('docsBaseFor', () => {
  it.each([
    ['/socket.io', '/'],
    ['/socket.io/', '/'],
    ['/events/socket.io', '/events'],
    ['/api/v1/socket.io', '/api/v1'],
    ['socket.io', '/'],
  ])('%s → %s', (path, base) => expect(docsBaseFor(path)).toBe(base));
});

describe('createDocsHandler over HTTP', () => {
  let userAccount: unknown;
  let servers: Server[] = [];
  beforeAll(async () => {
    userAccount = await loadFixture('user-account.yml');
  });
  afterAll(() => servers.forEach((s) => s.close()));

  it('serves the page and the raw document under the base, and nothing else', async () => {
    const { server, origin } = await listen(createDocsHandler({ document: userAccount, base: '/api' }));
    servers.push(server);
    const page = await fetch(`${origin}/api/docs/plain?x=1`); // the script-free page (the renderer's: test/docs)
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('User Account Service');
    expect(html).not.toMatch(/<script|<link|src="http/);

    const json = await fetch(`${origin}/api/docs/asyncapi.json`);
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await json.json()) as { info: { title: string }; channels: Record<string, unknown> };
    expect(body.info.title).toBe('User Account Service');
    expect(Object.keys(body.channels)).toEqual(['/user', '/admin']);
    expect(JSON.stringify(body)).not.toContain('x-parser-');

    for (const other of ['/docs', '/api/docsx', '/api/docs/other.json', '/api/socket.io/?EIO=4']) expect((await fetch(`${origin}${other}`)).status).toBe(404);
    expect((await fetch(`${origin}/api/docs`, { method: 'POST' })).status).toBe(405);
  });

  it('serves under `/` for the default Socket.IO path', async () => {
    const { server, origin } = await listen(createDocsHandler({ document: userAccount, base: docsBaseFor('/socket.io') }));
    servers.push(server);
    expect((await fetch(`${origin}/docs`)).status).toBe(200);
    expect((await fetch(`${origin}/docs/asyncapi.json`)).status).toBe(200);
  });
});

describe('renderDocsPage', () => {
  it('escapes every document string', () => {
    const html = renderDocsPage(hostileDocument, '/docs/asyncapi.json');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('"><b>');
    expect(html).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
  });

  it('renders a 3.0 document: address as namespace, receive/send as client/server events, x-ack', async () => {
    const html = renderDocsPage(await loadFixture('chat-v3.yml'), '/events/docs/asyncapi.json');
    expect(html).toContain('data-namespace="/chat"');
    expect(html).toMatch(/data-event="say" data-direction="client"/);
    expect(html).toMatch(/data-event="said" data-direction="server"/);
    expect(html).toContain('<code>/events/socket.io</code>');
    expect(html).toContain('&quot;delivered&quot;');
  });

  it('gives namespaces that slug alike distinct anchors', () => {
    const html = renderDocsPage({ asyncapi: '2.6.0', info: { title: 't', version: '1' }, channels: { '/a.b': {}, '/a-b': {} } }, '/docs/asyncapi.json');
    expect(html).toContain('id="ns-a-b" data-namespace="/a-b"');
    expect(html).toContain('id="ns-a-b-2" data-namespace="/a.b"');
    expect(html).toContain('<a href="#ns-a-b-2">/a.b</a>');
  });

  it('survives a recursive schema', () => {
    const node: Record<string, unknown> = { type: 'object', properties: {} };
    (node.properties as Record<string, unknown>).child = node;
    const html = renderDocsPage({ asyncapi: '2.6.0', info: { title: 't', version: '1' }, channels: { '/': { subscribe: { message: { name: 'tree', payload: node } } } } }, '/docs/asyncapi.json');
    expect(html).toContain('&quot;$ref&quot;: &quot;#&quot;');
  });
});

const hasChromium = requireChromium();

describe.skipIf(!hasChromium)('docs page in headless Chromium', () => {
  let browser: Browser;
  let servers: Server[] = [];
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  });
  afterAll(async () => {
    await browser?.close();
    servers.forEach((s) => s.close());
  });

  it('shows every namespace with the events each side sends, loading nothing else', async () => {
    const { server, origin } = await listen(createDocsHandler({ document: await loadFixture('user-account.yml'), base: '/api' }));
    servers.push(server);
    const page = await browser.newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    const response = await page.goto(`${origin}/api/docs/plain`);
    expect(response?.status()).toBe(200);
    await expect(page.title()).resolves.toBe('User Account Service 1.0.0');

    const user = page.locator('section.namespace[data-namespace="/user"]');
    expect(await user.isVisible()).toBe(true);
    expect(await user.locator('h2').innerText()).toBe('Namespace /user');
    expect(await user.locator('article.client .event-name').allInnerTexts()).toEqual(['log in', 'sign up']);
    expect(await user.locator('article.server .event-name').allInnerTexts()).toEqual(['profile']);
    const signUp = user.locator('article[data-event="sign up"]');
    expect(await signUp.innerText()).toContain('my_api.handlers.user.sign_up');
    expect(await signUp.innerText()).toContain('"minimum": 18');
    expect(await signUp.innerText()).toContain('Acknowledgement');
    expect(await user.innerText()).toContain('"token"');

    const admin = page.locator('section.namespace[data-namespace="/admin"]');
    expect(await admin.isVisible()).toBe(true);
    expect(await admin.locator('article.server .event-name').allInnerTexts()).toEqual(['metrics']);
    expect(await admin.innerText()).toContain('basicAuth');
    expect(await page.locator('#servers').innerText()).toContain('/api/socket.io');
    expect(await page.locator('#security').innerText()).toContain('bearerAuth');

    expect(requested).toEqual([`${origin}/api/docs/plain`]);
    await page.close();
  });

  it('shows hostile strings as text and runs none of them', async () => {
    const { server, origin } = await listen(createDocsHandler({ document: hostileDocument, base: '/' }));
    servers.push(server);
    const page = await browser.newPage();
    await page.goto(`${origin}/docs/plain`);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('h1').innerText()).toContain('<script>window.__pwned = 1</script>');
    expect(await page.locator('img').count()).toBe(0);
    await page.close();
  });
});
