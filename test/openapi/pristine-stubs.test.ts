/**
 * Issue 10: unedited stubs are not type-checked one by one; they take the schemas read once from
 * an example socket (pristine-stubs.ts, stored in dist/ by the build). The claim behind it, that an
 * unedited stub's schemas name nothing of its socket or script, is checked here against the
 * checker itself over the stubs of sockets that differ in everything a stub can see (config,
 * data classes, script names, methods, runtimes); and a stub edited by one character is checked.
 */
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { distIsFresh } from '../../bin/source-fingerprint.mjs';
import { createSpecFile } from '../../generator/core/spec-file.js';
import { renderTemplate } from '../../generator/core/render.js';
import { readSocket } from '../../generator/kinds/sockets/read-socket.js';
import type { LoadContext } from '../../generator/kinds/types.js';
import { pristineStubSchemas, readPristineStubSchemas } from '../../generator/targets/openapi/pristine-stubs.js';
import { scriptSchemasOf } from '../../generator/targets/openapi/script-schemas.js';
import { handlerSchemas } from '../../generator/targets/openapi/ts-type-schema.js';
import { planSocket } from '../../generator/targets/shared/socket-plan.js';
import { stubOf } from '../../generator/targets/stubs/sockets.js';
import { typesData } from '../../generator/targets/types/sockets.js';
import type { ProjectIR } from '../../generator/ir/types.js';

const repo = join(import.meta.dirname, '../..');
const noFiles: LoadContext = { root: '/', strict: false, exists: () => false, readText: () => { throw new Error('no files'); } };

const sockets = {
  plain: 'name: plain\nendpoints:\n  one: {script: first}\ndependencies:\n  scripts:\n    first: {runtime_name: typescript}\n',
  rich: [
    'name: rich_socket',
    'config:',
    '  constants: {region: eu}',
    '  prompt:',
    '    API_KEY: {type: string, description: Key of the shop}',
    'endpoints:',
    '  orders:',
    '    GET: {script: list-orders}',
    '    POST: {script: Create_Order}',
    '    DELETE: {script: ported}',
    '  summary: {script: x}',
    'dependencies:',
    '  scripts:',
    '    list-orders: {runtime_name: typescript}',
    '    Create_Order: {runtime_name: typescript}',
    '    x: {runtime_name: typescript}',
    '    ported: {runtime_name: nodejs_library_v1.0, source: "console.log(1)"}',
    '  classes:',
    '    order:',
    '      schema:',
    '        - {name: total, type: float}',
    '        - {name: paid, type: boolean}',
    '',
  ].join('\n'),
};

function socketIR(name: keyof typeof sockets) {
  const { socket, diagnostics } = readSocket(createSpecFile(`specs/${name}/socket.yml`, `/specs/${name}/socket.yml`, sockets[name]), noFiles);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return socket!;
}

describe('schemas of unedited stubs', () => {
  it('are what the checker reads from every stub of sockets that differ in all a stub sees', async () => {
    const known = await readPristineStubSchemas();
    expect(known['sockets/stub-typescript.ts']?.result).toBeDefined();
    const irs = [socketIR('plain'), socketIR('rich')];
    const options = { outDir: 'generated', handlersDir: 'handlers' };
    const files: { path: string; text: string }[] = [];
    const expected = new Map<string, unknown>();
    for (const socket of irs) {
      const plan = planSocket(socket, options);
      files.push({ path: `${plan.folder}/types.ts`, text: renderTemplate('sockets/types.ts', typesData(plan)) });
      for (const script of plan.scripts) {
        const stub = stubOf(plan, script);
        files.push({ path: stub.path, text: renderTemplate(stub.template!, stub.data ?? {}) });
        expected.set(stub.path, known[stub.template!] ?? undefined);
      }
    }
    expect(expected.size).toBe(5);
    const read = handlerSchemas(files, [...expected.keys()]);
    expect(Object.fromEntries([...expected.keys()].map((path) => [path, read.get(path)]))).toEqual(Object.fromEntries(expected));
  }, 60_000);

  it('do not stand in for a stub that was edited, even by one character', async () => {
    const socket = socketIR('plain');
    const options = { outDir: 'generated', handlersDir: 'handlers' };
    const plan = planSocket(socket, options);
    const stub = stubOf(plan, plan.scripts[0]!);
    const edited = renderTemplate(stub.template!, stub.data ?? {}).replace('method: meta.method,', 'method: 1 as const,');
    const ir = { sockets: { sockets: [socket] } } as unknown as ProjectIR;
    const project = { exists: (path: string) => path === stub.path, readText: () => edited };
    const schemas = await scriptSchemasOf(ir.sockets, { ...options, project });
    const result = schemas.get('plain')?.['first']?.result as { properties: Record<string, unknown> };
    expect(result.properties['method']).toEqual({ type: 'number', const: 1 });
  }, 60_000);

  it('stored by the build are the ones read from the sources', async () => {
    if (!distIsFresh(repo)) {
      if (process.env.CI === 'true') throw new Error('dist/ is older than the sources: `npm run build` first');
      return; // a checkout edited since its build: CI, where dist/ is always built, checks this
    }
    const stored = join(repo, 'dist/generator/targets/openapi/pristine-stub-schemas.json');
    expect(existsSync(stored)).toBe(true);
    expect(JSON.parse(readFileSync(stored, 'utf8'))).toEqual(await pristineStubSchemas());
    const dist = (await import(pathToFileURL(join(repo, 'dist/generator/targets/openapi/pristine-stubs.js')).href)) as { pristineStubSchemas: typeof pristineStubSchemas };
    expect(await dist.pristineStubSchemas()).toEqual(await pristineStubSchemas());
  }, 60_000);
});
