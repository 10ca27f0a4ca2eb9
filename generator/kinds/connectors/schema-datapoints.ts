/**
 * The datapoint keys a device message schema declares, by the runtime's flattening rule: descend
 * into object properties, join keys with `__`; anything else (lists, scalars, unions) is a value.
 */
import { isObject } from './detect.js';

/** `{key, schema}` pairs, sorted by key. */
export function schemaDatapoints(schema: unknown): Array<{ key: string; schema: unknown }> {
  const found: Array<{ key: string; schema: unknown }> = [];
  const walk = (node: unknown, prefix: string) => {
    const properties = isObject(node) && isObject(node.properties) && (node.type === 'object' || node.type === undefined) ? node.properties : undefined;
    if (properties && prefix !== '' && Object.keys(properties).length === 0) return;
    if (!properties) {
      if (prefix !== '') found.push({ key: prefix, schema: node });
      return;
    }
    for (const [key, child] of Object.entries(properties)) walk(child, prefix === '' ? key : `${prefix}__${key}`);
  };
  walk(schema, '');
  return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
