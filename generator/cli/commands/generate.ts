/** `sockgen generate` (the default command, also `npx generate`). */
import { resolveConfig } from '../config.js';
import { generateFlags } from '../flags.js';
import { helpText, parseArgs, UsageError } from '../parse-args.js';
import { runGenerate } from '../run-generate.js';
import { watchSpecs } from '../watch.js';
import type { Command } from './types.js';

const usage = 'npx generate [spec-file|folder ...] [--out dir] [--check] [--watch]';
const summary = [
  'Reads socket.yml, AsyncAPI, connector and services.json specs and writes typed TypeScript.',
  'Without arguments it reads sockgen.config.json, or every spec under specs/ into generated/.',
  'Exit codes: 0 ok, 1 spec errors or drift (--check), 2 usage or config error.',
].join('\n');

export const generateCommand: Command = {
  name: 'generate',
  summary: 'generate code from the specs (default; --check, --watch)',
  async run(argv) {
    const { flags, positionals } = parseArgs(argv, generateFlags);
    if (flags.help) {
      process.stdout.write(helpText(usage, summary, generateFlags) + '\n');
      return 0;
    }
    if (flags.check && flags.watch) throw new UsageError('--check and --watch cannot be combined');
    const config = resolveConfig(process.cwd(), flags, positionals);
    const fixCommand = ['npx generate', ...positionals, ...(typeof flags.out === 'string' ? ['--out', flags.out] : [])].join(' ');
    const run = {
      config,
      explicitFiles: positionals.length > 0,
      check: flags.check === true,
      dumpIr: flags['dump-ir'] === true,
      quiet: flags.quiet === true,
      cache: flags['no-cache'] !== true,
      fixCommand,
    };
    if (flags.watch) return watchSpecs(run);
    return runGenerate(run);
  },
};
