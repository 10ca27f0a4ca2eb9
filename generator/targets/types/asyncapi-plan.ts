/**
 * Names and paths every AsyncAPI target agrees on, decided once per document: the output folder,
 * a type and a validator per schema, a prefix per namespace, and where each user function's stub
 * lives (an `x-handler` dotted path → module file + function name).
 */
import { posix } from 'node:path';
import { stringLiteral } from '../../core/escape.js';
import { camelCase, kebabCase, pascalCase, uniqueNames } from '../../core/naming.js';
import type { AsyncApiDocumentIR, AsyncApiFunctionRefIR, AsyncApiNamespaceIR, AsyncApiSecuritySchemeIR } from '../../ir/asyncapi.js';
import type { PlanOptions } from '../types.js';

/** One user function (event handler, lifecycle handler, security hook) and its stub's place. */
export interface UserFunctionPlan {
  /** Project-relative stub module path (`handlers/asyncapi/<doc>/my-api/handlers.ts`). */
  readonly module: string;
  /** Exported function name in that module. */
  readonly name: string;
  /** The dotted path the spec wrote, when it wrote one. */
  readonly dotted?: string;
  /** TypeScript type of the function, as written in the stub (names exported by server.ts). */
  readonly type: string;
  /** Parameter names of the stub (guidance for the user). */
  readonly params: string;
  /** What the stub does until implemented: nothing, throw, refuse the caller (undefined / false). */
  readonly body: 'empty' | 'throw' | 'refuse' | 'deny';
  /** One line saying what it handles. */
  readonly summary: string;
}

/** Per namespace. */
export interface NamespacePlan {
  readonly ir: AsyncApiNamespaceIR;
  /** `User` for `/user`, `Main` for `/`. */
  readonly prefix: string;
  readonly connectFunction: string;
}

/** Everything the AsyncAPI targets share about one document. */
export interface DocumentPlan {
  readonly doc: AsyncApiDocumentIR;
  /** Project-relative output folder. */
  readonly folder: string;
  /** Project-relative stub folder. */
  readonly handlersFolder: string;
  readonly typeNames: ReadonlyMap<string, string>;
  readonly namespaces: readonly NamespacePlan[];
  /** Event handler per namespace name and event. */
  readonly eventFunctions: ReadonlyMap<string, ReadonlyMap<string, UserFunctionPlan>>;
  /** Lifecycle handler per namespace name and hook. */
  readonly lifecycleFunctions: ReadonlyMap<string, ReadonlyMap<'connect' | 'disconnect' | 'error', UserFunctionPlan>>;
  /** Security hooks per scheme name (oauth2: `tokenInfo` and maybe `scopeValidate`). */
  readonly securityFunctions: ReadonlyMap<string, ReadonlyMap<string, UserFunctionPlan>>;
}

/**
 * True when the document gets a Socket.IO server, client and stubs; documents of a protocol
 * without a sockgen runtime (kafka, amqp…) get types, validators and the document only.
 */
export function hasSocketIoRuntime(doc: AsyncApiDocumentIR): boolean {
  return doc.target === undefined || doc.target.target === 'socketio';
}

/** `validateFoo` for type `Foo`. */
export function validatorName(typeName: string): string {
  return `validate${typeName}`;
}

/** An import path from one project file to another (`../x.js`). */
export function importPath(from: string, to: string): string {
  const relative = posix.relative(posix.dirname(from), to).replace(/\.ts$/, '.js');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

const cache = new WeakMap<AsyncApiDocumentIR, DocumentPlan>();

/** Parameters of a security hook stub, per scheme type (oauth2's two hooks are planned apart). */
const hookParams: Record<Exclude<AsyncApiSecuritySchemeIR['type'], 'oauth2'>, string> = {
  httpBasic: '_username, _password, _requiredScopes',
  httpBearer: '_token, _requiredScopes, _bearerFormat',
  apiKey: '_apiKey, _requiredScopes',
  handshake: '_handshake, _requiredScopes, _certificate',
};

/** The plan of one document (computed once, shared by every target). */
export function planDocument(doc: AsyncApiDocumentIR, options: PlanOptions): DocumentPlan {
  const folder = `${options.outDir}/asyncapi/${doc.name}`;
  const handlersFolder = `${options.handlersDir}/asyncapi/${doc.name}`;
  const cached = cache.get(doc);
  if (cached && cached.folder === folder && cached.handlersFolder === handlersFolder) return cached;
  const typeNames = uniqueNames(doc.schemas.map((s) => s.name), pascalCase);
  const prefixes = uniqueNames(doc.namespaces.map((n) => n.name), (raw) => (raw === '/' ? 'Main' : pascalCase(raw)), ['Handlers', 'Security', 'Server']);
  const namespaces = doc.namespaces.map((ir) => ({ ir, prefix: prefixes.get(ir.name)!, connectFunction: `connect${prefixes.get(ir.name)!}` }));

  // Functions grouped by module, so names stay unique within each stub file.
  const byModule = new Map<string, Set<string>>();
  // One dotted path is one function, however many events or namespaces name it.
  const byDotted = new Map<string, { module: string; name: string; dotted: string }>();
  const place = (ref: AsyncApiFunctionRefIR | undefined, defaultModule: string, defaultName: string): { module: string; name: string; dotted?: string } => {
    const known = ref ? byDotted.get(ref.path) : undefined;
    if (known) return known;
    let module = defaultModule;
    let raw = defaultName;
    if (ref) {
      const segments = ref.path.split('.');
      raw = segments.pop()!;
      module = `${handlersFolder}/${segments.length ? segments.map(kebabCase).join('/') : 'handlers'}.ts`;
    }
    const used = byModule.get(module) ?? new Set<string>();
    byModule.set(module, used);
    let name = camelCase(raw);
    for (let n = 2; used.has(name); n++) name = `${camelCase(raw)}${n}`;
    used.add(name);
    if (ref) byDotted.set(ref.path, { module, name, dotted: ref.path });
    return { module, name, ...(ref ? { dotted: ref.path } : {}) };
  };

  // Stub parameters start with `_` so a fresh stub compiles under noUnusedParameters (Vite's and Next's tsconfig).
  const eventFunctions = new Map<string, Map<string, UserFunctionPlan>>();
  const lifecycleFunctions = new Map<string, Map<'connect' | 'disconnect' | 'error', UserFunctionPlan>>();
  for (const { ir, prefix } of namespaces) {
    const defaultModule = `${handlersFolder}/${ir.name === '/' ? 'main' : kebabCase(ir.name)}.ts`;
    const events = new Map<string, UserFunctionPlan>();
    for (const message of ir.receive)
      events.set(message.event, {
        ...place(message.handler, defaultModule, `on ${message.event}`),
        type: `${prefix}Handlers['events'][${stringLiteral(message.event)}]`,
        params: message.tuple !== undefined ? [...Array.from({ length: message.tuple }, (_, i) => `_arg${i + 1}`), '_socket'].join(', ') : '_payload, _socket',
        body: message.ack ? 'throw' : 'empty',
        summary: `Handles \`${message.event}\` in ${ir.name}.`,
      });
    eventFunctions.set(ir.name, events);
    const lifecycle = new Map<'connect' | 'disconnect' | 'error', UserFunctionPlan>();
    for (const hook of ['connect', 'disconnect', 'error'] as const) {
      const ref = ir.lifecycle[hook];
      if (ref)
        lifecycle.set(hook, {
          ...place(ref, defaultModule, hook),
          type: `NonNullable<${prefix}Handlers[${stringLiteral(hook)}]>`,
          params: hook === 'connect' ? '_socket, _security' : hook === 'disconnect' ? '_socket, _reason' : '_error, _socket',
          body: 'empty',
          summary: `The ${hook} handler of ${ir.name}.`,
        });
    }
    lifecycleFunctions.set(ir.name, lifecycle);
  }

  const securityFunctions = new Map<string, Map<string, UserFunctionPlan>>();
  const securityModule = `${handlersFolder}/security.ts`;
  for (const scheme of doc.securitySchemes) {
    const hooks = new Map<string, UserFunctionPlan>();
    const key = stringLiteral(scheme.name);
    if (scheme.type === 'oauth2') {
      hooks.set('tokenInfo', {
        ...place(scheme.hook, securityModule, `${scheme.name} token info`),
        type: `SecurityHooks[${key}]['tokenInfo']`,
        params: '_token',
        body: 'refuse',
        summary: `Checks an oauth2 token of scheme ${scheme.name}: returns its info (with \`scopes\`) or undefined to refuse.`,
      });
      if (scheme.scopeHook)
        hooks.set('scopeValidate', {
          ...place(scheme.scopeHook, securityModule, `${scheme.name} scope validate`),
          type: `NonNullable<SecurityHooks[${key}]['scopeValidate']>`,
          params: '_requiredScopes, _grantedScopes',
          body: 'deny',
          summary: `Decides whether the granted scopes satisfy the required ones (scheme ${scheme.name}).`,
        });
    } else
      hooks.set('', {
        ...place(scheme.hook, securityModule, `${scheme.name} info`),
        type: `SecurityHooks[${key}]`,
        params: hookParams[scheme.type],
        body: 'refuse',
        summary:
          scheme.type === 'handshake'
            ? `Checks credentials of scheme ${scheme.name} (${scheme.handshake === 'user' || scheme.handshake === 'password' ? `apiKey in ${scheme.handshake}` : scheme.handshake}), read from the handshake: returns the caller's info or undefined to refuse.`
            : `Checks credentials of scheme ${scheme.name} (${scheme.type}): returns the caller's info or undefined to refuse.`,
      });
    securityFunctions.set(scheme.name, hooks);
  }

  const plan: DocumentPlan = { doc, folder, handlersFolder, typeNames, namespaces, eventFunctions, lifecycleFunctions, securityFunctions };
  cache.set(doc, plan);
  return plan;
}
