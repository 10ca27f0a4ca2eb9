/**
 * What `sockgen mock` serves, read the way generation reads it: the file goes through the
 * AsyncAPI kind (same parser, ref containment, normalization and diagnostics as `npx generate`),
 * so the mock accepts and refuses exactly what generation does, and its namespaces and events
 * are the IR's — one per namespace however many channels share an address, replies as acks,
 * tuples as argument lists, channel parameters as dynamic namespaces.
 */
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { Diagnostic } from '../../core/diagnostics.js';
import { projectFiles } from '../../core/project-files.js';
import { createSpecFile } from '../../core/spec-file.js';
import type { AsyncApiDocumentIR, AsyncApiMessageIR } from '../../ir/asyncapi.js';
import { asyncapiKind } from '../../kinds/asyncapi/index.js';
import { queryTypes, runtimeScheme } from '../../targets/server/asyncapi-runtime-spec.js';
import { cachedMockLoad } from './mock-model-cache.js';
import type { LoadContext } from '../../kinds/types.js';
import type { SocketDocumentInfo, SocketEventInfo } from '../../../runtime/socketio/mock-document.js';

/** The document as generation sees it (undefined on errors), with the diagnostics to print. */
export interface MockModel {
  readonly doc?: AsyncApiDocumentIR;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Loads `path` through the AsyncAPI kind. The project root is the working folder when the file
 * is inside it, else the file's own folder: `$ref`s never leave it. `cache` false (`--no-cache`)
 * loads it anew and stores nothing.
 */
export async function loadMockModel(path: string, strict: boolean, cache = true): Promise<MockModel> {
  const absolute = resolve(path);
  const cwd = process.cwd();
  const inside = !relative(cwd, absolute).startsWith('..');
  const root = inside ? cwd : dirname(absolute);
  const file = relative(root, absolute).replace(/\\/g, '/');
  const spec = createSpecFile(file, absolute, readFileSync(absolute, 'utf8'));
  if (spec.syntaxErrors.length > 0) return { diagnostics: spec.syntaxErrors };
  const context = { root, strict, ...projectFiles(root) };
  const load = async (through: LoadContext) => {
    const result = await asyncapiKind.load([spec], through);
    const failed = result.diagnostics.some((d) => d.severity === 'error');
    return { doc: failed ? null : (result.ir.documents[0] ?? null), diagnostics: result.diagnostics };
  };
  const { doc, diagnostics } = cache ? await cachedMockLoad(file, spec.text, context, load) : await load(context);
  return { ...(doc ? { doc: doc as AsyncApiDocumentIR } : {}), diagnostics };
}

function optionalQueryTypes(types: Record<string, 'number' | 'boolean'> | null): { queryTypes?: Record<string, 'number' | 'boolean'> } {
  return types ? { queryTypes: types } : {};
}

/** The mock server's view of a Socket.IO document IR: every schema self-contained. */
export function mockDocumentOf(doc: AsyncApiDocumentIR): SocketDocumentInfo {
  // IR schemas refer to each other as `#/definitions/<name>`: each event schema carries them all.
  const definitions = Object.fromEntries(doc.schemas.map((s) => [s.name, s.schema]));
  const schema = (name: string | undefined) => (name === undefined ? undefined : { $ref: `#/definitions/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`, definitions });
  const event = (m: AsyncApiMessageIR): SocketEventInfo => ({
    name: m.event,
    ...(m.component ? { messageId: m.component } : {}),
    ...(m.summary ? { summary: m.summary } : {}),
    ...(m.description ? { description: m.description } : {}),
    ...(m.payload !== undefined ? { payload: schema(m.payload) } : {}),
    ...(m.ack !== undefined ? { ack: schema(m.ack) } : {}),
    ...(m.tuple !== undefined ? { tuple: m.tuple } : {}),
    ...(m.handler ? { handler: m.handler.path } : {}),
  });
  return {
    asyncapi: doc.asyncapi,
    title: doc.title,
    version: doc.version,
    ...(doc.description ? { description: doc.description } : {}),
    servers: [],
    path: doc.path,
    namespaces: doc.namespaces.map((ns) => ({
      name: ns.name,
      channel: ns.source.pointer,
      ...(ns.description ? { description: ns.description } : {}),
      clientEvents: ns.receive.map(event),
      serverEvents: ns.send.map(event),
      ...(ns.parameters ? { parameters: { names: ns.parameters.names, numeric: ns.parameters.numeric, schema: schema(ns.parameters.schema) } } : {}),
      // Checked on connect as the generated server checks them (the mock's hooks accept any credential).
      handshake: {
        ...(ns.query ? { query: schema(ns.query) } : {}),
        ...(ns.query ? optionalQueryTypes(queryTypes(doc, ns.query)) : {}),
        ...(ns.headers ? { headers: schema(ns.headers) } : {}),
        security: ns.security,
      },
    })),
    securitySchemes: {},
    schemes: Object.fromEntries(doc.securitySchemes.map((s) => [s.name, runtimeScheme(s)])),
  };
}
