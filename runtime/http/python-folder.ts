import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The Python harness file. Next to this module when running from source; from the built
 * `dist/runtime/http/` it is the shipped `runtime/http/syncano_harness.py` three folders up
 * (tsc does not copy .py files).
 */
export function harnessPath(): string {
  const candidates = [new URL('./syncano_harness.py', import.meta.url), new URL('../../../runtime/http/syncano_harness.py', import.meta.url)];
  for (const candidate of candidates) {
    const path = fileURLToPath(candidate);
    if (existsSync(path)) return path;
  }
  throw new Error(`sockgen runtime: syncano_harness.py not found next to ${fileURLToPath(import.meta.url)}`);
}
