/**
 * Datapoint and payload schemas are compiled by the typed clients at run time (ajv, on first use);
 * one ajv cannot compile (`type: numbr`, a bad `pattern`, a number where a schema belongs) made the
 * generated client throw on its first publish. Compiling them here, with the runtime validator's
 * ajv options, turns that into a diagnostic at the schema's line.
 */
import { metaCheckOptions, metaSchemaErrors } from '../../core/meta-schema.js';
import { packages } from '../../core/packages.js';

// The options of runtime/mqtt-client/validator.ts, plus a silent logger: the runtime ignores
// unknown formats (`date-time` without ajv-formats) with a console warning, which a generator run
// must not print once per schema. The meta-schema check comes first, precompiled
// (core/meta-schema.ts), so this ajv compiles without repeating it. Made on first use: a project
// without connectors does not load ajv.
let instance: InstanceType<typeof packages.ajv.Ajv> | undefined;
const checker = () => (instance ??= new packages.ajv.Ajv({ ...metaCheckOptions['all-errors'], validateSchema: false }));

/** Why ajv cannot compile `schema` as the runtime would, or undefined when it can. */
export function schemaProblem(schema: unknown): string | undefined {
  if (typeof schema === 'boolean') return undefined;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return `a JSON Schema is an object, not ${schema === null ? 'null' : Array.isArray(schema) ? 'a list' : `the ${typeof schema} ${JSON.stringify(schema)}`}`;
  // Connectors repeat their datapoints' few shapes (`{type: number}`...): each is compiled once.
  const text = JSON.stringify(schema);
  if (checked.has(text)) return checked.get(text);
  let problem: string | undefined;
  const ajv = checker();
  try {
    const errors = metaSchemaErrors(schema, 'all-errors');
    if (errors) throw new Error(`schema is invalid: ${ajv.errorsText(errors)}`);
    ajv.compile(schema);
  } catch (error) {
    // ajv lists every branch of its meta-schema's anyOf; the first line says what is wrong.
    problem = (error as Error).message.split('\n', 1)[0]!.split(', data/', 1)[0];
  } finally {
    // Compiled only to be checked: keep the instance from growing with every spec of a watch run.
    ajv.removeSchema();
  }
  if (checked.size >= maxRemembered) checked.clear();
  checked.set(text, problem);
  return problem;
}

const checked = new Map<string, string | undefined>();
const maxRemembered = 10_000;
