/**
 * The socket.yml kind (custom-sockets.md): reads every socket spec, checks each and then all of
 * them together, and fills `ProjectIR.sockets` sorted by socket name.
 */
import type { Diagnostic } from '../../core/diagnostics.js';
import type { SocketIR } from '../../ir/types.js';
import type { SpecKind } from '../types.js';
import { checkProject } from './check-project.js';
import { checkPythonSyntax } from './python-syntax.js';
import { detectSocket } from './detect.js';
import { readSocket } from './read-socket.js';
import { compareText } from '../../core/order.js';

/** The Custom Sockets kind: socket.yml and its raw JSON form → the `sockets` IR section (issue 2). */
export const socketsKind: SpecKind<'sockets'> = {
  section: 'sockets',
  title: 'socket.yml',
  detect: detectSocket,
  async load(files, context) {
    const diagnostics: Diagnostic[] = [];
    const sockets: SocketIR[] = [];
    for (const file of files) {
      const result = readSocket(file, context);
      diagnostics.push(...result.diagnostics);
      if (result.socket) sockets.push(result.socket);
    }
    sockets.sort((a, b) => compareText(a.name, b.name) || compareText(a.source.file, b.source.file));
    const byPath = new Map(files.map((file) => [file.path, file]));
    diagnostics.push(...checkProject(sockets, byPath));
    return { ir: { sockets }, diagnostics };
  },
  check(ir, files, context) {
    return checkPythonSyntax(ir.sockets, context, new Map(files.map((file) => [file.path, file])));
  },
};
