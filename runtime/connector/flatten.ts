/**
 * The original's flattening rule: descend into objects only, join keys with `__`, keep lists as
 * values, drop empty objects. Values that JSON cannot carry (YAML dates, bigints, NaN) are
 * converted instead of crashing the flow, as the original did.
 */

/** A JSON value as it goes onto MQTT. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** `{"a": {"b": 1}, "c": [1]}` → `{"a__b": 1, "c": [1]}`. */
export function flattenMessage(message: Record<string, unknown>): Record<string, JsonValue> {
  const flat: Record<string, JsonValue> = {};
  const walk = (value: Record<string, unknown>, prefix: string) => {
    for (const [key, child] of Object.entries(value)) {
      const path = prefix === '' ? key : `${prefix}__${key}`;
      if (isPlainObject(child)) walk(child, path);
      else flat[path] = toJsonValue(child);
    }
  };
  walk(message, '');
  return flat;
}

/** True for `{...}` objects (not arrays, dates or other class instances). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Dates → ISO strings, bigints → numbers or strings, non-finite numbers → null. */
export function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonValue(v)]));
  return String(value);
}
