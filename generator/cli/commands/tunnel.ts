/**
 * `sockgen tunnel`: runs the tunnel server (reservation REST API + websocket↔TCP tunnel,
 * docs/services.md) for the services of a generated server entry, and/or a websockify token file.
 * Exit codes: 0 stopped (signal or /v1/stop), 1 cannot start (port in use, Redis down), 2 usage error.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FlagDefinition } from '../flags.js';
import { helpText, parseArgs, UsageError } from '../parse-args.js';
import { importProjectEntry } from '../project-entry.js';
import type { Command } from './types.js';

const tunnelFlags: readonly FlagDefinition[] = [
  { name: 'port', value: 'number', description: 'HTTP and websocket port (default 8080; 0 picks a free one)' },
  { name: 'host', value: 'address', description: 'interface to listen on (default: all)' },
  { name: 'entry', value: 'file', description: 'generated server entry exporting `services` (default generated/services/server.ts when present)' },
  { name: 'security-token', value: 'token', description: 'required as security_token on every REST call (default $WEBSOCKETSERVER_SECURITY_TOKEN)' },
  { name: 'token-file', value: 'file', description: 'websockify token file of `token: host:port` lines, re-read when it changes' },
  { name: 'redis', value: 'url', description: 'share reservations and counts with other tunnel servers through Redis' },
  { name: 'redis-prefix', value: 'prefix', description: 'Redis key prefix shared by those servers (default sockgen:tunnel)' },
  { name: 'timeout', value: 'seconds', description: 'unused reservations are reclaimed after this long (default 300)' },
  { name: 'idle-timeout', value: 'seconds', description: 'close a tunnel after this long without bytes (default: never)' },
  { name: 'http-port', value: 'number', description: 'REST API (and --http-directory) on this port; --port then takes websockets only (ADR)' },
  { name: 'cert', value: 'file', description: 'TLS certificate (PEM): https and wss; needs --key (ADR)' },
  { name: 'key', value: 'file', description: 'TLS private key (PEM) for --cert' },
  { name: 'http-directory', value: 'dir', description: 'serve the files of this folder (GET/HEAD) for paths outside /v1/ (ADR)' },
  { name: 'client-hostname', value: 'host', description: 'basic mode: every websocket goes to this host (with --client-port); no tokens, no REST (ADR)' },
  { name: 'client-port', value: 'number', description: 'basic mode: the port on --client-hostname' },
  { name: 'target', value: 'host:port', description: 'plain mode: every websocket goes to this target; no tokens, no REST (websockify)' },
  { name: 'host-token', description: 'the token is the host name of the Host header, not ?token= (websockify)' },
  { name: 'help', description: 'show this help' },
];

const usage = 'sockgen tunnel [--port N] [--http-port N] [--token-file f|dir] [--target host:port] [--cert f --key f] [--redis url] [--security-token t] [--entry file]';
const summary = [
  'Serves GET /v1/reserve/<service>, /v1/release/<token>, /v1/status, /v1/status_view and /v1/stop, and',
  'tunnels a websocket carrying ?token= to the TCP port of the instance it starts (or of its token-file entry).',
  'Exit codes: 0 stopped, 1 cannot start (port in use, Redis unreachable), 2 usage error.',
];

/** `sockgen tunnel`: flags as data, then the runtime's serveUntilStopped. */
export const tunnelCommand: Command = {
  name: 'tunnel',
  summary: 'run the websocket↔TCP tunnel and reservation API for services.json services',
  async run(argv) {
    const { flags, positionals } = parseArgs(argv, tunnelFlags);
    if (flags.help) {
      process.stdout.write(helpText(usage, summary.join('\n'), tunnelFlags) + '\n');
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`tunnel takes no positional arguments (usage: ${usage})`);
    const text = (name: string) => (typeof flags[name] === 'string' ? (flags[name] as string) : undefined);
    const entry = text('entry') ?? (existsSync('generated/services/server.ts') ? 'generated/services/server.ts' : undefined);
    const fixed = text('target') !== undefined || text('client-hostname') !== undefined;
    if (entry === undefined && text('token-file') === undefined && !fixed)
      throw new UsageError('nothing to serve: generate a services.json first (generated/services/server.ts), or pass --entry, --token-file or --target');
    if (entry !== undefined && !existsSync(entry)) throw new UsageError(`--entry ${entry}: no such file`);
    const tokenFile = text('token-file');
    if (tokenFile !== undefined && !existsSync(tokenFile)) throw new UsageError(`--token-file ${tokenFile}: no such file or folder`);
    for (const name of ['cert', 'key', 'http-directory']) {
      const path = text(name);
      if (path !== undefined && !existsSync(path)) throw new UsageError(`--${name} ${path}: no such file or folder`);
    }

    // Loaded here, not at the top: `sockgen generate` must not load ws and the tunnel runtime.
    const { serveUntilStopped, tunnelOptionsFromFlags } = await import('../../../runtime/tunnel/index.js');
    let options;
    try {
      const values = Object.fromEntries(tunnelFlags.filter((f) => f.value && f.name !== 'entry').map((f) => [f.name, text(f.name)]));
      options = tunnelOptionsFromFlags({ ...values, ...(flags['host-token'] ? { 'host-token': 'true' } : {}) });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    let services = [];
    if (entry !== undefined) {
      const module = (await importProjectEntry(resolve(entry))) as { services?: unknown };
      if (!Array.isArray(module.services)) throw new UsageError(`${entry} does not export \`services\` (is it a generated services server entry?)`);
      services = module.services;
    }
    try {
      await serveUntilStopped({ ...options, services });
    } catch (error) {
      // Port in use, Redis unreachable...: a setup problem, not a bug: one line, no stack.
      process.stderr.write(`sockgen tunnel: cannot start: ${(error as Error).message}\n`);
      return 1;
    }
    return 0;
  },
};
