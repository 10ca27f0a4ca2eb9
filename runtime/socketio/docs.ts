/**
 * Docs of an AsyncAPI document, served next to the Socket.IO (or plain WebSocket) endpoint:
 * `{base}/docs` is the AsyncAPI community's React renderer (its standalone bundle from the
 * installed package, runtime/docs/asyncapi-page.ts), `{base}/docs/plain` a page rendered here
 * without any script (inline CSS, every document string HTML-escaped), `{base}/docs/asyncapi.json`
 * the document and `{base}/docs/assets/*` the renderer's files. Decisions: docs/asyncapi-runtime.md#docs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { asyncApiAssets, asyncApiPage, asyncApiPageCsp } from '../docs/asyncapi-page.js';
import { escapeHtml } from '../docs/html.js';
import { plainJson, readSocketDocument, type SocketEventInfo, type SocketNamespaceInfo } from './mock-document.js';

export { escapeHtml };

/** Options of {@link createDocsHandler}. */
export interface DocsOptions {
  /** The resolved AsyncAPI 2.x or 3.x document as plain JSON. */
  readonly document: unknown;
  /** Parent of the Socket.IO path (see {@link docsBaseFor}). */
  readonly base: string;
}

/**
 * `{base}` of the docs for a Socket.IO path: its parent (`/socket.io` → `/`,
 * `/events/socket.io` → `/events`).
 */
export function docsBaseFor(socketIoPath: string): string {
  const trimmed = `/${socketIoPath}`.replace(/\/{2,}/g, '/').replace(/\/+$/, '');
  const parent = trimmed.slice(0, trimmed.lastIndexOf('/'));
  return parent === '' ? '/' : parent;
}

/**
 * A request listener piece: answers `GET|HEAD {base}/docs`, `{base}/docs/plain`, `{base}/docs/asyncapi.json`
 * and `{base}/docs/assets/<renderer file>` and
 * returns true; returns false (touching nothing) for any other request.
 */
export function createDocsHandler(options: DocsOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const prefix = options.base.replace(/\/+$/, '');
  const pageUrl = `${prefix}/docs`;
  const plainUrl = `${prefix}/docs/plain`;
  const jsonUrl = `${prefix}/docs/asyncapi.json`;
  const assetBase = `${prefix}/docs/assets/`;
  // Rendered on first request, then reused: the document does not change while serving.
  const cache = new Map<string, Buffer>();
  const once = (key: string, make: () => string | Buffer): Buffer => {
    let body = cache.get(key);
    if (body === undefined) cache.set(key, (body = Buffer.from(make())));
    return body;
  };
  return (req, res) => {
    const path = (req.url ?? '').replace(/[?#].*$/, '');
    const isPage = path === pageUrl || path === `${pageUrl}/`;
    const isPlain = path === plainUrl || path === `${plainUrl}/`;
    const asset = path.startsWith(assetBase) && Object.hasOwn(asyncApiAssets, path.slice(assetBase.length)) ? asyncApiAssets[path.slice(assetBase.length)] : undefined;
    if (!isPage && !isPlain && path !== jsonUrl && asset === undefined) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('method not allowed\n');
      return true;
    }
    const doc = () => readSocketDocument(options.document);
    let body: Buffer;
    let type: string;
    // The plain page loads nothing from anywhere (inline styles only, no script); the renderer's
    // page allows exactly what its bundle needs (see asyncApiPageCsp).
    let csp = "default-src 'none'; style-src 'unsafe-inline'";
    if (isPage) {
      body = once('page', () => { const d = doc(); return asyncApiPage(`${d.title} ${d.version}`, jsonUrl, assetBase, plainUrl); });
      type = 'text/html; charset=utf-8';
      csp = asyncApiPageCsp;
    } else if (isPlain) {
      body = once('plain', () => renderDocsPage(options.document, jsonUrl));
      type = 'text/html; charset=utf-8';
    } else if (asset !== undefined) {
      body = asset.body();
      type = asset.type;
    } else {
      body = once('json', () => JSON.stringify(plainJson(options.document), null, 2) + '\n');
      type = 'application/json; charset=utf-8';
    }
    res.writeHead(200, {
      'content-type': type,
      'content-length': body.length,
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'cache-control': asset === undefined ? 'no-cache' : 'public, max-age=3600',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}

/** The whole HTML page for a document; `jsonUrl` is the link to the raw document. */
export function renderDocsPage(document: unknown, jsonUrl: string): string {
  const doc = readSocketDocument(document);
  const e = escapeHtml;
  const anchors = uniqueAnchors(doc.namespaces.map((ns) => ns.name));
  const nav = doc.namespaces.map((ns, i) => `<li><a href="#${e(anchors[i]!)}">${e(ns.name)}</a></li>`).join('');
  const servers = doc.servers.length
    ? `<table><thead><tr><th>Server</th><th>URL</th><th>Protocol</th><th>Socket.IO path</th><th>Security</th></tr></thead><tbody>${doc.servers
        .map(
          (s) =>
            `<tr><td>${e(s.name)}</td><td><code>${e(s.url)}</code>${s.description ? `<div>${e(s.description)}</div>` : ''}</td><td>${e(s.protocol ?? '')}</td><td><code>${e(s.path)}</code></td><td>${securityList(s.security)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : `<p>No servers listed; the Socket.IO path is <code>/socket.io</code>.</p>`;
  const schemes = Object.entries(doc.securitySchemes);
  const security = schemes.length
    ? `<section id="security"><h2>Security schemes</h2>${schemes.map(([name, scheme]) => `<h3>${e(name)}</h3>${schemaBlock(scheme)}`).join('')}</section>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(doc.title)} ${e(doc.version)}</title><style>${css}</style></head>
<body><header><h1>${e(doc.title)} <small class="version">${e(doc.version)}</small></h1>
<p class="meta">AsyncAPI ${e(doc.asyncapi)} · Socket.IO path <code>${e(doc.path)}</code> · <a href="${e(jsonUrl)}">asyncapi.json</a></p>
${doc.description ? `<p class="description">${paragraphs(doc.description)}</p>` : ''}</header>
<nav><h2>Namespaces</h2><ul>${nav}</ul></nav>
<main><section id="servers"><h2>Servers</h2>${servers}</section>
${doc.namespaces.map((ns, i) => namespaceSection(ns, anchors[i]!)).join('\n')}
${security}</main></body></html>
`;
}

function namespaceSection(ns: SocketNamespaceInfo, id: string): string {
  const e = escapeHtml;
  const handlers = ns.handlers
    ? `<dl class="handlers">${Object.entries(ns.handlers)
        .map(([on, fn]) => `<dt>${e(on)}</dt><dd><code>${e(typeof fn === 'string' ? fn : JSON.stringify(fn))}</code></dd>`)
        .join('')}</dl>`
    : '';
  const bindings = ns.bindings ? `<h4>Bindings (handshake)</h4>${schemaBlock(ns.bindings)}` : '';
  const security = ns.security !== undefined ? `<p>Security (<code>x-security</code>): ${securityList(ns.security)}</p>` : '';
  return `<section class="namespace" id="${e(id)}" data-namespace="${e(ns.name)}">
<h2>Namespace <code>${e(ns.name)}</code></h2>${ns.description ? `<p>${paragraphs(ns.description)}</p>` : ''}${handlers}${security}${bindings}
<h3>Client → server <small>(the client emits, the server handles)</small></h3>${eventList(ns.clientEvents, 'client')}
<h3>Server → client <small>(the server emits)</small></h3>${eventList(ns.serverEvents, 'server')}
</section>`;
}

function eventList(events: readonly SocketEventInfo[], direction: 'client' | 'server'): string {
  if (events.length === 0) return '<p class="none">none</p>';
  const e = escapeHtml;
  return events
    .map(
      (ev) => `<article class="event ${direction}" data-event="${e(ev.name)}" data-direction="${direction}">
<h4><code class="event-name">${e(ev.name)}</code>${ev.messageId && ev.messageId !== ev.name ? ` <small>${e(ev.messageId)}</small>` : ''}</h4>
${ev.title ? `<p><strong>${e(ev.title)}</strong></p>` : ''}${ev.summary ? `<p>${e(ev.summary)}</p>` : ''}${ev.description ? `<p>${paragraphs(ev.description)}</p>` : ''}${
        ev.handler ? `<p>Handler (<code>x-handler</code>): <code>${e(ev.handler)}</code></p>` : ''
      }
<h5>Payload</h5>${ev.payload === undefined ? '<p class="none">any</p>' : schemaBlock(ev.payload)}
${ev.ack === undefined ? '' : `<h5>Acknowledgement (<code>x-ack</code>)</h5>${schemaBlock(ev.ack)}`}
</article>`,
    )
    .join('\n');
}

function securityList(security: unknown): string {
  if (!Array.isArray(security) || security.length === 0) return '<span class="none">none</span>';
  return security
    .map((requirement) =>
      Object.entries(typeof requirement === 'object' && requirement !== null ? requirement : {})
        .map(([name, scopes]) => `<code>${escapeHtml(name)}</code>${Array.isArray(scopes) && scopes.length ? ` (${escapeHtml(scopes.join(', '))})` : ''}`)
        .join(' and '),
    )
    .join(' or ');
}

function schemaBlock(schema: unknown): string {
  return `<pre class="schema">${escapeHtml(JSON.stringify(plainJson(schema), null, 2) ?? 'null')}</pre>`;
}

function paragraphs(text: string): string {
  return escapeHtml(text).replace(/\r?\n\r?\n/g, '</p><p>').replace(/\r?\n/g, '<br>');
}

/** `ns-user` for `/user`; namespaces that slug alike (`/a.b`, `/a-b`) get `-2`, `-3`... */
function uniqueAnchors(namespaces: readonly string[]): string[] {
  const taken = new Set<string>();
  return namespaces.map((namespace) => {
    const base = `ns-${namespace.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'root'}`;
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    return id;
  });
}

const css = `body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2330;display:grid;grid-template-columns:16rem 1fr}
header{grid-column:1/3;background:#1d2330;color:#fff;padding:1rem 2rem}header a{color:#9cf}
nav{padding:1rem;border-right:1px solid #ddd}main{padding:1rem 2rem;min-width:0}
.version{font-weight:normal;opacity:.7}.meta{opacity:.8}
section.namespace{border-top:2px solid #1d2330;margin-top:2rem}
article.event{border:1px solid #ddd;border-radius:6px;padding:.5rem 1rem;margin:.75rem 0}
article.event.client{border-left:4px solid #2a7}article.event.server{border-left:4px solid #27c}
pre.schema{background:#f5f6f8;padding:.75rem;overflow:auto;font-size:13px}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
.none{color:#888}dl.handlers dt{font-weight:bold}`;
