/**
 * A real browser's websocket through the tunnel, as noVNC uses it: Chromium frames and masks the
 * messages itself (how it sizes and splits them is its own), the tunnel streams the binary frames
 * to the target and hands the browser's pongs to ws (the server pings every second here, and
 * drops a peer that sent neither a pong nor a byte by the next ping), and every byte comes back in
 * order from a TCP echo service.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath, requireChromium } from '../asyncapi-runtime/support/chromium.js';
import { startEchoServer, type EchoServer } from '../../handlers/services/echo-server.js';
import { startTunnelServer, type TunnelServer } from '../../runtime/tunnel/index.js';

const hasChromium = requireChromium();

describe.skipIf(!hasChromium)('tunnel with Chromium as the page', () => {
  let echo: EchoServer;
  let server: TunnelServer;
  let browser: import('playwright-core').Browser;
  beforeAll(async () => {
    echo = await startEchoServer();
    server = await startTunnelServer({ host: '127.0.0.1', fixedTarget: { host: '127.0.0.1', port: echo.port }, pingIntervalMs: 1000, log: () => {} });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await echo?.close();
  });

  it('echoes binary messages from 1 byte to 3 MB intact, in order, while answering pings', async () => {
    const page = await browser.newPage();
    const sizes = [1, 125, 126, 65_535, 65_536, 70_000, 1_000_000, 3_000_000, 7];
    const result = await page.evaluate(
      async ({ url, sizes }) => {
        const total = sizes.reduce((sum, size) => sum + size, 0);
        const sent = new Uint8Array(total);
        for (let i = 0; i < total; i++) sent[i] = (i * 7 + (i >> 8)) & 255;
        const received = new Uint8Array(total);
        let length = 0;
        const ws = new WebSocket(url, 'binary');
        ws.binaryType = 'arraybuffer';
        await new Promise((resolve, reject) => {
          ws.onopen = resolve;
          ws.onerror = () => reject(new Error('the websocket failed to open'));
        });
        const done = new Promise<void>((resolve, reject) => {
          ws.onmessage = (event) => {
            const bytes = new Uint8Array(event.data as ArrayBuffer);
            received.set(bytes.subarray(0, Math.min(bytes.length, total - length)), length);
            length += bytes.length;
            if (length >= total) resolve();
          };
          ws.onclose = (event) => reject(new Error(`closed with ${event.code} after ${length} bytes`));
        });
        let at = 0;
        for (const size of sizes) {
          ws.send(sent.subarray(at, at + size));
          at += size;
          // Spread over several turns, so the server's pings fall between the messages.
          await new Promise((resolve) => setTimeout(resolve, 300));
        }
        await done;
        ws.onclose = null;
        ws.close();
        let firstDifference = -1;
        for (let i = 0; i < total && firstDifference < 0; i++) if (received[i] !== sent[i]) firstDifference = i;
        return { total, length, firstDifference };
      },
      { url: server.url.replace(/^http/, 'ws') + '/', sizes },
    );
    expect(result.length).toBe(result.total);
    expect(result.firstDifference).toBe(-1);
    // The pings were answered: a tunnel that misses one is dropped at the next ping.
    expect(server.activeTunnels()).toBeLessThanOrEqual(1);
    await page.close();
  });
});
