/**
 * The original's flattening rule: descend into objects only, join keys with `__`, keep lists as
 * values, drop empty objects. Values that JSON cannot carry (YAML dates, bigints, NaN) are
 * converted instead of crashing the flow, as the original did.
 */

/** A JSON value as it goes onto MQTT. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * `{"a": {"b": 1}, "c": [1]}` → `{"a__b": 1, "c": [1]}`. `jsonSafe` (input from JSON.parse)
 * skips the conversion of values JSON cannot carry: there are none.
 */
export function flattenMessage(message: Record<string, unknown>, jsonSafe = false): Record<string, JsonValue> {
  // No prototype: a datapoint may be called `__proto__` or `constructor`.
  const flat: Record<string, JsonValue> = Object.create(null);
  // An explicit stack of key cursors, not recursion: a message nested thousands deep must not
  // overflow the call stack (parse-message.ts caps the depth first; this is safe on its own).
  // Keys come out in the same order as a depth-first recursive walk.
  const stack: Array<{ value: Record<string, unknown>; keys: string[]; next: number; prefix: string }> = [
    { value: message, keys: keysOf(message), next: 0, prefix: '' },
  ];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.next >= frame.keys.length) {
      stack.pop();
      continue;
    }
    const key = frame.keys[frame.next++]!;
    const child = frame.value[key];
    const path = frame.prefix === '' ? key : `${frame.prefix}__${key}`;
    if (isPlainObject(child)) stack.push({ value: child, keys: keysOf(child), next: 0, prefix: path });
    else flat[path] = jsonSafe ? (child as JsonValue) : toJsonValue(child);
  }
  return flat;
}

/** The keys `for...in` visits (own and inherited enumerable), in its order. */
function keysOf(value: Record<string, unknown>): string[] {
  const keys: string[] = [];
  for (const key in value) keys.push(key);
  return keys;
}

/** True for `{...}` objects (not arrays, dates or other class instances). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Dates → ISO strings, bigints → numbers or strings, non-finite numbers → null; YAML's `!!set` →
 * list, `!!omap`/`!!pairs` maps → object, `!!binary` → base64 text (as plain objects they lost
 * every entry).
 */
export function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value instanceof Set) return [...value].map(toJsonValue);
  if (value instanceof Map) {
    const object: Record<string, JsonValue> = Object.create(null);
    for (const [key, entry] of value) object[String(key)] = toJsonValue(entry);
    return object;
  }
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonValue(v)]));
  return String(value);
}
