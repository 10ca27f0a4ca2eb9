/**
 * CLI entry shared by `generate` and `sockgen`. Usage mistakes exit 2 with a one-line message;
 * spec problems are diagnostics (exit 1), and so is project code that does not load; anything else is an internal bug and prints its stack.
 */
import { commands } from './commands/index.js';
import { UsageError } from './parse-args.js';
import { ProjectLoadError } from './project-entry.js';

export async function main(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === 'help') {
    await printCommands();
    return 0;
  }
  const named = commands.find((command) => command.name === first);
  try {
    const command = await (named ?? commands.find((c) => c.name === 'generate')!).load();
    const code = await command.run(named ? rest : argv);
    if (!named && argv.some((arg) => arg === '--help' || arg === '-h')) await printCommands();
    return code;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`sockgen: ${error.message}\n`);
      return 2;
    }
    if (error instanceof ProjectLoadError) {
      process.stderr.write(`sockgen: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`sockgen: internal error, please report it with the spec that caused it\n${(error as Error)?.stack ?? String(error)}\n`);
    return 70;
  }
}

/** The command list; the only place that loads every command (for their summaries). */
async function printCommands(): Promise<void> {
  const loaded = await Promise.all(commands.map((entry) => entry.load()));
  const width = Math.max(...loaded.map((c) => c.name.length));
  const lines = loaded.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  process.stdout.write(
    ['', 'commands (`sockgen <command> --help` shows the options of one):', ...lines].join('\n') + '\n',
  );
}
