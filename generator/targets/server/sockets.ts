/**
 * Per socket: `scripts.ts` (runners of Python/Node script files), `handlers.ts` (the stubs in
 * handlers/ by script name) and `server.ts` (mount + server factory); for the project:
 * `sockets/server.ts` (every socket on one host) and `sockets/main.ts` (run from the environment).
 * Technique: handlebars over planned data.
 */
import { posix } from 'node:path';
import { importPath, planSocket, relativeUrl } from '../shared/socket-plan.js';
import type { PlannedFile, Target } from '../types.js';

const runnerFunctions = { python: 'pythonScript', node: 'nodeScript' } as const;

/** Server side per socket (script runners, handler map, server factory) plus the all-sockets server and its main. */
export const socketServerTarget: Target = {
  name: 'server/sockets',
  plan(ir, options) {
    const plans = ir.sockets.sockets.map((socket) => planSocket(socket, options));
    const files: PlannedFile[] = [];
    for (const plan of plans) {
      const scriptFile = `${plan.folder}/scripts.ts`;
      const runnable = plan.scripts.filter((s) => s.runner !== 'typescript');
      if (runnable.length > 0) {
        const scripts = runnable.map((s) => ({
          raw: s.raw,
          ident: s.ident,
          runner: s.runner,
          runnerFunction: runnerFunctions[s.runner as 'python' | 'node'],
          ...(s.file ? { file: s.file, relativeFile: relativeUrl(plan.folder, s.file) } : { inlineSource: s.inlineSource ?? '' }),
          ...(s.interpreter ? { interpreter: s.interpreter } : {}),
          ...(s.projectPython ? { projectPython: s.projectPython } : {}),
        }));
        const runnerImports = [...new Set(scripts.map((s) => s.runnerFunction))].sort();
        // Script files must stay inside the socket's folder after symlinks resolve: the runners check it when serving.
        const relativeRoot = `${relativeUrl(plan.folder, posix.dirname(plan.socket.source.file))}/`;
        files.push({ path: scriptFile, ownership: 'generated', template: 'sockets/scripts.ts', data: { socketName: plan.socket.name, scripts, runnerImports, relativeRoot, hasFiles: scripts.some((s) => 'relativeFile' in s) }, specs: plan.specs });
      }
      const handlersFile = `${plan.folder}/handlers.ts`;
      files.push(
        {
          path: handlersFile,
          ownership: 'generated',
          template: 'sockets/handlers.ts',
          data: {
            socketName: plan.socket.name,
            typeName: plan.typeName,
            scripts: plan.scripts.map((s) => ({ raw: s.raw, ident: s.ident, computedKey: s.computedKey, importPath: importPath(handlersFile, s.stubPath) })),
          },
          specs: plan.specs,
        },
        { path: `${plan.folder}/server.ts`, ownership: 'generated', template: 'sockets/server.ts', data: { socketName: plan.socket.name, typeName: plan.typeName }, specs: plan.specs },
      );
    }
    if (plans.length > 0) {
      const serverFile = `${options.outDir}/sockets/server.ts`;
      const specs = plans.flatMap((p) => p.specs).sort();
      const sockets = plans.map((p) => ({ ident: p.ident, typeName: p.typeName, importPath: importPath(serverFile, `${p.folder}/server.ts`) }));
      files.push(
        { path: serverFile, ownership: 'generated', template: 'sockets/all-server.ts', data: { sockets }, specs },
        { path: `${options.outDir}/sockets/main.ts`, ownership: 'generated', template: 'sockets/main.ts', data: {}, specs },
      );
    }
    return files;
  },
};

