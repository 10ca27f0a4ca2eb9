/** JSON Schema validation with ajv, compiled once per schema object. Browser-safe. */
import { Ajv } from 'ajv';

// Formats (date-time, email...) are not checked here: ajv-formats would weigh on browser bundles,
// and without it ajv warns about every format on the console.
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const cache = new WeakMap<object, (value: unknown) => string | undefined>();

/** Returns a check that gives `undefined` for a valid value, else a readable reason. */
export function validatorFor(schema: object | boolean): (value: unknown) => string | undefined {
  // `true`/`false` are whole schemas too, but cannot key a WeakMap.
  if (typeof schema === 'boolean') return schema ? () => undefined : () => 'payload must not be present (schema false)';
  let check = cache.get(schema);
  if (!check) {
    const validate = ajv.compile(schema);
    check = (value) => (validate(value) ? undefined : ajv.errorsText(validate.errors, { dataVar: 'payload' }));
    cache.set(schema, check);
  }
  return check;
}
