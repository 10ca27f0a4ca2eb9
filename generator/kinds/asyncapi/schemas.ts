/**
 * Collects the JSON Schemas a document's events use into named, flat definitions: the parser
 * inlines every `$ref`, so named schemas (`components.schemas` keys, which the parser marks with
 * `x-parser-schema-id`) are taken back out and referenced as `#/definitions/<name>`. That keeps
 * one type and one validator per named schema, and makes recursive schemas finite.
 */
import { packages } from '../../core/packages.js';
import type { Diagnostic } from '../../core/diagnostics.js';
import type { SpecFile } from '../../core/spec-file.js';
import type { AsyncApiSchemaIR } from '../../ir/asyncapi.js';
import type { SourceRef } from '../../ir/source.js';

/** Formats the generated validators check (ajv-formats' full set), read on the first `format` met. */
let formats: ReadonlySet<string> | undefined;
const knownFormats = () => (formats ??= new Set(Object.keys(packages.ajvFormatList.fullFormats)));

/** True when ajv can compile the pattern (it uses the `u` flag). */
function validPattern(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

const schemaMaps = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas']);
const schemaValues = new Set(['additionalProperties', 'additionalItems', 'unevaluatedItems', 'unevaluatedProperties', 'contains', 'propertyNames', 'if', 'then', 'else', 'not', 'items']);
const schemaLists = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items']);
const idKey = 'x-parser-schema-id';

function namedId(node: object): string | undefined {
  const id = (node as Record<string, unknown>)[idKey];
  return typeof id === 'string' && !id.startsWith('<anonymous') ? id : undefined;
}

/** `false` or `{ not: {} }`: a schema nothing matches (a closed tuple's `items`). */
function isClosed(schema: unknown): boolean {
  if (schema === false) return true;
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return false;
  const keys = Object.keys(schema).filter((k) => !k.startsWith('x-parser-'));
  const not = (schema as Record<string, unknown>).not;
  return keys.length === 1 && keys[0] === 'not' && !!not && typeof not === 'object' && Object.keys(not).filter((k) => !k.startsWith('x-parser-')).length === 0;
}

/** Plain JSON copy of a non-schema value (enum, const, default, examples). */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (!key.startsWith('x-parser-')) out[key] = plain(item);
    return out;
  }
  return value;
}

/** Builds the document's schema table as events are read. */
export class SchemaCollector {
  readonly #byName = new Map<string, AsyncApiSchemaIR>();
  readonly #byNode = new Map<object, string>();
  readonly #file: string;
  readonly #spec: SpecFile;
  readonly #pointerOf: (node: object) => string | undefined;
  /** Schema problems the validators could not compile (errors) or would not check (warnings). */
  readonly diagnostics: Diagnostic[] = [];
  readonly #checked = new Set<object>();
  readonly #reportedFormats = new Set<string>();

  constructor(spec: SpecFile, pointerOf: (node: object) => string | undefined) {
    this.#file = spec.path;
    this.#spec = spec;
    this.#pointerOf = pointerOf;
  }

  /** Reports what ajv would refuse to compile (bad regex) or silently skip (unknown format). */
  #check(node: Record<string, unknown>): void {
    if (this.#checked.has(node)) return;
    this.#checked.add(node);
    const at = (key: string) => `${this.#pointerOf(node) ?? ''}/${key}`;
    if (typeof node.pattern === 'string' && !validPattern(node.pattern))
      this.diagnostics.push(this.#spec.diagnostic('error', 'AAPI013', at('pattern'), `pattern ${JSON.stringify(node.pattern)} is not a valid regular expression`, 'validators use JavaScript regular expressions with the u flag'));
    if (node.patternProperties && typeof node.patternProperties === 'object')
      for (const pattern of Object.keys(node.patternProperties))
        if (!validPattern(pattern))
          this.diagnostics.push(this.#spec.diagnostic('error', 'AAPI013', at('patternProperties'), `patternProperties key ${JSON.stringify(pattern)} is not a valid regular expression`));
    // Once per format and document: Asynction documents use faker formats (first_name, sentence)
    // for the mock on many fields, and one line per field buried the other findings.
    if (typeof node.format === 'string' && !knownFormats().has(node.format) && !this.#reportedFormats.has(node.format) && this.#reportedFormats.add(node.format))
      this.diagnostics.push(
        this.#spec.diagnostic('warning', 'AAPI014', at('format'), `format ${JSON.stringify(node.format)} is not checked by the validators (reported at its first use only)`, `known formats: ${[...knownFormats()].join(', ')}`),
      );
  }

  /**
   * Registers a schema used by an event and returns its name: the component name when it has
   * one, else `fallback` (made unique).
   */
  add(node: unknown, fallback: string, source: SourceRef): string {
    if (node && typeof node === 'object') {
      const known = this.#byNode.get(node);
      if (known) return known;
    }
    const id = node && typeof node === 'object' ? namedId(node) : undefined;
    return this.#define(node, id && !this.#byName.has(id) ? id : this.#unique(id ?? fallback), source);
  }

  #unique(base: string): string {
    let name = base;
    for (let n = 2; this.#byName.has(name); n++) name = `${base} ${n}`;
    return name;
  }

  #define(node: unknown, name: string, source: SourceRef): string {
    if (node && typeof node === 'object') this.#byNode.set(node, name);
    // Reserve the name before converting, so a recursive reference finds it.
    this.#byName.set(name, { name, schema: {}, source });
    const schema = this.#convert(node, [], true);
    this.#byName.set(name, { name, schema, source });
    return name;
  }

  #convert(node: unknown, ancestors: object[], isRoot: boolean): unknown {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return plain(node);
    if (!isRoot) {
      const known = this.#byNode.get(node);
      if (known) return { $ref: `#/definitions/${known}` };
      const id = namedId(node);
      if (id) {
        const pointer = this.#pointerOf(node);
        const name = this.#byName.has(id) ? this.#unique(id) : id;
        this.#define(node, name, { file: this.#file, pointer: pointer ?? '' });
        return { $ref: `#/definitions/${name}` };
      }
      // An anonymous schema containing itself (a `$ref` to a nested pointer): no finite form.
      if (ancestors.includes(node)) return {};
    }
    this.#check(node as Record<string, unknown>);
    const inner = [...ancestors, node];
    const out: Record<string, unknown> = {};
    const record = node as Record<string, unknown>;
    // 2020-12 tuples (`prefixItems`, then `items` for the rest) in the draft-07 form the
    // validators (ajv's default draft) and the type generator read: `items: [...]` + `additionalItems`.
    if (Array.isArray(record.prefixItems) && record.prefixItems.length === 0) {
      // No fixed items: every item follows `items` (draft-07 `items: []` is not a schema).
      if (record.items !== undefined) out.items = isClosed(record.items) ? false : this.#convert(record.items, inner, false);
    } else if (Array.isArray(record.prefixItems)) {
      out.items = record.prefixItems.map((child) => this.#convert(child, inner, false));
      if (record.items !== undefined) out.additionalItems = isClosed(record.items) ? false : this.#convert(record.items, inner, false);
    }
    for (const [key, value] of Object.entries(node)) {
      if (Array.isArray(record.prefixItems) && (key === 'prefixItems' || key === 'items')) continue;
      // `id` is draft-04's `$id`: ajv refuses to compile any schema holding it ("NOT SUPPORTED:
      // keyword id"), and the parser has already resolved every reference an id could serve.
      if (key.startsWith('x-parser-') || key === '$schema' || key === '$id' || key === 'id') continue;
      if (schemaMaps.has(key) && value && typeof value === 'object' && !Array.isArray(value)) {
        const map: Record<string, unknown> = {};
        for (const [name, child] of Object.entries(value)) map[name] = this.#convert(child, inner, false);
        out[key] = map;
      } else if (schemaLists.has(key) && Array.isArray(value)) out[key] = value.map((child) => this.#convert(child, inner, false));
      else if (schemaValues.has(key)) out[key] = this.#convert(value, inner, false);
      else if (key === 'dependencies' && value && typeof value === 'object') {
        const map: Record<string, unknown> = {};
        for (const [name, child] of Object.entries(value)) map[name] = Array.isArray(child) ? plain(child) : this.#convert(child, inner, false);
        out[key] = map;
      } else out[key] = plain(value);
    }
    return out;
  }

  /** The converted schema registered under `name`. */
  schema(name: string): unknown {
    return this.#byName.get(name)?.schema;
  }

  /** All schemas, sorted by name. */
  list(): AsyncApiSchemaIR[] {
    return [...this.#byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}
