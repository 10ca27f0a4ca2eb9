/**
 * Per socket with data classes: validators compiled at generation time with ajv's standalone
 * code (`class-validators.js` + its `.d.ts`), and `validators.ts` mapping class names to the
 * runtime's `ClassValidator` (readable error lists). No schema is compiled at server start.
 */
import { Ajv } from 'ajv';
import standaloneModule from 'ajv/dist/standalone/index.js';
import type { DataClassIR, DataFieldType } from '../../ir/types.js';
import { planSocket } from '../shared/socket-plan.js';
import type { PlannedFile, Target } from '../types.js';

// CommonJS: under NodeNext its default import is `module.exports`.
const standaloneCode = standaloneModule.default;

// An ISO 8601 date-time; a pattern keeps the generated code free of ajv-formats imports.
const dateTimePattern = '^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?$';

const fieldSchemas: Record<DataFieldType, object> = {
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
export function classSchema(dataClass: DataClassIR): object {
  return {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(dataClass.fields.map((field) => [field.name, { anyOf: [fieldSchemas[field.type], { type: 'null' }] }])),
  };
}

/** Standalone ajv code exporting one validator per class (`validate<Class>`). */
function compileValidators(classes: readonly DataClassIR[], names: readonly { validator: string }[]): string {
  const ajv = new Ajv({ code: { source: true, esm: true }, allErrors: true, strict: true });
  const exports: Record<string, string> = {};
  classes.forEach((dataClass, i) => {
    const id = `class:${dataClass.name}`;
    ajv.addSchema({ $id: id, ...classSchema(dataClass) });
    exports[names[i]!.validator] = id;
  });
  return standaloneCode(ajv, exports);
}

/** Data-class validators compiled at generation time (ajv standalone). */
export const socketValidatorsTarget: Target = {
  name: 'validators/sockets',
  plan(ir, options) {
    return ir.sockets.sockets.flatMap((socket): PlannedFile[] => {
      const plan = planSocket(socket, options);
      const validators = plan.classes.map((c) => ({ raw: c.raw, validator: c.validator }));
      const files: PlannedFile[] = [
        { path: `${plan.folder}/validators.ts`, ownership: 'generated', template: 'sockets/validators.ts', data: { validators }, specs: plan.specs },
      ];
      if (validators.length > 0)
        files.push(
          { path: `${plan.folder}/class-validators.js`, ownership: 'generated', text: compileValidators(socket.classes, plan.classes), specs: plan.specs },
          { path: `${plan.folder}/class-validators.d.ts`, ownership: 'generated', template: 'sockets/class-validators.d.ts', data: { validators }, specs: plan.specs },
        );
      return files;
    });
  },
};
