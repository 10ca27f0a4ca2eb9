/**
 * Handlebars rendering. Templates live in templates/<target>/*.hbs; files whose name starts with
 * `_` are partials, registered as `<target>/<name>` without the underscore. Compiled with
 * `noEscape`, `strict` and `knownHelpersOnly`: templates only display what a plan decided, and
 * every spec string goes through an escaping helper.
 */
import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commentText, formattedStringLiteral, lineCommentText, propertyKeyLiteral, valueLiteral } from './escape.js';

const templatesRoot = fileURLToPath(new URL('../../templates/', import.meta.url));

const helpers: Record<string, Handlebars.HelperDelegate> = {
  /** `{{str name}}` → a string literal, single-quoted as the formatter writes it. */
  str: (value: unknown) => formattedStringLiteral(String(value)),
  /** `{{propkey name}}:` → a key of an object literal (a value), safe for any name. */
  propkey: (value: unknown) => propertyKeyLiteral(String(value)),
  /** `{{json value}}` → a JS/JSON expression. */
  json: (value: unknown) => valueLiteral(value),
  /** `{{doc text}}` → text safe inside a JSDoc block. */
  doc: (value: unknown) => commentText(String(value ?? '')),
  /** `{{line text}}` → text safe in a line comment. */
  line: (value: unknown) => lineCommentText(String(value ?? '')),
  /** `{{join list ", "}}` → items joined (plan-made identifiers only). */
  join: (list: unknown, separator: unknown) => (Array.isArray(list) ? list.join(typeof separator === 'string' ? separator : ', ') : ''),
  /** `{{#if (eq a b)}}` */
  eq: (a: unknown, b: unknown) => a === b,
};

const knownHelpers = Object.fromEntries(Object.keys(helpers).map((name) => [name, true]));

let instance: typeof Handlebars | undefined;
const compiled = new Map<string, Handlebars.TemplateDelegate>();

function handlebars(): typeof Handlebars {
  if (instance) return instance;
  instance = Handlebars.create();
  for (const [name, helper] of Object.entries(helpers)) instance.registerHelper(name, helper);
  for (const file of listTemplates(templatesRoot)) {
    const name = relative(templatesRoot, file).replace(/\\/g, '/').replace(/\.hbs$/, '');
    const base = name.split('/').pop()!;
    if (base.startsWith('_')) {
      const partialName = name.replace(/(^|\/)_([^/]+)$/, '$1$2');
      instance.registerPartial(partialName, compile(instance, readFileSync(file, 'utf8')));
    }
  }
  return instance;
}

function compile(hb: typeof Handlebars, source: string): Handlebars.TemplateDelegate {
  return hb.compile(source, { noEscape: true, strict: true, knownHelpers, knownHelpersOnly: true });
}

function listTemplates(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listTemplates(path);
    return entry.name.endsWith('.hbs') ? [path] : [];
  });
}

/** Renders `templates/<name>.hbs` with `data`. */
export function renderTemplate(name: string, data: unknown): string {
  const hb = handlebars();
  let template = compiled.get(name);
  if (!template) {
    template = compile(hb, readFileSync(join(templatesRoot, `${name}.hbs`), 'utf8'));
    compiled.set(name, template);
  }
  return template(data);
}
