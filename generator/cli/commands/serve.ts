/**
 * `sockgen serve`: runs the generated server of every socket (`<out>/sockets/main.ts`) through
 * the same TypeScript loader as the CLI, so no build step is needed. Configuration comes from the
 * environment (PORT, HOST, SOCKGEN_API_KEY, SOCKGEN_INSTANCE, DATABASE_URL, prompted values).
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { resolveConfig } from '../config.js';
import type { FlagDefinition } from '../flags.js';
import { helpText, parseArgs, UsageError } from '../parse-args.js';
import { importProjectEntry } from '../project-entry.js';
import type { Command } from './types.js';

const serveFlags: readonly FlagDefinition[] = [
  { name: 'out', value: 'dir', description: 'folder of generated files (default: `out` of sockgen.config.json, else generated/)' },
  { name: 'config', value: 'file', description: 'config file (default: sockgen.config.json when present)' },
  { name: 'port', value: 'number', description: 'port to listen on (default $PORT, else 8080; 0 picks a free one)' },
  { name: 'host', value: 'address', description: 'interface to listen on (default $HOST, else 127.0.0.1)' },
  { name: 'help', description: 'show this help' },
];

const usage = 'sockgen serve [--port N] [--host addr] [--out dir] [--config file]';
const summary = [
  'Serves every socket of the project under the original URL layout',
  '(/v1.1/instances/<instance>/endpoints/sockets/<socket>/<endpoint>/).',
  'Environment: SOCKGEN_API_KEY (require X-API-KEY), SOCKGEN_INSTANCE, SOCKGEN_API_VERSION,',
  'DATABASE_URL (data classes on PostgreSQL), and each socket\'s prompted config values.',
].join('\n');

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the generated server of every socket.yml (HTTP)',
  async run(argv) {
    const { flags, positionals } = parseArgs(argv, serveFlags);
    if (flags.help) {
      process.stdout.write(helpText(usage, summary, serveFlags) + '\n');
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`serve takes no positional arguments (usage: ${usage})`);
    // The same `out` as `npx generate` used: a sockgen.config.json with `out: "gen"` serves gen/.
    const config = resolveConfig(process.cwd(), flags, []);
    const entry = join(config.root, config.outDir, 'sockets/main.ts');
    const shown = relative(process.cwd(), entry).replace(/\\/g, '/');
    if (!existsSync(entry)) throw new UsageError(`${shown} not found: run \`npx generate\` first (it is written when the specs hold a socket.yml)`);
    if (typeof flags.port === 'string') {
      if (!/^\d+$/.test(flags.port) || Number(flags.port) > 65535) throw new UsageError(`--port must be a port number from 0 to 65535, got ${flags.port}`);
      process.env.PORT = flags.port;
    }
    if (typeof flags.host === 'string') process.env.HOST = flags.host;
    await importProjectEntry(entry, 'http');
    // The server keeps the process alive; its exit code is set by the runtime on failure.
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  },
};
