import { dirname, isAbsolute } from 'node:path';
import { ScriptFailure } from './errors.js';
import { HttpProblem } from './http-problem.js';
import { HttpResponse } from './http-response.js';
import { answerCall } from './python-calls.js';
import { platformMeta } from './platform-meta.js';
import { runInWorker } from './python-workers.js';
import { jsonBodyText } from './request-args.js';
import { confinedScriptFile } from './script-file.js';
import { lastLines, outputResponse, scriptName } from './script-output.js';
import type { Handler, HandlerContext } from './types.js';

/** Options of pythonScript. */
export interface PythonScriptOptions {
  /** Absolute path of the script file (read on every run, so edits apply without a restart). */
  file?: string;
  /** Inline source (the raw JSON form's `source`). */
  source?: string;
  /** Time limit per run; 30 s. Past it the run's whole process group is killed and the caller gets 504. */
  timeoutMs?: number;
  /** Cap on what the script prints plus what it gives set_response; 1 MiB. Past it the script is killed and the caller gets 500. */
  maxOutputBytes?: number;
  /**
   * Python interpreter of this script (socket.yml `interpreter:`); wins over SOCKGEN_PYTHON.
   * Without it: SOCKGEN_PYTHON, then `projectPython`, then `python3`.
   */
  python?: string;
  /** The project's `python` setting (sockgen.config.json); SOCKGEN_PYTHON wins over it. */
  projectPython?: string;
  /** Name used in error messages; the file name by default. */
  name?: string;
  /**
   * Runs of this script at once; 8. Further requests wait in order (the time limit starts when
   * their run starts), so a burst of requests cannot start a process each and exhaust memory.
   */
  maxConcurrent?: number;
  /**
   * Requests that may wait for a run slot; 64. One more is answered 503 with `Retry-After` at once,
   * so a flood gets a quick refusal instead of waiting half a minute in an endless queue.
   */
  maxQueued?: number;
  /**
   * Folder the script file must stay inside once symlinks are resolved (the socket's folder);
   * the file's own folder by default. Checked on every run, before the file is read.
   */
  root?: string;
}

interface Settings {
  file: string | undefined;
  source: string | undefined;
  timeoutMs: number;
  maxOutputBytes: number;
  python: string;
  name: string;
  root: string;
}

/**
 * A handler that runs a Python script under the Syncano script contract (custom-sockets.md, "What
 * a script receives and returns"): ARGS, META, CONFIG, HttpResponse and set_response are globals,
 * stdout is the answer unless set_response was called, `import syncano` reaches the socket's class
 * stores. Each run is a fresh child forked from a warm interpreter (python-workers.ts), so runs
 * never share state and cost a fork rather than an interpreter start.
 */
export function pythonScript(options: PythonScriptOptions): Handler {
  if (options.file === undefined && options.source === undefined) throw new TypeError('pythonScript needs a file or a source');
  if (options.file !== undefined && !isAbsolute(options.file)) throw new TypeError(`pythonScript file must be absolute: ${options.file}`);
  const settings: Settings = {
    file: options.file,
    source: options.source,
    timeoutMs: options.timeoutMs ?? 30_000,
    maxOutputBytes: options.maxOutputBytes ?? 1024 * 1024,
    python: options.python || process.env.SOCKGEN_PYTHON || options.projectPython || 'python3',
    name: scriptName(options.name, options.file),
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

/** The harness request as JSON text; the JSON body goes in verbatim so Python parses its big integers exactly. */
function requestText(settings: Settings, file: string | undefined, context: HandlerContext): string {
  const head = JSON.stringify({
    name: settings.name,
    file,
    source: settings.source,
    cwd: file === undefined ? undefined : dirname(file),
    args: context.args,
    meta: platformMeta(context),
    config: context.config,
  });
  const body = jsonBodyText(context.args as object);
  return body === undefined ? head : `${head.slice(0, -1)},"body":${body}}`;
}

type Outcome = 'timeout' | 'overflow' | 'aborted';

async function runPython(settings: Settings, context: HandlerContext): Promise<HttpResponse | undefined> {
  // The harness opens the real path, so a link swapped after this check cannot redirect it.
  const file = settings.file === undefined ? undefined : confinedScriptFile(settings.file, settings.root, settings.name);
  const stdout: Buffer[] = [];
  let messages = '';
  let response: string | undefined;
  let outputBytes = 0;
  let stderr = '';
  let outcome: Outcome | undefined;
  const calls: Array<Promise<void>> = [];
  const count = (chunk: Buffer): boolean => {
    // The cap covers what set_response hands back too: both end up in memory here.
    outputBytes += chunk.length;
    if (outputBytes <= settings.maxOutputBytes) return true;
    stop('overflow');
    return false;
  };
  const run = runInWorker(settings.python, requestText(settings, file, context), {
    out(chunk) {
      if (count(chunk)) stdout.push(chunk);
    },
    err(chunk) {
      stderr = (stderr + chunk.toString('utf8')).slice(-stderrKeep);
    },
    msg(chunk) {
      if (!count(chunk)) return;
      messages += chunk.toString('utf8');
      let newline: number;
      while ((newline = messages.indexOf('\n')) >= 0) {
        const line = messages.slice(0, newline);
        messages = messages.slice(newline + 1);
        const message = parseMessage(settings.name, line);
        if (message.t === 'response') response = line;
        else if (message.t === 'call') calls.push(answerCall(message, context).then((answer) => run.reply(Buffer.from(`${answer}\n`))));
      }
    },
  });
  function stop(why: Outcome): void {
    outcome ??= why;
    run.kill();
  }
  const timer = setTimeout(() => stop('timeout'), settings.timeoutMs);
  const onAbort = (): void => stop('aborted');
  context.signal.addEventListener('abort', onAbort, { once: true });
  let exit: { code: number | null; signal: number | null };
  try {
    exit = await run.done;
  } finally {
    clearTimeout(timer);
    context.signal.removeEventListener('abort', onAbort);
  }
  await Promise.allSettled(calls);
  return finish(settings, outcome, exit, Buffer.concat(stdout), stderr, response);
}

function parseMessage(name: string, line: string): { t?: unknown; [key: string]: unknown } {
  try {
    const message = JSON.parse(line) as unknown;
    if (typeof message === 'object' && message !== null) return message as { t?: unknown; [key: string]: unknown };
  } catch {
    // fall through
  }
  throw new Error(`script ${name}: the harness wrote an unreadable message`);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function finish(
  settings: Settings,
  outcome: Outcome | undefined,
  exit: { code: number | null; signal: number | null },
  stdout: Buffer,
  stderr: string,
  response: string | undefined,
): HttpResponse | undefined {
  if (outcome === 'timeout') {
    return new HttpResponse({ status: 504, content: { detail: `script ${settings.name} timed out after ${settings.timeoutMs} ms` } });
  }
  if (outcome === 'overflow') throw new Error(`script ${settings.name} printed (or answered) more than ${settings.maxOutputBytes} bytes and was stopped`);
  if (outcome === 'aborted') throw new Error(`script ${settings.name} was stopped because the caller went away`);
  if (exit.code !== 0) {
    const how = exit.signal !== null ? `was killed by signal ${exit.signal}` : `exited with code ${exit.code}`;
    // The traceback names files of this machine: it goes to the server log, the caller gets its last line's exception name.
    const exception = exceptionName(stderr);
    throw new ScriptFailure(`script ${settings.name} ${how}${exception ? ` (${exception})` : ''}`, lastLines(stderr, 40, 8000));
  }
  if (response !== undefined) return fromResponse(response);
  let text: string;
  try {
    text = utf8.decode(stdout);
  } catch {
    // Bytes that are not text (an image the script wrote to stdout) go out as they are.
    return new HttpResponse({ content: stdout, contentType: 'application/octet-stream' });
  }
  return outputResponse(text);
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
function fromResponse(text: string): HttpResponse {
  const message = JSON.parse(text) as { status_code?: unknown; content?: unknown; encoding?: unknown; content_type?: unknown; headers?: unknown };
  const content = typeof message.content === 'string' ? message.content : '';
  return new HttpResponse({
    status: typeof message.status_code === 'number' ? message.status_code : 200,
    content: message.encoding === 'base64' ? Buffer.from(content, 'base64') : content,
    contentType: typeof message.content_type === 'string' ? message.content_type : 'application/json',
    headers: typeof message.headers === 'object' && message.headers !== null ? (message.headers as Record<string, string>) : {},
  });
}
