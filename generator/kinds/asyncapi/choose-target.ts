/**
 * Which runtime an AsyncAPI document's code targets. A document is Socket.IO when it says so
 * (Asynction's `x-handler(s)`/`x-ack`, a `/socket.io` server path, Engine.IO's `EIO` in
 * `bindings.ws.query`) or the config says so; otherwise a `ws`/`wss` document — or one with no
 * servers at all, as most published WebSocket APIs (Kraken's) are — is a plain WebSocket API.
 * mqtt documents keep their typed MQTT client; other protocols are left to the Socket.IO kind's
 * own rules. The rule that decided is kept in the IR so `--dump-ir` can say why.
 */
import { toPointer } from '../../core/spec-file.js';
import type { AsyncApiTargetChoiceIR } from '../../ir/asyncapi-ws.js';
import { serverPath } from './server-path.js';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const socketIoKeys = new Set(['x-handler', 'x-handlers', 'x-ack']);
const webSocketProtocols = new Set(['ws', 'wss']);
const mqttProtocols = new Set(['mqtt', 'mqtts', 'secure-mqtt', 'mqtt5']);

/** First Asynction extension in the resolved document (the parser shares objects: walk each once). */
function socketIoExtension(json: Json): string | undefined {
  const seen = new Set<object>();
  const walk = (node: unknown, path: string[]): string | undefined => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return undefined;
    seen.add(node);
    const entries = Array.isArray(node) ? node.map((v, i) => [String(i), v] as const) : Object.entries(node);
    for (const [key, value] of entries) {
      if (!Array.isArray(node) && socketIoKeys.has(key)) return `${key} at ${toPointer(...path, key)}`;
      const found = walk(value, [...path, key]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(json.channels, ['channels']) ?? walk(json.components, ['components']);
}

/** A channel whose `bindings.ws.query` declares Engine.IO's `EIO` parameter. */
function engineIoBinding(json: Json): string | undefined {
  for (const [key, channel] of Object.entries(isObject(json.channels) ? json.channels : {})) {
    const ws = isObject(channel) && isObject(channel.bindings) && isObject(channel.bindings.ws) ? channel.bindings.ws : undefined;
    const properties = ws && isObject(ws.query) && isObject(ws.query.properties) ? ws.query.properties : undefined;
    if (properties && 'EIO' in properties) return `EIO in bindings.ws.query of ${toPointer('channels', key)}`;
  }
  return undefined;
}

/**
 * Chooses the target of one parsed (resolved) document. `configured` is the config file's
 * `targets` entry for this spec, which wins over every rule.
 */
export function chooseTarget(json: Json, configured: 'socketio' | 'ws' | undefined): AsyncApiTargetChoiceIR {
  if (configured) return { target: configured, rule: `config targets: ${configured}` };
  const extension = socketIoExtension(json);
  if (extension) return { target: 'socketio', rule: `Asynction extension ${extension}` };
  const servers = Object.entries(isObject(json.servers) ? json.servers : {}).filter((e): e is [string, Json] => isObject(e[1]));
  for (const [name, server] of servers)
    if (serverPath(server)?.endsWith('/socket.io')) return { target: 'socketio', rule: `server ${name} has a /socket.io path` };
  const engineIo = engineIoBinding(json);
  if (engineIo) return { target: 'socketio', rule: engineIo };
  const protocols = [...new Set(servers.map(([, s]) => String(s.protocol ?? '').toLowerCase()))].sort();
  if (protocols.length === 0) return { target: 'ws', rule: 'no servers and no Socket.IO marker: a plain WebSocket API' };
  if (protocols.every((p) => webSocketProtocols.has(p))) return { target: 'ws', rule: `server protocol ${protocols.join('/')} and no Socket.IO marker: a plain WebSocket API` };
  if (protocols.some((p) => mqttProtocols.has(p))) return { target: 'mqtt', rule: `server protocol ${protocols.join('/')}` };
  return { target: 'other', rule: `server protocol ${protocols.join('/')}` };
}
