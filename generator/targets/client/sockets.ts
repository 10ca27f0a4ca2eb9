/**
 * Per socket: `client.ts`, a typed fetch client with one method per endpoint and HTTP method.
 * Argument and result types are read from the handler stubs (type-only imports, erased at run
 * time, so the client stays browser-safe). Technique: handlebars over planned data.
 */
import { importPath, planSocket } from '../shared/socket-plan.js';
import type { Target } from '../types.js';

/** Typed fetch client per socket: one method per endpoint and allowed method. */
export const socketClientTarget: Target = {
  name: 'client/sockets',
  plan(ir, options) {
    return ir.sockets.sockets.map((socket) => {
      const plan = planSocket(socket, options);
      const path = `${plan.folder}/client.ts`;
      const used = new Set(plan.endpoints.flatMap((e) => e.methods.map((m) => m.script.raw)));
      const scripts = plan.scripts.filter((s) => used.has(s.raw)).map((s) => ({ ident: s.ident, typeName: s.typeName, importPath: importPath(path, s.stubPath) }));
      return {
        path,
        ownership: 'generated' as const,
        template: 'sockets/client.ts',
        data: { socketName: socket.name, typeName: plan.typeName, scripts, endpoints: plan.endpoints, callable: used.size > 0 },
        specs: plan.specs,
      };
    });
  },
};
