/**
 * Where V8's cache of a bundle's compiled code is kept (bundle-loader.ts): beside the bundle, as
 * Python keeps `__pycache__`, or, when the install is read-only (a root-owned global install, a
 * container image run as another user), in the user's own cache folder
 * (`$XDG_CACHE_HOME/sockgen/compiled`, else `~/.cache/sockgen/compiled`), private to them.
 *
 * A cache's name holds the V8 version and the bundle's size and modification time. V8 checks only
 * its own version and the source's length before using a cache, so a bundle rebuilt to the same
 * length (a template edited by one character) would otherwise run the code of the old one.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';

/** One place a cache may be; caches there whose names start with `stalePrefix` are older ones. */
export interface CachePlace {
  readonly path: string;
  readonly stalePrefix: string;
}

/**
 * What a file derived from `file` is made for: the runtime that must match to use it (V8's version
 * for a code cache), and the extension that tells its kind.
 */
export interface DerivedKind {
  readonly version: string;
  readonly extension: string;
}

const codeCache: DerivedKind = { version: process.versions.v8, extension: 'cache' };

/**
 * The places a cache of `file` (whose stats are given) may be, in the order they are tried; other
 * files derived from it (a startup snapshot) are kept the same way, with their own `kind`.
 */
export function derivedFilePlaces(file: string, stats: Stats, kind: DerivedKind = codeCache): CachePlace[] {
  const { version, extension } = kind;
  const identity = `${stats.size}.${Math.trunc(stats.mtimeMs)}`;
  const name = basename(file);
  const places = [{ path: `${file}.${version}.${identity}.${extension}`, stalePrefix: `${name}.${version}.` }];
  const folder = userCacheFolder();
  if (folder) {
    // One folder for every install the user runs: the bundle's path tells them apart.
    const install = createHash('sha256').update(file).digest('hex').slice(0, 16);
    places.push({ path: join(folder, `${name}.${install}.${version}.${identity}.${extension}`), stalePrefix: `${name}.${install}.${version}.` });
  }
  return places;
}

/** Writes `data` to the first place that takes it, and removes the older caches of the bundle there. */
export function storeCompiledCode(places: readonly CachePlace[], data: Buffer): void {
  storeDerived(places, (temporary) => writeFileSync(temporary, data));
}

/**
 * Has `write` make the file at a temporary path of the first place that takes it, then moves it in
 * and removes the older files of its kind there. Returns the path, or undefined when no place took it.
 */
export function storeDerived(places: readonly CachePlace[], write: (temporary: string) => void): string | undefined {
  for (const { path, stalePrefix } of places) {
    const temporary = `${path}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      write(temporary);
      renameSync(temporary, path);
    } catch {
      rmSync(temporary, { force: true });
      continue; // not writable here; with no place at all, a run goes without it (a bundle is compiled each time)
    }
    const extension = path.slice(path.lastIndexOf('.'));
    for (const entry of readdirSync(dirname(path))) {
      if (entry.startsWith(stalePrefix) && entry.endsWith(extension) && entry !== basename(path)) rmSync(join(dirname(path), entry), { force: true });
    }
    return path;
  }
  return undefined;
}

function userCacheFolder(): string | undefined {
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, 'sockgen', 'compiled');
  try {
    const home = homedir();
    return home ? join(home, '.cache', 'sockgen', 'compiled') : undefined;
  } catch {
    return undefined;
  }
}
