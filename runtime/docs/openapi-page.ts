/**
 * The API reference page of a socket's OpenAPI document, rendered in the browser by Redoc's
 * standalone bundle from the installed `redoc` package (no CDN). The page has no inline script:
 * the bundle finds `<redoc spec-url>` itself, so the CSP allows scripts from the server only.
 */
import { escapeHtml, rendererPage } from './html.js';
import { packageAsset } from './package-asset.js';

/**
 * What Redoc needs and nothing more: its bundle from this server, the document by fetch, the
 * styles styled-components injects, data: images and fonts, and the search worker it starts
 * from a blob: URL.
 */
export const openApiPageCsp =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** File name of the bundle, served next to the page. */
export const redocBundleName = 'redoc.standalone.js';

/** The bundle itself (about 1 MB). */
export function redocBundle(): Buffer {
  return packageAsset('redoc', `bundles/${redocBundleName}`);
}

/** The page: `specUrl` is the document, `bundleUrl` the Redoc bundle (both already URL-encoded). */
export function openApiPage(title: string, specUrl: string, bundleUrl: string): string {
  return rendererPage(
    `${title} — API reference`,
    [],
    [
      // Redoc reads these attributes as options; a search index is built in a worker.
      `<redoc spec-url="${escapeHtml(specUrl)}" hide-download-button="false" expand-responses="200" path-in-middle-panel="true"></redoc>`,
      `<script src="${escapeHtml(bundleUrl)}"></script>`,
    ],
  );
}
