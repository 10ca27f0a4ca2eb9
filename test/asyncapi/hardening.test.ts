/**
 * Regressions of issue 8 in the AsyncAPI kind, each through the real CLI in a scratch project:
 * `$ref`s outside the project or remote are refused at their line:col (and never read), a pure
 * `$ref` loop and 50-deep nested lists finish fast with a diagnostic, a 3.x document without
 * channels generates code that type-checks, broken extension schemas are positioned
 * diagnostics, and a parser-internal failure is one clean line.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Project } from 'ts-morph';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../generator/core/diagnostics.js';
import { createSpecFile } from '../../generator/core/spec-file.js';
import { asyncapiKind } from '../../generator/kinds/asyncapi/index.js';

const repo = join(import.meta.dirname, '../..');
const bin = join(repo, 'bin/sockgen.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'sockgen-hardening-'));
const secret = 'TOP-SECRET-7f3a9c';
writeFileSync(join(scratch, 'secret.yml'), `type: string\ndescription: ${secret}\n`);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let projects = 0;
/** Writes `files` into a fresh project folder (inside `scratch`) and runs the CLI on `spec`. */
function generate(files: Record<string, string>, spec: string, config?: object) {
  const project = join(scratch, `p${projects++}`);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(project, path)), { recursive: true });
    writeFileSync(join(project, path), text);
  }
  if (config) writeFileSync(join(project, 'sockgen.config.json'), JSON.stringify(config));
  const started = Date.now();
  const run = spawnSync(process.execPath, [bin, spec, '--out', 'out'], { cwd: project, encoding: 'utf8', timeout: 60_000 });
  return { ...run, ms: Date.now() - started, project, diagnostics: run.stderr.split('\n').filter((l) => /^\S+:\d+:\d+ (error|warning|info) /.test(l)) };
}

/** Every file under `folder`, concatenated (empty when nothing was written). */
function everything(folder: string): string {
  if (!existsSync(folder)) return '';
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

const withPayload = (ref: string) => `asyncapi: 2.6.0
info: {title: Refs, version: '1'}
channels:
  /:
    publish:
      message:
        name: hi
        x-handler: api.hi
        payload:
          $ref: '${ref}'
`;

describe('$ref containment', () => {
  for (const ref of ['../../secret.yml', '/etc/passwd', 'file:///etc/passwd', '../../../../../../../../etc/passwd'])
    it(`refuses ${ref} at the $ref's line:col and reads nothing`, () => {
      const run = generate({ 'specs/sub/api.yml': withPayload(ref.replace('/secret.yml', '/../secret.yml')) }, 'specs/sub/api.yml');
      expect(run.status).toBe(1);
      expect(run.diagnostics).toEqual([expect.stringMatching(/^specs\/sub\/api\.yml:10:11 error AAPI017 reference ".*" leads outside the project/)]);
      expect(run.stdout + run.stderr + everything(join(run.project, 'out'))).not.toContain(secret);
      expect(run.stderr).not.toContain('root:');
      expect(existsSync(join(run.project, 'out'))).toBe(false);
    });

  // Resolvers drop leading spaces and every tab or newline of a reference before reading it.
  for (const ref of ['\\t../../../secret.yml', ' ../../../secret.yml', '..\\n/../../secret.yml'])
    it(`refuses ${JSON.stringify(ref)} as the resolver reads it`, () => {
      const run = generate({ 'specs/sub/api.yml': withPayload(ref).replace(`'${ref}'`, `"${ref}"`) }, 'specs/sub/api.yml');
      expect(run.status).toBe(1);
      expect(run.diagnostics).toEqual([expect.stringMatching(/^specs\/sub\/api\.yml:10:11 error AAPI017 reference ".*" leads outside the project/)]);
      expect(run.stdout + run.stderr + everything(join(run.project, 'out'))).not.toContain(secret);
    });

  it('refuses a link inside the project that leads outside it', () => {
    const project = join(scratch, `p${projects}`);
    mkdirSync(join(project, 'specs'), { recursive: true });
    symlinkSync(join(scratch, 'secret.yml'), join(project, 'specs/linked.yml'));
    const run = generate({ 'specs/api.yml': withPayload('./linked.yml') }, 'specs/api.yml');
    expect(run.status).toBe(1);
    expect(run.diagnostics).toEqual([expect.stringMatching(/^specs\/api\.yml:10:11 error AAPI017 reference "\.\/linked\.yml" is a link leading outside the project/)]);
    expect(run.stdout + run.stderr + everything(join(run.project, 'out'))).not.toContain(secret);
  });

  it('refuses http(s) refs unless allowRemoteRefs', () => {
    const run = generate({ 'specs/api.yml': withPayload('https://127.0.0.1:9/schema.yml') }, 'specs/api.yml');
    expect(run.status).toBe(1);
    expect(run.diagnostics).toEqual([expect.stringMatching(/^specs\/api\.yml:10:11 error AAPI017 remote reference "https:\/\/127\.0\.0\.1:9\/schema\.yml" is not followed \(hint: .*allowRemoteRefs/)]);
  });

  it('follows http refs when allowRemoteRefs (the parser loads its fetch on first use)', async () => {
    // The server runs in another process: the CLI below runs synchronously and would block this one.
    const server = spawn(process.execPath, ['-e', "require('node:http').createServer((q, s) => s.end('type: string\\ndescription: fetched-over-http\\n')).listen(0, '127.0.0.1', function () { console.log(this.address().port) })"]);
    try {
      const port = await new Promise<string>((resolve, reject) => {
        server.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
        server.once('exit', (code) => reject(new Error(`the schema server exited (${code})`)));
      });
      const run = generate({ 'specs/api.yml': withPayload(`http://127.0.0.1:${port}/schema.yml`) }, 'specs/api.yml', { allowRemoteRefs: true });
      expect(run.stderr).not.toMatch(/ error /);
      expect(run.status).toBe(0);
      expect(everything(join(run.project, 'out'))).toContain('fetched-over-http');
    } finally {
      server.kill();
    }
  });

  it('follows refs to files inside the project', () => {
    const run = generate({ 'specs/api.yml': withPayload('./schemas/hi.yml'), 'specs/schemas/hi.yml': 'type: string\ndescription: inside-the-project\n' }, 'specs/api.yml');
    expect(run.stderr).not.toMatch(/ error /);
    expect(run.status).toBe(0);
    expect(everything(join(run.project, 'out'))).toContain('inside-the-project');
  });

  it('refuses a ref outside the project made from inside a referenced file', () => {
    const run = generate({ 'specs/api.yml': withPayload('./schemas/hi.yml'), 'specs/schemas/hi.yml': `$ref: '../../../secret.yml'\n` }, 'specs/api.yml');
    expect(run.status).toBe(1);
    expect(run.diagnostics).toEqual([expect.stringMatching(/^specs\/schemas\/hi\.yml:1:1 error AAPI017 /)]);
    expect(run.stdout + run.stderr).not.toContain(secret);
  });

  it('the connectors loader refuses the same refs at their line:col', () => {
    const connector = `asyncapi: 2.6.0
info: {title: Meter, version: '1'}
x-connector: {parseAs: json}
servers:
  device: {url: 'tcp://10.0.0.5:5000', protocol: tcp}
channels:
  readings:
    servers: [device]
    subscribe:
      message:
        payload:
          $ref: '../../secret.yml'
`;
    const run = generate({ 'specs/meter.yml': connector }, 'specs/meter.yml');
    expect(run.status).toBe(1);
    expect(run.diagnostics.join('\n')).toMatch(/^specs\/meter\.yml:12:11 error CONN031 external reference/m);
    expect(run.stdout + run.stderr + everything(join(run.project, 'out'))).not.toContain(secret);
  });
});

/** A document whose schemas A and B only refer to each other; the arguments vary where it enters the loop and how B points back. */
const loopDocument = (handler: string, payload: string, toA: string) => `asyncapi: 2.6.0
info: {title: Loop, version: '1'}
channels:
  /:
    publish:
      message:
        name: hi
        x-handler: ${handler}
        payload: ${payload}
components:
  schemas:
    A: {$ref: '#/components/schemas/B'}
    B: {$ref: ${toA}}
`;

/** The run refuses the loop with AAPI018 at B or A, in bounded time. */
function expectLoopRefused(spec: string): void {
  const run = generate({ 'specs/loop.yml': spec }, 'specs/loop.yml');
  expect(run.status).toBe(1);
  expect(run.diagnostics.join('\n')).toMatch(/^specs\/loop\.yml:1[23]:\d+ error AAPI018 `\$ref` loop: /m);
  expect(run.ms).toBeLessThan(20_000);
}

describe('inputs that used to hang', () => {
  it('a pure $ref loop is a diagnostic, fast', () => {
    expectLoopRefused(loopDocument('api.hi', "{$ref: '#/components/schemas/A'}", "'#/components/schemas/A'"));
  });

  it('a $ref loop whose pointer holds a tab (which resolvers drop) is a diagnostic, fast', () => {
    // Found by `npm run fuzz` (seed 659563): the loop was no loop to sockgen's check, which read
    // the pointer as written, but was one to the resolver, and Spectral followed it forever.
    expectLoopRefused(loopDocument("{$ref: '#/components/schemas/A'}", '{type: object}', '"#/components/schemas/\\tA"'));
  });

  it('a 50-deep nested list under x-ack is a diagnostic, fast', () => {
    const nested = '['.repeat(50) + '1' + ']'.repeat(50);
    const spec = `{"asyncapi":"2.6.0","info":{"title":"Deep","version":"1"},"channels":{"/":{"publish":{"message":{"name":"hi","x-handler":"api.hi","payload":{"type":"string"},"x-ack":{"args":${nested}}}}}}}`;
    const run = generate({ 'specs/deep.json': spec }, 'specs/deep.json');
    expect(run.status).toBe(1);
    expect(run.diagnostics).toEqual([expect.stringMatching(/^specs\/deep\.json:1:\d+ error AAPI018 lists nested more than 16 deep/)]);
    expect(run.ms).toBeLessThan(20_000);
  });
});

describe('documents that crashed the generator (exit 70)', () => {
  it('a 3.x document with no channels generates code that type-checks', () => {
    const run = generate({ 'specs/empty.yml': `asyncapi: 3.0.0\ninfo: {title: Empty, version: '1'}\nservers:\n  main: {host: 'localhost:3000', protocol: ws, pathname: /socket.io}\n` }, 'specs/empty.yml');
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.status).toBe(0);
    const folder = join(run.project, 'out/asyncapi/empty');
    // Compiled in memory where the package's own `sockgen/runtime/*` resolves.
    const project = new Project({ tsConfigFilePath: join(repo, 'tsconfig.json'), skipAddingFilesFromTsConfig: true });
    for (const name of readdirSync(folder).filter((n) => n.endsWith('.ts')))
      project.createSourceFile(join(repo, 'test/asyncapi/tmp-empty', name), readFileSync(join(folder, name), 'utf8'), { overwrite: true });
    project.createSourceFile(join(repo, 'test/asyncapi/tmp-empty/asyncapi.json'), readFileSync(join(folder, 'asyncapi.json'), 'utf8'), { overwrite: true });
    // Only the generated files count here; the runtime is checked by the project's own tsc run.
    const errors = project
      .getPreEmitDiagnostics()
      .filter((d) => d.getSourceFile()?.getFilePath().includes('/tmp-empty/') !== false)
      .map((d) => `${d.getSourceFile()?.getBaseName()}: ${String(d.getMessageText())}`);
    expect(errors).toEqual([]);
  });

  it('invalid JSON Schemas under x-ack and bindings.ws are positioned diagnostics', () => {
    const spec = `asyncapi: 2.6.0
info: {title: Bad, version: '1'}
channels:
  /:
    bindings:
      ws:
        query:
          type: object
          properties:
            limit: {type: 12}
        headers: {required: 7}
    publish:
      message:
        name: hi
        x-handler: api.hi
        payload: {type: string}
        x-ack:
          args: {type: object, minimum: "x"}
  /old:
    publish:
      message:
        name: old
        x-handler: api.old
        payload: {type: string}
        x-ack:
          args: {$schema: 'http://json-schema.org/draft-04/schema#', type: string}
`;
    const run = generate({ 'specs/bad.yml': spec }, 'specs/bad.yml');
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.status).toBe(1);
    expect(run.diagnostics).toEqual([
      expect.stringMatching(/^specs\/bad\.yml:10:21 error AAPI019 bindings\.ws\.query is not a valid JSON Schema: properties\/limit\/type /),
      expect.stringMatching(/^specs\/bad\.yml:11:\d+ error AAPI019 bindings\.ws\.headers is not a valid JSON Schema: required must be array/),
      expect.stringMatching(/^specs\/bad\.yml:18:\d+ error AAPI019 x-ack args is not a valid JSON Schema: minimum must be number/),
      // A meta-schema ajv does not know is a finding too, not an internal error.
      expect.stringMatching(/^specs\/bad\.yml:26:\d+ error AAPI019 x-ack args is not a valid JSON Schema: \$schema must name JSON Schema draft-07/),
    ]);
  });
});

describe('parser failures', () => {
  it('an exception inside @asyncapi/parser is one clean AAPI001 line, no stack', async () => {
    const path = 'specs/throws.yml';
    const spec = createSpecFile(path, join(repo, path), `asyncapi: 2.6.0\ninfo: {title: T, version: '1'}\nchannels: {}\n`);
    // A value JSON cannot serialise makes the parser throw inside its validation step.
    (spec.data as Record<string, unknown>)['x-big'] = 10n;
    const context = { root: repo, strict: false, exists: () => false, readText: () => '' };
    const result = await asyncapiKind.load([spec], context);
    const lines = result.diagnostics.map(formatDiagnostic);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^specs\/throws\.yml:1:1 error AAPI001 .*BigInt/);
    expect(lines[0]).not.toMatch(/\n|stack|    at /);
  });
});
