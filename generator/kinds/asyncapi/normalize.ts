/**
 * From the parser's resolved document to the IR (Asynction's model): channels are namespaces;
 * 2.x `publish` / 3.x `receive` messages are events the server handles, 2.x `subscribe` / 3.x
 * `send` messages events it emits; a message's `name` is its event.
 */
import { escapeForMessage, type Diagnostic } from '../../core/diagnostics.js';
import { toPointer, type SpecFile } from '../../core/spec-file.js';
import type { AsyncApiDocumentIR, AsyncApiFunctionRefIR, AsyncApiMessageIR, AsyncApiNamespaceIR } from '../../ir/asyncapi.js';
import { extensionSchemaProblem } from './extension-schemas.js';
import { bundledDocument } from './plain-document.js';
import { resolvedPointers } from './resolved-pointers.js';
import { SchemaCollector } from './schemas.js';
import { SecurityReader } from './security.js';
import { defaultSocketIoPath, serverPath } from './server-path.js';
import { sourcePointer } from './source-pointer.js';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

const byKey = <T>(key: (item: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
const dottedPath = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;
/** Events Socket.IO reserves, plus the one sockgen's servers report errors with. */
const reservedEvents = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener', 'sockgen:error']);
const jsonSchemaFormat = /^application\/(schema\+json|schema\+yaml|vnd\.aai\.asyncapi(\+json|\+yaml)?);?/;

/** How a document is read besides its own content. */
export interface NormalizeOptions {
  /**
   * False for a protocol sockgen has no runtime for (kafka, amqp, http…): only types, validators
   * and the document are generated, so channel addresses and event names need not make a
   * Socket.IO layout. Default true.
   */
  readonly runtime?: boolean;
  /** The server (config `servers`) whose path and security apply; default the first by name. */
  readonly server?: string;
}

/** Normalizes one parsed document; `name` is its unique document name. */
export function normalizeDocument(json: Json, file: SpecFile, name: string, options: NormalizeOptions = {}): { ir: AsyncApiDocumentIR; diagnostics: Diagnostic[] } {
  const runtime = options.runtime !== false;
  const diagnostics: Diagnostic[] = [];
  const pointerOf = resolvedPointers(json);
  const where = (node: object, fallback = ''): string => sourcePointer(file.data, pointerOf(node) ?? fallback);
  const ref = (node: object, fallback = '') => ({ file: file.path, pointer: where(node, fallback) });
  const schemas = new SchemaCollector(file, (node) => {
    const pointer = pointerOf(node);
    return pointer === undefined ? undefined : sourcePointer(file.data, pointer);
  });
  const security = new SecurityReader(json, file, pointerOf);
  const components = isObject(json.components) ? json.components : {};
  const componentMessages = new Map<object, string>(
    Object.entries(isObject(components.messages) ? components.messages : {}).filter(([, m]) => isObject(m)).map(([k, m]) => [m as object, k]),
  );
  const version = String(json.asyncapi ?? '');
  const isV3 = version.startsWith('3.');
  // 3.x channel message keys (`channels.<c>.messages.<key>`), for unnamed messages.
  const channelMessageKeys = new Map<object, string>();
  if (isV3)
    for (const channel of Object.values(isObject(json.channels) ? json.channels : {}))
      if (isObject(channel) && isObject(channel.messages))
        for (const [key, message] of Object.entries(channel.messages)) if (isObject(message) && !channelMessageKeys.has(message)) channelMessageKeys.set(message, key);
  /** The event of a message: its `name`, else its key (component or channel), else `messageId`. */
  const eventName = (message: Json): string =>
    text(message.name) ?? componentMessages.get(message) ?? channelMessageKeys.get(message) ?? text(message.messageId) ?? namedObjectId(message) ?? 'message';

  // Servers: the first (by name) decides the path and the default security.
  const servers = (isObject(json.servers) ? Object.entries(json.servers) : []).filter((e): e is [string, Json] => isObject(e[1])).sort(byKey((e) => e[0]));
  const chosenServer = options.server === undefined ? undefined : servers.find(([serverName]) => serverName === options.server);
  const paths = [...new Set((chosenServer ? [chosenServer] : servers).map(([, s]) => serverPath(s) ?? defaultSocketIoPath))];
  const path = paths[0] ?? defaultSocketIoPath;
  if (paths.length > 1 && runtime)
    diagnostics.push(
      file.diagnostic('warning', 'AAPI011', '/servers', `servers use different Socket.IO paths (${paths.join(', ')}); using ${path}`, 'pass `path` to createServer to serve another'),
    );
  let firstServer = servers[0];
  if (options.server !== undefined) {
    const chosen = servers.find(([serverName]) => serverName === options.server);
    if (chosen) firstServer = chosen;
    else
      diagnostics.push(
        file.diagnostic('error', 'AAPI020', '/servers', `sockgen.config.json servers names ${escapeForMessage(options.server)}, which this document does not define`, `servers here: ${servers.map(([n]) => n).join(', ') || 'none'}`),
      );
  }
  const serverSecurity = firstServer ? security.requirements(firstServer[1].security, `${where(firstServer[1])}/security`) : [];

  const functionRef = (value: unknown, pointer: string, what: string): AsyncApiFunctionRefIR | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !dottedPath.test(value)) {
      diagnostics.push(file.diagnostic('error', 'AAPI007', pointer, `${what} must be a dotted path to a function, got ${JSON.stringify(value)}`, 'e.g. my_api.handlers.user_signup'));
      return undefined;
    }
    return { path: value, source: { file: file.path, pointer } };
  };

  /** Extension schemas the parser does not check: a broken one is AAPI019, not an ajv throw later. */
  const validSchema = (schema: unknown, pointer: string, what: string): boolean => {
    const problem = extensionSchemaProblem(schema);
    if (problem) diagnostics.push(file.diagnostic('error', 'AAPI019', pointer + problem.pointer, `${what} is not a valid JSON Schema: ${problem.message}`, 'fix the schema: the validators are compiled from it'));
    return !problem;
  };

  /**
   * 3.x `operation.reply`: its messages (or, without any, those of `reply.channel`: request/reply
   * between two operations) are the acknowledgement of the operation's messages — with
   * `address.location: $message.payload#…` or no address that is exactly Socket.IO's ack callback.
   * Several reply messages: the ack is any one of their payloads.
   */
  const replies = new Map<object, { schema: unknown; pointer: string }>();
  const noteReply = (operation: Json, messages: unknown[]) => {
    const reply = operation.reply;
    if (!isObject(reply)) return;
    const replyChannel = isObject(reply.channel) ? reply.channel : undefined;
    const listed = Array.isArray(reply.messages) && reply.messages.length > 0 ? reply.messages : replyChannel && isObject(replyChannel.messages) ? Object.values(replyChannel.messages) : [];
    const payloads = listed.filter(isObject).map((m) => (isObject(m.payload) && 'schemaFormat' in m.payload && 'schema' in m.payload ? m.payload.schema : m.payload ?? {}));
    if (payloads.length === 0) return;
    const pointer = `${where(operation)}/reply`;
    const location = isObject(reply.address) ? text(reply.address.location) : undefined;
    if (location !== undefined && !location.startsWith('$message.payload#') && runtime)
      diagnostics.push(
        file.diagnostic('info', 'AAPI022', `${pointer}/address/location`, `reply address ${escapeForMessage(location)} is taken as the Socket.IO acknowledgement`, 'Socket.IO answers a request through its ack callback'),
      );
    const schema = payloads.length === 1 ? payloads[0] : { oneOf: payloads };
    for (const message of messages) if (isObject(message) && !replies.has(message)) replies.set(message, { schema, pointer });
  };

  const readMessage = (message: Json, direction: 'receive' | 'send', namespace: string): AsyncApiMessageIR | undefined => {
    const pointer = where(message);
    const event = eventName(message);
    if (reservedEvents.has(event) && runtime) {
      diagnostics.push(file.diagnostic('error', 'AAPI010', `${pointer}/name`, `event name ${event} is reserved by Socket.IO`, 'rename the message'));
      return undefined;
    }
    const component = componentMessages.get(message) ?? text(message['x-parser-unique-object-id']);
    const label = component ?? `${namespace} ${event}`;
    let payload = message.payload;
    const format = text(message.schemaFormat) ?? (isObject(payload) && text(payload.schemaFormat) && 'schema' in payload ? text(payload.schemaFormat) : undefined);
    if (isV3 && isObject(payload) && 'schemaFormat' in payload && 'schema' in payload) payload = payload.schema;
    if (format && !jsonSchemaFormat.test(format)) {
      diagnostics.push(file.diagnostic('error', 'AAPI012', `${pointer}/payload`, `payload schema format ${format} is not supported`, 'use a JSON Schema (AsyncAPI schema) payload'));
      return undefined;
    }
    const source = { file: file.path, pointer };
    const payloadName = payload === undefined ? undefined : schemas.add(payload, `${label} payload`, { file: file.path, pointer: `${pointer}/payload` });
    let ack: string | undefined;
    const xAck = message['x-ack'];
    const reply = replies.get(message);
    if (xAck === undefined && reply) ack = schemas.add(reply.schema, `${label} reply`, { file: file.path, pointer: reply.pointer });
    // SocketIO-AsyncAPI (sio_asyncapi) writes the ack's schema itself under `x-ack`, without `args`.
    const bareAckSchema = isObject(xAck) && !('args' in xAck) && ['type', 'properties', '$ref', 'oneOf', 'anyOf', 'allOf', 'enum', 'const', 'items'].some((k) => k in xAck);
    if (xAck !== undefined && bareAckSchema) {
      if (validSchema(xAck, `${pointer}/x-ack`, 'x-ack')) ack = schemas.add(xAck, `${label} ack`, { file: file.path, pointer: `${pointer}/x-ack` });
    } else if (xAck !== undefined) {
      if (!isObject(xAck) || !('args' in xAck))
        diagnostics.push(file.diagnostic('error', 'AAPI015', `${pointer}/x-ack`, 'x-ack must be a Message Ack Object with `args` (a schema), or a schema', "e.g. x-ack: { args: { type: boolean } } or $ref: '#/components/x-messageAcks/X'"));
      else if (validSchema(xAck.args, `${pointer}/x-ack/args`, 'x-ack args')) ack = schemas.add(xAck.args, `${label} ack`, { file: file.path, pointer: `${pointer}/x-ack/args` });
    }
    let handler: AsyncApiFunctionRefIR | undefined;
    if (message['x-handler'] !== undefined) {
      if (direction === 'send')
        diagnostics.push(file.diagnostic('warning', 'AAPI005', `${pointer}/x-handler`, `x-handler on ${event}, which only the server emits in ${namespace}; ignored there`));
      else if (runtime) handler = functionRef(message['x-handler'], `${pointer}/x-handler`, 'x-handler');
    } else if (direction === 'receive' && runtime)
      diagnostics.push(file.diagnostic('warning', 'AAPI004', pointer, `message ${event} received in ${namespace} has no x-handler`, 'add x-handler: <module>.<function>; its stub goes to the namespace module meanwhile'));
    const summary = text(message.summary);
    const description = text(message.description);
    const tuple = isObject(payload) ? (Array.isArray(payload.prefixItems) ? payload.prefixItems.length : Array.isArray(payload.items) ? payload.items.length : undefined) : undefined;
    return {
      event,
      ...(tuple !== undefined && payloadName ? { tuple } : {}),
      ...(component ? { component } : {}),
      ...(summary ? { summary } : {}),
      ...(description ? { description } : {}),
      ...(payloadName ? { payload: payloadName } : {}),
      ...(ack ? { ack } : {}),
      ...(handler ? { handler } : {}),
      source,
    };
  };

  const readMessages = (list: unknown[], direction: 'receive' | 'send', namespace: string): AsyncApiMessageIR[] => {
    const seen = new Set<object>();
    const byEvent = new Map<string, AsyncApiMessageIR>();
    for (const message of list) {
      if (!isObject(message) || seen.has(message)) continue;
      seen.add(message);
      const ir = readMessage(message, direction, namespace);
      if (!ir) continue;
      const previous = byEvent.get(ir.event);
      // The same message reached twice (two channels on one address, a copy of one message).
      if (previous && sameMessage(previous, ir, schemas)) continue;
      if (previous && !runtime) continue;
      if (previous) {
        diagnostics.push(
          file.diagnostic('error', 'AAPI006', ir.source.pointer, `two messages are event ${ir.event} (${direction}) in ${namespace}`, `the other is at ${previous.source.pointer}; give one a different name`),
        );
        continue;
      }
      byEvent.set(ir.event, ir);
    }
    return [...byEvent.values()].sort(byKey((m) => m.event));
  };

  const operationMessages = (operation: unknown): unknown[] => {
    if (!isObject(operation) || !isObject(operation.message)) return [];
    const message = operation.message;
    return Array.isArray(message.oneOf) ? message.oneOf : [message];
  };

  // Channels by namespace: several 3.x channels may share one address (one namespace holding
  // the union of their operations).
  const byNamespace = new Map<string, Array<{ key: string; channel: Json; pointer: string }>>();
  for (const [key, channel] of Object.entries(isObject(json.channels) ? json.channels : {})) {
    if (!isObject(channel)) continue;
    const pointer = where(channel, toPointer('channels', key));
    const address = isV3 ? (typeof channel.address === 'string' ? channel.address : key) : key;
    if (runtime && !/^[^{}]*(\{[A-Za-z0-9_.-]+\}[^{}]*)*$/.test(address)) {
      diagnostics.push(file.diagnostic('error', 'AAPI008', pointer, `channel address ${escapeForMessage(address)} has malformed {parameters}`, 'a parameter is {name} with letters, digits, _ . or -'));
      continue;
    }
    const name = address.startsWith('/') ? address : `/${address}`;
    const group = byNamespace.get(name) ?? [];
    group.push({ key, channel, pointer });
    byNamespace.set(name, group);
  }

  /**
   * The parameters of a namespace name with `{param}`s, as one object schema (2.x: each
   * parameter's `schema`; 3.x: a string with the parameter's `enum`/`default`).
   */
  const channelParameters = (name: string, channels: Json[], pointer: string): AsyncApiNamespaceIR['parameters'] => {
    const names = [...name.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);
    if (names.length === 0) return undefined;
    const properties: Json = {};
    const numeric: string[] = [];
    for (const parameter of names) {
      const declared = channels.map((c) => (isObject(c.parameters) ? c.parameters[parameter] : undefined)).find(isObject);
      let schema: unknown = { type: 'string' };
      if (declared && isV3) {
        const { enum: values, default: fallback, description: about } = declared;
        schema = { type: 'string', ...(Array.isArray(values) ? { enum: values } : {}), ...(fallback !== undefined ? { default: fallback } : {}), ...(typeof about === 'string' ? { description: about } : {}) };
      } else if (declared && declared.schema !== undefined) schema = declared.schema;
      properties[parameter] = schema;
      const type = isObject(schema) ? schema.type : undefined;
      if (type === 'integer' || type === 'number' || (Array.isArray(type) && type.some((t) => t === 'integer' || t === 'number'))) numeric.push(parameter);
    }
    const object = { type: 'object', properties, required: [...new Set(names)], additionalProperties: false };
    if (!validSchema(object, `${pointer}/parameters`, 'channel parameters')) return undefined;
    return { names, numeric, schema: schemas.add(object, `${name} parameters`, { file: file.path, pointer: `${pointer}/parameters` }) };
  };

  const namespaces: AsyncApiNamespaceIR[] = [];
  for (const [name, group] of byNamespace) {
    const { channel, pointer } = group[0]!;
    const received: unknown[] = [];
    const sent: unknown[] = [];
    for (const member of group)
      if (isV3) {
        const all = isObject(member.channel.messages) ? Object.values(member.channel.messages) : [];
        for (const operation of Object.values(isObject(json.operations) ? json.operations : {})) {
          if (!isObject(operation) || operation.channel !== member.channel) continue;
          const messages = Array.isArray(operation.messages) && operation.messages.length > 0 ? operation.messages : all;
          noteReply(operation, messages);
          if (operation.action === 'receive') received.push(...messages);
          else if (operation.action === 'send') sent.push(...messages);
        }
      } else {
        received.push(...operationMessages(member.channel.publish));
        sent.push(...operationMessages(member.channel.subscribe));
      }

    const lifecycle: { connect?: AsyncApiFunctionRefIR; disconnect?: AsyncApiFunctionRefIR; error?: AsyncApiFunctionRefIR } = {};
    if (isObject(channel['x-handlers']))
      for (const [hook, value] of Object.entries(channel['x-handlers'])) {
        const at = `${pointer}/x-handlers/${hook}`;
        if (hook !== 'connect' && hook !== 'disconnect' && hook !== 'error') {
          diagnostics.push(file.diagnostic('warning', 'AAPI016', at, `x-handlers.${hook} is not a namespace event; ignored`, 'use connect, disconnect or error'));
          continue;
        }
        const fn = functionRef(value, at, `x-handlers.${hook}`);
        if (fn) lifecycle[hook] = fn;
      }

    const ws = isObject(channel.bindings) && isObject(channel.bindings.ws) ? channel.bindings.ws : {};
    // A Socket.IO handshake is a GET (a POST only for polling's later requests): anything else cannot be honoured.
    if (runtime && ws.method !== undefined && String(ws.method).toUpperCase() !== 'GET')
      diagnostics.push(
        file.diagnostic('warning', 'AAPI023', sourcePointer(file.data, `${pointerOf(channel) ?? ''}/bindings/ws/method`), `bindings.ws.method ${escapeForMessage(String(ws.method))} is ignored: a Socket.IO handshake is a GET`, 'remove it or set GET'),
      );
    const bindingSource = (part: string) => ({ file: file.path, pointer: sourcePointer(file.data, `${pointerOf(channel) ?? ''}/bindings/ws/${part}`) });
    const query = ws.query === undefined || !validSchema(ws.query, bindingSource('query').pointer, 'bindings.ws.query') ? undefined : schemas.add(ws.query, `${name} query`, bindingSource('query'));
    const headers =
      ws.headers === undefined || !validSchema(ws.headers, bindingSource('headers').pointer, 'bindings.ws.headers')
        ? undefined
        : schemas.add(lowerCaseHeaders(ws.headers), `${name} headers`, bindingSource('headers'));
    const parameters = channelParameters(name, group.map((m) => m.channel), pointer);
    const requirements = channel['x-security'] !== undefined ? security.requirements(channel['x-security'], `${pointer}/x-security`) : serverSecurity;
    const description = text(channel.description);
    namespaces.push({
      name,
      ...(description ? { description } : {}),
      receive: readMessages(received, 'receive', name),
      send: readMessages(sent, 'send', name),
      lifecycle,
      ...(parameters ? { parameters } : {}),
      ...(query ? { query } : {}),
      ...(headers ? { headers } : {}),
      security: requirements,
      source: { file: file.path, pointer },
    });
  }
  // Without a runtime nothing checks handshakes: schemes a Socket.IO handshake cannot carry are fine.
  diagnostics.push(...(runtime ? security.diagnostics : security.diagnostics.filter((d) => !['AAPI009', 'AAPI007', 'AAPI041'].includes(d.code))), ...schemas.diagnostics);
  if (!runtime) {
    const protocols = [...new Set(servers.map(([, server]) => text(server.protocol) ?? '?'))].sort();
    diagnostics.push(
      file.diagnostic(
        'info',
        'AAPI021',
        '/servers',
        `${protocols.length > 0 ? `protocol ${protocols.join(', ')}` : 'this document'} has no sockgen runtime: types.ts, validators.ts and asyncapi.json are generated, no server or client`,
        'runtimes exist for Socket.IO, plain WebSocket (ws, wss) and MQTT; config `targets` picks socketio or ws',
      ),
    );
  }

  const info = isObject(json.info) ? json.info : {};
  const description = text(info.description);
  const ir: AsyncApiDocumentIR = {
    name,
    title: text(info.title) ?? name,
    version: String(info.version ?? ''),
    asyncapi: version,
    ...(description ? { description } : {}),
    path,
    schemas: schemas.list(),
    namespaces: namespaces.sort(byKey((n) => n.name)),
    securitySchemes: security.schemes(),
    document: bundledDocument(file.data, json),
    source: ref(json),
  };
  return { ir, diagnostics };
}

/** The parser's id of a message when it comes from a key (not `<anonymous-message-1>`). */
function namedObjectId(message: Json): string | undefined {
  const id = text(message['x-parser-unique-object-id']);
  return id && !id.startsWith('<anonymous') ? id : undefined;
}

/** Two messages with one event name that say the same (payload and ack schemas alike). */
function sameMessage(a: AsyncApiMessageIR, b: AsyncApiMessageIR, schemas: SchemaCollector): boolean {
  const schemaOf = (name: string | undefined) => (name === undefined ? undefined : JSON.stringify(schemas.schema(name)));
  return schemaOf(a.payload) === schemaOf(b.payload) && schemaOf(a.ack) === schemaOf(b.ack);
}

/** Node lower-cases handshake header names, so the binding's header names are lower-cased too (also used by ws-normalize.ts). */
export function lowerCaseHeaders(schema: unknown): unknown {
  if (!isObject(schema)) return schema;
  const copy: Json = { ...schema };
  if (isObject(schema.properties)) copy.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k.toLowerCase(), v]));
  if (Array.isArray(schema.required)) copy.required = schema.required.map((r) => String(r).toLowerCase());
  return copy;
}
