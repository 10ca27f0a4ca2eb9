/**
 * Warm Python workers (issue 10, item 6): every run is a fresh child forked from a warm parent.
 * Nothing one run does (globals, builtins, sys.modules, open files, the working folder) reaches the
 * next; the time limit (504) and the concurrency bound still hold; the interpreter comes from the
 * python option, SOCKGEN_PYTHON, or the project's setting, in that order.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePythonWorkers, pythonScript, type Handler } from 'sockgen/runtime/http';
import { mount, socket, startHost, type RunningHost } from './support.js';

const hasPython = spawnSync('python3', ['--version']).status === 0;
let running: RunningHost;
let folder: string;

const check = `
import json, os, sys
try:
    import builtins
except ImportError:
    import __builtin__ as builtins
print(json.dumps({
    "builtin": hasattr(builtins, "LEAKED"),
    "module": "leaky_module" in sys.modules,
    "json_patched": getattr(json, "PATCHED", False),
    "fds": sorted(os.listdir("/proc/self/fd")),
    "cwd": os.getcwd(),
    "pid": os.getpid(),
    "ppid": os.getppid(),
}))
`;
const dirty = `
import json, os, sys, types
try:
    import builtins
except ImportError:
    import __builtin__ as builtins
builtins.LEAKED = True
sys.modules["leaky_module"] = types.ModuleType("leaky_module")
json.PATCHED = True
kept = open(os.devnull)
os.chdir("/")
LEAK_GLOBAL = 1
print("dirty")
`;

beforeAll(async () => {
  if (!hasPython) return;
  folder = mkdtempSync(join(tmpdir(), 'sockgen-workers-'));
  const previous = process.env.SOCKGEN_PYTHON;
  process.env.SOCKGEN_PYTHON = 'python-from-env-missing';
  const fromEnv = pythonScript({ source: 'print(1)', name: 'from_env', projectPython: 'python-from-project-missing' });
  const explicit = pythonScript({ source: 'print(1)', name: 'explicit', python: 'python3', projectPython: 'python-from-project-missing' });
  if (previous === undefined) delete process.env.SOCKGEN_PYTHON;
  else process.env.SOCKGEN_PYTHON = previous;
  const handlers: Record<string, Handler> = {
    check: pythonScript({ source: check, name: 'check' }),
    dirty: pythonScript({ source: dirty, name: 'dirty' }),
    spin: pythonScript({ source: 'while True:\n    pass\n', name: 'spin', timeoutMs: 300 }),
    overlap: pythonScript({ source: 'import time\nstart = time.time()\ntime.sleep(0.3)\nprint("%.6f %.6f" % (start, time.time()))\n', name: 'overlap', maxConcurrent: 2 }),
    from_env: fromEnv,
    explicit,
    orphan: pythonScript({ source: 'import os, time\nopen(ARGS["marker"], "w").write("%d %d" % (os.getppid(), os.getpid()))\ntime.sleep(30)\n', name: 'orphan', timeoutMs: 60_000 }),
  };
  const definition = socket('w', Object.keys(handlers).map((name) => ({ name, routes: [{ method: '*' as const, script: name }] })));
  running = await startHost({ sockets: [mount(definition, handlers)] });
});
afterAll(async () => {
  await running?.host.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const call = (endpoint: string): Promise<Response> => fetch(`${running.base}/endpoints/sockets/w/${endpoint}/`);

describe.skipIf(!hasPython)('warm Python workers', () => {
  it('give every run a fresh process: globals, builtins, sys.modules, open files and the folder do not leak', async () => {
    const before = (await (await call('check')).json()) as Record<string, unknown>;
    expect(before).toMatchObject({ builtin: false, module: false, json_patched: false });
    for (let i = 0; i < 3; i++) expect(await (await call('dirty')).text()).toBe('dirty\n');
    const after = (await (await call('check')).json()) as Record<string, unknown>;
    expect(after).toMatchObject({ builtin: false, module: false, json_patched: false, fds: before.fds, cwd: before.cwd });
    expect(after.pid).not.toBe(before.pid);
    // Only the run's own pipes are open: stdin, stdout, stderr, the message and reply channels.
    expect((after.fds as string[]).length).toBeLessThanOrEqual(6);
  });

  it('still cut a run off at its time limit with 504, and serve the next one', async () => {
    const response = await call('spin');
    expect([response.status, await response.json()]).toEqual([504, { detail: 'script spin timed out after 300 ms' }]);
    expect((await call('check')).status).toBe(200);
  });

  it('still bound the runs of one script at once (maxConcurrent 2 of 4 requests)', async () => {
    const spans = await Promise.all(Array.from({ length: 4 }, async () => (await (await call('overlap')).text()).trim().split(' ').map(Number) as [number, number]));
    const most = Math.max(...spans.map(([start]) => spans.filter(([otherStart, otherEnd]) => otherStart <= start && start < otherEnd).length));
    expect(most).toBe(2);
  });

  it('take the interpreter from the python option, then SOCKGEN_PYTHON, then the project setting', async () => {
    const fromEnv = await call('from_env');
    expect(fromEnv.status).toBe(500);
    expect(((await fromEnv.json()) as { detail: string }).detail).toContain('could not start python-from-env-missing');
    expect(await (await call('explicit')).text()).toBe('1\n');
  });

  it('fail the runs of a warm parent that dies, take the run down with it, and start a new parent', async () => {
    const marker = join(folder, 'orphan.txt');
    const pending = fetch(`${running.base}/endpoints/sockets/w/orphan/?marker=${encodeURIComponent(marker)}`);
    for (let i = 0; i < 100 && !existsSync(marker); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    const [parent, child] = readFileSync(marker, 'utf8').split(' ').map(Number) as [number, number];
    process.kill(parent, 'SIGKILL');
    const response = await pending;
    expect(response.status).toBe(500);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/the Python worker \(python3\) stopped/);
    // PR_SET_PDEATHSIG: the run went with its parent instead of sleeping on as an orphan.
    let alive = true;
    for (let i = 0; i < 40 && alive; i++) {
      try {
        process.kill(child, 0);
        await new Promise((resolve) => setTimeout(resolve, 50));
      } catch {
        alive = false;
      }
    }
    expect(alive).toBe(false);
    for (let i = 0; i < 4; i++) expect((await call('check')).status).toBe(200);
  });
});

describe.skipIf(!hasPython)('closePythonWorkers', () => {
  it('stops the warm parents; the next run starts new ones', async () => {
    const parents = async (): Promise<Set<number>> => {
      const seen = new Set<number>();
      for (let i = 0; i < 4; i++) seen.add(((await (await call('check')).json()) as { ppid: number }).ppid);
      return seen;
    };
    const before = await parents();
    closePythonWorkers();
    const after = await parents();
    expect([...after].filter((pid) => before.has(pid))).toEqual([]);
  });
});
