/** Parses argv against a flag table: `--flag`, `--flag value`, `--flag=value`, positionals. */
import type { FlagDefinition } from './flags.js';

/** A mistake in how sockgen was called: exit code 2. */
export class UsageError extends Error {}

export interface ParsedArgs {
  readonly flags: Readonly<Record<string, string | true>>;
  readonly positionals: readonly string[];
}

export function parseArgs(argv: readonly string[], definitions: readonly FlagDefinition[]): ParsedArgs {
  const flags: Record<string, string | true> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h') {
      flags.help = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      if (arg.startsWith('-') && arg.length > 1) throw new UsageError(`unknown option ${arg} (see --help)`);
      positionals.push(arg);
      continue;
    }
    const [name, inline] = splitOnce(arg.slice(2), '=');
    const definition = definitions.find((d) => d.name === name);
    if (!definition) throw new UsageError(`unknown option --${name} (see --help)`);
    if (!definition.value) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      flags[name] = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a ${definition.value}`);
    flags[name] = value;
  }
  return { flags, positionals };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/** Renders a help text from a usage line and a flag table. */
export function helpText(usage: string, summary: string, definitions: readonly FlagDefinition[]): string {
  const rows = definitions.map((d) => [`--${d.name}${d.value ? ` <${d.value}>` : ''}`, d.description] as const);
  const width = Math.max(...rows.map(([left]) => left.length));
  return [`usage: ${usage}`, '', summary, '', 'options:', ...rows.map(([l, r]) => `  ${l.padEnd(width)}  ${r}`)].join('\n');
}
