/** Test fixtures of the AsyncAPI runtime: documents parsed and resolved the way `sockgen mock` does. */
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAsyncApi } from '../../../generator/cli/commands/mock.js';
import { formatDiagnostic } from '../../../generator/core/diagnostics.js';

/** Absolute path of a fixture document under test/asyncapi-runtime/fixtures (absolute paths pass through). */
export function fixturePath(name: string): string {
  return isAbsolute(name) ? name : fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
}

/** A fixture document, parsed and resolved; throws with the diagnostics when it has errors. */
export async function loadFixture(name: string): Promise<unknown> {
  const loaded = await loadAsyncApi(fixturePath(name), false);
  if (loaded.document === undefined) throw new Error(loaded.diagnostics.map(formatDiagnostic).join('\n'));
  return loaded.document;
}
