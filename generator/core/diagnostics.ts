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

/** Prints one diagnostic in the `file:line:col severity CODE message (hint: ...)` form. */
export function formatDiagnostic(d: Diagnostic): string {
  // A finding about a whole file is pinned to its start, so every line has the same shape
  // (editors' problem matchers and `grep file:` rely on it).
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.col}` : `${d.file}:1:1`;
  const hint = d.hint ? ` (hint: ${d.hint})` : '';
  return `${where} ${d.severity} ${d.code} ${d.message}${hint}`;
}

const severityOrder: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Sorts by file, line, column, then severity and code, so output is stable. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      compareText(a.file, b.file) ||
      a.line - b.line ||
      a.col - b.col ||
      severityOrder[a.severity] - severityOrder[b.severity] ||
      compareText(a.code, b.code) ||
      compareText(a.message, b.message),
  );
}

/** True when at least one diagnostic is an error (generation must stop). */
export function hasErrors(list: readonly Diagnostic[]): boolean {
  return list.some((d) => d.severity === 'error');
}
