import { spawn } from 'node:child_process';
import { dirname, isAbsolute } from 'node:path';
import type { Readable } from 'node:stream';
import { harnessPath } from './harness-path.js';
import { confinedScriptFile } from './script-file.js';
import { ScriptFailure } from './errors.js';
import { HttpProblem } from './http-problem.js';
import { HttpResponse } from './http-response.js';
import { lastLines, outputResponse, scriptName } from './script-output.js';
import type { Handler, HandlerContext } from './types.js';

/** Options of pythonScript. */
export interface PythonScriptOptions {
  /** Absolute path of the script file (read on every run, so edits apply without a restart). */
  file?: string;
  /** Inline source (the raw JSON form's `source`). */
  source?: string;
  /** Time limit per run; 30 s. Past it the whole process group is killed and the caller gets 504. */
  timeoutMs?: number;
  /** Cap on what the script prints plus what it gives set_response; 1 MiB. Past it the script is killed and the caller gets 500. */
  maxOutputBytes?: number;
  /** Python interpreter; `python3`. */
  python?: string;
  /** Name used in error messages; the file name by default. */
  name?: string;
  /**
   * Folder the script file must stay inside once symlinks are resolved (the socket's folder);
   * the file's own folder by default. Checked on every run, before the file is read.
   */
  root?: string;
  /**
   * Runs of this script at once; 8. Further requests wait in order (the time limit starts when
   * their process starts), so a burst of requests cannot start a process each and exhaust memory.
   */
  maxConcurrent?: number;
  /**
   * Requests that may wait for a run slot; 64. One more is answered 503 with `Retry-After` at once,
   * so a flood gets a quick refusal instead of waiting half a minute in an endless queue.
   */
  maxQueued?: number;
}

/**
 * A handler that runs a Python script as a subprocess under the Syncano script contract
 * (custom-sockets.md, "What a script receives and returns"): ARGS, META, CONFIG, HttpResponse and
 * set_response are globals, stdout is the answer unless set_response was called. Each run is its own
 * process with pipes only (no temp files), so runs never share state and may overlap freely.
 */
export function pythonScript(options: PythonScriptOptions): Handler {
  if (options.file === undefined && options.source === undefined) throw new TypeError('pythonScript needs a file or a source');
  if (options.file !== undefined && !isAbsolute(options.file)) throw new TypeError(`pythonScript file must be absolute: ${options.file}`);
  const settings = {
    file: options.file,
    source: options.source,
    timeoutMs: options.timeoutMs ?? 30_000,
    maxOutputBytes: options.maxOutputBytes ?? 1024 * 1024,
    python: options.python ?? 'python3',
    name: scriptName(options.name, options.file),
    harness: harnessPath(),
    root: options.root ?? (options.file === undefined ? '' : dirname(options.file)),
  };
  const slots = createSlots(options.maxConcurrent ?? 8, options.maxQueued ?? 64);
  return async (context) => {
    await slots.acquire(context.signal, settings.name);
    try {
      return await runPython(settings, context);
    } finally {
      slots.release();
    }
  };
}

type Settings = Required<Omit<PythonScriptOptions, 'file' | 'source' | 'maxConcurrent' | 'maxQueued'>> & { file: string | undefined; source: string | undefined; harness: string };

/** A counting semaphore with a bounded queue whose waiters leave it when their caller goes away. */
function createSlots(max: number, maxQueued: number): { acquire(signal: AbortSignal, name: string): Promise<void>; release(): void } {
  if (!Number.isInteger(max) || max < 1) throw new TypeError(`pythonScript maxConcurrent must be a whole number above 0, got ${max}`);
  if (!Number.isInteger(maxQueued) || maxQueued < 0) throw new TypeError(`pythonScript maxQueued must be a whole number, got ${maxQueued}`);
  let free = max;
  const waiting: Array<() => void> = [];
  const gone = (name: string) => new Error(`script ${name} was not started because the caller went away`);
  return {
    acquire(signal, name) {
      if (signal.aborted) return Promise.reject(gone(name));
      if (free > 0) {
        free--;
        return Promise.resolve();
      }
      if (waiting.length >= maxQueued) {
        return Promise.reject(new HttpProblem(503, `script ${name} is busy: ${max} runs and ${maxQueued} waiting; try again shortly`, ['retry-after', '1']));
      }
      return new Promise<void>((resolve, reject) => {
        const grant = (): void => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = (): void => {
          const index = waiting.indexOf(grant);
          if (index >= 0) waiting.splice(index, 1);
          reject(gone(name));
        };
        waiting.push(grant);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    },
    release() {
      const next = waiting.shift();
      if (next) next();
      else free++;
    },
  };
}

const stderrKeep = 16 * 1024;

function runPython(settings: Settings, context: HandlerContext): Promise<HttpResponse | undefined> {
  return new Promise((resolve, reject) => {
    // The harness opens the real path, so a link swapped after this check cannot redirect it.
    const file = settings.file === undefined ? undefined : confinedScriptFile(settings.file, settings.root, settings.name);
    const child = spawn(settings.python, [settings.harness], {
      // Own process group, so a timeout kills whatever the script started too.
      detached: true,
      cwd: settings.file === undefined ? undefined : dirname(settings.file),
      env: { ...process.env, PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1' },
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const channel: Buffer[] = [];
    let outputBytes = 0;
    let stderr = '';
    let outcome: 'timeout' | 'overflow' | 'aborted' | undefined;
    const kill = (why: NonNullable<typeof outcome>): void => {
      outcome ??= why;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => kill('timeout'), settings.timeoutMs);
    const onAbort = (): void => kill('aborted');
    context.signal.addEventListener('abort', onAbort, { once: true });

    // The cap covers what set_response hands back too: both end up in memory here.
    child.stdout!.on('data', (chunk: Buffer) => {
      outputBytes += chunk.length;
      if (outputBytes > settings.maxOutputBytes) kill('overflow');
      else stdout.push(chunk);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-stderrKeep);
    });
    (child.stdio[3] as Readable).on('data', (chunk: Buffer) => {
      outputBytes += chunk.length;
      if (outputBytes > settings.maxOutputBytes) kill('overflow');
      else channel.push(chunk);
    });
    // The script may exit without reading stdin; a broken pipe then is expected, not a failure.
    child.stdin!.on('error', () => undefined);
    child.once('error', (error) => {
      clearTimeout(timer);
      context.signal.removeEventListener('abort', onAbort);
      const hint = (error as NodeJS.ErrnoException).code === 'ENOENT' ? ` (is ${settings.python} installed? set the python option)` : '';
      reject(new Error(`could not start ${settings.python}: ${error.message}${hint}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      context.signal.removeEventListener('abort', onAbort);
      try {
        resolve(finish(settings, outcome, code, signal, Buffer.concat(stdout).toString('utf8'), stderr, Buffer.concat(channel).toString('utf8')));
      } catch (error) {
        reject(error);
      }
    });
    child.stdin!.end(
      JSON.stringify({ name: settings.name, file, source: settings.source, args: context.args, meta: context.meta, config: context.config }),
    );
  });
}

function finish(
  settings: Settings,
  outcome: 'timeout' | 'overflow' | 'aborted' | undefined,
  code: number | null,
  signal: NodeJS.Signals | null,
  stdout: string,
  stderr: string,
  channel: string,
): HttpResponse | undefined {
  if (outcome === 'timeout') {
    return new HttpResponse({ status: 504, content: { detail: `script ${settings.name} timed out after ${settings.timeoutMs} ms` } });
  }
  if (outcome === 'overflow') throw new Error(`script ${settings.name} printed (or answered) more than ${settings.maxOutputBytes} bytes and was stopped`);
  if (outcome === 'aborted') throw new Error(`script ${settings.name} was stopped because the caller went away`);
  if (code !== 0) {
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    // The traceback names files of this machine: it goes to the server log, the caller gets its last line's exception name.
    const exception = exceptionName(stderr);
    throw new ScriptFailure(`script ${settings.name} ${how}${exception ? ` (${exception})` : ''}`, lastLines(stderr, 40, 8000));
  }
  if (channel !== '') return fromChannel(settings.name, channel);
  return outputResponse(stdout);
}

/** The exception class a Python traceback ends with (`ValueError` of `ValueError: boom`), if any. */
function exceptionName(stderr: string): string | undefined {
  const last = stderr.trimEnd().split('\n').pop() ?? '';
  // The harness's own one-line report of a bad set_response carries no path: said in full.
  if (last.startsWith('set_response: ')) return last.slice(0, 300);
  const match = /^([A-Za-z_][\w.]*)(?::|$)/.exec(last);
  return match?.[1];
}

/** The response the script gave to set_response, as the harness wrote it. */
function fromChannel(name: string, text: string): HttpResponse {
  let message: { status_code?: unknown; content?: unknown; encoding?: unknown; content_type?: unknown; headers?: unknown };
  try {
    message = JSON.parse(text) as typeof message;
  } catch {
    throw new Error(`script ${name}: the harness wrote an unreadable response`);
  }
  const content = typeof message.content === 'string' ? message.content : '';
  return new HttpResponse({
    status: typeof message.status_code === 'number' ? message.status_code : 200,
    content: message.encoding === 'base64' ? Buffer.from(content, 'base64') : content,
    contentType: typeof message.content_type === 'string' ? message.content_type : 'application/json',
    headers: typeof message.headers === 'object' && message.headers !== null ? (message.headers as Record<string, string>) : {},
  });
}
