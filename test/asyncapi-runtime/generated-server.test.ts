/**
 * The runtime pieces as the generated servers and clients use them: the docs page served by the
 * generated chat server (3.0) and User Account Service (2.3) seen in headless Chromium, and the
 * mock of specs/asyncapi/chat.yml driven by the generated typed client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { createServer as createChatServer, type ApiServer } from '../../generated/asyncapi/chat/server.js';
import { connectRoom } from '../../generated/asyncapi/chat/client.js';
import { createServer as createUserAccountServer } from '../../generated/asyncapi/user-account-service/server.js';
import { SockgenError } from 'sockgen/runtime/socketio-client';
import { startMockServer, type MockServer } from '../../runtime/socketio/mock-server.js';
import { chromiumArgs, chromiumPath, requireChromium } from './support/chromium.js';
import { loadFixture } from './support/fixtures.js';
import { repoRoot } from './support/spawn.js';
import { schemaAt } from './support/schemas.js';

const roomHeaders = { 'x-client-version': '1.0' };

async function startChat(options: { docs?: boolean } = {}): Promise<{ server: ApiServer; origin: string }> {
  const server = await createChatServer({
    ...options,
    handlers: {
      '/lobby': { events: { ping: () => 1 } },
      '/room': { events: { join: () => ({ members: [] }), say: () => ({ id: '0b6d2c1e-3f4a-4b5c-8d9e-0f1a2b3c4d5e', at: '2026-01-01T00:00:00Z' }) } },
    },
    security: { botKey: () => ({ bot: true }), memberToken: (token) => (token === 'good' ? { member: 'ada' } : null) },
  });
  const port = await server.listen(0, '127.0.0.1');
  return { server, origin: `http://127.0.0.1:${port}` };
}

describe('docs served by the generated servers', () => {
  const closers: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const close of closers) await close();
  });

  it('chat (3.0) serves /chat/docs and /chat/docs/asyncapi.json next to /chat/socket.io', async () => {
    const { server, origin } = await startChat();
    closers.push(() => server.close());
    expect(await (await fetch(`${origin}/chat/docs`)).text()).toContain('src="/chat/docs/assets/asyncapi-standalone.js"'); // the renderer's page (test/docs)
    const html = await (await fetch(`${origin}/chat/docs/plain`)).text();
    expect(html).toContain('data-namespace="/room"');
    expect(html).toMatch(/data-event="say" data-direction="client"/);
    expect(html).toMatch(/data-event="said" data-direction="server"/);
    const json = (await (await fetch(`${origin}/chat/docs/asyncapi.json`)).json()) as { asyncapi: string };
    expect(json.asyncapi).toBe('3.0.0');
    expect((await fetch(`${origin}/docs`)).status).toBe(404);
  });

  it('serves no docs with docs: false', async () => {
    const { server, origin } = await startChat({ docs: false });
    closers.push(() => server.close());
    expect((await fetch(`${origin}/chat/docs`)).status).toBe(404);
    expect((await fetch(`${origin}/chat/docs/asyncapi.json`)).status).toBe(404);
  });

  it.skipIf(!requireChromium())('shows both documents’ namespaces and events in headless Chromium', async () => {
    const browser: Browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    closers.push(() => browser.close());
    const chat = await startChat();
    closers.push(() => chat.server.close());
    const userAccount = await createUserAccountServer({ handlers: { '/user': { events: { 'sign up': () => undefined, 'log in': () => undefined } } } });
    const userPort = await userAccount.listen(0, '127.0.0.1');
    closers.push(() => userAccount.close());

    const page = await browser.newPage();
    await page.goto(`${chat.origin}/chat/docs/plain`); // the script-free page; the renderer's: test/docs
    await expect(page.title()).resolves.toBe('Chat 1.0.0');
    const room = page.locator('section.namespace[data-namespace="/room"]');
    expect(await room.locator('article.client .event-name').allInnerTexts()).toEqual(['join', 'say']);
    expect(await room.locator('article.server .event-name').allInnerTexts()).toEqual(['said', 'typing']);
    expect(await room.locator('article[data-event="say"]').innerText()).toContain('"format": "uuid"');
    expect(await room.innerText()).toContain('X-Client-Version');
    const lobby = page.locator('section.namespace[data-namespace="/lobby"]');
    expect(await lobby.locator('article.client .event-name').allInnerTexts()).toEqual(['ping']);
    expect(await lobby.locator('article.server .event-name').allInnerTexts()).toEqual(['announcement']);
    expect(await lobby.innerText()).toContain('botKey');

    await page.goto(`http://127.0.0.1:${userPort}/api/docs/plain`);
    const user = page.locator('section.namespace[data-namespace="/user"]');
    expect(await user.locator('article.client .event-name').allInnerTexts()).toEqual(['log in', 'sign up']);
    const admin = page.locator('section.namespace[data-namespace="/admin"]');
    expect(await admin.locator('article.server .event-name').allInnerTexts()).toEqual(['metrics']);
    expect(await admin.innerText()).toContain('my_api.handlers.authenticated_connect');
    await page.close();
  });
});

describe('the mock of specs/asyncapi/chat.yml with the generated typed client', () => {
  let mock: MockServer;
  let document: unknown;
  beforeAll(async () => {
    document = await loadFixture(`${repoRoot}specs/asyncapi/chat.yml`);
    mock = await startMockServer({ document, interval: 20, seed: 5 });
  });
  afterAll(async () => mock?.close());

  it('answers typed emitWithAck with valid fake acks, refuses bad payloads as SockgenError, emits valid lines', async () => {
    expect(mock.path).toBe('/chat/socket.io');
    const room = connectRoom(mock.url, { headers: roomHeaders, socket: { transports: ['websocket'], forceNew: true } });
    try {
      const validLine = schemaAt(document, ['components', 'schemas', 'Line']);
      const line = await new Promise((resolve) => room.on('said', (payload) => resolve(payload)));
      expect(validLine(line), JSON.stringify(validLine.errors)).toBe(true);

      const ack = await room.emitWithAck('say', { text: 'hello', mood: 'happy' });
      const validAck = schemaAt(document, ['components', 'messages', 'Say', 'x-ack', 'args']);
      expect(validAck(ack), JSON.stringify(validAck.errors)).toBe(true);
      const members = await room.emitWithAck('join', { room: 'r1' });
      expect(Array.isArray(members.members)).toBe(true);

      const refused = await room.emitWithAck('say', { text: '' } as never).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(SockgenError);
      expect(refused).toMatchObject({ type: 'payload_validation', event: 'say', errors: ['payload/text must NOT have fewer than 1 characters'] });
      await expect(room.emitWithAck('say', { text: 'still connected' })).resolves.toHaveProperty('id');
    } finally {
      room.socket.close();
    }
  });
});
