/** `sockgen serve` as a child process of a test: started in a project, stopped by the test. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const bin = join(import.meta.dirname, '../../bin/sockgen.mjs');

/** A running `sockgen serve --port 0`: the URL it printed, and how to stop it (awaits its exit). */
export interface ServeChild {
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts `sockgen serve --port 0` in `project`; rejects with its output when it exits first. */
export async function startServe(project: string): Promise<ServeChild> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode === null && child.signalCode === null ? child.once('exit', resolve) : resolve(undefined)));
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let seen = '';
      const onData = (chunk: Buffer) => {
        seen += chunk.toString();
        const match = /serving sockets at (http:\/\/\S+)/.exec(seen);
        if (match) resolve(match[1]!);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${seen}`)));
    });
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
