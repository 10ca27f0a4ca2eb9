/**
 * The schemas of sockgen's own stubs, as written (a handler nobody has edited yet, or one not
 * written yet). A stub's `Args` and result name no socket- or script-specific type (its `script`
 * literal widens to `string`; `meta` and `args` are the runtime's and the stub's own), so every
 * unedited stub of a template has the schemas of any other: they are read once, from a fixed
 * example socket, not once per stub (1,000 stubs took the checker 3 s). The build stores them in
 * dist/ (scripts/build.mjs); from the sources they are read on first use. A test checks the
 * claim against the checker over stubs of different sockets (test/openapi/pristine-stubs.test.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createSpecFile } from '../../core/spec-file.js';
import { readSocket } from '../../kinds/sockets/read-socket.js';
import type { LoadContext } from '../../kinds/types.js';
import { renderTemplate } from '../../core/render.js';
import { planSocket } from '../shared/socket-plan.js';
import { stubOf } from '../stubs/sockets.js';
import { typesData } from '../types/sockets.js';
import { checkHandlerTypes } from './handler-checker.js';
import type { HandlerSchemas } from './ts-type-schema.js';

/** Schemas by stub template (`sockets/stub-typescript.ts`...); `null`: the stub gives none. */
export type PristineStubSchemas = Record<string, HandlerSchemas | null>;

export const precomputedFile = new URL('./pristine-stub-schemas.json', import.meta.url);

const example = `name: example
endpoints:
  typed:
    GET: {script: typed}
  ported:
    POST: {script: ported}
dependencies:
  scripts:
    typed: {runtime_name: typescript}
    ported: {runtime_name: python, source: "print('ported')"}
`;

let known: Promise<PristineStubSchemas> | undefined;

/** The schemas of an unedited stub per template: from the build, else read now (once per process). */
export function pristineStubSchemas(): Promise<PristineStubSchemas> {
  if (known) return known;
  if (existsSync(precomputedFile)) {
    try {
      return (known = Promise.resolve(JSON.parse(readFileSync(precomputedFile, 'utf8')) as PristineStubSchemas));
    } catch {
      // unreadable: read them now
    }
  }
  return (known = readPristineStubSchemas());
}

/** Runs the checker over the example socket's stubs, as scriptSchemasOf would over a project's. */
export async function readPristineStubSchemas(): Promise<PristineStubSchemas> {
  const noFiles: LoadContext = { root: '/', strict: false, exists: () => false, readText: () => { throw new Error('no files'); } };
  const { socket } = readSocket(createSpecFile('specs/example/socket.yml', '/specs/example/socket.yml', example), noFiles);
  if (!socket) throw new Error('the example socket of pristine-stubs.ts does not read');
  const plan = planSocket(socket, { outDir: 'generated', handlersDir: 'handlers' });
  const stubs = plan.scripts.map((script) => {
    const stub = stubOf(plan, script);
    return { template: stub.template!, path: stub.path, text: renderTemplate(stub.template!, stub.data ?? {}) };
  });
  const found = await checkHandlerTypes([{ path: `${plan.folder}/types.ts`, text: renderTemplate('sockets/types.ts', typesData(plan)) }, ...stubs], stubs.map((stub) => stub.path));
  return Object.fromEntries(stubs.map((stub) => [stub.template, found.get(stub.path) ?? null]).sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)));
}
