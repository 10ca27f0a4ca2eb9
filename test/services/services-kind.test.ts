/** The services kind and the shared plan: detection, user-written modules, inferred option types. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSpecFile } from '../../generator/core/spec-file.js';
import { detectServicesFile } from '../../generator/kinds/services/detect.js';
import { importPath, typeOfValue } from '../../generator/targets/types/services-plan.js';
import { generateFixture } from '../support/generate-fixture.js';

const spec = (path: string, text: string) => createSpecFile(path, `/x/${path}`, text);

describe('detectServicesFile', () => {
  it.each([
    ['specs/a/services.json', '{}', true],
    ['specs/a/external_services.json', '{"x": 1}', true],
    ['specs/a/sessions.json', '{"V": {"script": "v.py", "count": 1, "options": {}}}', true],
    ['specs/a/sessions.json', '{"V": {"script": "v.py", "count": 1}}', true],
    ['specs/a/sessions.json', '{"V": {"script": "v.py"}}', false],
    ['specs/a/sessions.json', '{}', false],
    ['specs/a/sessions.json', '[{"script": "v.py", "count": 1}]', false],
    ['specs/a/package.json', '{"name": "x", "scripts": {"a": "b"}}', false],
    ['specs/a/sessions.yml', 'V: {script: v.py, count: 1, options: {}}', false],
  ])('%s %s → %s', (path, text, expected) => {
    expect(detectServicesFile(spec(path, text))).toBe(expected);
  });
});

describe('typeOfValue', () => {
  it.each([
    ['x', 'string'],
    [3, 'number'],
    [true, 'boolean'],
    [null, 'null'],
    [[], 'readonly unknown[]'],
    [['a', 'b'], 'readonly string[]'],
    [[1, 'a', 2], 'readonly (number | string)[]'],
    [[{ a: 1 }], 'readonly ({ readonly a: number; })[]'],
    [{}, 'Record<string, never>'],
    [{ 'b-c': 1, a: [true] }, "{ readonly a: readonly boolean[]; readonly \"b-c\": number; }"],
  ])('%j → %s', (value, expected) => {
    expect(typeOfValue(value)).toBe(expected);
  });
});

describe('importPath', () => {
  it.each([
    ['generated/services/server.ts', 'handlers/services/a.ts', '../../handlers/services/a.js'],
    ['generated/services/server.ts', 'generated/services/types.ts', './types.js'],
    ['out/services/server.ts', 'specs/x/my_session.mts', '../../specs/x/my_session.mjs'],
  ])('%s → %s', (from, to, expected) => {
    expect(importPath(from, to)).toBe(expected);
  });
});

describe('a script naming a TypeScript module', () => {
  const root = mkdtempSync(join(tmpdir(), 'sockgen-services-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('imports the user module instead of writing a stub', async () => {
    mkdirSync(join(root, 'specs/lab/sessions'), { recursive: true });
    writeFileSync(join(root, 'specs/lab/services.json'), JSON.stringify({ Lab: { script: 'sessions/lab_session.ts', count: 3, options: { display_base: 10 } }, Old: { script: 'old.py', count: 1, options: {} } }));
    writeFileSync(join(root, 'specs/lab/sessions/lab_session.ts'), 'export class LabSession {}\n');
    const result = await generateFixture(root);
    expect(result.diagnosticsText).toBe('');
    expect(result.files.map((f) => `${f.path} ${f.ownership}`)).toEqual([
      'generated/.sockgen-manifest.json generated',
      'generated/services/client.ts generated',
      'generated/services/server.ts generated',
      'generated/services/types.ts generated',
      'handlers/services/old.ts once',
    ]);
    const server = result.files.find((f) => f.path === 'generated/services/server.ts')!.contents;
    expect(server).toContain("import { LabSession } from '../../specs/lab/sessions/lab_session.js';");
    expect(server).toContain("import { Old } from '../../handlers/services/old.js';");
    expect(result.ir?.services.services.map((s) => s.script)).toEqual([
      { type: 'module', name: 'sessions/lab_session.ts', stem: 'lab_session', file: 'specs/lab/sessions/lab_session.ts', source: { file: 'specs/lab/services.json', pointer: '/Lab/script' } },
      { type: 'stub', name: 'old.py', stem: 'old', source: { file: 'specs/lab/services.json', pointer: '/Old/script' } },
    ]);
  });
});
