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

/** The places a cache of `file` (whose stats are given) may be, in the order they are tried. */
export function compiledCodeFiles(file: string, stats: Stats): CachePlace[] {
  const v8 = process.versions.v8;
  const identity = `${stats.size}.${Math.trunc(stats.mtimeMs)}`;
  const name = basename(file);
  const places = [{ path: `${file}.${v8}.${identity}.cache`, stalePrefix: `${name}.${v8}.` }];
  const folder = userCacheFolder();
  if (folder) {
    // One folder for every install the user runs: the bundle's path tells them apart.
    const install = createHash('sha256').update(file).digest('hex').slice(0, 16);
    places.push({ path: join(folder, `${name}.${install}.${v8}.${identity}.cache`), stalePrefix: `${name}.${install}.${v8}.` });
  }
  return places;
}

/** Writes `data` to the first place that takes it, and removes the older caches of the bundle there. */
export function storeCompiledCode(places: readonly CachePlace[], data: Buffer): void {
  for (const { path, stalePrefix } of places) {
    try {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, data);
      renameSync(temporary, path);
    } catch {
      continue; // not writable here; with no place at all, the bundle is compiled on each run
    }
    for (const entry of readdirSync(dirname(path))) {
      if (entry.startsWith(stalePrefix) && entry.endsWith('.cache') && entry !== basename(path)) rmSync(join(dirname(path), entry), { force: true });
    }
    return;
  }
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
