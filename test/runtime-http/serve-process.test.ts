/**
 * A generated server as a program (serveFromEnvironment) keeps serving when a Node script leaves a
 * promise rejection unhandled or throws from a timer: Node would otherwise end the process.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const folder = mkdtempSync(join(tmpdir(), 'sockgen-serve-process-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const runtime = pathToFileURL(join(import.meta.dirname, '../../runtime/http/index.ts')).href;
const program = `
import { hostMountedSockets, nodeScript, serveFromEnvironment } from ${JSON.stringify(runtime)};
const endpoints = ['stray', 'late', 'ok'].map((name) => ({ name, routes: [{ method: 'GET', script: name }] }));
const definition = { name: 's', metadata: {}, endpoints, config: { constants: {}, prompts: [] }, classes: [] };
const handlers = {
  stray: nodeScript({ source: 'Promise.reject(new Error("nobody awaits me")); return 1;', name: 'stray' }),
  late: nodeScript({ source: 'setTimeout(() => { throw new Error("thrown later") }, 5); await new Promise((resolve) => setTimeout(resolve, 50)); return 2;', name: 'late' }),
  ok: nodeScript({ source: 'return 3;', name: 'ok' }),
};
await serveFromEnvironment(async (options) => hostMountedSockets([{ definition, handlers, config: {} }], options), { env: { PORT: '0' } });
`;

describe('serveFromEnvironment as a process', () => {
  it('logs a stray rejection and a throwing timer of a Node script and keeps serving', async () => {
    const file = join(folder, 'serve.mts');
    writeFileSync(file, program);
    const child = spawn(process.execPath, [join(import.meta.dirname, '../../bin/run-ts.mjs'), file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const check = () => {
          const match = /serving sockets at (\S+)/.exec(output);
          if (match) resolve(match[1]!);
        };
        child.stdout.on('data', check);
        void exited.then((code) => reject(new Error(`server exited with ${code}: ${output}`)));
      });
      const get = async (name: string) => (await fetch(`${url}s/${name}/`)).json();
      const pause = () => new Promise((resolve) => setTimeout(resolve, 150));
      expect(await get('stray')).toBe(1);
      await pause();
      expect(await get('late')).toBe(2);
      await pause();
      expect(await get('ok')).toBe(3);
      expect(child.exitCode).toBeNull();
      expect(output).toContain('left a promise rejection unhandled: Error: nobody awaits me');
      expect(output).toContain('script late: a timer callback threw: Error: thrown later');
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
