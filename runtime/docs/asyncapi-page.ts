/**
 * The AsyncAPI docs page on the AsyncAPI community's renderer: `@asyncapi/react-component`'s
 * standalone bundle and stylesheet, from the installed package (no CDN), started by a small
 * same-origin script (no inline script), so the CSP names only this server. Protocol-neutral:
 * Socket.IO, plain-WebSocket and MQTT documents and `sockgen mock` all serve this page.
 */
import { escapeHtml, rendererPage } from './html.js';
import { packageAsset } from './package-asset.js';

/**
 * What the renderer needs and nothing more: scripts and the stylesheet from this server,
 * `'unsafe-eval'` because the bundled @asyncapi/parser validates the document with ajv, which
 * compiles its schemas with `new Function`; inline styles the React components set; the document
 * by fetch; data: images (schema icons).
 */
export const asyncApiPageCsp =
  "default-src 'none'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// Reads the document URL from the container, fetches it and hands the text to the renderer; a
// document that cannot load says why on the page instead of leaving it blank.
const initScript = `(function () {
  var root = document.getElementById('asyncapi');
  var url = root.getAttribute('data-document');
  fetch(url, { credentials: 'same-origin' })
    .then(function (answer) {
      if (!answer.ok) throw new Error(answer.status + ' ' + answer.statusText);
      return answer.text();
    })
    .then(function (text) {
      AsyncApiStandalone.render({ schema: text, config: { show: { sidebar: true, errors: true }, sidebar: { showOperations: 'byDefault' } } }, root);
    })
    .catch(function (error) {
      root.textContent = 'Cannot load ' + url + ': ' + error.message;
    });
})();
`;

/** The files the page loads, by the name it loads them under (next to the page). */
export const asyncApiAssets: Readonly<Record<string, { type: string; body: () => Buffer }>> = {
  'asyncapi-standalone.js': { type: 'text/javascript; charset=utf-8', body: () => packageAsset('@asyncapi/react-component', 'browser/standalone/index.js') },
  'asyncapi.css': { type: 'text/css; charset=utf-8', body: () => packageAsset('@asyncapi/react-component', 'styles/default.min.css') },
  'asyncapi-init.js': { type: 'text/javascript; charset=utf-8', body: () => Buffer.from(initScript) },
};

/**
 * The page: `documentUrl` is the JSON document, `assetBase` the folder URL the assets are served
 * under (ending in `/`), `plainUrl` the server-rendered page for browsers without script.
 */
export function asyncApiPage(title: string, documentUrl: string, assetBase: string, plainUrl?: string): string {
  const e = escapeHtml;
  return rendererPage(
    title,
    [`<link rel="stylesheet" href="${e(assetBase)}asyncapi.css">`],
    [
      `<div id="asyncapi" data-document="${e(documentUrl)}"></div>`,
      ...(plainUrl === undefined ? [] : [`<noscript><p>This page needs JavaScript; <a href="${e(plainUrl)}">the plain page</a> does not.</p></noscript>`]),
      `<script src="${e(assetBase)}asyncapi-standalone.js"></script>`,
      `<script src="${e(assetBase)}asyncapi-init.js"></script>`,
    ],
  );
}
