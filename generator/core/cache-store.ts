/**
 * Where generation results are kept: `node_modules/.cache/sockgen/` of the nearest node_modules at
 * or above the project (the find-cache-dir convention; no node_modules, no cache, nothing
 * written). One JSON file per key; written to a temporary name and renamed, so a concurrent run
 * reads a whole entry or none; the least recently used beyond `keep` are removed.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { OutputFile } from './changes.js';
import type { Dependency } from './cache-key.js';
import type { Diagnostic } from './diagnostics.js';

/** A cached run: what it looked at, what it printed, what it produced. */
export interface CacheEntry {
  readonly key: string;
  readonly dependencies: readonly Dependency[];
  readonly diagnostics: readonly Diagnostic[];
  readonly files: readonly OutputFile[];
}

/** A cached load of one kind's specs: what it looked at, its IR section and findings. */
export interface KindEntry {
  readonly key: string;
  readonly dependencies: readonly Dependency[];
  readonly diagnostics: readonly Diagnostic[];
  readonly ir: unknown;
}

/** Entries kept: a run writes one, plus one per kind it loaded (four kinds). */
const keep = 64;

/** The cache folder for a project root, or undefined when there is no node_modules above it. */
export function cacheFolder(root: string): string | undefined {
  for (let current = root; ; current = dirname(current)) {
    if (existsSync(join(current, 'node_modules'))) return join(current, 'node_modules', '.cache', 'sockgen');
    if (dirname(current) === current) return undefined;
  }
}

/** The entry stored under `key`, or undefined (missing, unreadable, or not this key's). */
export function readEntry<Entry extends CacheEntry | KindEntry>(folder: string, key: string, complete: (entry: Entry) => boolean): Entry | undefined {
  const path = join(folder, `${key}.json`);
  try {
    const entry = JSON.parse(readFileSync(path, 'utf8')) as Entry;
    if (entry.key !== key || !Array.isArray(entry.dependencies) || !Array.isArray(entry.diagnostics) || !complete(entry)) return undefined;
    const now = new Date();
    utimesSync(path, now, now); // recently used: kept by the pruning below
    return entry;
  } catch {
    return undefined;
  }
}

/** Stores an entry; a cache that cannot be written (read-only disk) is skipped, not an error. */
export function writeEntry(folder: string, entry: CacheEntry | KindEntry): void {
  try {
    mkdirSync(folder, { recursive: true });
    const temporary = join(folder, `${entry.key}.${process.pid}.tmp`);
    writeFileSync(temporary, JSON.stringify(entry));
    renameSync(temporary, join(folder, `${entry.key}.json`));
    prune(folder);
  } catch {
    // The cache only saves time; the run's result is already complete.
  }
}

function prune(folder: string): void {
  const entries = readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({ path: join(folder, name), used: statSync(join(folder, name)).mtimeMs }))
    .sort((a, b) => b.used - a.used);
  for (const stale of entries.slice(keep)) unlinkSync(stale.path);
}
