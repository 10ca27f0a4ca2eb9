/**
 * Formatting in memory with pinned prettier options, so output does not depend on a user's
 * prettier config, and the comparison with disk happens after formatting (the classic drift bug).
 */
import type * as Prettier from 'prettier';
import type { FileFormat } from '../targets/types.js';

/** Pinned on purpose: changing any of these changes every generated file. */
export const prettierOptions: Prettier.Options = {
  printWidth: 100,
  tabWidth: 2,
  useTabs: false,
  semi: true,
  singleQuote: true,
  quoteProps: 'as-needed',
  trailingComma: 'all',
  bracketSpacing: true,
  arrowParens: 'always',
  endOfLine: 'lf',
  proseWrap: 'preserve',
};

const parsers: Record<Exclude<FileFormat, 'none' | 'json'>, string> = {
  // babel-ts prints the same code as the typescript parser and parses about twice as fast.
  typescript: 'babel-ts',
  html: 'html',
  markdown: 'markdown',
  yaml: 'yaml',
};

/** Picks the format from a file's extension. */
export function formatForPath(path: string): FileFormat {
  if (/\.(ts|mts|cts|js|mjs)$/.test(path)) return 'typescript';
  if (path.endsWith('.json')) return 'json';
  if (path.endsWith('.html')) return 'html';
  if (path.endsWith('.md')) return 'markdown';
  if (/\.ya?ml$/.test(path)) return 'yaml';
  return 'none';
}

let prettierModule: Promise<typeof Prettier> | undefined;
/** prettier, loaded on first use (a `--help` or a run with nothing to format does not pay for it). */
function prettier(): Promise<typeof Prettier> {
  prettierModule ??= import('prettier');
  return prettierModule;
}

export interface FormatJob {
  readonly text: string;
  readonly format: FileFormat;
  readonly path: string;
}

// A line no generated file contains: TypeScript files are formatted in batches joined by it,
// because prettier's cost is mostly per call (a 20-line stub costs as much as a 200-line client).
// Top-level statements are formatted independently, so each file comes out as it would alone;
// test/core/format.test.ts checks that on every file of the examples.
const boundary = '// @sockgen-file-boundary';
const batchSize = 150;

/** Formats many files; TypeScript ones in batches, the rest one by one. Output order = input order. */
export async function formatAll(jobs: readonly FormatJob[]): Promise<string[]> {
  const results = new Array<string>(jobs.length);
  const batchable: number[] = [];
  await Promise.all(
    jobs.map(async (job, index) => {
      if (job.format === 'typescript' && /\.ts$/.test(job.path) && job.text.trim() !== '' && !job.text.includes(boundary)) batchable.push(index);
      else results[index] = await formatText(job.text, job.format, job.path);
    }),
  );
  batchable.sort((a, b) => a - b);
  for (let start = 0; start < batchable.length; start += batchSize) {
    const batch = batchable.slice(start, start + batchSize);
    const joined = batch.map((index) => jobs[index]!.text.trimEnd()).join(`\n${boundary}\n`);
    let pieces: string[] | undefined;
    try {
      pieces = (await (await prettier()).format(joined, { ...prettierOptions, parser: parsers.typescript })).split(`${boundary}\n`);
    } catch {
      pieces = undefined; // format one by one below, so the error names the broken file
    }
    for (let i = 0; i < batch.length; i++) {
      const job = jobs[batch[i]!]!;
      results[batch[i]!] = pieces && pieces.length === batch.length ? pieces[i]!.replace(/^\n+/, '').trimEnd() + '\n' : await formatText(job.text, job.format, job.path);
    }
  }
  return results;
}

/** Formats text; a file that fails to format is an internal bug and throws with its path. */
export async function formatText(text: string, format: FileFormat, path: string): Promise<string> {
  if (format === 'none') return text.endsWith('\n') ? text : text + '\n';
  // JSON is data: two-space JSON.stringify is its canonical form, and costs nothing next to
  // prettier on a large document (asyncapi.json of a 200-channel API is ~0.5 MB).
  if (format === 'json') return canonicalJson(text, path);
  try {
    return await (await prettier()).format(text, { ...prettierOptions, parser: parsers[format], filepath: undefined });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`internal error: generated ${path} is not valid ${format}:\n${message}\n--- text ---\n${text}`);
  }
}

function canonicalJson(text: string, path: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2) + '\n';
  } catch (error) {
    throw new Error(`internal error: generated ${path} is not valid JSON: ${(error as Error).message}`);
  }
}
