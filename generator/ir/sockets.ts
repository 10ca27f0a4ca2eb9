/**
 * IR of Custom Sockets (socket.yml and its raw JSON form), see
 * ../shared/reference/custom-sockets.md. Names stay raw here; targets make them legal.
 */
import type { SourceRef } from './source.js';

export const httpMethods = ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'] as const;
export type HttpMethod = (typeof httpMethods)[number];

/** How a dependency runs: a Python subprocess, a Node script in-process, or a TypeScript handler. */
export type ScriptRunner = 'python' | 'node' | 'typescript';

export interface SocketsIR {
  readonly sockets: readonly SocketIR[];
}

export interface SocketIR {
  readonly name: string;
  readonly description?: string;
  /** Top-level keys other than name/description/endpoints/dependencies/config, verbatim, sorted. */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** Folder of the spec file, project-relative. */
  readonly folder: string;
  readonly endpoints: readonly EndpointIR[];
  readonly scripts: readonly ScriptIR[];
  readonly classes: readonly DataClassIR[];
  readonly config: SocketConfigIR;
  readonly source: SourceRef;
}

export interface EndpointIR {
  readonly name: string;
  readonly description?: string;
  /** One entry per HTTP method the endpoint takes, sorted; `*` when a call takes every method. */
  readonly routes: readonly EndpointRouteIR[];
  readonly cacheSeconds?: number;
  readonly template?: string;
  /** The template's file in the socket's `templates/` folder, when it exists (`mail.html`). */
  readonly templateFile?: string;
  readonly source: SourceRef;
}

export interface EndpointRouteIR {
  readonly method: HttpMethod | '*';
  readonly call: { readonly type: 'script'; readonly script: string };
  readonly source: SourceRef;
}

export interface ScriptIR {
  readonly name: string;
  readonly runtimeName: string;
  readonly runner: ScriptRunner;
  /** Project-relative path of the script file, when it has one. */
  readonly file?: string;
  /** Inline source (the raw JSON form's `source`). */
  readonly inlineSource?: string;
  /** Python interpreter of this script alone (socket.yml `interpreter:`, a sockgen key). */
  readonly interpreter?: string;
  /** The project's Python interpreter (sockgen.config.json `python`). */
  readonly projectPython?: string;
  readonly source: SourceRef;
}

export type DataFieldType =
  | 'string'
  | 'text'
  | 'integer'
  | 'float'
  | 'boolean'
  | 'datetime'
  | 'reference'
  | 'relation'
  | 'object'
  | 'array'
  | 'file'
  | 'geopoint';

export interface DataClassIR {
  readonly name: string;
  readonly fields: readonly DataFieldIR[];
  readonly source: SourceRef;
}

export interface DataFieldIR {
  readonly name: string;
  readonly type: DataFieldType;
  /** For `reference`/`relation`: the class it points at. */
  readonly target?: string;
  readonly filterIndex?: boolean;
  readonly orderIndex?: boolean;
  readonly source: SourceRef;
}

export interface SocketConfigIR {
  readonly constants: readonly { readonly name: string; readonly value: unknown; readonly source: SourceRef }[];
  readonly prompts: readonly {
    readonly name: string;
    readonly type: string;
    readonly description?: string;
    readonly required: boolean;
    readonly source: SourceRef;
  }[];
}
