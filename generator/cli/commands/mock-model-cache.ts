/**
 * `sockgen mock` answers an unchanged AsyncAPI document from the generation cache's folder: reading
 * it through the AsyncAPI kind (parser, ajv) was most of the mock's start-up. The entry's key is
 * the document's path and bytes, `--strict`, the sockgen version and the fingerprint of its code;
 * it is used only while every file the load looked at (`$ref`ed documents) still looks the same.
 */
import { cachedLoad } from '../../core/cache.js';
import { cacheKey } from '../../core/cache-key.js';
import { generatorIdentity } from '../../core/cache-identity.js';
import { cacheFolder } from '../../core/cache-store.js';
import type { Diagnostic } from '../../core/diagnostics.js';
import type { LoadContext } from '../../kinds/types.js';

/** A load of one document: its IR document (null on errors) and the diagnostics to print. */
export interface MockLoad {
  readonly doc: unknown;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The cached load of `file` (project-relative, content `text`) when one holds, else `load`'s result
 * through a recording context, stored for the next start (when a node_modules folder is above root).
 */
export async function cachedMockLoad(file: string, text: string, context: LoadContext, load: (context: LoadContext) => Promise<MockLoad>): Promise<MockLoad> {
  const identity = await generatorIdentity();
  const folder = identity ? cacheFolder(context.root) : undefined;
  if (identity === undefined || folder === undefined) return load(context);
  const key = cacheKey({ ...identity, options: { mock: 1, strict: context.strict }, specs: [{ path: file, text }] });
  const { ir, diagnostics } = await cachedLoad(folder, key, { check: context, through: context }, async (recording) => {
    const result = await load(recording);
    return { ir: result.doc, diagnostics: result.diagnostics };
  });
  return { doc: ir, diagnostics };
}
