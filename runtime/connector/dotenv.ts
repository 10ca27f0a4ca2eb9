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
    entries.push({ key, value: unquote(rest), line, col: indent + (match[1]?.length ?? 0) + 1, valueCol });
  });
  return { entries, errors };
}

function unquote(rest: string): string {
  const quote = rest[0];
  if (quote === '"' || quote === "'") {
    const end = rest.indexOf(quote, 1);
    if (end > 0) {
      const inner = rest.slice(1, end);
      return quote === '"' ? inner.replace(/\\n/g, '\n').replace(/\\"/g, '"') : inner;
    }
  }
  // An unquoted value ends at ` #` (an inline comment), like python-dotenv.
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

function quoteIfNeeded(value: string): string {
  return /^[A-Za-z0-9_.:/@+-]*$/.test(value) ? value : `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
