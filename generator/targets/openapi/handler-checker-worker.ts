/** The worker thread of handler-checker.ts: loads the TypeScript checker and answers requests. */
import { parentPort } from 'node:worker_threads';
import { rememberCompiledBundles } from '../../core/bundle-loader.js';
import { answer, type CheckerRequest } from './checker-request.js';
import { warmChecker } from './ts-type-schema.js';

parentPort?.on('message', (request: CheckerRequest) => {
  const reply = answer(request);
  // Before answering: the process may end as soon as the answer is in.
  rememberCompiledBundles();
  parentPort!.postMessage(reply);
});

// Requests that arrive meanwhile wait in the port's queue.
warmChecker();
