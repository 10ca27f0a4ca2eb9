/**
 * Every `sockgen <command>`. A first argument that is not a command name means `generate`.
 * Each command's module is imported only when it runs: `sockgen serve` must not load the
 * generator (yaml, handlebars, ajv, the AsyncAPI parser), nor `generate` the servers' runtime.
 */
import type { Command } from './types.js';

/** A command's name and how to load it (its summary lives in its module). */
export interface CommandEntry {
  readonly name: string;
  load(): Promise<Command>;
}

export const commands: readonly CommandEntry[] = [
  { name: 'generate', load: async () => (await import('./generate.js')).generateCommand },
  { name: 'serve', load: async () => (await import('./serve.js')).serveCommand },
  { name: 'mock', load: async () => (await import('./mock.js')).mockCommand },
  { name: 'tunnel', load: async () => (await import('./tunnel.js')).tunnelCommand },
  { name: 'connect', load: async () => (await import('./connect.js')).connectCommand },
  { name: 'init', load: async () => (await import('./init.js')).initCommand },
  { name: 'docs', load: async () => (await import('./docs.js')).docsCommand },
];
