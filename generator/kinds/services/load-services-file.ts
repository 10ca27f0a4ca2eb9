/** Checks one services file and turns its entries into ServiceIR nodes. */
import { posix } from 'node:path';
import type { Diagnostic } from '../../core/diagnostics.js';
import { toPointer, type SpecFile } from '../../core/spec-file.js';
import type { ServiceIR, ServiceScriptIR } from '../../ir/services.js';
import type { LoadContext } from '../types.js';
import { checkOptions } from './check-options.js';
import { isObject } from './detect.js';
import { strictJsonError } from './strict-json.js';

const requiredKeys = ['script', 'count', 'options'] as const;
const stubExtensions = /\.py$/i;
const moduleExtensions = /\.(ts|mts)$/i;

/** Services of one file plus what is wrong with it; entries with errors are left out. */
export function loadServicesFile(file: SpecFile, context: LoadContext): { services: ServiceIR[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const services: ServiceIR[] = [];
  // The shared parser reads JSON as YAML; ADR's loader is json.load: what it refuses, refuse.
  const syntax = strictJsonError(file.path, file.text);
  if (syntax) return { services, diagnostics: [syntax] };
  const data = file.data;
  if (!isObject(data)) {
    diagnostics.push(file.diagnostic('error', 'SVC001', '', 'a services file must be a JSON object of service name → {script, count, options}', 'see docs/services.md'));
    return { services, diagnostics };
  }
  if (Object.keys(data).length === 0) diagnostics.push(file.diagnostic('warning', 'SVC001', '', 'the services file defines no services'));
  const folder = posix.dirname(file.path) === '.' ? '' : posix.dirname(file.path);

  for (const [name, entry] of Object.entries(data)) {
    const pointer = toPointer(name);
    if (name.trim() === '') {
      diagnostics.push(file.diagnostic('error', 'SVC002', pointer, 'a service name must not be empty'));
      continue;
    }
    if (!isObject(entry)) {
      diagnostics.push(file.diagnostic('error', 'SVC002', pointer, `service \`${name}\` must be an object {script, count, options}`));
      continue;
    }
    const before = diagnostics.length;
    for (const key of requiredKeys)
      if (!(key in entry))
        diagnostics.push(file.diagnostic('error', 'SVC003', pointer, `service \`${name}\` is missing \`${key}\``, `every service needs script, count and options (options may be {})`));
    for (const key of Object.keys(entry))
      if (!(requiredKeys as readonly string[]).includes(key))
        diagnostics.push(file.diagnostic('warning', 'SVC009', toPointer(name, key), `service \`${name}\`: unknown key \`${key}\` is ignored`, 'per-service settings go under options'));

    const count = entry.count;
    if ('count' in entry && !(Number.isInteger(count) && (count as number) > 0))
      diagnostics.push(file.diagnostic('error', 'SVC004', toPointer(name, 'count'), `service \`${name}\`: count must be a positive integer, got ${JSON.stringify(count)}`, 'count is the most instances of this service at once'));

    const options = entry.options;
    if ('options' in entry && !isObject(options))
      diagnostics.push(file.diagnostic('error', 'SVC007', toPointer(name, 'options'), `service \`${name}\`: options must be an object`, 'use {} for none'));
    else if (isObject(options)) diagnostics.push(...checkOptions(file, name, options));

    const script = 'script' in entry ? resolveScript(file, context, folder, name, entry.script, diagnostics) : undefined;
    if (diagnostics.slice(before).some((d) => d.severity === 'error') || !script || !isObject(options)) continue;
    services.push({
      name,
      count: count as number,
      options: sortKeys(options) as Record<string, unknown>,
      ...(typeof options.group === 'string' ? { group: options.group } : {}),
      script,
      folder,
      source: { file: file.path, pointer },
    });
  }
  return { services, diagnostics };
}

/**
 * `script` names the original Python file (mapped to a generated stub) or a TypeScript module the
 * user wrote, relative to the spec's folder (which must exist).
 */
function resolveScript(file: SpecFile, context: LoadContext, folder: string, name: string, script: unknown, diagnostics: Diagnostic[]): ServiceScriptIR | undefined {
  const pointer = toPointer(name, 'script');
  const source = { file: file.path, pointer };
  if (typeof script !== 'string' || script.trim() === '') {
    diagnostics.push(file.diagnostic('error', 'SVC005', pointer, `service \`${name}\`: script must be a file name such as "desktop_session.py"`));
    return undefined;
  }
  const normalized = posix.normalize(script.replace(/\\/g, '/'));
  const stem = posix.basename(normalized).replace(/\.[^.]+$/, '');
  if (posix.isAbsolute(normalized) || stem === '') {
    diagnostics.push(file.diagnostic('error', 'SVC005', pointer, `service \`${name}\`: script \`${script}\` must be a path relative to the services file`));
    return undefined;
  }
  if (stubExtensions.test(normalized)) return { type: 'stub', name: script, stem, source };
  if (moduleExtensions.test(normalized)) {
    const path = posix.join(folder, normalized);
    if (path.startsWith('../') || !context.exists(path)) {
      diagnostics.push(
        file.diagnostic('error', 'SVC006', pointer, `service \`${name}\`: script \`${script}\` does not exist (looked for ${path})`, `write it, or name the original .py script to get a stub in handlers/services/`),
      );
      return undefined;
    }
    return { type: 'module', name: script, stem, file: path, source };
  }
  diagnostics.push(
    file.diagnostic('error', 'SVC005', pointer, `service \`${name}\`: script \`${script}\` must end in .py (the original's script, stubbed in TypeScript) or .ts (your own module)`),
  );
  return undefined;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys(value[key])]));
}
