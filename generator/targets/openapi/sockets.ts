/**
 * Per socket: `openapi.json`, an OpenAPI 3.1 document of every URL the host serves for it, built
 * by the same runtime function the host uses to serve it (runtime/docs/openapi-document.ts), so
 * the file and the served document cannot drift. Argument and result schemas of TypeScript
 * handlers come from their types (script-schemas.ts) through the definition, which the host has too.
 * Technique: plain data → canonical JSON.
 */
import type { SocketDefinition } from '../../../runtime/http/types.js';
import { socketOpenApiDocuments } from '../../../runtime/docs/openapi-document.js';
import { planSocket } from '../shared/socket-plan.js';
import { definitionOf } from '../types/sockets.js';
import { scriptSchemasOf } from './script-schemas.js';
import type { PlannedFile, Target } from '../types.js';

/** `<out>/sockets/<socket>/openapi.json` for every socket. */
export const socketOpenApiTarget: Target = {
  name: 'openapi/sockets',
  loaded(section, ir, options) {
    // The same promise plan() awaits: started now, it runs while the other kinds load.
    if (section === 'sockets' && ir.sockets) scriptSchemasOf(ir.sockets, options).catch(() => {});
  },
  async plan(ir, options) {
    const schemas = await scriptSchemasOf(ir.sockets, options);
    const definitions = ir.sockets.sockets.map((socket) => definitionOf(socket, schemas.get(socket.name)) as SocketDefinition);
    const documents = socketOpenApiDocuments(definitions);
    return ir.sockets.sockets.map((socket, i): PlannedFile => {
      const plan = planSocket(socket, options);
      return { path: `${plan.folder}/openapi.json`, ownership: 'generated', json: documents[i], specs: plan.specs };
    });
  },
};
