/**
 * The project boundary for references: every `$ref` of a spec and of the project files it
 * references is checked before any resolver or parser follows it (issue 8). Shared by every kind
 * that resolves references.
 */
import { realPathInside } from './project-files.js';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { escapeForMessage } from './diagnostics.js';
import type { SpecFile } from './spec-file.js';

/** Lists nested in lists deeper than this make @asyncapi/parser's rules exponential (issue 8). */
export const maxListNesting = 16;

/** A `$ref` (or a nesting) refused before any library sees the document. */
export interface ReferenceFinding {
  /** The file it is in: the spec itself, or a file it references inside the project. */
  readonly file: SpecFile;
  /** Pointer of the `$ref` value (or of the too deeply nested list). */
  readonly pointer: string;
  readonly kind: 'outside' | 'remote' | 'cycle' | 'nesting';
  readonly message: string;
  readonly hint: string;
}

/** How references may be followed. */
export interface ReferenceRules {
  /** Absolute project root: file references must stay inside it. */
  readonly root: string;
  /** `http(s)` references allowed (config `allowRemoteRefs`). */
  readonly allowRemote: boolean;
  /** Opens a referenced project file (project-relative path), or undefined when missing. */
  readonly open?: (path: string) => SpecFile | undefined;
}

const schemePattern = /^([a-z][a-z0-9+.-]*):/i;

/**
 * Checks every `$ref` of a document and of the project files it references, before a resolver
 * follows any: file references must stay inside the project root, remote ones need
 * `allowRemoteRefs`, chains of references that only lead to references (`A → B → A`) are
 * cycles, and lists nested in lists are bounded. Linear in the size of the files it reads.
 */
export function checkReferences(spec: SpecFile, rules: ReferenceRules): ReferenceFinding[] {
  const findings: ReferenceFinding[] = [];
  const files = new Map<string, SpecFile>([[spec.absolutePath, spec]]);
  const queue: SpecFile[] = [spec];
  /** Pure-reference edges: (file, pointer of an object holding `$ref`) → its target. */
  const edges = new Map<string, { file: SpecFile; pointer: string; target: { absolutePath: string; pointer: string } | undefined }>();
  const keyOf = (absolutePath: string, pointer: string) => `${absolutePath}#${pointer}`;
  while (queue.length > 0) {
    const file = queue.shift()!;
    const stack: Array<{ node: unknown; pointer: string; lists: number }> = [{ node: file.data, pointer: '', lists: 0 }];
    while (stack.length > 0) {
      const { node, pointer, lists } = stack.pop()!;
      if (typeof node !== 'object' || node === null) continue;
      if (Array.isArray(node)) {
        if (lists >= maxListNesting) {
          findings.push({ file, pointer, kind: 'nesting', message: `lists nested more than ${maxListNesting} deep`, hint: 'no AsyncAPI or JSON Schema construct nests lists this deep' });
          continue;
        }
        node.forEach((item, i) => stack.push({ node: item, pointer: `${pointer}/${i}`, lists: lists + 1 }));
        continue;
      }
      const record = node as Record<string, unknown>;
      if (typeof record.$ref === 'string') {
        const target = referenceTarget(record.$ref, file, rules, `${pointer}/$ref`, findings);
        edges.set(keyOf(file.absolutePath, pointer), { file, pointer: `${pointer}/$ref`, target });
        if (target && target.absolutePath !== file.absolutePath && !files.has(target.absolutePath)) {
          const opened = rules.open?.(relative(rules.root, target.absolutePath).replace(/\\/g, '/'));
          if (opened) {
            files.set(target.absolutePath, opened);
            queue.push(opened);
          }
        }
      }
      for (const [key, value] of Object.entries(record))
        if (typeof value === 'object' && value !== null) stack.push({ node: value, pointer: `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, lists: 0 });
    }
  }
  // Cycles of references to references: follow each chain once, remembering finished ones.
  const done = new Set<string>();
  for (const start of edges.keys()) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let key: string | undefined = start;
    while (key !== undefined && edges.has(key) && !done.has(key)) {
      if (onPath.has(key)) {
        const edge = edges.get(key)!;
        const loop = path.slice(path.indexOf(key)).map((k) => k.slice(k.indexOf('#') + 1) || '/');
        findings.push({
          file: edge.file,
          pointer: edge.pointer,
          kind: 'cycle',
          message: `\`$ref\` loop: ${loop.join(' → ')} → ${loop[0]} only refer to each other`,
          hint: 'one of them must be a schema, not another reference',
        });
        break;
      }
      onPath.add(key);
      path.push(key);
      const target: { absolutePath: string; pointer: string } | undefined = edges.get(key)!.target;
      key = target ? keyOf(target.absolutePath, target.pointer) : undefined;
    }
    for (const k of path) done.add(k);
  }
  return findings;
}

/**
 * A reference as resolvers read it: URI.js (Stoplight's resolver, under @asyncapi/parser), like a
 * WHATWG URL parser, drops leading spaces and control characters and every tab and newline before
 * it reads one. Checked as written, `#/a/Fuzz<TAB>Loop` was no loop here, but one to the
 * resolver, where Spectral then followed it forever; `<TAB>../x.yml` looked like a folder inside
 * the project.
 */
function asResolversReadIt(ref: string): string {
  return ref.replace(/^[\x00-\x20\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/, '').replace(/[\t\n\r]+/g, '');
}

/** Where a `$ref` leads (absolute file and pointer), or undefined when it is refused or remote. */
function referenceTarget(written: string, file: SpecFile, rules: ReferenceRules, pointer: string, findings: ReferenceFinding[]): { absolutePath: string; pointer: string } | undefined {
  const ref = asResolversReadIt(written);
  const hash = ref.indexOf('#');
  const location = hash >= 0 ? ref.slice(0, hash) : ref;
  const fragment = hash >= 0 ? safeDecode(ref.slice(hash + 1)) : '';
  if (location === '') return { absolutePath: file.absolutePath, pointer: fragment };
  const scheme = schemePattern.exec(location)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') {
    if (!rules.allowRemote)
      findings.push({ file, pointer, kind: 'remote', message: `remote reference ${escapeForMessage(written)} is not followed`, hint: 'copy the document into the project, or set "allowRemoteRefs": true in sockgen.config.json' });
    return undefined;
  }
  // A one-letter scheme is a Windows drive (`C:`).
  if (scheme !== undefined && scheme !== 'file' && scheme.length > 1) {
    findings.push({ file, pointer, kind: 'remote', message: `reference ${escapeForMessage(written)} uses the unsupported scheme ${scheme}:`, hint: 'reference a file inside the project' });
    return undefined;
  }
  let path = location;
  if (scheme === 'file') path = safeDecode(location.replace(/^file:(\/\/)?/i, ''));
  const absolutePath = resolve(dirname(file.absolutePath), path);
  const inside = relative(rules.root, absolutePath);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    findings.push({ file, pointer, kind: 'outside', message: `reference ${escapeForMessage(written)} leads outside the project`, hint: 'sockgen reads only files inside the project root; copy what you need into it' });
    return undefined;
  }
  // A link inside the project may point anywhere: its real path must stay inside too.
  if (!realPathInside(rules.root, absolutePath)) {
    findings.push({ file, pointer, kind: 'outside', message: `reference ${escapeForMessage(written)} is a link leading outside the project`, hint: 'sockgen reads only files inside the project root; copy what you need into it' });
    return undefined;
  }
  return { absolutePath, pointer: fragment };
}

/** `%xx` decoded, or the text as is when it is not valid percent-encoding. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
