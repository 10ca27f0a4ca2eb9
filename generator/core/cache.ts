/**
 * The generation cache around the pipeline, at two levels. A run whose specs, options, generator
 * and looked-at files are all unchanged costs a hash and a read: no load, render or format, and
 * the entry's diagnostics are printed again. A run that changed one spec still reuses the load of
 * every kind whose own specs did not change (the AsyncAPI parse is most of a cold run), then plans,
 * renders and formats all files: outputs such as sockets/server.ts gather every spec of a kind.
 */
import type { BuildOptions, BuildResult } from '../pipeline.js';
import type { LoadContext } from '../kinds/types.js';
import type { GeneratorIdentity } from './cache-identity.js';
import { cacheKey, dependenciesHold, recordingContext, sha256, type Dependency, type Recorder, type SpecInput } from './cache-key.js';
import type { Diagnostic } from './diagnostics.js';
import { generatorIdentity } from './cache-identity.js';
import { cacheFolder, readEntry, writeEntry, type CacheEntry, type KindEntry } from './cache-store.js';

export interface CachedBuildRequest {
  /** False for `--no-cache` (and `--dump-ir`, which needs the IR): build, read and write nothing. */
  readonly enabled: boolean;
  /** Project root: the cache lives in the node_modules at or above it. */
  readonly root: string;
  /** The resolved options of the run (plain JSON): part of the key. */
  readonly options: unknown;
  readonly specs: readonly SpecInput[];
  readonly context: LoadContext;
  /** Runs the pipeline with the given (recording) context and, when caching, the kinds' cache. */
  build(context: LoadContext, loadThroughCache?: BuildOptions['loadThroughCache']): Promise<BuildResult>;
}

/** The build result, from the cache when every input is unchanged. */
export async function cachedBuild(request: CachedBuildRequest): Promise<BuildResult & { readonly fromCache: boolean }> {
  const folder = request.enabled ? cacheFolder(request.root) : undefined;
  const identity = folder ? await generatorIdentity() : undefined;
  if (!folder || !identity) return { ...(await request.build(request.context)), fromCache: false };
  // The formatter choice is an input too (both must print the same; a cache must not assume it).
  const options = [request.options, process.env.SOCKGEN_FORMATTER ?? null];
  const key = cacheKey({ ...identity, options, specs: request.specs });
  const entry = readEntry<CacheEntry>(folder, key, (e) => Array.isArray(e.files));
  if (entry && dependenciesHold(entry.dependencies, request.context)) {
    // A stub the entry holds was missing then; the run that wrote it makes it exist now, and an
    // existing stub is the user's: leave it out, as the pipeline would.
    const files = entry.files.filter((file) => file.ownership !== 'once' || !request.context.exists(file.path));
    return { diagnostics: [...entry.diagnostics], files, fromCache: true };
  }
  const recorder = recordingContext(request.context);
  const result = await request.build(recorder.context, kindCache(folder, identity, options, request.context, recorder));
  // The pipeline looked for each stub before rendering it; one it rendered (missing then) is in the
  // entry and filtered on a hit above, so its absence is no dependency (else the very run that
  // writes the stubs would spoil its own entry). A stub that existed stays one: deleting it is a miss.
  const stubs = result.files.filter((file) => file.ownership === 'once');
  const rendered = new Set(stubs.map((file) => file.path));
  const dependencies = recorder.dependencies().filter((d) => !(d.probe === 'exists' && !d.found && rendered.has(d.path)));
  // The output read that stub's text (its types give openapi.json its schemas): the entry holds
  // while the stub is exactly as written, and the user's first edit of it is a miss.
  for (const stub of stubs) dependencies.push({ path: stub.path, probe: 'read', sha256: sha256(stub.contents) });
  dependencies.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.probe < b.probe ? -1 : 1));
  writeEntry(folder, { key, dependencies, diagnostics: result.diagnostics, files: result.files });
  return { ...result, fromCache: false };
}

/**
 * The kinds' cache: one kind's IR section and diagnostics, keyed like a run but by that kind's
 * specs alone. A hit hands its recorded looks to the run's recorder, so the run's own entry
 * still depends on every file behind it.
 */
function kindCache(folder: string, identity: GeneratorIdentity, options: unknown, context: LoadContext, run: Recorder): NonNullable<BuildOptions['loadThroughCache']> {
  return async (section, files, load) => {
    const specs = files.map((file) => ({ path: file.path, text: file.text }));
    const key = cacheKey({ ...identity, options: ['kind', section, options], specs });
    const result = await cachedLoad(folder, key, { check: context, through: run.context, onHit: (looks) => run.replay(looks) }, load);
    return result as Awaited<ReturnType<typeof load>>;
  };
}

/** How cachedLoad reads files: `check` tests an entry's looks, `through` records a fresh load's. */
interface LoadLooks {
  readonly check: LoadContext;
  readonly through: LoadContext;
  /** Called with an entry's looks when it is used. */
  readonly onHit?: (looks: readonly Dependency[]) => void;
}

/**
 * One load kept in the cache (a kind's section, `sockgen mock`'s document): the entry under `key`
 * while every file the load looked at still looks the same, else `load` through a recording
 * context, stored for the next run with the looks it made.
 */
export async function cachedLoad<IR>(
  folder: string,
  key: string,
  looks: LoadLooks,
  load: (context: LoadContext) => Promise<{ readonly ir: IR; readonly diagnostics: readonly Diagnostic[] }>,
): Promise<{ ir: IR; diagnostics: Diagnostic[] }> {
  const entry = readEntry<KindEntry>(folder, key, (e) => 'ir' in e);
  if (entry && dependenciesHold(entry.dependencies, looks.check)) {
    looks.onHit?.(entry.dependencies);
    return { ir: entry.ir as IR, diagnostics: [...entry.diagnostics] };
  }
  const recorder = recordingContext(looks.through);
  const result = await load(recorder.context);
  writeEntry(folder, { key, dependencies: recorder.dependencies(), diagnostics: result.diagnostics, ir: result.ir });
  return { ir: result.ir, diagnostics: [...result.diagnostics] };
}
