/**
 * Responses a handler or script cannot send: each is that endpoint's clean 500 naming the mistake,
 * and the host goes on serving. A content type with CR/LF used to fail half-way through writeHead
 * ("500 OK", "internal server error"); a Python status_code that is no integer printed the
 * harness's traceback.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpResponse, pythonScript } from 'sockgen/runtime/http';
import { mount, socket, startHost, type RunningHost } from './support.js';

const hasPython = spawnSync('python3', ['--version']).status === 0;
let running: RunningHost;

beforeAll(async () => {
  const handlers = {
    split_type: () => new HttpResponse({ status: 200, content: 'x', contentType: 'text/plain\r\nX-Injected: 1' }),
    ok: () => ({ ok: true }),
    ...(hasPython ? { py_status: pythonScript({ source: "set_response(HttpResponse(status_code='abc', content='x'))" }) } : {}),
  };
  const definition = socket('bad', Object.keys(handlers).map((name) => ({ name, routes: [{ method: '*' as const, script: name }] })));
  running = await startHost({ sockets: [mount(definition, handlers)] });
});

afterAll(async () => {
  await running?.host.close();
});

const call = (endpoint: string) => fetch(`${running.base}/endpoints/sockets/bad/${endpoint}/`);

describe('responses that cannot be sent', () => {
  it('answers a CR/LF in the content type with a clean 500 naming the header, and keeps serving', async () => {
    const response = await call('split_type');
    expect([response.status, response.statusText]).toEqual([500, 'Internal Server Error']);
    expect(response.headers.get('x-injected')).toBeNull();
    expect(((await response.json()) as { detail: string }).detail).toMatch(/^script split_type failed: .*content-type/i);
    expect(await (await call('ok')).json()).toEqual({ ok: true });
  });

  it.skipIf(!hasPython)('answers a Python status_code that is no integer with one line, no harness traceback', async () => {
    const response = await call('py_status');
    expect(response.status).toBe(500);
    const detail = ((await response.json()) as { detail: string }).detail;
    expect(detail).toContain("set_response: HttpResponse status_code must be an integer, got 'abc'");
    expect(detail).not.toContain('syncano_harness.py');
  });
});
