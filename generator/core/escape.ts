/**
 * The only way spec strings reach generated code. Every template helper that prints spec text
 * goes through one of these, so no spec can inject code.
 */

/** A JavaScript string literal (single-quoted after formatting) for any text. */
export function stringLiteral(text: string): string {
  // JSON.stringify escapes quotes, backslashes and control characters; the two line
  // separators are legal in JSON but end a line in older JS parsers and editors.
  return JSON.stringify(text).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * A string literal quoted as the pinned formatter prints it (single quotes), so a template's raw
 * output is often already formatted: an unedited handler stub then matches its template without
 * a formatter call. Text holding a quote keeps stringLiteral's form; the formatter settles it.
 */
export function formattedStringLiteral(text: string): string {
  return /['"]/.test(text) ? stringLiteral(text) : `'${stringLiteral(text).slice(1, -1)}'`;
}

/**
 * A key of an object literal (a value, not a type): a string literal, except `__proto__`, which
 * as a plain key would set the object's prototype instead of a property, so it is computed.
 */
export function propertyKeyLiteral(name: string): string {
  return name === '__proto__' ? '["__proto__"]' : stringLiteral(name);
}

/** Any JSON-serialisable value as a JavaScript expression. */
export function valueLiteral(value: unknown): string {
  return (
    (JSON.stringify(value, null, 2) ?? 'undefined')
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029')
      // JSON's `"__proto__": x` is a property, but in a JS object literal it sets the prototype and
      // the key is lost; a computed key stays a property. Indented output puts every key first on
      // its line, and a string value cannot contain a raw newline, so this only matches keys.
      .replace(/^(\s*)"__proto__":/gm, '$1["__proto__"]:')
  );
}

/** Text safe inside a `/* ... *\/` or JSDoc comment: no comment end, one line per line. */
export function commentText(text: string): string {
  return text
    .replace(/\*\//g, '*\\/')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n * ');
}

/** Text safe in a `//` or `#` line comment (newlines folded into spaces). */
export function lineCommentText(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ');
}
