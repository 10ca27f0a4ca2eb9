/**
 * A spec file as every kind sees it: its text, its parsed data, and a way to turn a JSON
 * pointer into `line:col`. YAML and JSON are both read with the `yaml` package (JSON is YAML),
 * which keeps source ranges for every node; a text that parses cleanly has its data read faster
 * by js-yaml (yaml-fast-data.ts), and `yaml` reads it only when a position is asked for.
 */
import type { Document, LineCounter as LineCounterType, Node } from 'yaml';
import { packages } from './packages.js';
import type { Diagnostic, Severity } from './diagnostics.js';
import { maxNestingDepth, tooDeep } from './limits.js';
import { fastYamlData } from './yaml-fast-data.js';

const { LineCounter, parseDocument, isAlias, isMap, isSeq, isScalar, isPair, visit } = packages.yaml;

export interface SpecFile {
  /** Path relative to the project root, forward slashes (used in diagnostics and IR). */
  path: string;
  /** Absolute path on disk. */
  absolutePath: string;
  text: string;
  /** Parsed YAML/JSON data, or undefined when the text is not YAML/JSON (e.g. a `.env`). */
  data: unknown;
  /** Syntax errors found while parsing, as diagnostics (code SPEC001). */
  syntaxErrors: Diagnostic[];
  /** 1-based line and column of the node at a JSON pointer (the closest existing ancestor). */
  locate(pointer: string): { line: number; col: number };
  /** Builds a diagnostic pinned to a JSON pointer of this file. */
  diagnostic(severity: Severity, code: string, pointer: string, message: string, hint?: string): Diagnostic;
}

const structuredExtensions = /\.(ya?ml|json)$/i;

/** Reads a spec's text into a SpecFile; YAML/JSON files are parsed with positions. */
export function createSpecFile(path: string, absolutePath: string, text: string): SpecFile {
  const lineCounter = new LineCounter();
  let document: Document | undefined;
  const syntaxErrors: Diagnostic[] = [];
  let data: unknown;
  // Most specs parse cleanly and are never asked for a position: their data comes from the fast
  // reader (yaml-fast-data.ts), and `yaml` reads the positions on the first `locate`.
  const structured = structuredExtensions.test(path);
  const fast = structured ? fastYamlData(text, /\.json$/i.test(path)) : undefined;
  if (fast && tooDeep(fast.data) === undefined) {
    data = fast.data;
  } else if (structured) {
    document = parseDocument(text, yamlOptions(lineCounter));
    for (const error of document.errors) {
      const pos = lineCounter.linePos(error.pos[0]);
      const duplicate = error.code === 'DUPLICATE_KEY';
      // The error's range covers only the key's first character: read the whole key from there.
      const key = /^("(?:[^"\\]|\\.)*"|'[^']*'|[^:\n]+)/.exec(text.slice(error.pos[0]))?.[1]?.trim() ?? '';
      syntaxErrors.push({
        code: 'SPEC001',
        severity: 'error',
        message: duplicate
          ? `duplicate key ${key || '(empty)'}: a name may appear once in a mapping`
          : `${path.endsWith('.json') ? 'JSON' : 'YAML'} syntax: ${firstLine(error.message)}`,
        file: path,
        line: pos.line,
        col: pos.col,
        hint: duplicate ? 'rename or remove one of the two entries' : 'fix the syntax at this position; nothing was generated from this file',
      });
    }
    if (syntaxErrors.length === 0) syntaxErrors.push(...complexKeyErrors(document, lineCounter, path));
    if (syntaxErrors.length === 0) {
      try {
        data = document.toJS({ maxAliasCount: 100 });
        const deep = tooDeep(data);
        if (deep !== undefined) {
          data = undefined;
          const pos = lineCounter.linePos(offsetOfPointer(document, deep));
          syntaxErrors.push({
            code: 'SPEC004',
            severity: 'error',
            message: `maps and lists nested deeper than ${maxNestingDepth} levels`,
            file: path,
            line: pos.line,
            col: pos.col,
            hint: 'flatten this part of the spec, or move it to a $ref',
          });
        }
      } catch (error) {
        // yaml refuses to expand aliases past maxAliasCount (a "billion laughs" file would take
        // all memory): a finding about the file, at its first alias, not a crash.
        const pos = lineCounter.linePos(firstAliasOffset(document));
        syntaxErrors.push({
          code: 'SPEC001',
          severity: 'error',
          message: `YAML aliases: ${firstLine((error as Error).message)}`,
          file: path,
          line: pos.line,
          col: pos.col,
          hint: 'every *alias is copied where it is used; write the values out or use fewer, smaller anchors',
        });
      }
    }
  } else {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineCounter.addNewLine(i + 1);
    lineCounter.addNewLine(0);
  }

  const locate = (pointer: string): { line: number; col: number } => {
    if (fast && !document) document = parseDocument(text, yamlOptions(lineCounter));
    if (!document) return { line: 0, col: 0 };
    const offset = offsetOfPointer(document, pointer);
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, col: pos.col };
  };

  return {
    path,
    absolutePath,
    text,
    data,
    syntaxErrors,
    locate,
    diagnostic(severity, code, pointer, message, hint) {
      const { line, col } = locate(pointer);
      return { code, severity, message, file: path, line, col, pointer, ...(hint ? { hint } : {}) };
    },
  };
}

/**
 * logLevel 'error': yaml's own warnings (a map or list used as a key) would print outside the
 * diagnostic format; complexKeyErrors reports them as findings instead.
 */
function yamlOptions(lineCounter: LineCounterType) {
  return { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: 'error' } as const;
}

/** A map or list used as a mapping key: JSON has none, and as JS data it would become `[object Object]`. */
function complexKeyErrors(document: Document, lineCounter: LineCounterType, path: string): Diagnostic[] {
  // A walk of our own, in document order: yaml's visit() builds a path for every node, ~10 ms of
  // reading a 7,000-line document.
  const stack: unknown[] = [document.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isPair(node)) {
      if (node.key !== null && !isScalar(node.key) && !isAlias(node.key)) {
        const pos = lineCounter.linePos(rangeStart(node.key) ?? 0);
        return [{ code: 'SPEC001', severity: 'error', message: 'a map or list is used as a key', file: path, line: pos.line, col: pos.col, hint: 'keys must be plain names or numbers' }];
      }
      stack.push(node.value);
    } else if (isMap(node) || isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    }
  }
  return [];
}

/** Offset of the first `*alias` in a document (0 when it has none). */
function firstAliasOffset(document: Document): number {
  let offset = 0;
  visit(document, {
    Alias(_key, node) {
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

/** Splits a JSON pointer (`/a/b~1c`) into its unescaped segments. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .replace(/^#/, '')
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Joins segments into a JSON pointer, escaping `~` and `/`. */
export function toPointer(...segments: Array<string | number>): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/**
 * Offset of the node a pointer names. For a map entry we point at its key (that is where a
 * reader looks); when the path does not exist we stop at the deepest node that does.
 */
function offsetOfPointer(document: Document, pointer: string): number {
  let node: unknown = document.contents;
  let offset = rangeStart(node);
  for (const segment of pointerSegments(pointer)) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && keyText(item.key) === segment);
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else break;
  }
  return offset ?? 0;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | undefined)?.range;
  return range ? range[0] : undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}
