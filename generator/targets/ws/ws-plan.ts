/**
 * Names and shapes every plain WebSocket target agrees on, decided once per document: a prefix
 * per channel address, the TypeScript type and validator of each message, the request/reply
 * operations, the security hooks and where the handler stubs live. Types and validators come
 * from the shared AsyncAPI types/validators targets (same folder, same names).
 */
import { stringLiteral } from '../../core/escape.js';
import { kebabCase, pascalCase, uniqueNames } from '../../core/naming.js';
import type { AsyncApiDocumentIR, WsChannelIR, WsDispatchIR, WsMessageIR, WsSecuritySchemeIR } from '../../ir/asyncapi.js';
import { planDocument, validatorName } from '../types/asyncapi-plan.js';
import { canonicalValidators } from '../types/asyncapi-schemas.js';
import type { PlanOptions } from '../types.js';

/** One message as the templates show it. */
export interface WsMessagePlan {
  readonly ir: WsMessageIR;
  /** TypeScript type of its payload (`T.Ping`, `Uint8Array`, `unknown`). */
  readonly type: string;
  /** Validator expression (`V.validatePing`), when it has a schema. */
  readonly validator?: string;
  readonly plainText: boolean;
}

/** One request/reply operation. */
export interface WsRequestPlan {
  readonly operation: string;
  readonly request: string;
  readonly requestType: string;
  readonly replies: readonly string[];
  readonly replyType: string;
  readonly correlation?: readonly string[];
}

/** One channel address. */
export interface WsChannelPlan {
  readonly ir: WsChannelIR;
  /** `Main` for `/`, else from its channel key or address. */
  readonly prefix: string;
  readonly messages: ReadonlyMap<string, WsMessagePlan>;
  readonly toServer: readonly WsMessagePlan[];
  readonly toClient: readonly WsMessagePlan[];
  readonly requests: readonly WsRequestPlan[];
  readonly paramsType: string;
  readonly queryType: string;
  readonly headersType: string;
  readonly hasParams: boolean;
  /** Stub module of the channel's handlers (project-relative) and its export. */
  readonly stubModule: string;
  readonly stubName: string;
}

/** Everything the ws targets share about one document. */
export interface WsDocumentPlan {
  readonly doc: AsyncApiDocumentIR;
  readonly folder: string;
  readonly handlersFolder: string;
  readonly defaultUrl: string;
  readonly channels: readonly WsChannelPlan[];
  readonly schemes: readonly WsSecuritySchemeIR[];
  readonly securityModule: string;
  readonly usesTypes: boolean;
  readonly usesValidators: boolean;
  /** `V.validateX` of a schema name. */
  readonly validatorOf: (schema: string | undefined) => string | undefined;
}

const cache = new WeakMap<AsyncApiDocumentIR, WsDocumentPlan>();

/** The ws plan of one document (computed once, shared by every ws target). */
export function planWsDocument(doc: AsyncApiDocumentIR, options: PlanOptions): WsDocumentPlan {
  const cached = cache.get(doc);
  if (cached && cached.folder === `${options.outDir}/asyncapi/${doc.name}`) return cached;
  const base = planDocument(doc, options);
  const canonical = canonicalValidators(base);
  const ws = doc.ws!;
  const typeOf = (schema: string | undefined) => (schema ? `T.${base.typeNames.get(schema)!}` : undefined);
  const validatorOf = (schema: string | undefined) => (schema ? `V.${validatorName(canonical.get(base.typeNames.get(schema)!)!)}` : undefined);
  const prefixes = uniqueNames(
    ws.channels.map((c) => c.address),
    (address) => {
      const channel = ws.channels.find((c) => c.address === address)!;
      return channel.keys.length === 1 ? pascalCase(channel.keys[0]!) : address === '/' ? 'Main' : pascalCase(address.replace(/\{[^}]*\}/g, ''));
    },
    ['Handlers', 'SecurityHooks', 'Server', 'Api'],
  );
  const channels = ws.channels.map((ir): WsChannelPlan => {
    const prefix = prefixes.get(ir.address)!;
    const messages = new Map<string, WsMessagePlan>();
    for (const message of ir.messages) {
      const validator = validatorOf(message.payload);
      messages.set(message.name, {
        ir: message,
        type: message.binary ? 'Uint8Array' : (typeOf(message.payload) ?? 'unknown'),
        ...(validator ? { validator } : {}),
        plainText: !message.binary && !/json/i.test(message.contentType),
      });
    }
    const union = (names: readonly string[]) => [...new Set(names.map((n) => messages.get(n)!.type))].join(' | ') || 'never';
    const requests = ir.requests
      .filter((r) => r.request.length > 0 && r.replies.length > 0)
      .map((r) => ({
        operation: r.operation,
        request: r.request[0]!,
        requestType: union(r.request.slice(0, 1)),
        replies: r.replies,
        replyType: union(r.replies),
        ...(r.correlation ? { correlation: r.correlation.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')) } : {}),
      }));
    const record = (schema: string | undefined) => typeOf(schema) ?? 'Record<string, string>';
    const paramsType = ir.parameters.length === 0 ? 'Record<string, never>' : `{ ${ir.parameters.map((p) => `${stringLiteral(p.name)}: ${typeOf(p.schema) ?? 'string'}`).join('; ')} }`;
    return {
      ir,
      prefix,
      messages,
      toServer: ir.messages.filter((m) => m.toServer).map((m) => messages.get(m.name)!),
      toClient: ir.messages.filter((m) => m.toClient).map((m) => messages.get(m.name)!),
      requests,
      paramsType,
      queryType: record(ir.query),
      headersType: record(ir.headers),
      hasParams: ir.parameters.length > 0,
      stubModule: `${base.handlersFolder}/${ir.address === '/' ? 'main' : kebabCase(ir.address.replace(/[{}]/g, '')) || 'main'}.ts`,
      stubName: `${prefix.charAt(0).toLowerCase()}${prefix.slice(1)}Handlers`,
    };
  });
  const plan: WsDocumentPlan = {
    doc,
    folder: base.folder,
    handlersFolder: base.handlersFolder,
    defaultUrl: ws.servers[0]?.url ?? 'ws://localhost:8080',
    channels,
    schemes: ws.securitySchemes,
    securityModule: `${base.handlersFolder}/security.ts`,
    usesTypes: doc.schemas.length > 0,
    validatorOf,
    usesValidators: channels.some((c) => [...c.messages.values()].some((m) => m.validator) || c.ir.query || c.ir.headers || c.ir.parameters.some((p) => p.schema)),
  };
  cache.set(doc, plan);
  return plan;
}

/** The runtime's dispatch data of one direction, as template data. */
export function dispatchData(dispatch: WsDispatchIR): { discriminator?: string; tags: { key: string; message: string }[]; order: string[] } {
  return {
    ...(dispatch.discriminator !== undefined ? { discriminator: dispatch.discriminator } : {}),
    tags: dispatch.tags.map((t) => ({ key: JSON.stringify(t.value), message: t.message })),
    order: [...dispatch.order],
  };
}
