/**
 * The AsyncAPI corpus (test/corpus/asyncapi/, strangers' documents): which files are documents,
 * what the official parser (default rules, its own resolver) says of each, and sockgen's
 * generation of each in one process. Shared by the corpus test and the corpus bench.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Parser } from '@asyncapi/parser';
import { parse as parseYaml } from 'yaml';
import { createSpecFile } from '../../generator/core/spec-file.js';
import type { Diagnostic } from '../../generator/core/diagnostics.js';
import type { LoadContext } from '../../generator/kinds/types.js';
import { buildProject } from '../../generator/pipeline.js';

export const repoRoot = join(import.meta.dirname, '../..');
export const corpusFolder = 'test/corpus/asyncapi';

/** Project-relative paths of the corpus files that are AsyncAPI documents (not shared fragments). */
export function corpusDocuments(): string[] {
  const folder = join(repoRoot, corpusFolder);
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$|\.json$/.test(e.name))
    .map((e) => relative(repoRoot, join(e.parentPath, e.name)).replace(/\\/g, '/'))
    .filter((path) => {
      const data = parseYaml(readFileSync(join(repoRoot, path), 'utf8')) as unknown;
      return typeof data === 'object' && data !== null && 'asyncapi' in data;
    })
    .sort();
}

/** The official parser's verdict: its errors (severity 0) as `line:col message`. */
export async function officialErrors(path: string, parser: Parser): Promise<string[]> {
  const text = readFileSync(join(repoRoot, path), 'utf8');
  // The parser would fetch remote references: no network in tests, so such a document cannot be
  // resolved here (and sockgen refuses remote refs by default: AAPI017).
  const remote = /\$ref['"]?\s*:\s*['"]?https?:/.exec(text);
  if (remote) return [`${text.slice(0, remote.index).split('\n').length}:1 remote $ref, not resolvable offline`];
  const result = await parser.parse(text, { source: join(repoRoot, path) });
  return result.diagnostics.filter((d) => d.severity === 0).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)} ${d.message}`);
}

/** A parser as a user would make one: default options. */
export function officialParser(): Parser {
  return new Parser();
}

/** sockgen's result for one document: its diagnostics and, without errors, its files. */
export interface CorpusGeneration {
  readonly path: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly files: ReadonlyMap<string, string>;
}

/** Generates each document on its own (one's errors never hide another's output), one process. */
export async function generateCorpus(paths: readonly string[]): Promise<CorpusGeneration[]> {
  const results: CorpusGeneration[] = [];
  for (const [index, path] of paths.entries()) {
    const context: LoadContext = {
      root: repoRoot,
      strict: false,
      exists: (p) => {
        try {
          readFileSync(join(repoRoot, p));
          return true;
        } catch {
          return false;
        }
      },
      readText: (p) => readFileSync(join(repoRoot, p), 'utf8'),
    };
    const spec = createSpecFile(path, join(repoRoot, path), readFileSync(join(repoRoot, path), 'utf8'));
    const out = `test/corpus/.out/${index}`;
    const result = await buildProject([spec], context, { outDir: `${out}/generated`, handlersDir: `${out}/handlers`, explicitFiles: true });
    const files = new Map<string, string>();
    for (const file of result.files) files.set(file.path, file.contents);
    results.push({ path, diagnostics: result.diagnostics, files });
  }
  return results;
}
