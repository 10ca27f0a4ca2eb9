/**
 * The pipeline: spec files → kinds (load + normalize into the IR) → targets (plan) → render →
 * header → format → sorted output files plus the manifest. No file-system writes here: the CLI
 * reads specs into SpecFiles and applies the result.
 */
import { posix } from 'node:path';
import { hasErrors, sortDiagnostics, type Diagnostic } from './core/diagnostics.js';
import { formatAll, formatForPath } from './core/format.js';
import { withHeader } from './core/header.js';
import { manifestFile, type OutputFile } from './core/changes.js';
import { renderTemplate } from './core/render.js';
import type { SpecFile } from './core/spec-file.js';
import type { ProjectIR } from './ir/types.js';
import { kinds } from './kinds/index.js';
import type { LoadContext, SpecKind } from './kinds/types.js';
import { targets } from './targets/index.js';
import type { PlanOptions, PlannedFile } from './targets/types.js';
import { compareText } from './core/order.js';

export interface BuildOptions extends PlanOptions {
  /** Files named on the command line must be a known kind; discovered ones may be skipped. */
  readonly explicitFiles: boolean;
  readonly onProgress?: (message: string) => void;
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
      diagnostics.push(...spec.syntaxErrors);
      continue;
    }
    const kind = kinds.find((candidate) => candidate.detect(spec));
    if (kind) byKind.get(kind)!.push(spec);
    else
      unknown.push({
        code: 'SPEC002',
        severity: options.explicitFiles ? 'error' : 'warning',
        message: 'not a spec sockgen knows; skipped',
        file: spec.path,
        line: 0,
        col: 0,
        hint: 'expected a socket.yml (or its JSON form), an AsyncAPI document, a connector (.env or AsyncAPI with x-connector) or a services.json',
      });
  }

  const sections: Partial<Record<keyof ProjectIR, unknown>> = {};
  for (const [kind, files] of byKind) {
    if (files.length > 0) progress(`loading ${files.length} ${kind.title} spec${files.length === 1 ? '' : 's'}`);
    const result = await kind.load(files, context);
    sections[kind.section] = result.ir;
    diagnostics.push(...result.diagnostics);
  }
  diagnostics.push(...unknown.filter((d) => !referencedByAnotherSpec(d.file, specs)));
  const sorted = sortDiagnostics(diagnostics);
  if (hasErrors(sorted)) return { diagnostics: sorted, files: [] };
  const ir = sections as unknown as ProjectIR;

  const planned: PlannedFile[] = [];
  for (const target of targets) planned.push(...(await target.plan(ir, options)));
  for (const file of planned) assertInsideProject(file.path);
  // A stub that exists belongs to the user: it is never rewritten, so it is not even rendered.
  const wanted = planned.filter((file) => file.ownership === 'generated' || !context.exists(file.path));
  progress(`rendering and formatting ${wanted.length} files`);
  const rendered = await renderAll(wanted);
  const files = dedupe(rendered);
  files.push(manifestFile(options.outDir, files));
  return { diagnostics: sorted, ir, files: files.sort((a, b) => compareText(a.path, b.path)) };
}

async function renderAll(planned: readonly PlannedFile[]): Promise<OutputFile[]> {
  const jobs = planned.map((file) => {
    const format = file.format ?? formatForPath(file.path);
    let text = file.text ?? (file.template ? renderTemplate(file.template, file.data ?? {}) : '');
    if (file.ownership === 'generated') text = withHeader(text, format, file.path, file.specs);
    return { text, format, path: file.path };
  });
  const formatted = await formatAll(jobs);
  return planned.map((file, i) => ({ path: file.path, contents: formatted[i]!, ownership: file.ownership }));
}

/**
 * A file another spec names by its relative path (a `$ref`ed schema file) is part of that spec,
 * not an unknown spec: no SPEC002 for it.
 */
function referencedByAnotherSpec(path: string, specs: readonly SpecFile[]): boolean {
  return specs.some((spec) => spec.path !== path && spec.text.includes(posix.relative(posix.dirname(spec.path), path)));
}

/**
 * Every planned path must stay inside the project: a spec name that reached a path unescaped
 * (`../../x`) is a generator bug, and must never become a write outside the project.
 */
function assertInsideProject(path: string): void {
  const normalized = posix.normalize(path);
  if (posix.isAbsolute(path) || normalized.startsWith('../') || normalized === '..' || normalized !== path)
    throw new Error(`internal error: a target planned the path ${JSON.stringify(path)}, which is not a plain path inside the project`);
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
