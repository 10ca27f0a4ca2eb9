/**
 * TypeScript types from named JSON Schemas, for every target that has payload schemas.
 * Technique: one json-schema-to-typescript run over a root whose definitions are the types to
 * emit (definition keys are the type names), then its scaffolding is removed.
 */

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
  const { compile } = await import('json-schema-to-typescript');
  const source = await compile({ title: rootName, type: 'object', properties: {}, additionalProperties: false, definitions: named } as never, rootName, {
    bannerComment: '',
    format: false,
    unreachableDefinitions: true,
    declareExternallyReferenced: true,
    strictIndexSignatures: false,
    additionalProperties: true,
    ...(options.unknownAny ? { unknownAny: true } : {}),
    $refOptions: { resolve: { external: false } } as never,
  });
  const note = `This interface was referenced by \`${rootName}\`'s JSON-Schema\\n \\* via the \`definition\` "[^"]*"\\.`;
  const body = source
    // The root only exists to carry the definitions...
    .replace(new RegExp(`export interface ${rootName} \\{\\s*\\}\\n?`), '')
    // ...and json-schema-to-typescript's note about it, alone or after a description.
    .replace(new RegExp(`/\\*\\*\\n \\* ${note}\\n \\*/\\n`, 'g'), '')
    .replace(new RegExp(`\\n \\* ?\\n \\* ${note}\\n`, 'g'), '\n');
  return [body.trim(), ...aliases].join('\n').trim() || 'export {};';
}
