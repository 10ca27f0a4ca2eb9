/**
 * Formatting in memory with pinned options, so output does not depend on a user's formatter
 * config, and the comparison with disk happens after formatting (the classic drift bug).
 * TypeScript goes through oxfmt (native, Prettier-compatible, about ten times faster than prettier
 * here; its exact version is pinned, as its output is part of every golden). It prints the code
 * prettier prints, byte for byte on nearly every file sockgen generates; a few long lines break
 * differently (test/core/format.test.ts compares the two on every example and golden). prettier
 * formats the rare HTML/Markdown/YAML outputs, and TypeScript where oxfmt's native binding does not
 * load (a platform it has no build for; a warning says the output may then differ in line breaks).
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
/** prettier, loaded on first use (a run that formats only TypeScript does not pay for it). */
function prettier(): Promise<typeof Prettier> {
  prettierModule ??= import('prettier');
  return prettierModule;
}

type Oxfmt = typeof import('oxfmt');
let oxfmtModule: Promise<Oxfmt | undefined> | undefined;
/** oxfmt, or undefined where its native binding is missing (then prettier formats TypeScript). */
function oxfmt(): Promise<Oxfmt | undefined> {
  oxfmtModule ??= import('oxfmt').catch((error: unknown) => {
    process.stderr.write(`sockgen: warning: oxfmt does not load here (${error instanceof Error ? error.message.split('\n', 1)[0] : String(error)}); TypeScript is formatted by prettier, whose line breaks differ from oxfmt's in a few places\n`);
    return undefined;
  });
  return oxfmtModule;
}

/** Formats text; a file that fails to format is an internal bug and throws with its path. */
export async function formatText(text: string, format: FileFormat, path: string): Promise<string> {
  if (format === 'none') return text.endsWith('\n') ? text : text + '\n';
  // JSON is data: two-space JSON.stringify is its canonical form, and costs nothing next to
  // a formatter on a large document (asyncapi.json of a 200-channel API is ~0.5 MB).
  if (format === 'json') return canonicalJson(text, path);
  // SOCKGEN_FORMATTER=prettier: the reference path the tests compare oxfmt's output with.
  const native = format === 'typescript' && process.env.SOCKGEN_FORMATTER !== 'prettier' ? await oxfmt() : undefined;
  if (!native) return formatWithPrettier(text, format, path);
  const result = await native.format(path.replace(/^.*\//, ''), text, prettierOptions as Parameters<Oxfmt['format']>[2]);
  if (result.errors.length > 0) throw notValid(path, format, result.errors.map((e) => e.codeframe ?? e.message).join('\n'), text);
  return result.code;
}

/** prettier with the pinned options: the reference oxfmt's output is compared with in the tests. */
export async function formatWithPrettier(text: string, format: Exclude<FileFormat, 'none' | 'json'>, path: string): Promise<string> {
  try {
    return await (await prettier()).format(text, { ...prettierOptions, parser: parsers[format], filepath: undefined });
  } catch (error) {
    throw notValid(path, format, error instanceof Error ? error.message : String(error), text);
  }
}

function notValid(path: string, format: FileFormat, message: string, text: string): Error {
  return new Error(`internal error: generated ${path} is not valid ${format}:\n${message}\n--- text ---\n${text}`);
}

/** JSON's canonical form in generated files: two-space JSON.stringify and a final newline. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

function canonicalJson(text: string, path: string): string {
  try {
    return jsonText(JSON.parse(text));
  } catch (error) {
    throw new Error(`internal error: generated ${path} is not valid JSON: ${(error as Error).message}`);
  }
}
