/** The worker thread of handler-checker.ts: loads the TypeScript checker and answers requests. */
import { parentPort } from 'node:worker_threads';
import { rememberCompiledBundles } from '../../core/bundle-loader.js';
import { handlerSchemas, warmChecker, type HandlerSource } from './ts-type-schema.js';

parentPort?.on('message', (request: { id: number; files: HandlerSource[]; handlers: string[] }) => {
  try {
    const found = [...handlerSchemas(request.files, request.handlers)];
    // Before answering: the process may end as soon as the answer is in.
    rememberCompiledBundles();
    parentPort!.postMessage({ id: request.id, found });
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
});

// Requests that arrive meanwhile wait in the port's queue.
warmChecker();
