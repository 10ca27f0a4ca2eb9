/**
 * Collects the JSON Schemas a document's events use into named, flat definitions: the parser
 * inlines every `$ref`, so named schemas (`components.schemas` keys, which the parser marks with
 * `x-parser-schema-id`) are taken back out and referenced as `#/definitions/<name>`. That keeps
 * one type and one validator per named schema, and makes recursive schemas finite.
 */
import type { AsyncApiSchemaIR } from '../../ir/asyncapi.js';
import type { SourceRef } from '../../ir/source.js';

const schemaMaps = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas']);
const schemaValues = new Set(['additionalProperties', 'additionalItems', 'unevaluatedItems', 'unevaluatedProperties', 'contains', 'propertyNames', 'if', 'then', 'else', 'not', 'items']);
const schemaLists = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items']);
const idKey = 'x-parser-schema-id';

function namedId(node: object): string | undefined {
  const id = (node as Record<string, unknown>)[idKey];
  return typeof id === 'string' && !id.startsWith('<anonymous') ? id : undefined;
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
  readonly #pointerOf: (node: object) => string | undefined;

  constructor(file: string, pointerOf: (node: object) => string | undefined) {
    this.#file = file;
    this.#pointerOf = pointerOf;
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
    const inner = [...ancestors, node];
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-parser-') || key === '$schema' || key === '$id') continue;
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

  /** All schemas, sorted by name. */
  list(): AsyncApiSchemaIR[] {
    return [...this.#byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}
