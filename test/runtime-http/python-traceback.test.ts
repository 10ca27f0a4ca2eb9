/**
 * A failing Python script's 500 carries its traceback: the script's frames only, not the
 * harness's (which named the server's install path), and a syntax error reads like one.
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
  writeFileSync(join(folder, 'raises.py'), 'def inner():\n    raise ValueError("boom")\n\ninner()\n');
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

async function detail(endpoint: string): Promise<string> {
  const response = await fetch(`${running.base}/endpoints/sockets/tb/${endpoint}/`);
  expect(response.status).toBe(500);
  return ((await response.json()) as { detail: string }).detail;
}

describe.skipIf(!hasPython)('Python script tracebacks', () => {
  it('show the script frames and not the harness', async () => {
    const text = await detail('raises');
    expect(text).toContain('raises.py", line 4');
    expect(text).toContain('raises.py", line 2, in inner');
    expect(text).toContain('ValueError: boom');
    expect(text).not.toContain('syncano_harness.py');
  });

  it('report a syntax error at the script line, without the harness', async () => {
    const text = await detail('syntax');
    expect(text).toContain('syntax.py", line 1');
    expect(text).toContain('SyntaxError');
    expect(text).not.toContain('syncano_harness.py');
  });
});
