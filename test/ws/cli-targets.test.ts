/**
 * The target choice through the real CLI: a plain WebSocket document generates the ws files,
 * `--dump-ir` names the target and its rule, and a `targets` entry in sockgen.config.json turns
 * the same document into Socket.IO output on the next run (the generation cache keys on it; the
 * ws-only files are deleted through the manifest).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '../..');
const bin = join(repo, 'bin/sockgen.mjs');
mkdirSync(join(repo, 'test/ws'), { recursive: true });
const project = mkdtempSync(join(repo, 'test/ws/tmp-cli-'));
afterAll(() => rmSync(project, { recursive: true, force: true }));

function sockgen(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: project, encoding: 'utf8' });
}

describe('target choice through the CLI', () => {
  it('generates ws files, dumps the rule, and follows a config targets entry', () => {
    mkdirSync(join(project, 'specs/asyncapi'), { recursive: true });
    cpSync(join(repo, 'test/fixtures/ws-examples/input/specs/asyncapi/gemini.yml'), join(project, 'specs/asyncapi/gemini.yml'));
    const folder = join(project, 'generated/asyncapi/gemini');

    const ir = sockgen('generate', '--dump-ir');
    expect(ir.status, ir.stderr).toBe(0);
    const doc = (JSON.parse(ir.stdout) as { asyncapi: { documents: { target: unknown }[] } }).asyncapi.documents[0];
    expect(doc?.target).toEqual({ target: 'ws', rule: 'server protocol wss and no Socket.IO marker: a plain WebSocket API' });

    const first = sockgen('generate');
    expect(first.status, first.stderr).toBe(0);
    expect(existsSync(join(folder, 'api.ts'))).toBe(true);

    writeFileSync(join(project, 'sockgen.config.json'), JSON.stringify({ targets: { 'specs/asyncapi/gemini.yml': 'socketio' } }));
    const forced = sockgen('generate', '--dump-ir');
    expect(forced.status, forced.stderr).toBe(0);
    expect((JSON.parse(forced.stdout) as { asyncapi: { documents: { target: unknown }[] } }).asyncapi.documents[0]?.target).toEqual({ target: 'socketio', rule: 'config targets: socketio' });
    const second = sockgen('generate');
    // Socket.IO output now (the parameter becomes a dynamic namespace); the ws-only files are gone.
    expect(second.status, second.stderr).toBe(0);
    expect(existsSync(join(folder, 'api.ts'))).toBe(false);
    expect(existsSync(join(folder, 'events.ts'))).toBe(true);

    writeFileSync(join(project, 'sockgen.config.json'), JSON.stringify({ targets: { 'specs/asyncapi/gemini.yml': 'grpc' } }));
    const bad = sockgen('generate');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/targets/);
  });
});
