/**
 * `types.ts` per AsyncAPI document: a TypeScript type per schema. Technique: one
 * json-schema-to-typescript run over the document's root schema (all definitions at once), so
 * enums, oneOf/anyOf, required, additionalProperties and references come out as that tool
 * reads JSON Schema; `format`s stay strings (they are checked by the validators).
 */
import { commentText } from '../../core/escape.js';
import type { ProjectIR } from '../../ir/types.js';
import type { PlannedFile, PlanOptions, Target } from '../types.js';
import { planDocument } from './asyncapi-plan.js';
import { rootSchema } from './asyncapi-schemas.js';

const rootName = 'SockgenAsyncApiRoot';

/** Renders the types of one document. */
async function renderTypes(definitions: Record<string, unknown>, title: string): Promise<string> {
  const named: Record<string, unknown> = {};
  // Schemas with the same content become aliases of the first: one json-schema-to-typescript
  // pass over distinct shapes only.
  const aliases: string[] = [];
  const firstByContent = new Map<string, string>();
  for (const name of Object.keys(definitions).sort()) {
    const schema = definitions[name];
    const content = JSON.stringify(schema);
    const first = firstByContent.get(content);
    if (first) {
      aliases.push(`export type ${name} = ${first};`);
      continue;
    }
    firstByContent.set(content, name);
    // Definition keys are the type names; a schema's own `title` would rename its type.
    named[name] = schema && typeof schema === 'object' && !Array.isArray(schema) ? { ...schema, title: undefined } : schema;
  }
  // Loaded on first use, only by projects that have such documents.
  const { compile } = await import('json-schema-to-typescript');
  const source = await compile({ title: rootName, type: 'object', properties: {}, additionalProperties: false, definitions: named } as never, rootName, {
    bannerComment: '',
    format: false,
    unreachableDefinitions: true,
    declareExternallyReferenced: true,
    strictIndexSignatures: false,
    additionalProperties: true,
    $refOptions: { resolve: { external: false } } as never,
  });
  const body = source
    // The root only exists to carry the definitions.
    .replace(new RegExp(`export interface ${rootName} \\{\\s*\\}\\n?`), '')
    // ...and json-schema-to-typescript's note about it, alone or after a description.
    .replace(/\/\*\*\n \* This interface was referenced by `SockgenAsyncApiRoot`'s JSON-Schema\n \* via the `definition` "[^"]*"\.\n \*\/\n/g, '')
    .replace(/\n \* ?\n \* This interface was referenced by `SockgenAsyncApiRoot`'s JSON-Schema\n \* via the `definition` "[^"]*"\.\n/g, '\n');
  return `/** Payload, ack and handshake types of ${commentText(title)}. */\n\n${[body.trim(), ...aliases].join('\n').trim() || 'export {};'}\n`;
}

/** Plans `types.ts` per AsyncAPI document. */
export const asyncapiTypesTarget: Target = {
  name: 'types/asyncapi',
  async plan(ir: ProjectIR, options: PlanOptions): Promise<PlannedFile[]> {
    return Promise.all(
      (ir.asyncapi?.documents ?? []).map(async (doc) => {
        const plan = planDocument(doc, options);
        return {
          path: `${plan.folder}/types.ts`,
          ownership: 'generated' as const,
          text: await renderTypes(rootSchema(plan).definitions, doc.title),
          specs: [doc.source.file],
        };
      }),
    );
  },
};
