/**
 * Reading a project's files for the kinds and targets (LoadContext.readText): whatever asks, a
 * file whose real path (links resolved) leads outside the project is not read. Kinds that can say
 * more (a `$ref`, a compose file, a script) check first and report it at the spec's line; this is
 * the backstop for every other read, e.g. a handler in handlers/ that links to a file elsewhere.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

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
