/**
 * CLI entry shared by `generate` and `sockgen`. Usage mistakes exit 2 with a one-line message;
 * spec problems are diagnostics (exit 1); anything else is an internal bug and prints its stack.
 */
import { commands } from './commands/index.js';
import { UsageError } from './parse-args.js';

export async function main(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === 'help' || ((first === '--help' || first === '-h') && rest.length === 0)) {
    printCommands();
    return 0;
  }
  const named = commands.find((command) => command.name === first);
  const command = named ?? commands.find((c) => c.name === 'generate')!;
  try {
    return await command.run(named ? rest : argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`sockgen: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`sockgen: internal error, please report it with the spec that caused it\n${(error as Error)?.stack ?? String(error)}\n`);
    return 70;
  }
}

function printCommands(): void {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  process.stdout.write(
    ['usage: sockgen [command] [options]', '', 'commands:', ...lines, '', 'Run `sockgen <command> --help` for its options; `npx generate --help` for generation.'].join('\n') + '\n',
  );
}
