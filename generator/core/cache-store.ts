/**
 * Where generation results are kept: `node_modules/.cache/sockgen/` of the nearest node_modules at
 * or above the project (the find-cache-dir convention; no node_modules, no cache, nothing
 * written). One file per key; written to a temporary name and renamed, so a concurrent run
 * reads a whole entry or none; the least recently used beyond `keep` are removed.
 *
 * An entry file is one line of JSON, the entry with each output file's contents replaced by its
 * length in bytes, then those contents one after another. Generated files are most of an entry
 * (11 MB for 50 sockets); as JSON strings they were escaped on every write and unescaped on every
 * read, which took four times as long as copying their bytes.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs';
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

const extension = '.entry';

/** The entry stored under `key`, or undefined (missing, unreadable, or not this key's). */
export function readEntry<Entry extends CacheEntry | KindEntry>(folder: string, key: string, complete: (entry: Entry) => boolean): Entry | undefined {
  const path = join(folder, `${key}${extension}`);
  try {
    const entry = decode(readFileSync(path)) as Entry | undefined;
    if (!entry || entry.key !== key || !Array.isArray(entry.dependencies) || !Array.isArray(entry.diagnostics) || !complete(entry)) return undefined;
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
    writeEncoded(temporary, entry);
    renameSync(temporary, join(folder, `${entry.key}${extension}`));
    prune(folder);
  } catch {
    // The cache only saves time; the run's result is already complete.
  }
}

/**
 * Writes the entry's head, then each file's contents, through one descriptor: no buffer of the
 * whole entry (11 MB for 50 sockets) is made. Fresh memory is what a short process pays most for
 * on a virtual machine (each new page faults); the small buffers of each write are reused.
 */
function writeEncoded(path: string, entry: CacheEntry | KindEntry): void {
  const descriptor = openSync(path, 'w');
  try {
    if (!('files' in entry)) {
      writeAll(descriptor, JSON.stringify(entry) + '\n');
      return;
    }
    const head = { ...entry, files: entry.files.map((file) => ({ ...file, contents: Buffer.byteLength(file.contents) })) };
    writeAll(descriptor, JSON.stringify(head) + '\n');
    for (const file of entry.files) writeAll(descriptor, file.contents);
  } finally {
    closeSync(descriptor);
  }
}

/** `writeSync` of a string may write part of it (a full disk, a signal); the rest goes as bytes. */
function writeAll(descriptor: number, text: string): void {
  const written = writeSync(descriptor, text);
  const bytes = Buffer.byteLength(text);
  if (written < bytes) {
    const rest = Buffer.from(text).subarray(written);
    for (let at = 0; at < rest.length; ) at += writeSync(descriptor, rest, at);
  }
}

/** The entry in a file's bytes; undefined when they are not a whole entry (cut short, or not one). */
function decode(bytes: Buffer): CacheEntry | KindEntry | undefined {
  const end = bytes.indexOf(10);
  if (end < 0) return undefined;
  const head = JSON.parse(bytes.toString('utf8', 0, end)) as (CacheEntry | KindEntry) & { files?: (Omit<OutputFile, 'contents'> & { contents: number })[] };
  if (!Array.isArray(head.files)) return bytes.length === end + 1 ? head : undefined;
  let at = end + 1;
  const files: OutputFile[] = [];
  for (const file of head.files) {
    if (!Number.isInteger(file.contents) || file.contents < 0 || at + file.contents > bytes.length) return undefined;
    files.push({ ...file, contents: bytes.toString('utf8', at, at + file.contents) });
    at += file.contents;
  }
  return at === bytes.length ? { ...head, files } : undefined;
}

function prune(folder: string): void {
  const entries = readdirSync(folder)
    .filter((name) => name.endsWith(extension) || name.endsWith('.json'))
    .map((name) => ({ path: join(folder, name), used: statSync(join(folder, name)).mtimeMs }))
    .sort((a, b) => b.used - a.used);
  for (const stale of entries.slice(keep)) unlinkSync(stale.path);
}
