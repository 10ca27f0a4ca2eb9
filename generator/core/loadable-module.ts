/**
 * Build step: a CommonJS module's code as the build writes it for bundle-loader.ts: wrapped in the
 * module function and in ASCII, which the loader then reads as Latin-1 and compiles as read (no
 * UTF-8 decoding, no copy joined to the wrapper). Code that cannot be written in ASCII is written
 * as it is; the loader wraps it and reads it as UTF-8. Wrapped means ASCII: the loader trusts it.
 */
import { moduleWrapper } from './bundle-loader.js';

export function loadableModule(code: string): string {
  const ascii = asciiOnly(code);
  return /^[\x00-\x7f]*$/.test(ascii) ? moduleWrapper.head + ascii + moduleWrapper.tail : code;
}

/**
 * The code with each non-ASCII character written as its `\u` escape, so the loader can read the
 * file as Latin-1 (bundle-loader.ts). esbuild escapes strings itself but leaves regular expression
 * literals and comments as they are. An escape means the same character in a string, a regular
 * expression, a comment and a BMP identifier (not in a tagged template's raw text: no bundled
 * package reads one); a character escaped by a backslash already (`\é`, the same as `é`) becomes
 * the escape alone. A backslash before a line separator continues the line and
 * so means nothing: such code is left as it is (the loader reads it as UTF-8).
 */
export function asciiOnly(code: string): string {
  if (/\\[\u2028\u2029]/.test(code)) return code;
  return code.replace(/(\\*)([^\x00-\x7f])/g, (_, backslashes: string, character: string) => {
    const escape = `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
    // An odd count: the last backslash escapes the character.
    return backslashes.length % 2 === 1 ? backslashes.slice(1) + escape : backslashes + escape;
  });
}
