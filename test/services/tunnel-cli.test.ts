/** `sockgen tunnel` and the generated server entry run as programs: listen, serve, stop on /v1/stop. */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Starts a program, waits for its "listening on <url>" line, and returns the url and its exit. */
function launch(args: string[]): Promise<{ url: string; exit: Promise<number | null> }> {
  const child = spawn(process.execPath, args, { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve({ url: match[1]!, exit });
    });
    void exit.then((code) => reject(new Error(`exited with ${code} before listening: ${output}`)));
  });
}

describe('tunnel programs', () => {
  it.each([
    ['sockgen tunnel', ['bin/sockgen.mjs', 'tunnel', '--port', '0', '--host', '127.0.0.1', '--security-token', 'cli']],
    ['generated/services/server.ts', ['bin/run-ts.mjs', 'generated/services/server.ts', '--port', '0', '--host', '127.0.0.1', '--security-token', 'cli']],
  ])('%s serves the example services and exits 0 on /v1/stop', async (_name, args) => {
    const { url, exit } = await launch(args);
    const reserve = await fetch(`${url}/v1/reserve/Local%20Software%20Session?format=text&security_token=cli`);
    expect(reserve.status).toBe(200);
    expect(await reserve.text()).toMatch(/^[0-9a-f-]{36}\n$/);
    expect((await fetch(`${url}/v1/status`)).status).toBe(401);
    expect((await fetch(`${url}/v1/stop?security_token=cli`)).status).toBe(200);
    expect(await exit).toBe(0);
  });

  it('exits 2 on a usage mistake', async () => {
    const child = spawn(process.execPath, ['bin/sockgen.mjs', 'tunnel', '--port', 'many'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('--port needs a port number, got "many"');
  });

  it('exits 1 with one line, no stack, when Redis is unreachable', async () => {
    const child = spawn(process.execPath, ['bin/sockgen.mjs', 'tunnel', '--port', '0', '--redis', 'redis://127.0.0.1:1'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('sockgen tunnel: cannot start: cannot reach Redis at redis://127.0.0.1:1');
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
