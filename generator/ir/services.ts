/**
 * IR of the services kind (`services.json` / `external_services.json`), see
 * ../shared/reference/services-and-tunnel.md and docs/services.md. Names stay raw; targets make
 * them legal. Collections are sorted by name, option keys are sorted.
 */
import type { SourceRef } from './source.js';

/** The services section of the ProjectIR. */
export interface ServicesIR {
  /** Every service of every services file, sorted by name (names are unique across files). */
  readonly services: readonly ServiceIR[];
  /** The services files read, project-relative, sorted. */
  readonly files: readonly string[];
}

/** One launchable service type: `name → {script, count, options}`. */
export interface ServiceIR {
  readonly name: string;
  /** Most instances at once; instances get indexes 0..count-1. */
  readonly count: number;
  /** The free-form common options, verbatim (keys sorted), handed to every instance. */
  readonly options: Readonly<Record<string, unknown>>;
  /** `options.group`: only members of this group may reserve the service. */
  readonly group?: string;
  readonly script: ServiceScriptIR;
  /** Folder of the services file, project-relative. */
  readonly folder: string;
  readonly source: SourceRef;
}

/**
 * What starts and stops an instance. `stub`: the original's script name (`desktop_session.py`),
 * mapped to a TypeScript stub sockgen writes once; `module`: a TypeScript file the user wrote,
 * relative to the spec's folder.
 */
export type ServiceScriptIR =
  | { readonly type: 'stub'; readonly name: string; readonly stem: string; readonly source: SourceRef }
  | { readonly type: 'module'; readonly name: string; readonly stem: string; readonly file: string; readonly source: SourceRef };
