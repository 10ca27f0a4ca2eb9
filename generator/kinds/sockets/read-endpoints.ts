/**
 * Endpoints in all three spellings: the wildcard `script:`, the per-method map
 * (`GET: {script}`), and the raw JSON form's `calls: [{type, name, methods}]`.
 */
import type { Diagnostic } from '../../core/diagnostics.js';
import { toPointer, type SpecFile } from '../../core/spec-file.js';
import { httpMethods } from '../../ir/sockets.js';
import type { EndpointIR, EndpointRouteIR, HttpMethod } from '../../ir/types.js';
import type { LoadContext } from '../types.js';
import { isRecord } from './values.js';
import { compareText } from '../../core/order.js';

const endpointKeys = new Set(['script', 'calls', 'cache', 'template', 'description']);

/** `endpoints:` in the wildcard, per-method or `calls` form → endpoints with one route per method. */
export function readEndpoints(file: SpecFile, raw: unknown, folder: string, context: LoadContext): { endpoints: EndpointIR[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  if (raw === undefined) {
    diagnostics.push(file.diagnostic('error', 'SOCK002', '', 'socket has no `endpoints`', 'add `endpoints:` with at least one endpoint'));
    return { endpoints: [], diagnostics };
  }
  if (!isRecord(raw)) {
    diagnostics.push(file.diagnostic('error', 'SOCK002', '/endpoints', '`endpoints` must be a mapping of endpoint names'));
    return { endpoints: [], diagnostics };
  }
  const endpoints: EndpointIR[] = [];
  for (const name of Object.keys(raw).sort()) {
    const pointer = toPointer('endpoints', name);
    const value = raw[name];
    if (!/^[A-Za-z0-9_-]+$/.test(name))
      diagnostics.push(file.diagnostic('error', 'SOCK011', pointer, `endpoint name \`${name}\` is not URL-safe`, 'use letters, digits, `_` and `-` only: it is part of the URL'));
    if (typeof value === 'string') {
      endpoints.push({ name, routes: [route('*', value, pointer, file)], source: { file: file.path, pointer } });
      continue;
    }
    if (!isRecord(value)) {
      diagnostics.push(file.diagnostic('error', 'SOCK015', pointer, `endpoint \`${name}\` must be a mapping`, 'write `script: <dependency>` or one `GET:`/`POST:`... entry per method'));
      continue;
    }
    const routes: EndpointRouteIR[] = [];
    const bind = (method: HttpMethod | '*', script: string, at: string) => {
      if (routes.some((r) => r.method === method))
        diagnostics.push(file.diagnostic('error', 'SOCK019', at, `method ${method} of endpoint \`${name}\` is bound twice`, 'keep one call per method'));
      else routes.push(route(method, script, at, file));
    };
    for (const key of Object.keys(value)) {
      const at = toPointer('endpoints', name, key);
      const entry = value[key];
      if (key === 'script') {
        if (typeof entry === 'string') bind('*', entry, at);
        else diagnostics.push(file.diagnostic('error', 'SOCK015', at, '`script` must name a dependency'));
      } else if (key === 'calls') readCalls(file, entry, at, bind, diagnostics);
      else if (!endpointKeys.has(key)) {
        const method = key.toUpperCase();
        const script = typeof entry === 'string' ? entry : isRecord(entry) && typeof entry.script === 'string' ? entry.script : undefined;
        const known = (httpMethods as readonly string[]).includes(method);
        if (known && script !== undefined) bind(method as HttpMethod, script, at);
        else if (known)
          diagnostics.push(file.diagnostic('error', 'SOCK015', at, `\`${key}\` of endpoint \`${name}\` must name a script`, `write \`${key}: {script: <dependency>}\``));
        else if (script !== undefined || /^[A-Z]+$/.test(key))
          diagnostics.push(file.diagnostic('error', 'SOCK006', at, `unknown HTTP method \`${key}\` in endpoint \`${name}\``, `use one of ${httpMethods.join(', ')}, or \`script:\` for every method`));
        else diagnostics.push(file.diagnostic('warning', 'SOCK018', at, `unknown key \`${key}\` in endpoint \`${name}\` is ignored`));
      }
    }
    if (routes.length === 0 && !diagnostics.some((d) => d.pointer?.startsWith(pointer)))
      diagnostics.push(file.diagnostic('error', 'SOCK015', pointer, `endpoint \`${name}\` calls no script`, 'add `script: <dependency>`'));
    const cache = readCache(file, value.cache, toPointer('endpoints', name, 'cache'), diagnostics);
    const template = value.template;
    let templateFile: string | undefined;
    if (template !== undefined) {
      if (typeof template !== 'string') diagnostics.push(file.diagnostic('error', 'SOCK015', toPointer('endpoints', name, 'template'), '`template` must name a response template'));
      else {
        templateFile = findTemplate(folder, template, context);
        if (templateFile === undefined)
          diagnostics.push(
            file.diagnostic('warning', 'SOCK012', toPointer('endpoints', name, 'template'), `response template \`${template.slice(0, 80)}\` not found: the script's output is sent as it is`, `add ${folder}/templates/${template.slice(0, 80)}.html (Jinja2 syntax, rendered with nunjucks)`),
          );
      }
    }
    endpoints.push({
      name,
      ...(typeof value.description === 'string' ? { description: value.description } : {}),
      routes: routes.sort((a, b) => compareText(a.method, b.method)),
      ...(cache !== undefined ? { cacheSeconds: cache } : {}),
      ...(typeof template === 'string' ? { template } : {}),
      ...(templateFile !== undefined ? { templateFile } : {}),
      source: { file: file.path, pointer },
    });
  }
  return { endpoints, diagnostics };
}

function route(method: HttpMethod | '*', script: string, pointer: string, file: SpecFile): EndpointRouteIR {
  return { method, call: { type: 'script', script }, source: { file: file.path, pointer } };
}

function readCalls(file: SpecFile, raw: unknown, pointer: string, bind: (m: HttpMethod | '*', s: string, at: string) => void, diagnostics: Diagnostic[]): void {
  if (!Array.isArray(raw)) {
    diagnostics.push(file.diagnostic('error', 'SOCK015', pointer, '`calls` must be a list of `{type, name, methods}`'));
    return;
  }
  raw.forEach((call, index) => {
    const at = `${pointer}/${index}`;
    if (!isRecord(call) || typeof call.name !== 'string') {
      diagnostics.push(file.diagnostic('error', 'SOCK015', at, 'a call needs `name` (the script dependency)'));
      return;
    }
    if (call.type !== undefined && call.type !== 'script')
      diagnostics.push(file.diagnostic('error', 'SOCK020', `${at}/type`, `call type \`${String(call.type)}\` is not supported`, 'only `script` calls exist'));
    const methods = call.methods === undefined ? ['*'] : call.methods;
    if (!Array.isArray(methods) || methods.length === 0) {
      diagnostics.push(file.diagnostic('error', 'SOCK015', `${at}/methods`, '`methods` must be a non-empty list such as [GET] or [\'*\']'));
      return;
    }
    methods.forEach((method, m) => {
      const upper = String(method).toUpperCase();
      if (upper === '*' || (httpMethods as readonly string[]).includes(upper)) bind(upper as HttpMethod | '*', call.name as string, at);
      else diagnostics.push(file.diagnostic('error', 'SOCK006', `${at}/methods/${m}`, `unknown HTTP method \`${String(method)}\``, `use one of ${httpMethods.join(', ')} or '*'`));
    });
  });
}

/** Extensions tried after the bare name, in order: the platform's templates were HTML mostly. */
const templateExtensions = ['', '.html', '.htm', '.j2', '.jinja2', '.jinja', '.txt', '.xml', '.json', '.csv'];

/** The file of a response template in `<socket folder>/templates/` (a plain name, never a path out of it). */
function findTemplate(folder: string, name: string, context: LoadContext): string | undefined {
  if (name === '' || name.length > 200 || name.includes('/') || name.includes('\\') || name.startsWith('.')) return undefined;
  for (const extension of templateExtensions) {
    const candidate = `${name}${extension}`;
    const path = folder === '.' ? `templates/${candidate}` : `${folder}/templates/${candidate}`;
    try {
      if (context.exists(path)) {
        context.readText(path);
        return candidate;
      }
    } catch {
      // A folder of that name: try the next.
    }
  }
  return undefined;
}

function readCache(file: SpecFile, raw: unknown, pointer: string, diagnostics: Diagnostic[]): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === 'number' && Number.isFinite(raw) && raw >= 0) return raw;
  // The platform accepted any value here (its CLI tests use `cache: cache_key`) and cached nothing for it.
  const text = typeof raw === 'string' ? ` \`${raw.slice(0, 40)}\`` : '';
  diagnostics.push(file.diagnostic('warning', 'SOCK013', pointer, `\`cache\`${text} is not a number of seconds: the endpoint is not cached`, 'did you mean a number, e.g. `cache: 30`?'));
  return undefined;
}
