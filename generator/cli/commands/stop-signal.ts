/** Waiting for the end of a long-running command (`mock`): the first SIGINT or SIGTERM. */

/** Resolves on the first SIGINT/SIGTERM, then stops listening for them. */
export function stopSignal(): Promise<void> {
  return new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
