/** HTML escaping for the docs pages: every string from a document or a URL goes through here. */

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A whole page for a client-side renderer: `head` and `body` are lines of trusted, already escaped HTML. */
export function rendererPage(title: string, head: readonly string[], body: readonly string[]): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    ...head,
    '</head>',
    '<body style="margin:0">',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
