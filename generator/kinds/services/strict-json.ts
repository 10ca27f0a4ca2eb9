/**
 * services.json is read by ADR with Python's `json.load`, which refuses what YAML (the shared
 * spec parser) accepts: trailing commas, single quotes, unquoted keys, comments, `0x10`, `.inf`,
 * `NaN`. Each of those would silently change or invent values, so the file must be strict JSON;
 * the first offence is reported at its line:col. jsonc-parser gives the offsets.
 */
import type { ParseError } from 'jsonc-parser';
import { packages } from '../../core/packages.js';
import type { Diagnostic } from '../../core/diagnostics.js';

/** The first place where `text` is not strict JSON (RFC 8259, as json.load reads it), or none. */
export function strictJsonError(path: string, text: string): Diagnostic | undefined {
  const errors: ParseError[] = [];
  packages.jsonc.parse(text, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
  let offset: number | undefined;
  let reason: string | undefined;
  if (errors.length > 0) {
    const first = errors[0]!;
    ({ offset, reason } = explain(text, first));
  } else if (/[\u0000-\u001f]/.test(stringContents(text))) {
    // jsonc-parser lets raw control characters inside strings pass; json.load (strict) does not.
    offset = text.search(/"[^"\\]*(?:\\.[^"\\]*)*[\u0000-\u001f]/);
    reason = 'a raw control character (newline, tab) inside a string; write it as \\n or \\t';
  }
  if (offset === undefined || reason === undefined) return undefined;
  const { line, col } = position(text, Math.max(0, offset));
  return {
    code: 'SPEC001',
    severity: 'error',
    message: `JSON syntax: ${reason}`,
    file: path,
    line,
    col,
    hint: "services.json must be strict JSON: ADR reads it with Python's json.load, which refuses this",
  };
}

/** Where to point and what to say; the offset moves to the real culprit (a comma, a `0x`). */
function explain(text: string, error: ParseError): { offset: number; reason: string } {
  let offset = error.offset;
  // `0x10`: the scanner took `0` as a number and fails on `x10`; point at the `0`.
  if (/^[xXoObB]/.test(text.slice(offset)) && text[offset - 1] === '0') offset--;
  const at = text.slice(offset);
  const token = /^[^\s,:{}[\]]{1,20}/.exec(at)?.[0] ?? at.slice(0, 1);
  // A comma followed only by space and a closing bracket: the error lands on the bracket.
  const trailing = /,\s*$/.exec(text.slice(0, offset));
  if (/^\s*[}\]]/.test(at) && trailing) return { offset: trailing.index, reason: 'trailing comma before the closing bracket' };
  return { offset, reason: describe(error, at, token) };
}

function describe(error: ParseError, at: string, token: string): string {
  if (at.startsWith("'")) return 'single-quoted string; JSON strings use double quotes';
  if (/^[+-]?0[xXoObB]/.test(token)) return `\`${token}\` is not a JSON number (no hex, octal or binary)`;
  if (/^[+-]?(\.?inf(inity)?|\.?nan)$/i.test(token)) return `\`${token}\` is not a JSON value (no infinities or NaN)`;
  switch (packages.jsonc.printParseErrorCode(error.error)) {
    case 'InvalidCharacter':
      return 'a raw control character (newline, tab) inside a string; write it as \\n or \\t';
    case 'InvalidSymbol':
      return /^[A-Za-z_$]/.test(token) ? `unexpected \`${token}\` (keys and strings need double quotes)` : `unexpected \`${token}\``;
    case 'InvalidCommentToken':
      return 'comments are not JSON';
    case 'InvalidNumberFormat':
    case 'UnexpectedEndOfNumber':
      return `\`${token}\` is not a JSON number`;
    case 'UnexpectedEndOfString':
      return 'unterminated string (or a raw line break inside one)';
    case 'InvalidEscapeCharacter':
      return 'invalid escape in a string (JSON knows \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)';
    case 'CommaExpected':
      return `expected a comma before \`${token}\``;
    case 'PropertyNameExpected':
      return 'expected a double-quoted key';
    case 'ValueExpected':
      return 'expected a value';
    case 'EndOfFileExpected':
      return `unexpected \`${token}\` after the end of the document`;
    default:
      return packages.jsonc.printParseErrorCode(error.error);
  }
}

/** The text of every string literal (to look for raw control characters). */
function stringContents(text: string): string {
  return (text.match(/"(?:[^"\\]|\\.)*"/g) ?? []).join('');
}

function position(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}
