import { httpMethods } from '../http-client/types.js';
import { ConfigError } from './errors.js';
import { ResponseCache } from './response-cache.js';
import { withTemplate } from './response-template.js';
import { TraceLog } from './trace-log.js';
import type { EndpointDefinition, Handler, HttpMethod, MountedSocket } from './types.js';

/** An endpoint ready to serve: handlers looked up by method without any per-request work. */
export interface CompiledEndpoint {
  readonly mounted: MountedSocket;
  readonly socket: string;
  readonly definition: EndpointDefinition;
  /** Handler per method the endpoint takes (a `*` route fills every method not named). */
  readonly handlers: Partial<Record<string, { script: string; handler: Handler }>>;
  /** Methods it takes, sorted. */
  readonly methods: HttpMethod[];
  /** Value of the `Allow` header of a 405 and of OPTIONS: the methods, plus HEAD (with GET) and OPTIONS. */
  readonly allow: string;
  readonly path: string;
  readonly cache: ResponseCache | undefined;
  readonly traces: TraceLog;
}

/** Every socket and endpoint of a host, keyed for the router. */
export interface RouteTable {
  readonly sockets: Map<string, MountedSocket>;
  /** socket name → endpoint name → endpoint. */
  readonly endpoints: Map<string, Map<string, CompiledEndpoint>>;
  /** Endpoint names unique across sockets, for the short route form. */
  readonly shortNames: Map<string, CompiledEndpoint>;
  /**
   * Run routes by exact path without the trailing slash (long form, and short form where it
   * applies): the hot path answers most requests with this one lookup, no splitting.
   */
  readonly runPaths: Map<string, CompiledEndpoint>;
  /** All endpoints in socket, endpoint order. */
  readonly all: CompiledEndpoint[];
}

/**
 * Compiles mounted sockets once, at host creation, so a missing handler or a duplicate socket is a
 * start-up error rather than a 500 on the first request.
 */
export function buildRouteTable(sockets: MountedSocket[], prefix: string): RouteTable {
  const table: RouteTable = { sockets: new Map(), endpoints: new Map(), shortNames: new Map(), runPaths: new Map(), all: [] };
  const problems: string[] = [];
  const nameCount = new Map<string, number>();
  for (const mounted of sockets) {
    const socket = mounted.definition.name;
    if (table.sockets.has(socket)) {
      problems.push(`socket ${socket} is mounted twice`);
      continue;
    }
    table.sockets.set(socket, mounted);
    const byName = new Map<string, CompiledEndpoint>();
    table.endpoints.set(socket, byName);
    for (const definition of mounted.definition.endpoints) {
      const compiled = compileEndpoint(mounted, definition, prefix, problems);
      byName.set(definition.name, compiled);
      table.all.push(compiled);
      nameCount.set(definition.name, (nameCount.get(definition.name) ?? 0) + 1);
    }
  }
  for (const compiled of table.all) {
    table.runPaths.set(compiled.path.slice(0, -1), compiled);
    if (nameCount.get(compiled.definition.name) === 1) {
      table.shortNames.set(compiled.definition.name, compiled);
      // A socket of the same name keeps the short path for its endpoint list (see docs).
      if (!table.sockets.has(compiled.definition.name)) {
        table.runPaths.set(`${prefix}endpoints/sockets/${encodeURIComponent(compiled.definition.name)}`, compiled);
      }
    }
  }
  if (problems.length > 0) throw new ConfigError(problems.join('; '));
  return table;
}

function compileEndpoint(mounted: MountedSocket, definition: EndpointDefinition, prefix: string, problems: string[]): CompiledEndpoint {
  const socket = mounted.definition.name;
  const handlers: CompiledEndpoint['handlers'] = {};
  const templatesFolder = mounted.definition.templatesFolder;
  const lookup = (script: string): Handler | undefined => {
    const handler = Object.hasOwn(mounted.handlers, script) ? mounted.handlers[script] : undefined;
    if (typeof handler !== 'function') {
      problems.push(`socket ${socket} endpoint ${definition.name}: no handler for script ${script}`);
      return undefined;
    }
    // The endpoint's response template renders what the script answers (the platform's `template:`).
    return definition.templateFile !== undefined && templatesFolder !== undefined ? withTemplate(handler, templatesFolder, definition.templateFile) : handler;
  };
  for (const route of definition.routes) {
    if (route.method === '*') continue;
    const handler = lookup(route.script);
    if (handler) handlers[route.method] = { script: route.script, handler };
  }
  const wildcard = definition.routes.find((route) => route.method === '*');
  if (wildcard) {
    const handler = lookup(wildcard.script);
    for (const method of httpMethods) {
      if (handler && !handlers[method]) handlers[method] = { script: wildcard.script, handler };
    }
  }
  const methods = httpMethods.filter((method) => definition.routes.some((route) => route.method === method || route.method === '*'));
  const cacheSeconds = definition.cacheSeconds;
  return {
    mounted,
    socket,
    definition,
    handlers,
    methods,
    // HEAD runs GET without the body; OPTIONS answers with this list (and CORS preflights).
    allow: [...methods, ...(methods.includes('GET') ? ['HEAD'] : []), 'OPTIONS'].sort().join(', '),
    path: `${prefix}endpoints/sockets/${encodeURIComponent(socket)}/${encodeURIComponent(definition.name)}/`,
    cache: cacheSeconds !== undefined && cacheSeconds > 0 ? new ResponseCache(cacheSeconds) : undefined,
    traces: new TraceLog(),
  };
}
