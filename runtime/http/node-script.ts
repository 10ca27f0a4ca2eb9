import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join } from 'node:path';
import { format } from 'node:util';
import { Script, createContext } from 'node:vm';
import { HttpResponse, type HttpResponseInit } from './http-response.js';
import { platformMeta } from './platform-meta.js';
import { confinedScriptFile } from './script-file.js';
import { outputResponse, scriptName } from './script-output.js';
import type { Handler, HandlerContext } from './types.js';

/** Options of nodeScript. */
export interface NodeScriptOptions {
  /** Absolute path of the script file (read once, when the handler is created). */
  file?: string;
  /** Inline source. */
  source?: string;
  /** Time limit per run; 30 s. Synchronous code is interrupted; asynchronous work is abandoned (504). */
  timeoutMs?: number;
  /** Cap on what console.log collects; 1 MiB. */
  maxOutputBytes?: number;
  /** Name used in error messages; the file name by default. */
  name?: string;
  /** Folder the script file must stay inside once symlinks are resolved; the file's own folder by default. */
  root?: string;
}

/** HttpResponse as Node scripts of the platform built it: `new HttpResponse(status, content, contentType, headers)`. */
class ScriptHttpResponse extends HttpResponse {
  constructor(
    statusOrInit?: number | (HttpResponseInit & { status_code?: number; content_type?: string }),
    content?: unknown,
    contentType = 'application/json',
    headers?: Record<string, string>,
  ) {
    if (typeof statusOrInit === 'object' && statusOrInit !== null) {
      const init = statusOrInit;
      super({ ...init, status: init.status ?? init.status_code, contentType: init.contentType ?? init.content_type });
    } else {
      super({ status: statusOrInit ?? 200, content, contentType, headers });
    }
  }
}

class OutputOverflow extends Error {}

/**
 * A handler that runs a Node script in-process with node:vm, in a fresh context per run holding
 * ARGS, META, CONFIG, HttpResponse, setResponse (and set_response), `require` and a console whose
 * log is the script's stdout. The script body runs inside an async function, so top-level `await`
 * and `return value` work; `module.exports = async (ctx) => ...` is called with {args, meta, config}.
 * node:vm is no security boundary: scripts are trusted code of the project, like handlers.
 */
export function nodeScript(options: NodeScriptOptions): Handler {
  if (options.file === undefined && options.source === undefined) throw new TypeError('nodeScript needs a file or a source');
  if (options.file !== undefined && !isAbsolute(options.file)) throw new TypeError(`nodeScript file must be absolute: ${options.file}`);
  const name = scriptName(options.name, options.file);
  const real = options.file === undefined ? undefined : confinedScriptFile(options.file, options.root ?? dirname(options.file), name);
  const source = real !== undefined ? readFileSync(real, 'utf8') : (options.source ?? '');
  const filename = options.file ?? `<${name}>`;
  // Compiled once; each run gets a new context, so runs share nothing but the compiled code.
  const script = new Script(`(async function () {\n${source}\n}).call(this)`, { filename, lineOffset: -1 });
  const requireFrom = createRequire(options.file ?? join(process.cwd(), 'node-script.js'));
  const settings = { name, script, requireFrom, filename, timeoutMs: options.timeoutMs ?? 30_000, maxOutputBytes: options.maxOutputBytes ?? 1024 * 1024 };
  return (context) => runNode(settings, context);
}

interface Settings {
  name: string;
  script: Script;
  requireFrom: NodeJS.Require;
  filename: string;
  timeoutMs: number;
  maxOutputBytes: number;
}

async function runNode(settings: Settings, context: HandlerContext): Promise<unknown> {
  const started = Date.now();
  const lines: string[] = [];
  // Counted per line: measuring the whole output on every log made many logs quadratic.
  let outputBytes = 0;
  let response: HttpResponse | undefined;
  const timers = new Set<NodeJS.Timeout>();
  const log = (...values: unknown[]): void => {
    const line = `${format(...values)}\n`;
    outputBytes += Buffer.byteLength(line);
    if (outputBytes > settings.maxOutputBytes) throw new OutputOverflow(`script ${settings.name} printed more than ${settings.maxOutputBytes} bytes`);
    lines.push(line);
  };
  const setResponse = (value: unknown): void => {
    if (!(value instanceof HttpResponse)) throw new TypeError('setResponse expects an HttpResponse');
    response = value;
  };
  const module = { exports: {} as unknown };
  const initialExports = module.exports;
  const sandbox = {
    ARGS: context.args,
    META: platformMeta(context),
    CONFIG: context.config,
    HttpResponse: ScriptHttpResponse,
    setResponse,
    set_response: setResponse,
    console: { log, info: log, debug: log, warn: console.warn, error: console.error },
    require: settings.requireFrom,
    module,
    exports: module.exports,
    __filename: settings.filename,
    __dirname: dirname(settings.filename),
    process,
    Buffer,
    URL,
    URLSearchParams,
    TextEncoder,
    TextDecoder,
    AbortController,
    structuredClone,
    fetch: globalThis.fetch,
    setTimeout: (callback: () => void, ms?: number) => track(timers, setTimeout(guarded(settings.name, callback), ms)),
    setInterval: (callback: () => void, ms?: number) => track(timers, setInterval(guarded(settings.name, callback), ms)),
    clearTimeout: (timer: NodeJS.Timeout) => clearTimeout(timer),
    clearInterval: (timer: NodeJS.Timeout) => clearInterval(timer),
    setImmediate: (callback: () => void) => setImmediate(guarded(settings.name, callback)),
  };
  const vmContext = createContext(sandbox, { name: `sockgen script ${settings.name}` });
  const timedOut = (): HttpResponse =>
    new HttpResponse({ status: 504, content: { detail: `script ${settings.name} timed out after ${settings.timeoutMs} ms` } });
  try {
    let returned: unknown;
    try {
      const pending = settings.script.runInContext(vmContext, { timeout: settings.timeoutMs }) as Promise<unknown>;
      returned = await withinLimit(pending, settings.timeoutMs - (Date.now() - started));
      if (returned === undefined && typeof module.exports === 'function' && module.exports !== initialExports) {
        const exported = (module.exports as (input: unknown) => unknown)({ args: context.args, meta: context.meta, config: context.config });
        returned = await withinLimit(Promise.resolve(exported), settings.timeoutMs - (Date.now() - started));
      }
    } catch (error) {
      if (error === timeoutMarker || (error as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return timedOut();
      throw hostError(settings.name, error);
    }
    if (response !== undefined) return response;
    if (returned !== undefined) return returned;
    return outputResponse(lines.join(''));
  } finally {
    for (const timer of timers) clearTimeout(timer);
  }
}

const timeoutMarker = Symbol('timeout');

/** A script's timer callback that throws is reported, not an uncaught exception ending the server. */
function guarded(name: string, callback: () => void): () => void {
  return () => {
    try {
      callback();
    } catch (error) {
      console.error(`sockgen: script ${name}: a timer callback threw: ${error instanceof Error || (typeof error === 'object' && error !== null && 'stack' in error) ? String((error as Error).stack) : String(error)}`);
    }
  };
}

function track(timers: Set<NodeJS.Timeout>, timer: NodeJS.Timeout): NodeJS.Timeout {
  timers.add(timer);
  return timer;
}

/** The script's promise, or a rejection with timeoutMarker once the time is up. */
function withinLimit<T>(pending: Promise<T>, remainingMs: number): Promise<T> {
  if (remainingMs <= 0) return Promise.reject(timeoutMarker);
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutMarker), remainingMs);
  });
  return Promise.race([pending, limit]).finally(() => clearTimeout(timer));
}

/** Errors thrown in a vm context are not `instanceof Error` here; carry message and stack over. */
function hostError(name: string, error: unknown): unknown {
  if (error instanceof Error || error instanceof HttpResponse) return error;
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const copy = new Error(String((error as { message: unknown }).message));
    copy.name = String((error as { name?: unknown }).name ?? 'Error');
    if ('errors' in error && Array.isArray(error.errors)) Object.assign(copy, { errors: error.errors });
    copy.stack = String((error as { stack?: unknown }).stack ?? copy.stack);
    return copy;
  }
  return new Error(`script ${name} threw ${String(error)}`);
}
