/**
 * Reads one socket.yml (or raw JSON form) into a SocketIR, reporting every problem it can see in
 * the file alone. Cross-socket checks (endpoint names taken twice) live in check-project.ts.
 */
import type { Diagnostic } from '../../core/diagnostics.js';
import { toPointer, type SpecFile } from '../../core/spec-file.js';
import type { SocketIR } from '../../ir/types.js';
import type { LoadContext } from '../types.js';
import { readConfig } from './read-config.js';
import { readDependencies } from './read-dependencies.js';
import { readEndpoints } from './read-endpoints.js';
import { isRecord, sortKeys } from './values.js';

const modelKeys = new Set(['name', 'description', 'endpoints', 'dependencies', 'config']);

/** One socket spec file → its SocketIR (undefined after an error) and diagnostics. */
export function readSocket(file: SpecFile, context: LoadContext): { socket?: SocketIR; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const data = file.data;
  if (!isRecord(data)) {
    diagnostics.push(file.diagnostic('error', 'SOCK015', '', 'a socket spec must be a mapping', 'start with `name:` and `endpoints:`'));
    return { diagnostics };
  }
  const name = data.name;
  if (typeof name !== 'string' || name.trim() === '') {
    diagnostics.push(
      file.diagnostic('error', 'SOCK001', name === undefined ? '' : '/name', name === undefined ? 'socket has no `name`' : '`name` must be a non-empty string', 'add `name: my_socket` at the top'),
    );
  } else if (!/^[A-Za-z0-9_-]+$/.test(name)) {
    diagnostics.push(file.diagnostic('error', 'SOCK011', '/name', `socket name \`${name}\` is not URL-safe`, 'use letters, digits, `_` and `-` only: it is part of every URL'));
  }
  if (data.description !== undefined && typeof data.description !== 'string')
    diagnostics.push(file.diagnostic('error', 'SOCK015', '/description', '`description` must be a string'));

  const folder = file.path.includes('/') ? file.path.slice(0, file.path.lastIndexOf('/')) : '.';
  const dependencies = readDependencies(file, data.dependencies, folder, context);
  const endpoints = readEndpoints(file, data.endpoints, folder, context);
  const config = readConfig(file, data.config);
  diagnostics.push(...dependencies.diagnostics, ...endpoints.diagnostics, ...config.diagnostics);

  const scriptNames = new Set(dependencies.scripts.map((script) => script.name));
  const used = new Set<string>();
  for (const endpoint of endpoints.endpoints) {
    for (const route of endpoint.routes) {
      used.add(route.call.script);
      if (!scriptNames.has(route.call.script))
        diagnostics.push(
          file.diagnostic('error', 'SOCK003', route.source.pointer, `endpoint \`${endpoint.name}\` names unknown script \`${route.call.script}\``, `define it under dependencies.scripts${scriptNames.size ? ` (defined: ${[...scriptNames].sort().join(', ')})` : ''}`),
        );
    }
  }
  for (const script of dependencies.scripts)
    if (!used.has(script.name))
      diagnostics.push(file.diagnostic('warning', 'SOCK004', script.source.pointer, `script \`${script.name}\` is not used by any endpoint`, 'call it from an endpoint or remove it'));

  const metadata = sortKeys(Object.fromEntries(Object.entries(data).filter(([key]) => !modelKeys.has(key))));
  if (typeof name !== 'string') return { diagnostics };
  return {
    socket: {
      name,
      ...(typeof data.description === 'string' ? { description: data.description } : {}),
      metadata,
      folder,
      endpoints: endpoints.endpoints,
      scripts: dependencies.scripts,
      classes: dependencies.classes,
      config: config.config,
      source: { file: file.path, pointer: toPointer() },
    },
    diagnostics,
  };
}
