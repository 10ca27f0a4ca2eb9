/**
 * `config`: `constants:` (fixed values) and `prompt:` (values the installer supplies, each with
 * type and description). The later platform wrote prompts directly as `name: {type, description,
 * required}`; both spellings are read. Scalars at the top level are constants.
 */
import type { Diagnostic } from '../../core/diagnostics.js';
import { toPointer, type SpecFile } from '../../core/spec-file.js';
import type { SocketConfigIR } from '../../ir/types.js';
import { isRecord, nearest, sortKeys } from './values.js';
import { compareText } from '../../core/order.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

const promptTypes = new Set(['string', 'integer', 'number', 'float', 'boolean']);

/** `config:` → constants and prompted values; both spellings of prompts. */
export function readConfig(file: SpecFile, raw: unknown): { config: SocketConfigIR; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const config: Mutable<SocketConfigIR> = { constants: [], prompts: [] };
  if (raw === undefined || raw === null) return { config, diagnostics };
  if (!isRecord(raw)) {
    diagnostics.push(file.diagnostic('error', 'SOCK015', '/config', '`config` must be a mapping (`constants:`, `prompt:`)'));
    return { config, diagnostics };
  }
  const addConstant = (name: string, value: unknown, pointer: string) => config.constants.push({ name, value: sortKeys(value), source: { file: file.path, pointer } });
  const addPrompt = (name: string, entry: unknown, pointer: string) => {
    const spec = isRecord(entry) ? entry : {};
    let type = typeof spec.type === 'string' ? spec.type : 'string';
    if (!promptTypes.has(type)) {
      // The platform stored any type and handed every value over as given (its own docs say `type: sting`):
      // a warning, and the value is read as a string.
      const guess = nearest(type, promptTypes);
      diagnostics.push(
        file.diagnostic('warning', 'SOCK023', `${pointer}/type`, `unknown config type \`${type}\`: the value is treated as a string`, `${guess ? `did you mean \`${guess}\`? ` : ''}use one of ${[...promptTypes].join(', ')}`),
      );
      type = 'string';
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      diagnostics.push(
        file.diagnostic('warning', 'SOCK025', pointer, `prompted config value \`${name}\` cannot be set from the environment (not a variable name)`, `rename it to \`${name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=\d)/, '_')}\`, or pass it in the socket's \`config\` option`),
      );
    config.prompts.push({
      name,
      type,
      ...(typeof spec.description === 'string' ? { description: spec.description } : {}),
      required: spec.required !== false,
      source: { file: file.path, pointer },
    });
  };
  for (const key of Object.keys(raw)) {
    const value = raw[key];
    const pointer = toPointer('config', key);
    if (key === 'constants' && isRecord(value)) for (const name of Object.keys(value)) addConstant(name, value[name], `${pointer}${toPointer(name)}`);
    else if (key === 'prompt' && isRecord(value)) for (const name of Object.keys(value)) addPrompt(name, value[name], `${pointer}${toPointer(name)}`);
    else if (key === 'prompt' && Array.isArray(value))
      value.forEach((entry, i) => (isRecord(entry) && typeof entry.name === 'string' ? addPrompt(entry.name, entry, `${pointer}/${i}`) : diagnostics.push(file.diagnostic('error', 'SOCK015', `${pointer}/${i}`, 'a prompt needs a `name`'))));
    else if (isRecord(value) && ('type' in value || 'description' in value || 'required' in value)) addPrompt(key, value, pointer);
    else addConstant(key, value, pointer);
  }
  const names = new Set<string>();
  for (const entry of [...config.constants, ...config.prompts]) {
    if (names.has(entry.name)) diagnostics.push(file.diagnostic('error', 'SOCK021', entry.source.pointer, `config value \`${entry.name}\` is defined twice`));
    names.add(entry.name);
  }
  config.constants.sort((a, b) => compareText(a.name, b.name));
  config.prompts.sort((a, b) => compareText(a.name, b.name));
  return { config, diagnostics };
}
