/**
 * Reads a resolved AsyncAPI 2.x or 3.x document (plain JSON, `$ref`s already replaced by their
 * targets) into the Socket.IO view both the docs page and the mock server need: the Socket.IO
 * path, and per namespace the events the client sends and the events the server sends.
 * Mapping: docs/asyncapi-runtime.md and the reference's "Mapping" table (Asynction's model).
 */
import type { SecurityRequirement, SecuritySchemeSpec } from './spec.js';

/** What a generated server checks when a client joins a namespace (schemas, not compiled). */
export interface SocketHandshakeInfo {
  /** `bindings.ws.query` schema; `queryTypes` are converted from text first, as the server does. */
  readonly query?: unknown;
  readonly queryTypes?: Readonly<Record<string, 'number' | 'boolean'>>;
  /** `bindings.ws.headers` schema (lower-cased names). */
  readonly headers?: unknown;
  /** Alternatives (any one may pass), each a set of schemes that must all pass. Empty: open. */
  readonly security: readonly (readonly SecurityRequirement[])[];
}

/** One Socket.IO event of a namespace, as the document describes it. */
export interface SocketEventInfo {
  /** The Socket.IO event name: the message `name` (`message` when unnamed). */
  readonly name: string;
  /** Where the message lives (`components/messages` key, or 3.x channel message key). */
  readonly messageId?: string;
  readonly title?: string;
  readonly summary?: string;
  readonly description?: string;
  /** JSON Schema of the payload (absent: any payload). */
  readonly payload?: unknown;
  /** `x-ack.args` schema: what the acknowledgement callback receives. */
  readonly ack?: unknown;
  /** `x-handler`: dotted path of the handler function. */
  readonly handler?: string;
  /** A tuple payload: the event's arguments are the items of `payload` (this many declared). */
  readonly tuple?: number;
}

/** A channel seen as a Socket.IO namespace. */
export interface SocketNamespaceInfo {
  /** Namespace, always starting with `/`. */
  readonly name: string;
  /** The channel's key in `channels`. */
  readonly channel: string;
  readonly description?: string;
  /** Events the client emits and the server handles (2.x `publish`, 3.x `receive`). */
  readonly clientEvents: readonly SocketEventInfo[];
  /** Events the server emits (2.x `subscribe`, 3.x `send`). */
  readonly serverEvents: readonly SocketEventInfo[];
  /** `x-handlers`: connect / disconnect / error. */
  readonly handlers?: Readonly<Record<string, unknown>>;
  /** Channel `bindings` (the `ws` binding's `query` / `headers` validate the handshake). */
  readonly bindings?: unknown;
  /** `x-security` of the channel, overriding the servers' security. */
  readonly security?: unknown;
  /** A dynamic namespace (`/rooms/{roomId}`): its parameters' names and the schema of them all. */
  readonly parameters?: { readonly names: readonly string[]; readonly numeric: readonly string[]; readonly schema: unknown };
  /** The handshake checks of the generator's IR (`sockgen mock`); absent when read from the document alone. */
  readonly handshake?: SocketHandshakeInfo;
}

/** A server entry with its Socket.IO path worked out. */
export interface SocketServerInfo {
  readonly name: string;
  /** `url` (2.x) or `protocol://host/pathname` (3.x) as written. */
  readonly url: string;
  readonly protocol?: string;
  readonly description?: string;
  /** The Socket.IO `path` derived from the url's path part. */
  readonly path: string;
  readonly security?: unknown;
}

/** The whole document, read for Socket.IO. */
export interface SocketDocumentInfo {
  /** `2.x.y` or `3.x.y`. */
  readonly asyncapi: string;
  readonly title: string;
  readonly version: string;
  readonly description?: string;
  readonly servers: readonly SocketServerInfo[];
  /** Socket.IO path of the first server by name, as generated servers choose it (`/socket.io` when none). */
  readonly path: string;
  readonly namespaces: readonly SocketNamespaceInfo[];
  readonly securitySchemes: Readonly<Record<string, unknown>>;
  /** The schemes as the runtime checks them, from the generator's IR (with `handshake` on namespaces). */
  readonly schemes?: Readonly<Record<string, SecuritySchemeSpec>>;
}

type Json = Record<string, unknown>;

const defaultPath = '/socket.io';

/** Reads a resolved AsyncAPI document into namespaces and events; tolerant of missing parts. */
export function readSocketDocument(document: unknown): SocketDocumentInfo {
  const doc = asObject(document);
  const asyncapi = typeof doc.asyncapi === 'string' ? doc.asyncapi : '';
  const info = asObject(doc.info);
  const v3 = asyncapi.startsWith('3.');
  const servers = Object.entries(asObject(doc.servers)).map(([name, value]) => readServer(name, asObject(value), v3));
  const namespaces = v3 ? readV3Namespaces(doc) : readV2Namespaces(doc);
  return {
    asyncapi,
    title: text(info.title) ?? 'AsyncAPI document',
    version: text(info.version) ?? '',
    ...optional('description', text(info.description)),
    servers,
    path: [...servers].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))[0]?.path ?? defaultPath,
    namespaces: namespaces.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    securitySchemes: asObject(asObject(doc.components).securitySchemes),
  };
}

/**
 * The Socket.IO path from a server url's path part (`my-company.com/api/socket.io` →
 * `/api/socket.io`); no path means Socket.IO's default `/socket.io`.
 */
export function socketIoPathOf(url: string): string {
  const withoutScheme = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const slash = withoutScheme.indexOf('/');
  if (slash < 0) return defaultPath;
  const path = withoutScheme.slice(slash).replace(/[?#].*$/, '').replace(/\/+$/, '');
  return path === '' ? defaultPath : path;
}

function readServer(name: string, server: Json, v3: boolean): SocketServerInfo {
  const protocol = text(server.protocol);
  let url: string;
  let path: string;
  if (v3) {
    const pathname = text(server.pathname) ?? '';
    url = `${protocol ? `${protocol}://` : ''}${text(server.host) ?? ''}${pathname}`;
    path = pathname.replace(/\/+$/, '') || defaultPath;
  } else {
    url = text(server.url) ?? '';
    path = socketIoPathOf(url);
  }
  return {
    name,
    url,
    path,
    ...optional('protocol', protocol),
    ...optional('description', text(server.description)),
    ...optional('security', server.security),
  };
}

function readV2Namespaces(doc: Json): SocketNamespaceInfo[] {
  const messageIds = componentMessageIds(doc);
  return Object.entries(asObject(doc.channels)).map(([key, value]) => {
    const channel = asObject(value);
    return {
      ...namespaceBase(key, namespaceName(key), channel),
      clientEvents: eventsOf(operationMessages(asObject(channel.publish).message), messageIds),
      serverEvents: eventsOf(operationMessages(asObject(channel.subscribe).message), messageIds),
    };
  });
}

function readV3Namespaces(doc: Json): SocketNamespaceInfo[] {
  const channels = asObject(doc.channels);
  const byChannel = new Map<string, { receive: Json[]; send: Json[] }>();
  for (const key of Object.keys(channels)) byChannel.set(key, { receive: [], send: [] });
  for (const value of Object.values(asObject(doc.operations))) {
    const operation = asObject(value);
    const key = channelKeyOf(operation.channel, channels);
    const slot = key === undefined ? undefined : byChannel.get(key);
    if (!slot || (operation.action !== 'receive' && operation.action !== 'send')) continue;
    // An operation without `messages` means every message of its channel.
    const listed = Array.isArray(operation.messages) ? operation.messages : Object.values(asObject(asObject(channels[key!]).messages));
    slot[operation.action].push(...listed.map(asObject));
  }
  return [...byChannel].map(([key, slots]) => {
    const channel = asObject(channels[key]);
    const messageIds = new Map<object, string>(Object.entries(asObject(channel.messages)).map(([id, m]) => [asObject(m), id]));
    const address = text(channel.address) ?? key;
    return {
      ...namespaceBase(key, namespaceName(address), channel),
      clientEvents: eventsOf(slots.receive, messageIds),
      serverEvents: eventsOf(slots.send, messageIds),
    };
  });
}

/** An operation's channel is the channel object itself (resolved) or still a `$ref`. */
function channelKeyOf(channel: unknown, channels: Json): string | undefined {
  const found = Object.keys(channels).find((key) => channels[key] === channel);
  if (found !== undefined) return found;
  const ref = text(asObject(channel).$ref);
  const match = ref?.match(/^#\/channels\/(.+)$/);
  if (match) return match[1]!.replace(/~1/g, '/').replace(/~0/g, '~');
  const address = text(asObject(channel).address);
  return Object.keys(channels).find((key) => address !== undefined && asObject(channels[key]).address === address);
}

function namespaceBase(key: string, name: string, channel: Json) {
  return {
    name,
    channel: key,
    ...optional('description', text(channel.description)),
    ...optional('handlers', isObject(channel['x-handlers']) ? channel['x-handlers'] : undefined),
    ...optional('bindings', isObject(channel.bindings) ? channel.bindings : undefined),
    ...optional('security', channel['x-security']),
  };
}

function namespaceName(address: string): string {
  const trimmed = address.trim();
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** 2.x: `message` is one message or `{oneOf: [...]}`. */
function operationMessages(message: unknown): Json[] {
  if (!isObject(message)) return [];
  if (Array.isArray(message.oneOf)) return message.oneOf.filter(isObject);
  return [message];
}

function componentMessageIds(doc: Json): Map<object, string> {
  const messages = asObject(asObject(doc.components).messages);
  return new Map(Object.entries(messages).filter(([, m]) => isObject(m)).map(([id, m]) => [m as object, id]));
}

/** One event per name (the first message wins: a name is unique per direction in Socket.IO). */
function eventsOf(messages: readonly Json[], ids: Map<object, string>): SocketEventInfo[] {
  const events = new Map<string, SocketEventInfo>();
  for (const message of messages) {
    const name = text(message.name) ?? 'message';
    if (events.has(name)) continue;
    const ack = asObject(message['x-ack']);
    events.set(name, {
      name,
      ...optional('messageId', ids.get(message) ?? text(message['x-parser-message-name']) ?? text(message['x-parser-unique-object-id'])),
      ...optional('title', text(message.title)),
      ...optional('summary', text(message.summary)),
      ...optional('description', text(message.description)),
      ...optional('payload', message.payload),
      ...optional('ack', 'args' in ack ? ack.args : undefined),
      ...optional('handler', text(message['x-handler'])),
    });
  }
  return [...events.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asObject(value: unknown): Json {
  return isObject(value) ? value : {};
}

/**
 * A copy of a schema or document fit for display and for ajv/faker: `x-parser-*` annotations
 * the parser adds are dropped, and a cycle (a recursive schema the parser resolved into a loop)
 * becomes a `$ref` to the JSON pointer of the ancestor it loops back to, relative to `value` —
 * valid JSON Schema that ajv and json-schema-faker both follow.
 */
export function plainJson(value: unknown): unknown {
  return copyPlain(value, new Map(), '');
}

function copyPlain(value: unknown, ancestors: Map<object, string>, pointer: string): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const loop = ancestors.get(value);
  if (loop !== undefined) return { $ref: `#${loop}` };
  ancestors.set(value, pointer);
  let copy: unknown;
  const child = (key: string | number) => `${pointer}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
  if (Array.isArray(value)) copy = value.map((item, index) => copyPlain(item, ancestors, child(index)));
  else {
    const out: Json = {};
    for (const [key, item] of Object.entries(value)) if (!key.startsWith('x-parser-')) out[key] = copyPlain(item, ancestors, child(key));
    copy = out;
  }
  ancestors.delete(value);
  return copy;
}
