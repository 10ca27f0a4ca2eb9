// What dist/ was built from. `npm run build` (scripts/build.mjs) writes dist/build-info.json with
// the fingerprint of the sources it compiled; the CLI entry runs dist/ only when the sources beside
// it still have that fingerprint (else their TypeScript through tsx), and the generation cache keys
// on it (a template or generator change is a new key). Plain JavaScript: it runs before any build.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Folders and files whose content decides what dist/ holds and what the generator emits. */
export const fingerprintInputs = ['generator', 'runtime', 'templates', 'tsconfig.json', 'tsconfig.build.json'];

/** The build stamp, relative to the package root. */
export const buildInfoPath = 'dist/build-info.json';

function listInputs(root) {
  const files = [];
  const walk = (relative) => {
    const absolute = join(root, relative);
    if (!existsSync(absolute)) return;
    const stat = statSync(absolute);
    if (!stat.isDirectory()) {
      files.push({ path: relative, mtimeMs: stat.mtimeMs });
      return;
    }
    const names = readdirSync(absolute).sort();
    for (const name of names) walk(`${relative}/${name}`);
  };
  for (const input of fingerprintInputs) walk(input);
  return files;
}

/** The cheap part (paths and times, no reads): enough to see that nothing changed since a build. */
function shape(files) {
  return {
    files: files.length,
    pathsHash: createHash('sha256').update(files.map((file) => file.path).join('\n')).digest('hex'),
    newestMtimeMs: Math.max(0, ...files.map((file) => file.mtimeMs)),
  };
}

/** Hash of every input's path and bytes, plus the shape the freshness check compares first. */
export function sourceFingerprint(root) {
  const files = listInputs(root);
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file.path}\0`).update(readFileSync(join(root, file.path))).update('\0');
  return { fingerprint: hash.digest('hex'), ...shape(files) };
}

/** The stamp of the last successful build, or undefined when there is none (or it is unreadable). */
export function readBuildInfo(root) {
  try {
    return JSON.parse(readFileSync(join(root, buildInfoPath), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * True when dist/ was built from exactly the sources now beside it. Like make first, then like
 * tsc's .tsbuildinfo: same files and nothing newer than the build → fresh without reading a byte;
 * otherwise (a checkout or an editor touched files) the contents decide.
 */
export function distIsFresh(root) {
  const info = readBuildInfo(root);
  if (!info || typeof info.fingerprint !== 'string') return false;
  const files = listInputs(root);
  const now = shape(files);
  if (now.files === info.files && now.pathsHash === info.pathsHash && now.newestMtimeMs <= info.newestMtimeMs) return true;
  return sourceFingerprint(root).fingerprint === info.fingerprint;
}
