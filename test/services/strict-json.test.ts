/**
 * Issue 8 #8: services.json is strict JSON (ADR reads it with json.load). What YAML accepts and
 * json.load refuses is one SPEC001 at the offending line:col, and nothing is generated.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { strictJsonError } from '../../generator/kinds/services/strict-json.js';
import { generateFixture } from '../support/generate-fixture.js';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

const entry = (options: string) => `{\n  "Viewer": {"script": "viewer.py", "count": 1,\n    "options": ${options}}\n}\n`;

describe('regression (issue 8 #8): services.json must be strict JSON', () => {
  it.each([
    ['trailing comma', entry('{"display_base": 100,}'), '3:36', 'trailing comma before the closing bracket'],
    ['single quotes', entry("{'group': 'x'}"), '3:17', 'single-quoted string; JSON strings use double quotes'],
    ['unquoted key', entry('{group: "x"}'), '3:17', 'unexpected `group` (keys and strings need double quotes)'],
    ['hex number', entry('{"display_base": 0x10}'), '3:33', '`0x10` is not a JSON number (no hex, octal or binary)'],
    ['YAML infinity', entry('{"display_base": .inf}'), '3:33', '`.inf` is not a JSON value (no infinities or NaN)'],
    ['NaN', entry('{"display_base": NaN}'), '3:33', '`NaN` is not a JSON value (no infinities or NaN)'],
    ['leading zero', entry('{"display_base": 010}'), '3:34', 'expected a comma before `10`'],
    ['raw tab in a string', entry('{"group": "a\tb"}'), '3:26', 'a raw control character (newline, tab) inside a string; write it as \\n or \\t'],
  ])('%s', async (_what, text, where, message) => {
    const root = mkdtempSync(join(tmpdir(), 'sockgen-strict-json-'));
    roots.push(root);
    mkdirSync(join(root, 'specs/services'), { recursive: true });
    writeFileSync(join(root, 'specs/services/services.json'), text);
    const result = await generateFixture(root);
    expect(result.diagnosticsText).toBe(
      `specs/services/services.json:${where} error SPEC001 JSON syntax: ${message} (hint: services.json must be strict JSON: ADR reads it with Python's json.load, which refuses this)\n`,
    );
    expect(result.files.filter((f) => f.path.startsWith('generated/services/'))).toEqual([]);
  });

  it('accepts what json.load accepts (escapes, exponents, unicode, nested values)', () => {
    const text = '{"V": {"script": "v.py", "count": 1, "options": {"a": "\\u00e9\\n\\"", "b": -1.5e3, "c": [true, null, {}], "d": "é"}}}';
    expect(JSON.parse(text)).toBeTruthy();
    expect(strictJsonError('s.json', text)).toBeUndefined();
  });
});
