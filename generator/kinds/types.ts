/**
 * What a spec kind provides: recognise its files, and load them (parse, check, normalize) into
 * its section of the ProjectIR with diagnostics. Kinds never import targets.
 */
import type { Diagnostic } from '../core/diagnostics.js';
import type { SpecFile } from '../core/spec-file.js';
import type { ProjectIR } from '../ir/types.js';

/** The file-system view a kind may use while loading (scripts a spec names, `$ref`ed files). */
export interface LoadContext {
  /** Absolute project root. */
  readonly root: string;
  /** Checks a project-relative path. */
  exists(path: string): boolean;
  /** Reads a project-relative path as UTF-8. */
  readText(path: string): string;
  /** `--strict`: show style warnings that are quiet by default. */
  readonly strict: boolean;
  /** Config `allowRemoteRefs`: `http(s)` `$ref`s may be fetched (default: refused). */
  readonly allowRemoteRefs?: boolean;
  /** Config `servers`: per spec file (project-relative), the server to use for path and security. */
  readonly servers?: Readonly<Record<string, string>>;
  /** Config `python`: the interpreter of socket.yml Python scripts. */
  readonly python?: string;
  /** Config `targets`: the runtime an AsyncAPI spec (project-relative path) targets, overriding detection. */
  readonly targets?: Readonly<Record<string, 'socketio' | 'ws'>>;
}

export interface KindResult<K extends keyof ProjectIR> {
  readonly ir: ProjectIR[K];
  readonly diagnostics: readonly Diagnostic[];
}

export interface SpecKind<K extends keyof ProjectIR = keyof ProjectIR> {
  /** The ProjectIR section this kind fills. */
  readonly section: K;
  /** Human name, used in progress output (`socket.yml`, `AsyncAPI`...). */
  readonly title: string;
  /** True when this kind owns the file (decided from its name and content). */
  detect(file: SpecFile): boolean;
  /** Loads all the files this kind owns in one go (cross-file checks need them together). */
  load(files: readonly SpecFile[], context: LoadContext): Promise<KindResult<K>>;
  /**
   * Checks that only add findings to a loaded section and wait on something outside the process
   * (the Python interpreter compiling scripts). They run after the targets' `loaded` hooks, so the
   * work those start is not held up behind the wait.
   */
  check?(ir: ProjectIR[K], files: readonly SpecFile[], context: LoadContext): Promise<readonly Diagnostic[]>;
}
