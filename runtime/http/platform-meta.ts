import { instanceSettings } from './instance-config.js';
import type { HandlerContext } from './types.js';

/**
 * META as the platform gave it to a socket endpoint's script (Syncano/syncano-platform), for Python
 * and Node scripts, beside
 * sockgen's own keys: `request` with Django-style `HTTP_*` headers, REQUEST_METHOD, PATH_INFO,
 * QUERY_STRING, REMOTE_ADDR; executed_by, executor, instance, socket, token, api_host, metadata;
 * `user` / `admin` when the request carried a key of one (instance settings). The X-API-KEY header
 * is not passed on, as on the platform.
 */
export function platformMeta(context: HandlerContext): Record<string, unknown> {
  const meta = context.meta;
  const request: Record<string, string> = {
    REQUEST_METHOD: meta.method,
    PATH_INFO: meta.path,
    QUERY_STRING: meta.queryString ?? '',
    REMOTE_ADDR: meta.caller.ip,
  };
  for (const [name, value] of Object.entries(meta.headers)) {
    const key = name.toUpperCase().replace(/-/g, '_');
    if (key === 'X_API_KEY') continue;
    if (key === 'CONTENT_TYPE' || key === 'CONTENT_LENGTH') request[key] = value;
    else request[`HTTP_${key}`] = value;
  }
  const settings = instanceSettings();
  const userKey = meta.headers['x-user-key'] ?? single(meta.query.user_key);
  const apiKey = meta.headers['x-api-key'] ?? single(meta.query.api_key);
  const user = userKey === undefined ? undefined : settings.users.find((candidate) => candidate.user_key === userKey);
  const admin = apiKey === undefined ? undefined : settings.admins.find((candidate) => candidate.api_key === apiKey);
  const host = meta.headers.host ?? '';
  return {
    ...meta,
    request,
    executed_by: 'socket_endpoint',
    executor: `${meta.socket}/${meta.endpoint}`,
    instance: meta.instance,
    socket: meta.socket,
    token: meta.caller.apiKey ?? '',
    api_host: host,
    space_host: host,
    async: false,
    metadata: meta.metadata ?? {},
    ...(user ? { user: { id: user.id, username: user.username, user_key: user.user_key } } : {}),
    ...(admin ? { admin: { id: admin.id, email: admin.email } } : {}),
  };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[value.length - 1] : value;
}
