/**
 * Generates one AsyncAPI document into a scratch folder inside the repository
 * (test/asyncapi/tmp-<name>/, git-ignored) so the generated TypeScript can be imported by the
 * test and resolves `sockgen/runtime/*` like a user's project does.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Project, type Diagnostic } from 'ts-morph';
import { formatDiagnostic } from '../../generator/core/diagnostics.js';
import { createSpecFile } from '../../generator/core/spec-file.js';
import type { LoadContext } from '../../generator/kinds/types.js';
import { buildProject } from '../../generator/pipeline.js';

/** What generating gave: the folder, the diagnostics as lines, and the generated document folder. */
export interface Generated {
  readonly root: string;
  readonly folder: string;
  readonly lines: string[];
  readonly files: ReadonlyMap<string, string>;
  remove(): void;
}

/** Generates `spec` (YAML text) as specs/<name>.yml and writes the output under tmp-<name>/. */
export async function generateInto(name: string, spec: string, extra: Partial<LoadContext> = {}): Promise<Generated> {
  const root = join(import.meta.dirname, `tmp-${name}`);
  rmSync(root, { recursive: true, force: true });
  const path = `specs/${name}.yml`;
  mkdirSync(join(root, 'specs'), { recursive: true });
  writeFileSync(join(root, path), spec);
  const context: LoadContext = {
    root,
    strict: false,
    exists: (p) => existsSync(join(root, p)),
    readText: (p) => readFileSync(join(root, p), 'utf8'),
    ...extra,
  };
  const result = await buildProject([createSpecFile(path, join(root, path), spec)], context, { outDir: 'generated', handlersDir: 'handlers', explicitFiles: true });
  const files = new Map<string, string>();
  for (const file of result.files) {
    files.set(file.path, file.contents);
    mkdirSync(dirname(join(root, file.path)), { recursive: true });
    writeFileSync(join(root, file.path), file.contents);
  }
  return {
    root,
    folder: join(root, 'generated/asyncapi', name),
    lines: result.diagnostics.map(formatDiagnostic),
    files,
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Compiles snippets next to generated code, in memory (ts-morph, the repository's tsconfig). */
export interface TypeProbes {
  /** Errors of the generated files themselves (expected: none). */
  readonly own: string[];
  /** Errors of `body` compiled in the document's folder after `header` (its imports). */
  probe(name: string, body: string): string[];
}

/** Loads a generated document into a ts-morph project for type probes. */
export function typeProbes(generated: Generated, header: string): TypeProbes {
  const project = new Project({ tsConfigFilePath: join(import.meta.dirname, '../../tsconfig.json'), skipAddingFilesFromTsConfig: true });
  for (const path of generated.files.keys()) if (/\.(ts|json)$/.test(path)) project.addSourceFileAtPath(join(generated.root, path));
  const text = (d: Diagnostic) => {
    const message = d.getMessageText();
    return typeof message === 'string' ? message : message.getMessageText();
  };
  const own = project
    .getSourceFiles()
    .filter((f) => f.getFilePath().startsWith(join(generated.root, 'generated')))
    .flatMap((f) => f.getPreEmitDiagnostics())
    .map(text);
  return {
    own,
    probe: (name, body) =>
      project
        .createSourceFile(join(generated.folder, `probe-${name}.ts`), `${header}\n${body}\n`, { overwrite: true })
        .getPreEmitDiagnostics()
        .map(text),
  };
}
