/**
 * Regression (issue 8, item 7): a failing Python script's traceback, with absolute paths of the
 * machine, went to HTTP clients in the 500 body. Clients now get a short error (the exception's
 * name) and a request id; the traceback, the script's frames only, goes to the server log under that id.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pythonScript } from 'sockgen/runtime/http';
import { mount, socket, startHost, type RunningHost } from './support.js';

const hasPython = spawnSync('python3', ['--version']).status === 0;
let running: RunningHost;
let folder: string;

beforeAll(async () => {
  if (!hasPython) return;
  folder = mkdtempSync(join(tmpdir(), 'sockgen-py-tb-'));
  writeFileSync(join(folder, 'raises.py'), 'def inner():\n    raise ValueError("boom at " + __file__)\n\ninner()\n');
  writeFileSync(join(folder, 'syntax.py'), 'print("ok"\n');
  const handlers = {
    raises: pythonScript({ file: join(folder, 'raises.py') }),
    syntax: pythonScript({ file: join(folder, 'syntax.py') }),
  };
  const definition = socket('tb', Object.keys(handlers).map((name) => ({ name, routes: [{ method: '*' as const, script: name }] })));
  running = await startHost({ sockets: [mount(definition, handlers)] });
});

afterAll(async () => {
  await running?.host.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** The 500 body and the log lines written under its request id. */
async function failure(endpoint: string): Promise<{ body: string; detail: string; id: string; log: string }> {
  const response = await fetch(`${running.base}/endpoints/sockets/tb/${endpoint}/`);
  expect(response.status).toBe(500);
  const body = await response.text();
  const parsed = JSON.parse(body) as { detail: string; request_id: string };
  expect(response.headers.get('x-request-id')).toBe(parsed.request_id);
  const log = running.logs.filter((line) => line.includes(`[request ${parsed.request_id}]`)).join('\n');
  return { body, detail: parsed.detail, id: parsed.request_id, log };
}

describe.skipIf(!hasPython)('Python script tracebacks', () => {
  it('reach the log under the request id, and the client gets the exception name without any path', async () => {
    const { body, detail, log } = await failure('raises');
    expect(detail).toBe('script raises failed: script raises.py exited with code 1 (ValueError)');
    expect(body).not.toContain(folder);
    expect(body).not.toContain('Traceback');
    expect(log).toContain('raises.py", line 4');
    expect(log).toContain('raises.py", line 2, in inner');
    expect(log).toContain(`ValueError: boom at ${join(folder, 'raises.py')}`);
    expect(log).not.toContain('syncano_harness.py');
  });

  it('report a syntax error in the log at the script line, without the harness', async () => {
    const { body, detail, log } = await failure('syntax');
    expect(detail).toBe('script syntax failed: script syntax.py exited with code 1 (SyntaxError)');
    expect(body).not.toContain(folder);
    expect(log).toContain('syntax.py", line 1');
    expect(log).not.toContain('syncano_harness.py');
  });
});
