/**
 * `dependencies`: scripts (the map of socket.yml, or the raw JSON form's list) and data classes.
 * Script files are checked here: they must exist and stay inside the socket's folder.
 */
import { realpathSync } from 'node:fs';
import { join, posix, sep } from 'node:path';
import type { Diagnostic } from '../../core/diagnostics.js';
import { toPointer, type SpecFile } from '../../core/spec-file.js';
import type { DataClassIR, DataFieldIR, DataFieldType, ScriptIR } from '../../ir/types.js';
import type { LoadContext } from '../types.js';
import { runtimeRunners, unsupportedRuntimeNames, validRuntimeNames } from './runtimes.js';
import { isRecord } from './values.js';
import { compareText } from '../../core/order.js';

const fieldTypes: readonly DataFieldType[] = ['array', 'boolean', 'datetime', 'file', 'float', 'geopoint', 'integer', 'object', 'reference', 'relation', 'string', 'text'];

interface Dependencies {
  scripts: ScriptIR[];
  classes: DataClassIR[];
  diagnostics: Diagnostic[];
}

/** `dependencies:` (mapping of scripts/classes, or the raw JSON list) → scripts and data classes. */
export function readDependencies(file: SpecFile, raw: unknown, folder: string, context: LoadContext): Dependencies {
  const result: Dependencies = { scripts: [], classes: [], diagnostics: [] };
  if (raw === undefined) return result;
  if (Array.isArray(raw)) {
    // Raw JSON form: [{type: 'script', name, runtime_name, source | file}, {type: 'class', name, schema}]
    raw.forEach((entry, index) => {
      const pointer = toPointer('dependencies', index);
      if (!isRecord(entry) || typeof entry.name !== 'string') {
        result.diagnostics.push(file.diagnostic('error', 'SOCK015', pointer, 'a dependency needs `type` and `name`'));
        return;
      }
      if (entry.type === 'class') readClass(file, entry.name, entry, pointer, result);
      else if (entry.type === undefined || entry.type === 'script') readScript(file, entry.name, entry, pointer, folder, context, result);
      else result.diagnostics.push(file.diagnostic('error', 'SOCK020', `${pointer}/type`, `dependency type \`${String(entry.type)}\` is not supported`, 'use `script` or `class`'));
    });
  } else if (isRecord(raw)) {
    for (const key of Object.keys(raw)) {
      const section = raw[key];
      if (key === 'scripts') forEachNamed(file, section, toPointer('dependencies', 'scripts'), result, (name, entry, pointer) => readScript(file, name, entry, pointer, folder, context, result));
      else if (key === 'classes') forEachNamed(file, section, toPointer('dependencies', 'classes'), result, (name, entry, pointer) => readClass(file, name, entry, pointer, result));
      else result.diagnostics.push(file.diagnostic('warning', 'SOCK018', toPointer('dependencies', key), `unknown dependency section \`${key}\` is ignored`, 'sections are `scripts` and `classes`'));
    }
  } else result.diagnostics.push(file.diagnostic('error', 'SOCK015', '/dependencies', '`dependencies` must be a mapping (`scripts:`, `classes:`) or a list'));

  result.scripts.sort((a, b) => compareText(a.name, b.name));
  result.classes.sort((a, b) => compareText(a.name, b.name));
  return result;
}

/** Accepts a map `{name: entry}` or a list `[{name, ...}]`. */
function forEachNamed(file: SpecFile, raw: unknown, pointer: string, result: Dependencies, read: (name: string, entry: Record<string, unknown>, pointer: string) => void): void {
  if (isRecord(raw)) {
    for (const name of Object.keys(raw)) {
      const entry = raw[name];
      if (isRecord(entry)) read(name, entry, `${pointer}${toPointer(name)}`);
      else result.diagnostics.push(file.diagnostic('error', 'SOCK015', `${pointer}${toPointer(name)}`, `\`${name}\` must be a mapping`));
    }
  } else if (Array.isArray(raw)) {
    raw.forEach((entry, index) => {
      if (isRecord(entry) && typeof entry.name === 'string') read(entry.name, entry, `${pointer}/${index}`);
      else result.diagnostics.push(file.diagnostic('error', 'SOCK015', `${pointer}/${index}`, 'each entry needs a `name`'));
    });
  } else result.diagnostics.push(file.diagnostic('error', 'SOCK015', pointer, 'expected a mapping of names'));
}

function readScript(file: SpecFile, name: string, entry: Record<string, unknown>, pointer: string, folder: string, context: LoadContext, result: Dependencies): void {
  if (result.scripts.some((script) => script.name === name)) {
    result.diagnostics.push(file.diagnostic('error', 'SOCK021', pointer, `script \`${name}\` is defined twice`));
    return;
  }
  const runtimeName = entry.runtime_name;
  if (typeof runtimeName !== 'string') {
    result.diagnostics.push(file.diagnostic('error', 'SOCK005', pointer, `script \`${name}\` has no \`runtime_name\``, `use one of ${validRuntimeNames.join(', ')}`));
    return;
  }
  const runner = runtimeRunners[runtimeName];
  if (runner === undefined) {
    result.diagnostics.push(file.diagnostic('error', 'SOCK005', `${pointer}/runtime_name`, `unknown runtime \`${runtimeName}\``, `use one of ${validRuntimeNames.join(', ')} (${unsupportedRuntimeNames.join(', ')} are known but cannot run)`));
    return;
  }
  if (runner === 'unsupported') {
    result.diagnostics.push(
      file.diagnostic('error', 'SOCK010', `${pointer}/runtime_name`, `runtime \`${runtimeName}\` cannot run in sockgen`, 'port the script to `runtime_name: typescript` (a handler stub is written for it), or to Python or Node'),
    );
    return;
  }
  const source = entry.source;
  const path = entry.file;
  if (source !== undefined && path !== undefined)
    result.diagnostics.push(file.diagnostic('error', 'SOCK022', pointer, `script \`${name}\` has both \`file\` and \`source\``, 'keep one'));
  let projectPath: string | undefined;
  if (path !== undefined) {
    if (typeof path !== 'string' || path === '') result.diagnostics.push(file.diagnostic('error', 'SOCK015', `${pointer}/file`, '`file` must be a path'));
    else projectPath = checkScriptFile(file, path, `${pointer}/file`, folder, context, result.diagnostics);
  } else if (source !== undefined && typeof source !== 'string')
    result.diagnostics.push(file.diagnostic('error', 'SOCK015', `${pointer}/source`, '`source` must be a string'));
  else if (source === undefined && runner !== 'typescript')
    result.diagnostics.push(
      file.diagnostic('error', 'SOCK016', pointer, `script \`${name}\` has neither \`file\` nor \`source\``, 'add `file: scripts/<name>.py`, or set `runtime_name: typescript` to write a TypeScript handler'),
    );
  result.scripts.push({
    name,
    runtimeName,
    runner,
    ...(projectPath !== undefined ? { file: projectPath } : {}),
    ...(typeof source === 'string' ? { inlineSource: source } : {}),
    ...(runner === 'python' && typeof entry.interpreter === 'string' && entry.interpreter !== '' ? { interpreter: entry.interpreter } : {}),
    ...(runner === 'python' && context.python ? { projectPython: context.python } : {}),
    source: { file: file.path, pointer },
  });
}

/** Returns the project-relative path of a script file, or undefined after reporting why not. */
function checkScriptFile(file: SpecFile, path: string, pointer: string, folder: string, context: LoadContext, diagnostics: Diagnostic[]): string | undefined {
  const normalized = posix.normalize(path.replace(/\\/g, '/'));
  if (posix.isAbsolute(normalized) || normalized === '..' || normalized.startsWith('../')) {
    diagnostics.push(file.diagnostic('error', 'SOCK009', pointer, `script file \`${path}\` lies outside the socket's folder`, `keep scripts inside ${folder}/ (conventionally scripts/)`));
    return undefined;
  }
  const projectPath = folder === '.' ? normalized : `${folder}/${normalized}`;
  if (!context.exists(projectPath)) {
    diagnostics.push(file.diagnostic('error', 'SOCK008', pointer, `script file \`${path}\` does not exist`, `create ${projectPath} or fix the path (relative to ${folder}/)`));
    return undefined;
  }
  if (!staysInside(context.root, folder, projectPath)) {
    diagnostics.push(
      file.diagnostic('error', 'SOCK009', pointer, `script file \`${path}\` resolves (through a symlink) outside the socket's folder`, `copy the script into ${folder}/ instead of linking to it`),
    );
    return undefined;
  }
  try {
    // A folder (`file: scripts`, `file: .`) exists too; only a readable file runs at request time.
    context.readText(projectPath);
  } catch {
    diagnostics.push(file.diagnostic('error', 'SOCK008', pointer, `script file \`${path}\` is not a readable file`, `name the script file itself, e.g. scripts/<name>.py (relative to ${folder}/)`));
    return undefined;
  }
  return projectPath;
}

/** True when the file's real path (symlinks resolved) lies inside the socket folder's real path. */
function staysInside(root: string, folder: string, projectPath: string): boolean {
  try {
    const realFolder = realpathSync(join(root, folder));
    const real = realpathSync(join(root, projectPath));
    // The folder itself (`file: .`) is inside: SOCK008 then says it is not a file.
    return real === realFolder || real.startsWith(realFolder.endsWith(sep) ? realFolder : realFolder + sep);
  } catch {
    // A dangling link: SOCK008 reports it when the file is read.
    return true;
  }
}

function readClass(file: SpecFile, name: string, entry: Record<string, unknown>, pointer: string, result: Dependencies): void {
  if (result.classes.some((c) => c.name === name)) {
    result.diagnostics.push(file.diagnostic('error', 'SOCK021', pointer, `class \`${name}\` is defined twice`));
    return;
  }
  if (name === 'close') {
    // The store object of a socket has close() (it releases the database pool).
    result.diagnostics.push(file.diagnostic('error', 'SOCK024', pointer, 'a data class cannot be named `close`', 'rename the class: `close` is the store\'s own method'));
    return;
  }
  if (name === '__proto__') {
    // Stores and validators are objects keyed by class name: this key would replace their prototype.
    result.diagnostics.push(file.diagnostic('error', 'SOCK024', pointer, 'a data class cannot be named `__proto__`', 'rename the class'));
    return;
  }
  const schema = entry.schema;
  const fields: DataFieldIR[] = [];
  if (!Array.isArray(schema)) {
    result.diagnostics.push(file.diagnostic('error', 'SOCK015', pointer, `class \`${name}\` needs a \`schema:\` list of {name, type}`));
    return;
  }
  schema.forEach((field, index) => {
    const at = `${pointer}/schema/${index}`;
    if (!isRecord(field) || typeof field.name !== 'string' || typeof field.type !== 'string') {
      result.diagnostics.push(file.diagnostic('error', 'SOCK015', at, 'a field needs `name` and `type`'));
      return;
    }
    if (!(fieldTypes as readonly string[]).includes(field.type)) {
      result.diagnostics.push(file.diagnostic('error', 'SOCK017', `${at}/type`, `unknown field type \`${field.type}\``, `use one of ${fieldTypes.join(', ')}`));
      return;
    }
    if (fields.some((f) => f.name === field.name) || field.name === 'id') {
      result.diagnostics.push(file.diagnostic('error', 'SOCK021', `${at}/name`, field.name === 'id' ? '`id` is set by the store' : `field \`${field.name}\` is defined twice`));
      return;
    }
    fields.push({
      name: field.name,
      type: field.type as DataFieldType,
      ...(typeof field.target === 'string' ? { target: field.target } : {}),
      ...(field.filter_index === true ? { filterIndex: true } : {}),
      ...(field.order_index === true ? { orderIndex: true } : {}),
      source: { file: file.path, pointer: at },
    });
  });
  result.classes.push({ name, fields, source: { file: file.path, pointer } });
}
