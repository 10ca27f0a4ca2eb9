/** Every spec string lands in generated code through these; none may break out. */
import { describe, expect, it } from 'vitest';
import { commentText, lineCommentText, stringLiteral } from '../../generator/core/escape.js';

const hostile = ["'); process.exit(1); //", '*/ alert(1) /*', '`${process.exit(1)}`', 'line\u2028separator', 'back\\slash "quote"', '\n// newline'];

describe('escaping', () => {
  it.each(hostile)('string literal of %j evaluates back to the same text', (text) => {
    expect(new Function(`return ${stringLiteral(text)};`)()).toBe(text);
  });

  it.each(hostile)('comment text of %j cannot end the comment', (text) => {
    const code = `/** ${commentText(text)} */ return 42;`;
    expect(new Function(code)()).toBe(42);
  });

  it.each(hostile)('line comment text of %j stays on one line', (text) => {
    expect(new Function(`// ${lineCommentText(text)}\nreturn 42;`)()).toBe(42);
  });
});
