/**
 * Regression (issue 8, item 7): a Python endpoint queued without limit (200 concurrent requests
 * waited up to 34 s). Past maxConcurrent running and maxQueued waiting, the host answers 503 with
 * Retry-After at once, and serves again when the burst is over.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pythonScript } from 'sockgen/runtime/http';
import { mount, socket, startHost, type RunningHost } from './support.js';

const hasPython = spawnSync('python3', ['--version']).status === 0;
let running: RunningHost;

beforeAll(async () => {
  if (!hasPython) return;
  const handlers = { slow: pythonScript({ source: 'import time\ntime.sleep(0.4)\nprint(1)\n', name: 'slow', maxConcurrent: 1, maxQueued: 2 }) };
  running = await startHost({ sockets: [mount(socket('q', [{ name: 'slow', routes: [{ method: '*', script: 'slow' }] }]), handlers)] });
});
afterAll(async () => {
  await running?.host.close();
});

describe.skipIf(!hasPython)('Python run queue', () => {
  it('answers 503 with Retry-After beyond maxConcurrent + maxQueued, then serves again', async () => {
    const started = Date.now();
    const responses = await Promise.all(Array.from({ length: 6 }, () => fetch(`${running.base}/endpoints/sockets/q/slow/`)));
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 200, 200, 503, 503, 503]);
    const refused = responses.find((response) => response.status === 503)!;
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(((await refused.json()) as { detail: string }).detail).toBe('script slow is busy: 1 runs and 2 waiting; try again shortly');
    expect(Date.now() - started).toBeLessThan(20_000);
    expect((await fetch(`${running.base}/endpoints/sockets/q/slow/`)).status).toBe(200);
  });

  it('refuses a negative maxQueued', () => {
    expect(() => pythonScript({ source: 'print(1)', maxQueued: -1 })).toThrow('maxQueued must be a whole number');
  });
});
