/**
 * Parsing with `@asyncapi/parser` (v3 API): 2.x and 3.x, `$ref`s resolved (files relative to
 * the spec, read through the LoadContext), and its diagnostics turned into ours. Only its
 * errors (severity 0) stop generation; its style rules (missing `id`, `tags`, `license`...)
 * are reported only under `--strict`.
 */
import type { Parser, Diagnostic as ParserDiagnostic } from '@asyncapi/parser';
import { relative } from 'node:path';
import type { Diagnostic } from '../../core/diagnostics.js';
import { toPointer, type SpecFile } from '../../core/spec-file.js';
import type { LoadContext } from '../types.js';

const parsers = new Map<boolean, Parser>();

/**
 * Core rules that only check documentation (examples and defaults against their schemas) or only
 * report at info level (a newer AsyncAPI version exists): nothing generated depends on them, so,
 * like the style rules, they run under `--strict` only.
 */
const strictOnlyCoreRules = [
  'asyncapi-latest-version',
  'asyncapi2-message-examples',
  'asyncapi2-message-examples-custom-format',
  'asyncapi2-schema-default',
  'asyncapi2-schema-examples',
];

/**
 * One Parser per strictness for the whole process (building a rule set costs ~100 ms). The
 * recommended (style) rules only run under `--strict`, where their findings are shown: on a
 * 200-channel document they cost several times what the validity rules do.
 */
async function sharedParser(strict: boolean): Promise<Parser> {
  let parser = parsers.get(strict);
  if (!parser) {
    // Loaded on first use: the parser costs ~0.5 s to import, and most runs have no AsyncAPI.
    const { Parser } = await import('@asyncapi/parser');
    parser = new Parser(
      strict ? {} : ({ ruleset: { recommended: false, rules: Object.fromEntries(strictOnlyCoreRules.map((rule) => [rule, 'off'])) } } as never),
    );
    parsers.set(strict, parser);
  }
  return parser;
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
    message: d.message,
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
  // Handing the parser the data SpecFile already parsed skips its own YAML pass with source
  // maps (a third of its time on large documents). It annotates what it gets: give it a copy.
  const result = await (await sharedParser(context.strict)).parse(structuredClone(file.data) as never, {
    source: file.absolutePath,
    // Schema parsers only convert other schema formats (Avro, RAML...), which sockgen refuses
    // (AAPI012); JSON Schema payloads are still checked by the parser's rules.
    parseSchemas: false,
    __unstable: {
      resolver: {
        resolvers: [
          {
            schema: 'file',
            read: (uri) => {
              const path = relative(context.root, uri.path()).replace(/\\/g, '/');
              // Undefined makes the parser report the missing file at the $ref.
              return context.exists(path) ? context.readText(path) : undefined;
            },
          },
        ],
      },
    },
  });
  const diagnostics: Diagnostic[] = bare.map((b) => b.diagnostic);
  for (const d of result.diagnostics) {
    const diagnostic = toDiagnostic(d, file, context);
    if (diagnostic.severity !== 'error' && !context.strict) continue;
    // The parser's own errors about a bare-string oneOf say less than AAPI002 does.
    if (diagnostic.severity === 'error' && bare.some((b) => diagnostic.pointer?.startsWith(b.pointer))) continue;
    diagnostics.push(diagnostic);
  }
  const hasError = diagnostics.some((d) => d.severity === 'error');
  return { json: hasError || !result.document ? undefined : (result.document.json() as Record<string, unknown>), diagnostics };
}
