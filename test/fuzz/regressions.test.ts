/**
 * Named regression cases of the hardening issue (generator side), each run through the CLI as a
 * user would: the input finishes in bounded time with exit 1 and one-line diagnostics, and
 * nothing is written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { diagnosticLine } from './generator/case.js';
import { seeds } from './generator/seeds.js';

const bin = join(import.meta.dirname, '../../bin/sockgen.mjs');
let project: string;

function generate(files: Record<string, string>) {
  project = mkdtempSync(join(tmpdir(), 'sockgen-regression-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(project, path)), { recursive: true });
    writeFileSync(join(project, path), text);
  }
  const result = spawnSync(process.execPath, [bin, '--quiet'], { cwd: project, encoding: 'utf8', timeout: 60_000 });
  const lines = result.stderr.split('\n').filter((line) => line && !line.startsWith('sockgen: '));
  return { code: result.status, lines, stderr: result.stderr };
}

function expectCleanRefusal(result: ReturnType<typeof generate>, code: string) {
  expect(result.stderr).not.toContain('internal error');
  expect(result.code).toBe(1);
  for (const line of result.lines) expect(line).toMatch(diagnosticLine);
  expect(result.lines.some((line) => line.includes(` error ${code} `))).toBe(true);
  expect(existsSync(join(project, 'generated'))).toBe(false);
  expect(existsSync(join(project, 'handlers'))).toBe(false);
}

const socket = (name: string, extra = '') =>
  `name: ${JSON.stringify(name)}\n${extra}endpoints:\n  hello:\n    GET:\n      script: hello\ndependencies:\n  scripts:\n    hello:\n      runtime_name: typescript\n`;

describe('hardening regressions (generator)', () => {
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  it('a socket name of 100k capital letters is SPEC005, quickly (the naming regex was quadratic)', () => {
    expectCleanRefusal(generate({ 'specs/big/socket.yml': socket('A'.repeat(100_000)) }), 'SPEC005');
  });

  it('a name of 300 characters is SPEC005 before any file is written (was ENAMETOOLONG half-way)', () => {
    expectCleanRefusal(generate({ 'specs/long/socket.yml': socket('s'.repeat(300)) }), 'SPEC005');
  });

  it('a 500-deep map in socket metadata is SPEC004 (prettier overflowed its stack)', () => {
    const deep = 'metadata:\n' + Array.from({ length: 500 }, (_, i) => `${'  '.repeat(i + 1)}k:`).join('\n') + ' 1\n';
    expectCleanRefusal(generate({ 'specs/deep/socket.yml': socket('deep', deep) }), 'SPEC004');
  });

  it('a .env with 200,000 bad lines is refused with a capped list (push(...many) overflowed the stack)', () => {
    const env = 'CONNECTOR_NAME=bad\n' + Array.from({ length: 200_000 }, (_, i) => `${i} not a line`).join('\n') + '\n';
    const result = generate({ 'specs/connectors/bad/.env': env });
    expectCleanRefusal(result, 'CONN001');
    expect(result.lines.length).toBeLessThan(200);
    expect(result.lines.some((line) => /\d+ more /.test(line))).toBe(true);
  });

  it('spec strings with newlines are escaped in diagnostics, and huge values shortened', () => {
    const result = generate({ 'specs/odd/socket.yml': socket('odd', `description: 1\nendpoints2:\n  x: 1\n`).replace('script: hello', `script: "line1\\nline2${'z'.repeat(5000)}"`) });
    expect(result.code).toBe(1);
    for (const line of result.lines) {
      expect(line).toMatch(diagnosticLine);
      expect(line.length).toBeLessThan(1_500);
    }
  });

  /** The seed AsyncAPI document `name`, changed by `edit`, as the only spec of a project. */
  const asyncapi = (name: string, edit: (doc: Record<string, any>) => void) => {
    const seed = seeds.find((s) => s.spec.endsWith(name))!;
    const doc = parse(seed.files[seed.spec]!) as Record<string, any>;
    edit(doc);
    return { [seed.spec]: stringify(doc, { lineWidth: 0 }) };
  };
  const expectNoCrash = (result: ReturnType<typeof generate>) => {
    expect(result.stderr).not.toContain('internal error');
    expect([0, 1]).toContain(result.code);
    for (const line of result.lines) expect(line).toMatch(diagnosticLine);
  };

  it('found by the fuzzer: `$ref: "#"` where x-handlers wants a name is a diagnostic (was circular JSON.stringify)', () => {
    const result = generate(asyncapi('user-account-service.yml', (doc) => (doc.channels['/user']['x-handlers'].error = { $ref: '#' })));
    expectNoCrash(result);
    expect(result.code).toBe(1);
  });

  it('found by the fuzzer: 400 self-referencing keys in a recursive schema finish (stack overflow in schema copying)', () => {
    const result = generate(
      asyncapi('chat.yml', (doc) => {
        const line = doc.components.schemas.Line.properties;
        line.replyTo = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`k${i}`, structuredClone(line.replyTo)]));
      }),
    );
    expectNoCrash(result);
  });

  it('found by the fuzzer: a schema keyword `id` (draft-04) under x-ack no longer crashes ajv', () => {
    const result = generate(asyncapi('chat.yml', (doc) => (doc.components.messages.Say['x-ack'].args.properties.id.id = 'draft-04-id')));
    expectNoCrash(result);
  });

  it('found by the fuzzer: `null` where x-ack or a binding schema belongs is a diagnostic', () => {
    const result = generate(asyncapi('chat.yml', (doc) => (doc.components.messages.Say['x-ack'] = { args: null })));
    expectNoCrash(result);
  });

  it('found by the fuzzer: a `$ref` naming a folder is an unresolved ref, not EISDIR', () => {
    const result = generate(asyncapi('chat.yml', (doc) => (doc.components.messages.Say.payload = { $ref: '\\' })));
    expectNoCrash(result);
    expect(result.code).toBe(1);
  });

  it('a map used as a YAML key is SPEC001, with no Node warning outside the format', () => {
    expectCleanRefusal(generate({ 'specs/keys/socket.yml': socket('keys', '? [a, b]\n: 1\n') }), 'SPEC001');
  });
});
