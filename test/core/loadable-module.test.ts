/**
 * The build writes its bundles in ASCII (loadable-module.ts) so the loader can read them
 * as Latin-1. The escaped code must mean what the code meant: the same strings, the same regular
 * expressions, whatever the characters.
 */
import fc from 'fast-check';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { asciiOnly, loadableModule } from '../../generator/core/loadable-module.js';

const evaluate = (code: string): unknown => runInNewContext(code);
const isAscii = (text: string) => /^[\x00-\x7f]*$/.test(text);

describe('asciiOnly', () => {
  it('keeps the value of any string literal, as JSON.stringify writes it (non-ASCII left raw)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        const code = `(${JSON.stringify(text)})`;
        const escaped = asciiOnly(code);
        expect(isAscii(escaped)).toBe(true);
        expect(evaluate(escaped)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps what a regular expression literal matches, with and without the u flag', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 12 }), (set, probe) => {
        const chars = [...set].filter((c) => !/[\\\]\[^\-\/\n\r\u2028\u2029]/.test(c)).join('');
        if (chars === '') return;
        for (const flags of ['g', 'gu']) {
          // The probe goes in as ASCII, so only the literal is escaped.
          const code = `decodeURIComponent("${encodeURIComponent(probe + chars)}").match(/[${chars}]/${flags})`;
          expect(isAscii(asciiOnly(code))).toBe(true);
          expect(evaluate(asciiOnly(code))).toEqual(evaluate(code));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('writes a character escaped by a backslash as its escape, and keeps escaped backslashes', () => {
    expect(asciiOnly('"\\é"')).toBe('"\\u00e9"');
    expect(evaluate(asciiOnly('"\\é"'))).toBe('é');
    expect(asciiOnly('"\\\\é"')).toBe('"\\\\\\u00e9"');
    expect(evaluate(asciiOnly('"\\\\é"'))).toBe('\\é');
    expect(evaluate(asciiOnly('/\\–/.test("–")'))).toBe(true);
  });

  it('escapes comments and astral characters, and leaves a line continued by a separator as it is', () => {
    expect(asciiOnly('// “-” | “?”\n1')).toBe('// \\u201c-\\u201d | \\u201c?\\u201d\n1');
    expect(evaluate(asciiOnly('"😀".length'))).toBe(2);
    expect(evaluate(asciiOnly('/^.$/u.test("😀")'))).toBe(true);
    const continued = '"a\\\u2028b"';
    expect(asciiOnly(continued)).toBe(continued);
    expect(evaluate(continued)).toBe('ab');
  });
});

describe('loadableModule', () => {
  it('wraps code it can write in ASCII, and leaves other code as it is for the loader to wrap', () => {
    expect(loadableModule('exports.arrow = "→";\n')).toBe('(function (exports, require, module, __filename, __dirname) {exports.arrow = "\\u2192";\n\n})');
    const continued = 'exports.text = "a\\\u2028b";\n';
    expect(loadableModule(continued)).toBe(continued);
  });
});
