/**
 * End to end: the committed generated server for specs/sockets/*, started on an ephemeral port,
 * called through the generated clients and with plain fetch. Python and Node scripts really run.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, pythonScript, type SocketHost } from 'sockgen/runtime/http';
import { SocketClientError } from 'sockgen/runtime/http-client';
import { createHelloWorldClient } from '../../generated/sockets/hello_world/client.js';
import { createMyCustomSocket3Client } from '../../generated/sockets/my_custom_socket_3/client.js';
import { createMyIntegrationClient } from '../../generated/sockets/my_integration/client.js';
import { createNotesClient } from '../../generated/sockets/notes/client.js';
import { createSocketsServer } from '../../generated/sockets/server.js';
import { postgres, postgresUrl, requireService } from '../support/services.js';

const instance = '/v1.1/instances/default';

describe('generated sockets server', () => {
  let host: SocketHost;
  let baseUrl: string;
  beforeAll(async () => {
    host = await createSocketsServer({ notes: { config: { NOTES_OWNER: 'ada' } } });
    baseUrl = (await host.listen(0, '127.0.0.1')).url;
  });
  afterAll(() => host.close());

  it('answers a TypeScript handler through the typed client', async () => {
    const client = createHelloWorldClient({ baseUrl });
    const answer = await client.hello.get({ name: 'Ada' });
    const message: string = answer.message;
    expect(message).toBe('Hello, Ada!');
    expect(await client.hello.get()).toEqual({ message: 'Hello, world!' });
  });

  it('sends GET and POST of one endpoint to different Python scripts', async () => {
    const client = createMyIntegrationClient({ baseUrl });
    expect(await client.myEndpoint2.post({ name: 'lamp' })).toEqual({ name: 'lamp', created: true });
    expect(await client.myEndpoint2.get({ b: 1, a: 2 })).toBe('script3 got: a, b\n');
    const created = await fetch(`${baseUrl}${instance}/endpoints/sockets/my_integration/my_endpoint_2/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'desk' }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toContain('application/json');
  });

  it('runs a wildcard endpoint for every method', async () => {
    const client = createMyIntegrationClient({ baseUrl });
    for (const call of [client.myEndpoint1.get, client.myEndpoint1.post, client.myEndpoint1.put, client.myEndpoint1.patch, client.myEndpoint1.delete]) {
      const answer = (await call({ name: 'x' })) as { message: string; method: string };
      expect(answer.message).toBe('Hello x from script1');
    }
    const methods = await Promise.all(
      ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map(async (method) => {
        const response = await fetch(`${baseUrl}${instance}/endpoints/sockets/my_integration/my_endpoint_1/`, { method });
        return ((await response.json()) as { method: string }).method;
      }),
    );
    expect(methods).toEqual(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
  });

  it('runs the raw JSON form with inline source', async () => {
    expect(await createMyCustomSocket3Client({ baseUrl }).myEndpoint3.post()).toBe(3);
  });

  it('answers 405 with Allow for a method the endpoint does not take, 404 for unknown ones', async () => {
    const wrong = await fetch(`${baseUrl}${instance}/endpoints/sockets/hello_world/hello/`, { method: 'POST' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    const post = await fetch(`${baseUrl}${instance}/endpoints/sockets/my_integration/my_endpoint_2/`, { method: 'DELETE' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')?.split(/,\s*/).sort()).toEqual(['GET', 'HEAD', 'OPTIONS', 'POST']);
    expect((await fetch(`${baseUrl}${instance}/endpoints/sockets/hello_world/nope/`)).status).toBe(404);
    expect((await fetch(`${baseUrl}${instance}/endpoints/sockets/nope/hello/`)).status).toBe(404);
    await expect(createHelloWorldClient({ baseUrl, instance: 'other' }).hello.get()).rejects.toBeInstanceOf(SocketClientError);
  });

  it('serves the short form URL and the listings of the original', async () => {
    expect(await (await fetch(`${baseUrl}${instance}/endpoints/sockets/hello/?name=Bo`)).json()).toEqual({ message: 'Hello, Bo!' });
    const details = (await (await fetch(`${baseUrl}${instance}/sockets/my_integration/`)).json()) as Record<string, unknown>;
    expect(details).toMatchObject({ name: 'my_integration', description: 'Example integration', status: 'ok', metadata: { author: { name: 'Sebastian' }, icon: { color: 'red' } } });
    const all = (await (await fetch(`${baseUrl}${instance}/endpoints/sockets/`)).json()) as unknown;
    expect(JSON.stringify(all)).toContain('my_integration/my_endpoint_2');
    const endpoint = (await (await fetch(`${baseUrl}${instance}/sockets/my_integration/endpoints/my_endpoint_2/`)).json()) as { calls: unknown[] };
    expect(endpoint.calls).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'script_endpoint_2', methods: ['POST'] })]));
  });

  it('keeps data classes in the typed store, validates writes and caches GET', async () => {
    const client = createNotesClient({ baseUrl });
    const note = await client.notes.post({ title: 'first', tags: ['a'] });
    expect(note).toMatchObject({ title: 'first', tags: ['a'], pinned: false });
    const listing = await client.notes.get();
    expect(listing.owner).toBe('ada');
    expect(listing.notes.map((n) => n.title)).toContain('first');
    const again = await fetch(`${baseUrl}${instance}/endpoints/sockets/notes/notes/`);
    expect(again.headers.get('x-cache')).toBe('HIT');
    const invalid = await fetch(`${baseUrl}${instance}/endpoints/sockets/notes/notes/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 5 }),
    });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(await invalid.json())).toContain('/title');
  });

  it('runs a Node script in-process with CONFIG and META, its output rendered by the endpoint template', async () => {
    const answer = await fetch(`${baseUrl}${instance}/endpoints/sockets/notes/summary/`, { method: 'PUT' });
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await answer.text()).toBe('Notes of ada: at most 100 (PUT)\n');
  });

  it('refuses a bad JSON body with 400 and keeps serving', async () => {
    const bad = await fetch(`${baseUrl}${instance}/endpoints/sockets/notes/notes/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title": ' });
    expect(bad.status).toBe(400);
    expect(await createHelloWorldClient({ baseUrl }).hello.get()).toEqual({ message: 'Hello, world!' });
  });
});

describe('script limits', () => {
  it('cuts a hanging Python script off at its limit with 504 while other requests are served', async () => {
    const host = await createSocketsServer({
      notes: { config: { NOTES_OWNER: 'ada' } },
      myIntegration: { handlers: { script_endpoint_1: pythonScript({ source: 'import time\ntime.sleep(30)', timeoutMs: 700 }) } },
    });
    const { url } = await host.listen(0, '127.0.0.1');
    try {
      const hanging = fetch(`${url}${instance}/endpoints/sockets/my_integration/my_endpoint_1/`);
      const meanwhile = await createHelloWorldClient({ baseUrl: url }).hello.get({ name: 'during' });
      expect(meanwhile.message).toBe('Hello, during!');
      const response = await hanging;
      expect(response.status).toBe(504);
      expect(JSON.stringify(await response.json())).toMatch(/timed out/);
      expect(await createMyIntegrationClient({ baseUrl: url }).myEndpoint2.get({ z: 1 })).toBe('script3 got: z\n');
    } finally {
      await host.close();
    }
  });

  it('refuses to start without a prompted config value, naming it', async () => {
    const saved = process.env.NOTES_OWNER;
    delete process.env.NOTES_OWNER;
    try {
      const failure = await createSocketsServer().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ConfigError);
      expect(String((failure as Error).message)).toContain('NOTES_OWNER');
    } finally {
      if (saved !== undefined) process.env.NOTES_OWNER = saved;
    }
  });
});

const hasPostgres = await requireService(postgres);
describe.skipIf(!hasPostgres)('data classes on PostgreSQL', () => {
  it('stores notes in the real database through the generated server', async () => {
    const host = await createSocketsServer({ postgresUrl, notes: { config: { NOTES_OWNER: 'pg' } } });
    const { url } = await host.listen(0, '127.0.0.1');
    try {
      const client = createNotesClient({ baseUrl: url });
      const title = `pg-${process.pid}-${Date.now()}`;
      const created = (await client.notes.post({ title })) as { id: number };
      expect(created.id).toBeGreaterThan(0);
      const listing = await fetch(`${url}${instance}/endpoints/sockets/notes/notes/?title=${title}`);
      expect(((await listing.json()) as { notes: { title: string }[] }).notes.map((n) => n.title)).toEqual([title]);
    } finally {
      await host.close();
      // The example socket's table is shared by every run: remove this run's rows.
      const pool = new pg.Pool({ connectionString: postgresUrl });
      await pool.query(`DELETE FROM notes__note WHERE data->>'title' LIKE $1`, [`pg-${process.pid}-%`]).finally(() => pool.end());
    }
  });
});
