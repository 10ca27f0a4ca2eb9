/**
 * Handlebars rendering. Templates live in templates/<target>/*.hbs; files whose name starts with
 * `_` are partials, registered as `<target>/<name>` without the underscore. Compiled with
 * `noEscape`, `strict` and `knownHelpersOnly`: templates only display what a plan decided, and
 * every spec string goes through an escaping helper.
 */
import type Handlebars from 'handlebars';
import { packages } from './packages.js';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBundle, runsCompiled } from './bundle-loader.js';
import { loadableModule } from './loadable-module.js';
import { commentText, formattedStringLiteral, lineCommentText, propertyKeyLiteral, valueLiteral } from './escape.js';

const templatesRoot = fileURLToPath(new URL('../../templates/', import.meta.url));
/**
 * The templates compiled by the build (Handlebars.precompile, `npm run build`): compiling them
 * took most of each run's rendering time. Used by the compiled CLI, whose templates/ the same
 * build copied; from the sources templates are compiled as they are read (they may be edited).
 */
const precompiledFile = fileURLToPath(new URL('../../templates-precompiled.cjs', import.meta.url));
const compileOptions = { noEscape: true, strict: true, knownHelpersOnly: true } as const;

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

type TemplateSpec = Parameters<typeof Handlebars.template>[0];
let precompiled: Record<string, TemplateSpec> | undefined;

function handlebars(): typeof Handlebars {
  if (instance) return instance;
  instance = packages.handlebars.create();
  for (const [name, helper] of Object.entries(helpers)) instance.registerHelper(name, helper);
  if (runsCompiled && existsSync(precompiledFile)) precompiled = loadBundle(precompiledFile) as Record<string, TemplateSpec>;
  for (const name of templateNames()) {
    const base = name.split('/').pop()!;
    if (base.startsWith('_')) instance.registerPartial(name.replace(/(^|\/)_([^/]+)$/, '$1$2'), template(instance, name));
  }
  return instance;
}

/** A template by name, precompiled or compiled now. */
function template(hb: typeof Handlebars, name: string): Handlebars.TemplateDelegate {
  const spec = precompiled?.[name];
  if (spec) return hb.template(spec);
  return hb.compile(readFileSync(join(templatesRoot, `${name}.hbs`), 'utf8'), { ...compileOptions, knownHelpers });
}

/** Every template's name: its path under templates/ without `.hbs`. */
function templateNames(): string[] {
  return listTemplates(templatesRoot)
    .map((file) => relative(templatesRoot, file).replace(/\\/g, '/').replace(/\.hbs$/, ''))
    .sort();
}

/** Build step: a CommonJS module of every template, precompiled (what `template()` loads). */
export function writePrecompiledTemplates(): number {
  const specs = templateNames().map((name) => {
    const spec = packages.handlebars.precompile(readFileSync(join(templatesRoot, `${name}.hbs`), 'utf8'), { ...compileOptions, knownHelpers });
    return `  ${JSON.stringify(name)}: ${String(spec)},`;
  });
  writeFileSync(precompiledFile, loadableModule(`module.exports = {\n${specs.join('\n')}\n};\n`));
  return specs.length;
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
  let delegate = compiled.get(name);
  if (!delegate) {
    delegate = template(hb, name);
    compiled.set(name, delegate);
  }
  return delegate(data);
}
