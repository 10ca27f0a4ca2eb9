/**
 * Which files the connectors kind owns: `.env` files that set CONNECTOR_NAME, AsyncAPI documents
 * with `x-connector` or a `tcp` server (connectors), and AsyncAPI documents whose servers are all
 * `mqtt`/`mqtts` (typed MQTT clients). Other AsyncAPI documents belong to the asyncapi kind.
 */
import type { SpecFile } from '../../core/spec-file.js';

/** True for a `.env`-style file that names a connector. */
export function isConnectorEnvFile(file: SpecFile): boolean {
  return /(^|\/)(\.env|[^/]*\.env)$/i.test(file.path) && /^\s*(export\s+)?CONNECTOR_NAME\s*=/m.test(file.text);
}

/** The servers of an AsyncAPI document as `[name, server]` pairs (objects only). */
export function asyncApiServers(data: unknown): Array<[string, Record<string, unknown>]> {
  const servers = isObject(data) ? data.servers : undefined;
  if (!isObject(servers)) return [];
  return Object.entries(servers).filter((entry): entry is [string, Record<string, unknown>] => isObject(entry[1]));
}

/** True for an AsyncAPI document that describes a connector. */
export function isConnectorDocument(data: unknown): boolean {
  if (!isObject(data) || typeof data.asyncapi !== 'string') return false;
  return 'x-connector' in data || asyncApiServers(data).some(([, server]) => protocolOf(server) === 'tcp');
}

/** True for an AsyncAPI document served only over MQTT (at least one server, all mqtt/mqtts). */
export function isMqttDocument(data: unknown): boolean {
  if (!isObject(data) || typeof data.asyncapi !== 'string') return false;
  const servers = asyncApiServers(data);
  return servers.length > 0 && servers.every(([, server]) => ['mqtt', 'mqtts'].includes(protocolOf(server)));
}

/** A server's protocol, lower-cased ('' when missing). */
export function protocolOf(server: Record<string, unknown>): string {
  return typeof server.protocol === 'string' ? server.protocol.trim().toLowerCase() : '';
}

/** Plain object check. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
