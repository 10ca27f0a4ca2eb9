/**
 * What an output target provides: a plan (paths, names, data for templates) from the IR.
 * Targets never import kinds. Rendering, formatting and writing are done by core.
 */
import type { ProjectIR } from '../ir/types.js';

export interface PlanOptions {
  /** Project-relative folder of generated files (`generated`). */
  readonly outDir: string;
  /** Project-relative folder of user-owned handler stubs (`handlers`). */
  readonly handlersDir: string;
  /**
   * The project's files as the kinds see them (the cache records every look): targets read
   * user-owned handlers through it (their TS types feed openapi.json). Absent: none are read.
   */
  readonly project?: { exists(path: string): boolean; readText(path: string): string };
}

export type FileFormat = 'typescript' | 'json' | 'html' | 'markdown' | 'yaml' | 'none';

/** One file a target wants to exist. */
export interface PlannedFile {
  /** Project-relative path, forward slashes. */
  readonly path: string;
  /**
   * `generated`: rewritten by every run, listed in the output manifest, checked by `--check`.
   * `once`: a user-owned stub, written only when missing and never overwritten.
   */
  readonly ownership: 'generated' | 'once';
  /** Template under templates/ (without `.hbs`) rendered with `data`... */
  readonly template?: string;
  readonly data?: unknown;
  /** ...or the finished text (ajv standalone code, ts-morph output)... */
  readonly text?: string;
  /** ...or a JSON document, written in its canonical form (two-space JSON.stringify), no formatter pass. */
  readonly json?: unknown;
  /** Prettier parser to format with; also picks the header's comment style. Default by extension. */
  readonly format?: FileFormat;
  /** Spec files this output comes from, named in the "do not edit" header. */
  readonly specs: readonly string[];
}

export interface Target {
  /** `<target>/<kind>`, e.g. `server/sockets`; used in progress output. */
  readonly name: string;
  plan(ir: ProjectIR, options: PlanOptions): readonly PlannedFile[] | Promise<readonly PlannedFile[]>;
  /** Called when one IR section has loaded without errors, while others may still be loading. */
  loaded?(section: keyof ProjectIR, ir: Partial<ProjectIR>, options: PlanOptions): void;
}
