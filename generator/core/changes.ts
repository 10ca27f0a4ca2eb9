/**
 * Comparing the files a run produced with what is on disk: which to write, which to delete
 * (a previous run wrote them, this one did not), and unified diffs for `--check`.
 * Pure: the CLI passes a reader and applies the result.
 */
import { createRequire } from 'node:module';
import type * as Diff from 'diff';
import { compareText } from './order.js';

/**
 * diff, required on first use: only a `--check` that finds drift prints a patch, and its 25
 * modules cost every run ~18 ms.
 */
let diffModule: typeof Diff | undefined;
const diff = (): typeof Diff => (diffModule ??= createRequire(import.meta.url)('diff') as typeof Diff);

export interface OutputFile {
  /** Project-relative path. */
  readonly path: string;
  readonly contents: string;
  readonly ownership: 'generated' | 'once';
  /** Spec files this output comes from (project-relative); recorded in the manifest. */
  readonly specs?: readonly string[];
}

export type Change =
  | { readonly type: 'create'; readonly path: string; readonly contents: string; readonly ownership: 'generated' | 'once' }
  | { readonly type: 'update'; readonly path: string; readonly contents: string; readonly before: string }
  | { readonly type: 'delete'; readonly path: string; readonly before: string };

/** Name of the manifest a run writes into the output folder: the files it generated. */
export const manifestName = '.sockgen-manifest.json';

/** A previous run's manifest: the generated paths (project-relative) and the specs of each. */
export interface Manifest {
  readonly paths: readonly string[];
  /** Project-relative spec paths per generated path; absent for a manifest of an older sockgen. */
  readonly specsOf: ReadonlyMap<string, readonly string[]>;
}

/**
 * Builds the manifest file listing every generated path under `outDir` and, per spec, the files
 * it produced (so a run that names some specs knows which files are theirs). `kept` entries are
 * files of an earlier run that this run left alone (a run that named other specs).
 */
export function manifestFile(outDir: string, files: readonly OutputFile[], kept: Manifest = { paths: [], specsOf: new Map() }): OutputFile {
  const prefix = outDir === '' ? '' : `${outDir}/`;
  const path = `${prefix}${manifestName}`;
  const entries = new Map<string, readonly string[]>();
  for (const listed of kept.paths) entries.set(listed, kept.specsOf.get(listed) ?? []);
  for (const file of files) if (file.ownership === 'generated' && file.path !== path) entries.set(file.path, file.specs ?? []);
  const bySpec = new Map<string, string[]>();
  for (const [file, specs] of entries) for (const spec of specs) bySpec.set(spec, [...(bySpec.get(spec) ?? []), file.slice(prefix.length)]);
  const sortedKeys = (keys: Iterable<string>) => [...keys].sort(compareText);
  const sources = Object.fromEntries(sortedKeys(bySpec.keys()).map((spec) => [spec, bySpec.get(spec)!.sort(compareText)]));
  const listed = sortedKeys([...entries.keys()].map((file) => file.slice(prefix.length)));
  const contents = JSON.stringify({ generator: 'sockgen', files: listed, sources }, null, 2) + '\n';
  return { path, contents, ownership: 'generated' };
}

/** Reads a previous manifest (paths made project-relative); unreadable or absent → empty. */
export function parseManifest(outDir: string, text: string | undefined): Manifest {
  const empty: Manifest = { paths: [], specsOf: new Map() };
  if (!text) return empty;
  try {
    const parsed = JSON.parse(text) as { files?: unknown; sources?: unknown };
    if (!Array.isArray(parsed.files)) return empty;
    const prefix = outDir === '' ? '' : `${outDir}/`;
    const safe = (f: unknown): f is string => typeof f === 'string' && !f.split('/').includes('..');
    const paths = parsed.files.filter(safe).map((f) => prefix + f);
    const specsOf = new Map<string, string[]>();
    if (parsed.sources && typeof parsed.sources === 'object')
      for (const [spec, files] of Object.entries(parsed.sources as Record<string, unknown>))
        if (Array.isArray(files)) for (const f of files.filter(safe)) specsOf.set(prefix + f, [...(specsOf.get(prefix + f) ?? []), spec]);
    return { paths, specsOf };
  } catch {
    return empty;
  }
}

/**
 * Which files a run may touch. A full run touches all; a run that names some specs touches the
 * files those specs produce, and deletes a file only when every spec it came from was named or
 * no longer exists, so the output of other specs is never lost.
 */
export interface ChangeScope {
  mayWrite(specs: readonly string[] | undefined): boolean;
  mayDelete(specs: readonly string[] | undefined): boolean;
}

/** The scope of a run that names `named` specs; `exists` tells whether a spec file is still there. */
export function namedSpecsScope(named: ReadonlySet<string>, exists: (spec: string) => boolean): ChangeScope {
  return {
    mayWrite: (specs) => (specs ?? []).some((spec) => named.has(spec)),
    mayDelete: (specs) => specs !== undefined && specs.length > 0 && specs.every((spec) => named.has(spec) || !exists(spec)),
  };
}

/**
 * What must change on disk so it holds exactly `files`. `once` files are only created when
 * missing; files a previous manifest lists that this run does not produce are deleted.
 */
export function computeChanges(
  files: readonly OutputFile[],
  read: (path: string) => string | undefined,
  previous: Manifest,
  scope?: ChangeScope,
): Change[] {
  const changes: Change[] = [];
  const produced = new Set(files.map((file) => file.path));
  for (const file of files) {
    if (scope && !isManifest(file.path) && !scope.mayWrite(file.specs)) continue;
    const before = read(file.path);
    if (before === undefined) changes.push({ type: 'create', path: file.path, contents: file.contents, ownership: file.ownership });
    else if (file.ownership === 'generated' && before !== file.contents)
      changes.push({ type: 'update', path: file.path, contents: file.contents, before });
  }
  for (const path of previous.paths) {
    if (produced.has(path)) continue;
    if (scope && !scope.mayDelete(previous.specsOf.get(path))) continue;
    const before = read(path);
    if (before !== undefined) changes.push({ type: 'delete', path, before });
  }
  return changes.sort((a, b) => compareText(a.path, b.path));
}

function isManifest(path: string): boolean {
  return path === manifestName || path.endsWith(`/${manifestName}`);
}

/** A unified diff of one change, as `--check` prints it. */
export function unifiedDiff(change: Change): string {
  const before = change.type === 'create' ? '' : change.before;
  const after = change.type === 'delete' ? '' : change.contents;
  const oldName = change.type === 'create' ? '/dev/null' : `a/${change.path}`;
  const newName = change.type === 'delete' ? '/dev/null' : `b/${change.path}`;
  return diff().createTwoFilesPatch(oldName, newName, before, after, '', '', { context: 3 })
    .split('\n')
    .filter((line) => !line.startsWith('==='))
    .join('\n');
}
