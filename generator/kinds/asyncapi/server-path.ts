/**
 * The Socket.IO `path` from a server (Asynction: the url's path part, `my-company.com/api/socket.io`
 * → `/api/socket.io`). 2.x servers have `url`; 3.x servers `host` + `pathname`.
 * Server variables (`{basePath}`) take their default, as a client connecting by default would.
 */
import { fillServerVariables } from '../../core/server-variables.js';

/** Path of one server object; undefined when it names none (Socket.IO's default applies). */
export function serverPath(server: Record<string, unknown>): string | undefined {
  let path: string | undefined;
  if (typeof server.pathname === 'string') path = fillServerVariables(server.pathname, server);
  else if (typeof server.url === 'string') {
    const withoutScheme = fillServerVariables(server.url, server).replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
    const slash = withoutScheme.indexOf('/');
    path = slash >= 0 ? withoutScheme.slice(slash) : undefined;
  }
  if (path === undefined) return undefined;
  path = path.replace(/[?#].*$/, '').replace(/\/+$/, '');
  return path === '' ? undefined : path.startsWith('/') ? path : `/${path}`;
}

/** Socket.IO's default path. */
export const defaultSocketIoPath = '/socket.io';
