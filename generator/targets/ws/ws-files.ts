/**
 * The files of a plain WebSocket document (target `ws`), beside the shared `types.ts` and
 * `validators.ts`: `api.ts` (message types and runtime spec per channel, browser-safe),
 * `client.ts`, `server.ts`, `handlers.ts`, `asyncapi.json` (docs), and the handler and security
 * stubs (written once). Technique: handlebars over the ws plan (templates/asyncapi-ws/).
 */
import { stringLiteral } from '../../core/escape.js';
import type { WsSecuritySchemeIR } from '../../ir/asyncapi-ws.js';
import type { ProjectIR } from '../../ir/types.js';
import type { WsSecuritySchemeSpec } from '../../../runtime/ws/security.js';
import { importPath } from '../types/asyncapi-plan.js';
import type { PlannedFile, PlanOptions, Target } from '../types.js';
import { dispatchData, planWsDocument, type WsChannelPlan, type WsDocumentPlan } from './ws-plan.js';

const hookTypes: Record<string, string> = {
  httpBasic: '(username: string, password: string, context: WsSecurityContext) => unknown',
  httpBearer: '(token: string, context: WsSecurityContext) => unknown',
  oauth2: '(token: string, context: WsSecurityContext) => unknown',
  apiKey: '(apiKey: string, context: WsSecurityContext) => unknown',
  hook: '(context: WsSecurityContext) => unknown',
  X509: '(certificate: PeerCertificate, context: WsSecurityContext) => unknown',
};

/** The hook kind of a scheme: X509 gets the TLS peer certificate; other hook-only schemes the request. */
function hookKind(s: { carrier: string; type: string }): string {
  return s.type === 'X509' ? 'X509' : s.carrier === 'hook' ? 'hook' : s.type;
}

function specName(channel: WsChannelPlan): string {
  return `${channel.prefix.charAt(0).toLowerCase()}${channel.prefix.slice(1)}Channel`;
}

/** Handler signature data of one channel: the payload type and what the handler returns. */
function handlerData(channel: WsChannelPlan) {
  const api = `A.${channel.prefix}Api`;
  return channel.toServer.map((m) => {
    const operation = channel.requests.find((r) => r.request === m.ir.name)?.operation;
    const reply = operation === undefined ? undefined : `${api}['requests'][${stringLiteral(operation)}]['reply']`;
    return {
      name: m.ir.name,
      type: `${api}['toServer'][${stringLiteral(m.ir.name)}]`,
      reply: reply !== undefined,
      result: reply ? `${reply} | Promise<${reply}>` : 'void | Promise<void>',
      notImplemented: `not implemented: ${m.ir.name}`,
    };
  });
}

function channelData(plan: WsDocumentPlan, channel: WsChannelPlan) {
  const ir = channel.ir;
  const direction = (list: typeof channel.toServer, dispatch: typeof ir.toServer) => ({
    messages: list.map((m) => ({ name: m.ir.name, validator: m.validator ?? null, binary: m.ir.binary, plainText: m.plainText })),
    ...dispatchData(dispatch),
  });
  return {
    address: ir.address,
    description: ir.description ?? null,
    prefix: channel.prefix,
    specName: specName(channel),
    connectFunction: `connect${channel.prefix}`,
    defaultUrl: plan.defaultUrl,
    toServer: channel.toServer.map((m) => ({ name: m.ir.name, type: m.type })),
    toClient: channel.toClient.map((m) => ({ name: m.ir.name, type: m.type })),
    toServerData: direction(channel.toServer, ir.toServer),
    toClientData: direction(channel.toClient, ir.toClient),
    requests: channel.requests.map((r) => ({ ...r, correlation: r.correlation ?? null })),
    parameters: ir.parameters.filter((p) => p.schema).map((p) => ({ name: p.name, validator: channelValidator(plan, p.schema!) })),
    query: ir.query ? channelValidator(plan, ir.query) : null,
    headers: ir.headers ? channelValidator(plan, ir.headers) : null,
    paramsType: channel.paramsType,
    queryType: channel.queryType,
    headersType: channel.headersType,
    hasParams: channel.hasParams,
    handlers: handlerData(channel),
    security: ir.security,
    stubName: channel.stubName,
  };
}

/** `V.validateX` of any schema of the document (validators are named after the canonical type). */
function channelValidator(plan: WsDocumentPlan, schema: string): string {
  return plan.validatorOf(schema)!;
}

function documentData(plan: WsDocumentPlan) {
  return {
    title: plan.doc.title,
    defaultUrl: plan.defaultUrl,
    basePath: basePathOf(plan.defaultUrl),
    usesTypes: plan.usesTypes,
    usesValidators: plan.usesValidators,
    usesX509: plan.schemes.some((s) => s.type === 'X509'),
    channels: plan.channels.map((c) => channelData(plan, c)),
    schemes: plan.schemes.map((s) => ({
      name: s.name,
      hookType: hookTypes[hookKind(s)] ?? hookTypes.hook,
      summary: `${s.name} (${s.type}${s.in ? ` in ${s.in}` : ''})${s.type === 'X509' ? ': the TLS client certificate (serve over TLS with requestCert)' : s.carrier === 'hook' ? ': not carried by the handshake; the hook reads the upgrade request' : ''}`,
    })),
    securitySchemes: Object.fromEntries(plan.schemes.map((s) => [s.name, wsRuntimeScheme(s)])),
  };
}

/** A scheme as runtime/ws/security.ts checks it (also what `sockgen mock` checks). */
export function wsRuntimeScheme(s: WsSecuritySchemeIR): WsSecuritySchemeSpec {
  return s.type === 'X509' ? { type: 'x509' } : s.carrier === 'hook' ? { type: 'hook' } : s.type === 'apiKey' ? { type: 'apiKey', in: s.in as 'header' | 'query' | 'cookie', name: s.keyName! } : { type: s.type as 'httpBasic' | 'httpBearer' | 'oauth2' };
}

/** The path of the server URL (`ws://host:8080/api` → `/api`); empty when none or unparsable. */
function basePathOf(url: string): string | null {
  try {
    const path = new URL(url).pathname.replace(/\/+$/, '');
    return path === '' ? null : decodeURI(path);
  } catch {
    return null;
  }
}

/** Plans every ws document's files. */
export const wsFilesTarget: Target = {
  name: 'ws/asyncapi',
  plan(ir: ProjectIR, options: PlanOptions): PlannedFile[] {
    return (ir.asyncapi?.documents ?? [])
      .filter((doc) => doc.target?.target === 'ws' && doc.ws)
      .flatMap((doc) => {
        const plan = planWsDocument(doc, options);
        const data = documentData(plan);
        const specs = [doc.source.file];
        const file = (name: string, template: string, extra: object = {}): PlannedFile => ({
          path: `${plan.folder}/${name}`,
          ownership: 'generated',
          template: `asyncapi-ws/${template}`,
          data: { ...data, ...extra },
          specs,
        });
        const serverPath = (module: string) => importPath(module, `${plan.folder}/server.ts`);
        const stubs: PlannedFile[] = plan.channels.map((channel) => ({
          path: channel.stubModule,
          ownership: 'once',
          template: 'asyncapi-ws/stub.ts',
          data: { ...channelData(plan, channel), title: doc.title, serverPath: serverPath(channel.stubModule) },
          specs,
        }));
        if (plan.schemes.length > 0)
          stubs.push({ path: plan.securityModule, ownership: 'once', template: 'asyncapi-ws/security.ts', data: { ...data, serverPath: serverPath(plan.securityModule) }, specs });
        return [
          file('api.ts', 'api.ts'),
          file('client.ts', 'client.ts'),
          file('server.ts', 'server.ts'),
          file('handlers.ts', 'handlers.ts', {
            handlersFolder: plan.handlersFolder,
            imports: plan.channels.map((c) => ({ name: c.stubName, path: importPath(`${plan.folder}/handlers.ts`, c.stubModule) })),
            securityPath: importPath(`${plan.folder}/handlers.ts`, plan.securityModule),
          }),
          { path: `${plan.folder}/asyncapi.json`, ownership: 'generated', json: doc.document, specs },
          ...stubs,
        ];
      });
  },
};
