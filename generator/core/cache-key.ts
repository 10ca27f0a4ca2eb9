/**
 * The generation cache's key and dependencies (pure: no file system). A result is reused only when
 * every input that could change it is the same: the key covers the spec files (paths and bytes),
 * the resolved options, the sockgen version, the fingerprint of the generator's code and
 * templates, and the formatter; the dependencies are every file the kinds and the pipeline looked
 * at through the LoadContext (a `$ref`ed schema, a script a socket names, a stub that exists),
 * with what they found, checked again before a hit. Like ESLint's `--cache` and tsc's
 * `.tsbuildinfo`: a hash decides, never a time stamp.
 */
import { createHash } from 'node:crypto';
import type { LoadContext } from '../kinds/types.js';

/** Bump when the entry layout or the meaning of a key changes. */
export const cacheFormat = 2;

/** A spec file as read by the CLI: its text, or why it could not be read. */
export interface SpecInput {
  readonly path: string;
  readonly text: string;
  readonly unreadable?: string;
}

/** One look at the project made while generating, and what it saw. */
export type Dependency =
  | { readonly path: string; readonly probe: 'exists'; readonly found: boolean }
  | { readonly path: string; readonly probe: 'read'; readonly sha256: string | null };

/** Everything besides the specs that decides the output. */
export interface KeyParts {
  readonly version: string;
  readonly fingerprint: string;
  /** The resolved options of the run (config, named specs, formatter): any JSON. */
  readonly options: unknown;
  readonly specs: readonly SpecInput[];
}

/** SHA-256 of a text, hex. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The content address of a run's result. */
export function cacheKey(parts: KeyParts): string {
  const specs = parts.specs.map((spec) => [spec.path, sha256(spec.text), spec.unreadable ?? null]);
  return sha256(JSON.stringify([cacheFormat, parts.version, parts.fingerprint, parts.options, specs]));
}

/**
 * Wraps a LoadContext so that every `exists` and `readText` is remembered as a dependency. A
 * read that throws is remembered as unreadable (sha256 null) and rethrown.
 */
export function recordingContext(context: LoadContext): Recorder {
  const seen = new Map<string, Dependency>();
  const note = (dependency: Dependency) => seen.set(`${dependency.probe} ${dependency.path}`, dependency);
  const recorded: LoadContext = {
    ...context,
    exists(path) {
      const found = context.exists(path);
      note({ path, probe: 'exists', found });
      return found;
    },
    readText(path) {
      try {
        const text = context.readText(path);
        note({ path, probe: 'read', sha256: sha256(text) });
        return text;
      } catch (error) {
        note({ path, probe: 'read', sha256: null });
        throw error;
      }
    },
  };
  return {
    context: recorded,
    dependencies: () => [...seen.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.probe < b.probe ? -1 : 1)),
    replay: (dependencies) => dependencies.forEach(note),
  };
}

/** A LoadContext that remembers what was looked at. */
export interface Recorder {
  readonly context: LoadContext;
  dependencies(): Dependency[];
  /** Adds looks made earlier (a cached kind's), as if made through this context now. */
  replay(dependencies: readonly Dependency[]): void;
}

/** True when every dependency still looks the same through `context`. */
export function dependenciesHold(dependencies: readonly Dependency[], context: Pick<LoadContext, 'exists' | 'readText'>): boolean {
  return dependencies.every((dependency) => {
    if (dependency.probe === 'exists') return context.exists(dependency.path) === dependency.found;
    let now: string | null;
    try {
      now = sha256(context.readText(dependency.path));
    } catch {
      now = null;
    }
    return now === dependency.sha256;
  });
}
