/**
 * `types.ts` per AsyncAPI document: a TypeScript type per schema. Technique: one
 * json-schema-to-typescript run over the document's root schema (all definitions at once), so
 * enums, oneOf/anyOf, required, additionalProperties and references come out as that tool
 * reads JSON Schema; `format`s stay strings (they are checked by the validators).
 */
import { commentText } from '../../core/escape.js';
import { renderSchemaTypes } from '../shared/schema-types.js';
import type { ProjectIR } from '../../ir/types.js';
import type { PlannedFile, PlanOptions, Target } from '../types.js';
import { planDocument } from './asyncapi-plan.js';
import { rootSchema } from './asyncapi-schemas.js';

const rootName = 'SockgenAsyncApiRoot';

/** Renders the types of one document. */
async function renderTypes(definitions: Record<string, unknown>, title: string): Promise<string> {
  const sorted = Object.fromEntries(Object.keys(definitions).sort().map((name) => [name, definitions[name]]));
  const body = await renderSchemaTypes(sorted, { rootName, aliasDuplicates: true });
  return `/** Payload, ack and handshake types of ${commentText(title)}. */\n\n${body}\n`;
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
