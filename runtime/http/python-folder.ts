import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The folder of the Python side (syncano_harness.py, syncano_zygote.py, the `syncano` stand-in).
 * Next to this module when running from source; from the built `dist/runtime/http/` it is the
 * shipped `runtime/http/python/` three folders up (tsc does not copy .py files).
 */
export function pythonFolder(): string {
  const candidates = [new URL('./python/', import.meta.url), new URL('../../../runtime/http/python/', import.meta.url)];
  for (const candidate of candidates) {
    const path = fileURLToPath(candidate);
    if (existsSync(`${path}syncano_zygote.py`)) return path;
  }
  throw new Error(`sockgen runtime: python/syncano_zygote.py not found next to ${fileURLToPath(import.meta.url)}`);
}
