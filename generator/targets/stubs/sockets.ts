/**
 * Per script dependency: a TypeScript handler stub in handlers/sockets/<socket>/, written once and
 * never overwritten. TypeScript-runtime scripts get a function to complete; Python and Node
 * scripts get a stub that runs the script file, ready to be ported.
 */
import { importPath, planSocket, type ScriptPlan, type SocketPlan } from '../shared/socket-plan.js';
import type { PlannedFile, Target } from '../types.js';

/** User-owned handler stubs, one per script, written once. */
export const socketStubsTarget: Target = {
  name: 'stubs/sockets',
  plan(ir, options) {
    return ir.sockets.sockets.flatMap((socket) => {
      const plan = planSocket(socket, options);
      return plan.scripts.map((script) => stubOf(plan, script));
    });
  },
};

/** The stub of one script (also rendered by the OpenAPI target when the file does not exist yet). */
export function stubOf(plan: SocketPlan, script: ScriptPlan): PlannedFile {
  const socket = plan.socket;
  const servedBy = script.servedBy.length > 0 ? script.servedBy.join(', ') : 'no endpoint yet';
  const common = { socketName: socket.name, raw: script.raw, ident: script.ident, servedBy: `${socket.name}: ${servedBy}` };
  if (script.runner === 'typescript')
    return {
      path: script.stubPath,
      ownership: 'once',
      template: 'sockets/stub-typescript.ts',
      data: { ...common, contextType: `${plan.typeName}Context`, typesImport: importPath(script.stubPath, `${plan.folder}/types.ts`) },
      specs: plan.specs,
    };
  return {
    path: script.stubPath,
    ownership: 'once',
    template: 'sockets/stub-script.ts',
    data: {
      ...common,
      scriptsImport: importPath(script.stubPath, `${plan.folder}/scripts.ts`),
      scriptDescription: script.file ? `${script.file} (${script.runner})` : `its inline ${script.runner} source`,
    },
    specs: plan.specs,
  };
}
