/**
 * docker compose's variable substitution in a compose file's values: `$VAR`, `${VAR}`,
 * `${VAR:-default}` / `${VAR-default}` (default when unset-or-empty / unset),
 * `${VAR:+alt}` / `${VAR+alt}`, `${VAR:?msg}` / `${VAR?msg}` (an error when missing), and `$$` for
 * a literal `$`. Variables come from the project's `.env` beside the compose file only — never
 * from the environment of the machine running `npx generate`, so the output is deterministic.
 */

import { parseDotEnv, unquote, type DotEnvEntry } from '../../../runtime/connector/dotenv.js';

/** The substituted text, the variables that were missing, and the `?` errors raised. */
export interface Interpolated {
  readonly value: string;
  readonly missing: readonly string[];
  readonly errors: readonly string[];
}

/** Substitutes `${...}` and `$VAR` in `text` from `variables`. */
export function interpolate(text: string, variables: Readonly<Record<string, string>>): Interpolated {
  const missing: string[] = [];
  const errors: string[] = [];
  const lookup = (name: string): string | undefined => (Object.hasOwn(variables, name) ? variables[name] : undefined);
  let value = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== '$') {
      value += c;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      value += '$';
      i++;
      continue;
    }
    if (next === '{') {
      const close = findClose(text, i + 2);
      if (close < 0) {
        value += text.slice(i);
        break;
      }
      const body = text.slice(i + 2, close);
      i = close;
      const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-+?])(.*))?$/s.exec(body);
      if (!match) {
        errors.push(`invalid substitution \${${body}}`);
        continue;
      }
      const [, name, colon, operator, argument = ''] = match;
      const current = lookup(name!);
      const unset = colon ? current === undefined || current === '' : current === undefined;
      const inner = () => interpolate(argument, variables);
      if (operator === '-') {
        if (unset) {
          const sub = inner();
          missing.push(...sub.missing);
          errors.push(...sub.errors);
          value += sub.value;
        } else value += current;
      } else if (operator === '+') {
        if (!unset) value += inner().value;
      } else if (operator === '?') {
        if (unset) errors.push(`${name}: ${argument || 'required variable is missing'}`);
        else value += current;
      } else {
        if (current === undefined) missing.push(name!);
        value += current ?? '';
      }
      continue;
    }
    const bare = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
    if (!bare) {
      value += '$';
      continue;
    }
    const current = lookup(bare[0]);
    if (current === undefined) missing.push(bare[0]);
    value += current ?? '';
    i += bare[0].length;
  }
  return { value, missing, errors };
}

/**
 * A `.env` file as docker compose reads it: single-quoted values are literal; double-quoted ones
 * take `\\n \\r \\t \\\\ \\" \\$` escapes and are substituted; unquoted ones lose a ` #`
 * comment, are trimmed and substituted. Earlier lines are variables of later ones.
 */
export function readComposeDotEnv(text: string, outer: Readonly<Record<string, string>> = {}): { values: Record<string, string>; entries: DotEnvEntry[] } {
  const values: Record<string, string> = Object.create(null);
  const entries: DotEnvEntry[] = [];
  for (const entry of parseDotEnv(text).entries) {
    const raw = entry.raw;
    let value: string;
    if (raw.startsWith("'") && raw.indexOf("'", 1) > 0) value = entry.value;
    else {
      // In double quotes an escaped `\$` is a literal dollar: mark it so substitution skips it.
      const marked = raw.startsWith('"') ? unquote(markEscapedDollars(raw)) : entry.value;
      value = interpolate(marked, { ...outer, ...values }).value.replace(/\u0000/g, '$');
    }
    values[entry.key] = value;
    entries.push({ ...entry, value });
  }
  return { values, entries };
}

/** `\$` → NUL (restored as `$` after substitution); other escapes are left for unquote. */
function markEscapedDollars(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '\\' && i + 1 < raw.length) {
      out += raw[i + 1] === '$' ? '\u0000' : raw.slice(i, i + 2);
      i++;
    } else out += raw[i];
  }
  return out;
}

/** Index of the `}` closing a `${` whose body starts at `from` (nested `${}` in defaults allowed). */
function findClose(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}
