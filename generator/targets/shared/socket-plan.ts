/**
 * Names and paths for one socket, decided once and shared by every sockets target (server,
 * client, stubs, types, validators), so they agree without talking to each other.
 */
import { posix } from 'node:path';
import { camelCase, pascalCase, uniqueNames, words } from '../../core/naming.js';
import type { HttpMethod, ScriptIR, SocketIR } from '../../ir/types.js';
import type { PlanOptions } from '../types.js';

/** How one script appears in generated code: identifier, type name, stub path, where it is served. */
export interface ScriptPlan {
  readonly raw: string;
  readonly ident: string;
  readonly runner: ScriptIR['runner'];
  /** Type name prefix, e.g. `ScriptEndpoint1`. */
  readonly typeName: string;
  readonly stubPath: string;
  /** The name is `__proto__`: as an object literal key it must be computed, or it sets the prototype. */
  readonly computedKey: boolean;
  /** Where the script runs: `GET my_endpoint_2`, `every method of my_endpoint_1`. */
  readonly servedBy: string[];
  readonly file?: string;
  readonly inlineSource?: string;
  /** Python interpreter of this script, and the project's (see ScriptIR). */
  readonly interpreter?: string;
  readonly projectPython?: string;
}

/** Everything the sockets targets share about one socket. */
export interface SocketPlan {
  readonly socket: SocketIR;
  readonly folder: string;
  readonly handlersFolder: string;
  readonly typeName: string;
  readonly ident: string;
  readonly scripts: ScriptPlan[];
  readonly endpoints: { raw: string; ident: string; description?: string; methods: { method: HttpMethod; ident: string; script: ScriptPlan }[] }[];
  readonly classes: { raw: string; typeName: string; validator: string }[];
  readonly specs: string[];
}

const allMethods: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

const planned = new WeakMap<SocketIR, SocketPlan>();

/** Plans one socket: folders, unique identifiers and file names, endpoints with their scripts. */
export function planSocket(socket: SocketIR, options: PlanOptions): SocketPlan {
  // Computed once per socket: every sockets target asks, several of them more than once.
  const folder = `${options.outDir}/sockets/${socket.name}`;
  const handlersFolder = `${options.handlersDir}/sockets/${socket.name}`;
  const cached = planned.get(socket);
  if (cached && cached.folder === folder && cached.handlersFolder === handlersFolder) return cached;
  const plan = computePlan(socket, folder, handlersFolder);
  planned.set(socket, plan);
  return plan;
}

function computePlan(socket: SocketIR, folder: string, handlersFolder: string): SocketPlan {
  const scriptIdents = uniqueNames(socket.scripts.map((s) => s.name), camelCase);
  const stubNames = stubFileNames(socket.scripts.map((s) => s.name));
  const scripts: ScriptPlan[] = socket.scripts.map((script) => ({
    raw: script.name,
    ident: scriptIdents.get(script.name)!,
    runner: script.runner,
    typeName: pascalCase(scriptIdents.get(script.name)!),
    stubPath: `${handlersFolder}/${stubNames.get(script.name)!}.ts`,
    computedKey: script.name === '__proto__',
    servedBy: [],
    ...(script.file !== undefined ? { file: script.file } : {}),
    ...(script.inlineSource !== undefined ? { inlineSource: script.inlineSource } : {}),
    ...(script.interpreter !== undefined ? { interpreter: script.interpreter } : {}),
    ...(script.projectPython !== undefined ? { projectPython: script.projectPython } : {}),
  }));
  const byName = new Map(scripts.map((s) => [s.raw, s]));
  const endpointIdents = uniqueNames(socket.endpoints.map((e) => e.name), camelCase);
  const endpoints = socket.endpoints.map((endpoint) => {
    const explicit = new Map(endpoint.routes.filter((r) => r.method !== '*').map((r) => [r.method as HttpMethod, r.call.script]));
    const wildcard = endpoint.routes.find((r) => r.method === '*')?.call.script;
    const methods = allMethods
      .map((method) => ({ method, scriptName: explicit.get(method) ?? wildcard }))
      .filter((m): m is { method: HttpMethod; scriptName: string } => m.scriptName !== undefined && byName.has(m.scriptName))
      .map(({ method, scriptName }) => ({ method, ident: method.toLowerCase(), script: byName.get(scriptName)! }));
    for (const route of endpoint.routes) {
      const script = byName.get(route.call.script);
      script?.servedBy.push(route.method === '*' ? `every method of ${endpoint.name}` : `${route.method} ${endpoint.name}`);
    }
    return { raw: endpoint.name, ident: endpointIdents.get(endpoint.name)!, ...(endpoint.description ? { description: endpoint.description } : {}), methods };
  });
  const typeName = pascalCase(socket.name);
  const classNames = uniqueNames(socket.classes.map((c) => c.name), pascalCase, [`${typeName}Config`, `${typeName}Store`, `${typeName}Context`]);
  return {
    socket,
    folder,
    handlersFolder,
    typeName,
    ident: camelCase(socket.name),
    scripts,
    endpoints,
    classes: socket.classes.map((c) => ({ raw: c.name, typeName: classNames.get(c.name)!, validator: `validate${classNames.get(c.name)!}` })),
    specs: [socket.source.file],
  };
}

const safeFileName = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;

/**
 * Stub file name per script name. A script name is a spec string: one that is not a plain file
 * name (`../x`, `/tmp/x`, spaces) would steer where the stub is written, so it becomes its words
 * joined by `_`. Plain names keep theirs (and win a clash), so existing stubs never move.
 */
function stubFileNames(names: readonly string[]): Map<string, string> {
  const plain = names.filter((name) => safeFileName.test(name));
  const mapped = uniqueNames(
    names.filter((name) => !safeFileName.test(name)),
    (name) => words(name).join('_') || 'script',
    plain,
  );
  for (const name of plain) mapped.set(name, name);
  return mapped;
}

/** Import specifier from one project file to another (`../../handlers/x.js`). */
export function importPath(fromFile: string, toFile: string): string {
  const relative = posix.relative(posix.dirname(fromFile), toFile).replace(/\.ts$/, '.js');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

/**
 * A `new URL(<this>, import.meta.url)` reference from a generated folder to a project file: path
 * segments are percent-encoded (file names are spec strings: `#`, `?`, `%` must still name the file).
 */
export function relativeUrl(fromFolder: string, file: string): string {
  return posix
    .relative(fromFolder, file)
    .split('/')
    .map((segment) => (segment === '..' ? segment : encodeURIComponent(segment)))
    .join('/');
}
