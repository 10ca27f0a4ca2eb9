/**
 * `--watch`: run once, then again whenever a spec (or a script it names) changes, debounced.
 * A run that fails on spec errors writes nothing, so the last good output stays in place.
 */
import { existsSync, watch } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './parse-args.js';
import { runGenerate, type GenerateRun } from './run-generate.js';

const debounceMs = 150;

export async function watchSpecs(run: GenerateRun): Promise<number> {
  // fs.watch throws on a missing path: say which one, before the first run.
  for (const entry of run.config.specs)
    if (!existsSync(join(run.config.root, entry))) throw new UsageError(`cannot watch ${entry}: no such file or folder (hint: create it, e.g. \`mkdir -p ${entry}\`)`);
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const regenerate = () => {
    running = running.then(async () => {
      const code = await runGenerate(run).catch((error: unknown) => {
        // A usage problem (a file where the output folder belongs) is one line, as without --watch.
        process.stderr.write(error instanceof UsageError ? `sockgen: ${error.message}\n` : `${error instanceof Error ? error.stack : String(error)}\n`);
        return 1;
      });
      process.stderr.write(
        code === 0 ? 'sockgen: watching for changes (Ctrl-C to stop)\n' : 'sockgen: kept the previous output; watching for a fix\n',
      );
    });
  };
  regenerate();
  const watchers = run.config.specs.map((entry) =>
    watch(join(run.config.root, entry), { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(regenerate, debounceMs);
    }),
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  for (const watcher of watchers) watcher.close();
  await running;
  return 0;
}
