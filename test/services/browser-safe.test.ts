/** The reservation client runs in browsers: neither it nor the generated client may import Node-only code. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const importsOf = (file: string) => [...readFileSync(join(root, file), 'utf8').matchAll(/\bfrom\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)].map((m) => m[1] ?? m[2]!);
const clientFiles = [...readdirSync(join(root, 'runtime/tunnel-client')).map((name) => `runtime/tunnel-client/${name}`), 'generated/services/client.ts', 'generated/services/types.ts'];

describe('browser-safe reservation client', () => {
  it.each(clientFiles)('%s imports only relative modules and sockgen/runtime/tunnel-client', (file) => {
    for (const specifier of importsOf(file)) expect(specifier, `${file} imports ${specifier}`).toMatch(/^(\.\.?\/|sockgen\/runtime\/tunnel-client$)/);
  });

  it('reaches a server through an injected fetch and reports errors with their status', async () => {
    const { createReservationClient, ReservationError } = await import('../../runtime/tunnel-client/index.js');
    const calls: string[] = [];
    const fakeFetch = (async (input: RequestInfo | URL) => {
      calls.push(String(input));
      return String(input).includes('/v1/reserve/')
        ? new Response(JSON.stringify({ error: 'service "A b" has all 1 instance in use or reserved (count 1); try again later' }), { status: 503 })
        : new Response(JSON.stringify({ released: 'reservation' }), { status: 200 });
    }) as typeof fetch;
    const client = createReservationClient({ baseUrl: 'https://tunnel.example/base/', securityToken: 'a&b', fetch: fakeFetch });
    const error = await client.reserve('A b', { size: '1280x1024' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReservationError);
    expect(error).toMatchObject({ status: 503, message: expect.stringContaining('count 1') });
    await client.release('t/1');
    expect(calls).toEqual(['https://tunnel.example/base/v1/reserve/A%20b?size=1280x1024&security_token=a%26b', 'https://tunnel.example/base/v1/release/t%2F1?security_token=a%26b']);
    expect(client.websocketUrl('tok en', '/desktop')).toBe('wss://tunnel.example/desktop?token=tok+en');
  });
});
