import type { SocketDefinition } from './types.js';

/** Checks one record of a data class; `errors` says what is wrong, field by field. */
export type ClassValidator = (value: unknown) => { valid: boolean; errors: string[] };

type Field = SocketDefinition['classes'][number]['fields'][number];

const isInteger = (value: unknown): boolean => typeof value === 'number' && Number.isInteger(value);
const isObject = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

/** What each platform field type accepts, and how to say it. Unknown types accept anything. */
const checks: Record<string, { test: (value: unknown) => boolean; expected: string }> = {
  string: { test: (value) => typeof value === 'string', expected: 'a string' },
  text: { test: (value) => typeof value === 'string', expected: 'a string' },
  file: { test: (value) => typeof value === 'string', expected: 'a string (URL or path)' },
  integer: { test: isInteger, expected: 'an integer' },
  float: { test: (value) => typeof value === 'number' && Number.isFinite(value), expected: 'a number' },
  boolean: { test: (value) => typeof value === 'boolean', expected: 'true or false' },
  datetime: {
    test: (value) => (value instanceof Date && !Number.isNaN(value.getTime())) || (typeof value === 'string' && !Number.isNaN(Date.parse(value))),
    expected: 'a date-time (ISO 8601 string)',
  },
  reference: { test: isInteger, expected: 'the integer id of a record' },
  relation: { test: (value) => Array.isArray(value) && value.every(isInteger), expected: 'an array of integer ids' },
  object: { test: isObject, expected: 'an object' },
  array: { test: Array.isArray, expected: 'an array' },
  geopoint: {
    test: (value) =>
      isObject(value) &&
      typeof (value as { latitude?: unknown }).latitude === 'number' &&
      typeof (value as { longitude?: unknown }).longitude === 'number' &&
      Math.abs((value as { latitude: number }).latitude) <= 90 &&
      Math.abs((value as { longitude: number }).longitude) <= 180,
    expected: 'an object {latitude, longitude} in range',
  },
};

/**
 * The validator a class store uses when the generator passes none: the record is an object, has
 * only the class's fields (`id` belongs to the store), and each value matches its field type or
 * is null. Fields are optional, as they were on the platform.
 */
export function fieldValidator(className: string, fields: Field[]): ClassValidator {
  const byName = new Map(fields.map((field) => [field.name, field]));
  return (value) => {
    if (!isObject(value)) return { valid: false, errors: [`a ${className} must be an object`] };
    const errors: string[] = [];
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const field = byName.get(key);
      if (field === undefined) {
        errors.push(key === 'id' ? 'id is assigned by the store' : `unknown field ${key} (fields: ${[...byName.keys()].join(', ')})`);
        continue;
      }
      if (item === null || item === undefined) continue;
      const check = checks[field.type];
      if (check !== undefined && !check.test(item)) errors.push(`${key} must be ${check.expected}`);
    }
    return { valid: errors.length === 0, errors };
  };
}
