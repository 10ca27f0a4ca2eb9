/**
 * Where handler types are read (ts-type-schema.ts). The TypeScript checker costs ~0.5 s to load
 * and run, so the compiled CLI runs it beside this thread, started by the first question: the
 * socket.yml specs have loaded and a handler differs from its stub (script-schemas.ts). It then
 * works on the other core while this one runs the other kinds, and a project whose stubs are all
 * unedited never starts it (started earlier, it slowed this thread by 0.1 s on a 2-core machine
 * whose cores share their execution units).
 *
 * Beside this thread means a process started from the checker's snapshot (checker-snapshot.ts),
 * ready ~0.4 s after it is spawned; without a snapshot for this Node.js, or when one fails to
 * start, a worker thread that loads ts-morph (~1.3 s). From the TypeScript sources (tests, a
 * checkout edited since its build) it runs in this thread: neither could load `.ts` files.
 */
import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import { Worker } from 'node:worker_threads';
import { runsCompiled } from '../../core/bundle-loader.js';
import type { CheckerReply, CheckerRequest } from './checker-request.js';
import { checkerEnvironment, checkerSnapshot, discardCheckerSnapshot } from './checker-snapshot.js';
import type { HandlerSchemas, HandlerSource } from './ts-type-schema.js';

/** True when checks run beside this thread (compiled CLI): asking early then costs this thread nothing. */
export const checksInBackground = runsCompiled;

/** A checker running beside this thread, whatever it runs in. */
interface Checker {
  ask(request: CheckerRequest): void;
  /** Keeps the process alive while an answer is due; unref lets a run that never asks end. */
  ref(): void;
  unref(): void;
}

let checker: Checker | undefined;
/** Set when the snapshot failed to start: the rest of this run asks a worker thread. */
let snapshotFailed = false;
/** Set when this run needed the checker and had no snapshot for it (checkerSnapshotWanted). */
let workerStarted = false;
let nextId = 0;
const waiting = new Map<number, { request: CheckerRequest; resolve: (reply: CheckerReply) => void }>();

function answered(reply: CheckerReply): void {
  waiting.get(reply.id)?.resolve(reply);
  waiting.delete(reply.id);
}

/** Every question still waiting gets `error` as its answer. */
function failAll(error: string): void {
  for (const { resolve } of waiting.values()) resolve({ id: -1, error });
  waiting.clear();
}

function startedChecker(): Checker {
  if (checker) return checker;
  const snapshot = snapshotFailed ? undefined : checkerSnapshot();
  return (checker = snapshot ? snapshotProcess(snapshot) : workerThread());
}

function snapshotProcess(snapshot: string): Checker {
  const child = spawn(process.execPath, ['--snapshot-blob', snapshot], { env: checkerEnvironment(), stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
  (child.stderr as Socket).unref();
  let replied = false;
  child.on('message', (reply: CheckerReply) => {
    replied = true;
    answered(reply);
  });
  let ended = false;
  const end = (why: string) => {
    if (ended) return;
    ended = true;
    checker = undefined;
    if (waiting.size === 0) return;
    // It ended with questions due: the worker thread answers them. One that never answered did
    // not start (a snapshot this Node.js refuses): it is not tried again.
    if (!replied) {
      snapshotFailed = true;
      discardCheckerSnapshot(snapshot, stderr.trim().split('\n').at(-1) || why);
    }
    const retry = startedChecker();
    retry.ref();
    for (const { request } of waiting.values()) retry.ask(request);
  };
  child.on('error', (error) => end(error.message));
  child.on('exit', (code, signal) => end(`the handler type checker exited (${code ?? signal})`));
  return {
    ask: (request) => child.send(request),
    ref: () => {
      child.ref();
      child.channel?.ref();
    },
    unref: () => {
      child.unref();
      child.channel?.unref();
    },
  };
}

function workerThread(): Checker {
  workerStarted = true;
  const started = new Worker(new URL('./handler-checker-worker.js', import.meta.url));
  started.on('message', answered);
  const fail = (error: unknown) => {
    failAll(String(error));
    checker = undefined;
  };
  started.on('error', fail);
  started.on('exit', (code) => fail(`the handler type checker exited (${code})`));
  return { ask: (request) => started.postMessage(request), ref: () => started.ref(), unref: () => started.unref() };
}

/**
 * True when this run checked handlers in a worker thread for want of a snapshot, and one could be
 * made for later runs (run-generate.ts makes it after the run's work).
 */
export function checkerSnapshotWanted(): boolean {
  return workerStarted && !snapshotFailed;
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
  const id = nextId++;
  const request: CheckerRequest = { id, files, handlers };
  const reply = await new Promise<CheckerReply>((resolve) => {
    waiting.set(id, { request, resolve });
    signal?.addEventListener('abort', () => {
      waiting.delete(id);
      resolve({ id, found: [] });
      if (waiting.size === 0) checker?.unref();
    });
    const current = startedChecker();
    current.ref();
    try {
      current.ask(request);
    } catch (error) {
      // Not asked (a channel closed under it): an answer, so the run neither waits nor stays alive.
      waiting.delete(id);
      resolve({ id, error: String(error) });
    }
  });
  if (waiting.size === 0) checker?.unref();
  if (reply.error !== undefined || !reply.found) throw new Error(reply.error ?? 'no answer from the handler type checker');
  return new Map(reply.found);
}
