/**
 * Per socket and script: the JSON Schemas of a TypeScript handler's `Args` and result, read from
 * the handler in handlers/ (through the project view, so the generation cache keys on it). A stub
 * not written yet is read as the text this run writes for it, so the first run and the next agree;
 * so is the generated types.ts the handlers import their context type from.
 * Computed once per IR (the definition.ts and openapi.json targets both ask).
 */
import { posix } from 'node:path';
import { formatText } from '../../core/format.js';
import { renderTemplate } from '../../core/render.js';
import type { ProjectIR } from '../../ir/types.js';
import { planSocket } from '../shared/socket-plan.js';
import { stubOf } from '../stubs/sockets.js';
import type { PlanOptions } from '../types.js';
import { typesData } from '../types/sockets.js';
import { pristineStubSchemas, type PristineStubSchemas } from './pristine-stubs.js';
import { checkHandlerTypes, checksInBackground } from './handler-checker.js';
import type { HandlerSchemas, HandlerSource } from './ts-type-schema.js';

/** Handler files larger than this are not type-checked (their schemas stay generic). */
const maxHandlerBytes = 1024 * 1024;

const computed = new WeakMap<ProjectIR['sockets'], Promise<Map<string, Record<string, HandlerSchemas>>>>();

/**
 * Script schemas by socket name, then script name; a script without any is absent. Keyed by the
 * sockets section: the run asks as soon as that section has loaded (openapi/sockets.ts `loaded`),
 * so the checker works while the other kinds still load.
 */
export function scriptSchemasOf(sockets: ProjectIR['sockets'], options: PlanOptions): Promise<Map<string, Record<string, HandlerSchemas>>> {
  let bySocket = computed.get(sockets);
  if (!bySocket) computed.set(sockets, (bySocket = readScriptSchemas(sockets, options)));
  return bySocket;
}

async function readScriptSchemas(ir: ProjectIR['sockets'], options: PlanOptions): Promise<Map<string, Record<string, HandlerSchemas>>> {
  const sources: { socket: string; script: string; path: string; text: string }[] = [];
  const plans: ReturnType<typeof planSocket>[] = [];
  // Handlers that differ from their stub's raw text, with that text: edited, or written formatted.
  const differing: { path: string; text: string; stubText: string; template: string }[] = [];
  const pristine = new Map<string, string>();
  for (const socket of ir.sockets) {
    const plan = planSocket(socket, options);
    plans.push(plan);
    for (const script of plan.scripts) {
      const own = handlerText(script.stubPath, options);
      if (own === null) continue;
      const stub = stubOf(plan, script);
      const stubText = renderTemplate(stub.template!, stub.data ?? {});
      const text = own === undefined ? stubText : own;
      sources.push({ socket: socket.name, script: script.raw, path: script.stubPath, text });
      if (text === stubText) pristine.set(script.stubPath, stub.template!);
      else differing.push({ path: script.stubPath, text, stubText, template: stub.template! });
    }
  }
  // Asked before anything here awaits: the checker starts while this thread still loads the other
  // kinds. A differing handler that turns out to be its stub as formatted (the template's raw text
  // is not always formatted) is answered from the known stub schemas instead; when all of them
  // are, the question is withdrawn.
  // (From the TypeScript sources the checker runs in this thread: it is asked after the comparison.)
  const withdraw = new AbortController();
  // The checker reads them beside the generated types.ts each imports its context from, as this run
  // writes it; rendered only when a handler is to be checked (50 sockets of unedited stubs need none).
  const generated = (): HandlerSource[] => plans.map((plan) => ({ path: `${plan.folder}/types.ts`, text: renderTemplate('sockets/types.ts', typesData(plan)) }));
  const ask = async () => (differing.length === 0 ? new Map<string, HandlerSchemas>() : checkHandlerTypes([...generated(), ...sources], differing.map((handler) => handler.path), withdraw.signal).catch(() => new Map<string, HandlerSchemas>()));
  const early = checksInBackground ? ask() : undefined;
  let edited = 0;
  for (const handler of differing) {
    if (handler.text === (await formatText(handler.stubText, 'typescript', handler.path))) pristine.set(handler.path, handler.template);
    else edited++;
  }
  if (edited === 0) withdraw.abort();
  // A handler the checker cannot take keeps the generic schemas: no schema is no error.
  const found = new Map(edited === 0 ? [] : await (early ?? ask()));
  const known = await knownStubSchemas();
  for (const [path, template] of pristine) {
    const schemas = known[template];
    if (schemas) found.set(path, structuredClone(schemas));
  }
  const bySocket = new Map<string, Record<string, HandlerSchemas>>();
  for (const source of sources) {
    const schemas = found.get(source.path);
    if (!schemas) continue;
    const scripts = bySocket.get(source.socket) ?? {};
    scripts[source.script] = schemas;
    bySocket.set(source.socket, scripts);
  }
  return bySocket;
}

/** The schemas of unedited stubs; none when they cannot be read (no schema is no error). */
const knownStubSchemas = (): Promise<PristineStubSchemas> => pristineStubSchemas().catch(() => ({}));

/** The user's handler text; undefined when it does not exist (yet) or no project is given; `null` when it must not be read. */
function handlerText(path: string, options: PlanOptions): string | null | undefined {
  const project = options.project;
  if (!project) return undefined;
  const normalized = posix.normalize(path);
  // handlersDir may point outside the project (--handlers ../x): such a handler is never read.
  if (posix.isAbsolute(normalized) || normalized === '..' || normalized.startsWith('../')) return null;
  if (!project.exists(path)) return undefined;
  try {
    const text = project.readText(path);
    return Buffer.byteLength(text) <= maxHandlerBytes ? text : null;
  } catch {
    return null;
  }
}

