/**
 * JSON Schemas of Custom Socket data classes (custom-sockets.md, "Data classes"): used by the
 * generator's ajv validators and by the OpenAPI document, so both describe a record the same way.
 */

// An ISO 8601 date-time; a pattern keeps generated validators free of ajv-formats imports.
const dateTimePattern = '^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?$';

/** The JSON Schema of each data-class field type. */
export const fieldSchemas: Readonly<Record<string, object>> = {
  string: { type: 'string' },
  text: { type: 'string' },
  integer: { type: 'integer' },
  float: { type: 'number' },
  boolean: { type: 'boolean' },
  datetime: { type: 'string', pattern: dateTimePattern },
  reference: { type: 'integer' },
  relation: { type: 'array', items: { type: 'integer' } },
  object: { type: 'object' },
  array: { type: 'array' },
  file: { type: 'string' },
  geopoint: { type: 'object', required: ['latitude', 'longitude'], properties: { latitude: { type: 'number' }, longitude: { type: 'number' } } },
};

/** The JSON Schema of a data class: every field optional and nullable, nothing else allowed. */
export function classSchema(dataClass: { readonly fields: readonly { readonly name: string; readonly type: string }[] }): object {
  return {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(dataClass.fields.map((field) => [field.name, { anyOf: [fieldSchemas[field.type] ?? {}, { type: 'null' }] }])),
  };
}
