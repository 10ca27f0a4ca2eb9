/**
 * The program of the checker's startup snapshot (checker-snapshot.ts). `node --build-snapshot`
 * runs it once: it loads the TypeScript checker and parses the standard library and sockgen's
 * runtime types, and V8 saves the heap as it then is. A process started from that snapshot begins
 * with the checker ready and answers handler-checker.ts over its IPC channel until the channel
 * closes (the generator finished, or died).
 */
import { startupSnapshot } from 'node:v8';
import { rememberCompiledBundles } from '../../core/bundle-loader.js';
import { answer, type CheckerRequest } from './checker-request.js';
import { warmUpQuestion } from './checker-warm-up.js';
import { warmChecker } from './ts-type-schema.js';

warmChecker();
// One question like a run's, answered before the heap is saved: the checker's functions a question
// runs are then compiled in the snapshot (the first real question took ~0.25 s instead of ~0.15 s).
answer(warmUpQuestion());
// A bundle loaded without a cache of its code keeps its compiled script to make one: stored now
// (the worker thread's next start reads it), as a compiled script cannot be part of a snapshot.
rememberCompiledBundles();

startupSnapshot.setDeserializeMainFunction(() => {
  process.on('message', (request: CheckerRequest) => process.send!(answer(request)));
  process.on('disconnect', () => process.exit(0));
});
