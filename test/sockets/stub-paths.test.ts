/**
 * Script names are spec strings; the stub of each script is a file named after it. A name that
 * is not a plain file name must not steer where the generator writes.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateFixture } from '../support/generate-fixture.js';

const root = mkdtempSync(join(tmpdir(), 'sockgen-stub-paths-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('stub file names', () => {
  it('keeps every written path inside handlers/ and maps unsafe script names to safe, distinct file names', async () => {
    mkdirSync(join(root, 'specs/s'), { recursive: true });
    writeFileSync(
      join(root, 'specs/s/socket.yml'),
      [
        'name: s',
        'endpoints:',
        '  up: {script: "../../../../evil"}',
        '  abs: {script: "/tmp/abs"}',
        '  plain: {script: get-stats}',
        '  twin: {script: evil}',
        'dependencies:',
        '  scripts:',
        '    "../../../../evil": {runtime_name: typescript}',
        '    "/tmp/abs": {runtime_name: typescript}',
        '    get-stats: {runtime_name: typescript}',
        '    evil: {runtime_name: typescript}',
        '',
      ].join('\n'),
    );
    const result = await generateFixture(root);
    expect(result.diagnosticsText).toBe('');
    const paths = result.files.map((file) => file.path);
    for (const path of paths) expect(path.split('/')).not.toContain('..');
    const stubs = paths.filter((path) => path.startsWith('handlers/'));
    expect(stubs).toEqual(['handlers/sockets/s/evil.ts', 'handlers/sockets/s/evil2.ts', 'handlers/sockets/s/get-stats.ts', 'handlers/sockets/s/tmp_abs.ts']);
    // The generated handler map still finds each stub by its import.
    const handlers = result.files.find((file) => file.path === 'generated/sockets/s/handlers.ts')!.contents;
    expect(handlers).toContain("'../../../handlers/sockets/s/evil2.js'");
  });
});

describe('handler map keys', () => {
  it('keeps a script named __proto__ an own key of the generated handler map', async () => {
    const protoRoot = mkdtempSync(join(tmpdir(), 'sockgen-proto-key-'));
    try {
      mkdirSync(join(protoRoot, 'specs/p'), { recursive: true });
      writeFileSync(
        join(protoRoot, 'specs/p/socket.yml'),
        ['name: p', 'endpoints:', '  e: {script: __proto__}', '  f: {script: plain}', 'dependencies:', '  scripts:', '    __proto__: {runtime_name: typescript}', '    plain: {runtime_name: typescript}', ''].join('\n'),
      );
      const result = await generateFixture(protoRoot);
      expect(result.diagnosticsText).toBe('');
      const handlers = result.files.find((file) => file.path === 'generated/sockets/p/handlers.ts')!.contents;
      // `'__proto__': x` in an object literal sets the prototype; only a computed key is a property.
      expect(handlers).toMatch(/^ {2}\['__proto__'\]: proto,$/m);
      expect(handlers).toMatch(/^ {2}plain,$|^ {2}plain: plain,$/m);
    } finally {
      rmSync(protoRoot, { recursive: true, force: true });
    }
  });
});
