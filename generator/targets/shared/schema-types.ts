/**
 * TypeScript types from named JSON Schemas, for every target that has payload schemas.
 * Technique: one json-schema-to-typescript run over a root whose definitions are the types to
 * emit (definition keys are the type names), then its scaffolding is removed.
 */
import { schemaTypesCompiler } from '../../core/packages.js';

export interface SchemaTypesOptions {
  /** Name of the throw-away root type that carries the definitions. */
  readonly rootName: string;
  /** `unknown` instead of `any` for schemas that allow anything. */
  readonly unknownAny?: boolean;
  /** Schemas with the same content become aliases of the first (one compile per distinct shape). */
  readonly aliasDuplicates?: boolean;
}

/** The declarations of `definitions` (no header); `export {};` when there are none. */
export async function renderSchemaTypes(definitions: Record<string, unknown>, options: SchemaTypesOptions): Promise<string> {
  const { rootName } = options;
  const named: Record<string, unknown> = {};
  const aliases: string[] = [];
  const firstByContent = new Map<string, string>();
  for (const name of Object.keys(definitions)) {
    const schema = definitions[name];
    if (options.aliasDuplicates) {
      const content = JSON.stringify(schema);
      const first = firstByContent.get(content);
      if (first) {
        aliases.push(`export type ${name} = ${first};`);
        continue;
      }
      firstByContent.set(content, name);
    }
    // Definition keys are the type names; a schema's own `title` would rename its type.
    named[name] = schema && typeof schema === 'object' && !Array.isArray(schema) ? { ...schema, title: undefined } : schema;
  }
  // Loaded on first use, only by projects that have such schemas.
  const { compile } = schemaTypesCompiler();
  const shadowing = new Map<string, string>();
  const source = await compile({ title: rootName, type: 'object', properties: {}, additionalProperties: false, definitions: withoutShadowingKeys(named, shadowing) } as never, rootName, {
    bannerComment: '',
    format: false,
    unreachableDefinitions: true,
    declareExternallyReferenced: true,
    strictIndexSignatures: false,
    additionalProperties: true,
    ...(options.unknownAny ? { unknownAny: true } : {}),
    $refOptions: { resolve: { external: false } } as never,
  });
  const restored = source.replace(/\b(__sockgen_key_\d+__)\b/g, (placeholder) => JSON.stringify(shadowing.get(placeholder) ?? placeholder));
  const note = `This interface was referenced by \`${rootName}\`'s JSON-Schema\\n \\* via the \`definition\` "[^"]*"\\.`;
  const body = restored
    // The root only exists to carry the definitions...
    .replace(new RegExp(`export interface ${rootName} \\{\\s*\\}\\n?`), '')
    // ...and json-schema-to-typescript's note about it, alone or after a description.
    .replace(new RegExp(`/\\*\\*\\n \\* ${note}\\n \\*/\\n`, 'g'), '')
    .replace(new RegExp(`\\n \\* ?\\n \\* ${note}\\n`, 'g'), '\n');
  return [body.trim(), ...aliases].join('\n').trim() || 'export {};';
}

/** Names of Object.prototype members: json-schema-to-typescript calls some on schema nodes. */
const prototypeNames = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * A copy of `value` where every key named like an Object.prototype member (`hasOwnProperty`,
 * `constructor`, `__proto__`…), and every such name listed in `required`, is a placeholder
 * recorded in `shadowing`: json-schema-to-typescript calls `schema.hasOwnProperty(...)` on nodes,
 * and a property of that name made it throw. Its output gets the quoted names back.
 */
function withoutShadowingKeys(value: unknown, shadowing: Map<string, string>, seen = new Map<object, unknown>()): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return seen.get(value);
  const placeholder = (name: string) => {
    const existing = [...shadowing].find(([, original]) => original === name)?.[0];
    if (existing) return existing;
    const created = `__sockgen_key_${shadowing.size + 1}__`;
    shadowing.set(created, name);
    return created;
  };
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
  seen.set(value, copy);
  for (const [key, item] of Object.entries(value)) {
    const name = !Array.isArray(value) && prototypeNames.has(key) ? placeholder(key) : key;
    const required = key === 'required' && Array.isArray(item) ? item.map((entry) => (typeof entry === 'string' && prototypeNames.has(entry) ? placeholder(entry) : entry)) : item;
    Object.defineProperty(copy, name, { value: withoutShadowingKeys(required, shadowing, seen), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}
