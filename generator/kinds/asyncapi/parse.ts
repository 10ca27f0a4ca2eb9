/**
 * Parsing with `@asyncapi/parser` (v3 API): 2.x and 3.x, `$ref`s resolved (files relative to
 * the spec, read through the LoadContext), and its diagnostics turned into ours. Only its
 * errors (severity 0) stop generation; its style rules (missing `id`, `tags`, `license`...)
 * are reported only under `--strict`.
 */
import type { Parser, Diagnostic as ParserDiagnostic } from '@asyncapi/parser';
import { isAbsolute, join, relative } from 'node:path';
import type { Diagnostic } from '../../core/diagnostics.js';
import { createSpecFile, toPointer, type SpecFile } from '../../core/spec-file.js';
import { checkReferences } from '../../core/references.js';
import type { LoadContext } from '../types.js';

/**
 * Core rules that only check documentation (examples and defaults against their schemas) or only
 * report at info level (a newer AsyncAPI version exists): nothing generated depends on them, so,
 * like the style rules, they run under `--strict` only, where their findings are warnings.
 */
const strictOnlyCoreRules = [
  'asyncapi-latest-version',
  'asyncapi2-message-examples',
  'asyncapi2-message-examples-custom-format',
  'asyncapi2-schema-default',
  'asyncapi2-schema-examples',
];
/** Rules whose findings are documentation mismatches: warnings even under `--strict`. */
const documentationRules = new Set(strictOnlyCoreRules);

const parsers = new WeakMap<LoadContext, Promise<Parser>>();

/**
 * The one Parser of a run (building its rule set costs ~100 ms), shared by every document of the
 * run and by `sockgen mock`. The resolver is given to the constructor: @asyncapi/parser 3.6.6
 * builds a fresh Spectral with its *default* rule set for every `parse()` that passes its own
 * resolver, which ran the style rules (and built them) once per document.
 */
export function sharedParser(context: LoadContext): Promise<Parser> {
  let parser = parsers.get(context);
  if (!parser) {
    parser = createParser(context);
    parsers.set(context, parser);
  }
  return parser;
}

async function createParser(context: LoadContext): Promise<Parser> {
  // Loaded on first use: the parser costs ~0.5 s to import, and most runs have no AsyncAPI.
  const [{ parserModules }, { structureRules }] = await Promise.all([import('./parser-modules.js'), import('./structure/rule.js')]);
  const { Parser } = parserModules();
  // Strict: every rule, documentation mismatches downgraded to warnings (as errors they would
  // make the parser withhold the document). Default: the style and documentation rules are off.
  const severities = context.strict
    ? { rules: Object.fromEntries(strictOnlyCoreRules.map((rule) => [rule, rule === 'asyncapi-latest-version' ? 'info' : 'warn'])) }
    : { recommended: false, rules: Object.fromEntries(strictOnlyCoreRules.map((rule) => [rule, 'off'])) };
  // The document-structure rules keep their definition; only their function is ours, which
  // validates with validators compiled once (or by the build) instead of twice per document.
  const ruleset = { ...severities, rules: { ...severities.rules, ...structureRules() } };
  // checkReferences refused every reference outside the project (or remote) before the parser
  // runs; these resolvers are the backstop. A resolver cannot veto the parser's default ones (it
  // tries the next on a throw), so a refused reference reads as an empty document.
  const refused = '{}';
  const inside = (path: string) => {
    const rel = relative(context.root, path);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel.replace(/\\/g, '/') : undefined;
  };
  const remote = { order: 1, read: () => (context.allowRemoteRefs ? undefined : refused) };
  return new Parser({
    ruleset: ruleset as never,
    __unstable: {
      resolver: {
        resolvers: [
          {
            schema: 'file',
            order: 1,
            read: (uri: { path(): string }) => {
              const path = inside(uri.path());
              if (path === undefined) return refused;
              // Undefined makes the parser report the missing file at the $ref.
              return readIfFile(context, path);
            },
          },
          { schema: 'http', ...remote },
          { schema: 'https', ...remote },
        ],
      },
    },
  } as never);
}

/** What parsing one file gives: the resolved document JSON (undefined on errors) and diagnostics. */
export interface ParsedDocument {
  readonly json: Record<string, unknown> | undefined;
  readonly diagnostics: Diagnostic[];
}

const severities = ['error', 'warning', 'info', 'info'] as const;

/**
 * Finds bare-string `$ref`s in `oneOf` lists (`- '#/components/messages/X'`, as in Asynction's
 * README): the parser only says "must be object", so we say what was meant.
 */
function bareReferences(file: SpecFile): { diagnostic: Diagnostic; pointer: string }[] {
  const found: { diagnostic: Diagnostic; pointer: string }[] = [];
  const walk = (node: unknown, path: string[]) => {
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, [...path, String(i)]));
    else if (node && typeof node === 'object')
      for (const [key, value] of Object.entries(node)) {
        if (key === 'oneOf' && Array.isArray(value))
          value.forEach((item, i) => {
            if (typeof item === 'string' && /^[^#]*#\//.test(item)) {
              const pointer = toPointer(...path, key, i);
              found.push({
                pointer: toPointer(...path),
                diagnostic: file.diagnostic(
                  'error',
                  'AAPI002',
                  pointer,
                  `oneOf item is the bare string '${item}', not a reference`,
                  `write it as a Reference Object: - $ref: '${item}'`,
                ),
              });
            }
          });
        walk(value, [...path, key]);
      }
  };
  walk(file.data, []);
  return found;
}

/** The first line of an error or message, for a one-line diagnostic. */
function firstLine(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const line = text.split(/\r?\n/, 1)[0]!.trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function projectPath(context: LoadContext, file: SpecFile, source: string | undefined): string {
  if (!source || source === file.absolutePath) return file.path;
  return relative(context.root, source).replace(/\\/g, '/');
}

function toDiagnostic(d: ParserDiagnostic, file: SpecFile, context: LoadContext): Diagnostic {
  const severity = severities[d.severity] ?? 'info';
  const where = projectPath(context, file, d.source);
  const pointer = toPointer(...d.path.map(String));
  // The parser reads our already-parsed data, so positions in the spec come from its path;
  // for a `$ref`ed file it read itself, its range is right (0-based; ours are 1-based).
  const position = where === file.path ? file.locate(pointer) : { line: d.range.start.line + 1, col: d.range.start.character + 1 };
  return {
    code: severity === 'error' ? 'AAPI001' : 'AAPI003',
    severity,
    // The parser puts a whole JS stack into its `uncaught-error` message: keep the first line.
    message: d.code === 'uncaught-error' ? firstLine(d.message.replace(/, stack: [\s\S]*$/, '')) : d.message,
    file: where,
    line: position.line,
    col: position.col,
    pointer,
    hint: `AsyncAPI rule ${d.code}${d.path.length ? ` at ${pointer}` : ''}`,
  };
}

/** Parses one AsyncAPI file. */
export async function parseAsyncApi(file: SpecFile, context: LoadContext): Promise<ParsedDocument> {
  const bare = bareReferences(file);
  const refused = checkReferences(file, {
    root: context.root,
    allowRemote: context.allowRemoteRefs === true,
    open: (path) => {
      const text = readIfFile(context, path);
      return text === undefined ? undefined : createSpecFile(path, join(context.root, path), text);
    },
  });
  if (refused.length > 0)
    return {
      json: undefined,
      diagnostics: refused.map((f) => f.file.diagnostic('error', f.kind === 'outside' || f.kind === 'remote' ? 'AAPI017' : 'AAPI018', f.pointer, f.message, f.hint)),
    };
  // Handing the parser the data SpecFile already parsed skips its own YAML pass with source
  // maps (a third of its time on large documents). It annotates what it gets: give it a copy.
  const parser = await sharedParser(context);
  let result: Awaited<ReturnType<Parser['parse']>>;
  try {
    // Schema parsers only convert other schema formats (Avro, RAML...), which sockgen refuses
    // (AAPI012); JSON Schema payloads are still checked by the parser's rules.
    result = await parser.parse(structuredClone(file.data) as never, { source: file.absolutePath, parseSchemas: false });
  } catch (error) {
    return { json: undefined, diagnostics: [file.diagnostic('error', 'AAPI001', '', `the AsyncAPI parser failed: ${firstLine(error)}`, 'a defect of the parser on this document; simplify the part it stumbles on')] };
  }
  const diagnostics: Diagnostic[] = bare.map((b) => b.diagnostic);
  for (const d of result.diagnostics) {
    const diagnostic = toDiagnostic(d, file, context);
    if (diagnostic.severity !== 'error' && !context.strict) continue;
    if (diagnostic.severity === 'error' && typeof d.code === 'string' && documentationRules.has(d.code)) {
      if (!context.strict) continue;
      diagnostics.push({ ...diagnostic, code: 'AAPI003', severity: 'warning' });
      continue;
    }
    // The parser's own errors about a bare-string oneOf say less than AAPI002 does.
    if (diagnostic.severity === 'error' && bare.some((b) => diagnostic.pointer?.startsWith(b.pointer))) continue;
    diagnostics.push(diagnostic);
  }
  const hasError = diagnostics.some((d) => d.severity === 'error');
  return { json: hasError || !result.document ? undefined : (result.document.json() as Record<string, unknown>), diagnostics };
}

/**
 * The text of a project file a `$ref` names, or undefined when there is none to read (missing,
 * a folder such as `$ref: "\\"` or `"."`, unreadable): the $ref is then reported as unresolved.
 */
function readIfFile(context: LoadContext, path: string): string | undefined {
  if (!context.exists(path)) return undefined;
  try {
    return context.readText(path);
  } catch {
    return undefined;
  }
}
