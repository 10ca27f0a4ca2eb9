import type { SocketClientOptions } from './types.js';

/**
 * URL that runs `socket/endpoint` on a host, in the platform's layout
 * `/<api>/instances/<instance>/endpoints/sockets/<socket>/<endpoint>/` (custom-sockets.md, "Routes").
 */
export function endpointUrl(options: SocketClientOptions, socket: string, endpoint: string): string {
  const base = options.baseUrl.endsWith('/') ? options.baseUrl.slice(0, -1) : options.baseUrl;
  const api = encodeURIComponent(options.apiVersion ?? 'v1.1');
  const instance = encodeURIComponent(options.instance ?? 'default');
  return `${base}/${api}/instances/${instance}/endpoints/sockets/${encodeURIComponent(socket)}/${encodeURIComponent(endpoint)}/`;
}

/**
 * Query string for GET/DELETE arguments: arrays repeat the key, objects travel as JSON,
 * undefined and null are left out (a query string has no null).
 */
export function queryString(args: Record<string, unknown> | undefined): string {
  if (!args) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(args)) {
    if (Array.isArray(value)) {
      for (const item of value) if (item !== undefined && item !== null) params.append(key, queryValue(item));
    } else if (value !== undefined && value !== null) {
      params.append(key, queryValue(value));
    }
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

function queryValue(value: unknown): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
