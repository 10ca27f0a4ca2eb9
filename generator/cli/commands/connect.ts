/**
 * `sockgen connect <name>`: runs a generated connector (generated/connectors/<name>/main.ts) in
 * this process. Settings: the spec's defaults < `--env` (default `.env` when present) < the
 * environment. Exit 2 on a usage or configuration error; SIGTERM stops it cleanly.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '../config.js';
import type { FlagDefinition } from '../flags.js';
import { helpText, parseArgs, UsageError } from '../parse-args.js';
import { importProjectEntry } from '../project-entry.js';
import type { Command } from './types.js';

const flags: readonly FlagDefinition[] = [
  { name: 'env', value: 'file', description: 'a .env file in the original format (default: .env in the working directory, when present)' },
  // Node (20.20 here) takes a script's own `--env-file <f>` as its option and exits 9 when f is missing
  // (nodejs/node#54232), before sockgen runs; `--env` is the spelling that always reaches us.
  { name: 'env-file', value: 'file', description: 'the same as --env (Node itself exits 9 when this file is missing: prefer --env)' },
  { name: 'out', value: 'dir', description: 'folder the connectors were generated into (default: generated/)' },
  { name: 'config', value: 'file', description: 'config file (default: sockgen.config.json when present)' },
  { name: 'help', description: 'show this help' },
];
const usage = 'sockgen connect <name> [--env file]';
const summary = 'Runs the generated connector <name>: reads its device over TCP and publishes on MQTT.\nWith MQTT_BROKER_HOST unset it starts an embedded broker. Stops on SIGTERM/SIGINT.';

interface GeneratedMain {
  main(options: { envFile?: string }): Promise<unknown>;
}

export const connectCommand: Command = {
  name: 'connect',
  summary: 'run a generated TCP → MQTT connector (sockgen connect <name>)',
  async run(argv) {
    const { flags: given, positionals } = parseArgs(argv, flags);
    if (given.help) {
      process.stdout.write(helpText(usage, summary, flags) + '\n');
      return 0;
    }
    const [name, ...extra] = positionals;
    if (!name || extra.length > 0) throw new UsageError(`usage: ${usage}`);
    const config = resolveConfig(process.cwd(), given, []);
    const folder = join(config.root, config.outDir, 'connectors');
    const entry = join(folder, name, 'main.ts');
    if (!existsSync(entry)) {
      const known = existsSync(folder) ? readdirSync(folder).filter((n) => existsSync(join(folder, n, 'main.ts'))) : [];
      throw new UsageError(`no generated connector \`${name}\` (${known.length > 0 ? `known: ${known.join(', ')}` : 'run `npx generate` first'})`);
    }
    const chosen = given.env ?? given['env-file'];
    const envFile = typeof chosen === 'string' ? chosen : undefined;
    const module = (await importProjectEntry(entry, 'connector')) as GeneratedMain;
    const running = await module.main(envFile ? { envFile } : {});
    if (running === undefined) return process.exitCode === undefined ? 2 : Number(process.exitCode);
    // The connector runs until a signal stops it (runConnectorMain exits the process then).
    await new Promise<never>(() => {});
    return 0;
  },
};
