import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pythonScript, type Handler } from 'sockgen/runtime/http';
import { mount, socket, startHost, type RunningHost } from './support.js';

const hasPython = spawnSync('python3', ['--version']).status === 0;
if (!hasPython) console.warn('skipping python runner tests: python3 is not installed');

const scripts: Record<string, string> = {
  'contract.py': `
import json
print(json.dumps({"args": ARGS, "method": META["method"], "socket": META["socket"], "endpoint": META["endpoint"], "config": CONFIG, "name": __name__}))
`,
  'text.py': `print("hello, " + ARGS.get("name", "world"))\n`,
  'respond.py': `
set_response(HttpResponse(status_code=201, content='<b>made</b>', content_type='text/html', headers={'X-Made': ARGS['id']}))
print("this stdout is ignored")
`,
  'respond_dict.py': `set_response(HttpResponse(status_code=200, content={'ok': True}))\n`,
  'crash.py': `
print("partial")
raise ValueError("no such thing: " + ARGS.get("id", "?"))
`,
  'exit.py': `import sys\nsys.exit(3)\n`,
  'silent.py': `x = 1\n`,
  'hang.py': `
import subprocess, time
subprocess.Popen(["sleep", "31.4159"])
time.sleep(30)
`,
  'abandoned.py': `
import subprocess, time
subprocess.Popen(["sleep", "27.1828"])
time.sleep(30)
`,
  'flood.py': `
while True:
    print("x" * 1000)
`,
  'big_response.py': `set_response(HttpResponse(content="y" * 200000, content_type="text/plain"))\n`,
  'timed.py': `import time\nstart = time.time()\ntime.sleep(0.3)\nprint('%.6f %.6f' % (start, time.time()))\n`,
  'helper_user.py': `from helper_mod import greet\nprint(greet(ARGS["who"]))\n`,
  'helper_mod.py': `def greet(who):\n    return "hi " + who\n`,
};

let folder: string;
let running: RunningHost;

beforeAll(async () => {
  if (!hasPython) return;
  folder = mkdtempSync(join(tmpdir(), 'sockgen-python-'));
  for (const [name, source] of Object.entries(scripts)) writeFileSync(join(folder, name), source);
  const file = (name: string, options: { timeoutMs?: number; maxOutputBytes?: number } = {}): Handler => pythonScript({ file: join(folder, name), ...options });
  const handlers: Record<string, Handler> = {
    contract: file('contract.py'),
    text: file('text.py'),
    respond: file('respond.py'),
    respond_dict: file('respond_dict.py'),
    crash: file('crash.py'),
    exit: file('exit.py'),
    silent: file('silent.py'),
    hang: file('hang.py', { timeoutMs: 700 }),
    flood: file('flood.py', { maxOutputBytes: 64 * 1024 }),
    big_response: file('big_response.py', { maxOutputBytes: 64 * 1024 }),
    one_at_a_time: pythonScript({ file: join(folder, 'timed.py'), maxConcurrent: 1 }),
    abandoned: file('abandoned.py', { timeoutMs: 60_000 }),
    helper: file('helper_user.py'),
    inline: pythonScript({ source: 'print(ARGS["a"] * 2)', name: 'my_script_3' }),
    missing_python: pythonScript({ source: 'print(1)', python: 'python-does-not-exist' }),
  };
  const definition = socket(
    'py',
    Object.keys(handlers).map((name) => ({ name, routes: [{ method: '*' as const, script: name }] })),
  );
  running = await startHost({ sockets: [mount(definition, handlers, { token: 't0k3n' })] });
});

afterAll(async () => {
  await running?.host.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const call = (endpoint: string, init?: RequestInit & { query?: string }) =>
  fetch(`${running.base}/endpoints/sockets/py/${endpoint}/${init?.query ?? ''}`, init);

describe.skipIf(!hasPython)('pythonScript', () => {
  it('gives the script ARGS, META and CONFIG, and answers with its JSON stdout', async () => {
    const response = await call('contract', { method: 'POST', body: JSON.stringify({ n: 1, list: [1, 2] }), query: '?q=x' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ args: { q: 'x', n: 1, list: [1, 2] }, method: 'POST', socket: 'py', endpoint: 'contract', config: { token: 't0k3n' }, name: '__main__' });
  });

  it('answers text stdout as text/plain', async () => {
    const response = await call('text', { query: '?name=Ada' });
    expect([response.headers.get('content-type'), await response.text()]).toEqual(['text/plain; charset=utf-8', 'hello, Ada\n']);
  });

  it('answers exactly what set_response was given', async () => {
    const response = await call('respond', { query: '?id=42' });
    expect([response.status, response.headers.get('content-type'), response.headers.get('x-made'), await response.text()]).toEqual([201, 'text/html', '42', '<b>made</b>']);
    const dict = await call('respond_dict');
    expect([dict.headers.get('content-type'), await dict.json()]).toEqual(['application/json', { ok: true }]);
  });

  it('answers 500 with the end of stderr when the script raises or exits non-zero', async () => {
    const crash = await call('crash', { query: '?id=7' });
    expect(crash.status).toBe(500);
    const detail = ((await crash.json()) as { detail: string }).detail;
    expect(detail).toBe('script crash failed: script crash.py exited with code 1 (ValueError)');
    const exit = await call('exit');
    expect([exit.status, ((await exit.json()) as { detail: string }).detail]).toEqual([500, 'script exit failed: script exit.py exited with code 3']);
  });

  it('answers 204 when the script prints nothing', async () => {
    expect((await call('silent')).status).toBe(204);
  });

  it('runs inline source and lets file scripts import their neighbours', async () => {
    expect(await (await call('inline', { method: 'POST', body: JSON.stringify({ a: 21 }) })).json()).toBe(42);
    expect(await (await call('helper', { query: '?who=Bo' })).text()).toBe('hi Bo\n');
  });

  it('cuts a hanging script off at its limit with 504 while other requests are served', async () => {
    const hanging = call('hang');
    // Served while the script hangs.
    const meanwhile = await call('text', { query: '?name=meanwhile' });
    expect(await meanwhile.text()).toBe('hello, meanwhile\n');
    const response = await hanging;
    expect(response.status).toBe(504);
    expect(await response.json()).toEqual({ detail: 'script hang.py timed out after 700 ms' });
    const traces = (await (await fetch(`${running.base}/endpoints/sockets/py/hang/traces/`)).json()) as { objects: Array<{ status: string }> };
    expect(traces.objects[0]?.status).toBe('timeout');
    // The whole process group went, the `sleep` child included.
    const leftovers = spawnSync('pgrep', ['-f', '^sleep 31.4159$']).stdout.toString().trim();
    expect(leftovers).toBe('');
  });

  it('kills the script when the caller goes away', async () => {
    const sleeping = (): boolean => spawnSync('pgrep', ['-f', '^sleep 27.1828$']).stdout.toString().trim() !== '';
    const waitFor = async (wanted: boolean): Promise<boolean> => {
      for (let attempt = 0; attempt < 100; attempt++) {
        if (sleeping() === wanted) return true;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return false;
    };
    const controller = new AbortController();
    const pending = call('abandoned', { signal: controller.signal }).catch((error: unknown) => error);
    expect(await waitFor(true)).toBe(true);
    controller.abort();
    expect(await pending).toBeInstanceOf(Error);
    // Long before the script's own 60 s limit.
    expect(await waitFor(false)).toBe(true);
  });

  it('stops a script that prints more than the cap', async () => {
    const response = await call('flood');
    expect(response.status).toBe(500);
    expect(((await response.json()) as { detail: string }).detail).toBe('script flood failed: script flood.py printed (or answered) more than 65536 bytes and was stopped');
  });

  it('holds a set_response answer to the same cap', async () => {
    const response = await call('big_response');
    expect(response.status).toBe(500);
    expect(((await response.json()) as { detail: string }).detail).toBe('script big_response failed: script big_response.py printed (or answered) more than 65536 bytes and was stopped');
  });

  it('queues runs past maxConcurrent instead of starting a process for each', async () => {
    const runs = await Promise.all([call('one_at_a_time'), call('one_at_a_time'), call('one_at_a_time')].map(async (response) => (await (await response).text()).trim().split(' ').map(Number)));
    const [first, second, third] = runs.sort((a, b) => a[0]! - b[0]!) as [number[], number[], number[]];
    // Each run starts after the previous one ended: one process at a time.
    expect(second[0]).toBeGreaterThanOrEqual(first[1]!);
    expect(third[0]).toBeGreaterThanOrEqual(second[1]!);
  });

  it('drops a queued run whose caller went away, without losing its slot', async () => {
    const running = call('one_at_a_time');
    const controller = new AbortController();
    const queued = call('one_at_a_time', { signal: controller.signal }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    expect(await queued).toBeInstanceOf(Error);
    expect((await running).status).toBe(200);
    // The slot came back: the next run starts and answers.
    expect((await call('one_at_a_time')).status).toBe(200);
  });

  it('refuses a maxConcurrent below 1', () => {
    expect(() => pythonScript({ source: 'print(1)', maxConcurrent: 0 })).toThrow('maxConcurrent must be a whole number above 0');
  });

  it('runs many requests at once, each with its own inputs', async () => {
    const names = Array.from({ length: 12 }, (_, index) => `n${index}`);
    const texts = await Promise.all(names.map(async (name) => (await call('text', { query: `?name=${name}` })).text()));
    expect(texts).toEqual(names.map((name) => `hello, ${name}\n`));
  });

  it('says which interpreter is missing', async () => {
    const response = await call('missing_python');
    expect(response.status).toBe(500);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/could not start python-does-not-exist: .*ENOENT.*set SOCKGEN_PYTHON or the python option/);
  });

  it('refuses a relative file or no script at all', () => {
    expect(() => pythonScript({ file: 'scripts/a.py' })).toThrow('pythonScript file must be absolute: scripts/a.py');
    expect(() => pythonScript({})).toThrow('pythonScript needs a file or a source');
  });
});
