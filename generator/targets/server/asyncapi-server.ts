/**
 * Server side of an AsyncAPI document: `events.ts` (event maps), `server.ts` (typed
 * `createServer` wiring the runtime to the validators), `handlers.ts` (the functions the
 * document names, gathered from their stub modules) and `asyncapi.json` (the resolved
 * document the docs page serves).
 */
import { uniqueNames } from '../../core/naming.js';
import type { AsyncApiMessageIR, AsyncApiSecuritySchemeIR } from '../../ir/asyncapi.js';
import type { ProjectIR } from '../../ir/types.js';
import { hasSocketIoRuntime, importPath, planDocument, validatorName, type DocumentPlan, type UserFunctionPlan } from '../types/asyncapi-plan.js';
import { canonicalValidators } from '../types/asyncapi-schemas.js';
import { queryTypes, runtimeScheme } from './asyncapi-runtime-spec.js';
import type { PlannedFile, PlanOptions, Target } from '../types.js';

const hookTypes: Record<AsyncApiSecuritySchemeIR['type'], string> = {
  httpBasic: 'BasicInfoHook',
  httpBearer: 'BearerInfoHook',
  apiKey: 'ApiKeyInfoHook',
  oauth2: 'OAuth2Hooks',
  handshake: 'HandshakeInfoHook',
};

/** Type expression of a schema (`T.Name`), or `fallback` when the message has none. */
function typeOf(plan: DocumentPlan, schema: string | undefined, fallback: string): string {
  return schema ? `T.${plan.typeNames.get(schema)!}` : fallback;
}

/** `/rooms/{roomId}` → the source of a RegExp matching `/rooms/<one segment>`, capturing each parameter. */
function namespacePattern(name: string): string {
  const parts = name.split(/\{[^{}]+\}/);
  return `^${parts.map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('([^/]+)')}$`;
}

function messageDoc(message: AsyncApiMessageIR): string | null {
  return [message.summary, message.description].filter(Boolean).join('\n\n') || null;
}

function eventsFile(plan: DocumentPlan): PlannedFile {
  const entry = (m: AsyncApiMessageIR) => ({
    event: m.event,
    doc: messageDoc(m),
    payloadType: typeOf(plan, m.payload, 'unknown'),
    ackType: typeOf(plan, m.ack, 'void'),
    // How the event travels: a tuple's items as arguments, no argument without a payload.
    args: m.tuple !== undefined ? `args: ${typeOf(plan, m.payload, 'unknown[]')}; arity: ${m.tuple}` : m.payload === undefined ? 'args: []' : null,
  });
  return {
    path: `${plan.folder}/events.ts`,
    ownership: 'generated',
    template: 'asyncapi/events.ts',
    data: {
      title: plan.doc.title,
      usesTypes: plan.doc.schemas.length > 0,
      namespaces: plan.namespaces.map(({ ir, prefix }) => ({ name: ir.name, prefix, receive: ir.receive.map(entry), send: ir.send.map(entry) })),
    },
    specs: [plan.doc.source.file],
  };
}

function serverFile(plan: DocumentPlan): PlannedFile {
  const canonical = canonicalValidators(plan);
  const validator = (schema: string | undefined) =>
    schema ? `validators.${validatorName(canonical.get(plan.typeNames.get(schema)!)!)}` : 'acceptAny';
  let usesAcceptAny = false;
  const event = (m: AsyncApiMessageIR) => {
    if (!m.payload) usesAcceptAny = true;
    return { event: m.event, validator: validator(m.payload), ackValidator: m.ack ? validator(m.ack) : null, tuple: m.tuple !== undefined ? String(m.tuple) : null };
  };
  const namespaces = plan.namespaces.map(({ ir, prefix }) => ({
    name: ir.name,
    prefix,
    optional: ir.receive.length === 0,
    receive: ir.receive.map(event),
    send: ir.send.map(event),
    paramsType: ir.parameters ? typeOf(plan, ir.parameters.schema, 'undefined') : 'undefined',
    parameters: ir.parameters ? { pattern: namespacePattern(ir.name), names: ir.parameters.names, numeric: ir.parameters.numeric, validator: validator(ir.parameters.schema) } : null,
    queryValidator: ir.query ? validator(ir.query) : null,
    queryTypes: ir.query ? queryTypes(plan.doc, ir.query) : null,
    headersValidator: ir.headers ? validator(ir.headers) : null,
    security: ir.security,
  }));
  const schemes = plan.doc.securitySchemes.map((s) => ({
    name: s.name,
    hookType: hookTypes[s.type],
    summary: s.description ?? (s.type === 'handshake' ? `${s.handshake} scheme ${s.name}, read from the handshake` : `${s.type} scheme ${s.name}`),
  }));
  return {
    path: `${plan.folder}/server.ts`,
    ownership: 'generated',
    template: 'asyncapi/server.ts',
    data: {
      title: plan.doc.title,
      path: plan.doc.path,
      hasSecurity: schemes.length > 0,
      usesAcceptAny,
      usesValidators: plan.doc.schemas.length > 0,
      usesParamTypes: plan.namespaces.some(({ ir }) => ir.parameters),
      schemeHookTypes: [...new Set(schemes.map((s) => s.hookType))].sort(),
      namespaces,
      schemes,
      securitySchemes: Object.fromEntries(plan.doc.securitySchemes.map((s) => [s.name, runtimeScheme(s)])),
    },
    specs: [plan.doc.source.file],
  };
}

function handlersFile(plan: DocumentPlan): PlannedFile {
  const path = `${plan.folder}/handlers.ts`;
  const all: UserFunctionPlan[] = [
    ...[...plan.eventFunctions.values()].flatMap((m) => [...m.values()]),
    ...[...plan.lifecycleFunctions.values()].flatMap((m) => [...m.values()]),
    ...[...plan.securityFunctions.values()].flatMap((m) => [...m.values()]),
  ];
  // Two modules may export the same name: the second import gets an alias.
  const keyOf = (f: UserFunctionPlan) => `${f.module}#${f.name}`;
  const keys = [...new Set(all.map(keyOf))].sort();
  const locals = uniqueNames(keys, (key) => key.slice(key.indexOf('#') + 1), ['handlers', 'security']);
  const local = (f: UserFunctionPlan) => locals.get(keyOf(f))!;
  const modules = new Map<string, Set<string>>();
  for (const f of all) {
    const names = modules.get(f.module) ?? new Set<string>();
    names.add(local(f) === f.name ? f.name : `${f.name} as ${local(f)}`);
    modules.set(f.module, names);
  }
  const imports = [...modules].sort(([a], [b]) => (a < b ? -1 : 1)).map(([module, names]) => ({ path: importPath(path, module), names: [...names].sort() }));
  return {
    path,
    ownership: 'generated',
    template: 'asyncapi/handlers.ts',
    data: {
      handlersFolder: plan.handlersFolder,
      imports,
      namespaces: plan.namespaces.map(({ ir }) => ({
        name: ir.name,
        events: [...plan.eventFunctions.get(ir.name)!].map(([event, f]) => ({ event, local: local(f) })),
        lifecycle: [...plan.lifecycleFunctions.get(ir.name)!].map(([hook, f]) => ({ hook, local: local(f) })),
      })),
      schemes: plan.doc.securitySchemes.map((s) => {
        const hooks = plan.securityFunctions.get(s.name)!;
        const fn = (key: string) => (hooks.get(key) ? local(hooks.get(key)!) : null);
        return { name: s.name, oauth2: s.type === 'oauth2', local: fn(''), tokenInfo: fn('tokenInfo'), scopeValidate: fn('scopeValidate') };
      }),
    },
    specs: [plan.doc.source.file],
  };
}

/** Plans `events.ts`, `server.ts`, `handlers.ts` and `asyncapi.json` per AsyncAPI document. */
export const asyncapiServerTarget: Target = {
  name: 'server/asyncapi',
  plan(ir: ProjectIR, options: PlanOptions): PlannedFile[] {
    return (ir.asyncapi?.documents ?? []).flatMap((doc) => {
      const plan = planDocument(doc, options);
      return [
        ...(hasSocketIoRuntime(doc) ? [eventsFile(plan), serverFile(plan), handlersFile(plan)] : []),
        { path: `${plan.folder}/asyncapi.json`, ownership: 'generated' as const, json: doc.document, specs: [doc.source.file] },
      ];
    });
  },
};
