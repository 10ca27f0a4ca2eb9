/**
 * Reading the parts of an AsyncAPI 2.x or 3.x document the connectors kind needs, straight from
 * the YAML data (not @asyncapi/parser): positions stay JSON pointers into the file, so every
 * diagnostic gets its line and column, and loading stays synchronous and fast.
 */
import type { Diagnostic } from '../../core/diagnostics.js';
import { fillServerVariables } from '../../core/server-variables.js';
import { toPointer, type SpecFile } from '../../core/spec-file.js';
import { asyncApiServers, isObject, protocolOf } from './detect.js';
import { inlineRefs, lookup, type RefProblem } from './refs.js';

/** 2 or 3, or undefined for versions this kind does not read. */
export function majorVersion(data: Record<string, unknown>): 2 | 3 | undefined {
  const match = /^(\d+)\./.exec(String(data.asyncapi));
  return match?.[1] === '2' ? 2 : match?.[1] === '3' ? 3 : undefined;
}

/** A server's host and port, from 2.x `url` or 3.x `host`. */
export interface ServerAddress {
  readonly name: string;
  readonly protocol: string;
  readonly host: string;
  readonly port: number | undefined;
  /** The port text when it is not a number (a diagnostic). */
  readonly badPort?: string;
  readonly pointer: string;
}

/** Every server with its address split into host and port (server variables filled in). */
export function serverAddresses(data: Record<string, unknown>, version: 2 | 3): ServerAddress[] {
  return asyncApiServers(data).map(([name, server]) => {
    const field = version === 2 ? 'url' : 'host';
    const raw = typeof server[field] === 'string' ? fillServerVariables((server[field] as string).trim(), server, (variable) => resolve(data, variable)) : '';
    const withoutScheme = raw.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/.*$/, '');
    const match = /^(\[[^\]]+\]|[^:]*)(?::(.*))?$/.exec(withoutScheme);
    const host = (match?.[1] ?? '').replace(/^\[|\]$/g, '');
    const portText = match?.[2];
    const port = portText !== undefined && /^\d+$/.test(portText) ? Number(portText) : undefined;
    return {
      name,
      protocol: protocolOf(server),
      host,
      port,
      ...(portText !== undefined && port === undefined ? { badPort: portText } : {}),
      pointer: toPointer('servers', name, field),
    };
  });
}

/** A channel with its operations folded into what a client may do, and its payload schemas. */
export interface ChannelInfo {
  readonly id: string;
  readonly address: string;
  readonly description?: string;
  /** Names of the servers the channel is restricted to (empty: all). */
  readonly servers: readonly string[];
  readonly clientPublishes: boolean;
  readonly clientSubscribes: boolean;
  readonly qos: number | undefined;
  readonly retain: boolean | undefined;
  readonly messages: readonly { readonly name: string; readonly payload: unknown; readonly pointer: string }[];
  /** The schema of each address parameter the channel declares (2.x `schema`; 3.x `enum` of strings). */
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly pointer: string;
}

/** The document's channels (2.x: publish/subscribe; 3.x: channels + operations), refs inlined. */
export function channelsOf(data: Record<string, unknown>, version: 2 | 3, problems: RefProblem[]): ChannelInfo[] {
  const channels = isObject(data.channels) ? data.channels : {};
  const result: ChannelInfo[] = [];
  for (const [id, rawChannel] of Object.entries(channels)) {
    const pointer = toPointer('channels', id);
    const channel = resolve(data, rawChannel);
    if (!isObject(channel)) continue;
    const description = typeof channel.description === 'string' ? channel.description : undefined;
    const serverNames = Array.isArray(channel.servers)
      ? channel.servers.flatMap((s) => (typeof s === 'string' ? [s] : isObject(s) && typeof s.$ref === 'string' ? [s.$ref.replace(/^#\/servers\//, '')] : []))
      : [];
    const messages: Array<{ name: string; payload: unknown; pointer: string }> = [];
    let clientPublishes = false;
    let clientSubscribes = false;
    let qos: number | undefined;
    let retain: boolean | undefined;
    const binding = (operation: Record<string, unknown>) => {
      const mqtt = isObject(operation.bindings) && isObject(operation.bindings.mqtt) ? operation.bindings.mqtt : undefined;
      if (typeof mqtt?.qos === 'number') qos = Math.max(qos ?? 0, mqtt.qos);
      if (typeof mqtt?.retain === 'boolean') retain = (retain ?? false) || mqtt.retain;
    };
    const addMessage = (name: string, raw: unknown, at: string) => {
      const message = resolve(data, raw);
      if (!isObject(message)) return;
      if (Array.isArray(message.oneOf)) {
        message.oneOf.forEach((item, i) => addMessage(`${name}${i + 1}`, item, `${at}/oneOf/${i}`));
        return;
      }
      const messageName = typeof message.name === 'string' ? message.name : isObject(raw) && typeof raw.$ref === 'string' ? raw.$ref.split('/').pop()! : name;
      if (messages.some((m) => m.name === messageName)) return;
      messages.push({ name: messageName, payload: inlineRefs(data, message.payload ?? {}, `${at}/payload`, problems), pointer: at });
    };
    let address = id;
    if (version === 2) {
      for (const [key, clientSide] of [
        ['publish', 'publishes'],
        ['subscribe', 'subscribes'],
      ] as const) {
        const operation = channel[key];
        if (!isObject(operation)) continue;
        if (clientSide === 'publishes') clientPublishes = true;
        else clientSubscribes = true;
        binding(operation);
        addMessage(`${id}Message`, operation.message, `${pointer}/${key}/message`);
      }
    } else {
      if (typeof channel.address === 'string') address = channel.address;
      if (isObject(channel.messages)) for (const [name, message] of Object.entries(channel.messages)) addMessage(name, message, `${pointer}/messages/${name}`);
      const operations = isObject(data.operations) ? data.operations : {};
      for (const operation of Object.values(operations)) {
        if (!isObject(operation) || !isObject(operation.channel) || operation.channel.$ref !== `#/channels/${id.replace(/~/g, '~0').replace(/\//g, '~1')}`) continue;
        if (operation.action === 'receive') clientPublishes = true;
        if (operation.action === 'send') clientSubscribes = true;
        binding(operation);
      }
    }
    // 2.x parameters carry a schema; 3.x ones only an `enum` (values are strings either way in a topic).
    const parameters: Record<string, unknown> = {};
    for (const [name, raw] of Object.entries(isObject(channel.parameters) ? channel.parameters : {})) {
      const parameter = resolve(data, raw);
      if (!isObject(parameter)) continue;
      const at = `${pointer}/parameters/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      // A schema this loader cannot inline (an external file) leaves the parameter a plain string.
      const own: RefProblem[] = [];
      const schema = version === 2 && parameter.schema !== undefined ? inlineRefs(data, parameter.schema, `${at}/schema`, own) : undefined;
      if (schema !== undefined && own.length === 0) parameters[name] = schema;
      else if (version === 3 && Array.isArray(parameter.enum)) parameters[name] = { type: 'string', enum: parameter.enum };
    }
    result.push({
      id,
      address,
      ...(description ? { description } : {}),
      servers: serverNames,
      parameters,
      clientPublishes,
      clientSubscribes,
      qos,
      retain,
      messages: messages.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
      pointer,
    });
  }
  return result.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Follows one local `$ref` chain (messages and channels are often references). */
function resolve(data: unknown, value: unknown, depth = 0): unknown {
  if (depth < 10 && isObject(value) && typeof value.$ref === 'string' && value.$ref.startsWith('#')) return resolve(data, lookup(data, value.$ref.slice(1)), depth + 1);
  return value;
}

/** What both AsyncAPI loaders start from: the file's data, its major version and a reporter. */
export interface OpenedDocument {
  readonly data: Record<string, unknown>;
  /** Undefined when the version is not supported (CONN050 is already reported). */
  readonly version: 2 | 3 | undefined;
  readonly diagnostics: Diagnostic[];
  report(severity: Diagnostic['severity'], code: string, pointer: string, message: string, hint?: string): void;
}

/** Opens an AsyncAPI document for a loader, reporting an unsupported version. */
export function openDocument(file: SpecFile): OpenedDocument {
  const diagnostics: Diagnostic[] = [];
  const report: OpenedDocument['report'] = (severity, code, pointer, message, hint) => {
    diagnostics.push(file.diagnostic(severity, code, pointer, message, hint));
  };
  const data = file.data as Record<string, unknown>;
  const version = majorVersion(data);
  if (!version) report('error', 'CONN050', '/asyncapi', `AsyncAPI ${String(data.asyncapi)} is not supported`, 'use 2.x or 3.x');
  return { data, version, diagnostics, report };
}
