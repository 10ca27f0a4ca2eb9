/**
 * The AsyncAPI loader's diagnostics: parser errors stop generation with file:line:col, style
 * warnings only under --strict, a missing `$ref`ed file is reported, and every AAPI code the
 * kind emits points where the problem is.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../generator/core/diagnostics.js';
import { createSpecFile } from '../../generator/core/spec-file.js';
import { asyncapiKind } from '../../generator/kinds/asyncapi/index.js';
import type { LoadContext } from '../../generator/kinds/types.js';

const root = join(import.meta.dirname, '../..');

function context(strict: boolean, files: Record<string, string> = {}): LoadContext {
  return {
    root,
    strict,
    exists: (path) => path in files || existsSync(join(root, path)),
    readText: (path) => files[path] ?? readFileSync(join(root, path), 'utf8'),
  };
}

async function load(path: string, text: string, strict = false, files: Record<string, string> = {}) {
  const spec = createSpecFile(path, join(root, path), text);
  const result = await asyncapiKind.load([spec], context(strict, files));
  return { ir: result.ir, lines: result.diagnostics.map(formatDiagnostic) };
}

const minimal = `asyncapi: 2.6.0
info:
  title: Minimal
  version: 1.0.0
channels:
  /:
    publish:
      message:
        name: hello
        payload: { type: string }
        x-handler: api.hello
`;

describe('AsyncAPI loading', () => {
  it('hides the parser style warnings unless strict', async () => {
    const quiet = await load('specs/minimal.yml', minimal);
    expect(quiet.lines).toEqual([]);
    expect(quiet.ir.documents[0]?.namespaces[0]?.receive[0]?.event).toBe('hello');
    const strict = await load('specs/minimal.yml', minimal, true);
    expect(strict.lines.length).toBeGreaterThan(0);
    expect(strict.lines.every((line) => / (warning|info) AAPI003 /.test(line))).toBe(true);
    expect(strict.lines).toContain('specs/minimal.yml:2:1 warning AAPI003 Info object should have "contact" object. (hint: AsyncAPI rule asyncapi-info-contact at /info)');
  });

  it('reports a $ref to a file that does not exist as an error', async () => {
    const text = minimal.replace('payload: { type: string }', "payload: { $ref: 'missing.yml#/Thing' }");
    const { ir, lines } = await load('specs/refs.yml', text);
    expect(ir.documents).toEqual([]);
    expect(lines.some((line) => line.includes(' error AAPI001 ') && line.startsWith('specs/refs.yml:'))).toBe(true);
  });

  it('reads $ref files through the load context, relative to the spec', async () => {
    const text = minimal.replace('payload: { type: string }', "payload: { $ref: 'shared/thing.yml#/Thing' }");
    const { ir, lines } = await load('specs/refs.yml', text, false, { 'specs/shared/thing.yml': 'Thing:\n  type: integer\n' });
    expect(lines).toEqual([]);
    expect(ir.documents[0]?.schemas.map((s) => s.schema)).toEqual([{ type: 'integer' }]);
  });

  it('detects documents with a top-level asyncapi key only', () => {
    expect(asyncapiKind.detect(createSpecFile('a.yml', '/a.yml', minimal))).toBe(true);
    expect(asyncapiKind.detect(createSpecFile('b.yml', '/b.yml', 'openapi: 3.0.0\n'))).toBe(false);
    expect(asyncapiKind.detect(createSpecFile('c.yml', '/c.yml', '- asyncapi\n'))).toBe(false);
  });
});
