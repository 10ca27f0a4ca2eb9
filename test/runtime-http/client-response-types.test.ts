/**
 * Regression (issue 9, item 8): a TypeScript handler returning `new HttpResponse(...)` made the
 * generated client's result type `never`. The client's type now follows the response's content
 * (text → string, bytes → Uint8Array, other content → its JSON type), and the client reads bytes
 * as bytes. The type assertions are checked by tsc (npm test type-checks the tests).
 */
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { HttpResponse, type HandlerContext } from 'sockgen/runtime/http';
import { endpointCall, type HandlerResult } from 'sockgen/runtime/http-client';
import { mount, socket, startHost, type RunningHost } from './support.js';

const html = () => new HttpResponse({ content: '<b>made</b>', contentType: 'text/html' });
const png = () => new HttpResponse({ content: new Uint8Array([0x89, 0x50, 0x4e, 0x47]), contentType: 'image/png' });
const mixed = async ({ args }: HandlerContext<{ fresh?: string }>) => (args.fresh ? new HttpResponse({ status: 201, content: { id: 1 } }) : { id: 2 });

let running: RunningHost;
beforeAll(async () => {
  const handlers = { html, png, mixed };
  running = await startHost({ sockets: [mount(socket('t', Object.keys(handlers).map((name) => ({ name, routes: [{ method: 'GET' as const, script: name }] }))), handlers)] });
});
afterAll(async () => {
  await running?.host.close();
});

describe('client result types of HttpResponse handlers', () => {
  it('are the content types, not never', () => {
    expectTypeOf<HandlerResult<typeof html>>().toEqualTypeOf<string>();
    expectTypeOf<HandlerResult<typeof png>>().toEqualTypeOf<Uint8Array>();
    expectTypeOf<HandlerResult<typeof mixed>>().toEqualTypeOf<{ id: number }>();
  });

  it('are what the client really returns', async () => {
    const options = { baseUrl: running.url };
    const text = await endpointCall<{}, HandlerResult<typeof html>>(options, 't', 'html', 'GET')();
    expect(text).toBe('<b>made</b>');
    const bytes = await endpointCall<{}, HandlerResult<typeof png>>(options, 't', 'png', 'GET')();
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect([...bytes]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const made = await endpointCall<{ fresh?: string }, HandlerResult<typeof mixed>>(options, 't', 'mixed', 'GET')({ fresh: '1' });
    expect(made.id).toBe(1);
  });
});
