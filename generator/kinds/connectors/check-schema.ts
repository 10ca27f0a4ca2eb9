/**
 * Datapoint and payload schemas are compiled by the typed clients at run time (ajv, on first use);
 * one ajv cannot compile (`type: numbr`, a bad `pattern`, a number where a schema belongs) made the
 * generated client throw on its first publish. Compiling them here, with the runtime's own
 * validator, turns that into a diagnostic at the schema's line.
 */
import { validatorFor } from '../../../runtime/mqtt-client/validator.js';

/** Why ajv cannot compile `schema` as the runtime would, or undefined when it can. */
export function schemaProblem(schema: unknown): string | undefined {
  if (typeof schema === 'boolean') return undefined;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return `a JSON Schema is an object, not ${schema === null ? 'null' : Array.isArray(schema) ? 'a list' : `the ${typeof schema} ${JSON.stringify(schema)}`}`;
  try {
    validatorFor(schema);
    return undefined;
  } catch (error) {
    // ajv lists every branch of its meta-schema's anyOf; the first line says what is wrong.
    return (error as Error).message.split('\n', 1)[0]!.split(', data/', 1)[0];
  }
}
