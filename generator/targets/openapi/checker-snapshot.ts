/**
 * A V8 startup snapshot of the handler type checker (checker-snapshot-entry.ts): a process started
 * from it has the TypeScript checker loaded and the standard library parsed, and answers its first
 * question ~0.4 s after it was spawned, where a worker thread loading ts-morph takes ~1.3 s and
 * twice the CPU of it, on the 2-core machine the rest of the run shares.
 *
 * A snapshot can only be used by the Node.js binary that made it, so it is not shipped: the build
 * (`npm run build`, so `npm install` of a clone) makes one for the Node.js that runs it, and the
 * first run that needs the checker without one (an install from the registry, another Node.js)
 * makes it after its work. It is kept as V8's code caches are (compiled-code-cache.ts): beside the
 * program it was made from, else in the user's cache folder; a rebuilt program makes it stale.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { derivedFilePlaces, storeDerived, type CachePlace, type DerivedKind } from '../../core/compiled-code-cache.js';
import { ownModuleUrls } from '../../core/own-module-urls.js';

/** The snapshot's program, bundled by the build into one file (`--build-snapshot` takes only one). */
const program = fileURLToPath(new URL('./checker-snapshot/program.cjs', import.meta.url));

/** A snapshot is made by, and only loads in, this very Node.js (version and architecture). */
const snapshotKind: DerivedKind = { version: `${process.version}-${process.arch}`, extension: 'blob' };

/** Making one takes ~1.5 s; this bounds a machine that hangs or swaps. */
const makeTimeoutMs = 120_000;

function places(): CachePlace[] | undefined {
  try {
    return derivedFilePlaces(program, statSync(program), snapshotKind);
  } catch {
    return undefined; // no program: a build without esbuild, or the TypeScript sources
  }
}

/** The snapshot to start the checker from, when this Node.js has one for the current program. */
export function checkerSnapshot(): string | undefined {
  return places()?.find((place) => existsSync(place.path))?.path;
}

/**
 * Whether a snapshot could be made here and none exists: there is a program, and no earlier attempt
 * with this Node.js failed (each would cost a run ~1.5 s for nothing).
 */
export function checkerSnapshotMissing(): boolean {
  const all = places();
  return all !== undefined && !all.some((place) => existsSync(place.path) || existsSync(failedMarker(place.path)));
}

const failedMarker = (path: string) => `${path}.failed`;

/** Remembers why a snapshot could not be made or started at `path`; false where that is not writable. */
function markFailed(path: string, reason: string): boolean {
  try {
    writeFileSync(failedMarker(path), reason + '\n');
    return true;
  } catch {
    return false;
  }
}

/**
 * The environment of the checker's processes, the one that makes a snapshot and those started from
 * it: without NODE_OPTIONS, so what the user's shell preloads is neither in the snapshot nor a
 * flag it was not made with, which can refuse it.
 */
export function checkerEnvironment(): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _, ...env } = process.env;
  return env;
}

/**
 * A snapshot that was made but failed to start (a damaged file; a Node.js that was swapped under
 * the same version): removed, and marked failed, so runs use the worker thread until a build.
 */
export function discardCheckerSnapshot(path: string, reason: string): void {
  rmSync(path, { force: true });
  markFailed(path, reason); // where it cannot be, the next run that needs the checker makes it again
}

/**
 * Makes the snapshot for this Node.js and keeps it; returns its path, or an error message. A
 * failure is remembered (`.failed` beside where it would be) so later runs use the worker thread
 * without trying again; `npm run build` tries anyway.
 */
export function makeCheckerSnapshot(): { path: string } | { error: string } {
  const all = places();
  if (!all) return { error: `${program} is missing (npm run build makes it)` };
  const scratch = mkdtempSync(join(tmpdir(), 'sockgen-checker-'));
  try {
    const blob = join(scratch, 'checker.blob');
    const made = spawnSync(process.execPath, ['--no-warnings', '--snapshot-blob', blob, '--build-snapshot', program], { env: checkerEnvironment(), encoding: 'utf8', timeout: makeTimeoutMs, stdio: ['ignore', 'ignore', 'pipe'] });
    if (made.status !== 0 || !existsSync(blob)) {
      const reason = made.error?.message ?? (made.stderr.trim().split('\n').at(-1) || `exit ${made.status ?? made.signal}`);
      all.some((place) => markFailed(place.path, reason));
      return { error: reason };
    }
    const path = storeDerived(all, (temporary) => copyFileSync(blob, temporary));
    return path ? { path } : { error: `no writable place for it (${all.map((place) => place.path).join(', ')})` };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Build step (`npm run build`): bundles the snapshot's program, each module with its own
 * `import.meta.url` (core/own-module-urls.ts): they find the ts-morph bundle and the runtime's
 * declarations from it.
 */
export async function bundleCheckerSnapshotProgram(): Promise<number> {
  const esbuild = (await import('esbuild')) as typeof import('esbuild');
  const entry = fileURLToPath(new URL('./checker-snapshot-entry.js', import.meta.url));
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [ownModuleUrls(esbuild, dirname(program), 'cjs')],
    // Bundled with the build step of ts-morph-module.ts, never run by the program.
    external: ['esbuild'],
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  // Written as a plain script: `--build-snapshot` runs the file itself, not through bundle-loader.ts.
  const code = result.outputFiles[0]!.contents;
  rmSync(dirname(program), { recursive: true, force: true });
  mkdirSync(dirname(program), { recursive: true });
  writeFileSync(program, code);
  return code.byteLength;
}
