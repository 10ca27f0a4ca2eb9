/**
 * One root JSON Schema per document holding every named schema under `definitions` (keys are
 * the planned type names), so types and validators are each produced in a single pass over all
 * schemas instead of one tool run per schema.
 */
import type { DocumentPlan } from './asyncapi-plan.js';

/** `{ definitions: { TypeName: schema } }` with references rewritten to the type names. */
export function rootSchema(plan: DocumentPlan): { definitions: Record<string, unknown> } {
  const cached = rootCache.get(plan);
  if (cached) return cached;
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
  const root = { definitions };
  rootCache.set(plan, root);
  return root;
}

// Types, validators and the server all read it; built once per plan. Callers must not mutate it.
const rootCache = new WeakMap<DocumentPlan, { definitions: Record<string, unknown> }>();

const canonicalCache = new WeakMap<DocumentPlan, ReadonlyMap<string, string>>();

/**
 * For each type name, the first type name (sorted) whose schema has the same content: identical
 * schemas share one compiled validator, and the server imports that one directly.
 */
export function canonicalValidators(plan: DocumentPlan): ReadonlyMap<string, string> {
  const cached = canonicalCache.get(plan);
  if (cached) return cached;
  const { definitions } = rootSchema(plan);
  const canonical = new Map<string, string>();
  const firstByContent = new Map<string, string>();
  for (const name of Object.keys(definitions).sort()) {
    const content = JSON.stringify(definitions[name]);
    const first = firstByContent.get(content) ?? name;
    firstByContent.set(content, first);
    canonical.set(name, first);
  }
  canonicalCache.set(plan, canonical);
  return canonical;
}
