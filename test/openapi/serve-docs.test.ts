/**
 * The Custom Sockets host serves each socket's OpenAPI document and a Redoc reference page from
 * the installed `redoc` package: over a real HTTP server, and rendered in headless Chromium under
 * the page's CSP (screenshot in test/openapi/tmp-screenshots/, not committed).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { socketOpenApiDocument } from '../../runtime/docs/openapi-document.js';
import { openApiPageCsp } from '../../runtime/docs/openapi-page.js';
import { createSocketHost } from '../../runtime/http/create-socket-host.js';
import type { MountedSocket, SocketDefinition, SocketHost } from '../../runtime/http/types.js';
import { chromiumArgs, chromiumPath, requireChromium } from '../asyncapi-runtime/support/chromium.js';

const shop: SocketDefinition = {
  name: 'shop',
  description: 'Prices and orders',
  metadata: { version: '1.2.0' },
  endpoints: [
    { name: 'price', routes: [{ method: 'GET', script: 'price' }] },
    { name: 'order', routes: [{ method: 'POST', script: 'order' }, { method: 'DELETE', script: 'order' }] },
  ],
  config: { constants: {}, prompts: [] },
  classes: [{ name: 'order', fields: [{ name: 'sku', type: 'string' }, { name: 'qty', type: 'integer' }] }],
};
const mounted: MountedSocket = { definition: shop, handlers: { price: () => ({ price: 3 }), order: () => undefined }, config: {} };
const redocFile = join(dirname(createRequire(import.meta.url).resolve('redoc/package.json')), 'bundles/redoc.standalone.js');

async function start(options: { apiKey?: string } = {}): Promise<{ host: SocketHost; base: string }> {
  const host = createSocketHost({ sockets: [mounted], instance: 'team a', ...options });
  const { url } = await host.listen(0);
  return { host, base: `${url}/v1.1/instances/team%20a/sockets/shop` };
}

describe('socket docs on the host', () => {
  let host: SocketHost;
  let base: string;
  beforeAll(async () => ({ host, base } = await start()));
  afterAll(() => host.close());

  it('serves openapi.json with the running instance as the server default', async () => {
    const answer = await fetch(`${base}/openapi.json`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const document = (await answer.json()) as Record<string, any>;
    expect(document).toEqual(socketOpenApiDocument(shop, [shop], { instance: 'team a' }));
    expect(document.servers[0].variables.instance.default).toBe('team a');
    expect((await fetch(`${base}/openapi.json`, { method: 'POST' })).status).toBe(405);
  });

  it('serves the page with a strict CSP and the bundle from the installed package', async () => {
    const page = await fetch(`${base}/docs/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(openApiPageCsp);
    const html = await page.text();
    expect(html).toContain('<redoc spec-url="/v1.1/instances/team%20a/sockets/shop/openapi.json"');
    expect(html).not.toMatch(/https?:\/\//); // no CDN, no absolute URL at all
    expect(html).not.toMatch(/<script>/); // no inline script
    const bundle = await fetch(`${base}/docs/redoc.standalone.js`);
    expect(bundle.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(Buffer.from(await bundle.arrayBuffer()).equals(readFileSync(redocFile))).toBe(true);
    expect((await fetch(`${base}/docs/other.js`)).status).toBe(404);
    expect((await fetch(`${base.replace('/shop', '/nope')}/openapi.json`)).status).toBe(404);
  });

  it('behind an API key, a page opened with ?api_key= passes it on to the document and bundle', async () => {
    const keyed = await start({ apiKey: 's3cret&<' });
    try {
      expect((await fetch(`${keyed.base}/openapi.json`)).status).toBe(401);
      const html = await (await fetch(`${keyed.base}/docs?api_key=${encodeURIComponent('s3cret&<')}`)).text();
      const specUrl = /spec-url="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
      expect(specUrl).toBe('/v1.1/instances/team%20a/sockets/shop/openapi.json?api_key=s3cret%26%3C');
      expect((await fetch(new URL(specUrl, keyed.base))).status).toBe(200);
    } finally {
      await keyed.host.close();
    }
  });
});

const hasChromium = requireChromium();

describe.skipIf(!hasChromium)('Redoc page in headless Chromium', () => {
  let browser: Browser;
  let host: SocketHost;
  let base: string;
  beforeAll(async () => {
    ({ host, base } = await start());
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  it('renders the operations, errors and schemas with nothing refused by the CSP', { timeout: 60_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const requested: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('requestfinished', (request) => requested.push(new URL(request.url()).origin)); // CSP-blocked ones fail
    await page.goto(`${base}/docs/`);
    await page.getByText('Prices and orders').first().waitFor({ timeout: 30_000 });
    const text = await page.locator('redoc').innerText();
    for (const expected of ['shop', '1.2.0', '/endpoints/sockets/shop/price/', '/endpoints/sockets/order/', 'apiKeyHeader', 'QUERY PARAMETERS', 'Runs script order']) expect(text).toContain(expected);
    mkdirSync(join(import.meta.dirname, 'tmp-screenshots'), { recursive: true });
    await page.screenshot({ path: join(import.meta.dirname, 'tmp-screenshots/openapi-redoc.png') });
    // Every error answer of an operation is listed; opening the 405 shows its `{detail}` shape.
    const operation = page.locator('[data-section-id$="shop.price.get"]').first();
    for (const status of ['200', '204', '400', '401', '404', '405', '413', '415', '500', '504']) expect(await operation.innerText()).toContain(status);
    await operation.getByRole('button', { name: /405/ }).first().click();
    await operation.getByText('detail').first().waitFor();
    expect(await operation.innerText()).toContain('Allow');
    // Redoc's "API docs by Redocly" logo comes from its CDN: the CSP blocks it and Redoc hides the
    // image on error. Anything else blocked would be something the page needs.
    const blocked = problems.filter((p) => /Content Security Policy|Refused/i.test(p));
    expect(blocked.filter((p) => !p.includes("'https://cdn.redoc.ly/redoc/logo-mini.svg'"))).toEqual([]);
    expect(await page.locator('img[alt="redocly logo"]').count()).toBe(0);
    expect(new Set(requested)).toEqual(new Set([new URL(base).origin]));
    await page.close();
  });
});
