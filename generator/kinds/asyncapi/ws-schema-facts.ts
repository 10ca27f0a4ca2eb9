/**
 * What a payload schema says for sure about every value it accepts: the properties it declares,
 * which are required, and which hold one fixed value (`const` or a one-value `enum`). `allOf`
 * adds up; `oneOf`/`anyOf` keep only what every branch agrees on. Plain WebSocket dispatch and
 * correlation-id detection are decided from these facts.
 */

type Json = Record<string, unknown>;
type Scalar = string | number | boolean | null;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The facts of one schema. */
export interface SchemaFacts {
  readonly properties: ReadonlySet<string>;
  readonly required: ReadonlySet<string>;
  /** Property → its only possible value. */
  readonly consts: ReadonlyMap<string, Scalar>;
}

function fixedValue(schema: unknown): { value: Scalar } | undefined {
  if (!isObject(schema)) return undefined;
  const scalar = (v: unknown): v is Scalar => v === null || ['string', 'number', 'boolean'].includes(typeof v);
  if ('const' in schema && scalar(schema.const)) return { value: schema.const };
  if (Array.isArray(schema.enum) && schema.enum.length === 1 && scalar(schema.enum[0])) return { value: schema.enum[0] };
  return undefined;
}

/** Facts of `schema` (resolved: the parser already inlined `$ref`s). */
export function schemaFacts(schema: unknown, seen: Set<object> = new Set()): SchemaFacts {
  const properties = new Set<string>();
  const required = new Set<string>();
  const consts = new Map<string, Scalar>();
  if (!isObject(schema) || seen.has(schema)) return { properties, required, consts };
  const inner = new Set(seen).add(schema);
  if (isObject(schema.properties))
    for (const [name, property] of Object.entries(schema.properties)) {
      properties.add(name);
      const fixed = fixedValue(property);
      if (fixed) consts.set(name, fixed.value);
    }
  if (Array.isArray(schema.required)) for (const name of schema.required) if (typeof name === 'string') required.add(name);
  const merge = (facts: SchemaFacts) => {
    facts.properties.forEach((p) => properties.add(p));
    facts.required.forEach((p) => required.add(p));
    facts.consts.forEach((v, p) => consts.set(p, v));
  };
  if (Array.isArray(schema.allOf)) for (const part of schema.allOf) merge(schemaFacts(part, inner));
  for (const key of ['oneOf', 'anyOf'] as const) {
    const branches = Array.isArray(schema[key]) ? schema[key].map((b) => schemaFacts(b, inner)) : [];
    if (branches.length === 0) continue;
    const [first, ...rest] = branches;
    const common: SchemaFacts = {
      properties: new Set([...first!.properties].filter((p) => rest.every((b) => b.properties.has(p)))),
      required: new Set([...first!.required].filter((p) => rest.every((b) => b.required.has(p)))),
      consts: new Map([...first!.consts].filter(([p, v]) => rest.every((b) => b.consts.has(p) && b.consts.get(p) === v))),
    };
    merge(common);
  }
  return { properties, required, consts };
}

/** How specific a schema is: fixed values weigh most, then required, then declared properties. */
export function specificity(facts: SchemaFacts): number {
  return facts.consts.size * 4 + facts.required.size * 2 + facts.properties.size;
}
