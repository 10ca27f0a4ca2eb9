/**
 * ADR's `--http-directory`: plain GET/HEAD of files under one folder on the HTTP port, beside the
 * REST API (a page and its noVNC client served by the tunnel itself). Paths are decoded once,
 * resolved inside the folder and checked again after symlinks, so `..`, `%2e%2e` and a link out
 * of the folder answer 404, never another file.
 */
import { createReadStream, realpathSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, relative, sep } from 'node:path';

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

/** Serves `pathname` from `folder`; answers 404/405 itself; never throws. */
export function serveStaticFile(folder: string, pathname: string, request: IncomingMessage, response: ServerResponse): void {
  const fail = (status: number, message: string, headers: Record<string, string> = {}) => {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
    response.end(JSON.stringify({ error: message }) + '\n');
  };
  if (request.method !== 'GET' && request.method !== 'HEAD') return fail(405, 'files answer GET and HEAD only', { allow: 'GET, HEAD' });
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return fail(404, 'not found');
  }
  if (decoded.includes('\0')) return fail(404, 'not found');
  let file: string;
  try {
    const root = realpathSync(folder);
    file = realpathSync(join(root, decoded));
    const inside = relative(root, file);
    if (inside.startsWith(`..${sep}`) || inside === '..' || inside.startsWith(sep)) return fail(404, 'not found');
    if (statSync(file).isDirectory()) file = realpathSync(join(file, 'index.html'));
    if (relative(root, file).startsWith('..')) return fail(404, 'not found');
    const stats = statSync(file);
    if (!stats.isFile()) return fail(404, 'not found');
    response.writeHead(200, {
      'content-type': contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': String(stats.size),
      'x-content-type-options': 'nosniff',
    });
  } catch {
    return fail(404, 'not found');
  }
  if (request.method === 'HEAD') return void response.end();
  const stream = createReadStream(file);
  stream.on('error', () => response.destroy());
  stream.pipe(response);
}
