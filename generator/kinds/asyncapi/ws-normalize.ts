/**
 * From the parser's resolved document to the plain WebSocket IR (target `ws`): channels merged
 * by address, their parameters and `bindings.ws`, every message with its direction (2.x
 * publish / 3.x receive: the client sends; 2.x subscribe / 3.x send and replies: the server
 * sends), request/reply from 3.x `reply` with the correlation id, and the dispatch per direction.
 */
import type { Diagnostic } from '../../core/diagnostics.js';
import { toPointer, type SpecFile } from '../../core/spec-file.js';
import type { AsyncApiDocumentIR } from '../../ir/asyncapi.js';
import type { AsyncApiTargetChoiceIR, WsChannelIR, WsMessageIR, WsParameterIR, WsRequestIR, WsServerIR } from '../../ir/asyncapi-ws.js';
import { lowerCaseHeaders } from './normalize.js';
import { bundledDocument } from './plain-document.js';
import { resolvedPointers } from './resolved-pointers.js';
import { SchemaCollector } from './schemas.js';
import { sourcePointer } from './source-pointer.js';
import { chooseDispatch } from './ws-dispatch.js';
import { schemaFacts } from './ws-schema-facts.js';
import { WsSecurityReader } from './ws-security.js';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Field names that carry a request id when the document declares no `correlationId`. */
const idFields = ['reqid', 'reqId', 'requestId', 'request_id', 'id', 'correlationId', 'correlation_id', 'rid'];
/** Events the typed client's `on()` reserves (runtime/ws-client/client.ts). */
const clientEvents = new Set(['invalid', 'open', 'reconnect', 'close']);
const jsonType = /^(application\/(.+\+)?json|text\/json)\b/i;

/** One channel address while it is being read. */
interface Draft {
  address: string;
  keys: string[];
  description?: string;
  parameters: Map<string, WsParameterIR>;
  query?: string;
  headers?: string;
  messages: Map<object, { message: Json; key?: string; toServer: boolean; toClient: boolean }>;
  requests: { operation: string; request: Json[]; replies: Json[]; summary?: string; pointer: string }[];
  pointer: string;
}

/** Normalizes one parsed document for the ws target; `name` is its unique document name. */
export function normalizeWsDocument(json: Json, file: SpecFile, name: string, target: AsyncApiTargetChoiceIR): { ir: AsyncApiDocumentIR; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const pointerOf = resolvedPointers(json);
  const where = (node: object, fallback = ''): string => sourcePointer(file.data, pointerOf(node) ?? fallback);
  const schemas = new SchemaCollector(file, (node) => {
    const pointer = pointerOf(node);
    return pointer === undefined ? undefined : sourcePointer(file.data, pointer);
  });
  const security = new WsSecurityReader(json, file, pointerOf);
  const isV3 = String(json.asyncapi ?? '').startsWith('3.');
  const defaultContentType = text(json.defaultContentType) ?? 'application/json';
  const components = isObject(json.components) ? json.components : {};
  const componentKey = new Map<object, string>(Object.entries(isObject(components.messages) ? components.messages : {}).filter(([, m]) => isObject(m)).map(([k, m]) => [m as object, k]));

  const servers: WsServerIR[] = Object.entries(isObject(json.servers) ? json.servers : {})
    .filter((e): e is [string, Json] => isObject(e[1]))
    .map(([key, server]) => ({ name: key, protocol: String(server.protocol ?? 'ws'), url: serverUrl(server), source: { file: file.path, pointer: where(server, toPointer('servers', key)) } }))
    .sort(byName);
  const firstServer = servers[0] ? (json.servers as Json)[servers[0].name] : undefined;
  const requirements = isObject(firstServer) ? security.requirements(firstServer.security, `${servers[0]!.source.pointer}/security`) : [];

  const drafts = new Map<string, Draft>();
  const draftOf = (channel: Json, key: string): Draft => {
    const raw = isV3 ? (typeof channel.address === 'string' ? channel.address : '/') : key;
    const address = raw.startsWith('/') ? raw : `/${raw}`;
    let draft = drafts.get(address);
    if (!draft) {
      draft = { address, keys: [], parameters: new Map(), messages: new Map(), requests: [], pointer: where(channel, toPointer('channels', key)) };
      drafts.set(address, draft);
    }
    if (!draft.keys.includes(key)) {
      draft.keys.push(key);
      readChannel(draft, channel, key);
    }
    return draft;
  };
  const readChannel = (draft: Draft, channel: Json, key: string) => {
    const pointer = where(channel, toPointer('channels', key));
    draft.description ??= text(channel.description);
    for (const [param, value] of Object.entries(isObject(channel.parameters) ? channel.parameters : {})) {
      if (draft.parameters.has(param) || !isObject(value)) continue;
      // 3.x parameters carry enum/default themselves; 2.x ones a `schema`.
      const schema = isObject(value.schema) ? value.schema : { type: 'string', ...(Array.isArray(value.enum) ? { enum: value.enum } : {}) };
      const at = { file: file.path, pointer: `${pointer}/parameters/${param}` };
      draft.parameters.set(param, { name: param, schema: schemas.add(schema, `${draft.address} ${param} parameter`, at), source: at });
    }
    const ws = isObject(channel.bindings) && isObject(channel.bindings.ws) ? channel.bindings.ws : {};
    const at = (part: string) => ({ file: file.path, pointer: `${pointer}/bindings/ws/${part}` });
    if (ws.query !== undefined && !draft.query) draft.query = schemas.add(ws.query, `${draft.address} query`, at('query'));
    if (ws.headers !== undefined && !draft.headers) draft.headers = schemas.add(lowerCaseHeaders(ws.headers), `${draft.address} headers`, at('headers'));
  };
  const keyOf = (channel: Json, message: object) => Object.entries(isObject(channel.messages) ? channel.messages : {}).find(([, m]) => m === message)?.[0];
  const addMessages = (draft: Draft, channel: Json, list: unknown[], direction: 'toServer' | 'toClient') => {
    for (const message of list) {
      if (!isObject(message)) continue;
      const entry = draft.messages.get(message) ?? { message, toServer: false, toClient: false, ...(keyOf(channel, message) ? { key: keyOf(channel, message)! } : {}) };
      entry[direction] = true;
      draft.messages.set(message, entry);
    }
  };

  for (const [key, channel] of Object.entries(isObject(json.channels) ? json.channels : {})) {
    if (!isObject(channel)) continue;
    const draft = draftOf(channel, key);
    if (!isV3) {
      for (const [op, direction] of [['publish', 'toServer'], ['subscribe', 'toClient']] as const) {
        const operation = channel[op];
        if (!isObject(operation) || !isObject(operation.message)) continue;
        addMessages(draft, channel, Array.isArray(operation.message.oneOf) ? operation.message.oneOf : [operation.message], direction);
      }
    }
  }
  if (isV3)
    for (const [key, operation] of Object.entries(isObject(json.operations) ? json.operations : {})) {
      if (!isObject(operation) || !isObject(operation.channel)) continue;
      const channel = operation.channel;
      const channelKey = Object.entries(json.channels as Json).find(([, c]) => c === channel)?.[0] ?? key;
      const draft = draftOf(channel, channelKey);
      const all = Object.values(isObject(channel.messages) ? channel.messages : {});
      const messages = Array.isArray(operation.messages) && operation.messages.length > 0 ? operation.messages : all;
      const toServer = operation.action === 'receive';
      addMessages(draft, channel, messages, toServer ? 'toServer' : 'toClient');
      const reply = operation.reply;
      if (!isObject(reply)) continue;
      const replyChannel = isObject(reply.channel) ? reply.channel : channel;
      const replies = Array.isArray(reply.messages) && reply.messages.length > 0 ? reply.messages : Object.values(isObject(replyChannel.messages) ? replyChannel.messages : {});
      // Replies travel on the request's connection, whatever channel the document files them under.
      addMessages(draft, replyChannel, replies, toServer ? 'toClient' : 'toServer');
      if (toServer)
        draft.requests.push({ operation: key, request: messages.filter(isObject), replies: replies.filter(isObject), ...(text(operation.summary) ? { summary: text(operation.summary)! } : {}), pointer: where(operation, toPointer('operations', key)) });
    }

  const channels: WsChannelIR[] = [];
  for (const draft of [...drafts.values()].sort((a, b) => (a.address < b.address ? -1 : 1))) {
    // Names: `name`, else the message's key in its channel or in components, else messageId.
    const names = new Map<object, string>();
    const taken = new Set<string>();
    const entries = [...draft.messages.values()].map((entry) => ({ ...entry, base: text(entry.message.name) ?? entry.key ?? componentKey.get(entry.message) ?? text(entry.message.messageId) ?? 'message' }));
    entries.sort((a, b) => (a.base < b.base ? -1 : a.base > b.base ? 1 : 0));
    for (const entry of entries) {
      let unique = entry.base;
      for (let n = 2; taken.has(unique); n++) unique = `${entry.base}${n}`;
      taken.add(unique);
      names.set(entry.message, unique);
    }
    const messages: WsMessageIR[] = entries.map((entry) => readMessage(entry.message, names.get(entry.message)!, entry.toServer, entry.toClient));
    const facts = new Map(entries.map((e) => [names.get(e.message)!, schemaFacts(unwrapPayload(e.message.payload, isV3))]));
    const dispatchOf = (direction: 'toServer' | 'toClient', label: string) => {
      // Binary and plain-text frames are told apart from JSON ones by their frame, not their fields.
      const inputs = messages.filter((m) => m[direction]).map((m) => ({ name: m.name, facts: facts.get(m.name)!, binary: m.binary || !jsonType.test(m.contentType), pointer: m.source.pointer }));
      const { dispatch, diagnostics: found } = chooseDispatch(inputs, file, `${label} on ${draft.address}`);
      diagnostics.push(...found);
      return dispatch;
    };
    const requests: WsRequestIR[] = draft.requests
      .map((r) => {
        const request = r.request.map((m) => names.get(m)!).filter(Boolean);
        const replies = r.replies.map((m) => names.get(m)!).filter(Boolean);
        const correlation = correlationOf([...r.request, ...r.replies], request, replies, facts, file, r.pointer, diagnostics);
        return { operation: r.operation, request, replies, ...(correlation ? { correlation } : {}), ...(r.summary ? { summary: r.summary } : {}), source: { file: file.path, pointer: r.pointer } };
      })
      .sort((a, b) => (a.operation < b.operation ? -1 : 1));
    channels.push({
      address: draft.address,
      keys: [...draft.keys].sort(),
      ...(draft.description ? { description: draft.description } : {}),
      parameters: [...draft.parameters.values()].sort(byName),
      ...(draft.query ? { query: draft.query } : {}),
      ...(draft.headers ? { headers: draft.headers } : {}),
      messages: [...messages].sort(byName),
      toServer: dispatchOf('toServer', 'sent by clients'),
      toClient: dispatchOf('toClient', 'sent by the server'),
      requests,
      security: requirements,
      source: { file: file.path, pointer: draft.pointer },
    });
  }

  function readMessage(message: Json, messageName: string, toServer: boolean, toClient: boolean): WsMessageIR {
    const pointer = where(message);
    const payload = unwrapPayload(message.payload, isV3);
    const contentType = text(message.contentType) ?? defaultContentType;
    const binaryFormat = isObject(payload) && payload.type === 'string' && payload.format === 'binary';
    const binary = binaryFormat || !(jsonType.test(contentType) || /^text\//i.test(contentType));
    const correlation = correlationPointer(message.correlationId);
    const summary = text(message.summary);
    const description = text(message.description);
    return {
      name: messageName,
      // A binary payload is bytes on the wire: its `format: binary` string schema would refuse a Uint8Array.
      ...(payload !== undefined && !binary ? { payload: schemas.add(payload, `${componentKey.get(message) ?? messageName} payload`, { file: file.path, pointer: `${pointer}/payload` }) } : {}),
      contentType,
      binary,
      toServer,
      toClient,
      ...(correlation ? { correlation } : {}),
      ...(summary ? { summary } : {}),
      ...(description ? { description } : {}),
      source: { file: file.path, pointer },
    };
  }

  // The typed client's on() also carries its own events; such a message is reached with onMessage().
  for (const channel of channels)
    for (const message of channel.messages)
      if (message.toClient && clientEvents.has(message.name))
        diagnostics.push(
          file.diagnostic('warning', 'AAPI043', message.source.pointer, `message ${message.name} on ${channel.address} is named like a client event`, `client.on('${message.name}') gets the client's own event; listen to the message with client.onMessage('${message.name}')`),
        );
  diagnostics.push(...security.diagnostics, ...schemas.diagnostics);
  const info = isObject(json.info) ? json.info : {};
  const description = text(info.description);
  return {
    ir: {
      name,
      title: text(info.title) ?? name,
      version: String(info.version ?? ''),
      asyncapi: String(json.asyncapi ?? ''),
      ...(description ? { description } : {}),
      path: '/',
      schemas: schemas.list(),
      namespaces: [],
      securitySchemes: [],
      document: bundledDocument(file.data, json),
      target,
      ws: { servers, channels, securitySchemes: security.schemes() },
      source: { file: file.path, pointer: '' },
    },
    diagnostics,
  };
}

/** A 3.x multi-format schema object wraps the schema in `schema`. */
function unwrapPayload(payload: unknown, isV3: boolean): unknown {
  return isV3 && isObject(payload) && 'schemaFormat' in payload && 'schema' in payload ? payload.schema : payload;
}

/** `$message.payload#/reqid` → `/reqid`; header locations have no place in a WebSocket frame. */
function correlationPointer(correlationId: unknown): string | undefined {
  const location = isObject(correlationId) ? text(correlationId.location) : undefined;
  const match = location?.match(/^\$message\.payload#(\/.*)$/);
  return match ? match[1] : undefined;
}

/** The request's correlation id: declared on its messages, else a shared id-like field. */
function correlationOf(
  raw: Json[],
  request: string[],
  replies: string[],
  facts: Map<string, ReturnType<typeof schemaFacts>>,
  file: SpecFile,
  pointer: string,
  diagnostics: Diagnostic[],
): string | undefined {
  for (const message of raw) {
    const declared = correlationPointer(message.correlationId);
    if (declared) return declared;
    if (isObject(message.correlationId) && text(message.correlationId.location))
      diagnostics.push(
        file.diagnostic('warning', 'AAPI042', pointer, `correlation id at ${String(message.correlationId.location)} cannot travel in a WebSocket frame (no headers)`, 'locate it in the payload: $message.payload#/id'),
      );
  }
  const all = [...request, ...replies];
  const field = idFields.find((id) => all.every((m) => facts.get(m)?.properties.has(id)));
  return field === undefined ? undefined : `/${field}`;
}

function serverUrl(server: Json): string {
  const variables = isObject(server.variables) ? server.variables : {};
  const fill = (value: string) =>
    value.replace(/\{([^}]+)\}/g, (whole, variable: string) => {
      const spec = variables[variable];
      const chosen = isObject(spec) ? (spec.default ?? (Array.isArray(spec.enum) ? spec.enum[0] : undefined)) : undefined;
      return chosen === undefined ? whole : String(chosen);
    });
  const protocol = String(server.protocol ?? 'ws');
  if (typeof server.url === 'string') {
    const url = fill(server.url);
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `${protocol}://${url}`;
  }
  const host = fill(String(server.host ?? 'localhost'));
  const pathname = typeof server.pathname === 'string' ? fill(server.pathname) : '';
  return `${protocol}://${host}${pathname}`;
}
