/**
 * The program of the checker's startup snapshot (checker-snapshot.ts). `node --build-snapshot`
 * runs it once: it loads the TypeScript checker and parses the standard library and sockgen's
 * runtime types, and V8 saves the heap as it then is. A process started from that snapshot begins
 * with the checker ready and answers handler-checker.ts over its IPC channel until the channel
 * closes (the generator finished, or died).
 */
import { startupSnapshot } from 'node:v8';
import { answer, type CheckerRequest } from './checker-request.js';
import { warmChecker } from './ts-type-schema.js';

warmChecker();

startupSnapshot.setDeserializeMainFunction(() => {
  process.on('message', (request: CheckerRequest) => process.send!(answer(request)));
  process.on('disconnect', () => process.exit(0));
});
