/** Every spec string lands in generated code through these; none may break out. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commentText, formattedStringLiteral, lineCommentText, propertyKeyLiteral, stringLiteral, valueLiteral } from '../../generator/core/escape.js';
import { formatText } from '../../generator/core/format.js';

const hostile = ["'); process.exit(1); //", '*/ alert(1) /*', '`${process.exit(1)}`', 'line\u2028separator', 'back\\slash "quote"', '\n// newline'];

describe('escaping', () => {
  it.each(hostile)('string literal of %j evaluates back to the same text', (text) => {
    expect(new Function(`return ${stringLiteral(text)};`)()).toBe(text);
  });

  it.each(hostile)('formatter-quoted string literal of %j evaluates back to the same text', (text) => {
    expect(new Function(`return ${formattedStringLiteral(text)};`)()).toBe(text);
  });

  it('formatter-quoted string literals evaluate back to any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite' }), (text) => new Function(`return ${formattedStringLiteral(text)};`)() === text),
      { numRuns: 500 },
    );
  });

  it('quotes a quote-free string as the formatter prints it, so a template needs no formatting for it', async () => {
    for (const text of ['read_0', '../../../generated/sockets/notes/types.js', 'a\\b\n', 'tab\there']) {
      const code = `export const x = ${formattedStringLiteral(text)};\n`;
      expect(await formatText(code, 'typescript', 'x.ts')).toBe(code);
    }
  });

  it('keys __proto__ as a property of an object literal, not its prototype', () => {
    const object = new Function(`return { ${propertyKeyLiteral('__proto__')}: 1, ${propertyKeyLiteral('a b')}: 2 };`)() as Record<string, unknown>;
    expect(Object.keys(object)).toEqual(['__proto__', 'a b']);
  });

  it.each(hostile)('comment text of %j cannot end the comment', (text) => {
    const code = `/** ${commentText(text)} */ return 42;`;
    expect(new Function(code)()).toBe(42);
  });

  it.each(hostile)('line comment text of %j stays on one line', (text) => {
    expect(new Function(`// ${lineCommentText(text)}\nreturn 42;`)()).toBe(42);
  });

  it('value literals keep a `__proto__` key as data, at any depth, and leave such text in strings alone', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "nested": [{"__proto__": 1}], "text": "\\"__proto__\\": 2"}') as object;
    const evaluated = new Function(`return ${valueLiteral(value)};`)() as Record<string, unknown>;
    expect(Object.getPrototypeOf(evaluated)).toBe(Object.prototype);
    expect(Object.keys(evaluated)).toEqual(['__proto__', 'nested', 'text']);
    expect(JSON.stringify(evaluated)).toBe(JSON.stringify(value));
  });
});
