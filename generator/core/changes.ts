/**
 * Comparing the files a run produced with what is on disk: which to write, which to delete
 * (a previous run wrote them, this one did not), and unified diffs for `--check`.
 * Pure: the CLI passes a reader and applies the result.
 */
import { compareText } from './order.js';
import { createTwoFilesPatch } from 'diff';

export interface OutputFile {
  /** Project-relative path. */
  readonly path: string;
  readonly contents: string;
  readonly ownership: 'generated' | 'once';
}

export type Change =
  | { readonly type: 'create'; readonly path: string; readonly contents: string; readonly ownership: 'generated' | 'once' }
  | { readonly type: 'update'; readonly path: string; readonly contents: string; readonly before: string }
  | { readonly type: 'delete'; readonly path: string; readonly before: string };

/** Name of the manifest a run writes into the output folder: the files it generated. */
export const manifestName = '.sockgen-manifest.json';

/** Builds the manifest file listing every generated path under `outDir`, sorted. */
export function manifestFile(outDir: string, files: readonly OutputFile[]): OutputFile {
  const prefix = outDir === '' ? '' : `${outDir}/`;
  const path = `${prefix}${manifestName}`;
  const listed = files
    .filter((file) => file.ownership === 'generated' && file.path !== path)
    .map((file) => file.path.slice(prefix.length))
    .sort();
  const contents = JSON.stringify({ generator: 'sockgen', files: listed }, null, 2) + '\n';
  return { path, contents, ownership: 'generated' };
}

/** Reads a previous manifest's paths (project-relative); unreadable or absent → none. */
export function parseManifest(outDir: string, text: string | undefined): string[] {
  if (!text) return [];
  try {
    const parsed = JSON.parse(text) as { files?: unknown };
    if (!Array.isArray(parsed.files)) return [];
    const prefix = outDir === '' ? '' : `${outDir}/`;
    return parsed.files.filter((f): f is string => typeof f === 'string' && !f.includes('..')).map((f) => prefix + f);
  } catch {
    return [];
  }
}

/**
 * What must change on disk so it holds exactly `files`. `once` files are only created when
 * missing; files a previous manifest lists that this run does not produce are deleted.
 */
export function computeChanges(
  files: readonly OutputFile[],
  read: (path: string) => string | undefined,
  previouslyGenerated: readonly string[],
): Change[] {
  const changes: Change[] = [];
  const produced = new Set(files.map((file) => file.path));
  for (const file of files) {
    const before = read(file.path);
    if (before === undefined) changes.push({ type: 'create', path: file.path, contents: file.contents, ownership: file.ownership });
    else if (file.ownership === 'generated' && before !== file.contents)
      changes.push({ type: 'update', path: file.path, contents: file.contents, before });
  }
  for (const path of previouslyGenerated) {
    if (produced.has(path)) continue;
    const before = read(path);
    if (before !== undefined) changes.push({ type: 'delete', path, before });
  }
  return changes.sort((a, b) => compareText(a.path, b.path));
}

/** A unified diff of one change, as `--check` prints it. */
export function unifiedDiff(change: Change): string {
  const before = change.type === 'create' ? '' : change.before;
  const after = change.type === 'delete' ? '' : change.contents;
  const oldName = change.type === 'create' ? '/dev/null' : `a/${change.path}`;
  const newName = change.type === 'delete' ? '/dev/null' : `b/${change.path}`;
  return createTwoFilesPatch(oldName, newName, before, after, '', '', { context: 3 })
    .split('\n')
    .filter((line) => !line.startsWith('==='))
    .join('\n');
}
