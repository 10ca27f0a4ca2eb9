/** Command-line flags, defined once as data; parsing and `--help` both read this table. */
export interface FlagDefinition {
  readonly name: string;
  /** Takes a value (`--out dir`). */
  readonly value?: string;
  readonly description: string;
}

export const generateFlags: readonly FlagDefinition[] = [
  { name: 'out', value: 'dir', description: 'output folder (default: `out` of sockgen.config.json, else generated/)' },
  { name: 'handlers', value: 'dir', description: 'folder of user-owned handler stubs (default: handlers/, or <out>/handlers with --out)' },
  { name: 'config', value: 'file', description: 'config file (default: sockgen.config.json when present)' },
  { name: 'check', description: 'write nothing; exit 1 with a diff when generated files differ from the specs' },
  { name: 'watch', description: 'regenerate when a spec changes; a broken spec keeps the last good output' },
  { name: 'strict', description: 'also show style warnings (AsyncAPI rule set) that are quiet by default' },
  { name: 'dump-ir', description: 'print the normalized model as JSON and write nothing' },
  { name: 'quiet', description: 'print only diagnostics and errors' },
  { name: 'no-cache', description: 'regenerate even when nothing changed since a cached run, and keep no cache (node_modules/.cache/sockgen)' },
  { name: 'help', description: 'show this help' },
];
