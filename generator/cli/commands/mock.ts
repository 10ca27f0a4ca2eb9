/**
 * `sockgen mock <spec> --port N [--interval ms]`: a Socket.IO mock server from an AsyncAPI
 * document alone (runtime/socketio/mock-server.ts). The document is parsed with
 * `@asyncapi/parser` (refs resolved); its errors print as `file:line:col error MOCK002 ...` and
 * exit 1; usage mistakes exit 2. Runs until SIGINT/SIGTERM, then exits 0.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { rememberCompiledBundles } from '../../core/bundle-loader.js';
import { packages } from '../../core/packages.js';
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from '../../core/diagnostics.js';
import type { FlagDefinition } from '../flags.js';
import { helpText, parseArgs, UsageError } from '../parse-args.js';
import { stopSignal } from './stop-signal.js';
import type { Command } from './types.js';

const mockFlags: readonly FlagDefinition[] = [
  { name: 'port', value: 'number', description: 'TCP port to listen on (0 picks a free one; default 4000)' },
  { name: 'host', value: 'address', description: 'interface to listen on (default 127.0.0.1)' },
  { name: 'interval', value: 'ms', description: 'milliseconds between two rounds of server emits (default 1000)' },
  { name: 'seed', value: 'number', description: 'seed of the fake data, for repeatable runs' },
  { name: 'strict', description: 'also show the parser’s style warnings' },
  { name: 'quiet', description: 'do not log connections and events' },
  { name: 'no-cache', description: 'read the document anew even when a cached read of it holds, and store none (node_modules/.cache/sockgen)' },
  { name: 'help', description: 'show this help' },
];

const usage = 'sockgen mock <asyncapi-file> [--port N] [--interval ms]';
const summary = [
  'Serves a Socket.IO mock of an AsyncAPI document: its path and namespaces, every client event',
  'accepted and validated (acks answered with fake valid data per x-ack), fake valid payloads',
  'emitted for every server event each interval, and the docs at <base>/docs.',
  'Exit codes: 0 stopped by a signal, 1 unreadable or invalid document, 2 usage error.',
].join('\n');

export const mockCommand: Command = {
  name: 'mock',
  summary: 'serve a Socket.IO mock of an AsyncAPI document (fake payloads and acks)',
  async run(argv) {
    const { flags, positionals } = parseArgs(argv, mockFlags);
    if (flags.help) {
      process.stdout.write(helpText(usage, summary, mockFlags) + '\n');
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(`mock needs exactly one AsyncAPI file (usage: ${usage})`);
    const port = integerFlag(flags.port, 'port', 4000, 0, 65535);
    const interval = integerFlag(flags.interval, 'interval', 1000, 1, 86_400_000);
    const seed = flags.seed === undefined ? undefined : integerFlag(flags.seed, 'seed', 0, 0, 2 ** 31 - 1);
    const host = typeof flags.host === 'string' ? flags.host : '127.0.0.1';

    // Read as generation reads it (mock-model.ts): the mock is the generated server's twin.
    const { loadMockModel, mockDocumentOf } = await import('./mock-model.js');
    if (!existsSync(positionals[0]!)) {
      const file = relative(process.cwd(), resolve(positionals[0]!)).replace(/\\/g, '/') || positionals[0]!;
      process.stderr.write(formatDiagnostic({ code: 'MOCK001', severity: 'error', message: 'cannot read the AsyncAPI document: no such file', file, line: 1, col: 1, hint: 'pass the path of an AsyncAPI YAML or JSON file' }) + '\n');
      return 1;
    }
    const model = await loadMockModel(positionals[0]!, flags.strict === true, flags['no-cache'] !== true);
    // Errors always (they are generation's own); warnings about generated code only with --strict.
    for (const diagnostic of sortDiagnostics(model.diagnostics.filter((d) => d.severity === 'error' || flags.strict === true))) process.stderr.write(formatDiagnostic(diagnostic) + '\n');
    if (!model.doc) {
      process.stderr.write('sockgen: the document has errors; no mock was started.\n');
      return 1;
    }

    // A plain WebSocket document (target ws) gets the ws mock, from the same IR (mock-ws.ts).
    if (model.doc.target?.target === 'ws') {
      const { runWsMock } = await import('./mock-ws.js');
      return runWsMock(model.doc, { port, host, interval, ...(seed === undefined ? {} : { seed }), ...(flags.quiet ? {} : { log: (line: string) => process.stderr.write(`mock: ${line}\n`) }) });
    }
    const { dereference } = await import('../../../runtime/socketio/dereference.js');
    const loaded = { document: dereference(model.doc.document) };

    // Loaded here, not at the top: `sockgen generate` must not pay for socket.io and the faker.
    const { startMockServer } = await import('../../../runtime/socketio/mock-server.js');
    const log = flags.quiet ? undefined : (line: string) => process.stderr.write(`mock: ${line}\n`);
    let server;
    try {
      server = await startMockServer({ document: loaded.document, model: mockDocumentOf(model.doc), port, host, interval, ...(seed === undefined ? {} : { seed }), ...(log ? { log } : {}) });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
        process.stderr.write(`sockgen: cannot listen on ${host}:${port} (${code}); choose another --port or --host\n`);
        return 1;
      }
      throw error;
    }
    if (server.namespaces.length === 0) process.stderr.write('sockgen: warning: the document has no channels, so the mock has no namespace to serve\n');
    const docsBase = server.path.slice(0, server.path.lastIndexOf('/'));
    process.stdout.write(
      `sockgen mock listening on ${server.url} path ${server.path} namespaces ${server.namespaces.join(' ') || '(none)'}\n` +
        `docs: ${server.url}${docsBase}/docs\n`,
    );
    await stopSignal();
    await server.close();
    return 0;
  },
};

function integerFlag(value: string | true | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(number) || number < min || number > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got ${String(value)}`);
  return number;
}

/** The resolved document as plain JSON (undefined when it has errors) and what to print. */
export interface LoadedAsyncApi {
  readonly document?: unknown;
  readonly diagnostics: Diagnostic[];
}

/** Parses and resolves an AsyncAPI file with `@asyncapi/parser`, turning its findings into diagnostics. */
export async function loadAsyncApi(path: string, strict: boolean): Promise<LoadedAsyncApi> {
  const absolute = resolve(path);
  const file = relative(process.cwd(), absolute).replace(/\\/g, '/') || path;
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    return { diagnostics: [{ code: 'MOCK001', severity: 'error', message: `cannot read the AsyncAPI document: ${reason}`, file, line: 0, col: 0, hint: 'pass the path of an AsyncAPI YAML or JSON file' }] };
  }
  const { Parser } = (await import('../../kinds/asyncapi/parser-modules.js')).parserModules();
  const parser = new Parser();
  const { document, diagnostics } = await parser.parse(text, { source: absolute, validateOptions: { allowedSeverity: { warning: true, info: true, hint: true } } });
  // As generate does (run-generate.ts): only a document the parser accepted keeps the compiled code.
  if (document) rememberCompiledBundles();
  const raw = safeYaml(text);
  const found: Diagnostic[] = diagnostics
    .filter((d) => d.severity === 0 || (strict && d.severity === 1))
    .map((d) => {
      const hint = bareRefHint(raw, d.path) ?? (d.severity === 0 ? undefined : 'style warning of the AsyncAPI rule set');
      return {
        code: 'MOCK002',
        severity: d.severity === 0 ? 'error' : 'warning',
        message: `${d.message} [${String(d.code)}]`,
        file,
        line: (d.range?.start.line ?? -1) + 1,
        col: (d.range?.start.character ?? -1) + 1,
        pointer: '/' + d.path.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/'),
        ...(hint ? { hint } : {}),
      } satisfies Diagnostic;
    });
  const hasError = found.some((d) => d.severity === 'error');
  if (hasError || !document) {
    if (!hasError) found.push({ code: 'MOCK002', severity: 'error', message: 'not an AsyncAPI document the parser accepts', file, line: 0, col: 0 });
    return { diagnostics: sortDiagnostics(found) };
  }
  return { document: document.json(), diagnostics: sortDiagnostics(found) };
}

function safeYaml(text: string): unknown {
  try {
    return packages.yaml.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Asynction's README writes a `oneOf` item as a bare string `'#/components/messages/X'`; the
 * parser only says "must be object". Name the fix.
 */
function bareRefHint(raw: unknown, path: ReadonlyArray<string | number>): string | undefined {
  let node: unknown = raw;
  for (const segment of path) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[String(segment)] : undefined;
  const items = Array.isArray(node) ? node : [node];
  const bare = items.find((item): item is string => typeof item === 'string' && item.startsWith('#/'));
  return bare ? `a reference is written \`$ref: '${bare}'\`, not as a bare string` : undefined;
}
