/**
 * The pipeline: spec files → kinds (load + normalize into the IR) → targets (plan) → render →
 * header → format → sorted output files plus the manifest. No file-system writes here: the CLI
 * reads specs into SpecFiles and applies the result.
 */
import { posix } from 'node:path';
import { escapeForMessage, hasErrors, sortDiagnostics, type Diagnostic } from './core/diagnostics.js';
import { manifestFile, type OutputFile } from './core/changes.js';
import { RenderStream } from './core/render-stream.js';
import type { SpecFile } from './core/spec-file.js';
import type { ProjectIR } from './ir/types.js';
import { kinds } from './kinds/index.js';
import type { KindResult, LoadContext, SpecKind } from './kinds/types.js';
import { targets } from './targets/index.js';
import type { PlanOptions } from './targets/types.js';
import { compareText } from './core/order.js';
import { checkNameLengths, maxPathSegmentBytes, overlongSegment } from './core/limits.js';

export interface BuildOptions extends PlanOptions {
  /**
   * Files named on the command line must be a known kind; discovered ones may be skipped. `true`
   * makes every file explicit; a set names the explicit ones (a run that names some specs).
   */
  readonly explicitFiles: boolean | ReadonlySet<string>;
  readonly onProgress?: (message: string) => void;
  /**
   * Loads one kind's files through a cache (core/cache.ts): `load` runs the kind with the context
   * it is given, which the cache wraps to record what the kind reads. Absent: every kind is loaded.
   */
  readonly loadThroughCache?: (section: string, files: readonly SpecFile[], load: (context: LoadContext) => ReturnType<SpecKind['load']>) => ReturnType<SpecKind['load']>;
}

export interface BuildResult {
  readonly diagnostics: Diagnostic[];
  /** Undefined when loading stopped on an error. */
  readonly ir?: ProjectIR;
  /** Empty when any diagnostic is an error. */
  readonly files: OutputFile[];
}

/** Runs the whole pipeline over already-read spec files. */
export async function buildProject(specs: readonly SpecFile[], context: LoadContext, options: BuildOptions): Promise<BuildResult> {
  const progress = options.onProgress ?? (() => {});
  const diagnostics: Diagnostic[] = [];
  const byKind = new Map<SpecKind, SpecFile[]>(kinds.map((kind) => [kind, []]));
  const unknown: Diagnostic[] = [];

  for (const spec of specs) {
    if (spec.syntaxErrors.length > 0) {
      for (const d of spec.syntaxErrors) diagnostics.push(d);
      continue;
    }
    const kind = kinds.find((candidate) => candidate.detect(spec));
    if (kind) byKind.get(kind)!.push(spec);
    else
      unknown.push({
        code: 'SPEC002',
        severity: isExplicit(options.explicitFiles, spec.path) ? 'error' : 'warning',
        message: 'not a spec sockgen knows; skipped',
        file: spec.path,
        line: 0,
        col: 0,
        hint: 'expected a socket.yml (or its JSON form), an AsyncAPI document, a connector (.env or AsyncAPI with x-connector) or a services.json',
      });
  }

  const sections: Partial<Record<keyof ProjectIR, unknown>> = {};
  // Kinds load side by side: what one waits for (the Python interpreter checking scripts, the
  // AsyncAPI parser's asynchronous rules) is time the others use. Each starts once the one before
  // has its IR (or has failed), not at once: a kind's IR starts work in the background (the
  // socket.yml kind's asks the handler type checker, a process beside this one that needs ~0.4 s), which
  // then starts before the later kinds' loads, not after them. Results are taken in kind order.
  let previousAnnounced: Promise<void> = Promise.resolve();
  const loads = [...byKind].map(async ([kind, files]) => {
    let markAnnounced!: () => void;
    const before = previousAnnounced;
    previousAnnounced = new Promise<void>((resolve) => (markAnnounced = resolve));
    await before;
    if (files.length > 0) progress(`loading ${files.length} ${kind.title} spec${files.length === 1 ? '' : 's'}`);
    let announced = false;
    const announce = (result: KindResult<keyof ProjectIR>) => {
      announced = true;
      if (files.length > 0 && !hasErrors(result.diagnostics)) for (const target of targets) target.loaded?.(kind.section, { [kind.section]: result.ir }, { ...options, project: context });
      markAnnounced();
    };
    // The kind's checks run after the hooks (and inside the cache, which records what they read).
    const load = async (through: LoadContext) => {
      const loaded = await loadBounded(kind, files, through);
      announce(loaded);
      if (!kind.check || files.length === 0) return loaded;
      return { ir: loaded.ir, diagnostics: [...loaded.diagnostics, ...(await kind.check(loaded.ir as never, files, through))] };
    };
    try {
      const result = await (options.loadThroughCache && files.length > 0 ? options.loadThroughCache(kind.section, files, load) : load(context));
      if (!announced) announce(result);
      return result;
    } finally {
      markAnnounced(); // a kind that threw lets the next one start (its error still ends the run)
    }
  });
  const loaded = await Promise.all(loads);
  [...byKind.keys()].forEach((kind, i) => {
    const result = loaded[i]!;
    sections[kind.section] = result.ir;
    // A loop, not push(...list): a spec with 200,000 findings would overflow the call stack.
    for (const d of result.diagnostics) diagnostics.push(d);
  });
  for (const d of unknown) if (!referencedByAnotherSpec(d.file, specs)) diagnostics.push(d);
  const byPath = new Map(specs.map((spec) => [spec.path, spec]));
  const locate = (source: { file: string; pointer: string }, message: string, hint: string): Diagnostic =>
    byPath.get(source.file)?.diagnostic('error', 'SPEC005', source.pointer, message, hint) ??
    { code: 'SPEC005', severity: 'error', message, file: source.file, line: 0, col: 0, hint };
  for (const d of checkNameLengths(sections, locate)) diagnostics.push(d);
  if (hasErrors(diagnostics)) return { diagnostics: capPerFile(sortDiagnostics(diagnostics)), files: [] };
  const ir = sections as unknown as ProjectIR;

  // Targets plan side by side, and each file is rendered and formatted as soon as its target
  // hands it over (core/render-stream.ts). A stub that exists belongs to the user: it is never
  // rewritten, so it is not even rendered.
  const planOptions = { ...options, project: context };
  const stream = new RenderStream();
  await Promise.all(
    targets.map(async (target) => {
      for (const file of await target.plan(ir, planOptions)) {
        assertInsideOutput(file.path, options);
        const segment = overlongSegment(file.path);
        if (segment !== undefined)
          diagnostics.push(locate({ file: file.specs[0] ?? '', pointer: '' }, `a generated file name would be ${Buffer.byteLength(segment)} bytes long (${escapeForMessage(segment)}); file systems allow ${maxPathSegmentBytes}`, 'shorten the names in this spec'));
        else if (file.ownership === 'generated' || !context.exists(file.path)) stream.add(file);
      }
    }),
  );
  const sorted = capPerFile(sortDiagnostics(diagnostics));
  if (hasErrors(sorted)) return { diagnostics: sorted, files: [] };
  progress(`rendering and formatting ${stream.size} files`);
  const files = dedupe(await stream.finish());
  files.push(manifestFile(options.outDir, files));
  return { diagnostics: sorted, ir, files: files.sort((a, b) => compareText(a.path, b.path)) };
}

/**
 * A kind's load, with a net under it for specs whose data no walk can finish: a value that
 * refers to itself (`$ref: '#'` where a plain value belongs) or nests past the stack. Those throw
 * RangeError or "circular structure" deep inside a kind; the specs that do are found by loading
 * each alone and get SPEC007 at their first line, and the others load as usual. Any other throw is
 * a real bug of sockgen and stays one (exit 70).
 */
async function loadBounded(kind: SpecKind, files: SpecFile[], context: LoadContext): ReturnType<SpecKind['load']> {
  try {
    return await kind.load(files, context);
  } catch (error) {
    if (!isUnboundedData(error)) throw error;
    const failing: SpecFile[] = [];
    for (const file of files) await kind.load([file], context).catch((e: unknown) => (isUnboundedData(e) ? failing.push(file) : undefined));
    const rest = files.filter((file) => !failing.includes(file));
    const result = failing.length === files.length || failing.length === 0 ? await kind.load([], context) : await loadBounded(kind, rest, context);
    const refused = (failing.length > 0 ? failing : files).map(
      (file): Diagnostic => ({
        code: 'SPEC007',
        severity: 'error',
        message: `this spec nests too deeply or refers to itself where a plain value belongs (${escapeForMessage(firstLineOf(error), 60)})`,
        file: file.path,
        line: 1,
        col: 1,
        hint: 'look for a $ref that points at one of its own parents, e.g. `$ref: "#"`',
      }),
    );
    return { ir: result.ir, diagnostics: [...result.diagnostics, ...refused] };
  }
}

function isUnboundedData(error: unknown): boolean {
  return error instanceof RangeError || (error instanceof TypeError && /circular structure/i.test(error.message));
}

function firstLineOf(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n', 1)[0]!;
}

function isExplicit(explicit: boolean | ReadonlySet<string>, path: string): boolean {
  return typeof explicit === 'boolean' ? explicit : explicit.has(path);
}

/**
 * A file another spec names by its relative path (a `$ref`ed schema file) is part of that spec,
 * not an unknown spec: no SPEC002 for it.
 */
function referencedByAnotherSpec(path: string, specs: readonly SpecFile[]): boolean {
  return specs.some((spec) => spec.path !== path && spec.text.includes(posix.relative(posix.dirname(spec.path), path)));
}

/**
 * Every planned path must stay inside the output or the handlers folder (which may themselves be
 * anywhere, e.g. `--out ../elsewhere`): a spec name that reached a path unescaped (`../../x`) is a
 * generator bug, and must never become a write anywhere else.
 */
function assertInsideOutput(path: string, options: PlanOptions): void {
  const normalized = posix.normalize(path);
  const inside = (folder: string) => {
    const base = posix.normalize(folder);
    if (base === '.') return normalized !== '..' && !normalized.startsWith('../');
    return normalized.startsWith(`${base}/`);
  };
  if (posix.isAbsolute(path) || normalized !== path || !(inside(options.outDir) || inside(options.handlersDir)))
    throw new Error(`internal error: a target planned the path ${JSON.stringify(path)}, which is not inside the output folder ${options.outDir} or the handlers folder ${options.handlersDir}`);
}

/** At most this many findings per file are shown: past them, one line says how many more. */
const maxDiagnosticsPerFile = 100;

function capPerFile(sorted: readonly Diagnostic[]): Diagnostic[] {
  const kept: Diagnostic[] = [];
  const hidden = new Map<string, { first: Diagnostic; count: number }>();
  let previousFile = '';
  let countInFile = 0;
  for (const d of sorted) {
    countInFile = d.file === previousFile ? countInFile + 1 : 1;
    previousFile = d.file;
    if (countInFile <= maxDiagnosticsPerFile) kept.push(d);
    else {
      const entry = hidden.get(d.file);
      if (entry) entry.count++;
      else hidden.set(d.file, { first: d, count: 1 });
    }
  }
  for (const [file, { first, count }] of hidden)
    kept.push({ code: 'SPEC006', severity: first.severity === 'error' || sorted.some((d) => d.file === file && d.severity === 'error') ? 'error' : 'warning', message: `${count} more findings in this file are not shown`, file, line: first.line, col: first.col, hint: 'fix the ones above and run again' });
  return sortDiagnostics(kept);
}

/** Two targets planning the same path is a generator bug; say which path. */
function dedupe(files: OutputFile[]): OutputFile[] {
  const seen = new Map<string, OutputFile>();
  for (const file of files) {
    const previous = seen.get(file.path);
    if (previous && previous.contents !== file.contents) throw new Error(`internal error: two targets planned ${file.path}`);
    seen.set(file.path, file);
  }
  return [...seen.values()];
}
