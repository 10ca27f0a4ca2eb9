/**
 * `sockgen serve` in a scratch user project, the way `npm init -y && npm install sockgen` leaves
 * it: a package.json without "type": "module" and a handler with a mistake are one-line errors
 * (exit 2 and 1), not an "internal error" stack; a correct project serves.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe } from '../support/serve-child.js';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/sockgen.mjs');
const example = join(import.meta.dirname, '../fixtures/sockets-examples/input/specs/hello_world');

function run(cwd: string, ...args: string[]) {
  // A server that starts when the test expected an error is stopped by the timeout (status null).
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 20_000 });
  return { code: result.status, stderr: result.stderr };
}

function writePackage(project: string, fields: Record<string, unknown>): void {
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true, ...fields }));
}

describe('sockgen serve in a user project', () => {
  let project: string;
  let stub: string;
  let goodStub: string;
  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'sockgen-serve-'));
    cpSync(example, join(project, 'specs/hello_world'), { recursive: true });
    mkdirSync(join(project, 'node_modules'));
    symlinkSync(root, join(project, 'node_modules/sockgen'), 'dir');
    writePackage(project, { type: 'module' });
    expect(run(project, '--quiet').code).toBe(0);
    stub = join(project, 'handlers/sockets/hello_world/hello.ts');
    goodStub = readFileSync(stub, 'utf8');
  }, 60_000);
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('exits 2 with the fix when package.json is not "type": "module"', () => {
    writePackage(project, {});
    const result = run(project, 'serve', '--port', '0');
    writePackage(project, { type: 'module' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('package.json does not say "type": "module"');
    expect(result.stderr).toContain('npm pkg set type=module');
    expect(result.stderr).not.toContain('internal error');
  }, 60_000);

  it('exits 2 on a --port that is no port', () => {
    for (const port of ['abc', '99999']) {
      const result = run(project, 'serve', '--port', port);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`--port must be a port number from 0 to 65535, got ${port}`);
    }
  }, 60_000);

  it('looks for the server where sockgen.config.json says `out` is', () => {
    writeFileSync(join(project, 'sockgen.config.json'), JSON.stringify({ out: 'elsewhere' }));
    const result = run(project, 'serve', '--port', '0');
    rmSync(join(project, 'sockgen.config.json'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('elsewhere/sockets/main.ts not found: run `npx generate` first');
  }, 60_000);

  it('exits 1 naming file:line:col when a handler does not compile, without a stack', () => {
    writeFileSync(stub, `${goodStub}\nexport const broken = ;\n`);
    const result = run(project, 'serve', '--port', '0');
    writeFileSync(stub, goodStub);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot load generated\/sockets\/main\.ts: .*handlers\/sockets\/hello_world\/hello\.ts:\d+:\d+: ERROR/);
    expect(result.stderr).not.toContain('internal error');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  }, 60_000);

  it('exits 1 naming the missing module a handler imports', () => {
    writeFileSync(stub, `import './missing-helper.js';\n${goodStub}`);
    const result = run(project, 'serve', '--port', '0');
    writeFileSync(stub, goodStub);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('missing-helper.js');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  }, 60_000);

  it('serves the project when it is an ES-module package', async () => {
    const server = await startServe(project);
    try {
      const response = await fetch(`${server.url}hello_world/hello/?name=Ada`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ args: { name: 'Ada' } });
    } finally {
      await server.stop();
    }
  }, 60_000);
});
