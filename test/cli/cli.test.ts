/**
 * The CLI as a user runs it, in a scratch copy of a small project: generate, a second run that
 * changes nothing, `--check` in sync and after a spec edit, usage errors, spec errors, `--watch`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '../../bin/sockgen.mjs');
const example = join(import.meta.dirname, '../fixtures/sockets-examples/input');

function run(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npx generate', () => {
  let project: string;
  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'sockgen-cli-'));
    cpSync(example, project, { recursive: true });
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('generates every spec under specs/ into generated/ and writes stubs once', () => {
    const first = run(project);
    expect(first.stderr).toContain('created');
    expect(first.code).toBe(0);
    expect(existsSync(join(project, 'generated/sockets/hello_world/server.ts'))).toBe(true);
    expect(existsSync(join(project, 'handlers/sockets/hello_world/hello.ts'))).toBe(true);
  });

  it('changes no file on a second run', () => {
    const before = statSync(join(project, 'generated/sockets/hello_world/client.ts')).mtimeMs;
    writeFileSync(join(project, 'handlers/sockets/hello_world/hello.ts'), '// mine now\nexport type Args = {};\nexport default () => 1;\n');
    // The edited handler's types feed definition.ts and openapi.json (typed schemas): those may
    // follow; nothing is created or deleted, and the handler itself is never overwritten.
    const second = run(project);
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/0 created, \d+ updated, 0 deleted/);
    expect(run(project).stderr).toMatch(/0 created, 0 updated, 0 deleted/);
    expect(statSync(join(project, 'generated/sockets/hello_world/client.ts')).mtimeMs).toBe(before);
    expect(readFileSync(join(project, 'handlers/sockets/hello_world/hello.ts'), 'utf8')).toContain('mine now');
  });

  it('--check exits 0 in sync, 1 with a diff after a spec edit, and names the fix', () => {
    expect(run(project, '--check').code).toBe(0);
    const spec = join(project, 'specs/hello_world/socket.yml');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace('description: The smallest socket', 'description: A changed socket'));
    const drift = run(project, '--check');
    expect(drift.code).toBe(1);
    expect(drift.stdout).toMatch(/^-\s+description: 'The smallest socket/m);
    expect(drift.stdout).toMatch(/^\+\s+description: 'A changed socket/m);
    expect(drift.stderr).toContain('changed generated/sockets/hello_world/definition.ts');
    expect(drift.stderr).toContain('Run `npx generate`');
    expect(run(project).code).toBe(0);
    expect(run(project, '--check').code).toBe(0);
  });

  it('deletes files a removed spec generated, and --check reports them as extra first', () => {
    rmSync(join(project, 'specs/raw_json'), { recursive: true });
    const drift = run(project, '--check');
    expect(drift.code).toBe(1);
    expect(drift.stderr).toContain('extra   generated/sockets/my_custom_socket_3/server.ts');
    expect(run(project).code).toBe(0);
    expect(existsSync(join(project, 'generated/sockets/my_custom_socket_3'))).toBe(false);
  });

  it('exits 2 on a bad flag or a bad config, with one line saying why', () => {
    const flag = run(project, '--frobnicate');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toBe('sockgen: unknown option --frobnicate (see --help)\n');
    writeFileSync(join(project, 'sockgen.config.json'), JSON.stringify({ out: 3 }));
    const config = run(project);
    expect(config.code).toBe(2);
    expect(config.stderr).toContain('/out must be string');
    rmSync(join(project, 'sockgen.config.json'));
  });

  it('reads sockgen.config.json (specs, out, handlers)', () => {
    writeFileSync(join(project, 'sockgen.config.json'), JSON.stringify({ specs: ['specs/hello_world'], out: 'gen', handlers: 'src/handlers' }));
    expect(run(project).code).toBe(0);
    expect(existsSync(join(project, 'gen/sockets/hello_world/client.ts'))).toBe(true);
    expect(existsSync(join(project, 'src/handlers/sockets/hello_world/hello.ts'))).toBe(true);
    rmSync(join(project, 'sockgen.config.json'));
  });

  it('--dump-ir prints the normalized model with source pointers and writes nothing', () => {
    const dump = run(project, '--dump-ir', '--quiet');
    expect(dump.code).toBe(0);
    const ir = JSON.parse(dump.stdout) as { sockets: { sockets: { name: string; endpoints: { name: string; source: { file: string; pointer: string } }[] }[] } };
    const hello = ir.sockets.sockets.find((socket) => socket.name === 'hello_world');
    expect(hello?.endpoints[0]?.source).toEqual({ file: 'specs/hello_world/socket.yml', pointer: '/endpoints/hello' });
  });

  it('--help lists the flags and exits 0', () => {
    const help = run(project, '--help');
    expect(help.code).toBe(0);
    for (const flag of ['--out', '--check', '--watch', '--strict']) expect(help.stdout).toContain(flag);
  });

  it('generates named spec files into --out (ad-hoc), detecting their kind', () => {
    const out = run(project, 'specs/hello_world/socket.yml', '--out', 'adhoc');
    expect(out.code).toBe(0);
    expect(existsSync(join(project, 'adhoc/sockets/hello_world/client.ts'))).toBe(true);
    const notSpec = join(project, 'notes.json');
    writeFileSync(notSpec, '{"hello": 1}');
    const unknown = run(project, 'notes.json', '--out', 'adhoc');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('notes.json:1:1 error SPEC002');
  });

  it('reports spec errors as file:line:col, writes nothing, exits 1', () => {
    const spec = join(project, 'specs/hello_world/socket.yml');
    const good = readFileSync(spec, 'utf8');
    writeFileSync(spec, good.replace('script: hello', 'script: missing'));
    const before = readFileSync(join(project, 'generated/sockets/hello_world/definition.ts'), 'utf8');
    const result = run(project);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/specs\/hello_world\/socket\.yml:\d+:\d+ error SOCK003 endpoint `hello` names unknown script `missing`/);
    expect(result.stderr).toContain('nothing was written');
    expect(readFileSync(join(project, 'generated/sockets/hello_world/definition.ts'), 'utf8')).toBe(before);
    writeFileSync(spec, good);
  });

  it('--watch regenerates on change and keeps the last good output when a spec breaks', async () => {
    const child = spawn(process.execPath, [bin, '--watch'], { cwd: project });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const waitFor = async (text: string, from: number) => {
      for (let i = 0; i < 200 && !stderr.slice(from).includes(text); i++) await new Promise((r) => setTimeout(r, 50));
      expect(stderr.slice(from)).toContain(text);
    };
    try {
      await waitFor('watching for changes', 0);
      const spec = join(project, 'specs/hello_world/socket.yml');
      const good = readFileSync(spec, 'utf8');
      let mark = stderr.length;
      writeFileSync(spec, good.replace('name: hello_world', 'name: [broken'));
      await waitFor('kept the previous output', mark);
      expect(existsSync(join(project, 'generated/sockets/hello_world/server.ts'))).toBe(true);
      mark = stderr.length;
      writeFileSync(spec, good.replace(/description: .*/, 'description: Watched'));
      await waitFor('watching for changes', mark);
      expect(readFileSync(join(project, 'generated/sockets/hello_world/definition.ts'), 'utf8')).toContain('Watched');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
