/**
 * Checks across sockets: a socket name or an endpoint name used by two sockets (the platform
 * refused to create the second; endpoint names are global in the original's short URL form).
 */
import type { Diagnostic } from '../../core/diagnostics.js';
import type { SpecFile } from '../../core/spec-file.js';
import type { SocketIR } from '../../ir/types.js';

/** Project-wide checks: socket names and endpoint names unique across sockets (SOCK014, SOCK007). */
export function checkProject(sockets: readonly SocketIR[], files: ReadonlyMap<string, SpecFile>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const socketNames = new Map<string, SocketIR>();
  const endpointOwners = new Map<string, SocketIR>();
  for (const socket of sockets) {
    const file = files.get(socket.source.file)!;
    const first = socketNames.get(socket.name);
    if (first)
      diagnostics.push(file.diagnostic('error', 'SOCK014', '/name', `socket name \`${socket.name}\` is already used by ${first.source.file}`, 'socket names are unique in a project; rename one'));
    else socketNames.set(socket.name, socket);
    for (const endpoint of socket.endpoints) {
      const owner = endpointOwners.get(endpoint.name);
      if (owner && owner !== socket)
        diagnostics.push(
          file.diagnostic('error', 'SOCK007', endpoint.source.pointer, `endpoint \`${endpoint.name}\` is already defined by socket \`${owner.name}\` (${owner.source.file})`, 'endpoint names are unique across sockets (the platform refused the second); rename one'),
        );
      else endpointOwners.set(endpoint.name, socket);
    }
  }
  return diagnostics;
}
