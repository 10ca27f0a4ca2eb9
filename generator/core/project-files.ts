/**
 * Reading a project's files for the kinds and targets (LoadContext.readText): whatever asks, a
 * file whose real path (links resolved) leads outside the project is not read. Kinds that can say
 * more (a `$ref`, a compose file, a script) check first and report it at the spec's line; this is
 * the backstop for every other read, e.g. a handler in handlers/ that links to a file elsewhere.
 */
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';

/** True when `absolute`'s real path lies inside `root`'s (or the file does not exist: its reader reports that). */
export function realPathInside(root: string, absolute: string): boolean {
  let real: string;
  let realRoot: string;
  try {
    // The native call is one realpath(3); the JavaScript one lstat()s every folder of the path,
    // which a project of 50 sockets paid 2,000 times.
    real = realpathSync.native(absolute);
    realRoot = realRoots.get(root) ?? realpathSync.native(root);
  } catch {
    return true;
  }
  if (realRoots.size > 100) realRoots.clear();
  realRoots.set(root, realRoot);
  const inside = relative(realRoot, real);
  return inside !== '' && inside !== '..' && !inside.startsWith(`..${sep}`) && !isAbsolute(inside);
}

/** Real paths of project roots seen (one per run; a watch run keeps its root). */
const realRoots = new Map<string, string>();

/** The text of a project-relative file; throws (code EOUTSIDE) when it is a link leading outside the project. */
export function readProjectFile(root: string, path: string): string {
  const absolute = join(root, path);
  if (!realPathInside(root, absolute)) throw Object.assign(new Error(`${path} is a link leading outside the project; sockgen reads only files inside it`), { code: 'EOUTSIDE' });
  return readFileSync(absolute, 'utf8');
}

/** What a run asks of the project's files (LoadContext's `exists` and `readText`). */
export interface ProjectFiles {
  exists(path: string): boolean;
  readText(path: string): string;
}

/**
 * The project's files for one run: each folder asked about is listed once, with the type of each
 * entry, so that 1,000 handlers cost 50 listings and 1,000 reads instead of a stat, a realpath
 * and a read each (a system call costs ~25 µs on a virtual machine). A regular file listed in a
 * folder whose real path is inside the project is read as it is; a link, a name the listing does
 * not have (a case-insensitive disk matches more) and a path with `..` go the long way. A run
 * writes nothing while it reads, so the listings stay true for it; a watch run makes a new view.
 */
export function projectFiles(root: string): ProjectFiles {
  const listings = new Map<string, Map<string, boolean> | null>();
  const insideFolders = new Map<string, boolean>();
  /** Name → whether it is a regular file; null when the folder cannot be listed. */
  const listing = (folder: string): Map<string, boolean> | null => {
    let entries = listings.get(folder);
    if (entries === undefined) {
      try {
        entries = new Map(readdirSync(join(root, folder), { withFileTypes: true }).map((entry) => [entry.name, entry.isFile()]));
      } catch {
        entries = null;
      }
      listings.set(folder, entries);
    }
    return entries;
  };
  const folderInside = (folder: string): boolean => {
    let inside = insideFolders.get(folder);
    // The root itself is the project (realPathInside answers for what lies below it).
    if (inside === undefined) insideFolders.set(folder, (inside = folder === '.' || realPathInside(root, join(root, folder))));
    return inside;
  };
  /** True when `path` is known to be a regular file, from its folder's listing. */
  const listedFile = (path: string): boolean => {
    if (isAbsolute(path) || path.split(/[\\/]/).some((part) => part === '..' || part === '.')) return false;
    return listing(dirname(path))?.get(basename(path)) === true;
  };
  return {
    exists: (path) => listedFile(path) || existsSync(join(root, path)),
    readText: (path) => (listedFile(path) && folderInside(dirname(path)) ? readFileSync(join(root, path), 'utf8') : readProjectFile(root, path)),
  };
}
