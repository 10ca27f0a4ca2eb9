/**
 * The AsyncAPI kind: AsyncAPI 2.0–2.6 and 3.0–3.1 documents (YAML or JSON) for Socket.IO
 * servers, in Asynction's model. The connectors kind, detected first, claims the AsyncAPI
 * documents that describe connectors; every other document with a top-level `asyncapi` is ours.
 */
import type { Diagnostic } from '../../core/diagnostics.js';
import { kebabCase } from '../../core/naming.js';
import type { AsyncApiDocumentIR } from '../../ir/asyncapi.js';
import type { SpecKind } from '../types.js';
import { chooseTarget } from './choose-target.js';
import { normalizeDocument } from './normalize.js';
import { normalizeWsDocument } from './ws-normalize.js';
import { parseAsyncApi } from './parse.js';

/** `specs/asyncapi/user-account-service.yml` → `user-account-service`. */
function documentName(path: string): string {
  const base = path.split('/').pop() ?? path;
  return kebabCase(base.replace(/\.(asyncapi\.)?(ya?ml|json)$/i, ''));
}

/** The AsyncAPI spec kind: detects documents with a top-level `asyncapi` key, loads them into the IR. */
export const asyncapiKind: SpecKind<'asyncapi'> = {
  section: 'asyncapi',
  title: 'AsyncAPI',
  detect: (file) => typeof file.data === 'object' && file.data !== null && !Array.isArray(file.data) && 'asyncapi' in file.data,
  async load(files, context) {
    const diagnostics: Diagnostic[] = [];
    const documents: AsyncApiDocumentIR[] = [];
    const taken = new Set<string>();
    // Parsing is mostly waiting on the parser's resolver; files go in parallel.
    const parsed = await Promise.all(files.map((file) => parseAsyncApi(file, context)));
    files.forEach((file, index) => {
      const result = parsed[index]!;
      diagnostics.push(...result.diagnostics);
      if (!result.json) return;
      let name = documentName(file.path);
      for (let n = 2; taken.has(name); n++) name = `${documentName(file.path)}-${n}`;
      taken.add(name);
      // Plain WebSocket documents get their own model (ws-normalize.ts); the rest stay Socket.IO's.
      const target = chooseTarget(result.json, context.targets?.[file.path]);
      const normalized = target.target === 'ws' ? normalizeWsDocument(result.json, file, name, target) : normalizeDocument(result.json, file, name, { runtime: target.target === 'socketio', ...(context.servers?.[file.path] !== undefined ? { server: context.servers[file.path] } : {}) });
      diagnostics.push(...normalized.diagnostics);
      documents.push({ ...normalized.ir, target });
    });
    documents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { ir: { documents }, diagnostics };
  },
};
