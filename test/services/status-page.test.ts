/** The `/v1/status_view` page, rendered in headless Chromium, shows the live instances. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath, requireChromium } from '../asyncapi-runtime/support/chromium.js';
import { createServicesClient } from '../../generated/services/client.js';
import { services } from '../../generated/services/server.js';
import { startTunnelServer, type TunnelServer } from '../../runtime/tunnel/index.js';
import { eventually, openTunnel } from './tunnel-helpers.js';

const hasChromium = requireChromium();

describe.skipIf(!hasChromium)('status page in Chromium', () => {
  let server: TunnelServer;
  let browser: import('playwright-core').Browser;
  beforeAll(async () => {
    server = await startTunnelServer({ host: '127.0.0.1', securityToken: 's<&>"', services, log: () => {} });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lists services, running instances and reservations', async () => {
    const securityToken = 's<&>"';
    const client = createServicesClient({ baseUrl: server.url, securityToken });
    const running = await client.reserveLocalSoftwareSession();
    const waiting = await client.reserveLocalSoftwareSession();
    const ws = await openTunnel(client.websocketUrl(running.token));
    await eventually(async () => (await client.status()).services.some((s) => s.instances.length === 1));

    const page = await browser.newPage();
    const response = await page.goto(`${server.url}/v1/status_view?security_token=${encodeURIComponent(securityToken)}`);
    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe('sockgen tunnel status');
    const local = page.locator('section.service[data-service="Local Software Session"]');
    expect(await local.locator('h2').textContent()).toBe('Local Software Session');
    expect(await local.locator('.running').textContent()).toBe('1');
    const rows = local.locator('tr.instance');
    expect(await rows.count()).toBe(1);
    const cells = await rows.first().locator('td').allTextContents();
    expect(cells[0]).toBe('0');
    expect(cells[1]).toBe(running.token);
    expect(cells[3]).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(await local.locator('li.reservation code').allTextContents()).toEqual([waiting.token]);
    const cluster = page.locator('section.service[data-service="Cluster Node Session"]');
    expect(await cluster.locator('p').first().textContent()).toBe('0 of 1 running, group ClusterRendering');

    ws.close();
    await eventually(async () => (await client.status()).services.every((s) => s.instances.length === 0));
    await page.reload();
    expect(await local.locator('tr.instance').count()).toBe(0);
    expect(await local.locator('.running').textContent()).toBe('0');
    await page.close();
  });
});
