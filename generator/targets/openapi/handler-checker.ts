/**
 * Where handler types are read (ts-type-schema.ts). The TypeScript checker costs ~0.5 s to load
 * and run, so the compiled CLI runs it in a worker thread, started by the first question: the
 * socket.yml specs have loaded and a handler differs from its stub (script-schemas.ts). ts-morph
 * then loads on the other core while this one runs the other kinds, and a project whose stubs
 * are all unedited never starts it (started earlier, it slowed this thread by 0.1 s on a 2-core
 * machine whose cores share their execution units). From the TypeScript sources (tests, a checkout
 * edited since its build) it runs in this thread: a worker could not load `.ts` files.
 */
import { Worker } from 'node:worker_threads';
import { runsCompiled } from '../../core/bundle-loader.js';
import type { HandlerSchemas, HandlerSource } from './ts-type-schema.js';


/** True when checks run in a worker thread (compiled CLI): asking early then costs this thread nothing. */
export const checksInBackground = runsCompiled;

interface Reply {
  readonly id: number;
  readonly found?: [string, HandlerSchemas][];
  readonly error?: string;
}

let worker: Worker | undefined;
let nextId = 0;
const waiting = new Map<number, (reply: Reply) => void>();

function checkerWorker(): Worker {
  if (worker) return worker;
  const started = new Worker(new URL('./handler-checker-worker.js', import.meta.url));
  started.on('message', (reply: Reply) => {
    waiting.get(reply.id)?.(reply);
    waiting.delete(reply.id);
  });
  const fail = (error: unknown) => {
    for (const resolve of waiting.values()) resolve({ id: -1, error: String(error) });
    waiting.clear();
    worker = undefined;
  };
  started.on('error', fail);
  started.on('exit', (code) => fail(`the handler type checker exited (${code})`));
  // After the listeners: adding a 'message' listener refs the worker's port again. A run that
  // never asks must still end.
  started.unref();
  return (worker = started);
}

/**
 * Schemas per handler path, as handlerSchemas gives them; throws when the checker failed. Aborting
 * `signal` withdraws the question: the answer is then empty and no longer keeps the process alive.
 */
export async function checkHandlerTypes(files: readonly HandlerSource[], handlers: readonly string[], signal?: AbortSignal): Promise<Map<string, HandlerSchemas>> {
  if (handlers.length === 0) return new Map();
  if (!runsCompiled) {
    const { handlerSchemas } = await import('./ts-type-schema.js');
    return handlerSchemas(files, handlers);
  }
  const thread = checkerWorker();
  const id = nextId++;
  const reply = await new Promise<Reply>((resolve) => {
    waiting.set(id, resolve);
    signal?.addEventListener('abort', () => {
      waiting.delete(id);
      resolve({ id, found: [] });
    });
    thread.ref(); // keep the process alive while an answer is due
    thread.postMessage({ id, files, handlers });
  });
  if (waiting.size === 0) thread.unref();
  if (reply.error !== undefined || !reply.found) throw new Error(reply.error ?? 'no answer from the handler type checker');
  return new Map(reply.found);
}
