/**
 * Public types of the Custom Sockets HTTP host (custom-sockets.md). Generated servers build a
 * `SocketDefinition` per socket as plain data and mount it with typed handlers.
 */
import type { Server } from 'node:http';
import type { HttpMethod } from '../http-client/types.js';

export type { HttpMethod } from '../http-client/types.js';

/** Request metadata, the script contract's `META`. */
export interface RequestMeta {
  method: HttpMethod;
  path: string;
  headers: Record<string, string>;
  query: Record<string, string | string[]>;
  socket: string;
  endpoint: string;
  instance: string;
  apiVersion: string;
  caller: { ip: string; apiKey?: string };
  /** The raw query string (without `?`), for META['request']['QUERY_STRING']. */
  queryString?: string;
  /** The endpoint's metadata (socket.yml), for META['metadata']. */
  metadata?: Record<string, unknown>;
}

/** What a handler receives: the script contract's ARGS, META, CONFIG plus a typed store. */
export interface HandlerContext<Args = Record<string, unknown>, Config = Record<string, unknown>, Store = unknown> {
  args: Args;
  meta: RequestMeta;
  config: Config;
  store: Store;
  /** Aborted when the caller goes away before the answer is sent. */
  signal: AbortSignal;
}

/**
 * Runs one script dependency. Returning an HttpResponse answers with exactly that; undefined
 * answers 204; any other value (strings included) answers 200 with it as JSON.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler<Args = any, Config = any, Store = any> = (context: HandlerContext<Args, Config, Store>) => unknown | Promise<unknown>;

/** One endpoint: a route per HTTP method (or `*` for all) naming the script that runs. */
export interface EndpointDefinition {
  name: string;
  routes: Array<{ method: HttpMethod | '*'; script: string }>;
  /** Seconds a 200 GET answer is served from memory. */
  cacheSeconds?: number;
  /** The response template's name (socket.yml `template:`). */
  template?: string;
  /** Its file in the socket's `templatesFolder`, when it exists: the answer is rendered with it. */
  templateFile?: string;
  /** Endpoint-level metadata shown by the listing routes; `{}` by default. */
  metadata?: Record<string, unknown>;
}

/** A socket as plain data, emitted by the generator per socket.yml. */
export interface SocketDefinition {
  name: string;
  description?: string;
  metadata: Record<string, unknown>;
  endpoints: EndpointDefinition[];
  config: { constants: Record<string, unknown>; prompts: Array<{ name: string; type: string; description?: string; required: boolean }> };
  classes: Array<{ name: string; fields: Array<{ name: string; type: string; target?: string }> }>;
  /** Absolute folder of the endpoints' response templates (the socket's `templates/`). */
  templatesFolder?: string;
  /** Per script: JSON Schemas of its arguments and result, from its TypeScript handler's types (openapi.json). */
  scriptSchemas?: Record<string, { args?: Record<string, unknown>; result?: Record<string, unknown> }>;
}

/** A socket with its handlers (keyed by script dependency name), resolved config and store. */
export interface MountedSocket {
  definition: SocketDefinition;
  handlers: Record<string, Handler>;
  config: Record<string, unknown>;
  store?: unknown;
}

/** Options of createSocketHost; defaults are applied in one place (create-socket-host.ts). */
export interface SocketHostOptions {
  sockets: MountedSocket[];
  /** First path segment; `v1.1`. */
  apiVersion?: string;
  /** Instance path segment; `default`. */
  instance?: string;
  /** When set, every request needs it as `X-API-KEY` header or `api_key` query parameter (else 401). */
  apiKey?: string;
  /** Largest request body accepted; 1 MiB (larger → 413). */
  maxBodyBytes?: number;
  /** Where failures are reported; stderr by default. */
  log?: (line: string) => void;
  /**
   * Cross-origin requests from browsers: `'*'` or a list of allowed origins (`https://app.example`).
   * Off by default (no CORS headers). Preflights (OPTIONS) are answered without an API key.
   */
  cors?: '*' | string[];
}

/** A running (or ready to run) host. */
export interface SocketHost {
  readonly server: Server;
  /** Listens (port 0 = ephemeral, host 127.0.0.1 by default) and resolves the real port and base URL. */
  listen(port?: number, host?: string): Promise<{ port: number; url: string }>;
  /** Stops accepting connections, closes idle ones and resolves when the server is closed. */
  close(): Promise<void>;
}
