import { createRequire } from 'node:module';
import type { Environment } from 'nunjucks';
import { HttpResponse } from './http-response.js';
import type { Handler } from './types.js';

const environments = new Map<string, Environment>();

/** One nunjucks environment per templates folder, loaded on first use (servers without templates never load nunjucks). */
function environment(folder: string): Environment {
  let found = environments.get(folder);
  if (found === undefined) {
    const nunjucks = createRequire(import.meta.url)('nunjucks') as typeof import('nunjucks');
    // Autoescape as Django/Jinja2 HTML templates of the platform did; `| safe` opts out.
    found = new nunjucks.Environment(new nunjucks.FileSystemLoader(folder), { autoescape: true, throwOnUndefined: false });
    environments.set(folder, found);
  }
  return found;
}

const contentTypes: Readonly<Record<string, string>> = {
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};

/** The answer's type from the template's name: `mail.txt` → text/plain, `page.html.j2` → text/html (the default). */
export function templateContentType(file: string): string {
  const name = file.replace(/\.(j2|jinja2|jinja)$/, '');
  const dot = name.lastIndexOf('.');
  return (dot >= 0 ? contentTypes[name.slice(dot)] : undefined) ?? 'text/html; charset=utf-8';
}

/** The template context of a script's result: an object's keys at the top, and the whole result as `response`. */
function contextOf(result: unknown): Record<string, unknown> {
  if (typeof result === 'object' && result !== null && !Array.isArray(result)) return { ...(result as Record<string, unknown>), response: result };
  return { response: result ?? null };
}

/**
 * Applies an endpoint's response template (socket.yml `template:`, Jinja2 syntax rendered with
 * nunjucks) to what its handler answers: a 2xx JSON or text result becomes the template's context;
 * bytes, other statuses and thrown answers pass through unchanged.
 */
export function withTemplate(handler: Handler, folder: string, file: string): Handler {
  const contentType = templateContentType(file);
  return async (context) => {
    const result = await handler(context);
    let data: unknown = result;
    if (result instanceof HttpResponse) {
      if (result.status < 200 || result.status > 299 || result.content instanceof Uint8Array) return result;
      data = result.content;
      if (typeof data === 'string') {
        try {
          data = JSON.parse(data);
        } catch {
          // Text output: the template gets it as `response`.
        }
      }
    }
    const body = environment(folder).render(file, contextOf(data));
    return new HttpResponse({ status: result instanceof HttpResponse ? result.status : 200, content: body, contentType });
  };
}
