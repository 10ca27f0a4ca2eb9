import { realpathSync } from 'node:fs';
import { sep } from 'node:path';

/**
 * The real path of a script file, checked to lie inside `root` after every symlink is resolved
 * (a `scripts/x.py` that links to /etc/passwd names a file outside the socket's folder). Throws
 * an Error that names the script but not where the link points, so an answer cannot leak it.
 */
export function confinedScriptFile(file: string, root: string, name: string): string {
  let real: string;
  let realRoot: string;
  try {
    real = realpathSync(file);
    realRoot = realpathSync(root);
  } catch {
    throw new Error(`script ${name}: its file cannot be read`);
  }
  const inside = realRoot.endsWith(sep) ? realRoot : realRoot + sep;
  if (!real.startsWith(inside)) throw new Error(`script ${name}: its file resolves (through a symlink) outside the socket's folder, refused`);
  return real;
}
