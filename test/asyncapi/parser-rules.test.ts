/**
 * Issue 12 item 9: the parser's style rules really are off by default (the run's one Parser,
 * built with its resolver, does not run them at all, rather than running and filtering them),
 * `--strict` turns them on, and `examples` that do not match their schema are warnings only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../generator/core/diagnostics.js';
import { createSpecFile } from '../../generator/core/spec-file.js';
import { asyncapiKind } from '../../generator/kinds/asyncapi/index.js';
import { sharedParser } from '../../generator/kinds/asyncapi/parse.js';
import type { LoadContext } from '../../generator/kinds/types.js';

const root = join(import.meta.dirname, '../..');
const context = (strict: boolean): LoadContext => ({
  root,
  strict,
  exists: (path) => existsSync(join(root, path)),
  readText: (path) => readFileSync(join(root, path), 'utf8'),
});

/** A 2.0 document with no license, tags or ids, and examples that contradict the schemas. */
const mismatched = `asyncapi: 2.0.0
info: {title: Examples, version: '1'}
channels:
  /:
    publish:
      message:
        name: hello
        x-handler: api.hello
        payload:
          type: object
          properties:
            count: {type: integer, examples: [many]}
            label: {type: string, default: 5}
        examples:
          - payload: {count: lots}
`;

async function load(strict: boolean) {
  const spec = createSpecFile('specs/examples.yml', join(root, 'specs/examples.yml'), mismatched);
  const result = await asyncapiKind.load([spec], context(strict));
  return { documents: result.ir.documents.length, lines: result.diagnostics.map(formatDiagnostic) };
}

describe('parser rules', () => {
  it('do not run by default: the parser itself reports no style or example rule', async () => {
    const parser = await sharedParser(context(false));
    const spec = createSpecFile('specs/examples.yml', join(root, 'specs/examples.yml'), mismatched);
    const result = await parser.parse(spec.data as never, { source: spec.absolutePath, parseSchemas: false });
    expect(result.diagnostics.map((d) => d.code)).toEqual([]);
    expect(result.document).toBeDefined();
  });

  it('one parser per run: the same instance for every document of a context', async () => {
    const run = context(false);
    expect(await sharedParser(run)).toBe(await sharedParser(run));
  });

  it('mismatched examples and defaults generate without a word by default', async () => {
    const quiet = await load(false);
    expect(quiet.lines).toEqual([]);
    expect(quiet.documents).toBe(1);
  });

  it('--strict runs the style rules, and mismatched examples are warnings, never errors', async () => {
    const strict = await load(true);
    expect(strict.documents).toBe(1);
    expect(strict.lines.filter((l) => / error /.test(l))).toEqual([]);
    expect(strict.lines.some((l) => /warning AAPI003 .*asyncapi2-message-examples/.test(l))).toBe(true);
    // A style rule (the recommended set) runs too.
    expect(strict.lines.some((l) => /AAPI003 .*asyncapi2-tags|asyncapi-info-license|asyncapi-info-contact/.test(l))).toBe(true);
  });
});
