/**
 * One root JSON Schema per document holding every named schema under `definitions` (keys are
 * the planned type names), so types and validators are each produced in a single pass over all
 * schemas instead of one tool run per schema.
 */
import type { DocumentPlan } from './asyncapi-plan.js';

/** `{ definitions: { TypeName: schema } }` with references rewritten to the type names. */
export function rootSchema(plan: DocumentPlan): { definitions: Record<string, unknown> } {
  const definitions: Record<string, unknown> = {};
  const rename = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rename);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/definitions/')) {
        const target = plan.typeNames.get(value.slice('#/definitions/'.length));
        out[key] = target ? `#/definitions/${target}` : value;
      } else out[key] = rename(value);
    }
    return out;
  };
  for (const schema of plan.doc.schemas) definitions[plan.typeNames.get(schema.name)!] = rename(schema.schema);
  return { definitions };
}
