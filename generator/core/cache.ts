/**
 * The generation cache around the pipeline: a run whose specs, options, generator and looked-at
 * files are all unchanged costs a hash and a read, not a load, render and format. It sits around
 * the whole build (all specs → all files), because outputs such as sockets/server.ts gather every
 * spec of a kind; the diagnostics are part of the entry, so a hit prints the same warnings.
 */
import type { LoadContext } from '../kinds/types.js';
import type { BuildResult } from '../pipeline.js';
import { cacheKey, dependenciesHold, recordingContext, type SpecInput } from './cache-key.js';
import { generatorIdentity } from './cache-identity.js';
import { cacheFolder, readEntry, writeEntry } from './cache-store.js';

export interface CachedBuildRequest {
  /** False for `--no-cache` (and `--dump-ir`, which needs the IR): build, read and write nothing. */
  readonly enabled: boolean;
  /** Project root: the cache lives in the node_modules at or above it. */
  readonly root: string;
  /** The resolved options of the run (plain JSON): part of the key. */
  readonly options: unknown;
  readonly specs: readonly SpecInput[];
  readonly context: LoadContext;
  /** Runs the pipeline with the given (recording) context. */
  build(context: LoadContext): Promise<BuildResult>;
}

/** The build result, from the cache when every input is unchanged. */
export async function cachedBuild(request: CachedBuildRequest): Promise<BuildResult & { readonly fromCache: boolean }> {
  const folder = request.enabled ? cacheFolder(request.root) : undefined;
  const identity = folder ? await generatorIdentity() : undefined;
  if (!folder || !identity) return { ...(await request.build(request.context)), fromCache: false };
  const key = cacheKey({
    version: identity.version,
    fingerprint: identity.fingerprint,
    // The formatter choice is an input too (both must print the same; a cache must not assume it).
    options: [request.options, process.env.SOCKGEN_FORMATTER ?? null],
    specs: request.specs,
  });
  const entry = readEntry(folder, key);
  if (entry && dependenciesHold(entry.dependencies, request.context)) {
    // A stub the entry holds was missing then; the run that wrote it makes it exist now, and an
    // existing stub is the user's: leave it out, as the pipeline would.
    const files = entry.files.filter((file) => file.ownership !== 'once' || !request.context.exists(file.path));
    return { diagnostics: [...entry.diagnostics], files, fromCache: true };
  }
  const recorder = recordingContext(request.context);
  const result = await request.build(recorder.context);
  // The pipeline looked for each stub before rendering it; one it rendered (missing then) is in the
  // entry and filtered on a hit above, so its absence is no dependency (else the very run that
  // writes the stubs would spoil its own entry). A stub that existed stays one: deleting it is a miss.
  const rendered = new Set(result.files.filter((file) => file.ownership === 'once').map((file) => file.path));
  const dependencies = recorder.dependencies().filter((d) => !(d.probe === 'exists' && !d.found && rendered.has(d.path)));
  writeEntry(folder, { key, dependencies, diagnostics: result.diagnostics, files: result.files });
  return { ...result, fromCache: false };
}
