/**
 * Formatting in memory with pinned prettier options, so output does not depend on a user's
 * prettier config, and the comparison with disk happens after formatting (the classic drift bug).
 */
import * as prettier from 'prettier';
import type { FileFormat } from '../targets/types.js';

/** Pinned on purpose: changing any of these changes every generated file. */
export const prettierOptions: prettier.Options = {
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

const parsers: Record<Exclude<FileFormat, 'none'>, string> = {
  typescript: 'typescript',
  json: 'json',
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

/** Formats text; a file that fails to format is an internal bug and throws with its path. */
export async function formatText(text: string, format: FileFormat, path: string): Promise<string> {
  if (format === 'none') return text.endsWith('\n') ? text : text + '\n';
  try {
    return await prettier.format(text, { ...prettierOptions, parser: parsers[format], filepath: undefined });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`internal error: generated ${path} is not valid ${format}:\n${message}\n--- text ---\n${text}`);
  }
}
