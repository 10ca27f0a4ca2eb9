/**
 * Per socket with data classes: validators compiled at generation time with ajv's standalone
 * code (`class-validators.js` + its `.d.ts`), and `validators.ts` mapping class names to the
 * runtime's `ClassValidator` (readable error lists). No schema is compiled at server start.
 */
import { packages } from '../../core/packages.js';
import type { DataClassIR } from '../../ir/types.js';
import { classSchema } from '../../../runtime/docs/class-schema.js';
import { planSocket } from '../shared/socket-plan.js';
import type { PlannedFile, Target } from '../types.js';

/** Standalone ajv code exporting one validator per class (`validate<Class>`). */
function compileValidators(classes: readonly DataClassIR[], names: readonly { validator: string }[]): string {
  // The class schemas are sockgen's own (classSchema): checking them against the meta-schema would
  // compile it for each socket (15 ms). Strict mode still refuses what ajv cannot compile.
  // ajv is loaded here, on first use: sockets without data classes never need it.
  const ajv = new packages.ajv.Ajv({ code: { source: true, esm: true }, allErrors: true, strict: true, validateSchema: false });
  const exports: Record<string, string> = {};
  classes.forEach((dataClass, i) => {
    const id = `class:${dataClass.name}`;
    ajv.addSchema({ $id: id, ...classSchema(dataClass) });
    exports[names[i]!.validator] = id;
  });
  return packages.ajvStandalone.default(ajv, exports);
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
