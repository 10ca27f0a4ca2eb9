/**
 * `.env` files as python-dotenv reads them (the original loads one with `load_dotenv()`):
 * `KEY=value` lines, `#` comments, optional `export `, single or double quotes. Every entry keeps
 * its line and column so the generator can point at a bad value.
 */

/** One `KEY=value` line. Lines and columns are 1-based; `valueCol` is where the value starts. */
export interface DotEnvEntry {
  readonly key: string;
  readonly value: string;
  readonly line: number;
  readonly col: number;
  readonly valueCol: number;
  /** The value as written (quotes, escapes, comment and all). */
  readonly raw: string;
}

/** A line that is neither blank, a comment, nor `KEY=value`. */
export interface DotEnvError {
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

/** Parses `.env` text; never throws. A key given twice keeps the last value (as dotenv does). */
export function parseDotEnv(text: string): { entries: DotEnvEntry[]; errors: DotEnvError[] } {
  const entries: DotEnvEntry[] = [];
  const errors: DotEnvError[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const indent = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (body === '' || body.startsWith('#')) return;
    const match = /^(export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(body);
    if (!match) {
      errors.push({ line, col: indent + 1, message: `expected KEY=value, found \`${body}\`` });
      return;
    }
    const key = match[2]!;
    const rest = match[3]!;
    const valueCol = indent + body.length - rest.length + 1;
    entries.push({ key, value: unquote(rest), line, col: indent + (match[1]?.length ?? 0) + 1, valueCol, raw: rest });
  });
  return { entries, errors };
}

/**
 * A value as docker compose (compose-go's dotenv) reads it, which python-dotenv agrees with for
 * what sockgen writes: single quotes are literal; double quotes take \\n \\r \\t \\\\ \\" \\$
 * escapes; an unquoted value ends at ` #` (an inline comment) and is trimmed. Compose would also
 * interpolate `$VAR` in unquoted and double-quoted values: sockgen writes none (see formatDotEnv).
 */
export function unquote(rest: string): string {
  const quote = rest[0];
  if (quote === "'") {
    const end = rest.indexOf("'", 1);
    if (end > 0) return rest.slice(1, end);
  }
  if (quote === '"') {
    let value = '';
    for (let i = 1; i < rest.length; i++) {
      const c = rest[i]!;
      if (c === '"') return value;
      if (c === '\\' && i + 1 < rest.length) {
        const next = rest[++i]!;
        value += next === 'n' ? '\n' : next === 'r' ? '\r' : next === 't' ? '\t' : next === '\\' || next === '"' || next === '$' || next === "'" ? next : `\\${next}`;
      } else value += c;
    }
    // No closing quote: read it as the original did, as an unquoted value.
  }
  // An unquoted value ends at ` #` (an inline comment), like python-dotenv and compose.
  return rest.replace(/\s+#.*$/, '').trim();
}

/** The entries as a plain record (last one wins). */
export function dotEnvValues(text: string): Record<string, string> {
  return Object.fromEntries(parseDotEnv(text).entries.map((e) => [e.key, e.value]));
}

/** Writes variables in the original's `.env` format: one `KEY=value` a line, quoted only when needed. */
export function formatDotEnv(values: Readonly<Record<string, string>>, order: readonly string[] = Object.keys(values)): string {
  return order
    .filter((key) => values[key] !== undefined)
    .map((key) => `${key}=${quoteIfNeeded(values[key]!)}`)
    .join('\n')
    .concat('\n');
}

/**
 * Quoted so that sockgen's parser and docker compose read the same value back: plain values as
 * they are; anything else in single quotes (literal for both: no escapes, no `$` interpolation);
 * a value holding a `'`, a line break or a backslash in double quotes with `\\` `\"` `\n` `\$`
 * escaped. python-dotenv (the original connector's reader) reads those back too, unless the value
 * holds a `$`: it decodes `\\` and `\'` even in single quotes, keeps `\$` as it is and expands
 * `${X}` in any quotes (test/connectors/dotenv-python.test.ts).
 */
export function quoteIfNeeded(value: string): string {
  if (/^[A-Za-z0-9_.:/@+-]*$/.test(value)) return value;
  if (!/['\r\n\\]/.test(value)) return `'${value}'`;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$/g, '\\$').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
}
