/**
 * Diagnostics: what every stage reports about the specs it reads. Printed like a compiler:
 * `specs/chat/socket.yml:14:7 error SOCK003 message (hint: ...)`.
 */
import { compareText } from './order.js';

export type Severity = 'error' | 'warning' | 'info';

/** One finding about a spec, pinned to a place in a file. */
export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  /** Path relative to the project root, with forward slashes. */
  file: string;
  /** 1-based; 0 when the finding concerns the whole file (printed as 1:1). */
  line: number;
  col: number;
  /** JSON pointer of the node in the spec, when known. */
  pointer?: string;
  hint?: string;
}

/**
 * Prints one diagnostic in the `file:line:col severity CODE message (hint: ...)` form: always one
 * line, whatever a spec or a library put in it (newlines and control characters escaped, long
 * texts shortened), so editors' problem matchers and `grep file:` can rely on it.
 */
export function formatDiagnostic(d: Diagnostic): string {
  // A finding about a whole file is pinned to its start, so every line has the same shape.
  const file = oneLine(d.file, 400) || '(unknown file)';
  const where = d.line > 0 ? `${file}:${d.line}:${d.col || 1}` : `${file}:1:1`;
  const hint = d.hint ? ` (hint: ${oneLine(d.hint, 300)})` : '';
  return `${where} ${d.severity} ${d.code} ${oneLine(d.message, 500) || '(no message)'}${hint}`;
}

/**
 * A value from a spec quoted inside a message: escaped like a JSON string and cut to `max`
 * characters, so a 100 kB name or a multi-line value cannot flood or break the output.
 */
export function escapeForMessage(value: string, max = 80): string {
  const quoted = JSON.stringify(value.length > max ? value.slice(0, max) : value);
  return value.length > max ? `${quoted.slice(0, -1)}…" (${value.length} characters)` : quoted;
}

/** Text on one line: control characters (newlines included) escaped, at most `max` characters. */
function oneLine(text: string, max: number): string {
  const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  const escaped = text
    .replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, (c) => named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .trim();
  return escaped.length > max ? `${escaped.slice(0, max - 1)}…` : escaped;
}

const severityOrder: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Sorts by file, line, column, then severity and code, so output is stable; the pointer and hint
 * break the last ties, so the order a checker found them in never shows.
 */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      compareText(a.file, b.file) ||
      a.line - b.line ||
      a.col - b.col ||
      severityOrder[a.severity] - severityOrder[b.severity] ||
      compareText(a.code, b.code) ||
      compareText(a.message, b.message) ||
      compareText(a.pointer ?? '', b.pointer ?? '') ||
      compareText(a.hint ?? '', b.hint ?? ''),
  );
}

/** True when at least one diagnostic is an error (generation must stop). */
export function hasErrors(list: readonly Diagnostic[]): boolean {
  return list.some((d) => d.severity === 'error');
}
