// Ends sockgen with its launcher when npm started it. `npx sockgen serve` runs npm → sh → node;
// a SIGTERM to npm kills npm and sh (the shell does not pass it on), and node, reparented to
// init, kept serving (issue 11). So under npm (npm exec / npx / npm run) the process checks every
// 500 ms that the process that started it is alive, and when it is gone sends itself SIGTERM,
// which the commands handle as a normal stop. A process started directly (node_modules/.bin/sockgen,
// systemd, Docker CMD) is not affected: nohup-style detaching keeps working there.

/** Starts the watch when npm launched this process (npm sets npm_lifecycle_event for exec and run). */
export function followLauncher() {
  if (process.env.npm_lifecycle_event === undefined) return;
  const launcher = process.ppid;
  if (launcher <= 1) return;
  const timer = setInterval(() => {
    try {
      process.kill(launcher, 0);
    } catch (error) {
      if (error.code !== 'ESRCH') return;
      clearInterval(timer);
      process.kill(process.pid, 'SIGTERM');
    }
  }, 500);
  timer.unref();
}
