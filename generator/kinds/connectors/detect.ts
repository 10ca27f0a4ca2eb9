/**
 * Which files the connectors kind owns: `.env` files that set CONNECTOR_NAME, AsyncAPI documents
 * with `x-connector` or a `tcp` server (connectors), and AsyncAPI documents whose servers are all
 * `mqtt`/`mqtts` (typed MQTT clients). Other AsyncAPI documents belong to the asyncapi kind.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { packages } from '../../core/packages.js';
import type { SpecFile } from '../../core/spec-file.js';

const { parse: parseYaml } = packages.yaml;

const composeNames = ['docker-compose.yml', 'docker-compose.yaml', 'compose.yml', 'compose.yaml'];

/** True when a compose file with a connector service sits in the same folder as `absolutePath`. */
function besideConnectorCompose(absolutePath: string): boolean {
  for (const name of composeNames) {
    const path = join(dirname(absolutePath), name);
    if (!existsSync(path)) continue;
    try {
      const data: unknown = parseYaml(readFileSync(path, 'utf8'), { logLevel: 'silent', maxAliasCount: 100 });
      if (isObject(data) && isObject(data.services) && Object.values(data.services).some(isConnectorService)) return true;
    } catch {
      // A broken compose file is reported when it is loaded itself.
    }
  }
  return false;
}

/** Variables only a socket connector reads: a `.env` setting one of them is a connector's. */
export const socketConnectorKeys = ['SERVER_IP', 'SERVER_PORT', 'RECV_BUFSIZE', 'RECV_TIMEOUT', 'PARSE_AS', 'FRAMING'] as const;

/** True for a `.env` file name (`.env`, `x.env`). */
export function isEnvFileName(path: string): boolean {
  return /(^|\/)(\.env|[^/]*\.env)$/i.test(path);
}

/**
 * True for a `.env`-style file that names a connector, or whose keys say it is one (BEMCom keeps
 * CONNECTOR_NAME in docker-compose, so a real connector's `.env` often lacks it).
 */
export function isConnectorEnvFile(file: SpecFile): boolean {
  if (!isEnvFileName(file.path)) return false;
  // The project `.env` of a connector compose file feeds its ${VAR}s: claimed, read by the compose loader.
  if (/(^|\/)\.env$/.test(file.path) && besideConnectorCompose(file.absolutePath)) return true;
  if (/^\s*(export\s+)?CONNECTOR_NAME\s*=/m.test(file.text)) return true;
  return socketConnectorKeys.some((key) => new RegExp(`^\\s*(export\\s+)?${key}\\s*=`, 'm').test(file.text));
}

/** A docker compose file name: `docker-compose.yml`, `compose.yaml`, `docker-compose.prod.yml`... */
export function isComposeFileName(path: string): boolean {
  return /(^|\/)(docker-)?compose(\.[^/]*)?\.ya?ml$/i.test(path);
}

/** Images that run a connector (BEMCom's `bemcom/<x>-connector`, sockgen's own). */
export function isConnectorImage(image: unknown): boolean {
  return typeof image === 'string' && /(^|\/)[^/:]*connector[^/:]*(:|$)/i.test(image);
}

/** The keys of a compose service's `environment:` (list `KEY=value` / `KEY`, or map). */
export function composeEnvironmentKeys(environment: unknown): string[] {
  if (Array.isArray(environment)) return environment.filter((item): item is string => typeof item === 'string').map((item) => item.split('=')[0]!.trim());
  return isObject(environment) ? Object.keys(environment) : [];
}

/** A compose service that runs a connector: by its image, or by its environment keys. */
export function isConnectorService(service: unknown): boolean {
  if (!isObject(service)) return false;
  const keys = composeEnvironmentKeys(service.environment);
  return isConnectorImage(service.image) || keys.includes('CONNECTOR_NAME') || keys.some((key) => (socketConnectorKeys as readonly string[]).includes(key));
}

/** True for a docker compose file with at least one service that runs a connector. */
export function isConnectorComposeFile(file: SpecFile): boolean {
  if (!isComposeFileName(file.path) || !isObject(file.data) || !isObject(file.data.services)) return false;
  return Object.values(file.data.services).some(isConnectorService);
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
