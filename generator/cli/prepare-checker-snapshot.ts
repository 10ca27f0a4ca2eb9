/**
 * After a run that checked handlers in a worker thread for want of a snapshot of the checker for
 * this Node.js (an install from the registry, a new Node.js): makes one, once, so later runs start
 * the checker ready (targets/openapi/checker-snapshot.ts). A failure only costs the speed.
 */
export async function prepareCheckerSnapshot(quiet: boolean): Promise<void> {
  const { checkerSnapshotWanted } = await import('../targets/openapi/handler-checker.js');
  if (!checkerSnapshotWanted()) return;
  const { checkerSnapshotMissing, makeCheckerSnapshot } = await import('../targets/openapi/checker-snapshot.js');
  if (!checkerSnapshotMissing()) return;
  const log = (message: string) => {
    if (!quiet) process.stderr.write(`sockgen: ${message}\n`);
  };
  log('preparing the handler type checker for later runs (once per Node.js version)…');
  const started = performance.now();
  const made = makeCheckerSnapshot();
  if ('path' in made) log(`handler type checker prepared in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  else log(`could not prepare the handler type checker (${made.error}); runs keep checking handlers in a worker thread, only slower`);
}
